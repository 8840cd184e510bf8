"""An article kept in the build's cache as two entries: what the listings, indexes and exports
use (its record, stances, quotes, and how many paragraphs and removed lines it has) and its
text (the paragraphs and removed lines), two thirds of its bytes. A build after one changed
record reads the first of every unchanged article and the second only where a page shows the
text (the article pages made again, the changed shard's search pages): unpickling every
article whole was most of that build's reading.
"""
from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Sequence
from typing import Callable

from .core.article import Article
from .keys import digest

ARTICLES, BODIES = "articles", "bodies"
CHUNKS = 32  # cache entries holding the articles' first parts (Articles): about 31 each at 1,005


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


class Articles:
    """The first entries of one build's articles, kept in CHUNKS cache entries by their slug's
    CRC-32 (the same in every process), each article by its key: a build reads CHUNKS entries,
    not one an article (a key, a read and a check each: about 0.03 CPU s at 1,005 articles),
    and writes again (flush()) only the chunks whose articles changed. Only the build's own
    process writes them; a forked reader's are given to it (put(..., here=False))."""

    def __init__(self, store):
        self.store = store
        self.chunks: dict[int, tuple[str, dict, dict]] = {}  # chunk -> (its key, kept, made)

    def chunk(self, slug: str) -> tuple[str, dict, dict]:
        k = zlib.crc32(slug.encode("utf-8")) % CHUNKS
        if k not in self.chunks:
            # Not the context's (Store.hashed): a renamed publisher reads no article again.
            key = digest(ARTICLES, str(k))
            found = self.store.get(ARTICLES, key)
            self.chunks[k] = (key, found if isinstance(found, dict) else {}, {})
        return self.chunks[k]

    def get(self, slug: str, key: str | None):
        _, kept, made = self.chunk(slug)
        value = kept.get(key) if key else None
        if value is not None:
            made[key] = value
        return value

    def put(self, slug: str, key: str | None, value) -> None:
        if key:
            self.chunk(slug)[2][key] = value

    def flush(self) -> None:
        for key, kept, made in self.chunks.values():
            if made != kept:
                self.store.put(ARTICLES, key, made)


def put(articles: Articles, slug: str, key: str | None, sha256: str, article: Article, cited: list, here: bool = True) -> None:
    """Keep a clean article in two entries (`here` False: the forked reader wrote its text,
    see build.load: only known to this build's store)."""
    lite = dataclasses.replace(article, paragraphs=(), removals=())
    articles.put(slug, key, (sha256, lite, cited, len(article.paragraphs), len(article.removals)))
    body = (article.paragraphs, article.removals)
    (articles.store.put if here else articles.store.known)(BODIES, key, body)


def get(articles: Articles, slug: str, key: str | None, again: Callable[[], Article]) -> tuple[str, Article, list] | None:
    """(sha256, article, cited) as put(), its text read when first used; None when not kept.
    `again()`: the article read from its sources, for a text that can no longer be read from
    the cache (its entry unreadable since: a miss, as every unreadable entry is)."""
    store = articles.store
    hit = articles.get(slug, key)
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
    return sha256, with_texts(lite, Later(paragraphs, 0, body), Later(removals, 1, body)), cited


def with_texts(lite: Article, paragraphs: Later, removals: Later) -> Article:
    """dataclasses.replace(lite, paragraphs=..., removals=...) without running __init__ again (its
    27 fields set one by one, for each of 1,005 articles: 0.012 CPU s of a one-record build):
    `lite` was made by it, and is left as it is (its chunk may be written again)."""
    article = object.__new__(Article)
    object.__setattr__(article, "__dict__", {**lite.__dict__, "paragraphs": paragraphs, "removals": removals})
    return article
