"""What the text tells the editor without deciding it: the publisher its boilerplate names,
dates written in it, addresses, proposals whose aliases occur. Each is a hint with its line;
none is chosen silently.
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache

from ..core.article import Line, RawArticle
from ..core.vocabulary import Vocabulary

# Dates written in the text: each is a hint for the editor, never chosen silently. The months'
# names are data (boilerplate/months.yml): a name, or three letters or more of it followed by a
# full stop or not, where no other month's name starts so ("Sept.", "Okt", "déc.").
DAY_FIRST = r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|\.)? (?:of |de )?{month},? (?:de )?(?P<year>\d{{4}})\b"
MONTH_FIRST = r"{month} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year>\d{{4}})\b"
MONTH_YEAR = r"{month},? (?:de )?(?P<year>\d{{4}})\b"
NUMERIC = (
    ("day", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("day", re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b")),  # day first, as Europe writes it
)
YEARS = (
    ("year", re.compile(r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?P<year>\d{4})\b", re.I)),
    ("year", re.compile(r"\b(?P<year>(?:19[5-9]|20\d)\d)\b")),
)


MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"  # a word, a month where month_words() knows it
WORDED = tuple((p, re.compile(f.format(month=MONTH), re.I)) for p, f in (("day", MONTH_FIRST), ("day", DAY_FIRST), ("month", MONTH_YEAR)))


def date_patterns(months: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, re.Pattern], ...]:
    """The patterns of dates in the text, most precise first: with words for months if months.yml names them."""
    return (NUMERIC[0], *WORDED, NUMERIC[1], *YEARS) if months else (*NUMERIC, *YEARS)


def month_number(word: str, months: tuple[tuple[str, ...], ...]) -> int | None:
    """A month's number from a number or a word months.yml names ("Mai", "Sept."), also glued
    to the word before it as dumps glue a name to a date ("SplitMay"); None for "Update"."""
    if word.isdigit():
        return int(word)
    words = month_words(months)
    key = word.lower().rstrip(".")
    if key not in words and (caps := [i for i, c in enumerate(word) if c.isupper() and i]):
        key = word[caps[-1]:].lower().rstrip(".")
    return words.get(key)


@lru_cache(maxsize=4)
def month_words(months: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    """Each month's names and the shortenings of them no other month's names share -> its number."""
    out: dict[str, int] = {}
    shared: set[str] = set()
    for number, names in enumerate(months, 1):
        for name in names:
            out[name] = number
            for n in range(3, len(name)):
                short = name[:n]
                if out.get(short, number) != number:
                    shared.add(short)
                out.setdefault(short, number)
    names = {n for forms in months for n in forms}  # a month's own name stays, however others start
    return {w: m for w, m in out.items() if w not in shared or w in names}


URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")
MAX_HINTS = 12
NEAR = 60  # characters between the two terms of an "A ~ B" alias: one clause
HYPHEN = re.compile(r"(?<=\w)[-‐](?=\w)")


def detect_publisher(voc: Vocabulary, lines: tuple[Line, ...]) -> tuple[str | None, list[str]]:
    """The one publisher whose profile's detect strings occur in the text, with the evidence."""
    hits: dict[str, list[str]] = {}
    for profile in voc.profiles:
        for needle in profile.detect:
            line = next((l for l in lines if needle in l.text), None)
            if line:
                hits.setdefault(profile.publisher, []).append(
                    f"{needle!r} appears on line {line.number}: {snippet(line.text)} "
                    f"(detected by archive new from boilerplate/{profile.publisher}.yml)")
    if len(hits) == 1:
        publisher, evidence = next(iter(hits.items()))
        return publisher, ["; ".join(evidence)]
    return None, [f"Candidate {p}: {e[0]}" for p, e in hits.items()]


