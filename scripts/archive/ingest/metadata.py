"""Metadata lines a page prints around its headline: date lines and name-only bylines.

A date line is made of segments (split at "|", "•", "·" or a spaced dash), at least one a
date and the others what date lines carry: a time, "1 hour ago", "3 min read", "Updated",
a name, a short section label. A name-only line is a byline when it stands beside a date
line. Both are lifted into the draft (with a removal record), never dropped.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.rules import MetadataForms

# The shapes of dates and times are code; the words they are written with are data
# (boilerplate/metadata-lines.yml, months.yml), compiled here.
TIME = r"\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: ?\(?[A-Z]{2,4}\)?)?"
DIGIT = re.compile(r"\d")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")  # a date in any language holds its year
SEPARATORS = re.compile(r" [|•·] | ?\| ?| [-–—] ")


@dataclass(frozen=True)
class Forms:
    """MetadataForms compiled: a date; a date's label; what a date line carries beside its date;
    a date's "by" before its author; a byline's opening as written (extract's byline rule takes
    these), and in any case, in the languages met; what ends a byline's first name; an author's post;
    a word of a name."""
    date: re.Pattern
    label: re.Pattern
    meta: re.Pattern
    date_by: re.Pattern
    byline_start: re.Pattern
    by: re.Pattern
    after_name: re.Pattern
    post: re.Pattern
    name_word: re.Pattern
    joiners: frozenset[str] = frozenset()  # the words joining two names, in lower case
    home: re.Pattern = re.compile("(?!)")  # a breadcrumb trail's opening: the site's home, any case
    trail: re.Pattern = re.compile("(?!)")  # what stands between a trail's crumbs, with the spaces around it
    trail_ends: tuple[str, ...] = ()  # those separators as written: a trail left open ends with one
    here: re.Pattern = re.compile("(?!)")  # a trail's label on a line of its own ("Sie sind hier:"), any case
    credit: re.Pattern = re.compile("(?!)")  # a photo's credit ending a line after its last sentence or a separator


@lru_cache(maxsize=4)
def compiled(found: MetadataForms) -> Forms:
    month = "(?:" + ("|".join(branch({f[:3] for f in forms} | set(forms)) for forms in found.months if forms) or "(?!)") + r")\.?"
    weekday = rf"(?:(?:{alternatives(found.date_weekdays)})[a-z]*\.?,? )?"
    return Forms(
        re.compile(
            rf"{weekday}(?:\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?"
            rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{month},? \d{{4}}|{month} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
            rf"|{month} \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}} {month}|{month},? \d{{4}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
            rf"(?:,? (?:at )?{TIME})?", re.I),
        re.compile(rf"(?i)\b(?:{alternatives(found.date_labels)})\b:? ?"),
        re.compile(rf"(?i){TIME}|" + "|".join(found.date_line_parts)),
        # A date's "by <Name>" tail ("Posted on March 3, 2025 by Jane Roe"): the name is a segment of its own.
        re.compile(rf"(?<=\d) (?:{alternatives(found.date_by)}) (?=[A-ZÀ-ÖØ-Þ])"),
        re.compile(rf"(?:{alternatives(found.byline_starts)}) (?=\S)"),
        re.compile(rf"(?:{alternatives(found.byline_words)})\s", re.I),
        re.compile(rf"\s[|/–-]\s|,|\s(?:{alternatives(found.after_name_words)})\s"),
        re.compile(rf"(?i)\b(?:{alternatives(found.author_posts)})s?$"),
        re.compile(rf"(?:[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯІЇЄҐ][\w’'.-]*|[A-Z]\.?|(?:{alternatives(found.name_particles)}))"),
        frozenset(w.lower() for w in found.name_joiners),
        re.compile(rf"(?i)(?:{alternatives(found.site_home)})"),
        re.compile(rf"\s*(?:{alternatives(found.trail_separators)})\s*"),
        tuple(found.trail_separators),
        re.compile(rf"(?i)(?:{alternatives(found.trail_labels)}) ?:?"),
        re.compile(rf"(?:(?<=[.!?…\"”“»)]) |\s[|/–—-]\s?)(?:©\s?)?(?:(?i:{alternatives(found.credit_labels)})(?: credits?)?\s?[:|]\s?[^.!?]{{2,60}}"
                   rf"|(?i:{alternatives(found.picture_agencies)})[^.!?]{{0,60}})$"))


def alternatives(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words)) or "(?!)"  # no word: a pattern that never matches


def branch(words: set[str]) -> str:
    """A pattern for exactly these words, the longest first where one begins another
    ("sep", "sept", "september": "sep(?:t(?:ember)?)?"), so a date's end is where its month ends."""
    rest = [w for w in sorted(words) if w]
    parts = [re.escape(c) + branch({w[1:] for w in rest if w[0] == c}) for c in dict.fromkeys(w[0] for w in rest)]
    body = parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})" if parts else ""
    return f"(?:{body})?" if "" in words and body else body


