"""`archive preview FILE`: what the normaliser would make of a raw file, written nowhere.

The same analysis drafts a record in `archive new` and is measured by `archive evaluate`,
so what the editor sees, what is drafted and what is measured never drift apart.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..ingest import region
from ..ingest.bylines import Credit, credit
from ..ingest.derive import clean_region, ranges
from ..ingest.saved import Input, read_input
from ..ingest.extract import extract
from ..ingest.metadata import using
from ..core.article import CleanArticle, Extracted, Line, RawArticle, Removal
from ..core.problems import Problem, Problems
from ..core.vocabulary import Vocabulary
from ..core.texts import terminal
from ..ingest.read import Reader


@dataclass(frozen=True)
class Preview:
    raw: RawArticle
    publisher: str | None
    publisher_notes: tuple[str, ...]
    cleaned: CleanArticle
    found: Extracted
    title: Line | None  # the extracted title, if it is short enough to be one
    date_hints: tuple[tuple[str, str, int, str], ...]  # (value, precision, line, text)
    authors: Credit | None = None  # the names drafted into the record's authors, and their line
    page: Input | None = None  # the file as read: for a saved web page, its derivation and metadata

    @property
    def removals(self) -> tuple[Removal, ...]:
        return self.cleaned.removals

    @property
    def text(self) -> tuple[Line, ...]:
        """The article's own words as the page would show them: standfirst and body."""
        return tuple(x for x in (self.found.standfirst, *self.found.body) if x)

    def metadata(self) -> list[tuple[str, Line]]:
        """Lines taken out of the text into metadata: (field, line)."""
        out = [(r.moved_to, Line(r.line, r.text)) for r in self.removals if r.moved_to]
        f = self.found
        out += [(name, line) for name, line in (("authors", f.byline_line), ("bio", f.bio), ("caption", f.caption))
                if line and all(line.number != n.number for _, n in out)]
        return sorted(out, key=lambda x: x[1].number)

    def unaccounted(self) -> list[Line]:
        """Raw lines neither shown (title, text, metadata) nor recorded as removed: always a bug."""
        f = self.found
        shown = {x.number for x in (f.title, f.standfirst, f.byline_line, f.bio, f.caption, f.credit_line, *f.body) if x}
        shown |= {r.line for r in self.removals} | {line.number for _, line in self.cleaned.lifted}
        return [line for line in self.raw.lines if line.number not in shown]


def analyse(voc: Vocabulary, raw: RawArticle, profiles: bool = True, page: Input | None = None) -> Preview:
    """profiles=False: as if no publisher's profile existed (the generic rules alone).
    `page`: the file as read_input() read it (a saved page's article region and metadata)."""
    from .hints import date_hints, detect_publisher
    publisher, notes = detect_publisher(voc, raw.lines) if profiles else (None, [])
    with using(voc.extraction.metadata_forms):  # how this archive's date lines and bylines are written
        cleaned = clean_region(raw, voc.rules_for(publisher) if profiles else voc.generic_rules,
                               voc.extraction, None, page.region if page else None)
        found = extract(cleaned, voc.extraction, captions_by_shape=not (page and page.region))
        by = credit(cleaned, found, voc.extraction)
    title = found.title if found.title and len(found.title.text) <= voc.extraction.title_max_chars else None
    return Preview(raw, publisher, tuple(notes), cleaned, found, title, tuple(date_hints(raw.lines, voc.extraction.month_names)),
                   by, page)


def read_raw(sources: Path, path: Path) -> tuple[Vocabulary, Reader, RawArticle]:
    """Vocabulary and the text read_file() reads (for a saved page, its derived text)."""
    voc, reader, given = read_file(sources, path)
    return voc, reader, given.raw


def read_file(sources: Path, path: Path) -> tuple[Vocabulary, Reader, Input]:
    """Vocabulary and the file read by its content (text or a saved web page), or Problems
    naming what is wrong (the file's name may be anything)."""
    reader = Reader(sources)
    voc = reader.vocabulary(sources)
    if reader.problems:
        raise Problems(reader.problems)
    path = Path(path)
    if not path.exists() or path.is_dir():  # a pipe or device is named by raw_article, never opened blocking
        raise Problems([Problem(str(path), "file", "does not exist or is not a file; give the path of a raw text file or a saved web page")])
    given = read_input(reader, path, voc.extraction)
    problems = [p for p in reader.problems if p.where != "file name"]
    if given is None or problems:
        raise Problems(problems)
    return voc, reader, given


