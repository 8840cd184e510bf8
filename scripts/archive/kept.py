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
from .keys import digest, made_key, presented_digests, reading_digest


@dataclass(frozen=True)
class Context:
    """What reading the vocabularies gave, and the digests made from them (build.load)."""
    voc: object
    problems: tuple  # what reading them reported, in order
    cited: tuple  # the sources they cite (the reader's `cited` then)
    reading: str = ""  # the context every article is read with (keys.reading_digest)
    presented: tuple = ()  # keys.presented_digests


class Kept:
    def __init__(self):
        self.outside: tuple | None = None  # (sources, the files outside sources/articles/, those oversized)
        self.context: Context | None = None
        # Raw file -> (what its key was made from, key): this load's, and the last one's.
        self.keys: dict[Path, tuple[tuple, str | None]] = {}
        self.keys_before: dict[Path, tuple[tuple, str | None]] = {}

    @staticmethod
    def files_outside(sources: Path, tree: Tree) -> tuple:
        """Every file outside sources/articles/ (their bytes), the only ones the vocabularies,
        rules, pages and styles are read from. (By the name's text, not Path.parent: thousands
        of articles' paths each made a Path.)"""
        articles = str(sources / "articles")
        return (str(sources), {p: d for p, d in tree.files.items() if os.path.dirname(str(p)) != articles},
                {p: n for p, n in tree.oversized.items() if os.path.dirname(str(p)) != articles})

    def vocabulary(self, reader, sources: Path, tree: Tree):
        """reader.vocabulary(sources), or what it gave last time from the same files (its
        problems and cited sources put in the reader as it would put them). The first step of
        a load."""
        self.keys_before, self.keys = self.keys, {}
        outside = self.files_outside(sources, tree)
        if outside != self.outside or self.context is None:
            seen, citing = len(reader.problems), len(reader.cited)
            voc = reader.vocabulary(sources)
            self.outside = outside
            self.context = Context(voc, tuple(reader.problems[seen:]), tuple(reader.cited[citing:]))
            return voc
        reader.problems += self.context.problems
        reader.cited += self.context.cited
        reader.cited_by_vocabularies = len(reader.cited)
        return self.context.voc

    def digests(self, sources: Path, tree: Tree, voc) -> tuple[str, tuple]:
        """(the context articles are read with, presented_digests()) for the files vocabulary()
        was last given."""
        if not self.context.reading:
            self.context = Context(self.context.voc, self.context.problems, self.context.cited,
                                   reading_digest(sources, tree, voc),
                                   presented_digests(sources, tree, voc))
        return self.context.reading, self.context.presented

    def key(self, context: str, tree: Tree, raw: Path, *paths: Path | None) -> str | None:
        """keys.made_key(context, tree, raw, *paths), worked out again only when a file changed."""
        made_from = (context, raw, *paths, tree.files.get(raw), *(p and tree.files.get(p) for p in paths))
        before = self.keys_before.get(raw)
        if before is None or before[0] != made_from:
            before = (made_from, made_key(context, tree, raw, *paths))
        self.keys[raw] = before
        return before[1]
