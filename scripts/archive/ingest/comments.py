"""Readers' comments under the article, by their shape and one word: a short heading with a
count and a word that names comments (generic.yml comment_words: "36 Comments", "45 Gedanken
zu ...", "142 Antworten zu ...") and, right under it, a run of short header lines that each carry a year and a time of day (a name, "19.
Juni 2018 um 15:28 Uhr - Antworten"), each followed by the reader's text. The region stage
(region.py) may take them in with the article when they are long prose; this ends it at the
heading. A text that quotes a reader, or counts comments in a sentence, has no such run. By the
shape alone (a count over dated lines) the text of other pages went too: a list's numbered items
over dated entries, a forum's post count over its posts."""
from __future__ import annotations

import re

from ..core.article import Line
from .shape import Measure

STAMP = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d).{0,40}?(?<![\d:])\d{1,2}:\d\d(?![\d:])"
                   r"|(?<![\d:])\d{1,2}:\d\d(?![\d:]).{0,40}?(?<!\d)(?:19|20)\d\d(?!\d)")
COUNT = re.compile(r"(?<![\w.,:/-])\d{1,5}(?![\w.,:/-])")  # a number standing alone, not in a name
SENTENCE_INSIDE = re.compile(r"[^\W\d_]{2}[.!?] ")  # a word that ends a sentence, not a date's "19. Juni"
HEADING_WORDS = 12  # a heading with its count, perhaps the article's title after it
STAMP_WORDS = 16  # a commenter's name, the date and time, a reply link
MIN_STAMPS = 3  # comments in a row, not a text's one dated line
HEADING_ABOVE = 4  # lines between the heading and the first comment's stamp (a name, a reply link)
STAMP_GAP = 40  # lines at most from one comment's stamp to the next (a long comment)


def stamped(line: Line, x: Measure) -> bool:
    """A header line: short, no sentence in it ("Price may be higher now. Price of 02.01.2023 12:53")."""
    return (":" in line.text and x.words <= STAMP_WORDS and not x.prose and STAMP.search(line.text) is not None
            and not SENTENCE_INSIDE.search(line.text))


def heading(line: Line, x: Measure, words: frozenset[str]) -> bool:
    """A short line opening with a count that is no year or time, then one of the words that name
    comments (words: generic.yml's comment_words; the title it quotes after them may end as a
    sentence ends). A count over anything else is a list's item ("7 Dave Coverdale (Whitesnake)"),
    a headline ("95 Jahre altes Südbad") or a forum's posts ("1 Beitrag"), the text's own."""
    count = COUNT.match(line.text)  # first, as comment headings put it ("36 Comments"): a headline's "13 Ideas" is no heading
    if x.words > HEADING_WORDS or count is None or STAMP.search(line.text):
        return False
    after = line.text[count.end():].split(maxsplit=1)
    return bool(after) and after[0].strip(":»›.").lower() in words


def section(lines: tuple[Line, ...], m: list[Measure], a: int, b: int, words: frozenset[str]) -> tuple[int, str] | None:
    """The index of the comments' heading inside lines a..b (after a) and the evidence, or None."""
    if not words:
        return None
    for s in range(a + 1, b + 1):
        if not stamped(lines[s], m[s]):
            continue
        h = next((j for j in range(s - 1, max(a, s - 1 - HEADING_ABOVE), -1) if heading(lines[j], m[j], words)), None)
        if h is None:
            continue
        stamps, last = [s], s
        for i in range(s + 1, len(lines)):
            if i - last > STAMP_GAP:
                break
            if stamped(lines[i], m[i]):
                stamps.append(i)
                last = i
        if len(stamps) >= MIN_STAMPS:
            return h, (f"readers' comments: the heading {lines[h].text[:60]!r} (line {lines[h].number}) and "
                       f"{len(stamps)} header lines with a date and time under it (lines {lines[stamps[0]].number}, "
                       f"{lines[stamps[1]].number}, {lines[stamps[2]].number}...)")
    return None