def summary(p: Preview) -> dict:
    f = p.found
    line = lambda x: {"line": x.number, "text": x.text} if x else None
    return {
        "file": p.raw.path,
        "title": line(p.title),
        "standfirst": line(f.standfirst),
        "authors": list(p.authors.names) if p.authors else [],
        "authors_from": {"form": p.authors.form, **line(p.authors.line)} if p.authors else None,
        "byline": line(f.byline_line),
        "publisher": p.publisher,
        "metadata": [{"field": field, **line(x)} for field, x in p.metadata()],
        "date_hints": [{"value": v, "precision": pr, "line": n} for v, pr, n, _ in p.date_hints],
        "body": [line(x) for x in f.body],
        "removed": [{"line": r.line, "kind": r.kind, "rule": r.rule, "text": r.text, "moved_to": r.moved_to,
                     "evidence": r.evidence} for r in p.removals],
        "removed_by_kind": dict(sorted(Counter(r.kind for r in p.removals).items())),
        "unaccounted": [line(x) for x in p.unaccounted()],
        "page": page_summary(p.page),
    }


def page_summary(given: Input | None) -> dict | None:
    """A saved page's derivation and what its metadata states, each fact with its basis."""
    if given is None or given.derivation is None:
        return None
    facts = given.facts
    fact = lambda f: {"value": list(f.value) if isinstance(f.value, tuple) else f.value, "basis": f.basis} if f else None
    return {"extractor": given.derivation.extractor, "article_lines": ranges(given.derivation.article),
            **{k: fact(getattr(facts, k)) for k in ("title", "standfirst", "authors", "date", "url", "publisher")}}


def say(line: str) -> None:
    """One line to the terminal: a control character in the article's text or a name is shown, not obeyed."""
    print(terminal(line))


def print_preview(p: Preview, as_json: bool = False) -> None:
    if as_json:
        print(json.dumps(summary(p), ensure_ascii=False, indent=1))
        return
    f = p.found
    show = lambda x: f"{x.text!r} (line {x.number})" if x else "none found"
    if page := page_summary(p.page):
        say(f"saved page: its text derived by {page['extractor']}; the article is lines {page['article_lines']}")
        for key in ("title", "standfirst", "authors", "date", "url", "publisher"):
            fact = page[key]
            value = ", ".join(fact["value"]) if fact and isinstance(fact["value"], list) else fact and fact["value"]
            said = f"{value!r} ({fact['basis']})" if fact else "not stated"
            say(f"  {key + ':':<11} {said}")
    say(f"title:      {show(p.title) if p.title else 'none found: the editor writes it'}")
    say(f"standfirst: {show(f.standfirst)}")
    say(f"authors:    {authors_found(p)}")
    for field, x in p.metadata():
        say(f"  {field:<9} line {x.number}: {x.text!r}")
    say(f"date hints: {', '.join(f'{v} (line {n})' for v, _, n, _ in p.date_hints) or 'none'}")
    say(f"publisher:  {p.publisher or 'not recognised'}")
    say(f"body:       {len(f.body)} paragraphs")
    for x in f.body:
        say(f"  {x.number:>4}  {x.text}")
    say(f"removed:    {len(p.removals)} lines ({removed_by_kind(p)})")
    for r in p.removals:
        say(f"  {r.line:>4}  {r.kind}{', moved to ' + r.moved_to if r.moved_to else ''} [{r.rule}]: {r.text!r}")
        if r.evidence:
            say(f"        evidence: {r.evidence}")
    if any(r.kind == region.KIND for r in p.removals):
        say("region:     to read the article's place otherwise, write in its record"
            " region: {first: LINE, last: LINE, basis: \"why\"}")
    for x in p.unaccounted():
        say(f"  BUG: line {x.number} is neither shown nor recorded as removed: {x.text!r}")


def authors_found(p: Preview) -> str:
    a = p.authors
    return f"{', '.join(a.names)} ({a.form[0].lower() + a.form[1:]}, line {a.line.number}; check)" if a else "none found"


def removed_by_kind(p: Preview) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(Counter(r.kind for r in p.removals).items())) or "none"


def preview(paths, path: Path, as_json: bool) -> int:
    voc, _, given = read_file(paths.sources, path)
    print_preview(analyse(voc, given.raw, page=given), as_json)
    return 0
