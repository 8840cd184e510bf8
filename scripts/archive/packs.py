"""The build cache's entries of one kind, packed into a few files (cache.py decides what an entry
holds and whether it is ours; this module only stores bytes under names).

A cold build at 1,005 articles wrote 3,171 entries as as many files: an open, a write and a
close each, about 0.8 CPU s and more on a busy disk. Now each process appends the entries it
makes to one pack per kind, `<pid>-<time>.pack`: a run of entries, each a header line
`<name> <length>\\n` and its bytes. The names are found by reading the headers (a pread each,
not the entries). A pack cut short (a killed build) ends at its last whole entry. keep()
removes what no build uses any more, so the folder does not grow with every edit.
"""
from __future__ import annotations

import os
import time
import weakref
from pathlib import Path

from .core import forked

SUFFIX = ".pack"
LIST = ".list"  # beside each pack: lister()
HEADER = 64  # bytes read for an entry's header (a 40-character name, a space, a length, a newline)
MOST = 16  # packs of a kind before keep() gathers the smaller ones into one
LISTED = 64  # a pack's list lines written at once (lister())


class Packs:
    """The packs of one kind: a folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.found: dict[str, tuple[Path, int, int]] | None = None  # name -> (pack, offset, length)
        self.indexed: set[Path] = set()  # the packs whose entries are in `found`
        self.readers: dict[Path, int] = {}  # open descriptors of the packs read
        self.pack: Path | None = None  # this process's, opened at its first entry
        self.fd, self.size, self.pid = -1, 0, 0
        self.list_fd = -1  # the pack's list (lister())
        self.unlisted: list[bytes] = []  # its lines not written yet

    def index(self) -> dict[str, tuple[Path, int, int]]:
        if self.found is None:
            self.found, self.indexed = {}, set()
            self.index_new()
        return self.found

    def index_new(self) -> None:
        """Index the packs not indexed yet: only this process's and a forked process's packs
        grow or appear while a build runs (it holds the lock), and this process indexes its
        own entries as it writes them."""
        try:
            packs = sorted((p for p in self.folder.glob(f"*{SUFFIX}") if p not in self.indexed), key=lambda p: p.stat().st_mtime_ns)
        except OSError:
            packs = []
        for pack in packs:  # the newest last: an entry written twice is read where it was last written
            self.indexed.add(pack)
            for name, offset, length in listed(pack):
                self.found[name] = (pack, offset, length)

    def get(self, name: str) -> bytes | None:
        where = self.index().get(name)
        if where is None:
            return None
        pack, offset, length = where
        try:
            if pack not in self.readers:
                self.readers[pack] = os.open(pack, os.O_RDONLY)
            data = os.pread(self.readers[pack], length, offset)
        except OSError:
            return None
        return data if len(data) == length else None

    def put(self, name: str, data: bytes) -> None:
        """Append an entry to this process's pack (a forked process makes its own)."""
        if self.pid != os.getpid():
            self.folder.mkdir(parents=True, exist_ok=True)
            self.pid = os.getpid()
            self.pack = self.folder / f"{self.pid}-{time.time_ns()}{SUFFIX}"
            self.fd, self.size = os.open(self.pack, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644), 0
            self.list_fd = os.open(lister(self.pack), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            self.unlisted = []
            WRITING.add(self)
        head = f"{name} {len(data)}\n".encode()
        written = os.write(self.fd, head + data)
        if written != len(head) + len(data):
            raise OSError("short write")
        self.unlisted.append(f"{name} {self.size + len(head)} {len(data)}\n".encode())  # after the entry: never ahead of it
        if len(self.unlisted) >= LISTED:
            self.list_out()
        if self.found is not None:
            self.found[name] = (self.pack, self.size + len(head), len(data))
        self.size += written

    def keep(self, used: set[str]) -> None:
        """Remove the packs none of whose entries are used; the used entries of a pack that is
        mostly unused, and of every pack but the largest when there are more than MOST, are
        moved into this process's pack first."""
        if self.found is not None:  # the packs another process (a forked reader) added since
            self.index_new()
        index = self.index()
        held: dict[Path, list[str]] = {}
        for name in used:
            if name in index:
                held.setdefault(index[name][0], []).append(name)
        sizes = {}
        for pack in set(p for p, _, _ in index.values()) | set(self.folder.glob(f"*{SUFFIX}")):
            try:
                sizes[pack] = pack.stat().st_size
            except OSError:
                continue
        moving = [p for p in sizes if p != self.pack and sum(index[n][2] for n in held.get(p, ())) * 2 < sizes[p]]
        left = sorted((p for p in sizes if p not in moving), key=lambda p: sizes[p])
        if len(left) > MOST:
            moving += [p for p in left[:-1] if p != self.pack]
        for pack in moving:
            for name in held.get(pack, ()):
                if (data := self.get(name)) is not None:
                    self.put(name, data)
            try:
                pack.unlink()
                lister(pack).unlink(missing_ok=True)
            except OSError:
                pass
        for entry in self.folder.iterdir() if self.folder.is_dir() else ():
            if entry.suffix != SUFFIX and not (entry.suffix == LIST and entry.with_suffix("").exists()):  # an older cache's, a file apart
                try:
                    entry.unlink()
                except OSError:
                    pass
        self.close()

    def __del__(self) -> None:  # a build that failed never reached keep()
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at the interpreter's exit `os` may be gone; the descriptors go with it
            pass

    def list_out(self) -> None:
        """Write the list's lines not written yet."""
        lines, self.unlisted = b"".join(self.unlisted), []
        if lines:
            os.write(self.list_fd, lines)

    def close(self) -> None:
        if self.pid == os.getpid():
            try:
                self.list_out()
            except OSError:
                pass  # the entries not listed are found by their headers
        for fd in [*self.readers.values(), *([self.fd, self.list_fd] if self.pid == os.getpid() else [])]:
            try:
                os.close(fd)
            except OSError:
                pass
        self.readers, self.fd, self.pid, self.found = {}, -1, 0, None


WRITING: "weakref.WeakSet[Packs]" = weakref.WeakSet()  # packs a process has written to: lists_out()


def lists_out() -> None:
    """Write the list lines this process's packs hold back: before a forked process ends
    (core/forked.py), as os._exit closes no pack (and `close()` leaves a pack of the parent's to
    it). A line not written costs the next build a read of the entry's header."""
    for owned in [p for p in WRITING if p.pid == os.getpid()]:
        owned.list_out()


forked.BEFORE_EXIT.append(lists_out)


def lister(pack: Path) -> Path:
    """The pack's list: a line `<name> <offset> <length>` for each entry, written after the entry
    (LISTED lines at a time, and the rest when the pack is closed), so that indexing a pack is one
    read, not a pread for each entry's header (2,019 for a one-record build's article pages at
    1,005 articles; 0.011 CPU s for all its kinds). A line a write for each cost as many system
    calls again as the entries (3,366 in a fresh clone's full render at 1,005 articles). The
    entries a list does not name yet (a process that ended without closing its packs, as a
    forked one does) are found by their headers after the last it names."""
    return pack.with_name(pack.name + LIST)


def listed(pack: Path):
    """(name, offset, length) of each whole entry of a pack: from its list as far as the list
    goes and the pack holds the entries it names, then from the headers."""
    try:
        size, lines = pack.stat().st_size, lister(pack).read_bytes().split(b"\n")[:-1]  # a line cut short is not taken
    except OSError:
        size, lines = 0, []
    offset = 0
    for line in lines:
        parts = line.split(b" ")
        if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit() or int(parts[1]) + int(parts[2]) > size:
            break
        name, start, length = parts[0].decode("ascii", "replace"), int(parts[1]), int(parts[2])
        yield name, start, length
        offset = start + length
    yield from headers(pack, offset)


def headers(pack: Path, offset: int = 0):
    """(name, offset, length) of each whole entry of a pack, from the one at `offset`."""
    try:
        fd = os.open(pack, os.O_RDONLY)
    except OSError:
        return
    try:
        size = os.fstat(fd).st_size
        while offset < size:
            head = os.pread(fd, HEADER, offset)
            line, newline, _ = head.partition(b"\n")
            name, _, length = line.partition(b" ")
            if not newline or not length.isdigit():
                return
            start = offset + len(line) + 1
            if start + int(length) > size:
                return
            yield name.decode("ascii", "replace"), start, int(length)
            offset = start + int(length)
    finally:
        os.close(fd)
