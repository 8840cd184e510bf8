"""Citations: Chicago (author-date) and APA (7th edition) made by citeproc-py from the official
CSL styles of the Citation Style Language project (https://citationstyles.org/), vendored in
sources/csl/ under CC BY-SA 3.0; bibtex.py writes BibTeX from the same CSL-JSON item.

citeproc-py walks the whole style for every entry: about 2 ms of CPU per article for both
styles with the speed-ups of citeproc_speedups.py (14 ms without). So each rendered entry is
kept, keyed by its CSL-JSON item and the styles' digest, in memory and in
docs/data/citations.json (published with the dataset); a build renders only the entries it
has not seen. A cold build renders them while the articles are read (Ahead), each in the
process that reads its article (ingest/reading.py reads in two processes): the reading and the
citations of 1,005 articles cost about 3.5 CPU s each. Other builds with many unseen entries
render them in processes beside (citation_pool.py); a few are rendered here as pages ask.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .bibtex import bibtex
from .citation_keys import Kept, parsed, read
from .citation_pool import Beside, key
from .citation_text import escaped, punctuated, title_case, years_apart
from .csl import ARCHIVED, article_item, source_item

CSL = "csl"  # the styles' folder, in sources/
STYLES = {"chicago": "chicago-author-date.csl", "apa": "apa.csl"}
CACHE_FILE = "data/citations.json"  # under docs/


# --- the data ------------------------------------------------------------------------------

def source_chicago(citations: "Citations", source) -> str:
    """An external source's entry in Chicago author-date, as HTML (escaped as every entry is)."""
    return citations.render(source_item(source))["chicago"]


def history_sources(p):
    """The external sources of a proposal's history, in the order it cites them."""
    for o in p.origins:
        yield from [*o.date.sources, *(e.external for e in o.basis if e.external)]


def formats(citations: Citations, voc, a) -> tuple[str, str, str]:
    """Chicago and APA (as HTML, for an HTML block) and BibTeX (plain), all from the article's
    CSL-JSON item."""
    entry, k = citations.item(voc, a)
    rendered = citations.render(entry, k)
    return rendered["chicago"], rendered["apa"], bibtex(entry, a.date.value)


def uncitable(citations: Citations, voc, articles) -> list:
    """A problem for each article whose citation cannot be rendered, so that `check` finds
    what would stop `build` (both call this; an entry already rendered is not rendered again)."""
    from ..core.problems import Problem
    found = []
    for a in articles:
        try:
            if not citations.known(a):
                citations.render(*citations.item(voc, a))
        except Exception as error:  # citeproc-py's own failure, whatever it is: one line, not a traceback
            found.append(Problem(f"sources/articles/{a.slug}.yml", "file",
                                 f"its citation cannot be rendered ({type(error).__name__}: {error}); "
                                 f"the date {a.date.value!r}, title and authors are what it is made from"))
    if citations.keys is not None:
        citations.keys.keep()
    return found


# --- rendering -----------------------------------------------------------------------------

