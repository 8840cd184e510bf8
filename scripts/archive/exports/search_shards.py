"""The search index in shards, and each shard's Pagefind output kept on disk.

Pagefind holds a whole index in memory while it writes it (1.9 to 2.2 GB for 5,000 synthetic
articles in one index, 430 MB for 1,000) and takes time in proportion to the pages it reads.
So the pages are indexed in shards, one Pagefind each, and the search page merges them
(Pagefind's mergeIndex, docs/assets/javascripts/search.js). Which shard a page is in depends
on the page alone (its address) and on a shard count that changes only when the number of
articles crosses a power of two times SHARD_ARTICLES: an edit changes one shard's pages.

Pagefind's output is a function of its input: the same pages give the same bytes (checked,
tests/test_search_shards.py). So each shard's output is kept under a key made of the exact
bytes of its pages, Pagefind's version and its settings; a build indexes only the shards
whose pages changed, and its index is byte for byte the one a build from scratch makes.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FOLDER = "pagefind"
SHARDS_FILE = "archive-shards.json"  # under FOLDER: the other shards' folders, for search.js
KEYS_FILE = "archive-keys.json"  # under FOLDER: each shard's key and files' fingerprint (Committed)
OTHER_SHARD = re.compile(r"shard-\d+")  # the other shards' folders, in shard 0's
# About this many articles a shard or fewer (a hash spreads them unevenly: the largest of the
# 8 shards of 1,005 articles held 153): the size that keeps one shard's re-indexing short for the
# editor and the number of shards a reader's query fetches small (scripts/bench.py --search
# measures both).
SHARD_ARTICLES = 250
# Pagefind's settings, part of every shard's key.
SETTINGS = ("--force-language", "en", "--keep-index-url", "--quiet")
# Cached outputs other than this build's kept for a build that goes back (an undo).
SPARE_ENTRIES = 16
CACHE = Path(".cache/archive/search")  # under the archive's root (gitignored)
ENTRY = b"archive-search 2"  # the first line of a cache entry (1: a folder of files)


def article_shards(articles: int) -> int:
    """The number of shards: a power of two, so that it changes rarely."""
    count = 1
    while count * SHARD_ARTICLES < articles:
        count *= 2
    return count


def split(pages: dict[str, str]) -> list[dict[str, str]]:
    """The articles by a hash of their address; the pages about vocabulary entries with shard
    0's articles, in the index's own folder (so that an archive of one shard is one bundle, as
    a reader's query fetches each bundle's engine)."""
    articles = [url for url in pages if url.startswith("articles/")]
    count = article_shards(len(articles))
    out: list[dict[str, str]] = [{} for _ in range(count)]
    for url, content in pages.items():
        n = int.from_bytes(hashlib.sha256(url.encode()).digest()[:8], "big") % count if url.startswith("articles/") else 0
        out[n][url] = content
    return out


def folder(n: int) -> str:
    return FOLDER if n == 0 else f"{FOLDER}/shard-{n}"


def executable() -> str | None:
    """Pagefind's binary, looked for where `pagefind.service.get_executable` looks (its
    variable, its binary packages, the PATH), without importing those modules: pagefind's
    imports asyncio, about 0.06 s of every build's start, and the binary packages' logging and
    platform, about 7 ms. A binary package holds the binary beside its __init__.py."""
    if found := os.getenv("PAGEFIND_BINARY_PATH"):
        return found
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        for folder in (spec and spec.submodule_search_locations) or ():
            for name in ("pagefind_extended", "pagefind"):
                if os.path.isfile(path := os.path.join(folder, name)):
                    return path
    return shutil.which("pagefind_extended") or shutil.which("pagefind")


@functools.cache
def version(binary: str, memo: Path | None = None) -> str:
    """Pagefind's own answer to --version (the binary, not the Python package, writes the index),
    kept in `memo` (a file; None: none) by the binary's size and modification time: asked, it
    starts a process before the build's Pagefind can start, 3 ms idle and 20 ms under load."""
    try:
        stat = os.stat(binary)
        mark = [binary, stat.st_size, stat.st_mtime_ns]
    except OSError:
        mark = None
    if memo is not None and mark is not None:
        try:
            found = json.loads(memo.read_bytes())
            if found["binary"] == mark and isinstance(found["version"], str):
                return found["version"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    answer = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    if memo is not None and mark is not None and answer:
        partial = memo.with_name(f"{memo.name}.partial-{os.getpid()}")
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps({"binary": mark, "version": answer}), encoding="utf-8")
            os.rename(partial, memo)
        except OSError:  # not kept: asked again next time
            partial.unlink(missing_ok=True)
    return answer


