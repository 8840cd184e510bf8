"""The lines that may be a page's headline, each described by what holds in any language: its
length and ending, how much of its words the text takes up, its place above the text, the byline
or date under it, whether the page prints it again. A ranking of them by weights fitted on the
public set's tune half (sources/boilerplate/headline-weights.yml, refitted by
`python -m archive.authoring.fit_headlines EVALSET`) tells the headline from a menu line, a tagline,
another story's headline or a label of the head, where the hand-written rules of headline.py
weigh only a few of these at a time."""
from __future__ import annotations

import math
import re
from operator import mul
from dataclasses import dataclass
from typing import ClassVar

from .dateline import date_line, dated
from .furniture import CLOSERS
from .metadata import forms, is_name

WINDOW = 40  # lines above the text's first paragraph where its headline may stand
INSIDE = 1  # lines of the text's first stretch that may still be its headline: its first, if short (a headline asking a question reads as prose; the fit weighs "inside" against it)
SHORT_PROSE = 16  # words of a line shaped as prose that may still be a headline (a question, an exclamation)
SEPARATOR = re.compile(r"\s[|–—-]\s|\s[|»>/]\s?|\s::\s")  # "Headline | Site", "Home » News"


@dataclass(frozen=True)
class Candidate:
    index: int  # in the page's lines
    features: tuple[float, ...]


NAMES = ("support", "supported", "shared_share", "shared_words", "log_words", "short", "long", "ends_full_stop",
         "ends_question", "ends_colon_comma", "separator", "log_distance", "inside", "nearest", "rank_from_text",
         "metadata_under", "date_line", "name_under", "repeated", "printed_after", "density", "sentence",
         "capitalised", "digits", "above_short", "prose_between", "first_of_window", "upper", "lower_start", "later_stretch", "prose")


def content(tokens) -> set[str]:
    return {w for w in tokens if len(w) >= 4 and w.isalpha()}


def candidates(lines, m, body: frozenset[str], first: int, later: dict[str, int], start: int | None = None,
               beyond: bool = False) -> list[Candidate]:
    """The lines from WINDOW above the first paragraph (index first; or from start) to INSIDE lines
    into it, no paragraph of prose longer than SHORT_PROSE words, with their features (NAMES).
    later: each text's last index on the page; beyond: first begins a later stretch of the text."""
    start = max(first - WINDOW, 0) if start is None else start
    stop = min(first + INSIDE, len(lines))
    out = []
    prose_below = 0
    rank = 0
    byline_start = forms().byline_start
    dated_at: dict[int, bool] = {}  # each line's dated() once: the line under two candidates is asked twice

    def dated_line(j: int) -> bool:
        if j not in dated_at:
            dated_at[j] = dated(lines[j].text)
        return dated_at[j]
    for i in range(stop - 1, start - 1, -1):
        x = m[i]
        text = lines[i].text
        if x.prose:
            prose_below += i < first
            if x.words > SHORT_PROSE:
                continue
        if not 2 <= x.words <= 30 or len(text) > 250:
            continue
        rank += 1
        own = content(x.tokens)
        shared = len(own & body)
        share = shared / len(own) if own else 0.0
        stripped = text.rstrip(CLOSERS)
        below = range(i + 1, min(i + 3, len(lines)))
        distance = first - i
        taken = support(share, shared, len(own))
        out.append(Candidate(i, (
            taken, float(taken > 0), share, min(shared, 6) / 6,
            math.log(x.words), float(x.words <= 3), float(x.words >= 15), float(stripped.endswith((".", "…"))),
            float(stripped.endswith(("?", "!"))), float(text.endswith((":", ",", ";"))), float(bool(SEPARATOR.search(text))),
            math.log1p(max(distance, 0)), float(distance <= 0), float(distance == 1), math.log(rank),
            float(any(map(dated_line, below))), float(date_line(text)),
            float(bool(below) and (is_name(lines[i + 1].text) or bool(byline_start.match(lines[i + 1].text)))),
            float(x.repeated), float(later.get(text, i) > first + 3), x.density, float(x.sentence),
            capitalised(text), sum(map(str.isdigit, text)) / len(text),
            float(i > 0 and m[i - 1].words <= 2), float(prose_below > 0), float(i == start), float(text.isupper()), float(text[:1].islower()),
            float(beyond), float(x.prose))))
    return out


def support(share: float, shared: int, own: int) -> float:
    if not own or shared < (1 if own <= 2 else 2) or share < 0.5:
        return 0.0
    return share * min(shared, 4)


def capitalised(text: str) -> float:
    firsts = [w[0] for w in text.split()]  # str.isupper of a letter alone: a capital letter (a digit or sign is not)
    return sum(map(str.isupper, firsts)) / len(firsts) if firsts else 0.0


@dataclass(frozen=True)
class Ranking:
    weights: tuple[float, ...]  # one per feature, in NAMES' order
    least: float  # the share of the ranking (its softmax over the page's candidates) the first line must hold
    doubt: float = 0.0  # the share under which a line the hand-written rules take is doubted (headline.chosen)
    firm: float = 1.0  # the share the first line must hold to replace a doubted line
    # Asked where a trail names the headline (crumbs.py: the draft needs no ranking there)? The fit's
    # recorder is: every page whose headline stands among the candidates is a choice to learn from.
    on_trails: ClassVar[bool] = False

    def first(self, found: list[Candidate]) -> tuple[Candidate | None, float]:
        """The candidate ranked first, and its share of the ranking."""
        shares = self.shares(found)
        top = max(range(len(found)), key=shares.__getitem__, default=None)
        return (None, 0.0) if top is None else (found[top], shares[top])

    def shares(self, found: list[Candidate]) -> list[float]:
        """Each candidate's share of the ranking (its softmax over the page's candidates)."""
        scores = [sum(map(mul, c.features, self.weights)) for c in found]  # the same products, summed in the same order
        if not scores:
            return []
        most = max(scores)
        exps = [math.exp(s - most) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


def ranking(extraction) -> Ranking | None:
    """The ranking the vocabulary states (boilerplate/headline-weights.yml), or None."""
    weights = getattr(extraction, "headline_weights", ())
    return Ranking(tuple(weights), extraction.headline_least, extraction.headline_doubt, extraction.headline_firm) \
        if len(weights) == len(NAMES) else None
