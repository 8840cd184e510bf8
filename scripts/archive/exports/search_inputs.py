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

    def write(self, prints: dict[str, str], make: Callable[[str], str]) -> Path:
        """The folder holding exactly the pages `prints` names (url -> fingerprint), each written
        by make(url) unless kept as it is; its path."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.fd = locked_folder(self.path, wait=True)
        recorded = self.recorded()
        now: dict[str, list] = {}
        for url, entry in files(self.path).items():
            if url not in prints:
                os.unlink(self.path / url)
            elif recorded.get(url) == [prints[url], *entry]:
                now[url] = recorded[url]
        self.unchanged = set(now)
        for url, mark in prints.items():
            if url not in now:
                path = self.path / url
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(make(url), encoding="utf-8")
                stat = path.stat()
                now[url] = [mark, stat.st_size, stat.st_mtime_ns]
        if self.record is not None:
            partial = self.record.with_suffix(f".partial-{os.getpid()}")
            partial.write_text(json.dumps(now), encoding="utf-8")
            os.rename(partial, self.record)
        return self.path

    def recorded(self) -> dict[str, list]:
        """What the last build wrote, removed from disk until this one has written its own."""
        found = taken(self.record)
        return found if isinstance(found, dict) else {}

    def release(self) -> None:
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