@dataclass(frozen=True)
class Cache:
    """Shard outputs by key, in a folder of the build's own (gitignored); `root` None: none.
    An entry is one file (a shard's output is about 130 files at 1,005 articles: read, hashed
    and, when pruned, deleted one by one they cost more than Pagefind's run on one shard): a
    version line, a line of the files' names and sizes with the SHA-256 of the rest, then the
    files' bytes one after another."""
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
            for rel, size in listed["files"]:
                files[rel], at = data[at:at + size], at + size
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if at != len(data):
            return None
        os.utime(entry)  # recently used: kept by prune()
        return files

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Write an entry whole or not at all (renamed into place)."""
        if self.root is None:
            return
        partial = self.root / f"{key}.partial-{os.getpid()}"
        data = b"".join(files.values())
        listed = {"files": [[rel, len(content)] for rel, content in files.items()],
                  "sha256": hashlib.sha256(data).hexdigest()}
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


def fingerprint(files: dict[str, bytes]) -> str:
    """One hash of a shard's files, names and bytes."""
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(f"{rel}\0{len(files[rel])}\0".encode() + files[rel])
    return digest.hexdigest()


def keys_file(keys: dict[int, str], found: dict[int, dict[str, bytes]]) -> bytes:
    """KEYS_FILE: shard -> [its key, its files' fingerprint]."""
    return json.dumps({str(n): [keys[n], fingerprint(files)] for n, files in sorted(found.items())}, indent=0).encode()


@dataclass(frozen=True)
class Committed:
    """The shards docs/ holds (`docs`; None: none), each taken for the key KEYS_FILE records
    when its files are still those it records. A fresh clone has no cache but the committed
    index: without these, `archive build --force` there ran Pagefind on every shard (about 3 CPU s
    at 1,005 articles) to make the bytes docs/ already held."""
    docs: Path | None

    @functools.cached_property
    def recorded(self) -> dict:
        try:
            found = json.loads((self.docs / FOLDER / KEYS_FILE).read_bytes())
        except (OSError, TypeError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def has(self, n: int, key: str) -> bool:
        """Whether docs/ records shard n as made with `key` (its files checked by get())."""
        entry = self.recorded.get(str(n)) if self.docs is not None else None
        return isinstance(entry, list) and len(entry) == 2 and entry[0] == key

    def get(self, n: int, key: str) -> dict[str, bytes] | None:
        """Shard n's files as docs/ holds them, if made with `key` and all there, none added."""
        if not self.has(n, key):
            return None
        entry, base, files = self.recorded[str(n)], self.docs / folder(n), {}
        try:
            for at, folders, names in os.walk(base):
                if n == 0 and at == str(base):
                    folders[:] = [f for f in folders if not OTHER_SHARD.fullmatch(f)]
                    names = [name for name in names if name not in (SHARDS_FILE, KEYS_FILE)]
                for name in names:
                    path = Path(at, name)
                    files[path.relative_to(base).as_posix()] = path.read_bytes()
        except OSError:
            return None
        return files if fingerprint(files) == entry[1] else None


def running(pid: str) -> bool:
    """Whether process `pid` (a number, as text) is running here."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # another user's
        return True
    return True