CURRENT: ContextVar[Forms | None] = ContextVar("metadata_forms", default=None)
FOUND: ContextVar[MetadataForms | None] = ContextVar("metadata_forms_found", default=None)  # using()'s, compiled or not


def forms() -> Forms:
    """The forms of the archive being read (using()), else those of this repository's sources/;
    compiled when first asked for (an article whose cleaning is kept, as after a new title, asks
    for none: compiling them was 3 ms of such a build)."""
    return CURRENT.get() or first_forms()


def first_forms() -> Forms:
    found = FOUND.get()
    if not found:
        return own()
    CURRENT.set(made := compiled(found))  # until using() ends (its reset)
    return made


@contextmanager
def using(found: MetadataForms | None):
    """Within it, forms() are the archive's (its vocabulary's metadata_forms; None: this repository's)."""
    token, found_token = CURRENT.set(None), FOUND.set(found)
    try:
        yield
    finally:
        CURRENT.reset(token)
        FOUND.reset(found_token)


@lru_cache(maxsize=1)
def own() -> Forms:
    from .boilerplate import FORMS, MONTHS, BoilerplateReader
    folder = Path(__file__).resolve().parents[3] / "sources" / "boilerplate"
    reader = BoilerplateReader(folder.parent)
    found = reader.metadata_forms(folder / FORMS, reader.month_forms(folder / MONTHS))
    if found is None:
        raise SystemExit(f"archive: {reader.problems[0] if reader.problems else f'{folder / FORMS} is missing'}")
    return compiled(found)


def is_date_line(text: str) -> bool:
    """A line of a date and what date lines carry beside it, and nothing sentence-like."""
    if len(text) > 160 or not DIGIT.search(text):  # every date has digits
        return False
    f = forms()
    if text.endswith((".", "?", "!")) and not f.date.search(text[-12:]):
        return False
    dates = 0
    for segment in segments(text):
        segment = f.label.sub("", segment.strip(" ,")).strip(" ,:")
        if not segment:
            continue
        if f.date.fullmatch(segment):
            dates += 1
        elif f.meta.fullmatch(segment) or is_name(segment) or is_label(segment):
            continue
        else:
            return False
    return dates > 0


def segments(text: str) -> list[str]:
    """A date line's segments, a date's "by <Name>" tail one of its own ("Posted on March 3, 2025 by
    Jane Roe"), a byline's "By" taken off its name ("By Jane Roe | March 3, 2025")."""
    f = forms()
    return [f.byline_start.sub("", segment.strip(), count=1) for part in SEPARATORS.split(text) for segment in f.date_by.split(part)]


def joined(text: str, joiners: frozenset[str]) -> list[str]:
    """A byline's names, split at its commas and at the words it joins two names with (in capitals
    too in a line of capitals: "JANE ROE AND JOHN DOE"; elsewhere "E" is an initial: "Jane E Roe")."""
    pattern = ",\\s*|" + "|".join("\\s*&\\s*" if w == "&" else f"\\s+{re.escape(w)}\\s+" for w in sorted(joiners))
    return [n.strip() for n in re.split(pattern, text, flags=re.I if text.isupper() else 0) if n.strip()]


def names(text: str) -> list[str]:
    """The names among a date line's segments ("July 28, 2025 - Francis Shin - Articles"), not an
    author's post ("Senior Correspondent": its words pass for a name)."""
    post = forms().post
    return [seg.strip() for seg in segments(text) if is_name(seg.strip()) and not post.search(seg.strip())]


