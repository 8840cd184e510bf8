"""`mkdocs serve` at the pace of an edit, for the hook (an accelerator: docs/ is the same without it).

- Rebuilds after the first are MkDocs' dirty builds: only the pages whose Markdown the normaliser
  rewrote are rendered again (the navigation is the same list of section pages in mkdocs.yml
  whatever an edit does, so it is not made stale). A page the normaliser removed is removed from
  the served site too, which a dirty build alone would leave behind.
- The normaliser runs in a process of its own that stays up between saves (its imports paid
  once): whatever a saved record does to it (a crash in a C library, a hang) ends that process,
  not the server; the next save starts another.

This module outlives each rebuild's fresh copy of the hook (MkDocs loads the hook file again for
every rebuild; this module is imported once), so what must last across rebuilds lives here.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

DIRTY_WARNING = "A 'dirty' build is being performed"
command: str | None = None  # MkDocs' command (serve, build, gh-deploy), set by the hook's on_startup


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns at every dirty build that the navigation may be stale; here it cannot be (see
    above), and under `strict: true` the warning alone would fail every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def rebuild_dirty() -> None:
    """From the second build of `mkdocs serve` on, build dirty. MkDocs decides this once, from
    `--dirty`, in the builder it hands the server; the builder calls `build` from the serve
    module's namespace, so that name is wrapped (once, whatever the number of rebuilds)."""
    import mkdocs.commands.serve as serve_command

    if getattr(serve_command.build, "archive_dirty", False):
        return
    full_build = serve_command.build
    built = []

    def build(config, *, serve_url=None, dirty=False):
        dirty = dirty or bool(built)
        built.append(True)
        return full_build(config, serve_url=serve_url, dirty=dirty)

    build.archive_dirty = True
    serve_command.build = build
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())


# The served site's files of the last build (site_dir-relative): a dirty build removes nothing,
# so the files of pages gone since are removed here.
_last_outputs: dict[str, set[str]] = {}


def remove_stale(site_dir: str, outputs: set[str]) -> list[str]:
    """Remove the files the previous build of `site_dir` made that this one did not."""
    gone = sorted(_last_outputs.get(site_dir, set()) - outputs)
    for rel in gone:
        try:
            os.unlink(os.path.join(site_dir, rel))
        except FileNotFoundError:
            pass
    _last_outputs[site_dir] = outputs
    return gone


# The lock `archive build` takes on docs/ (write.locked), held by the server while MkDocs reads
# docs/: the search index, written after the pages, must not change files under a build.
_docs_lock: list[int] = []


def hold_docs(docs: Path) -> None:
    release_docs()
    fd = os.open(docs, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    fcntl.flock(fd, fcntl.LOCK_EX)
    _docs_lock.append(fd)


def release_docs() -> None:
    while _docs_lock:
        os.close(_docs_lock.pop())


class Normaliser:
    """`archive build` in a child process that stays up between saves."""

    def __init__(self, root: Path, timeout: float):
        self.root, self.timeout = root, timeout
        self.process: subprocess.Popen | None = None

    def start(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen([sys.executable, "-m", "archive.serve", str(self.root)],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self.process

    def build(self) -> dict:
        """{"code": exit code as `archive build` would give it (negative: killed by that signal;
        None: stopped after the timeout), "out": its output line, "errors": its problem lines}."""
        process = self.start()
        try:
            process.stdin.write(b"build\n")
            process.stdin.flush()
        except OSError:
            pass  # it died: the read below sees it
        line = self._read_line(process)
        if line is not None and json.loads(line).get("restart"):
            self.stop()
            return self.build()
        if line is None:
            timed_out = process.poll() is None
            self.stop()
            return {"code": None if timed_out else process.returncode, "out": "", "errors": []}
        return json.loads(line)

    def _read_line(self, process: subprocess.Popen) -> bytes | None:
        deadline = time.monotonic() + self.timeout
        fd = process.stdout.fileno()
        data = b""
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            data += chunk
        return data

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process = None


_normalisers: dict[Path, Normaliser] = {}


def normaliser(root: Path, timeout: float) -> Normaliser:
    """The one normaliser process of the archive at `root`, for every rebuild of the server."""
    if root not in _normalisers:
        _normalisers[root] = Normaliser(root, timeout)
    return _normalisers[root]


def worker(root: Path) -> None:
    """The child's loop: a build per line read; one JSON line each. The stages are imported
    before the first request, so that the first save pays no imports either."""
    from .build import Paths, build
    from .core.problems import Problems
    from .core.texts import terminal
    from .exports import search  # noqa: F401  (warm)
    from .pages import render, standalone  # noqa: F401
    from .site import citations  # noqa: F401

    paths = Paths(root)
    code = code_digest()
    asked = request()
    while asked:
        if code_digest() != code:  # the normaliser's code was edited: this process runs the old one
            reply({"restart": True})
            return
        try:
            made = build(paths, index_later=True)
        except Problems as error:
            # A file's name may hold escape sequences: written as escapes, as `archive build` does.
            reply({"code": 1, "out": "", "errors": [terminal(str(p)) for p in error.problems]
                   + [f"archive: {len(error.problems)} problem(s); docs/ was not changed"]})
            asked = request()
            continue
        if made is None:
            reply(NOTHING)
            asked = request()
            continue
        report, pending = made
        reply({"code": 0, "errors": [], "out": f"archive: wrote {len(report.written)} files, removed "
                                               f"{len(report.removed)}, {report.unchanged} unchanged; indexing for search"})
        asked = index_between_requests(paths, pending)


NOTHING = {"code": 0, "out": "", "errors": []}


def index_between_requests(paths, pending) -> bool:
    """Index while the pages are served (the index's writes start one more dirty rebuild, which
    brings the index and the search page without its notice). The server asks for a build again
    right after the pages it was given, because it saw them written: with the sources as this
    build read them, that is answered at once and Pagefind goes on. A save stops it: the build
    that save asks for indexes the sources as they are then. True: build now; False: the server
    has gone."""
    from .cache import inputs_digest

    indexing = threading.Thread(target=finish, args=(pending,), daemon=True)
    indexing.start()
    while indexing.is_alive():
        if not select.select([0], [], [], 0.1)[0]:
            continue
        if not request():
            pending.cancel()
            indexing.join()
            return False
        if inputs_digest(paths.sources) == pending.inputs:
            reply(NOTHING)
            continue
        pending.cancel()
        indexing.join()
        return True
    return request()


def finish(pending) -> None:
    from .core.problems import Problems

    try:
        pending.finish()
    except Problems:
        pass  # docs/ keeps the pages and the old index; the next build reports what is wrong


def request() -> bool:
    """Wait for the next request (a line); False when the server has gone (end of input). Read
    from the descriptor unbuffered, so that select() sees a request as soon as it comes."""
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(0, 1)
        if not chunk:
            return False
        line += chunk
    return True


def reply(result: dict) -> None:
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def code_digest() -> str:
    from .cache import CODE
    from .ingest.sources import snapshot

    digest = hashlib.sha256()
    for path, data in sorted(snapshot(CODE).files.items()):
        digest.update(str(path).encode() + b"\0" + data)
    return digest.hexdigest()


if __name__ == "__main__":
    worker(Path(sys.argv[1]))
