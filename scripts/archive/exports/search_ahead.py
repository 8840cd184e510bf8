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

import json
import os
import subprocess
from pathlib import Path

from .search_binary import SETTINGS, VERSION, beside, executable, version
from .search_cache import CACHE
from .search_inputs import NAME as INPUTS, Inputs
from .search_outputs import Outputs
from .search_pipes import HELD, fill, shut
from .search_shards import article_shards, shard_of

ARTICLES = "articles"  # sources/ folder of the articles' files, and the pages' folder
GUESSED = 8  # changed articles at most: more, and the build is not one an editor waits on


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
        self.given: dict[str, bytes | None] = {}  # the pages give() gave (None: Pagefind did not take it)

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

    def give(self, articles: dict, make) -> None:
        """Each pipe's page (make(article), `articles` by their page's address) given to Pagefind
        as soon as the build has the article, before send() checks the guess: a wrong one ends
        this Pagefind anyway."""
        for url in [url for url in self.pipes if url in articles]:
            self.given[url] = make(articles[url]).encode("utf-8")
            try:
                fill(self.pipes.pop(url), self.inputs.path / url, self.given[url], self.process)
            except OSError:
                self.given[url] = None

    def send(self, prints: dict[str, str], make) -> bool:
        """Each pipe's page (make(url), or the one given) given to Pagefind, when `prints` (the
        shard's pages by fingerprint) are what expect() left; False when they are not, or
        Pagefind is gone. (A page given is make(url)'s: the same article, vocabulary and code.)"""
        if not self.inputs.matches(prints) or None in self.given.values():
            return False
        try:
            for url in self.inputs.pipes:
                page = self.given[url] if url in self.given else make(url).encode("utf-8")
                self.inputs.pipes[url] = (prints[url], page)
                if url in self.pipes:
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


def adopt(index, ahead: Ahead | None) -> Ahead | None:
    """`ahead` taken over by `index` (search.Indexing), its shard first, if it guessed right: its
    shard is to be indexed, its folder holds the shard's pages but the changed ones (given now);
    else ended, None."""
    at = next((i for i in index.todo if ahead and index.shards[i][0] == ahead.n), None)
    if at is None or index.made_before(ahead.n):
        return ahead and ahead.close()
    pages = index.shards[at][1]
    if not ahead.send({url: index.prints[url] for url in pages}, lambda url: index.page(pages, url)):
        return ahead.close()
    ahead.adopted = True
    index.processes.append(ahead.process)  # ended and released by Indexing.close() from now on
    index.inputs[ahead.n], index.outputs[ahead.n], index.urls[ahead.n] = ahead.inputs, ahead.outputs, set(pages)
    index.todo.remove(at)
    index.todo.insert(0, at)
    return ahead