def is_name(text: str) -> bool:
    """A person's or a publication's name: two to six capitalised words, nothing else."""
    words = text.split()
    return (2 <= len(words) <= 6 and len(text) <= 60 and not any(c.isdigit() for c in text)
            and all(map(forms().name_word.fullmatch, words)) and words[0][0].isupper()
            and not text.endswith((".", ":", "?", "!", ",")))


def in_capitals_after_by(text: str) -> bool:
    """A line of capitals opening with a byline's word ("PAR LES TEMPS QUI COURENT"): every word of it
    passes for a name's, so it is no name line (a show's or a section's title as often as a byline)."""
    return text.isupper() and bool(forms().by.match(text))


# One name a byline may name its author by: a given name or a user name ("Kathrin", "Marianne1",
# "Isabella.DiBiase", "KB_Redaktion"), capitalised, of one word.
ONE_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'-]{1,30}(?:[._][\w’'-]{1,30}){0,2}")


def named_alone(text: str) -> str | None:
    """The one name after a byline's word ("von Kathrin", "Von Isabella.DiBiase am 19. Oktober 2019"),
    its date after it or nothing; None for any other line. Alone it may be a credit ("von Google"):
    it is a byline only where a byline stands (lift(), under_headline.after_headline)."""
    f = forms()
    by = f.by.match(text)
    if not by or not by[0].strip().isalpha() or text.isupper() or f.byline_start.match(text):
        return None  # "By Jane Roe": extraction.byline's, whose names need no place to stand
    name, *rest = f.after_name.split(text[by.end():], maxsplit=1)
    # What follows the name is its date, short, and no sentence (as generic.yml's byline-in-language).
    dated = not rest or DIGIT.search(rest[0]) and len(rest[0]) <= 80 and not rest[0].endswith((".", "!", "?"))
    return name if ONE_NAME.fullmatch(name) and dated else None


def named_in_capitals(text: str) -> tuple[str, ...]:
    """The names of a line of capitals after a byline's word joined by the language's "and" ("VON
    ROLAND BROCKMANN UND SEBASTIAN DRESCHER"): two or more, of two to four words each; else ().
    Without them such a line is as often a title ("PAR LES TEMPS QUI COURENT", "VON KRIEG UND FRIEDEN")."""
    f = forms()
    if not in_capitals_after_by(text) or f.byline_start.match(text):  # "BY JANE ROE AND JOHN DOE": extraction.byline's
        return ()
    rest = text[f.by.match(text).end():]
    found = joined(rest, f.joiners)
    if len(found) < 2 or not f.joiners & set(rest.lower().split()):
        return ()
    return tuple(found) if all(len(n.split()) <= 4 and is_name(n) for n in found) else ()


def is_label(text: str) -> bool:
    """A short section label beside a date ("Articles and Commentary")."""
    words = text.split()
    return len(words) <= 4 and not any(c.isdigit() for c in text) and not text.endswith((".", "?", "!"))


def lift(lines, end: int) -> dict[int, tuple[str, str, str]]:
    """Date lines and the name-only bylines beside them among lines[:end]:
    index -> (rule id, kind, field it moves to)."""
    found = {i: ("generic:date-line", "date-line", "date") for i in range(min(end, len(lines)))
             if is_date_line(lines[i].text)}
    start = forms().byline_start
    for i in list(found):
        if names(lines[i].text):
            continue  # it names its author ("Posted on March 3, 2025 by Jane Roe"): the line over it is the headline, however it reads
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and j not in found and is_name(lines[j].text) and not start.match(lines[j].text) \
                    and not in_capitals_after_by(lines[j].text):
                found[j] = ("generic:name-beside-date", "byline", "authors")
    for i in range(min(end, len(lines))):  # "von Ulrike" over "18.10.2019 16:06 Uhr"; "Von Isabella.DiBiase am <date>"
        if i not in found and named_alone(lines[i].text) and any(
                0 <= j < len(lines) and states_date(lines[j].text) for j in (i - 1, i, i + 1)):
            found[i] = ("generic:byline-one-name", "byline", "authors")
    return found


def states_date(text: str) -> bool:
    """A short line stating a date, in any language (with words around it: "am 20.09.2020", "18.10.2019
    16:06 Uhr", "am Samstag, 19. Oktober 2019 um 11:14 Uhr")."""
    return len(text.split()) <= 12 and bool(DIGIT.search(text)) and bool(YEAR.search(text) or forms().date.search(text))
