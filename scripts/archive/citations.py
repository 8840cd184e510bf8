"""Citations: Chicago (author-date) and APA (7th edition) made by citeproc-py from the official
CSL styles of the Citation Style Language project (https://citationstyles.org/), vendored in
sources/csl/ under CC BY-SA 3.0; export.bibtex() writes BibTeX from the same CSL-JSON item.

citeproc-py walks the whole style for every entry: about 0.1 s per article for both styles.
So each rendered entry is kept, keyed by its CSL-JSON item and the styles' digest, in memory
and in docs/data/citations.json (published with the dataset); a build renders only the entries
it has not seen.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from pathlib import Path

import citeproc.model
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from . import dates

CSL = Path(__file__).resolve().parents[2] / "sources" / "csl"
STYLES = {"chicago": "chicago-author-date.csl", "apa": "apa.csl"}
CACHE_FILE = "data/citations.json"  # under docs/


# --- fixes to citeproc-py 0.11.1, without which the official styles print wrong entries -----

def _initialize(self, given, mark, context, _original=citeproc.model.Name.initialize):
    """CSL 1.0.1's initialize="false" (Chicago spells given names out in full); citeproc-py
    ignores it and initialises every given name."""
    return given if self.get("initialize") == "false" else _original(self, given, mark, context)


def _render_date_range(self, date_range, show_parts=None, context=None):
    """A date range with the parts both ends share said once, where the style's order of parts
    puts them: 'December 12–31, 2024' (Chicago), '2024, December 12–31' (APA). citeproc-py
    0.11.1 loses the shared parts' words and fails on a range within one year."""
    begin, end = date_range.begin, date_range.end
    shown = [p.get("name") for p in self.iterchildren() if p.get("name") in (show_parts or ("year", "month", "day"))]
    if end.is_nil():
        return self.render_single_date(begin, shown, context)
    shared = set()
    for name in ("year", "month", "day"):
        if part(begin, name) is None or part(begin, name) != part(end, name):
            break
        shared.add(name)
    differing = [i for i, name in enumerate(shown) if name not in shared]
    if not differing:
        return self.render_single_date(begin, shown, context)
    first, last = differing[0], differing[-1]
    start = self.render_single_date(begin, [n for i, n in enumerate(shown) if n not in shared or i < first], context)
    finish = self.render_single_date(end, [n for i, n in enumerate(shown) if n not in shared or i > last], context)
    if not start or not finish:
        return start or finish
    return start.rstrip() + self.unicode_character("EN DASH") + finish.lstrip(" ,")


def part(date, name: str):
    try:
        return getattr(date, name)
    except Exception:  # citeproc's dates raise their own error for a part they lack
        return None


_rendered: list | None = None  # the variables a cs:substitute's chosen child has rendered


def _variable(self, item, context, _original=citeproc.model.Text._variable):
    text = _original(self, item, context)
    if _rendered is not None and text:
        _rendered.append((self.tag, self.get("variable")))
    return text


def _substitute(self, item, context=None, _original=citeproc.model.Substitute.render, **kwargs):
    """CSL: a variable rendered in place of a missing author is suppressed in the rest of the
    entry. citeproc-py does this only for a variable named directly, not one rendered through a
    macro (APA's title for an article without author), so the title came out twice."""
    global _rendered
    outer, _rendered = _rendered, []
    try:
        text = _original(self, item, context=context, **kwargs)
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, variable in _rendered:
                repressed.setdefault(tag, []).append(variable)
        return text
    finally:
        _rendered = outer


_macros: dict[tuple[int, str], tuple] = {}


def _get_macro(self, name: str):
    """A style's macros never change: look each up once (citeproc-py runs an XPath query per
    use, a third of its time)."""
    root = self.get_root()
    found = _macros.get((id(root), name))
    if found is None or found[0] is not root:
        found = _macros[(id(root), name)] = (root, root.xpath_search(f"cs:macro[@name='{name}'][1]")[0])
    return found[1]


citeproc.model.CitationStylesElement.get_macro = _get_macro
citeproc.model.Name.initialize = _initialize
citeproc.model.Date.render_date_range = _render_date_range
citeproc.model.Text._variable = _variable
citeproc.model.Substitute.render = _substitute


# --- the data ------------------------------------------------------------------------------

def item(a, publisher: str) -> dict:
    """The CSL-JSON item of an article: what every citation format is made from."""
    entry = {"id": a.slug, "type": "webpage", "title": a.title, "container-title": publisher,
             "issued": issued(a.date.value)}
    if a.authors:
        entry["author"] = [person(x.name) for x in a.authors]
    if a.url:
        entry["URL"] = a.url
    return entry


def person(name: str) -> dict:
    parts = name.split()
    return {"family": parts[-1], "given": " ".join(parts[:-1])} if len(parts) > 1 else {"literal": name}


def issued(value: str) -> dict:
    """An EDTF value as a CSL date: a range for an interval; CSL has one qualifier, circa,
    for both approximate (~) and uncertain (?) values. An interval within one year whose ends
    differ in precision ('2022-03-24/2022-03') is given by its first and last day ('March
    24–31, 2022'): a range of a day and a month has no words in CSL."""
    ends = [[int(x) for x in end.rstrip("~?%").split("-")] for end in value.split("/")]
    if len(ends) == 2 and ends[0][0] == ends[1][0] and len(ends[0]) != len(ends[1]):
        span = dates.read(value)
        ends = [[d.year, d.month, d.day] for d in (span.earliest, span.latest)]
    date = {"date-parts": ends}
    if any(mark in value for mark in "~?%"):
        date["circa"] = True
    return date


# --- rendering -----------------------------------------------------------------------------

class Citations:
    """Rendered Chicago and APA entries, each rendered once per distinct item."""

    def __init__(self):
        self.styles = {}
        self.seen: dict[str, dict] = {}

    @functools.cached_property
    def digest(self) -> str:
        return hashlib.sha256(b"".join((CSL / f).read_bytes() for f in STYLES.values())).hexdigest()

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
            self.seen[k] = {"item": entry, **{name: self.format(name, entry) for name in STYLES}}
        return self.seen[k]

    def format(self, name: str, entry: dict) -> str:
        """One bibliography entry as HTML. citeproc-py escapes only the style's own words, so the
        item's text is escaped before it goes in, once."""
        if name not in self.styles:
            self.styles[name] = CitationStylesStyle(str(CSL / STYLES[name]), validate=False)
        safe = {k: escaped(v) for k, v in entry.items()}
        bibliography = CitationStylesBibliography(self.styles[name], CiteProcJSON([safe]), formatter.html)
        bibliography.register(Citation([CitationItem(entry["id"])]))
        return punctuated(str(bibliography.bibliography()[0]))

    def published(self, entries: list[dict]) -> str:
        """citations.json: the styles' digest and, per article, its item and both entries."""
        rendered = sorted((self.render(e) for e in entries), key=lambda r: r["item"]["id"])
        lines = ",\n  ".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rendered)
        return f'{{\n "styles": "{self.digest}",\n "entries": [\n  {lines}\n ]\n}}\n'


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


CITATIONS = Citations()
