"""Dates as the sources give them: EDTF values (the Library of Congress's Extended Date/Time
Format, ISO 8601-2), parsed and checked by the `edtf` package.

A date is a day (`2025-03-04`), a month (`2025-03`), a year (`2025`), an interval between two
of those (`2025-11-23/2026-02`), or one of them marked approximate (`~`), uncertain (`?`) or
both (`%`). Its earliest and latest day are those of the value as written: a qualifier says the
value itself is not sure, and is kept in the value and in its words, never widened into a guess.
"""
from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ALLOWED = ("a day '2025-03-04', a month '2025-03', a year '2025', an interval '2025-11-23/2026-02', "
           "or one of these marked approximate '2025-08~', uncertain '2025?' or both '2025%' (quoted)")
MAX_LENGTH = 40  # the longest allowed value is 23 characters; nothing longer reaches the parser
PLAIN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


# The bounds of a date in the archive. The war began in 2014 (Crimea, the Donbas), and with it
# the debate over a force to watch a ceasefire (the OSCE's monitors, Minsk II's in 2015); nothing
# it records happened before, and nothing is published after today. An interval wider than a few
# years says nothing a reader can place on a timeline (and 0001/9999 drew 550,000 elements).
EARLIEST_YEAR = 2014
MAX_INTERVAL_YEARS = 5


class DateError(ValueError):
    """What is wrong with a date value, said for an editor (the caller adds the field)."""


@dataclass(frozen=True)
class Span:
    """What an EDTF value stands for: its first and last possible day, and how precise it is."""
    earliest: datetime.date
    latest: datetime.date
    precision: str  # "day", "month" or "year" for a plain date; else "interval", "approximate", "uncertain"


# Pure, and called for each value by the record, the citations and the pages: the EDTF
# grammar takes about 14 ms a parse, so each distinct value is parsed once per run.
@functools.lru_cache(maxsize=None)
def read(value: str) -> Span:
    """The span of an EDTF value, or DateError saying what is wrong and what is allowed."""
    if len(value) > MAX_LENGTH or not value.isascii() or value != value.strip():
        raise DateError(f"{shorten(value)!r} is not a date; allowed: {ALLOWED}")
    return plain_span(value) or parsed_span(value)


def plain_span(value: str) -> Span | None:
    """The span of a real day, month or year, or of an interval from one to a later one, worked
    out by the calendar (most values are such); None for anything else, which the grammar reads
    (and explains). The grammar takes milliseconds a value: seconds over a thousand articles."""
    ends = []
    for end in value.split("/"):
        m = PLAIN.fullmatch(end)
        if m is None:
            return None
        year, month, day_ = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        if year < 1000 or month == 0 or day_ == 0:
            return None
        try:
            first = datetime.date(year, month or 1, day_ or 1)
            last = first if day_ else datetime.date(year, month or 12, calendar.monthrange(year, month or 12)[1])
        except ValueError:
            return None
        ends.append(Span(first, last, "day" if m[3] else "month" if m[2] else "year"))
    if len(ends) == 1:
        return ends[0]
    if len(ends) != 2 or ends[1].latest < ends[0].earliest:
        return None
    return Span(ends[0].earliest, ends[1].latest, "interval")


def grammar():
    """The edtf package, imported when a value is not plain (plain_span): importing it and its
    grammar (pyparsing) took about 0.15 s of every run, and most values are plain."""
    import edtf
    import edtf.parser.grammar  # noqa: F401 - level0()
    return edtf


def parsed_span(value: str) -> Span:
    """The span of a value as the edtf package's grammar reads it, or DateError."""
    edtf = grammar()
    try:
        parsed = level0(value) or edtf.parse_edtf(value)
    except edtf.EDTFParseException:
        if reason := not_real(value):
            raise DateError(f"{value!r} is {reason}") from None
        raise DateError(f"{value!r} is not a date in EDTF; allowed: {ALLOWED}") from None
    except Exception:  # the parser fails with TypeError on open ends such as '2025/..'
        parsed = None
    if not allowed(parsed) or str(parsed) != value:
        raise DateError(f"{value!r} is not one of the date forms the archive uses; allowed: {ALLOWED}")
    try:
        return span(parsed, value)
    except DateError:
        raise
    except (ValueError, OverflowError) as error:  # year 0 parses, but no calendar day has it
        raise DateError(f"{value!r} is not a real date ({error})") from None


def level0(value: str):
    """The value parsed by the edtf package's level 0 grammar (plain days, months, years and
    intervals of them), or None for what only its full grammar reads (qualifiers). Most values
    are level 0, and that grammar is about eight times faster than the full one."""
    from pyparsing import ParseException
    try:
        return grammar().parser.grammar.level0Expression.parse_string(value, parse_all=True)[0]
    except ParseException:
        return None


