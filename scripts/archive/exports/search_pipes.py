"""The changed pages' named pipes (search_ahead.py): held open for writing by the build from
before Pagefind starts, each filled with its page once the build has it (fill()), without the
build's thread waiting for Pagefind; a process forked meanwhile closes its copies."""
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
    """Give `page` to Pagefind without waiting for it. Pagefind opens a shard's pages one after
    another as it parses them, the changed page maybe after the build has it ready (20-30 ms
    after, with the build's thread waiting, in builds at load 3). So the page goes into its pipe,
    for a Pagefind that has the pipe open, and a regular file of the same bytes takes the pipe's
    place, for one that opens it later; the pipe is then closed, and a Pagefind reading it reads
    the page and its end. A page larger than the pipe can hold waits for Pagefind to read it."""
    try:
        view = memoryview(page)
        grow(fd, len(page))
        try:
            while view:
                view = view[os.write(fd, view):]
        except BlockingIOError:
            pass
        if not view:  # all of it in the pipe: also a file in its place, and nothing to wait for
            partial = pipe.with_name(f"{pipe.name}.partial-{os.getpid()}")
            partial.write_bytes(page)
            os.replace(partial, pipe)
            return
        # Left in the pipe once Pagefind has it open (closed before, the page would be lost
        # with the pipe); where its descriptors cannot be read, once Pagefind has read it.
        os.set_blocking(fd, True)  # Pagefind empties it as it reads
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


def grow(fd: int, size: int) -> None:
    """The pipe made to hold `size` bytes where the system lets it (Linux: 1 MB unprivileged)."""
    try:
        if size > fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ):
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, size)
    except (AttributeError, OSError):  # not Linux, or more than the system allows
        pass


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
