"""What citeproc-py leaves out of the styles' rules, put right on its output: punctuation
inside closing quotation marks, APA's years across a range, a site's title in headline style;
and an item's text escaped before it goes in (citeproc-py escapes only the style's own words)."""
from __future__ import annotations

import html
import re

SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to"}


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


def escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    return value
