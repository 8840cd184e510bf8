"""What the text itself says about its headline: the words of its paragraphs, and the line
above them it takes up most (region.py finds it; headline.py weighs the lines of the head
against it). A headline shares its subject's names and words with the text, in any
language; a menu, a site's tagline or another story's headline shares few or none."""
from __future__ import annotations

from dataclasses import dataclass

from .furniture import CLOSERS, body_like, words
from .dateline import date_line
from .headline import FIRM, TAKEN_UP, trail_end
from .crumbs import crumb_headline
from .shape import tokens
from . import candidates
from .candidates import Ranking

SUPPORTED, BEYOND = candidates.NAMES.index("supported"), candidates.NAMES.index("later_stretch")
TEXT_WORDS = 10  # a line of so many words may be the text's (a standfirst): the headline is not taken from under it
EVIDENCE_LINES = 40  # lines above the text's first paragraph where its headline may stand
EVIDENCE_SHARE = 0.5  # share of a headline's content words the text takes up, at the least


@dataclass(frozen=True)
class Evidence:
    """What the text itself says about its headline: the words of its paragraphs, and the line
    above them (up to EVIDENCE_LINES, past a share bar or a menu the region's header stops at)
    whose words they take up most (its index in the page's lines, or None)."""
    body: frozenset[str]
    line: int | None
    past: bool = False  # the line stands under prose of the page (a cookie notice): that goes with the header
    ranked: bool = False  # the line is the one the ranking puts first (candidates.py)
    first: int | None = None  # the line number of the ranking's first, when it holds at least its firm share
    doubted: frozenset[int] = frozenset()  # the line numbers of the candidates holding under its doubt share
    card: frozenset[int] = frozenset()  # the line numbers of a recipe's card (recipe.py): the text's, wherever they stand
    trailed: bool = False  # the line is the one a breadcrumb trail above the text ends with (crumbs.py): the headline

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


def evidence(lines, m, stretches: list[tuple[int, int]], rank: Ranking | None = None, named=None) -> Evidence:
    """The headline by evidence for the text in its stretches (first and last index of each, in
    order; m: the lines' shape.Measure): among the short lines above its first paragraph, not
    sentences of a paragraph's length, the one the text takes up most, the nearest of equals.
    Or one above a later stretch, when what stands before it weighs little, shares few words
    with the rest (a cookie notice, a login form counted as prose: they go with the header)
    and the text takes it up firmly and more. named(i): a boilerplate rule names line i whole
    (a caption, a newsletter's or a cookie dialog's line): the ranking weighs no such line."""
    first, last = stretches[0][0], stretches[-1][1]
    body = frozenset().union(*(m[i].tokens for i in range(first, last + 1) if m[i].prose))
    start = max(first - EVIDENCE_LINES, 0)
    stop = next((i for i in range(first, last + 1) if body_like(lines[i].text)), first)
    if (crumb := crumb_headline(lines, start, stop, stop - start)) is not None and not (rank and rank.on_trails):
        return Evidence(body, crumb[1], trailed=True)
    best, line = above(lines, m, body, first, max(first - EVIDENCE_LINES, 0))
    past = False
    total = sum(m[i].words for a, b in stretches for i in range(a, b + 1) if m[i].prose)
    before = 0
    beyond = []  # later stretches whose header may hold the headline: (first line, the line after the stretch before)
    for (a0, b0), (a, b) in zip(stretches, stretches[1:]):
        before += sum(m[i].words for i in range(a0, b0 + 1) if m[i].prose)
        if before > LATER_SHARE * total:
            break
        if apart(m, stretches, a) >= RELATED:
            continue
        beyond.append((a, max(b0 + 1, a - EVIDENCE_LINES)))
        score, i = above(lines, m, body, a, beyond[-1][1])
        if score >= FIRM and score > best and not date_line(lines[i].text):
            best, line, past = score, i, True
    by_rank, top, doubted = False, None, frozenset()
    if rank and not past:
        line, past, by_rank, top, doubted = ranked(lines, m, body, first, beyond, line, rank, named)
    elif rank:  # past a notice: the ranking only confirms the line (holding it first, firmly) and doubts others
        _, _, _, top, doubted = ranked(lines, m, body, first, beyond, line, rank, named)
        top = top if top == lines[line].number else None
    if line is not None:  # a breadcrumb trail ending with the headline: the headline
        line = trail_end(lines, line, first)
    return Evidence(body, line, past, by_rank, top, doubted)


