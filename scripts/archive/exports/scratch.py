"""Pagefind's working folders (the pages it reads, the index it writes, before the build takes it).

They live under the archive's own `.cache/`, not the system's /tmp: a build stopped by a kill
(under `mkdocs serve`, a new save used to kill the last one's background build) never removed
its folder, and /tmp kept them all. Each folder is locked by the build using it (the kernel lets
go of the lock however the build ends); a build making its own folder first removes those that no
build holds."""
from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "pagefind-"


def locked_folder(path: Path, wait: bool) -> int | None:
    """A descriptor holding `path`'s lock, or None when another holds it (`wait` False)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except BlockingIOError:
        os.close(fd)
        return None


class Scratch:
    """A working folder in `base` (None: the system's temporary folder, for an index made
    without an archive around it), removed by cleanup() or else by the next build's sweep."""

    def __init__(self, base: Path | None):
        self.fd: int | None = None
        if base is None:
            self.path = Path(tempfile.mkdtemp(prefix="archive-search-"))
            return
        base.mkdir(parents=True, exist_ok=True)
        guard = locked_folder(base, wait=True)  # no sweep between making a folder and locking it
        try:
            sweep(base)
            self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
            self.fd = locked_folder(self.path, wait=True)
        finally:
            os.close(guard)

    def cleanup(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def sweep(base: Path) -> list[str]:
    """Remove the working folders in `base` that no build holds (with `base` locked); their names."""
    gone = []
    for entry in sorted(base.iterdir()):
        if not entry.name.startswith(PREFIX) or not entry.is_dir() or entry.is_symlink():
            continue
        fd = locked_folder(entry, wait=False)
        if fd is not None:
            shutil.rmtree(entry, ignore_errors=True)
            os.close(fd)
            gone.append(entry.name)
    return gone
