"""The sources as files: only regular files and real folders are read.

A symbolic link could publish any file on the machine (its target is read and put on a page),
a named pipe blocks the reader forever, a device never ends: each is reported, never opened.
"""
from __future__ import annotations

import errno
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

# No source is read past this size: articles have a budget of their own (extraction.max_bytes,
# 2 MB; it may not exceed this) and YAML files one of 1 MB. A larger file is refused unread.
CEILING = 16 << 20

KINDS = {stat.S_IFLNK: "is a symbolic link", stat.S_IFIFO: "is a named pipe", stat.S_IFSOCK: "is a socket",
         stat.S_IFCHR: "is a device", stat.S_IFBLK: "is a device"}


@dataclass(frozen=True)
class Tree:
    """Every regular file under a folder, read once, in a stable order; the folders; and
    whatever else was there (path, what it is), never opened."""
    files: dict[Path, bytes] = field(default_factory=dict)
    oversized: dict[Path, int] = field(default_factory=dict)  # regular files over CEILING: their size, unread
    folders: tuple[Path, ...] = ()
    others: tuple[tuple[Path, str], ...] = ()


def read_bytes(path: str | Path) -> bytes:
    """A generated file's bytes in the fewest system calls (open, stat, read, close): on a
    virtual machine each call is dear, and a build of thousands of articles makes tens of
    thousands of them. Whole, whatever its size: the sources' ceiling is not the outputs'
    (the dataset passes 16 MB near 5,000 articles)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        return read_all(fd, max(CEILING, size), size)
    finally:
        os.close(fd)


class Oversized(OSError):
    """A file larger than the reader's limit, found by its size before a byte was read."""

    def __init__(self, size: int):
        super().__init__(0, f"is {size:,} bytes")
        self.size = size


def read_all(fd: int, limit: int = CEILING, size: int | None = None) -> bytes:
    """At most limit + 1 bytes: one more than allowed tells a file that grew past its stat.
    `size`: the file's by its stat. Then the first read asks for that and one byte more (its
    end seen in one call, mostly): a read of the largest chunk allocated a megabyte and gave it
    back, for each of the thousands of files a build reads."""
    if size is not None and size < min(limit, 1 << 20):
        first = os.read(fd, size + 1)
        if len(first) == size:  # read whole: a regular file gives less than asked only at its end
            return first
        rest = read_all(fd, limit - len(first)) if first else b""
        return first + rest
    chunks, left = [], limit + 1
    while left > 0 and (chunk := os.read(fd, min(1 << 20, left))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_regular(path: str, limit: int = CEILING) -> bytes | str:
    """A regular file's bytes, or what the path is instead (it may have changed since it was
    listed): O_NOFOLLOW refuses a link, O_NONBLOCK keeps a pipe from blocking the open.
    A file over `limit` bytes raises Oversized, unread."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        return what(path) if error.errno == errno.ELOOP else f"cannot be read ({error.strerror})"
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return KINDS.get(stat.S_IFMT(status.st_mode), "is not a regular file")
        data = read_all(fd, limit, status.st_size) if status.st_size <= limit else b""
        if status.st_size > limit or len(data) > limit:
            raise Oversized(max(status.st_size, len(data)))
        return data
    except Oversized:
        raise
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    finally:
        os.close(fd)


def what(path: str) -> str:
    try:
        return KINDS.get(stat.S_IFMT(os.lstat(path).st_mode), "is not a regular file")
    except OSError as error:
        return f"cannot be read ({error.strerror})"


def snapshot(folder: Path, skip: str = "__pycache__", known: "Rescan | None" = None) -> Tree:
    """`known`: what a snapshot before read (Rescan), whose unchanged files are not read again."""
    files: dict[Path, bytes] = {}
    oversized: dict[Path, int] = {}
    folders: list[Path] = []
    others: list[tuple[Path, str]] = []

    def walk(path: str) -> None:
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != skip:
                        folders.append(Path(entry.path))
                        walk(entry.path)
                    continue
                regular = entry.is_file(follow_symlinks=False)
                try:
                    if regular and known is not None:
                        name, data = known.read(entry.path)
                    else:
                        name, data = Path(entry.path), read_regular(entry.path) if regular else what(entry.path)
                except Oversized as error:
                    oversized[Path(entry.path)] = error.size
                    continue
                if isinstance(data, bytes):
                    files[name] = data
                else:
                    others.append((name, data))
    if folder.is_dir() and not folder.is_symlink():
        walk(str(folder))
    return Tree(files, oversized, tuple(folders), tuple(others))


# A file changed in the same tick of the file system's clock as its status was taken keeps its
# times: a status taken less than this after a file's change is not trusted (as git does).
# Every status check of the normaliser's uses it (Rescan, keys, cache, listing).
RACY_NS = 100_000_000


class Rescan:
    """A folder's snapshot taken again and again (the warm normaliser's, at every save): a
    regular file whose status (inode, size, modification and change times) is the one it had
    just before it was last read is not read again, and keeps its bytes and its Path. A file
    changed within RACY_NS of a snapshot is read again at the next one (as git does): a change
    in the same tick of the file system's clock would leave its times as they were."""

    RACY_NS = RACY_NS

    def __init__(self):
        self.before: dict[str, tuple[tuple, Path, bytes]] = {}  # path -> (status, Path, bytes)
        self.now: dict[str, tuple[tuple, Path, bytes]] = {}
        self.started = 0

    def __call__(self, folder: Path) -> Tree:
        self.now, self.started = {}, time.time_ns()
        tree = snapshot(folder, known=self)
        self.before = self.now
        return tree

    def read(self, path: str) -> tuple[Path, bytes | str]:
        """The file's Path and bytes (or what it is instead): those of the last snapshot when
        its status is unchanged. The status is taken before the bytes are read, so that a file
        changed in between is read again next time, never taken for unchanged."""
        try:
            s = os.lstat(path)
            status = (s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
        except OSError:
            status = None
        known = self.before.get(path)
        if known is not None and known[0] == status:
            self.now[path] = known
            return known[1], known[2]
        data = read_regular(path)
        name = Path(path)
        if isinstance(data, bytes) and status is not None and status[3] < self.started - self.RACY_NS:
            self.now[path] = (status, name, data)
        return name, data


def statuses(folder: Path, skip: str = "__pycache__") -> dict[str, list] | None:
    """Every regular file under `folder` by its name under it: [inode, size, modification and
    change times in ns]; every folder by its name and a slash: None. None in place of the
    whole when anything else is there (a link, a pipe): such a tree is always read. Names as
    text, unsorted and unread: a Path or a read each, for ten thousand files, cost more than
    the check they serve (keys.seen_digests)."""
    found: dict[str, list | None] = {}
    cut = len(str(folder)) + 1

    def walk(path: str) -> bool:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != skip:
                        found[entry.path[cut:] + "/"] = None
                        if not walk(entry.path):
                            return False
                elif entry.is_file(follow_symlinks=False):
                    s = entry.stat(follow_symlinks=False)
                    found[entry.path[cut:]] = [s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns]
                else:
                    return False
        return True
    try:
        return found if folder.is_dir() and not folder.is_symlink() and walk(str(folder)) else None
    except OSError:
        return None
