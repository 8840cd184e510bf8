"""Each shard's Pagefind output kept in the build's own cache folder (gitignored), by a key made
of the exact pages it was made from, Pagefind's version and its settings: a build indexes only
the shards whose pages changed (search.Indexing), and an undo finds the shard as it was."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core.problems import Problem, Problems
from .search_binary import SETTINGS, version
from .search_shards import fingerprint

# Cached outputs other than this build's kept for a build that goes back (an undo).
SPARE_ENTRIES = 16
CACHE = Path(".cache/archive/search")  # under the archive's root (gitignored)
ENTRY = b"archive-search 3"  # the first line of a cache entry (2: without the files' hashes; 1: a folder of files)


@dataclass(frozen=True)
class Cache:
    """Shard outputs by key, in a folder of the build's own (gitignored); `root` None: none.
    An entry is one file (a shard's output is about 130 files at 1,005 articles: read, hashed
    and, when pruned, deleted one by one they cost more than Pagefind's run on one shard): a
    version line, a line of the files' names, sizes and SHA-256s with their fingerprint
    (search_shards.fingerprint) and the SHA-256 of the rest, then the files' bytes one after
    another. A shard made before is known by that line alone (head()): the writer compares its
    files' hashes with what docs/ holds and reads the bytes only where docs/ differs (File)."""
    root: Path | None

    @staticmethod
    def key(binary: str, unused: str, prints: dict[str, str], memo: Path | None = None) -> str:
        """`prints`: each page's address -> a fingerprint of what it is made of (its bytes'
        hash, or what search.Indexing makes it from). `memo`: version()'s."""
        digest = hashlib.sha256(json.dumps([version(binary, memo), SETTINGS, unused]).encode())
        for url in sorted(prints):
            digest.update(url.encode() + b"\0" + prints[url].encode() + b"\0")
        return digest.hexdigest()

    def has(self, key: str) -> bool:
        """Whether there is an entry (whole or not: get() says)."""
        return self.root is not None and (self.root / key).is_file()

    def get(self, key: str) -> dict[str, bytes] | None:
        """The files of an entry, or None when there is none or it is not whole (cut short or
        changed: the shard is then indexed again)."""
        if self.root is None:
            return None
        entry = self.root / key
        try:
            head, listed, data = entry.read_bytes().split(b"\n", 2)
            listed = json.loads(listed)
            if head != ENTRY or hashlib.sha256(data).hexdigest() != listed["sha256"]:
                return None
            files, at = {}, 0
            for rel, size, _ in listed["files"]:
                files[rel], at = data[at:at + size], at + size
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if at != len(data):
            return None
        os.utime(entry)  # recently used: kept by prune()
        return files

    def head(self, key: str) -> dict | None:
        """An entry's files, each [name, size, SHA-256], and their `fingerprint`, its bytes not
        read (nor checked: File reads them, where they are needed); None when there is none or
        its head does not parse."""
        if self.root is None:
            return None
        entry = self.root / key
        try:
            with open(entry, "rb") as f:
                if f.readline() != ENTRY + b"\n":
                    return None
                listed = json.loads(f.readline())
            if not (isinstance(listed["fingerprint"], str) and all(len(x) == 3 for x in listed["files"])):
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        os.utime(entry)  # recently used: kept by prune()
        return listed

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Write an entry whole or not at all (renamed into place)."""
        if self.root is None:
            return
        partial = self.root / f"{key}.partial-{os.getpid()}"
        data = b"".join(files.values())
        listed = {"files": [[rel, len(content), hashlib.sha256(content).hexdigest()] for rel, content in files.items()],
                  "fingerprint": fingerprint(files), "sha256": hashlib.sha256(data).hexdigest()}
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(ENTRY + b"\n" + json.dumps(listed).encode() + b"\n" + data)
            os.rename(partial, self.root / key)
        except OSError:  # the disk refused: no entry
            partial.unlink(missing_ok=True)

    def prune(self, used: set[str]) -> None:
        """Remove entries this build did not use, but for the SPARE_ENTRIES used last."""
        if self.root is None or not self.root.is_dir():
            return
        def used_at(entry: Path) -> float:
            try:
                return entry.stat().st_mtime
            except OSError:  # removed meanwhile by another build
                return 0.0
        others = sorted((p for p in self.root.iterdir() if p.name not in used and ".partial-" not in p.name),
                        key=used_at, reverse=True)
        for partial in self.root.glob("*.partial-*"):
            if not running(partial.name.rpartition("-")[2]):  # its build ended before renaming it
                partial.unlink(missing_ok=True)
        for entry in others[SPARE_ENTRIES:]:
            if entry.is_dir():  # an entry of version 1
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


@dataclass(frozen=True)
class File:
    """One file of an entry, read when called (keys.Unchanged's make: docs/ no longer holds it).
    An entry found damaged then is removed, and the build refused: the next indexes the shard
    again. (A plain object, not a closure: a forked driver pickles it, pages/apart.py.)"""
    cache: Cache
    key: str
    rel: str

    def __call__(self) -> bytes:
        files = self.cache.get(self.key)
        if files is None or self.rel not in files:
            entry = self.cache.root / self.key
            entry.unlink(missing_ok=True)
            raise Problems([Problem(str(entry), "search cache", "is damaged (removed now): run archive build again")])
        return files[self.rel]


def running(pid: str) -> bool:
    """Whether process `pid` (a number, as text) is running here."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # another user's
        return True
    return True
