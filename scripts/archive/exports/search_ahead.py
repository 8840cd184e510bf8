"""The changed shard's Pagefind, started before the build has read the changed article: a guess,
checked before Pagefind is given that article's page.

After one changed record, Pagefind reads the shard's 130 kept pages (search_inputs.py) and then
indexes and writes; about half of its 0.33 s at 1,005 articles goes before the last page is
read. Started once load() has read the changed article, it ended as late as the build's own
thread. So as soon as the build knows which sources changed (keys.seen_digests), and they are
an article's files only, the shard of that article's page gets its Pagefind at once: each
changed page is a named pipe in the kept folder, and Pagefind reads the others meanwhile.
Indexing then checks the guess (Indexing.adopt): the shard's pages must be exactly the folder's,
each kept page as Inputs.write() would keep it. Then the changed pages are written into their
pipes, and Pagefind reads the same bytes a build without a guess gives it: the same index. Any
other case (a page about a vocabulary entry that names the article, another shard, a shard
made before, a failed build) ends that Pagefind, and the folders are left as recorded."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import struct
import subprocess
import termios
import time
from pathlib import Path

from .search_binary import SETTINGS, VERSION, beside, executable, version
from .search_cache import CACHE
from .search_inputs import NAME as INPUTS, Inputs
from .search_outputs import Outputs
from .search_shards import article_shards, shard_of

ARTICLES = "articles"  # sources/ folder of the articles' files, and the pages' folder
GUESSED = 8  # changed articles at most: more, and the build is not one an editor waits on
OPEN_WAIT = 10.0  # seconds Pagefind may take to open a pipe before the guess is given up


def guessed(root: Path, tree, sources: Path) -> Ahead | None:
    """Ahead.guess() for the archive at `root` (its cache folders, Pagefind's binary and version
    as search.Indexing finds them)."""
    binary, cache = executable(), root / CACHE
    if not binary or not (cache.parent / INPUTS).is_dir():
        return None  # no shard kept to guess on: nothing to start (not even Pagefind's --version)
    made_by = json.dumps([version(binary, cache.parent / VERSION), *SETTINGS])
    return Ahead.guess(tree, sources, cache.parent / INPUTS, binary, made_by)


class Ahead:
    """Shard n's Pagefind, reading `inputs` (expect()ed) into `outputs` (prepare()d). Each pipe
    is held open for writing from before Pagefind starts: Pagefind's opening it does not wait,
    and if the build dies, Pagefind reads the page's end and ends too (no process left waiting)."""

    def __init__(self, n: int, inputs: Inputs, outputs: Outputs, process: subprocess.Popen, pipes: dict[str, int]):
        self.n, self.inputs, self.outputs, self.process, self.pipes = n, inputs, outputs, process, pipes
        self.adopted = False  # Indexing took it over (and ends it)

    @classmethod
    def guess(cls, tree, sources: Path, kept: Path, binary: str | None, made_by: str) -> Ahead | None:
        """The Pagefind of the shard of the articles whose files `tree` (keys.seen_digests')
        read again, or None. `kept`: search_inputs' folder."""
        read = getattr(tree.files, "read", None) if tree is not None and binary and hasattr(os, "mkfifo") else None
        folder = f"{sources / ARTICLES}/"
        if not read or len(read) > 2 * GUESSED or not all(str(p).startswith(folder) and "/" not in str(p)[len(folder):] for p in read):
            return None
        urls = {f"{ARTICLES}/{Path(p).stem}.html" for p in read}
        count = article_shards(sum(1 for p in tree.files if str(p).startswith(folder) and str(p).endswith(".txt")))
        if len(urls) > GUESSED or len(shards := {shard_of(url, count) for url in urls}) != 1:
            return None
        n, pipes = shards.pop(), {}
        inputs = Inputs(kept, kept, n)
        try:
            if not inputs.expect(urls):
                inputs.release()
                return None
            for url in inputs.pipes:
                pipes[url] = os.open(inputs.path / url, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
                HELD.add(pipes[url])
            outputs = Outputs(kept, kept, n, made_by)
            outputs.prepare(set(inputs.kept))
            process = subprocess.Popen([*beside(), binary, "--site", str(inputs.path), "--output-path", str(outputs.path), *SETTINGS],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        except OSError:
            shut(pipes)
            inputs.release()
            return None
        return cls(n, inputs, outputs, process, pipes)

    def send(self, prints: dict[str, str], make) -> bool:
        """Each pipe's page (make(url)) given to Pagefind, when `prints` (the shard's pages by
        fingerprint) are what expect() left; False when they are not, or Pagefind is gone."""
        if not self.inputs.matches(prints):
            return False
        try:
            for url in self.inputs.pipes:
                page = make(url).encode("utf-8")
                self.inputs.pipes[url] = (prints[url], page)
                fill(self.pipes.pop(url), self.inputs.path / url, page, self.process)
        except OSError:
            return False
        return True

    def close(self) -> None:
        """End the Pagefind, unless Indexing took it over, and leave the folders as recorded."""
        if self.adopted:
            return
        self.adopted = True
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        shut(self.pipes)
        self.inputs.release()
        self.outputs.abandon()


HELD: set[int] = set()  # the pipes' descriptors: a process forked meanwhile (citation_pool.py) closes its copies


def forked() -> None:
    """In a forked child: its copies closed, so that Pagefind's reading ends with the build's."""
    for fd in HELD:
        os.close(fd)
    HELD.clear()


os.register_at_fork(after_in_child=forked)


def shut(pipes: dict[str, int]) -> None:
    for fd in pipes.values():
        HELD.discard(fd)
        os.close(fd)
    pipes.clear()


def fill(fd: int, pipe: Path, page: bytes, process: subprocess.Popen) -> None:
    """Write `page` into its pipe and close it once Pagefind has it open: closed before, the
    page would be lost with the pipe. (Pagefind opens every page as it starts, so it has: its
    descriptors say so. Where they cannot be read, the page is closed once Pagefind has read it.)"""
    try:
        os.set_blocking(fd, True)  # Pagefind empties it as it reads; a page may be more than its buffer
        view = memoryview(page)
        while view:
            view = view[os.write(fd, view):]
        waited = time.monotonic()
        while unread(fd) and not opened(process.pid, os.path.realpath(pipe)):
            if process.poll() is not None or time.monotonic() - waited > OPEN_WAIT:
                raise OSError(errno.EPIPE, "Pagefind did not read the page")
            time.sleep(0.0005)
    finally:
        HELD.discard(fd)
        os.close(fd)


def opened(pid: int, path: str) -> bool:
    """Whether process `pid` has the file at `path` open (Linux's /proc; False elsewhere)."""
    try:
        names = os.listdir(folder := f"/proc/{pid}/fd")
    except OSError:
        return False
    for name in names:
        try:
            if os.readlink(f"{folder}/{name}") == path:
                return True
        except OSError:
            continue
    return False


def unread(fd: int) -> int:
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