def span(parsed, value: str) -> Span:
    edtf = grammar()
    if isinstance(parsed, edtf.Interval):
        start, end = ends(parsed)
        if day(end, "upper") < day(start, "lower"):
            raise DateError(f"{value!r} is an interval whose end ({in_words(str(end))}) "
                            f"precedes its start ({in_words(str(start))}); write the earlier date first")
        return Span(day(start, "lower"), day(end, "upper"), "interval")
    precision = parsed.precision if isinstance(parsed, edtf.Date) else qualifier(parsed)
    return Span(day(parsed, "lower"), day(parsed, "upper"), precision)


def problem(value: str) -> str | None:
    """What is wrong with a value, within the archive's bounds, or None."""
    try:
        bounded(value)
    except DateError as error:
        return str(error)
    return None


def bounded(value: str, today: datetime.date | None = None) -> Span:
    """read(value), refused (DateError) when it starts before EARLIEST_YEAR or after today, or
    spans more than MAX_INTERVAL_YEARS."""
    span = read(value)
    today = today or datetime.datetime.now(datetime.timezone.utc).date()
    allowed = f"allowed: dates from {EARLIEST_YEAR} to today"
    years = span.latest.year - span.earliest.year + 1
    if years > MAX_INTERVAL_YEARS:
        raise DateError(f"{shorten(value)!r} spans {years:,} years; allowed: an interval of at most {MAX_INTERVAL_YEARS} years")
    if span.earliest.year < EARLIEST_YEAR:
        raise DateError(f"{shorten(value)!r} is before {EARLIEST_YEAR}; {allowed}")
    if span.earliest > today:
        raise DateError(f"{shorten(value)!r} is after today ({today.isoformat()}); {allowed}")
    return span


def allowed(parsed) -> bool:
    edtf = grammar()
    if isinstance(parsed, edtf.Interval):
        return type(parsed) in (edtf.Interval, edtf.Level1Interval) and all(plain_or_qualified(x) for x in ends(parsed))
    return plain_or_qualified(parsed)


def plain_or_qualified(parsed) -> bool:
    edtf = grammar()
    if type(parsed) is edtf.UncertainOrApproximate:
        parsed = parsed.date
    return type(parsed) is edtf.Date and PLAIN.fullmatch(str(parsed)) is not None


def ends(parsed) -> tuple:
    return parsed.lower, parsed.upper


def day(parsed, side: str) -> datetime.date:
    struct = parsed.lower_strict() if side == "lower" else parsed.upper_strict()
    return grammar().struct_time_to_date(struct)


def qualifier(parsed) -> str:
    if parsed.is_uncertain_and_approximate:
        return "uncertain and approximate"
    return "uncertain" if parsed.is_uncertain else "approximate"


def not_real(value: str) -> str | None:
    """Why a value shaped like a plain date is not one (2025-02-30), for a clearer message."""
    m = PLAIN.fullmatch(value)
    if not m:
        return None
    try:
        datetime.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError as error:
        return f"not a real date ({error})"
    return None


def in_words(value: str) -> str:
    """A valid value as a reader says it: '23 November 2025', 'between 23 November 2025 and
    the end of February 2026', 'about August 2025', '2025 (uncertain)'."""
    if "/" in value:
        start, end = value.split("/")
        first, last = PLAIN.fullmatch(start), PLAIN.fullmatch(end)
        if first and last and first[1] == last[1] and bool(first[3]) == bool(last[3]) and first[2] and last[2]:
            if not first[3]:  # two months in one year
                return f"between {MONTHS[int(first[2]) - 1]} and {in_words(end)}"
            if first[2] == last[2]:  # two days in one month
                return f"between {int(first[3])} and {in_words(end)}"
            return f"between {int(first[3])} {MONTHS[int(first[2]) - 1]} and {in_words(end)}"
        # An end said less precisely than the start ends when its month or year does.
        coarser = first and last and (bool(first[3]) > bool(last[3]) or bool(first[2]) > bool(last[2]))
        return f"between {in_words(start)} and {'the end of ' if coarser else ''}{in_words(end)}"
    mark = value[-1] if value[-1] in "~?%" else ""
    m = PLAIN.fullmatch(value.rstrip("~?%"))
    year, month, day_ = m[1], m[2], m[3]
    words = year if not month else f"{MONTHS[int(month) - 1]} {year}"
    if day_:
        words = f"{int(day_)} {words}"
    return {"": words, "~": f"about {words}", "?": f"{words} (uncertain)",
            "%": f"about {words} (uncertain)"}[mark]


def shorten(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
