"""Citations: Chicago (author-date) and APA (7th edition) made by citeproc-py from the official
CSL styles of the Citation Style Language project (https://citationstyles.org/), vendored in
sources/csl/ under CC BY-SA 3.0; bibtex.py writes BibTeX from the same CSL-JSON item.

citeproc-py walks the whole style for every entry: about 3 ms of CPU per article for both
styles with the speed-ups of citeproc_speedups.py (14 ms without). So each rendered entry is
kept, keyed by its CSL-JSON item and the styles' digest, in memory and in
docs/data/citations.json (published with the dataset); a build renders only the entries it
has not seen. Many unseen entries are rendered in processes on all the machine's cores when
the process runs no other thread: not in `archive build`, whose Pagefind thread starts first
(processes from a fork server instead cost 1 s more CPU at 1,005 articles and saved no wall
time on this shared 2-core machine: Pagefind keeps the second core busy).
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import multiprocessing
import os
import re
import threading
from pathlib import Path

from citeproc import Citation, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from .bibtex import bibtex
from . import citeproc_patches
from .citeproc_speedups import Cited, elements
from .csl import ARCHIVED, article_item, source_item

CSL = "csl"  # the styles' folder, in sources/
STYLES = {"chicago": "chicago-author-date.csl", "apa": "apa.csl"}
CACHE_FILE = "data/citations.json"  # under docs/


# --- the data ------------------------------------------------------------------------------

SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to"}
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

    @functools.cached_property
    def digest(self) -> str:
        """The styles' and the code's that renders them: an entry rendered by older code is stale."""
        code = [Path(__file__), *(Path(__file__).with_name(f"citeproc_{m}.py") for m in ("patches", "speedups"))]
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
        """Render every entry not rendered before, in processes on all the machine's cores
        when there are enough of them to be worth starting the processes (a cold build)."""
        todo = list({k: e for e in entries if (k := key(e)) not in self.seen}.items())
        workers = cores()
        if len(todo) < POOL_MIN or workers < 2 or threading.active_count() > 1:
            return  # rendered one by one as the pages ask (forking beside threads is unsafe)
        global _forked
        for name in STYLES:
            self.style(name)  # parsed once, before the fork: every process inherits it
        _forked = self
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                done = pool.map(_render, [e for _, e in todo], chunksize=max(1, len(todo) // (workers * 8)))
        except OSError:
            return  # no processes to be had: rendered one by one
        finally:
            _forked = None
        for (k, _), result in zip(todo, done):
            if result is not None:  # an entry that failed fails again, and is reported, when its page asks
                self.seen[k] = result

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
_forked: Citations | None = None  # the Citations whose styles the pool's processes inherit


def _render(entry: dict) -> dict | None:
    try:
        return _forked.rendered(entry)
    except Exception:
        return None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


CLOSING = re.compile(r"([.?!]?)(”|</i>)([.,])")


def punctuated(text: str) -> str:
    """What citeproc-py leaves out of CSL's punctuation rules: the en-US locale puts a period or
    comma inside closing quotation marks, and punctuation is not doubled ('Idea.”' not
    'Idea.”.', '<i>idea.</i>' not '<i>idea.</i>.')."""
    def fix(m: re.Match) -> str:
        inner, close, outer = m.groups()
        if close == "”":
            return (inner or outer) + close
        return m[0] if not inner else inner + close
    return CLOSING.sub(fix, text)


APA_ACROSS_YEARS = re.compile(r"\((ca\. )?(\d{4})–(\d{4}), (.*?\b\2)–(.*?\b\3)\)")
DAY_THEN_YEAR = re.compile(r"(.+?),? (\d{4})")


def years_apart(text: str) -> str:
    """APA gives the year, then the month and day: '(2024, December 12)'. For a range across
    years citeproc_patches gives each end its year, in the month-day part; APA's order then
    puts each year first: '(2024–2025, December 12, 2024–January 5, 2025)' becomes '(2024,
    December 12–2025, January 5)', each end whole as CSL says (cf. 'May 2008/June 2009')."""
    def apa_end(end: str) -> str:
        m = DAY_THEN_YEAR.fullmatch(end)
        return f"{m[2]}, {m[1]}" if m else end
    return APA_ACROSS_YEARS.sub(lambda m: f"({m[1] or ''}{apa_end(m[4])}–{apa_end(m[5])})", text)


def title_case(title: str) -> str:
    """A title as both styles print the title of a site (headline style): each word capitalised
    but articles, conjunctions and short prepositions, unless first or after a colon."""
    words = title.split(" ")
    return " ".join(w[:1].upper() + w[1:] if i == 0 or words[i - 1].endswith(":") or w.lower() not in SMALL_WORDS else w
                    for i, w in enumerate(words))


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
