"""Citations rendered in processes beside the build's (citations.Citations takes these methods):
a build that reads its articles in one process (or reads few: a changed style, its articles
cached) may ask for a thousand entries it has not rendered before, about 3 ms of CPU each. (A
cold build reads in two processes, which render the citations themselves: citations.Ahead.)
Processes are forked only while the process runs no other thread; else, and for a few
entries, they are rendered in the build's process as the pages ask. The pool's threads live
until collect(): no other process may be forked meanwhile (pages/apart.py).
"""
from __future__ import annotations

import collections
import json
import os
import threading

POOL_MIN = 64  # entries: below this, starting the processes costs more than it saves
BATCH = 16  # entries sent to the processes at a time
_forked = None  # the Citations whose styles the pool's processes inherit


class Beside:
    """The pool's part of citations.Citations: `seen` (key -> rendered entry), `style(name)`,
    `rendered(entry)` and `names`, the styles', are the Citations'."""

    def prepare(self, entries: list[dict]) -> None:
        """Render every entry not rendered before, in processes on the machine's other cores
        when there are enough of them to be worth starting the processes (a cold build)."""
        for entry in entries:
            self.soon(entry)
        self.collect()

    def soon(self, entry: dict) -> None:
        """Have the entry rendered in a process beside this one, once POOL_MIN unseen entries
        are asked for (fewer are rendered here as the pages ask, one by one); collect() waits."""
        if (k := key(entry)) in self.seen or k in self.queued:
            return
        self.queued[k] = entry
        self.waiting.append((k, entry))
        if self.pool is None and len(self.queued) >= POOL_MIN and not self.started:
            self.start()
        if self.pool is not None and len(self.waiting) >= BATCH:
            self.send()

    def start(self) -> None:
        global _forked
        self.started = True
        workers = cores() - 1  # this process goes on reading articles on its own core
        if workers < 1 or threading.active_count() > 1:
            return  # rendered one by one as the pages ask (forking beside threads is unsafe)
        for name in self.names:
            self.style(name)  # parsed once, before the fork: every process inherits it
        _forked = self
        import multiprocessing  # here: a build with a few entries to render starts no pool (18 ms of imports)
        try:
            self.pool = multiprocessing.get_context("fork").Pool(workers)
        except OSError:
            pass  # no processes to be had: rendered one by one
        finally:
            _forked = None

    def send(self) -> None:
        batch, self.waiting = self.waiting, []
        self.sending.append((batch, self.pool.map_async(_render, [e for _, e in batch])))

    def collect(self) -> None:
        """The entries sent to processes: those rendered there, and the others rendered here,
        from the last batch back (the processes take them from the first), so that neither side
        waits for the other; then the processes are stopped."""
        if self.pool is None:
            return
        try:
            batches = collections.deque(self.sending)
            batches.append((self.waiting, None))  # not sent
            while batches:
                batch, done = batches[0]
                if done is not None and done.ready():
                    self.took(batches.popleft()[0], done.get())
                    continue
                batch, done = batches.pop()
                self.took(batch, done.get() if done is not None and done.ready() else [_here(self, e) for _, e in batch])
        finally:
            self.close()

    def took(self, batch: list, results: list) -> None:
        for (k, _), result in zip(batch, results):
            if result is not None:  # an entry that failed fails again, and is reported, when its page asks
                self.seen.setdefault(k, result)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        self.pool, self.queued, self.waiting, self.sending = None, {}, [], []


def _render(entry: dict) -> dict | None:
    return _here(_forked, entry)


def _here(citations: Citations, entry: dict) -> dict | None:
    try:
        return citations.rendered(entry)
    except Exception:
        return None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def key(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True)
