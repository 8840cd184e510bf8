"""The headline of a page's text, and what stands right under it: found by its shape and
place (a short line, not a sentence) and by the text below taking up its words, in any
language; the lines above it are the page's header."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .furniture import CLOSERS, body_like, ends_sentence, words
from .metadata import forms
from ..core.article import Line
from .crumbs import crumb_headline
from .dateline import date_line, dated, metadata_under
from .shape import PROSE_WORDS
from .under_headline import HEADER_SPAN, after_headline, header_labels  # noqa: F401 (clean.py asks this module)

if TYPE_CHECKING:
    from .titled import Evidence

CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")  # a word of four letters or more: a name or a content word, rarely a function word
TAKEN_UP = 2  # words of a headline the text under it repeats, at the least


def find_headline(lines: list[Line], lifted_before: set[int]) -> tuple[int | None, range]:
    """(the headline's index or None when the page has none, the lines above it that are
    the page's header). A line printed again further down the head is the headline;
    otherwise the first headline-like line, passing over short labels and menus. A sentence
    first (or after the byline and date) means there is none: then only the one- and
    two-word labels above it are the header."""
    texts = [line.text for line in lines[:20]]
    for i, text in enumerate(texts[:8]):
        if body_like(text):  # the headline stands above the text, never under a paragraph of it
            break
        if words(text) >= 3 and headline_like(text, False) and text in texts[i + 2:i + 12]:
            return i, range(i)
    i = skip = 0
    byline_start = forms().byline_start
    while i < min(len(lines), 12):
        text = lines[i].text
        if i == 0 and len(lines) > 1 and lines[1].text.startswith(text) and len(lines[1].text) > len(text):
            i = skip = 2  # a caption and its credit above the headline: extract's
            continue
        after_metadata = any(n < lines[i].number for n in lifted_before)
        over_byline = i + 1 < len(lines) and byline_start.match(lines[i + 1].text) and len(text) <= 250
        if headline_like(text, after_metadata) or over_byline and not ends_sentence(text):
            i = taken_up(lines, i)
            return i, range(skip, i)
        if words(text) > 3 or ends_sentence(text):
            break
        i += 1
    labels = 0
    while labels < min(len(lines), 12) and words(lines[labels].text) <= 2 and not ends_sentence(lines[labels].text):
        labels += 1
    return None, range(labels if labels < len(lines) else 0)


def chosen(lines: list[Line], lifted_before: set[int], titled: Evidence | None) -> tuple[int | None, range | list[int]]:
    """by_rules' headline, unless the ranking (titled: candidates.py's, fitted) doubts it, holding
    it under its doubt share, and holds another line firmly: that line. The rules weigh a few
    clues at a time; a line they take that the ranking all but rules out (another story's
    headline, a section's label, a login form's note) is seldom the headline. Where the rules
    claim none, the line past a notice the text takes up most (titled.past) when the ranking
    holds it first, firmly: two kinds of evidence agreeing. Before all, the line a breadcrumb trail
    ends with (crumbs.py; titled.trailed: a trail above the article's region): the page names its own
    title; the trail, however long, goes with the header, and the labels between them with it."""
    above = titled is not None and titled.trailed
    trail, found = crumb_headline(lines) or (None, next((i for i, x in enumerate(lines) if x.number == titled.line), None) if above else None)
    if found is not None:
        return found, sorted({*header(lines, 0, found), *([] if trail is None else [trail])})
    h, top = by_rules(lines, lifted_before, titled)
    if titled is None or titled.first is None or (lines[h].number not in titled.doubted if h is not None else not titled.past):
        return h, top
    found = next((i for i, line in enumerate(lines) if line.number == titled.first), None)
    if found is None:
        return h, top
    if h is None:  # past a notice, the line the text takes up most and the ranking's first: the notice stays in the text
        return found, header(lines, 0, found)
    # What stood above the doubted line stays the page's header, and the doubted line goes with it;
    # what stood between it and the headline stays in the text (a kicker, a dateline: the editor sees it).
    return found, [i for i in top if i < found] + ([h] if h < found else [])


def by_rules(lines: list[Line], lifted_before: set[int], titled: Evidence | None) -> tuple[int | None, range | list[int]]:
    """find_headline's headline, unless the text does not take its words up and does take up
    those of another line (titled: the region stage's evidence), standing above its first
    paragraph: never past a paragraph, since what stands above the headline goes as the header.
    Then a breadcrumb's end, a line further down the text takes up more or with the byline
    or date under it (over_metadata: past a notice too); none when the evidence for it is weak."""
    h, top = find_headline(lines, lifted_before)
    if titled and titled.line is not None and (h is None or titled.score(lines[h].text) == 0):
        found = next((i for i, line in enumerate(lines) if line.number == titled.line), None)
        if found is not None and (titled.past or not any(body_like(line.text) for line in lines[:found])):
            h, top = found, range(found)
    if h is None:
        found = over_metadata(lines, None, lifted_before, titled)
        return (found, header(lines, 0, found)) if found is not None else (h, top)
    end = next((i for i in range(h + 1, min(len(lines), h + HEADER_SPAN + 8)) if body_like(lines[i].text)), h + 1)
    ranked = titled and titled.ranked and lines[h].number == titled.line  # the ranking's first outweighs a line the text takes up more
    found = h if ranked else better_below(lines, trail_end(lines, h, end), end, titled)
    found = dated_below(lines, found, end, lifted_before, titled)
    if date_line(lines[found].text) and not metadata_under(lines, found, end, lifted_before):  # over its byline, a headline (however it reads)
        found = next((i for i in (found - 1, found + 1) if 0 <= i < len(lines) and i >= top.start and later_headline(lines[i].text)
                      and words(lines[i].text) >= (4 if i < found else 3)), found)
        if date_line(lines[found].text):
            return None, top
    if (dated_over := over_metadata(lines, found, lifted_before, titled)) is not None:
        return dated_over, header(lines, top.start if dated_over > top.start else 0, dated_over)
    if titled and 0 < titled.score(lines[found].text) < 1 and not metadata_under(lines, found, end, lifted_before):
        # The text takes up one word of it at most (a label, a menu entry, another story's
        # headline): too weak to claim; the editor decides, the line goes with the header.
        return None, range(top.start, found + 1)
    if (over := over_standfirst(lines, found, top.start, titled)) != found:
        return over, range(top.start, over)
    return found, range(top.start, found) if found != h else top


STANDFIRST_WORDS = 10  # a line of so many words or more, taken for the headline, may be its standfirst
SHORTER = 0.9  # a headline over its standfirst is shorter than this share of it (a kicker over the headline is about as long)


def over_standfirst(lines: list[Line], i: int, start: int, titled: Evidence | None) -> int:
    """A standfirst taken for the headline (longer, it repeats more of the text's words): the
    shorter headline-shaped line right over it, of four words or more (no kicker, no label),
    which the text takes up too, is the headline; not when it begins the other (a headline
    and the site's name after it)."""
    if i - 1 < start or words(lines[i].text) < STANDFIRST_WORDS:
        return i
    above = lines[i - 1].text
    return i - 1 if later_headline(above) and not date_line(above) and 4 <= words(above) < SHORTER * words(lines[i].text) \
        and not lines[i].text.startswith(above) \
        and (titled is None or titled.score(above) >= 1) else i


def trail_end(lines: list[Line], h: int, end: int) -> int:
    """A line ending with a later headline-like line of the head is a breadcrumb trail ("You are
    here: Home » Travel » <headline>", "StartseiteKultur<headline>"): that later line."""
    text = lines[h].text
    return next((j for j in range(h + 1, end) if text.endswith(lines[j].text) and len(lines[j].text) < len(text)
                 and headline_like(lines[j].text, False)), h)


BELOW = 3  # lines under the headline from where a line the text takes up more is the headline instead
FIRM = 2.0  # Evidence.score of a headline the text takes up firmly (both of two content words, three of four)
STRONG = 3.0  # Evidence.score of a headline the text takes up beyond doubt (all of three content words, four of five, six of eight)
TWO_SENTENCES = re.compile(rf"[.!?…][{re.escape(CLOSERS)}]*\s*\S")  # a sentence's end with more after it


def better_below(lines: list[Line], h: int, end: int, titled: Evidence | None) -> int:
    """A tagline, menu entry or other story's headline taken for the headline gives way to a
    headline-like line further down the head the text takes up more. Not the line or two right
    under it (a standfirst, a kicker's headline: longer, they repeat more words), nor a line of
    two sentences (a caption and its credit), nor when the text takes the first up strongly
    (an interview's first question under it may share still more words)."""
    least = titled.score(lines[h].text) if titled else STRONG
    if least >= STRONG:
        return h
    best = h
    for i in range(h + BELOW, end):
        text = lines[i].text
        if ends_sentence(text) and words(text) >= PROSE_WORDS:
            break  # a sentence of the text's length: what stands under it is not the header
        if later_headline(text) and not TWO_SENTENCES.search(text) and (score := titled.score(text)) >= 1 and score > least:
            best, least = i, score
    return best


def dated_below(lines: list[Line], h: int, end: int, lifted_before: set[int], titled: Evidence | None) -> int:
    """A headline with no date or byline under it, not taken up firmly (a menu entry, a section's
    label), gives way to a headline-like line further down with them: the article's own header.
    Not the line right under it (a standfirst over the byline)."""
    if titled is None or titled.score(lines[h].text) >= FIRM or metadata_under(lines, h, end, lifted_before):
        return h
    for i in range(h + 2, end):
        text = lines[i].text
        if ends_sentence(text) and words(text) >= PROSE_WORDS:
            break
        if later_headline(text) and not TWO_SENTENCES.search(text) and not dated(text) \
                and metadata_under(lines, i, end, lifted_before):
            return i
    return h


OVER_LINES = 20  # lines of the head where a headline over its byline or date may stand
NOTICES = 2  # paragraphs above it, at the most, that go with the header (an adblock or cookie notice, a promotion)


def header(lines: list[Line], start: int, h: int) -> list[int]:
    """The lines above a headline found past paragraphs, but those: a notice's or the text's,
    they stay for the editor to judge."""
    return [i for i in range(start, h) if not body_like(lines[i].text)]


def over_metadata(lines: list[Line], h: int | None, lifted_before: set[int], titled: Evidence | None) -> int | None:
    """A headline-shaped line with its byline or date right under it, when the headline found
    has none (a menu entry, a site's tagline, or none found past a notice): the article's own
    header. The first such line, past at most NOTICES paragraphs."""
    if titled is None or h is not None and (metadata_under(lines, h, len(lines), lifted_before) or titled.score(lines[h].text) >= 1):
        return None
    least = titled.score(lines[h].text) if h is not None else -1
    paragraphs = 0
    for i in range(min(len(lines), OVER_LINES)):
        text = lines[i].text
        paragraphs += body_like(text)
        if paragraphs > NOTICES:
            return None
        if i != h and later_headline(text) and not TWO_SENTENCES.search(text) and not date_line(text) \
                and metadata_under(lines, i, len(lines), lifted_before) and titled.score(text) > least:
            return i
    return None


def taken_up(lines: list[Line], i: int) -> int:
    """The headline among the headline-shaped lines from i down to the text: the one whose
    words the text's first paragraphs take up. A menu line ("Subscribe Search My Account") or
    another story's headline printed above it shares none; a headline shares its subject's
    names and words, in any language. Without that evidence (two words more than the first
    shares, which may share one: a previous post's link) the first stays the headline.
    A line ending with a later line is a breadcrumb ("Home » World » <headline>"): that later one."""
    if (crumb := trail_end(lines, i, min(len(lines), i + 4))) != i:
        return crumb
    end = next((j for j in range(i + 1, min(len(lines), i + 12)) if body_like(lines[j].text)), None)
    if end is None:
        return i
    # Each word casefolded once (a paragraph repeats its words); the lines joined by a line feed,
    # which no word spans.
    below = set(map(str.casefold, set(CONTENT_WORD.findall("\n".join(line.text for line in lines[end:end + 10])))))
    shared = [len(set(map(str.casefold, set(CONTENT_WORD.findall(lines[j].text)))) & below)
              if j == i or later_headline(lines[j].text) else 0 for j in range(i, end)]
    best = max(range(len(shared)), key=lambda k: (shared[k] >= TAKEN_UP, -k))
    return i + best if shared[0] <= 1 and shared[best] >= max(TAKEN_UP, shared[0] + 2) else i


ABBREVIATION = re.compile(r"\s[A-Z][a-z]{0,3}\.$")  # "... Cold Wave Alert Tues.": an abbreviation, no sentence's end


def later_headline(text: str) -> bool:
    """A headline below the first headline-shaped line: no sentence of the text (a first
    paragraph's sentence, a quotation ends with a full stop; a headline seldom does)."""
    return headline_like(text, False) and words(text) <= 25 and (not text.rstrip(CLOSERS).endswith((".", "…")) or bool(ABBREVIATION.search(text)))


def headline_like(text: str, after_metadata: bool) -> bool:
    n = words(text)
    if not 3 <= n <= 30 or len(text) > 250 or text.endswith((",", ";", ":")):
        return False
    if text.rstrip(CLOSERS).endswith((".", "…")):
        # "European 'peacekeepers' in Ukraine? A horrible idea." is a headline; a first
        # sentence after the byline and date is the text's.
        return len(text) <= 100 and not after_metadata
    return True
