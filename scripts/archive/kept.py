"""What reading the sources (build.load) worked out last time, kept by the warm normaliser
under `mkdocs serve` so that a save does not work it out again: the vocabularies as read (and
what reading them reported), the digests of the context every article is read with, and each
article's key. Each is reused only when what it was made from is the same, byte for byte, as
now; so load() gives with it exactly what it gives without. (Each article's reading is kept in
the cache, by its key; the checks across articles are made again at every load.)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .ingest.sources import Tree
from .ingest.unread import sha, version
from .keys import digest, made_key, presented_digests, reading_digest


@dataclass(frozen=True)
class Context:
    """What reading the vocabularies gave, and the digests made from them (build.load)."""
    voc: object
    problems: tuple  # what reading them reported, in order
    cited: tuple  # the sources they cite (the reader's `cited` then)
    reading: str = ""  # the context every article is read with (keys.reading_digest)
    presented: tuple = ()  # keys.presented_digests
    by_vocabularies: int = 0  # how many of `cited` the vocabularies' own checks took (the reader's count)


class Kept:
    def __init__(self):
        self.outside: tuple | None = None  # (sources, the files outside sources/articles/, those oversized)
        self.context: Context | None = None
        self.stored: str | None = None  # the cache's key of `context` (vocabulary())
        # Raw file -> (what its key was made from, key): this load's, and the last one's.
        self.keys: dict[Path, tuple[tuple, str | None]] = {}
        self.keys_before: dict[Path, tuple[tuple, str | None]] = {}
        # Raw file -> (context, its bytes, the key of its cleaning): this load's, and the last one's.
        self.cleanings: dict[Path, tuple] = {}
        self.cleanings_before: dict[Path, tuple] = {}

    @staticmethod
    def files_outside(sources: Path, tree: Tree) -> tuple:
        """Every file outside sources/articles/ (their bytes), the only ones the vocabularies,
        rules, pages and styles are read from. (By the name's text, not Path.parent: thousands
        of articles' paths each made a Path.)"""
        articles = str(sources / "articles")
        return (str(sources), {p: tree.files[p] for p in tree.files if os.path.dirname(str(p)) != articles},
                {p: n for p, n in tree.oversized.items() if os.path.dirname(str(p)) != articles})

    def vocabulary(self, reader, sources: Path, tree: Tree, store=None):
        """reader.vocabulary(sources), or what it gave last time from the same files (its
        problems and cited sources put in the reader as it would put them). The first step of
        a load. `store`: the build's cache (cache.Store), where a one-shot build finds what
        the last one read from the same files (reading them is most of such a build's reading)."""
        self.keys_before, self.keys = self.keys, {}
        self.cleanings_before, self.cleanings = self.cleanings, {}
        outside = self.files_outside(sources, tree)
        if outside != self.outside or self.context is None:
            key = store and digest(str(sources), *(part for path, data in sorted(outside[1].items())
                                                   for part in (str(path), data)),
                                   repr(sorted((str(p), n) for p, n in outside[2].items())))
            found = store.get("vocabulary", key) if store else None
            self.outside, self.stored = outside, key
            if isinstance(found, Context):
                self.context = found
            else:
                seen, citing = len(reader.problems), len(reader.cited)
                voc = reader.vocabulary(sources)
                self.context = Context(voc, tuple(reader.problems[seen:]), tuple(reader.cited[citing:]),
                                       by_vocabularies=reader.cited_by_vocabularies - citing)
                if store:
                    store.put("vocabulary", key, self.context)
                return voc
        citing = len(reader.cited)
        reader.problems += self.context.problems
        reader.cited += self.context.cited
        reader.cited_by_vocabularies = citing + self.context.by_vocabularies
        return self.context.voc

    def digests(self, sources: Path, tree: Tree, voc, store=None) -> tuple[str, tuple]:
        """(the context articles are read with, presented_digests()) for the files vocabulary()
        was last given. Made from those files alone, so kept with the vocabularies in `store` (a
        one-shot build found them there and made them again: hashing every source)."""
        if not self.context.reading:
            self.context = Context(self.context.voc, self.context.problems, self.context.cited,
                                   reading_digest(sources, tree, voc),
                                   presented_digests(sources, tree, voc), self.context.by_vocabularies)
            if store and self.stored:
                store.put("vocabulary", self.stored, self.context)
        return self.context.reading, self.context.presented

    def key(self, context: str, tree: Tree, raw: Path, *paths: Path | None) -> str | None:
        """keys.made_key(context, tree, raw, *paths), worked out again only when a file changed."""
        made_from = (context, raw, *paths, version(tree.files, raw), *(version(tree.files, p) for p in paths))
        before = self.keys_before.get(raw)
        if before is None or before[0] != made_from:
            before = (made_from, made_key(context, tree, raw, *paths))
        self.keys[raw] = before
        return before[1]

    def cleaning(self, context: str, tree: Tree, raw: Path) -> str | None:
        """The key of the raw file's cleaning (ingest/reading.py: kept apart from the article,
        so that a changed record does not clean its unchanged text again): the context it is
        read with, its name and its bytes. Worked out again only when one of them changed."""
        data = version(tree.files, raw)
        before = self.cleanings_before.get(raw)
        if before is None or before[0] != context or before[1] is not data and before[1] != data:
            before = (context, data, data is not None and digest(context, str(raw), sha(tree.files, raw)) or None)
        self.cleanings[raw] = before
        return before[2]
