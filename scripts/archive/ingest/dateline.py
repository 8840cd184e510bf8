"""The byline and date lines around a page's headline, known by their form in any language
("By Jane Roe", "von Stefan Niggemeier", "4 maja 2021", "DATEV Anwalt classic - 15. Februar
2022"): what tells the article's own header from a menu entry over it (headline.py), and a
line that is never the headline itself."""
from __future__ import annotations

import re

from .furniture import words
from .metadata import DIGIT, YEAR, forms, is_name
from ..core.article import Line

DAY = re.compile(r"(?<!\d)\d{1,2}(?:\.|st|nd|rd|th)?\s+[^\W\d_]{3,}\.?,?\s+(?:19|20)\d\d(?!\d)")  # "19. Oktober 2019", "4 maja 2021"
DATED_WORDS = 8  # a line of at most so many words stating a date is the headline's date line


def dated(text: str) -> bool:  # a byline, or a short line stating a date
    # DIGIT first: YEAR and DATE never match without a digit, and most lines have none (DATE's
    # search through a line of words costs ~10 times more than DIGIT's).
    return byline(text) or words(text) <= DATED_WORDS and bool(DIGIT.search(text)) and bool(YEAR.search(text) or forms().date.search(text))


def byline(text: str) -> bool:
    """A byline: "By Jane Roe", or a name after "by", "von", "por"... ("by HLNF Staff Report", "von Stefan
    Niggemeier"; not "Von Sprachregeln, Gender-Politik und ...", a headline)."""
    f = forms()  # how bylines open, in the languages met (boilerplate/metadata-lines.yml), and what ends the first name
    return bool(f.byline_start.match(text) or (m := f.by.match(text)) and is_name(f.after_name.split(text[m.end():])[0].strip()))


def metadata_under(lines: list[Line], i: int, end: int, lifted_before: set[int]) -> bool:
    """A byline or date right under line i (past a name or a label: "Album Reviews Reviews"), lifted out already or not."""
    if i + 1 < len(lines) and any(lines[i].number < n < lines[i + 1].number for n in lifted_before):
        return True
    for j in range(i + 1, min(i + 3, end)):
        if dated(lines[j].text):
            return True
        if not is_name(lines[j].text) and words(lines[j].text) > 3:
            return False
    return False


# A date that runs on into words in lower case ("2024-01-01 for the ceasefire line") is a headline's,
# unless they give its time ("um 10:15 Uhr", "o 10:15").
RUNS_ON = re.compile(r"^\s+[^\W\d_]")
CLOCK = re.compile(r"^\s+[^\W\d_]{1,4}\.?\s+\d{1,2}[:.h]\d{2}")


def runs_on(rest: str) -> bool:  # "um 10:15 Uhr", "at 10:15" go with the date, and its author: "by Jane Roe", "von Anja Roe"
    return bool(RUNS_ON.match(rest)) and rest.lstrip()[0].islower() and not CLOCK.match(rest) and not byline(rest.lstrip())


def date_line(text: str) -> bool:
    """A byline, or a short line stating a date that does not run on: never the headline itself."""
    return byline(text) or words(text) <= DATED_WORDS and bool(DIGIT.search(text)) and any(  # DIGIT: see dated()
        not runs_on(text[m.end():]) for pattern in (forms().date, DAY) for m in pattern.finditer(text))
