"""A few new citations rendered in ONE process beside the build (citations.Ahead starts it
before the articles are read, in a one-shot build whose entries were rendered before).

A build after one changed record has one new entry; rendering it in the build's process cost
its thread about 0.045 CPU s at 1,005 articles: citeproc-py and lxml imported, both styles
parsed, the entry walked through both. The helper does the first two on the other core, idle
while the build reads, and renders each entry as the reading asks for it (citation_pool.soon);
the build's process then never imports citeproc-py. Many new entries (a cold build's) go to the
pool (citation_pool.py) or the reading processes; a warm process (serve) has citeproc-py
imported already and renders its few itself.
"""
from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from pathlib import Path

MOST = 16  # entries sent to the helper; more are the pool's, or rendered here (each ~1 KB: a pipe holds them all)


class Helper:
    """The process: send() entries as they are asked for, results() once (every entry sent ->
    its rendered form, or None where rendering failed: the page asking renders it again, and
    reports it). close() ends it, whatever it is doing."""

    def __init__(self, csl: Path):
        # A new Python, not a fork: a forked helper shares the build's pages, and each page the
        # build then wrote was copied first (3,000 page faults in the reading, ~0.015 CPU s).
        code = Path(__file__).resolve().parents[2]  # scripts/, where the archive package is
        self.process = subprocess.Popen(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code)!r}); "
             "from archive.site.citation_helper import main; main()", str(csl)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.pid, self.sent = self.process.pid, 0
        self.asks, self.answers = self.process.stdin, self.process.stdout

    @classmethod
    def beside(cls, csl: Path, cores: int) -> "Helper | None":
        """A helper, where it has a core of its own and this process is not a warm one (one with
        threads: serve's)."""
        if cores < 2 or threading.active_count() > 1:
            return None
        try:
            return cls(csl)
        except OSError:
            return None

    def send(self, archive: str, k: str, entry: dict) -> bool:
        """Render `entry` (its key `k`) for the archive titled `archive`; False when the
        helper takes no more (MOST sent) or is gone."""
        if self.pid is None or self.sent >= MOST:
            return False
        try:
            pickle.dump((archive, k, entry), self.asks, protocol=pickle.HIGHEST_PROTOCOL)
            self.asks.flush()
        except OSError:
            return False
        self.sent += 1
        return True

    def results(self) -> dict:
        if self.pid is None:
            return {}
        found = {}
        if self.sent:
            try:
                # The end said in the pipe, not by closing it: a process forked since (Pagefind's
                # driver, the renderer: pages/apart.py) holds a copy of its end.
                pickle.dump(None, self.asks)
                self.asks.flush()
                found = pickle.load(self.answers)  # our own process's pickle
            except (OSError, EOFError, pickle.UnpicklingError):
                pass
        self.close()
        return found if isinstance(found, dict) else {}

    def close(self) -> None:
        if self.pid is None:
            return
        for end in (self.asks, self.answers):
            try:
                end.close()
            except OSError:
                pass
        self.process.kill()  # done, or not wanted any more
        self.process.wait()
        self.pid = None


def main() -> None:
    sys.exit(serve(Path(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer))


def serve(csl: Path, asks, answers) -> int:
    """The helper's loop: the styles parsed at once, then each entry asked for rendered until
    the end is asked; then the answer."""
    from .citations import Citations
    citations = Citations(csl, "")
    for name in citations.names:
        citations.style(name)
    done = {}
    while (asked := pickle.load(asks)) is not None:
        citations.archive, k, entry = asked  # the title each entry says it was consulted in
        try:
            done[k] = citations.rendered(entry)
        except Exception:  # noqa: BLE001 - rendered again where the page asks, and reported there
            done[k] = None
    pickle.dump(done, answers, protocol=pickle.HIGHEST_PROTOCOL)
    answers.flush()
    return 0
