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

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# Dates written in the text: each is a hint for the editor, never chosen silently.
DATE_PATTERNS = (
    ("day", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("day", re.compile(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})\b", re.I)),
    ("day", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r",? (?P<year>\d{4})\b", re.I)),
    ("month", re.compile(r"\b" + _MONTH + r",? (?P<year>\d{4})\b", re.I)),
    ("year", re.compile(r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?P<year>\d{4})\b", re.I)),
    ("year", re.compile(r"\b(?P<year>(?:19[5-9]|20\d)\d)\b")),
)
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


def date_hints(lines: tuple[Line, ...]) -> list[tuple[str, str, int, str]]:
    hints, seen = [], set()
    for line in lines:
        spans: list[tuple[int, int]] = []
        for precision, pattern in DATE_PATTERNS:
            for m in pattern.finditer(line.text):
                if any(a <= m.start() < b for a, b in spans):
                    continue  # "March 24, 2022" is not also the year hint "2022"
                spans.append(m.span())
                value = date_value(m, precision)
                if value and value not in seen:
                    seen.add(value)
                    hints.append((value, precision, line.number, line.text))
        if len(hints) >= MAX_HINTS:  # the first ones are kept: a page of dates need not be read to its end
            break
    return hints[:MAX_HINTS]


def date_value(m: re.Match, precision: str) -> str | None:
    year = int(m["year"])
    if precision == "year":
        return str(year)
    month = m["month"]
    month = int(month) if month.isdigit() else next(i for i, name in enumerate(MONTHS, 1) if name.startswith(month.lower().rstrip(".")[:3]))
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


def agreeing_day(lines: tuple[Line, ...]) -> tuple[str, list[tuple[str, int]]] | None:
    """The one day the text states both as a machine writes it ("2022-03-18", a page's own
    date stamp) and in words ("Mar 18, 2022"): two forms agreeing are the page's date, not a
    date the article mentions. (value, [(form as written, line)]) or None."""
    forms: dict[str, dict[str, int]] = {}
    for line in lines:
        for precision, pattern in DATE_PATTERNS:
            if precision == "day":
                for m in pattern.finditer(line.text):
                    if value := date_value(m, precision):
                        forms.setdefault(value, {}).setdefault(m.group(0), line.number)
    agreeing = [(v, w) for v, w in forms.items() if v in w and len(w) >= 2]  # the ISO form and another
    if len(agreeing) != 1:
        return None
    value, written = agreeing[0]
    return value, sorted(written.items(), key=lambda x: x[1])
