"""trafilatura's text matched back to the saved page's lines (derive.py keeps those lines).

trafilatura returns text, not the page's elements, so which of the page's blocks it kept has
to be found again by their words. Two things make that hard: the same words occur more than
once on a page (a related-story heading that is also a later subhead, a paragraph repeated as
a teaser, "Poland" in the menu and in a table), and short lines (table cells, list items, a
subhead) are too short to be told apart by their words alone. So the long blocks are placed
first, as the heaviest chain that keeps both the page's order and trafilatura's (one early
match far ahead must not push every later block out); then each stretch of short blocks
between two placed ones is matched, by difflib, against the words trafilatura kept between
those two, where the same few words are the same line.
"""
from __future__ import annotations

import bisect
import difflib
import re
import unicodedata

from ..core.texts import INVISIBLE

WORD = re.compile(r"\w+")
SHINGLE = 4
ANCHOR = 5  # words a block needs to be placed on its own; shorter ones only between placed ones
CUT = 8  # words a block needs to be placed when trafilatura kept most of it but not all
MOST = 0.8  # share of a block's word runs (or, between placed blocks, of its words) that is "most"
OCCURRENCES = 20  # places looked at per block: a block found more often is furniture, not text
# difflib's matching takes time up to the product of the two sides' words: above this, a stretch
# is matched line by line in order instead (a page of thousands of one-word cells and no prose).
BUDGET = 1_000_000
LOOKS = 200  # places a block's first words are compared at, at most (a page of one word repeated)


def tokens(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", INVISIBLE.sub("", text)).lower())


def align(texts: list[str], kept: str) -> list[int]:
    """The indices of `texts` (the page's blocks, in reading order) whose words trafilatura's
    text `kept` holds, in order."""
    words = tokens(kept)
    needles = [tokens(t) for t in texts]
    anchors = chain(candidates(needles, words))
    out = [i for i, _, _, _ in anchors]
    bounds = [(-1, 0), *((i, (start, end)) for i, start, end, _ in anchors), (len(texts), len(words))]
    for (a, left), (b, right) in zip(bounds, bounds[1:]):
        lo = left if a < 0 else left[1]
        hi = right if b >= len(texts) else right[0]
        out += between(needles, a + 1, b, words[lo:hi])
    return sorted(out)


def candidates(needles: list[list[str]], words: list[str]) -> list[tuple[int, int, int, int]]:
    """(block, first word, end, its words) for every place a block of ANCHOR words or more lies in `words`:
    each exact occurrence; for a block found nowhere whole, the stretch its word runs span when
    most of them are there, close together (trafilatura dropped a link or a line of it)."""
    heads: dict[tuple[str, ...], list[int]] = {}  # the places of every run of ANCHOR words
    for k in range(len(words) - ANCHOR + 1):
        heads.setdefault(tuple(words[k:k + ANCHOR]), []).append(k)
    runs: dict[tuple[str, ...], int] = {}
    for k in range(len(words) - SHINGLE + 1):
        runs.setdefault(tuple(words[k:k + SHINGLE]), k)
    out = []
    for i, needle in enumerate(needles):
        if len(needle) < ANCHOR:
            continue
        places = heads.get(tuple(needle[:ANCHOR]), ())[:LOOKS]
        found = [(i, k, k + len(needle), len(needle)) for k in places if words[k:k + len(needle)] == needle][:OCCURRENCES]
        if not found and len(needle) >= CUT:
            places = sorted(runs[s] for s in zip(*(needle[j:] for j in range(SHINGLE))) if s in runs)
            start, end = (places[0], places[-1] + SHINGLE) if places else (0, 0)
            if len(places) >= MOST * (len(needle) - SHINGLE + 1) and end - start <= 2 * len(needle):
                found.append((i, start, end, len(needle)))
        out += found
    return out


def chain(found: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """The heaviest (in words) sequence of places in both the page's order and the text's, no
    two overlapping: a longest-increasing-subsequence with weights, over a Fenwick tree."""
    if not found:
        return []
    ends = sorted({end for _, _, end, _ in found})
    tree = [(0, -1)] * (len(ends) + 1)  # (weight of the best chain ending there, its last item)
    back: list[int] = []
    weight: list[int] = []
    pending: list[tuple[int, int]] = []

    def best_before(start: int) -> tuple[int, int]:
        k, best = bisect.bisect_right(ends, start), (0, -1)
        while k > 0:
            best = max(best, tree[k])
            k -= k & -k
        return best

    def store(end: int, value: tuple[int, int]) -> None:
        k = bisect.bisect_left(ends, end) + 1
        while k <= len(ends):
            tree[k] = max(tree[k], value)
            k += k & -k

    for n, (i, start, end, size) in enumerate(found):
        if pending and found[pending[0][0]][0] != i:
            for m, value in pending:  # a block's places go in only once all of them are scored
                store(found[m][2], (value, m))
            pending.clear()
        before, prev = best_before(start)
        weight.append(before + size)
        back.append(prev)
        pending.append((n, weight[-1]))
    n = max(range(len(found)), key=lambda m: weight[m])
    out = []
    while n >= 0:
        out.append(found[n])
        n = back[n]
    return out[::-1]


def between(needles: list[list[str]], first: int, stop: int, words: list[str]) -> list[int]:
    """The blocks first..stop-1 that `words` (the text trafilatura kept between the two placed
    blocks around them) holds: all the words of a short block, most of a longer one's."""
    if first >= stop or not words:
        return []
    page, owner = [], []
    for i in range(first, stop):
        page += needles[i]
        owner += [i] * len(needles[i])
    matched = [0] * (stop - first)
    if len(page) * len(words) > BUDGET:
        return in_order(needles, first, stop, words)
    matcher = difflib.SequenceMatcher(None, page, words, autojunk=False)
    for a, _, size in matcher.get_matching_blocks():
        for k in range(a, a + size):
            matched[owner[k] - first] += 1
    return [i for i in range(first, stop) if needles[i]
            and matched[i - first] >= (len(needles[i]) if len(needles[i]) < ANCHOR else MOST * len(needles[i]))]


def in_order(needles: list[list[str]], first: int, stop: int, words: list[str]) -> list[int]:
    """The blocks first..stop-1 whose words lie whole in `words`, each after the one before."""
    target, out, cursor = " " + " ".join(words) + " ", [], 0
    for i in range(first, stop):
        if needles[i] and (at := target.find(" " + " ".join(needles[i]) + " ", cursor)) >= 0:
            out.append(i)
            cursor = at + len(" ".join(needles[i])) + 1
    return out
