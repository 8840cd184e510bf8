"""The changed pages' named pipes (search_ahead.py): held open for writing by the build from
before Pagefind starts, each filled with its page once the build has it (fill()); a process
forked meanwhile closes its copies."""
from __future__ import annotations

import errno
import fcntl
import os
import struct
import subprocess
import termios
import time
from pathlib import Path

OPEN_WAIT = 10.0  # seconds Pagefind may take to open a pipe before the guess is given up


HELD: set[int] = set()  # the pipes' descriptors: a process forked meanwhile (citation_pool.py) closes its copies


def forked() -> None:
    """In a forked child: its copies closed, so that Pagefind's reading ends with the build's."""
    for fd in HELD:
        os.close(fd)
    HELD.clear()


os.register_at_fork(after_in_child=forked)


def shut(pipes: dict[str, int]) -> None:
    for fd in pipes.values():
        HELD.discard(fd)
        os.close(fd)
    pipes.clear()


def fill(fd: int, pipe: Path, page: bytes, process: subprocess.Popen) -> None:
    """Write `page` into its pipe and close it once Pagefind has it open: closed before, the
    page would be lost with the pipe. (Pagefind opens every page as it starts, so it has: its
    descriptors say so. Where they cannot be read, the page is closed once Pagefind has read it.)"""
    try:
        os.set_blocking(fd, True)  # Pagefind empties it as it reads; a page may be more than its buffer
        view = memoryview(page)
        while view:
            view = view[os.write(fd, view):]
        waited = time.monotonic()
        while unread(fd) and not opened(process.pid, os.path.realpath(pipe)):
            if process.poll() is not None or time.monotonic() - waited > OPEN_WAIT:
                raise OSError(errno.EPIPE, "Pagefind did not read the page")
            time.sleep(0.0005)
    finally:
        HELD.discard(fd)
        os.close(fd)


def opened(pid: int, path: str) -> bool:
    """Whether process `pid` has the file at `path` open (Linux's /proc; False elsewhere)."""
    try:
        names = os.listdir(folder := f"/proc/{pid}/fd")
    except OSError:
        return False
    for name in names:
        try:
            if os.readlink(f"{folder}/{name}") == path:
                return True
        except OSError:
            continue
    return False


def unread(fd: int) -> int:
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
