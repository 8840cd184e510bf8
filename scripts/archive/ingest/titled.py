"""What the text itself says about its headline: the words of its paragraphs, and the line
above them it takes up most (region.py finds it; headline.py weighs the lines of the head
against it). A headline shares its subject's names and words with the text, in any
language; a menu, a site's tagline or another story's headline shares few or none."""
from __future__ import annotations

from dataclasses import dataclass

from .furniture import CLOSERS, words
from .headline import TAKEN_UP, trail_end
from .shape import tokens

EVIDENCE_LINES = 40  # lines above the text's first paragraph where its headline may stand
EVIDENCE_SHARE = 0.5  # share of a headline's content words the text takes up, at the least


@dataclass(frozen=True)
class Evidence:
    """What the text itself says about its headline: the words of its paragraphs, and the line
    above them (up to EVIDENCE_LINES, past a share bar or a menu the region's header stops at)
    whose words they take up most (its index in the page's lines, or None)."""
    body: frozenset[str]
    line: int | None

    def score(self, text: str) -> float:
        return support(tokens(text), self.body)


def support(own_words, body) -> float:
    """How much the text takes a line's words up: the share of its content words (four letters
    or more: names and content words, rarely function words) the text repeats, times how many
    (up to four); 0 below EVIDENCE_SHARE or below two shared words for a line of three or more
    (one word in common is chance: a place, a month)."""
    own = {w for w in own_words if len(w) >= 4 and w.isalpha()}
    shared = len(own & body)
    if not own or shared < (1 if len(own) <= 2 else TAKEN_UP) or shared < EVIDENCE_SHARE * len(own):
        return 0.0
    return shared / len(own) * min(shared, 4)


def evidence(lines, m, first: int, last: int) -> Evidence:
    """The headline by evidence for the text from lines[first] to lines[last] (m: their
    shape.Measure): among the short lines above its first paragraph, not sentences of a
    paragraph's length, the one the text takes up most, the nearest of equals."""
    body = frozenset().union(*(m[i].tokens for i in range(first, last + 1) if m[i].prose))
    best, line = 0.0, None
    for i in range(first - 1, max(first - EVIDENCE_LINES, 0) - 1, -1):
        text = lines[i].text
        if len(text) > 250 or not 3 <= words(text) <= 30 or text.endswith((",", ";", ":")) or m[i].prose \
                or len(text) > 100 and text.rstrip(CLOSERS).endswith((".", "…")):
            continue
        score = support(m[i].tokens, body)
        if score > best:
            best, line = score, i
    if line is not None:  # a breadcrumb trail ending with the headline: the headline
        line = trail_end(lines, line, first)
    return Evidence(body, line)