class Citations(Beside):
    """One build's rendered Chicago and APA entries, each rendered once per distinct item, with
    the styles in `csl` (sources/csl/ of the archive built); `archive` is its title. Many are
    rendered in processes beside this one (citation_pool.Beside: prepare(), soon(), collect())."""

    names = tuple(STYLES)

    def __init__(self, csl: Path, archive: str):
        self.csl = csl
        self.archive = archive  # the archive's title (sources/site.yml), where each entry says it was consulted
        self.styles = {}
        self.held: list = []  # every element of the parsed styles (see citeproc_patches.py)
        self.seen: dict[str, dict | str] = {}  # key -> entry, or citations.json's line of it (citation_keys.py)
        self.keys = None  # each article's item key kept from the last build (citation_keys.Kept), if any
        self.items: dict[int, tuple] = {}  # id(article) -> (article, voc, its item, the item's key): item()
        # Rendering in processes beside this one (soon(), collect()): the entries asked for
        # that were not seen, those not yet sent, the batches sent.
        self.pool, self.started, self.queued, self.waiting, self.sending = None, False, {}, [], []

    @functools.cached_property
    def digest(self) -> str:
        """The styles' and the code's that renders them: an entry rendered by older code is stale."""
        code = [Path(__file__), *(Path(__file__).with_name(f"{m}.py") for m in ("citeproc_patches", "citeproc_speedups", "citeproc_choose", "citation_text"))]
        return hashlib.sha256(self.archive.encode() + b"".join(f.read_bytes() for f in (*(self.csl / f for f in STYLES.values()), *code))).hexdigest()

    def load(self, path: Path) -> None:
        """Entries from a previous build's citations.json; anything unreadable is ignored."""
        read(path, self.digest, key, self.seen)

    def item(self, voc, a) -> tuple[dict, str]:
        """The article's CSL-JSON item and its key, made once for each article object: the
        reading (Ahead.made), uncitable() and its page each ask (3,015 items made and turned into
        JSON at 1,005 articles: about 0.02 CPU s). The article is held, so its id is not reused."""
        found = self.items.get(id(a))
        if found is None or found[0] is not a or found[1] is not voc:
            entry = article_item(voc, a)
            found = self.items[id(a)] = (a, voc, entry, key(entry))
            if self.keys is not None:
                self.keys.put(a, found[3])
        return found[2], found[3]

    def known(self, a) -> bool:
        """Whether the article's item key is kept (citation_keys.Kept) and its entry rendered."""
        return self.keys is not None and (k := self.keys.get(a)) is not None and k in self.seen

    def render(self, entry: dict, k: str | None = None) -> dict:
        """`k`: the entry's key(), when known."""
        k = k or key(entry)
        found = self.seen.get(k)
        if type(found) is str:
            found = self.seen[k] = parsed(found, k, key)
        if found is None:
            found = self.seen[k] = self.rendered(entry)
        return found

    def rendered(self, entry: dict) -> dict:
        return {"item": entry, **{name: self.format(name, entry) for name in STYLES}}

    def format(self, name: str, entry: dict) -> str:
        """One bibliography entry as HTML. citeproc-py escapes only the style's own words, so the
        item's text is escaped before it goes in, once."""
        safe = {k: escaped(v) for k, v in entry.items() if k != ARCHIVED}
        from citeproc import Citation, CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON
        from .citeproc_speedups import Cited
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

    def style(self, name: str):
        """The style `name`, parsed (a citeproc CitationStylesStyle)."""
        if name not in self.styles:
            # citeproc-py and lxml imported and patched (citeproc_patches) when a style is first
            # needed: not before the build's Pagefind starts (a one-record build renders after).
            from citeproc import CitationStylesStyle
            from . import citeproc_patches
            from .citeproc_speedups import elements
            citeproc_patches.install()
            self.styles[name] = CitationStylesStyle(str(self.csl / STYLES[name]), validate=False)
            self.held.extend(elements(self.styles[name]))
        return self.styles[name]

    def published(self, entries: list[dict], sources: list[dict], lines: list[str] | None = None) -> str:
        """citations.json: the styles' digest; per article, its item and both entries; the same
        for each external source the records and vocabularies cite (their items all have the id
        "source": in the order of their keys). `lines`: the articles' lines (entry_line()) made
        before, in the order of their ids, in place of `entries` (exports/dataset.py keeps them)."""
        if lines is None:
            lines = [entry_line(r) for r in sorted((self.render(e) for e in entries), key=lambda r: r["item"]["id"])]
        others = [entry_line(self.render(e)) for e in sorted(sources, key=key)]
        lines, others = ",\n  ".join(lines), ",\n  ".join(others)
        return f'{{\n "styles": "{self.digest}",\n "entries": [\n  {lines}\n ],\n "sources": [\n  {others}\n ]\n}}\n'


def entry_line(rendered: dict) -> str:
    """An entry's line in citations.json."""
    return json.dumps(rendered, ensure_ascii=False, sort_keys=True)


class Ahead:
    """A build's citations, rendered while its articles are read: made(voc, article) for each
    article as it is read, then citations(voc) (close() on the way out). When the articles are
    read in two processes (ingest/reading.py's Beside: apart(), made(), sent(), took()), each
    renders the citations of the articles it reads as it reads them, and no pool is started:
    the reading and the citations then fill both cores, and the build has no thread or other
    process alive when it forks the render (pages/apart.py)."""

    def __init__(self, csl: Path, cache: Path, store=None):
        """`store`: the build's cache (cache.Store), where each article's item key is kept."""
        self.csl, self.cache, self.cites, self.store = csl, cache, None, store
        self.now, self.before = False, set()

    def made(self, voc, article) -> None:
        cites = self.citations(voc, collect=False)
        if cites.known(article):  # an unchanged article's: its item not made again
            return
        entry, k = cites.item(voc, article)
        if k in cites.seen:  # rendered before (most are, but after a change of the styles)
            return
        if not self.now:
            cites.soon(entry)
            return
        try:
            cites.render(entry, k)
        except Exception:  # noqa: BLE001 - rendered again, and reported, by uncitable()
            pass

    def apart(self, voc) -> None:
        self.now = True
        # Loaded and parsed before the fork: both processes know the entries rendered before and
        # the styles, parsed once.
        cites = self.citations(voc, collect=False)
        for name in cites.names:
            cites.style(name)

    def sent(self) -> dict:
        return {k: v for k, v in self.cites.seen.items() if k not in self.before} if self.cites else {}

    def took(self, value: dict) -> None:
        for k, v in value.items():
            self.cites.seen.setdefault(k, v)

    def citations(self, voc, collect: bool = True) -> Citations:
        if self.cites is None:
            self.cites = Citations(self.csl, voc.title)
            self.cites.load(self.cache)  # entries rendered before
            if self.store is not None and self.store.context:
                self.cites.keys = Kept(self.store)
            self.before = set(self.cites.seen)
        if collect:
            self.cites.collect()
        return self.cites

    def close(self) -> None:
        if self.cites is not None:
            self.cites.close()
