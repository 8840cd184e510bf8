"""An article kept in the build's cache as two entries: what the listings, indexes and exports
use (its record, stances, quotes, and how many paragraphs and removed lines it has) and its
text (the paragraphs and removed lines), two thirds of its bytes. A build after one changed
record reads the first of every unchanged article and the second only where a page shows the
text (the article pages made again, the changed shard's search pages): unpickling every
article whole was most of that build's reading.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Callable

from .core.article import Article

ARTICLES, BODIES = "articles", "bodies"


class Later(Sequence):
    """An unchanged article's paragraphs or removed lines, read from the cache when first used;
    its length is known without reading. Compares as the tuple it stands for."""

    def __init__(self, count: int, part: int, body: Callable[[], tuple]):
        self.count, self.part, self.body = count, part, body

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        return self.body()[self.part][index]

    def __iter__(self):
        return iter(self.body()[self.part])

    def __eq__(self, other) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def put(store, key: str | None, sha256: str, article: Article, cited: list, here: bool = True) -> None:
    """Keep a clean article in two entries (`here` False: the forked reader wrote them, see
    build.load: only known to this build's store)."""
    lite = dataclasses.replace(article, paragraphs=(), removals=())
    value = (sha256, lite, cited, len(article.paragraphs), len(article.removals))
    body = (article.paragraphs, article.removals)
    if here:
        store.put(ARTICLES, key, value)
        store.put(BODIES, key, body)
    else:
        store.known(ARTICLES, key, value)
        store.known(BODIES, key, body)


def get(store, key: str | None, again: Callable[[], Article]) -> tuple[str, Article, list] | None:
    """(sha256, article, cited) as put(), its text read when first used; None when not kept.
    `again()`: the article read from its sources, for a text that can no longer be read from
    the cache (its entry unreadable since: a miss, as every unreadable entry is)."""
    hit = store.get(ARTICLES, key)
    if hit is None or len(hit) != 5:
        return None
    sha256, lite, cited, paragraphs, removals = hit
    store.touch(BODIES, key)  # kept for the next build, though maybe not read by this one
    held: list[tuple] = []

    def body() -> tuple:
        if not held:
            found = store.entry(BODIES, key)
            if found is None:
                article = again()
                found = (article.paragraphs, article.removals)
            held.append(found)
        return held[0]
    return sha256, dataclasses.replace(lite, paragraphs=Later(paragraphs, 0, body), removals=Later(removals, 1, body)), cited
