"""Pagefind's input pages, kept between builds: each shard's folder of pages (search_pages.py)
stays under the archive's .cache/, with a record of what was written there, so that indexing a
shard again after one changed record writes that record's page only. Making and writing every
page of the shard again cost about 0.1 CPU s at 1,005 articles (130 pages) and, made in a thread
beside the rendering, started Pagefind about 0.2 s late.

Pagefind reads nothing but the folder's pages, so its output is the same for the same files:
a kept page is trusted only when the record names it with the fingerprint of what it was made
from (search.Indexing's) and the size and modification time it has now; any other page is
written again, any page not of the shard removed, and the record is removed while the folder
is changed (a build stopped meanwhile leaves none, and the next writes every page)."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

from .scratch import locked_folder

NAME = "search-pages"  # beside search_cache.CACHE
FOLDER = Path(".cache/archive") / NAME  # under the archive's root (gitignored)


class Inputs:
    """Shard n's pages in `base`/site-n (None: a folder of `scratch`'s, written whole), locked
    from write() until release(): the pages are not changed while Pagefind reads them."""

    def __init__(self, base: Path | None, scratch: Path, n: int):
        self.path = (base or scratch) / f"site-{n}"
        self.record = self.path.with_suffix(".json") if base is not None else None
        self.fd: int | None = None
        self.unchanged: set[str] = set()  # the pages write() found as the last build wrote them
        # expect() (search_ahead.py): the pages left as recorded, and those made named pipes,
        # each with its fingerprint and bytes once sent; both written down by settle().
        self.kept: dict[str, list] | None = None
        self.pipes: dict[str, tuple[str, bytes] | None] = {}

    def write(self, prints: dict[str, str], make: Callable[[str], str]) -> Path:
        """The folder holding exactly the pages `prints` names (url -> fingerprint), each written
        by make(url) unless kept as it is; its path."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.fd = locked_folder(self.path, wait=True)
        recorded = self.recorded()
        now: dict[str, list] = {}
        for url, entry in files(self.path).items():
            if url in prints and recorded.get(url) == [prints[url], *entry]:
                now[url] = recorded[url]
            else:  # not written over: it may be a pipe a stopped build left (search_ahead.py)
                os.unlink(self.path / url)
        self.unchanged = set(now)
        for url, mark in prints.items():
            if url not in now:
                path = self.path / url
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(make(url), encoding="utf-8")
                stat = path.stat()
                now[url] = [mark, stat.st_size, stat.st_mtime_ns]
        self.write_record(now)
        return self.path

    def expect(self, urls: set[str]) -> bool:
        """Before the build knows the pages (search_ahead.py): the folder left as the last build
        recorded it, but each page of `urls` made a named pipe, for Pagefind to read once sent.
        False, and nothing changed, when the folder is not as recorded or lacks one of `urls`."""
        if self.record is None or not self.path.is_dir():
            return False
        self.fd = locked_folder(self.path, wait=True)
        try:
            recorded = json.loads(self.record.read_bytes())
        except (OSError, ValueError):
            return False
        listed = files(self.path)
        if not (isinstance(recorded, dict) and urls <= set(recorded) and set(listed) == set(recorded)
                and all(isinstance(entry, list) and entry[1:] == listed[url] for url, entry in recorded.items())):
            return False
        self.record.unlink()  # the folder is changed: no record until settle()
        self.kept = {url: entry for url, entry in recorded.items() if url not in urls}
        for url in sorted(urls):
            self.pipes[url] = None
            os.unlink(self.path / url)
            os.mkfifo(self.path / url)
        return True

    def matches(self, prints: dict[str, str]) -> bool:
        """Whether write(prints, ...) would keep every page expect() left and write only its pipes."""
        return self.kept is not None and set(prints) == {*self.kept, *self.pipes} and all(
            self.kept[url][0] == prints[url] for url in self.kept)

    def settle(self) -> None:
        """After expect(): each pipe a regular file of the page sent into it (removed when none
        was), and the folder recorded again."""
        if self.kept is None:
            return
        now, self.kept = self.kept, None
        for url, sent in self.pipes.items():
            path = self.path / url
            if sent is None:
                path.unlink(missing_ok=True)
                continue
            partial = path.with_name(f"{path.name}.partial-{os.getpid()}")
            partial.write_bytes(sent[1])
            os.replace(partial, path)
            stat = path.stat()
            now[url] = [sent[0], stat.st_size, stat.st_mtime_ns]
        self.pipes = {}
        self.write_record(now)

    def write_record(self, now: dict[str, list]) -> None:
        if self.record is not None:
            partial = self.record.with_suffix(f".partial-{os.getpid()}")
            partial.write_text(json.dumps(now), encoding="utf-8")
            os.rename(partial, self.record)

    def recorded(self) -> dict[str, list]:
        """What the last build wrote, removed from disk until this one has written its own."""
        found = taken(self.record)
        return found if isinstance(found, dict) else {}

    def release(self) -> None:
        self.settle()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def files(folder: Path) -> dict[str, list[int]]:
    """Every file under `folder`: its path there -> [size, modification time in ns]. (Paths as
    strings: pathlib's objects cost about 20 µs a file, more than the stat.)"""
    found, pending = {}, [(str(folder), "")]
    while pending:
        at, rel = pending.pop()
        with os.scandir(at) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{rel}{entry.name}/"))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    found[f"{rel}{entry.name}"] = [stat.st_size, stat.st_mtime_ns]
    return found


def taken(record: Path | None):
    """A kept folder's record (JSON) as the last build left it, removed from disk until this
    build has written its own (a build cut short leaves none, and the folder is not trusted);
    None when there is none or it does not parse."""
    if record is None:
        return None
    try:
        found = json.loads(record.read_bytes())
        record.unlink()
    except (OSError, ValueError):
        return None
    return found
