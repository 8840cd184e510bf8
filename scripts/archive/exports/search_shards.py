"""The search index in shards, and the shards docs/ holds (Committed).

Pagefind holds a whole index in memory while it writes it (1.9 to 2.2 GB for 5,000 synthetic
articles in one index, 430 MB for 1,000) and takes time in proportion to the pages it reads.
So the pages are indexed in shards, one Pagefind each, and the search page merges them
(Pagefind's mergeIndex, docs/assets/javascripts/search.js). Which shard a page is in depends
on the page alone (its address) and on a shard count that changes only when the number of
articles crosses a power of two times SHARD_ARTICLES: an edit changes one shard's pages.

Pagefind's output is a function of its input: the same pages give the same bytes (checked,
tests/test_search_shards.py). So each shard's output is known by a key made of the exact
bytes of its pages, Pagefind's version and its settings (search_cache.py, search_binary.py);
a build indexes only the shards whose pages changed, and its index is byte for byte the one a
build from scratch makes.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
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
    count = article_shards(sum(1 for url in pages if url.startswith("articles/")))
    out: list[dict[str, str]] = [{} for _ in range(count)]
    for url, content in pages.items():
        out[shard_of(url, count) if url.startswith("articles/") else 0][url] = content
    return out


def shard_of(url: str, count: int) -> int:
    """The shard of an article's page, of `count` shards."""
    return int.from_bytes(hashlib.sha256(url.encode()).digest()[:8], "big") % count


def folder(n: int) -> str:
    return FOLDER if n == 0 else f"{FOLDER}/shard-{n}"


def fingerprint(files: dict[str, bytes]) -> str:
    """One hash of a shard's files, names and bytes."""
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(f"{rel}\0{len(files[rel])}\0".encode() + files[rel])
    return digest.hexdigest()


def keys_file(keys: dict[int, str], prints: dict[int, str]) -> bytes:
    """KEYS_FILE: shard -> [its key, its files' fingerprint]."""
    return json.dumps({str(n): [keys[n], prints[n]] for n in sorted(prints)}, indent=0).encode()


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
