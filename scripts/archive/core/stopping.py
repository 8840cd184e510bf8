"""A build stopped from another thread: under `mkdocs serve` a new save stops the background build
of the last one (warm.py), which runs as a thread of the warm normaliser's process (a forked
process wrote into the memory it shared with its parent, counting references, and so copied it).
A thread cannot be killed; it stops itself at the points where stopping leaves nothing half made
(between articles, between pages, between stages, between Pagefind's shards)."""
from __future__ import annotations

import threading


class Stopped(BaseException):
    """Raised by Stop.check() once stopping was asked for. Not an Exception: nothing that handles
    a failed step (a cache entry that cannot be read...) may take it for one and go on."""


class Stop:
    """Asked from one thread (set()), obeyed in another (check()); `then` runs at set(), so that
    a process the build waits for (Pagefind) is ended at once instead of waited for."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.then: list = []

    def set(self) -> None:
        self.event.set()
        for each in list(self.then):
            each()

    def is_set(self) -> bool:
        return self.event.is_set()

    def tell(self, then) -> None:
        """Call `then` at set(), or now if set already."""
        self.then.append(then)
        if self.event.is_set():
            then()

    def check(self) -> None:
        if self.event.is_set():
            raise Stopped()

