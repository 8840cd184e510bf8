"""Atomic writes into docs/ (write.py's Writer, and the first page under serve: first.py): a file
staged beside its place under a hidden temporary name and renamed over it, the manifest, and
the lock that lets one build at a time write docs/."""
from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from json.encoder import encode_basestring_ascii as quoted
from pathlib import Path

from .core.problems import Problem, Problems
from .core.stopping import Stop
from .manifest import MANIFEST

LOCK_WAIT = 120  # seconds a build waits for another to finish writing docs/


def stage(path: Path, data: bytes, folders: set[Path] | None = None, early: bool = False) -> Path:
    """Write data beside path under a temporary name; return that name. `folders`: folders
    known to exist already (this build made or saw them). `early`: its writing to the disk
    started now (write.py's large pages, on a thread of their own), not by the rename."""
    if folders is None or path.parent not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(path.parent)
    # The pid keeps two builds apart; leftovers of a killed build are removed before writing.
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        try:
            os.fchmod(fd, 0o644)  # the same mode whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if early and hasattr(os, "posix_fadvise"):
                # ext4 writes a file's delayed blocks out when it is renamed over another, on the
                # renaming thread: 6 ms for archive.json (8 MB) in the commit. Started here, the
                # rename finds them on their way (2 ms). DONTNEED drops none of the pages still
                # to be written, only starts their writing.
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, data: bytes, folders: set[Path] | None = None) -> None:
    # Atomic: a reader, or a build killed at any moment, sees the old file or the new one,
    # never half. No fsync per file: it protects against power loss, not a killed process,
    # and costs seconds over thousands of pages.
    os.replace(stage(path, data, folders), path)


def write_manifest(docs: Path, inputs: str | None, files: dict[str, list[str]] | None = None,
                   rows: dict[str, str] | None = None) -> None:
    """`rows`: manifest_rows(files), when made (a build that changes a page writes the manifest
    twice, most rows the same: write.py makes them once)."""
    atomic_write(docs / MANIFEST, manifest_text(inputs, files, rows).encode())


def manifest_text(inputs: str | None, files: dict[str, list[str]] | None = None, rows: dict[str, str] | None = None) -> str:
    """json.dumps({"inputs": inputs, "files": files}, indent=0, sort_keys=True) and a newline,
    made from C-encoded strings: an indented dumps runs json's pure-Python encoder, about 12 ms
    for 3,357 files."""
    rows = manifest_rows(files) if rows is None else rows
    ordered = [rows[rel] for rel in sorted(rows)]
    files_part = "{\n" + ",\n".join(ordered) + "\n}" if ordered else "{}"
    return f'{{\n"files": {files_part},\n"inputs": {json.dumps(inputs)}\n}}\n'


def manifest_rows(files: dict[str, list[str]]) -> dict[str, str]:
    """Each file's row of the manifest's text, by its name."""
    return {rel: manifest_row(rel, hashes) for rel, hashes in files.items()}


def manifest_row(rel: str, hashes: list[str]) -> str:
    return f"{quoted(rel)}: [\n" + ",\n".join(map(quoted, hashes)) + "\n]" if hashes else f"{quoted(rel)}: []"


def guarded(docs: Path, staged: dict[str, Path], step, rel: str = MANIFEST):
    """Run a write step; if it fails, remove what was staged and report it on one line."""
    try:
        return step()
    except OSError as error:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
            prune(docs, tmp.parent)
        raise Problems([Problem(str(docs / rel), "file", f"cannot be written ({error.strerror or error})")]) from None


@contextmanager
def locked(docs: Path, wait: float = LOCK_WAIT, stop: Stop | None = None):
    """One build at a time writes docs/ (another's temp files would look like a killed
    build's leftovers): a lock on the folder itself, released when the process ends. `stop`
    set while waiting: Stopped (a new save under serve does not wait for the last one's wait)."""
    try:
        docs.mkdir(parents=True, exist_ok=True)
        fd = os.open(docs, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise Problems([Problem(str(docs), "folder", f"cannot be opened ({error.strerror})")]) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if stop is not None:
                    stop.check()
                if time.monotonic() > deadline:
                    raise Problems([Problem(str(docs), "folder", f"another archive build has been writing it for over {wait:.0f} s; let it finish (or stop it), then build again")]) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def prune(docs: Path, folder: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
