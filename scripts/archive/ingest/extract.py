"""Extract stage: find title, standfirst, byline, bio, caption and credit among the kept lines.

The headline was found by the clean stage (or found missing: then there is no title, and
the first line stays in the text). A standfirst is the line right under it, when the page
shows it is one: it is much shorter than the paragraphs that follow it, or the header's
furniture (byline, date line, photo, the headline again) stands between it and the text.
A first paragraph opening with a dateline ("WARSAW —") is the text's lead, never a standfirst.
"""
from __future__ import annotations

import re

from .metadata import forms, joined
from ..core.article import CleanArticle, Extracted, Line
from ..core.rules import ExtractionRules

STANDFIRST_SHORTER = 0.5  # a standfirst is at most half as long as the paragraphs under it
HEAD_LINES = 6  # a byline further down than this is text, not a byline
TAIL_LINES = 2  # nor is one further up from the end than this


def extract(article: CleanArticle, rules: ExtractionRules, captions_by_shape: bool = True) -> Extracted:
    """captions_by_shape=False for a saved page's text: its markup has told its captions (a
    <figcaption> is furniture, boxes.py), so two lines are not taken for a caption and its credit
    by their words alone (derive.SHAPE_RULES: the same for the cleaning rules')."""
    lines = list(article.kept)
    caption = credit = credit_line = None
    lifted = dict(article.lifted)
    if "credit" in lifted:
        credit_line = lifted["credit"]
        credit = credit_line.text
    # A caption printed once alone and once followed by its credit: "Caption." / "Caption. Credit".
    # In a saved page the same shape is a one-word subhead over a paragraph opening with its word
    # ("Emden" over "Emden ist vor allem ... bekannt ..."), which went as a credit.
    if (captions_by_shape and len(lines) > 2 and lines[1].text.startswith(lines[0].text)
            and len(lines[1].text) > len(lines[0].text)):
        caption, credit_line = lines[0], lines[1]
        credit = lines[1].text[len(lines[0].text):].strip()
        lines = lines[2:]

    byline, byline_line = (), None
    for line in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        match = re.fullmatch(rules.byline, line.text)
        if match and line is not article.headline:
            byline_line = line
            # "By Jane Roe, 3 March 2025": the date is no name (the date hints take it).
            byline = tuple(n for n in joined(match["names"], rules.name_joiners) if not forms().date.fullmatch(n))
            lines.remove(line)
            break

    title = article.headline if article.headline in lines else None
    at = lines.index(title) if title else 0
    if title:
        lines.remove(title)
    standfirst = None
    # Without a headline, the first line is the body's unless the page's header furniture
    # stands around it (strongest evidence needed: see is_standfirst).
    if at < len(lines) and (title or article.headline is None):
        candidate, after = lines[at], lines[at + 1:]
        closed = header_between(article, byline_line, candidate, after[0] if after else None, rules)
        if is_standfirst(candidate, after, closed, bool(title), rules):
            standfirst = candidate
            lines.remove(candidate)

    bio = None
    for line in reversed(lines[-2:]):
        match = re.fullmatch(rules.bio, line.text)
        if match and (not byline or any(n in line.text for n in byline)):
            bio = line
            lines.remove(line)
            break
    return Extracted(title, standfirst, byline, byline_line, bio, caption, credit, credit_line, tuple(lines))


def is_standfirst(line: Line, after: list[Line], closed: bool, titled: bool, rules: ExtractionRules) -> bool:
    """Evidence that the line under the headline (or first, on a page without one) is the
    standfirst, not the first paragraph: shortness beside the body's paragraphs, or the
    header's furniture closing it; both where there is no headline to stand under."""
    text = line.text
    if (not after or len(text) > rules.standfirst_max_chars or len(text.split()) < 2 or text.isupper()
            or re.match(rules.dateline_opening, text)):
        return False
    lengths = sorted(len(x.text) for x in after[:4])
    middle = len(lengths) // 2  # their median, as statistics.median gives it (importing statistics: 2 ms of a build)
    shorter = len(text) <= STANDFIRST_SHORTER * (lengths[middle] if len(lengths) % 2 else (lengths[middle - 1] + lengths[middle]) / 2)
    return (shorter or closed) if titled else (shorter and closed)


def header_between(article: CleanArticle, byline_line: Line | None, line: Line, following: Line | None,
                   rules: ExtractionRules) -> bool:
    """Whether a line the page prints in its header (a kind in standfirst_closers, or the
    byline) stands between `line` and the next kept line."""
    end = following.number if following else line.number + 1
    if byline_line and line.number < byline_line.number < end:
        return True
    return any(line.number < r.line < end and r.kind in rules.standfirst_closers for r in article.removals)
