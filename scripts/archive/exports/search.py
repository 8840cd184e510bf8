"""Search stage: the site's search index, made by Pagefind from the pages of search_pages.py.

The index is written into docs/pagefind/ like any other generated file, so docs/ stays the
whole truth: any engine that copies docs/ (MkDocs with or without our hook, Zensical) ships
a working search. Pagefind splits the index into chunks and fetches only those a query needs.
"""
from __future__ import annotations

import json
import re
import subprocess
import threading
from pathlib import Path

from ..core.article import Article
from ..core.problems import Problem, Problems
from ..core.stopping import Stop
from ..core.vocabulary import Vocabulary
from ..keys import Unchanged, digest
from .scratch import Scratch
from .search_ahead import Ahead, adopt
from .search_inputs import NAME as INPUTS, Inputs
from .search_outputs import Outputs
from .search_pages import AMPERSAND, article_page, records, shards, vocabulary_names, vocabulary_pages  # noqa: F401 (AMPERSAND, records, shards: for tests and the benchmark)
from .search_prints import Prints
from .search_binary import SETTINGS, VERSION, beside, executable, version
from .search_cache import CACHE, Cache, File  # noqa: F401 (CACHE: for build.py and tests)
from .search_shards import FOLDER, KEYS_FILE, SHARDS_FILE, Committed, fingerprint, folder, keys_file, split

# The parts of Pagefind's bundle the site's search page uses; Pagefind's own UIs, its
# highlighter and the language-neutral engine (the index is English) are left out.
UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)|wasm\.unknown\.pagefind")


