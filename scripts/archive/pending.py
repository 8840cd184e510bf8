"""The search index of a build that wrote its pages first (build.build(index_later=True)): under
`mkdocs serve` the edited pages are served while Pagefind indexes them."""
from __future__ import annotations

from dataclasses import dataclass

from .cache import Store
from .core.article import Article
from .core.problems import Problem, Problems
from .core.stopping import Stop
from .core.vocabulary import Vocabulary
from .keys import Unchanged, inputs_digest
from .write import Report, locked, write


@dataclass
class Pending:
    paths: object  # build.Paths: the archive's root, sources/ and docs/
    inputs: str
    voc: Vocabulary
    articles: list[Article]
    made: dict[str, str]  # each page written first -> its SHA-256
    store: Store
    stop: Stop

    def finish(self) -> Report | None:
        """Index and write the index, unless the sources changed meanwhile (the next build then
        does it, for the sources as they are). Stopped when `stop` is set, Pagefind ended at once."""
        from .exports import search as search_stage

        self.stop.check()
        files = search_stage.Indexing(self.voc, self.articles, self.paths.root / search_stage.CACHE,
                                      self.store.made, self.store.code, self.stop, self.paths.docs).files()
        with locked(self.paths.docs, stop=self.stop):
            if inputs_digest(self.paths.sources) != self.inputs:
                return None
            self.stop.check()
            # The pages as written first, by their hashes: their bytes were held through Pagefind's run.
            pages = {rel: Unchanged(digest, lambda rel=rel: self.changed(rel)) for rel, digest in self.made.items()}
            return self.store.kept(write(self.paths.docs, {**pages, **files, **search_stage.search_page()},
                                         self.inputs, states=self.store.states()))

    def changed(self, rel: str) -> bytes:  # a page written first, removed or edited since
        raise Problems([Problem(str(self.paths.docs / rel), "file", "changed while the search index was made; run archive build")])
