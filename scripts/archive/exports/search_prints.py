"""The article pages' fingerprints (search.Indexing's), kept between builds.

An article's page for Pagefind is known by a fingerprint of the code, the key the article was
made with (build.load: its files and the reading context) and what the page shows of the
vocabularies (search_pages.shown). Worked out for every article at every build, that took
10-17 ms of the build's thread at 1,005 articles after one changed record, before the changed
shard's Pagefind got its page. So they are kept in a file beside the search cache, by article
key, for the code and the vocabularies' names they were made with; only an article whose key
is not there is worked out again.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.article import Article
from ..keys import digest
from .search_pages import shown

NAME = "search-prints.json"  # beside search_cache.CACHE


class Prints:
    """Article key -> fingerprint, as kept in `folder` (None: nothing kept) for `code` and `names`."""

    def __init__(self, folder: Path | None, code: str, names: dict[str, str]):
        self.path, self.code, self.names = folder and folder / NAME, code, names
        self.made_with = digest(code, json.dumps(sorted(names.items())))
        self.before, self.now = self.kept(), {}

    def of(self, key: str, a: Article) -> str:
        """The fingerprint of the page of `a`, made with `key`."""
        found = self.before.get(key) or digest(self.code, key, *shown(self.names, a))
        self.now[key] = found
        return found

    def kept(self) -> dict[str, str]:
        try:
            found = json.loads(self.path.read_bytes()) if self.path else None
        except (OSError, ValueError):
            return {}
        ok = isinstance(found, dict) and found.get("made with") == self.made_with and isinstance(found.get("prints"), dict)
        return found["prints"] if ok else {}

    def save(self) -> None:
        """The fingerprints of this build's articles kept for the next (only when they changed)."""
        if self.path is None or self.now == self.before:
            return
        partial = self.path.with_name(f"{self.path.name}.partial-{os.getpid()}")
        try:
            partial.write_text(json.dumps({"made with": self.made_with, "prints": self.now}), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:  # not kept: worked out again next time
            partial.unlink(missing_ok=True)