class Indexing:
    """Pagefind indexing the records, shard by shard, `at_once` processes at a time (each
    shard's pages written while the one before is indexed), from a thread: started before the
    pages are rendered, so that on a machine with two cores it runs beside them; `files()`
    waits for it. (A cold build drives it from a forked process, pages/apart.py's Indexed,
    two at a time: once the pages are made Pagefind is the build's last work, and one
    Pagefind alone leaves a core idle for part of each shard.) A shard whose pages are those of a shard indexed before is
    taken from `cache` (a folder; None: none) or `docs` (Committed) instead (Pagefind: scratch.py).
    `made`: the key each article was made with (build.load), `code`: the digest of the
    normaliser's code (keys.digests). `stop` set: Pagefind is ended, files() raises Stopped."""

    def __init__(self, voc: Vocabulary, articles: list[Article], cache: Path | None = None,
                 made: dict[str, str] | None = None, code: str = "", stop: Stop | None = None, docs: Path | None = None,
                 at_once: int = 1, later: bool = False, ahead: Ahead | None = None):
        binary = executable()
        if binary is None:
            raise Problems([Problem("scripts/requirements.lock", "pagefind",
                                    "the search index needs Pagefind's binary (pip package pagefind[bin]); run scripts/dev")])
        # Pagefind's command reads a folder of pages. (Its Python API answers one page per 0.1 s,
        # which is minutes at a few thousand articles.)
        self.binary, self.processes, self.errors, self.stopped = str(binary), [], [], False
        self.at_once = at_once  # Pagefind processes running at once (each about 80 MB at 5,005 articles)
        self.cache, self.committed = Cache(cache), Committed(docs)
        # Each page known by a fingerprint of what it is made from, so that a shard whose pages
        # are as before is known without making them (0.11 CPU s at 1,005 articles, most of a
        # one-record build's search stage): an article's page by the key its article was made
        # with, the names it shows and the code; the pages about the vocabularies by their bytes.
        self.voc, self.names = voc, vocabulary_names(voc)
        if ahead is not None:  # its changed articles' pages first, before what follows (about 10 ms)
            ahead.give({f"articles/{a.slug}.html": a for a in articles}, lambda a: article_page(voc, a, self.names))
        pages: dict[str, str | Article] = {}  # in records()' order: the order Pagefind is given them in
        prints, self.kept_prints = {}, Prints(cache and cache.parent, code, self.names)
        for a in articles:
            url, key = f"articles/{a.slug}.html", (made or {}).get(a.slug)
            pages[url] = a if key else article_page(voc, a, self.names)
            prints[url] = self.kept_prints.of(key, a) if key else digest(pages[url])
        for url, content in vocabulary_pages(voc, {a.slug: a.title for a in articles}).items():
            pages[url], prints[url] = content, digest(content)
        self.prints, self.shards = prints, [(n, shard) for n, shard in enumerate(split(pages)) if shard]
        memo = cache and cache.parent / VERSION
        self.made_by = json.dumps([version(self.binary, memo), *SETTINGS])
        self.keys = {n: Cache.key(self.binary, UNUSED.pattern, {url: prints[url] for url in shard}, memo)
                     for n, shard in self.shards}
        self.found: dict[int, dict[str, bytes]] = {}
        self.heads: dict[int, dict] = {}  # the shards made before, by their cache entries' heads
        self.indexed: list[int] = []  # the shards Pagefind indexed (the others came from the cache)
        self.tmp, self.halt = Scratch(cache and cache.parent / "pagefind-work"), stop or Stop()
        # Pagefind's pages and what it wrote from them, kept between builds
        self.kept, self.inputs, self.outputs, self.urls = cache and cache.parent / INPUTS, {}, {}, {}
        self.halt.tell(self.stop)
        # The shards not made before first (their Pagefind started here, before this returns: a
        # thread of its own started it only once the build's thread let it run), then the others
        # read: a shard's entry there is known by its name, read only after.
        self.todo = sorted(range(len(self.shards)), key=lambda i: self.made_before(self.shards[i][0]))
        self.ahead = adopt(self, ahead)  # the changed shard's Pagefind, started before the build read it
        self.running: list[tuple[int, subprocess.Popen]] = []
        self.step(first=True)
        self.thread = threading.Thread(target=self.run, daemon=True)
        if not later:
            self.go()

    def page(self, pages: dict[str, str | Article], url: str) -> str:
        return pages[url] if isinstance(pages[url], str) else article_page(self.voc, pages[url], self.names)

    def go(self) -> Indexing:
        """Start the thread that indexes the rest (`later`: not started by __init__, so that a
        build still reading may fork: only a process was started, no thread)."""
        if self.thread.ident is None:
            self.thread.start()
        return self

    def made_before(self, n: int) -> bool:
        return self.cache.has(self.keys[n]) or self.committed.has(n, self.keys[n])

    def run(self) -> None:
        """Index the shards (in the thread, after __init__ started the first). Each shard's pages
        are written while the shard before is indexed: Pagefind is not left waiting for them.
        Only the pages not kept from the last build are made (search_inputs.py)."""
        self.kept_prints.save()
        self.step(first=False)

    def step(self, first: bool) -> None:
        """`first`: only until a Pagefind is started."""
        try:
            self.steps(first)
        except OSError as error:  # the disk refused a page or a folder: files() says so
            self.errors.append(f"{error.filename or ''}: {error.strerror}".lstrip(": "))

    def steps(self, first: bool) -> None:
        running = self.running
        while self.todo:
            if self.stopped or first and self.made_before(self.shards[self.todo[0]][0]):
                return
            n, pages = self.shards[i := self.todo.pop(0)]
            # A shard's pages are let go once on disk or found in the cache: all of them kept
            # to the end of the build cost about 70 MB at 5,005 articles.
            self.shards[i] = (n, {})
            if self.made_before(n) and (head := self.cache.head(self.keys[n])) is not None:
                self.heads[n] = head
                continue
            if self.made_before(n) and (cached := self.committed.get(n, self.keys[n])) is not None:
                self.found[n] = cached
                continue
            if self.ahead is not None and n == self.ahead.n:  # started, its pages given (adopt())
                running.append((n, self.ahead.process))
                if first:
                    return
                continue
            self.inputs[n] = Inputs(self.kept, self.tmp.path, n)
            self.inputs[n].write({url: self.prints[url] for url in pages}, lambda url, pages=pages: self.page(pages, url))
            self.urls[n], self.outputs[n] = set(pages), Outputs(self.kept, self.tmp.path, n, self.made_by)
            self.outputs[n].prepare(self.inputs[n].unchanged)
            del pages
            if len(running) == self.at_once and not self.finish(*running.pop(0)):
                return
            running.append((n, self.start(n)))
            if first:
                return
        while running and not first:
            if not self.finish(*running.pop(0)):
                return

    def start(self, n: int) -> subprocess.Popen:
        process = subprocess.Popen(
            [*(beside() if self.at_once == 1 else ()), self.binary, "--site", str(self.inputs[n].path),
             "--output-path", str(self.outputs[n].path), *SETTINGS],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.processes.append(process)
        if self.stopped:  # stop() came before this process was there to end
            process.kill()
        return process

    def finish(self, n: int, process: subprocess.Popen) -> bool:
        """Shard n's output once its Pagefind has ended; False when it failed."""
        found = None
        try:
            _, errors = process.communicate()
            self.inputs[n].settle()  # its pipes regular files (search_ahead.py): read again below
            if process.returncode == 0 and (found := self.outputs[n].collect(self.urls[n], UNUSED)) is None:
                # Two pages' fragments named alike beside kept ones (search_outputs.py): again from nothing.
                self.outputs[n].clear()
                _, errors = (process := self.start(n)).communicate()
                if process.returncode == 0:
                    found = self.outputs[n].collect(self.urls[n], UNUSED)
        finally:
            self.inputs[n].release()
        if found is None:
            self.errors.append(errors.strip()[-500:] or f"exit {process.returncode}"
                               if process.returncode else "its output has not one fragment for each page")
            return False
        self.found[n] = found
        self.indexed.append(n)
        self.cache.put(self.keys[n], self.found[n])
        return True

    def files(self) -> dict[str, bytes | Unchanged]:
        """docs-relative path -> bytes of every file of the search index, or, in a shard made
        before, its SHA-256 (keys.Unchanged: the writer reads it from the cache only where
        docs/ holds other bytes)."""
        try:
            self.go().thread.join()
            if self.errors or self.stopped:
                self.halt.check()
                raise Problems([Problem(self.binary, "pagefind", f"failed to index the site: "
                                        f"{self.errors[0] if self.errors else 'stopped'}")])
            others = [f"shard-{n}/" for n, _ in self.shards if n > 0]
            prints = {**{n: fingerprint(files) for n, files in self.found.items()}, **{n: h["fingerprint"] for n, h in self.heads.items()}}
            found = {f"{FOLDER}/{SHARDS_FILE}": json.dumps(others).encode(), f"{FOLDER}/{KEYS_FILE}": keys_file(self.keys, prints)}
            for n in sorted(prints):
                found.update({f"{folder(n)}/{rel}": data for rel, data in sorted(self.found[n].items())} if n in self.found else
                             {f"{folder(n)}/{rel}": Unchanged(sha256, File(self.cache, self.keys[n], rel))
                              for rel, _, sha256 in sorted(self.heads[n]["files"])})
            self.cache.prune(set(self.keys.values()))
            return found
        finally:
            self.close()

    def stop(self) -> None:
        """Stop indexing (from another thread: files() then raises Problems, or Stopped)."""
        self.stopped = True
        for process in self.processes:
            if process.poll() is None:
                process.kill()

    def close(self) -> None:
        self.stop()
        if self.thread.ident is not None:
            self.thread.join()
        for process in self.processes:  # ended, not only sent the signal: no Pagefind outlives close()
            process.wait()
        for inputs in self.inputs.values():
            inputs.release()
        self.tmp.cleanup()


def index(voc: Vocabulary, articles: list[Article], cache: Path | None = None) -> dict[str, bytes]:
    """docs-relative path -> bytes of every file of the search index."""
    return whole(Indexing(voc, articles, cache).files())


def whole(files: dict[str, bytes | Unchanged]) -> dict[str, bytes]:
    """Indexing.files() with every file's bytes."""
    return {rel: data.make() if isinstance(data, Unchanged) else data for rel, data in files.items()}


# The search page: a form that works as a plain link target (search.html?q=...) and the place
# where results appear; the script comes with every page (mkdocs.yml, extra_javascript). Under file:// the browser refuses the index's
# fetches, so the script says so instead of searching (see docs/assets/javascripts/search.js).
def search_page(behind: bool = False) -> dict[str, str]:
    """docs/search.md (site/templates/search.md); `behind`: under `mkdocs serve`, the edited
    pages are served before Pagefind has indexed them, and until it has the page says so
    (build.Pending). (Its imports here: the build imports this module before Pagefind starts,
    and the pages' templates, Jinja's, are not needed then.)"""
    from ..site.markup import frontmatter
    from ..site.structure import templates
    return {"search.md": frontmatter({"title": "Search"}, templates().get("search.md").render(behind=behind))}
