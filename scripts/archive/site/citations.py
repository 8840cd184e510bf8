"""Citations: Chicago (author-date) and APA (7th edition) made by citeproc-py from the official
CSL styles of the Citation Style Language project (https://citationstyles.org/), vendored in
sources/csl/ under CC BY-SA 3.0; bibtex.py writes BibTeX from the same CSL-JSON item.

citeproc-py walks the whole style for every entry: about 3 ms of CPU per article for both
styles with the speed-ups of citeproc_speedups.py (14 ms without). So each rendered entry is
kept, keyed by its CSL-JSON item and the styles' digest, in memory and in
docs/data/citations.json (published with the dataset); a build renders only the entries it
has not seen. Many unseen entries (a cold build) are rendered in processes on the machine's
other cores while the articles are still being read (Ahead): the reading and the citations
of 1,005 articles cost about 3.5 CPU s each, and the second core was idle then (Pagefind,
which needs every article, starts after). Processes are forked only while the process runs
no other thread; else, and for a few entries, they are rendered here as the pages ask.
"""
from __future__ import annotations

import collections
import functools
import hashlib
import html
import json
import multiprocessing
import os
import threading
from pathlib import Path

from citeproc import Citation, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from .bibtex import bibtex
from .citation_text import punctuated, title_case, years_apart
from . import citeproc_patches
from .citeproc_speedups import Cited, elements
from .csl import ARCHIVED, article_item, source_item

CSL = "csl"  # the styles' folder, in sources/
STYLES = {"chicago": "chicago-author-date.csl", "apa": "apa.csl"}
CACHE_FILE = "data/citations.json"  # under docs/


# --- the data ------------------------------------------------------------------------------

def source_chicago(citations: "Citations", source) -> str:
    """An external source's entry in Chicago author-date, as HTML (escaped as every entry is)."""
    return citations.render(source_item(source))["chicago"]


def formats(citations: Citations, voc, a) -> tuple[str, str, str]:
    """Chicago and APA (as HTML, for an HTML block) and BibTeX (plain), all from the article's
    CSL-JSON item."""
    entry = article_item(voc, a)
    rendered = citations.render(entry)
    return rendered["chicago"], rendered["apa"], bibtex(entry, a.date.value)


def uncitable(citations: Citations, voc, articles) -> list:
    """A problem for each article whose citation cannot be rendered, so that `check` finds
    what would stop `build` (both call this; an entry already rendered is not rendered again)."""
    from ..core.problems import Problem
    found = []
    for a in articles:
        try:
            citations.render(article_item(voc, a))
        except Exception as error:  # citeproc-py's own failure, whatever it is: one line, not a traceback
            found.append(Problem(f"sources/articles/{a.slug}.yml", "file",
                                 f"its citation cannot be rendered ({type(error).__name__}: {error}); "
                                 f"the date {a.date.value!r}, title and authors are what it is made from"))
    return found


# --- rendering -----------------------------------------------------------------------------

class Citations:
    """One build's rendered Chicago and APA entries, each rendered once per distinct item, with
    the styles in `csl` (sources/csl/ of the archive built); `archive` is its title."""

    def __init__(self, csl: Path, archive: str):
        citeproc_patches.install()
        self.csl = csl
        self.archive = archive  # the archive's title (sources/site.yml), where each entry says it was consulted
        self.styles = {}
        self.held: list = []  # every element of the parsed styles (see citeproc_patches.py)
        self.seen: dict[str, dict] = {}
        # Rendering in processes beside this one (soon(), collect()): the entries asked for
        # that were not seen, those not yet sent, the batches sent.
        self.pool, self.started, self.queued, self.waiting, self.sending = None, False, {}, [], []

    @functools.cached_property
    def digest(self) -> str:
        """The styles' and the code's that renders them: an entry rendered by older code is stale."""
        code = [Path(__file__), *(Path(__file__).with_name(f"{m}.py") for m in ("citeproc_patches", "citeproc_speedups", "citation_text"))]
        return hashlib.sha256(self.archive.encode() + b"".join(f.read_bytes() for f in (*(self.csl / f for f in STYLES.values()), *code))).hexdigest()

    def load(self, path: Path) -> None:
        """Entries from a previous build's citations.json; anything unreadable is ignored."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("styles") == self.digest:
                for entry in data["entries"]:
                    self.seen[key(entry["item"])] = entry
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass

    def render(self, entry: dict) -> dict:
        k = key(entry)
        if k not in self.seen:
            self.seen[k] = self.rendered(entry)
        return self.seen[k]

    def rendered(self, entry: dict) -> dict:
        return {"item": entry, **{name: self.format(name, entry) for name in STYLES}}

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
        for name in STYLES:
            self.style(name)  # parsed once, before the fork: every process inherits it
        _forked = self
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

    def format(self, name: str, entry: dict) -> str:
        """One bibliography entry as HTML. citeproc-py escapes only the style's own words, so the
        item's text is escaped before it goes in, once."""
        safe = {k: escaped(v) for k, v in entry.items() if k != ARCHIVED}
        bibliography = CitationStylesBibliography(self.style(name), CiteProcJSON([safe]), formatter.html)
        bibliography.register(Citation([Cited(entry["id"])]))
        text = punctuated(str(bibliography.bibliography()[0]))
        if name == "apa":
            text = years_apart(text)
        if ARCHIVED in entry:
            # Where the text was consulted. CSL's `archive` variables are for archival collections
            # (APA puts them before the site's name, Chicago capitalises the address) and neither
            # style prints an access date beside a publication date; so the part is ours, after
            # the entry, as both styles place the address of the copy consulted: last.
            text += f" Archived in {title_case(self.archive)}, {escaped(entry[ARCHIVED])}."
        return text

    def style(self, name: str) -> CitationStylesStyle:
        if name not in self.styles:
            self.styles[name] = CitationStylesStyle(str(self.csl / STYLES[name]), validate=False)
            self.held.extend(elements(self.styles[name]))
        return self.styles[name]

    def published(self, entries: list[dict]) -> str:
        """citations.json: the styles' digest and, per article, its item and both entries."""
        rendered = sorted((self.render(e) for e in entries), key=lambda r: r["item"]["id"])
        lines = ",\n  ".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rendered)
        return f'{{\n "styles": "{self.digest}",\n "entries": [\n  {lines}\n ]\n}}\n'


POOL_MIN = 64  # entries: below this, starting the processes costs more than it saves
BATCH = 16  # entries sent to the processes at a time
_forked: Citations | None = None  # the Citations whose styles the pool's processes inherit


class Ahead:
    """A build's citations, rendered while its articles are read: made(voc, article) for each
    article as it is read, then citations(voc) (close() on the way out)."""

    def __init__(self, csl: Path, cache: Path):
        self.csl, self.cache, self.cites = csl, cache, None

    def made(self, voc, article) -> None:
        self.citations(voc, collect=False).soon(article_item(voc, article))

    def citations(self, voc, collect: bool = True) -> Citations:
        if self.cites is None:
            self.cites = Citations(self.csl, voc.title)
            self.cites.load(self.cache)  # entries rendered before
        if collect:
            self.cites.collect()
        return self.cites

    def close(self) -> None:
        if self.cites is not None:
            self.cites.close()


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


def escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    return value
