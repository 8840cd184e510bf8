"""Extract stage: find title, standfirst, byline, bio, caption and credit among the kept lines.

The headline was found by the clean stage (or found missing: then there is no title, and
the first line stays in the text). A standfirst is the sentence-like line right under it.
"""
from __future__ import annotations

import re

from .model import CleanArticle, Extracted, ExtractionRules, Line

HEAD_LINES = 6  # a byline further down than this is text, not a byline
TAIL_LINES = 2  # nor is one further up from the end than this


def extract(article: CleanArticle, rules: ExtractionRules) -> Extracted:
    lines = list(article.kept)
    caption = credit = credit_line = None
    lifted = dict(article.lifted)
    if "credit" in lifted:
        credit_line = lifted["credit"]
        credit = credit_line.text
    # A caption printed once alone and once followed by its credit: "Caption." / "Caption. Credit"
    if len(lines) > 2 and lines[1].text.startswith(lines[0].text) and len(lines[1].text) > len(lines[0].text):
        caption, credit_line = lines[0], lines[1]
        credit = lines[1].text[len(lines[0].text):].strip()
        lines = lines[2:]

    byline, byline_line = (), None
    for line in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        match = re.fullmatch(rules.byline, line.text)
        if match and line is not article.headline:
            byline_line = line
            byline = tuple(n.strip() for n in re.split(r",\s*|\s+and\s+|\s*&\s*", match["names"]) if n.strip())
            lines.remove(line)
            break

    title = article.headline if article.headline in lines else None
    standfirst = None
    if title:
        at = lines.index(title)
        lines.remove(title)
        under = lines[at] if at < len(lines) else None
        if (under and len(under.text) <= rules.standfirst_max_chars and len(lines) > at + 1
                and len(under.text.split()) >= 2 and not under.text.isupper()):
            standfirst = under
            lines.remove(under)

    bio = None
    for line in reversed(lines[-2:]):
        match = re.fullmatch(rules.bio, line.text)
        if match and (not byline or any(n in line.text for n in byline)):
            bio = line
            lines.remove(line)
            break
    return Extracted(title, standfirst, byline, byline_line, bio, caption, credit, credit_line, tuple(lines))
