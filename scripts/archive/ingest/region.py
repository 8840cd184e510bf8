"""Region stage: find where the article's text stands in a page dump, by evidence, not phrasing.

Every line is measured (shape.py): its length, whether it ends as a sentence ends, the share of its words
that are the function words of the page's language (running prose is dense with them; menus,
buttons and other stories' headlines are not), whether the page prints it more than once
(menus and footers repeat; a paragraph does not), and its place. A line of running prose is
long, ends a sentence, is dense with function words and is printed once. The article is the
longest stretch of such lines, counted in words, where no more than a few lines of anything
else (a subhead, a caption, an advertisement's label) stand between two of them, and every
stretch of such prose before it (the strongest stretch may be the readers' comments, or the
second part of a text a gallery or a table of contents splits: the article comes first), less
a light tail the strongest runs on into past a run of furniture (an author's note, an appeal); from
there it takes in the lines of each stretch's header just above (headline, byline, date,
standfirst; a subhead) and the short sentences right after its last long paragraph (a closing line, the
author's note, a list the text introduces with a colon).

Every line outside is removed as "page-outside-the-article" (or under the rule that names it,
clean.py) with the evidence that put it there; the rules then act inside. An editor who reads the page otherwise writes `region: {first, last}`
in the record (raw line numbers), and that region is used instead.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.article import Line, Removal
from . import comments, recipe, slides
from .titled import Evidence, evidence
from .edges import HEADER_LINES, PARAGRAPH_CAP, closing, header  # PARAGRAPH_CAP: a long paragraph weighs no more (one teaser's long excerpt is still one)
from .shape import PROSE_DENSITY, PROSE_WORDS, SENTENCE_END, Measure, language, listed, measure, tokens

MAX_STEPS = 5  # the cost stops growing at the fifth line in a row (a table of contents in the text)
REPEATED_STEPS = 2  # a line printed again elsewhere on the page counts as this many in a row
GAP_COST = 5  # words of prose a line of anything else costs the stretch it stands in
TAIL_GAP = 3  # lines of anything but prose in a row that part the text from what its strongest stretch runs on into
TAIL_SHARE = 0.2  # what follows such a gap at that stretch's end, weighing less than this share of it, is another text's
EARLIER = 0.05  # share of the strongest stretch's weight that a stretch of prose before it must reach to be the article's
RULE = "region"
KIND = "page-outside-the-article"


@dataclass(frozen=True)
class Region:
    first: int  # raw line numbers, both in the article
    last: int
    why: str  # how it was chosen


def weights(m: list[Measure], items: set[int] = frozenset()) -> list[float]:
    """What each line says for or against standing inside the article: a paragraph of running
    prose its words; a sentence-like line (a list item, a short paragraph) or an item of a list
    the text introduces with a colon (shape.listed) nothing either way;
    anything else (a subhead, a label, a menu item, another story's headline) a cost that grows
    with each such line in a row: one line between two paragraphs is a subhead, five are the
    page's furniture. A line printed more than once counts as two."""
    out, run = [], 0
    for i, x in enumerate(m):
        if i in items:
            out.append(0.0)
        elif x.prose:
            out.append(float(min(x.words, PARAGRAPH_CAP)))
            run = 0
        elif not x.repeated and x.density >= PROSE_DENSITY and (x.sentence and x.words >= 4 or x.density >= 2 * PROSE_DENSITY
                                                                and x.words >= PROSE_WORDS):
            out.append(0.0)
        else:
            before = run
            run += REPEATED_STEPS if x.repeated else 1
            steps = range(before + 1, run + 1)
            out.append(-GAP_COST * sum(min(k, MAX_STEPS) for k in steps))
    return out


def blocks(w: list[float]) -> list[tuple[int, int, float]]:
    """The page's stretches that weigh for the article: where Kadane's pass starts afresh (the
    sum so far fell to nothing), a new one begins; each is its best start-anchored run of lines
    (first, last, sum). One pass, whatever the page's length."""
    out: list[tuple[int, int, float]] = []
    best, start, running = None, 0, 0.0
    for i, x in enumerate(w):
        if running <= 0:
            if best:
                out.append(best)
            best, start, running = None, i, 0.0
        running += x
        if running > 0 and (best is None or running > best[2]):
            best = (start, i, running)
    if best:
        out.append(best)
    return out


def choose(lines: tuple[Line, ...], m: list[Measure], items: set[int]) -> list[tuple[int, int]]:
    """The article's stretches of prose (first and last index of each, in order): the strongest,
    prose joined across what little stands between its paragraphs, never across more than the
    prose on either side outweighs; and before it every stretch of prose that weighs at least
    EARLIER of it, each weighed (not only the strongest of them: a weaker one may be nearer the
    text), apart, without the furniture between them. The strongest stretch is not always the
    article: the readers' comments under a short post, the second half of a text split by a
    table of contents or a gallery. The article comes first; what follows the strongest stretch
    is left outside, a comment or another story's excerpt, and so is a light tail it runs on
    into past a run of furniture (tail_cut)."""
    w = weights(m, items)
    found = blocks(w)
    if not found:
        return []
    k = max(range(len(found)), key=lambda j: found[j][2])
    total = found[k][2]
    stretches = []
    for a, b, weight in found[:k + 1]:
        if weight < EARLIER * total:
            continue
        while not m[a].prose:  # a stretch starts and ends on prose
            a += 1
        while not m[b].prose:
            b -= 1
        stretches.append((a, b))
    a, b = stretches[-1]
    stretches[-1] = (a, tail_cut(w, m, a, b))
    return stretches


def tail_cut(w: list[float], m: list[Measure], a: int, b: int) -> int:
    """The strongest stretch's last line, without what it runs on into after the text: past a
    run of TAIL_GAP lines or more that are not prose (a share bar, a byline box, a label), the
    paragraphs weighing less than TAIL_SHARE of the stretch are another text's (the author's
    note, a newsletter's appeal, another story's excerpt); a long part is the text's own."""
    total, after, run, end = sum(w[a:b + 1]), 0.0, 0, b
    for i in range(b, a - 1, -1):
        if w[i] < 0:
            run += 1
        else:
            if run >= TAIL_GAP and after < TAIL_SHARE * total:
                end = i
            run = 0
        after += w[i]
    while not m[end].prose:
        end -= 1
    # A paragraph alone between lines that are not prose, just before the cut, opens what follows
    # it (a cookie dialog's first line after the author's note), unless nothing precedes it.
    if end < b and end > a and w[end - 1] < 0 and w[end + 1] < 0:
        end -= 1
        while not m[end].prose:
            end -= 1
    return end


def joined(stretches: list[tuple[int, int]], items=frozenset()) -> list[tuple[int, int]]:
    """Two stretches with no more than a header's worth of lines between them are one: those
    lines are the text's own (a subhead and its standfirst, a list of short items), as the
    lines above a single stretch are its header. A list's items (shape.listed: a hundred lines
    numbered in sequence) are the text's whatever their number: only the other lines count."""
    out = stretches[:1]
    for a, b in stretches[1:]:
        if sum(k not in items for k in range(out[-1][1] + 1, a)) <= HEADER_LINES:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def region(lines: tuple[Line, ...], function_words, first: int | None = None,
           last: int | None = None, ranking=None, named=None, comment_words=frozenset(),
           recipe_headings=(frozenset(), frozenset())) -> tuple[tuple[Line, ...], tuple[Removal, ...], Evidence | None]:
    """The lines of the article, the lines outside it recorded as removed with their
    evidence, and what the text says of its headline (headline.evidence: the line found is
    in the article). first/last (raw line numbers): the editor's region, taken as it is;
    named(i): a boilerplate rule names line i whole (clean.py), asked of the lines after the text
    and of the line the headline ranking puts first (titled.evidence);
    comment_words: the words after a count that head the readers' comments (comments.py);
    recipe_headings: the words of a recipe's ingredients' and method's headings (recipe.py)."""
    found = None
    if not lines:
        return lines, (), found
    words_of = [tokens(line.text) for line in lines]  # once: the language and the measures need them
    lang, words = language(words_of, function_words)
    m = measure(lines, words_of, words)
    if first is not None or last is not None:
        first = first if first is not None else lines[0].number
        last = last if last is not None else lines[-1].number
        a = next((i for i, line in enumerate(lines) if line.number >= first), len(lines))
        b = max((i for i, line in enumerate(lines) if line.number <= last), default=-1)
        why = f"the record's region: lines {first} to {last}"
        stretches = [(a, b)]
    else:
        items = listed(lines, m)
        stretches = choose(lines, m, items)
        if not stretches:  # no running prose at all: nothing is known to be outside
            return lines, (), found
        paragraphs = sum(x.prose for a, b in stretches for x in m[a:b + 1])
        why = f"{paragraphs} paragraphs of running prose from line {lines[stretches[0][0]].number} to {lines[stretches[-1][1]].number}"
        found = evidence(lines, m, stretches, ranking, named)
        stretches = joined([(header(lines, m, a) if k == 0 else a, closing(lines, m, b, items, named)) for k, (a, b) in enumerate(stretches)], items)
        why += f" in {len(stretches)} stretches" if len(stretches) > 1 else ""
        if found.line is not None and not any(a <= found.line <= b for a, b in stretches):  # the headline, past what the header takes in
            stretches = sorted([*stretches, (found.line, found.line)])
        card, between = recipe.cards(lines, m, *recipe_headings)
        if card:  # a recipe's card is the article's wherever it stands; what parts its ingredients from its method is not
            stretches = recipe.without(sorted([*stretches, *card]), between)
            why += f"; a recipe's card at lines {lines[card[0][0]].number} to {lines[card[-1][1]].number}"
            found = replace(found, card=frozenset(lines[i].number for a, b in card for i in range(a, b + 1)))
        if shown := slides.slideshows(lines, m, stretches):  # a slideshow the text holds or runs up to is the article's
            stretches = sorted([*stretches, *shown])
            why += f"; a slideshow of {len(shown)} slides at lines {lines[shown[0][0]].number} to {lines[shown[-1][1]].number}"
        if posts := slides.thread(lines, m, stretches):  # a thread whose first post is the text found
            stretches = sorted([*stretches, *posts])
            why += f"; a thread of {len(posts)} posts at lines {lines[posts[0][0]].number} to {lines[posts[-1][1]].number}"
        a, b = stretches[0][0], max(e for _, e in stretches)
        if cut := comments.section(lines, m, a, b, comment_words):  # the comments the prose took in: the article ends above them
            stretches = [(s, min(e, cut[0] - 1)) for s, e in stretches if s < cut[0]]
            b, why = max(e for _, e in stretches), f"{why}; it ends above the {cut[1]}"
    inside = [False] * len(lines)
    for s, e in stretches:
        inside[s:e + 1] = [True] * (e + 1 - s)
    removals = []
    for i, line in enumerate(lines):
        if inside[i]:
            continue
        place = "before" if i < a else "after" if i > b else "between"
        removals.append(Removal(line.number, f"{RULE}:{place}-article", KIND, line.text,
                                evidence=f"{m[i].describe(lang)}; the article: {why}"))
    found = found and replace(found, line=None if found.line is None else lines[found.line].number)
    return tuple(line for line, keep in zip(lines, inside) if keep), tuple(removals), found


def prose_outside(removals) -> list[Removal]:
    """The lines of running prose the region stage left outside the article, or that went with
    the page's header above the headline (by their own shape: long, ending a sentence), which
    the editor should look at before accepting it."""
    return [r for r in removals if (r.rule.startswith(f"{RULE}:") or r.rule == "generic:above-headline")
            and len(r.text.split()) >= 15 and SENTENCE_END.search(r.text)]
