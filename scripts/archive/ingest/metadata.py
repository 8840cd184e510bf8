"""Metadata lines a page prints around its headline: date lines and name-only bylines.

A date line is made of segments (split at "|", "•", "·" or a spaced dash), at least one a
date and the others what date lines carry: a time, "1 hour ago", "3 min read", "Updated",
a name, a short section label. A name-only line is a byline when it stands beside a date
line. Both are lifted into the draft (with a removal record), never dropped.
"""
from __future__ import annotations

import re

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
         r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
WEEKDAY = r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,? )?"
TIME = r"\d{1,2}[:.]\d{2}(?: ?[ap]\.?m\.?)?(?: ?\(?[A-Z]{2,4}\)?)?"
DATE = re.compile(
    rf"{WEEKDAY}(?:\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{MONTH},? \d{{4}}|{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    rf"|{MONTH} \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}} {MONTH}|{MONTH},? \d{{4}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    rf"(?:,? (?:at )?{TIME})?", re.I)
LABEL = re.compile(r"(?i)\b(?:published|updated|posted|last updated|first published|modified|date|on)\b:? ?")
META = re.compile(
    rf"(?i){TIME}|\d+ (?:sec|min|minute|hour|hr|day|week|month)s? ago|yesterday|today|just now"
    r"|(?:<\s?)?(?:\d+|one|a) ?min(?:ute)?s?(?: read(?:ing)?(?: time)?)?|[\d.,]+ ?[km]? (?:views|reads|comments)"
    r"|join the (?:conversation|discussion)|\d* ?comments?|updated|published|share")
DIGIT = re.compile(r"\d")
SEPARATORS = re.compile(r" [|•·] | ?\| ?| [-–—] ")
# A date's "by <Name>" tail ("Posted on March 3, 2025 by Jane Roe"): the name is a segment of its own.
DATE_BY = re.compile(r"(?<=\d) by (?=[A-ZÀ-ÖØ-Þ])")
BYLINE_START = re.compile(r"(?:By|BY|Written by|Words by) (?=\S)")  # extract's byline rule takes these
NAME_WORD = re.compile(r"(?:[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯІЇЄҐ][\w’'.-]*|[A-Z]\.?|(?:van|von|de|der|den|da|di|du|al|bin|le|la|ter))")


def is_date_line(text: str) -> bool:
    """A line of a date and what date lines carry beside it, and nothing sentence-like."""
    if len(text) > 160 or not DIGIT.search(text):  # every date has digits
        return False
    if text.endswith((".", "?", "!")) and not DATE.search(text[-12:]):
        return False
    dates = 0
    for segment in segments(text):
        segment = LABEL.sub("", segment.strip(" ,")).strip(" ,:")
        if not segment:
            continue
        if DATE.fullmatch(segment):
            dates += 1
        elif META.fullmatch(segment) or is_name(segment) or is_label(segment):
            continue
        else:
            return False
    return dates > 0


def segments(text: str) -> list[str]:
    """A date line's segments, a date's "by <Name>" tail one of its own ("Posted on March 3, 2025 by
    Jane Roe"), a byline's "By" taken off its name ("By Jane Roe | March 3, 2025")."""
    return [BYLINE_START.sub("", segment.strip(), count=1) for part in SEPARATORS.split(text) for segment in DATE_BY.split(part)]


def joined(text: str, joiners: frozenset[str]) -> list[str]:
    """A byline's names, split at its commas and at the words it joins two names with."""
    pattern = ",\\s*|" + "|".join("\\s*&\\s*" if w == "&" else f"\\s+{re.escape(w)}\\s+" for w in sorted(joiners))
    return [n.strip() for n in re.split(pattern, text) if n.strip()]


def names(text: str) -> list[str]:
    """The names among a date line's segments ("July 28, 2025 - Francis Shin - Articles")."""
    return [seg.strip() for seg in segments(text) if is_name(seg.strip())]


def is_name(text: str) -> bool:
    """A person's or a publication's name: two to six capitalised words, nothing else."""
    words = text.split()
    return (2 <= len(words) <= 6 and len(text) <= 60 and not any(c.isdigit() for c in text)
            and all(NAME_WORD.fullmatch(w) for w in words) and words[0][0].isupper()
            and not text.endswith((".", ":", "?", "!", ",")))


def is_label(text: str) -> bool:
    """A short section label beside a date ("Articles and Commentary")."""
    words = text.split()
    return len(words) <= 4 and not any(c.isdigit() for c in text) and not text.endswith((".", "?", "!"))


def lift(lines, end: int) -> dict[int, tuple[str, str, str]]:
    """Date lines and the name-only bylines beside them among lines[:end]:
    index -> (rule id, kind, field it moves to)."""
    found = {i: ("generic:date-line", "date-line", "date") for i in range(min(end, len(lines)))
             if is_date_line(lines[i].text)}
    for i in list(found):
        if names(lines[i].text):
            continue  # it names its author ("Posted on March 3, 2025 by Jane Roe"): the line over it is the headline, however it reads
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and j not in found and is_name(lines[j].text) and not BYLINE_START.match(lines[j].text):
                found[j] = ("generic:name-beside-date", "byline", "authors")
    return found
