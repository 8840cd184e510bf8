"""`mkdocs serve` at the pace of an edit, for the hook (an accelerator: docs/ is the same without it).

- Rebuilds after the first are MkDocs' dirty builds: only the pages whose Markdown the normaliser
  rewrote are rendered again (the navigation is the same list of section pages in mkdocs.yml
  whatever an edit does, so it is not made stale). A page the normaliser removed is removed from
  the served site too, which a dirty build alone would leave behind.
- The normaliser runs in a process of its own that stays up between saves (its imports paid
  once; warm.py): whatever a saved record does to it (a crash in a C library, a hang) ends that
  process, not the server; the next save starts another. It writes the saved article's page
  first and finishes the rest in the background, told by `built` when the server is done.

This module outlives each rebuild's fresh copy of the hook (MkDocs loads the hook file again for
every rebuild; this module is imported once), so what must last across rebuilds lives here.
"""
from __future__ import annotations

import fcntl
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
        for attempt in range(3):
            try:
                return full_build(config, serve_url=serve_url, dirty=dirty)
            except FileNotFoundError:
                # A file MkDocs listed was replaced before it was read (Pagefind's index, by the
                # normaliser's background build): listed again, docs/ is as it is now.
                if attempt == 2:
                    raise

    build.archive_dirty = True
    serve_command.build = build
    # MkDocs warns at every dirty build that the navigation may be stale; here it cannot be (see
    # above), and under `strict: true` the warning alone would fail every rebuild.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: not record.getMessage().startswith(DIRTY_WARNING))


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


# What the build under way has seen, so that the watchers' events for it start no second
# rebuild, which would hold every request while it ran (MkDocs' poller hears a save again up to
# 0.5 s after the kernel did; the normaliser's own writes are heard while it answers): a file of
# sources/ last changed before the normaliser was asked (it reads them after), and a file of
# docs/ last changed before it answered (MkDocs reads them after). Events heard while it answers
# are weighed once it has. Hidden files (the manifest, temporary files) MkDocs never reads.
RACY_NS = 20_000_000  # a file's time may lag the clock by a tick: closer than this counts as after
_folders: dict[str, str] = {}  # "docs", "sources" -> the real path
_times = {"asked": 0, "answered": 0}
_heard: list[list[str]] = []
_heard_lock = threading.Lock()
_server: list = []  # the server, which on_serve gives


def listen(server, docs: str, sources: str) -> None:
    """Weigh the watchers' events from the start of each rebuild of `server` (before MkDocs reads
    its configuration) until the normaliser has answered (the hook calls answered())."""
    _server[:] = [server]
    _folders.update(docs=os.path.realpath(docs) + os.sep, sources=os.path.realpath(sources) + os.sep)
    builder = server.builder

    def rebuild(*args, **kwargs):
        answering()
        try:
            return builder(*args, **kwargs)
        finally:
            answered()  # if the build ended before the normaliser answered

    server.builder = rebuild


def answering() -> None:
    with _heard_lock:
        _heard[:] = [[]]
    _times["asked"] = time.time_ns()


def answered() -> None:
    """The normaliser has answered: a rebuild for what was heard meanwhile and is not seen."""
    with _heard_lock:
        if not _heard:
            return
        heard = _heard.pop()
        _times["answered"] = time.time_ns()
    if _server and not all(seen(path) for path in heard):
        with _server[0]._rebuild_cond:
            _server[0]._want_rebuild = True
            _server[0]._rebuild_cond.notify_all()


def seen(path: str) -> bool:
    """Whether a watched file's event asks for nothing (see above)."""
    if os.path.basename(path).startswith("."):
        return True
    with _heard_lock:
        if _heard:
            _heard[0].append(path)
            return True
    path = os.path.realpath(path)
    try:
        changed = os.stat(path).st_mtime_ns
    except OSError:
        return False  # removed: MkDocs' dirty build would keep its page
    if path.startswith(_folders.get("docs", "\0")):
        return changed < _times["answered"]
    return path.startswith(_folders.get("sources", "\0")) and changed < _times["asked"] - RACY_NS


# The lock `archive build` takes on docs/ (write.locked), held by the server while MkDocs reads
# docs/: the search index, written after the pages, must not change files under a build.
_docs_lock: list[int] = []


def hold_docs(docs: Path, wait: bool = True) -> None:
    """`wait` False: only if no one holds it. The normaliser's background build holds it for the
    whole build (minutes at 5,005 articles on a loaded machine), and a rebuild waiting for it held
    every request meanwhile; its writes are atomic, and start the rebuild that renders them."""
    release_docs()
    fd = os.open(docs, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return
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
        self.send(process, b"build\n")
        line = self._read_line(process)
        if line is not None and json.loads(line).get("restart"):
            self.stop()
            return self.build()
        if line is None:
            timed_out = process.poll() is None
            self.stop()
            return {"code": None if timed_out else process.returncode, "out": "", "errors": []}
        return json.loads(line)

    def built(self) -> None:
        """Tell the normaliser that the server has rendered what it wrote and let go of docs/
        (warm.py: its background build may start writing)."""
        if self.process is not None and self.process.poll() is None:
            self.send(self.process, b"built\n")

    @staticmethod
    def send(process: subprocess.Popen, line: bytes) -> None:
        try:
            process.stdin.write(line)
            process.stdin.flush()
        except OSError:
            pass  # it died: the read after a build request sees it; the next build starts another

    def _read_line(self, process: subprocess.Popen) -> bytes | None:
        deadline, fd, data = time.monotonic() + self.timeout, process.stdout.fileno(), b""
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
            self.process.kill()  # nothing if it has ended
            self.process.wait()
            self.process = None


_normalisers: dict[Path, Normaliser] = {}


def normaliser(root: Path, timeout: float) -> Normaliser:
    """The one normaliser process of the archive at `root`, for every rebuild of the server."""
    return _normalisers.setdefault(root, Normaliser(root, timeout))  # (a process only when asked)


def built() -> None:
    """The server's build is over (docs/ let go): tell the normalisers (Normaliser.built)."""
    for each in _normalisers.values():
        each.built()


if __name__ == "__main__":
    from .warm import worker
    worker(Path(sys.argv[1]))