def date_hints(lines: tuple[Line, ...], months: tuple[tuple[str, ...], ...] = ()) -> list[tuple[str, str, int, str]]:
    hints, seen = [], set()
    for line in lines:
        spans: list[tuple[int, int]] = []
        for precision, pattern in date_patterns(months):
            for m in pattern.finditer(line.text):
                if any(a <= m.start() < b for a, b in spans) or not (value := date_value(m, precision, months)):
                    continue  # not a date ("01.21.2020" read day first): its year may still be a hint
                spans.append(m.span())  # "March 24, 2022" is not also the year hint "2022"
                if value not in seen:
                    seen.add(value)
                    hints.append((value, precision, line.number, line.text))
        if len(hints) >= MAX_HINTS:  # the first ones are kept: a page of dates need not be read to its end
            break
    return hints[:MAX_HINTS]


def date_value(m: re.Match, precision: str, months: tuple[tuple[str, ...], ...] = ()) -> str | None:
    year = int(m["year"])
    if precision == "year":
        return str(year)
    month = month_number(m["month"], months)
    if month is None:
        return None
    try:
        datetime.date(year, month, int(m["day"]) if precision == "day" else 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{int(m['day']):02d}" if precision == "day" else "")


def proposals_mentioned(voc: Vocabulary, found) -> list[tuple[str, list[str]]]:
    lines = [x.text.lower() for x in (found.title, found.standfirst, *found.body) if x]
    out = []
    for p in voc.proposals:
        aliases = [a for a in p.aliases if a and any(named(a, line) for line in lines)]
        if aliases:
            out.append((p.id, aliases))
    return out


def named(alias: str, line: str) -> bool:
    """Whether a line names an alias (proposals.yml): its words in any of their forms
    ("peacekeeping missions", "peace-keeping mission", "NATO-peacekeeping"; "peacekeep*" for
    any ending), and for "A ~ B" both within NEAR characters of each other in the line."""
    line = HYPHEN.sub("", line)  # "peace-keeping" is "peacekeeping"
    a, _, b = (HYPHEN.sub("", t.strip()) for t in alias.partition("~"))
    starts = [m.start() for m in term(a).finditer(line)]
    if not b or not starts:
        return bool(starts)
    return any(abs(m.start() - x) <= NEAR for m in term(b).finditer(line) for x in starts)


@lru_cache(maxsize=None)
def term(words: str) -> re.Pattern:
    forms = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"(?:s|es|['’]s)?" for w in words.split()]
    return re.compile(r"(?<!\w)" + r"[\s–]*".join(forms) + r"(?!\w)")  # "nato-led" was made "natoled"


def addresses(raw: RawArticle) -> list[tuple[str, int]]:
    """The web addresses in the text, each once, with the line it first appears on."""
    return first_unique((m.group(0).rstrip(".,;:"), line.number) for line in raw.lines for m in URL.finditer(line.text))


def snippet(text: str, n: int = 100) -> str:
    return repr(text if len(text) <= n else text[: n - 1] + "…")


def first_unique(items):
    seen, out = set(), []
    for value, n in items:
        if value not in seen:
            seen.add(value)
            out.append((value, n))
    return out


def agreeing_day(lines: tuple[Line, ...], months: tuple[tuple[str, ...], ...] = ()) -> tuple[str, list[tuple[str, int]]] | None:
    """The one day the text states both as a machine writes it ("2022-03-18", a page's own
    date stamp) and in words ("Mar 18, 2022"): two forms agreeing are the page's date, not a
    date the article mentions. (value, [(form as written, line)]) or None."""
    forms: dict[str, dict[str, int]] = {}
    for line in lines:
        for precision, pattern in date_patterns(months):
            if precision == "day":
                for m in pattern.finditer(line.text):
                    if value := date_value(m, precision, months):
                        forms.setdefault(value, {}).setdefault(m.group(0), line.number)
    agreeing = [(v, w) for v, w in forms.items() if v in w and len(w) >= 2]  # the ISO form and another
    if len(agreeing) != 1:
        return None
    value, written = agreeing[0]
    return value, sorted(written.items(), key=lambda x: x[1])
