"""The normaliser's process under `mkdocs serve`, kept warm between saves (serve.py starts it and
talks to it; run as `python -m archive.serve ROOT`). It reads a request per line on its input:

- `build`: bring docs/ up to date and answer one JSON line (serve.Normaliser.build). A save
  inside sources/articles/ gets the saved article's page written first (first.py), and the
  answer then; the whole build and the search index follow in the background, a thread of this
  process that shares its imports and cached articles (a process forked from it copied about
  730 MB of them at 5,005 articles: reference counting writes into every object it touches).
  A save while that runs stops it at its next article, page or stage (core.stopping; Pagefind
  is ended at once) and starts again. A request with the sources as the last one answers at
  once and lets the background go on. Whatever the background raises ends the background, not
  this process; the next save then makes the whole build, which says what went wrong.
- `built`: the server has rendered what it was told (and let go of docs/): the background may
  start writing, which it does under docs/'s lock for the whole build.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import os
import sys
import threading
import time
from pathlib import Path

from .core.stopping import Stop, Stopped

NOTHING = {"code": 0, "out": "", "errors": []}
GO_WAIT = 30  # seconds the background waits for `built` before it starts anyway


class Warm:
    def __init__(self, root: Path):
        from .build import Paths
        from .ingest.sources import Rescan, Tree
        from .keys import digests
        from .kept import Kept
        self.paths = Paths(root)
        self.before: dict[str, str] | None = None  # each article's key, as the pages in docs/ were made
        self.tree = None  # the sources the last answer was for
        # What reading them worked out, kept for the next save: the files unchanged since are
        # not read again (Rescan), nor is what was worked out from them (Kept).
        self.rescan, self.kept = Rescan(), Kept()
        # The code's digest (the worker restarts this process when the code changes): the
        # sources' part of digests() is left out, it hashed every source at every save.
        self.code = digests(self.paths.sources, Tree())[1]
        self.background: Background | None = None

    def build(self) -> dict:
        from .build import build
        from .core.problems import Problems
        from .core.texts import terminal
        from .first import pages_first

        if self.failed():
            self.before = self.tree = None  # the whole build again, which says what is wrong
        tree = self.rescan(self.paths.sources)  # read once: compared here, parsed by load()
        if tree == self.tree:
            self.start()  # a rebuild the server did on its own (its poller, or our writes)
            return {**NOTHING, "busy": self.background is not None and self.background.is_alive()}
        self.stop()
        started = time.monotonic()
        try:
            made, written = pages_first(self.paths, self.before, tree, self.code, self.kept)
            pending = None
            if written is None:
                done = build(self.paths, index_later=True)
                if done is None:
                    self.before, self.tree = made, tree
                    return NOTHING
                report, pending = done
                out = f"wrote {len(report.written)} files, removed {len(report.removed)}, {report.unchanged} unchanged"
            else:
                out = f"wrote the saved article's page first ({len(written)} files); the rest follows"
        except Problems as error:
            # A file's name may hold escape sequences: written as escapes, as `archive build` does.
            return {"code": 1, "out": "", "errors": [terminal(str(p)) for p in error.problems]
                    + [f"archive: {len(error.problems)} problem(s); docs/ was not changed"]}
        self.before, self.tree = made, tree
        self.background = Background(self.paths, pending)
        return {"code": 0, "errors": [], "out": f"archive: {out} in {time.monotonic() - started:.1f} s; indexing for search"}

    def start(self) -> None:
        if self.background is not None:
            self.background.go.set()

    def failed(self) -> bool:
        """Whether the background ended with a problem or a crash (forgotten once it ended)."""
        if self.background is None or self.background.is_alive():
            return False
        failed, self.background = self.background.failed, None
        return failed

    def stop(self) -> None:
        if self.background is not None:
            self.background.stop.set()
            self.background.go.set()
            self.background.join()
            self.background = None


class Background(threading.Thread):
    """The whole build after the first pages (unless done: `pending` is then its index) and the
    index; it starts when the server is done with docs/ (`go`) or after GO_WAIT. `failed`: it
    ended neither with docs/ complete nor stopped."""

    def __init__(self, paths, pending):
        super().__init__(daemon=True)
        self.paths, self.pending = paths, pending
        self.go, self.stop, self.failed = threading.Event(), Stop(), False
        self.start()

    def run(self) -> None:
        from .build import build
        from .cache import MEMORY
        articles = MEMORY.get("articles")
        try:
            self.go.wait(GO_WAIT)
            self.stop.check()
            if self.pending is None:
                # What it reads of the cache is let go once used, not kept for the next build
                # (let_go would forget it anyway): at 1,005 articles its peak 115 -> 75 MB.
                done = build(self.paths, index_later=True, remember=False, stop=self.stop)
                self.pending = done and done[1]
            if self.pending is not None:
                self.pending.finish()
        except Stopped:
            pass  # for the next save, whose build follows
        except BaseException:  # noqa: BLE001 - a problem or a crash: the next save builds it all and says what
            self.failed = True
        finally:
            self.pending = None  # its pages let go at once, not at the next save
            let_go(articles)


def let_go(articles: dict | None = None) -> None:
    """Forget what the background build kept in memory but the articles (the next save's first
    page reads them); the next background build reads the rest from .cache/. Kept, it grew this
    process between saves and the next build's peak with it: at 1,005 articles 215, 233, 274 MB
    after three saves (peaks 246, 253, 274); forgotten, 126 MB (peaks 246, 243, 245; without
    the collection, 202-210 MB and peaks 246, 240, 264)."""
    from . import cache
    for kind in [kind for kind in cache.MEMORY if kind != "articles"]:
        del cache.MEMORY[kind]
    if articles is not None:  # `articles`: those the first page read, forgotten by a build that remembers nothing
        cache.MEMORY.setdefault("articles", articles)
    trim()


def trim() -> None:
    """The cycles a build left collected now (the build ran without the cyclic collector, and
    MkDocs' pages and navigation point at each other), and the freed memory given back."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)  # glibc: the freed memory back to the system
    except (OSError, AttributeError):
        pass  # another C library: kept for the next build to reuse


def one_arena() -> None:
    """glibc gives each thread that allocates its own heap, and the background thread's stayed as
    large as its largest build beside the main thread's: one heap for both (at 1,005 articles the
    background's peak 246 -> 233 MB in-process)."""
    try:
        ctypes.CDLL(None).mallopt(-8, 1)  # M_ARENA_MAX (malloc.h)
    except (OSError, AttributeError):
        pass  # another C library


def worker(root: Path) -> None:
    """The loop: the stages imported before the first request, so that no save pays for them."""
    from .exports import search  # noqa: F401  (warm)
    from .pages import render, standalone  # noqa: F401
    from .site import citations  # noqa: F401

    one_arena()
    warm = Warm(root)
    code = code_digest()
    while line := request():
        if line == b"built\n":
            warm.start()
            continue
        if code_digest() != code:  # the normaliser's code was edited: this process runs the old one
            warm.stop()
            reply({"restart": True})
            return
        reply(warm.build())
    warm.stop()


def code_digest() -> str:
    from .keys import CODE
    from .ingest.sources import snapshot

    digest = hashlib.sha256()
    for path, data in sorted(snapshot(CODE).files.items()):
        digest.update(str(path).encode() + b"\0" + data)
    return digest.hexdigest()


def request() -> bytes:
    """The next request line; b"" when the server has gone (end of input). Read from the
    descriptor unbuffered, so that nothing waits in a buffer."""
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(0, 1)
        if not chunk:
            return b""
        line += chunk
    return line


def reply(result: dict) -> None:
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
