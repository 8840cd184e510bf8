"""The normaliser's process under `mkdocs serve`, kept warm between saves (serve.py starts it and
talks to it; run as `python -m archive.serve ROOT`). It reads a request per line on its input:

- `build`: bring docs/ up to date and answer one JSON line (serve.Normaliser.build). A save
  inside sources/articles/ gets the saved article's page written first (first.py), and the
  answer then; the whole build and the search index follow in a background process, forked
  from this warm one (its imports and cached articles shared). A save while that runs stops it
  (a killed build leaves docs/ as before or finished by the next: write.py) and starts again.
  A request with the sources as the last one answers at once and lets the background go on.
- `built`: the server has rendered what it was told (and let go of docs/): the background may
  start writing, which it does under docs/'s lock for the whole build.
"""
from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import sys
import time
from pathlib import Path

NOTHING = {"code": 0, "out": "", "errors": []}
GO_WAIT = 30  # seconds the background waits for `built` before it starts anyway
STOP_WAIT = 2  # seconds a stopped background has to clean up (its temporary folders) before it is killed


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
        self.child: int | None = None  # the background's process id
        self.go: int | None = None  # the write end of its start signal

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
            return {**NOTHING, "busy": self.child is not None}
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
        self.fork(pending)
        return {"code": 0, "errors": [], "out": f"archive: {out} in {time.monotonic() - started:.1f} s; indexing for search"}

    def fork(self, pending) -> None:
        """The whole build (unless done: `pending` is then its index) in a process of its own."""
        go_read, self.go = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(self.go)
            # Not the server's pipe: if this process outlived the warm one, the server would
            # wait for the pipe's end instead of seeing the warm one gone.
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            code = 1
            try:
                signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
                select.select([go_read], [], [], GO_WAIT)
                code = background(self.paths, pending)
            finally:
                os._exit(code)
        os.close(go_read)
        self.child = pid

    def start(self) -> None:
        if self.go is not None:
            os.close(self.go)
            self.go = None

    def failed(self) -> bool:
        """Whether the background ended with a problem (reaped if it ended)."""
        if self.child is None:
            return False
        pid, status = os.waitpid(self.child, os.WNOHANG)
        if pid == 0:
            return False
        self.child = None
        self.start()
        return os.waitstatus_to_exitcode(status) != 0

    def stop(self) -> None:
        """Stop the background: SIGTERM lets it stop Pagefind and remove its temporary folders
        (it stays in the server's process group, where the benchmark counts it); SIGKILL after
        STOP_WAIT."""
        if self.child is None:
            return
        self.start()
        try:
            os.kill(self.child, signal.SIGTERM)
            deadline = time.monotonic() + STOP_WAIT
            while os.waitpid(self.child, os.WNOHANG)[0] == 0:
                if time.monotonic() > deadline:
                    os.kill(self.child, signal.SIGKILL)
                    os.waitpid(self.child, 0)
                    break
                time.sleep(0.01)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.child = None


def background(paths, pending) -> int:
    """The build after the first pages, and the index: 0 when docs/ is then complete."""
    from .build import build
    from .core.problems import Problems
    try:
        if pending is None:
            done = build(paths, index_later=True)
            pending = done and done[1]
        if pending is not None:
            pending.finish()
        return 0
    except Problems:
        return 1


def worker(root: Path) -> None:
    """The loop: the stages imported before the first request, so that no save pays for them."""
    from .exports import search  # noqa: F401  (warm)
    from .pages import render, standalone  # noqa: F401
    from .site import citations  # noqa: F401

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
