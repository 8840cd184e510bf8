"""Pages made in a second process: a build that makes every page (a cold build, or a fresh
clone's `archive build --force`) rendered them all on one core, about 2.4 CPU s at 1,005
articles, while the other core had little left to do (the articles read, Pagefind's shards
taken from docs/). So, when many pages are to be made, a forked process makes a part of them
(build.py: the article pages, about as much as the rest) while this one makes the rest, and sends back
what it made (pickled through a pipe) with what it used of the build's cache (the entries'
names and the pages made from them: cache.Store's `used` and `outputs`), so that the next build
finds, keeps and reuses them as if they had been made here. Its pages are those this process
would make: the same code on the same values. As in ingest/reading.py, the process is forked
only where forking is safe (no other thread: before Pagefind's starts) and a second core is
there, and if it fails, this process makes its part too.

Pagefind, too, is driven from a forked process then (Indexed): forked first, as it needs only
the articles; the pages it writes for Pagefind and the output it reads would otherwise take
turns of this process's interpreter lock with the rendering.
"""
from __future__ import annotations

import os
import pickle
from typing import Callable

from ..ingest.reading import apart
from ..core.forked import leave

# Articles above which the pages are made in one process: a forked process's resident memory is
# its parent's pages at first, and a sum of resident sizes (scripts/bench.py's peak) counts them
# twice: at 5,005 articles about twice 800 MB, past the build's bound of 1 GB.
MOST = 2000


class Beside:
    """make()'s value, from get(): made in a forked process when `fork` (worth()), else here
    when get() is called. close(): the forked process ended, if get() was not (the build
    failed meanwhile)."""

    def __init__(self, store, fork: bool, make: Callable[[], object]):
        self.store, self.make, self.child = store, make, None
        if not fork:
            return
        try:
            r, w = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the forked process: never returns into the build (core/forked.py's leave, whatever happens)
            status = 1
            try:
                os.close(r)
                value = make()
                used = {kind: list(names) for kind, names in store.used.items()}
                with os.fdopen(w, "wb") as out:
                    pickle.dump((value, used, store.outputs), out, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                leave(status)
        os.close(w)
        self.child = (pid, r)

    @staticmethod
    def worth(store, articles: int) -> bool:
        """Whether to fork for a build of `articles` with `store`: only a build that keeps
        nothing in memory and has no state of docs/ (cache.Store's `remember`, `before`), whose
        pages are then all plain bytes, never the lazy Unchanged of a page reused whole; only
        with many articles but not more than MOST, safely and with a second core (reading.apart)."""
        return store is not None and not store.remember and not store.before and articles <= MOST and apart(range(articles))

    def get(self) -> object:
        if self.child is None:
            return self.make()
        (pid, r), self.child = self.child, None
        try:
            with os.fdopen(r, "rb") as pipe:
                # Read as it comes, not whole and then unpickled: the pages are not held twice.
                value, used, outputs = pickle.load(pipe)
        except Exception:  # noqa: BLE001 - a failed process's part is made here
            value = None
        if os.waitpid(pid, 0)[1] != 0:
            value = None
        if value is None:
            return self.make()
        for kind, names in used.items():
            for name in names:
                self.store.used.setdefault(kind, {}).setdefault(name, None)
        self.store.outputs.update(outputs)
        return value

    def close(self) -> None:
        if self.child is not None:
            (pid, r), self.child = self.child, None
            os.close(r)
            os.kill(pid, 9)
            os.waitpid(pid, 0)


class Indexed:
    """Pagefind's indexing (exports/search.py's Indexing: files(), close()) driven from a forked
    process: the pages it writes for Pagefind and the shards' output it reads then take no turn
    of this process's interpreter lock from the rendering. `index()` makes the Indexing."""

    def __init__(self, store, index: Callable[[], object]):
        self.beside = Beside(store, True, lambda: index().files())

    def files(self) -> dict[str, bytes]:
        return self.beside.get()

    def close(self) -> None:
        self.beside.close()


class Search:
    """The build's search index, by `index(voc, articles, at_once, later)` (exports/search.py's
    Indexing): ready() starts the changed shard's Pagefind as soon as load() has read the last
    article not cached, a process only (a thread of its own would keep the citation pool, which
    forks later in load(), from starting: citation_pool.py); start() then starts its thread, or,
    with no early start, an Indexing beside the rendering or driven from a forked process."""

    def __init__(self, store, index: Callable[..., object]):
        self.store, self.index, self.early = store, index, None

    def ready(self, voc, articles: list) -> None:
        # Not where the render is to fork (only while no other thread runs).
        if self.early is None and not Beside.worth(self.store, len(articles)):
            self.early = self.index(voc, articles, 1, True)

    def start(self, voc, articles: list, fork: bool) -> object:
        """The Indexing (files(), close()), running."""
        if self.early is not None:
            return self.early.go()
        return Indexed(self.store, lambda: self.index(voc, articles, 2, False)) if fork else self.index(voc, articles, 1, False)

    def close(self) -> None:
        """The early Indexing ended (load() failed after starting it)."""
        if self.early is not None:
            self.early.close()