def ranked(lines, m, body, first: int, beyond, line: int | None, rank: Ranking, named=None) -> tuple[int | None, bool, bool, int | None, frozenset[int]]:
    """The line the ranking puts first (candidates.py), when it holds at least rank.least of it:
    when the text takes up no line (line None), only one it takes up; never a line whose first
    word is in lower case (a label: "unser Verein"), nor one under the line the text takes up
    most when that is a sentence or past a sentence or a long line under it (the text's first
    sentence, a standfirst: they would go with the header). Otherwise line. Then the ranking's first line number when it holds at least
    rank.firm of it, and those of the lines holding under rank.doubt (headline.chosen)."""
    later = {x.text: i for i, x in enumerate(lines)}
    found = candidates.candidates(lines, m, body, first, later)
    for a, start in beyond:
        found += candidates.candidates(lines, m, body, a, later, start, True)
    shares = rank.shares(found)
    k = max(range(len(shares)), key=shares.__getitem__, default=None)
    while k is not None and named is not None and named(found[k].index):  # furniture the rules name is no headline: the next
        del found[k]
        shares = rank.shares(found)
        k = max(range(len(shares)), key=shares.__getitem__, default=None)
    if k is None:
        return line, False, False, None, frozenset()
    top, share = found[k], shares[k]
    number = lines[top.index].number if share >= rank.firm else None
    doubted = frozenset(lines[c.index].number for c, x in zip(found, shares) if x < rank.doubt)
    if top.features[BEYOND]:  # past another text's prose (a notice): only a line the text takes up
        return ((top.index, True, True) if share >= rank.least and top.features[SUPPORTED] else (line, False, False)) + (number, doubted)
    if share < rank.least or line is None and not top.features[SUPPORTED] \
            or lines[top.index].text.split()[0].islower() \
            or line is not None and (m[line].sentence or any(m[i].sentence or m[i].words >= TEXT_WORDS for i in range(line + 1, top.index))):
        return line, False, False, number, doubted
    return top.index, False, True, number, doubted


LATER_SHARE = 0.25  # share of the text's prose words before a later stretch, at the most, for its header to hold the headline
RELATED = 0.3  # share of its content words the text from the later stretch on repeats, below which the prose before is another text's


def apart(m, stretches, a: int) -> float:
    """The share of the content words of the prose before line a that the prose from there on
    repeats: a cookie notice or a login form shares few with the article, the article's own
    first part many."""
    own = lambda i: {w for w in m[i].tokens if len(w) >= 4 and w.isalpha()} if m[i].prose else set()
    before = set().union(*(own(i) for s, e in stretches for i in range(s, min(e + 1, a))))
    after = set().union(*(own(i) for s, e in stretches for i in range(max(s, a), e + 1)))
    return len(before & after) / len(before) if before else 0.0


def above(lines, m, body, start: int, stop: int) -> tuple[float, int | None]:
    """The line from start - 1 up to stop the text takes up most, and by how much."""
    best, line = 0.0, None
    for i in range(start - 1, stop - 1, -1):
        text = lines[i].text
        if len(text) > 250 or not 3 <= words(text) <= 30 or text.endswith((",", ";", ":")) or m[i].prose \
                or len(text) > 100 and text.rstrip(CLOSERS).endswith((".", "…")):
            continue
        score = support(m[i].tokens, body)
        if score > best:
            best, line = score, i
    return best, line
