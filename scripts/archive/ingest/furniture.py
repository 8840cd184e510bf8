"""Page furniture known by its neighbours and its place, not by its words.

Each finder looks at the lines the rules kept and returns {index: Mark}. They are written
for kinds of furniture (a caption printed twice, a key-points box, a menu, a pull quote, what
stands above the headline), and err on keeping: a long sentence-like line in the text is only
taken out when its neighbours or its place say it is not the article's.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from typing import NamedTuple

from .metadata import is_name
from .shape import BULLET
from ..core.article import Line, Removal


class Mark(NamedTuple):
    rule: str
    kind: str
    moved_to: str | None = None


SENTENCE_END = tuple(".!?…:;,")
CLOSERS = "”“\"’'»«›‹)]"  # “ closes a German quotation, « a Swiss one
SUMMARY_LABEL = re.compile(r"(?i)(?:summary|key (?:points|takeaways|facts)|in brief|at a glance|highlights"
                           r"|tl;? ?dr|in short|what you need to know|the short version)\s?:?")
TEASER_LABEL_KINDS = ("related-articles",)
TOGGLE_RULE = "generic:keep-reading"  # "keep reading", "Show less": the toggle under a teaser's excerpt
TEXT_CLOSERS = ("donation-appeal", "newsletter", "related-articles")  # what stands between a text and the teasers after it
MAX_EXCERPT = 3  # running-text paragraphs in one teaser's excerpt; an article's section has more
PULL_QUOTE_WORDS = 40  # a pull quote is one sentence, set large: a longer line of several is a paragraph
PROSE_SENTENCE = 8  # words: a sentence of the text's own, not a credit ("Photo: AFP.")
PRINTED_AGAIN = 0.5  # share of a pull quote's runs of three words that the text prints again
WORD = re.compile(r"\w+")
SENTENCES = re.compile(r"[^\W\d_]{2}[.!?…][”“\"’'»«)]* [^\W\d_]")
COOKIE_WORDS = re.compile(r"(?i)\bcookies?\b|\bconsent\b|\bopt[- ]out\b|\bpersonal (?:data|information)\b|\bprivacy\b")


def words(text: str) -> int:
    return text.count(" ") + 1  # read.py leaves one space between words


def ends_sentence(text: str) -> bool:
    # The space too: a block may end with the opening mark of a quotation the next one goes on with ('said. “').
    return text.rstrip(CLOSERS + " ")[-1:] in SENTENCE_END


def body_like(text: str) -> bool:
    """A paragraph of running text: long, and ending as sentences end."""
    return words(text) >= 15 and ends_sentence(text)


def printed_twice(lines: list[Line], removed: dict[int, Removal], next_raw: dict[int, int]) -> dict[int, Mark]:
    """A line printed twice in a row: a headline's second copy, or a photo caption (both copies;
    the second may carry the credit, or be cut short at the dump's end)."""
    marks: dict[int, Mark] = {}
    caption = Mark("generic:caption-printed-twice", "photo-caption")
    for i in range(len(lines) - 1):
        if i in marks:
            continue
        a, b = lines[i].text, lines[i + 1].text
        if b == a and i > 0 and (ends_sentence(a) and words(a) >= 8 or words(a) >= 20):
            marks[i] = marks[i + 1] = caption
        elif b == a:  # the second copy goes, unless the first is what a rule left of a longer line (a trail's last crumb)
            marks[i if lines[i].number in removed else i + 1] = Mark("generic:repeated-line", "repeated-text")
        elif i > 0 and (a in b and len(b) - len(a) <= 100 or len(b) >= 30 and a.startswith(b)) and words(a) >= 5:
            if quoted_below(a, b):
                marks[i] = Mark("generic:pull-quote", "pull-quote")
            else:
                marks[i] = marks[i + 1] = caption
    # The other copy was already taken out as a caption by a rule ("Camera Icon...", "[AFP]").
    captions = {n: r.text for n, r in removed.items() if r.kind == "photo-caption"}
    if captions:
        prev_raw = {b: a for a, b in next_raw.items()}
        beside = {m: n for n in captions for m in (next_raw.get(n), prev_raw.get(n))}
        for i, line in enumerate(lines):
            other = captions.get(beside.get(line.number))
            a = line.text
            if other and words(a) >= 5 and (a in other or len(a) >= 30 and other.startswith(a)):
                marks[i] = caption
    return marks


def quoted_below(a: str, b: str) -> bool:
    """Line a printed again at the end of paragraph b, after a whole sentence of b's own: a is a
    pull quote and b its paragraph, not a caption and its copy (which adds a credit, no sentence)."""
    before = b[:b.find(a)].rstrip() if a in b else ""
    return words(before) >= PROSE_SENTENCE and ends_sentence(before)


def cookie_dialog(lines: list[Line], removed: dict[int, Removal], next_raw: dict[int, int]) -> dict[int, Mark]:
    """The rest of a cookie-consent dialog: lines about cookies, consent or privacy that stand
    next to a line already taken out as part of the banner, and next to those in turn."""
    banner = {n for n, r in removed.items() if r.kind == "cookie-banner"}
    if not banner:
        return {}
    prev_raw = {b: a for a, b in next_raw.items()}
    index = {line.number: i for i, line in enumerate(lines)}
    marks: dict[int, Mark] = {}
    # Outwards from each banner line, one raw line at a time: each kept line is looked at
    # once (a dialog of n lines grown one line per pass over the page took n passes).
    todo = [m for n in banner for m in (next_raw.get(n), prev_raw.get(n))]
    while todo:
        i = index.get(todo.pop())
        if i is None or i in marks or not COOKIE_WORDS.search(lines[i].text):
            continue
        marks[i] = Mark("generic:cookie-dialog", "cookie-banner")
        n = lines[i].number
        todo += (next_raw.get(n), prev_raw.get(n))
    return marks


def summary_boxes(lines: list[Line]) -> dict[int, Mark]:
    """A "Summary" / "Key points" label and the bullet points under it."""
    marks: dict[int, Mark] = {}
    for i, line in enumerate(lines):
        if len(line.text) <= 40 and SUMMARY_LABEL.fullmatch(line.text) and i + 1 < len(lines) and BULLET.match(lines[i + 1].text):
            marks[i] = Mark("generic:summary-box", "summary-box")
            j = i + 1
            while j < len(lines) and BULLET.match(lines[j].text):
                marks[j] = marks[i]
                j += 1
    return marks


def name_after_avatar(lines: list[Line], removed: dict[int, Removal], next_raw: dict[int, int]) -> dict[int, Mark]:
    """A name-only line right after the author's picture (its label taken out by the
    author-picture rule): the byline, printed without "By"."""
    marks: dict[int, Mark] = {}
    index = {line.number: i for i, line in enumerate(lines)}
    for n, r in removed.items():
        i = index.get(next_raw.get(n))
        if r.kind == "author-picture" and i is not None and is_name(lines[i].text):
            marks[i] = Mark("generic:name-after-avatar", "byline", "authors")
    return marks


def teasers(lines: list[Line], removed: dict[int, Removal], next_raw: dict[int, int]) -> dict[int, Mark]:
    """Headlines of other stories listed under a "Related articles" label (of up to six words: German
    says "Diese Artikel könnten dich ebenfalls interessieren:")."""
    marks: dict[int, Mark] = {}
    labels = [r.line for r in removed.values() if r.kind in TEASER_LABEL_KINDS and words(r.text) <= 6]
    index = {line.number: i for i, line in enumerate(lines)}
    for label in labels:
        n = next_raw.get(label)
        while n in index and 3 <= words(lines[index[n]].text) <= 20 and not lines[index[n]].text.endswith("."):
            marks[index[n]] = Mark("generic:teaser-under-label", "related-articles")
            n = next_raw.get(n)
    return marks


def teaser_list(lines: list[Line], removed: dict[int, Removal]) -> dict[int, Mark]:
    """Other stories listed after the text, each closed by the same "keep reading" toggle: the
    items between two toggles (headline, section, a short excerpt), and the first item, back to
    the donation appeal or newsletter box that ends the text, when it holds no more running
    text than an item does. No toggle repeated, or an item with an article's length of text:
    nothing is taken."""
    toggles: dict[str, list[int]] = {}
    for n, r in sorted(removed.items()):
        if r.rule == TOGGLE_RULE:
            toggles.setdefault(r.text.lower(), []).append(n)
    repeated = max(toggles.values(), key=len, default=[])
    if len(repeated) < 2:
        return {}
    numbers = [line.number for line in lines]  # in order: a bisection finds the lines between two toggles
    between = lambda a, b: list(range(bisect_right(numbers, a), bisect_left(numbers, b)))
    excerpt = lambda items: sum(body_like(lines[i].text) for i in items)
    items = [between(a, b) for a, b in zip(repeated, repeated[1:])]
    longest = max(excerpt(item) for item in items)
    if longest > MAX_EXCERPT:
        return {}
    mark = Mark("generic:teaser-list", "related-articles")
    marks = {i: mark for item in items for i in item}
    end_of_text = max((n for n, r in removed.items() if n < repeated[0] and r.kind in TEXT_CLOSERS and r.rule != TOGGLE_RULE),
                      default=None)
    if end_of_text is not None and excerpt(first := between(end_of_text, repeated[0])) <= longest:
        marks.update({i: mark for i in first})
    return marks


def menus(lines: list[Line], start: int) -> dict[int, Mark]:
    """Three or more one- or two-word lines in a row, before the text or after it (a list
    of one-word items inside the text is the article's): a navigation menu."""
    first = next((i for i, line in enumerate(lines) if body_like(line.text)), len(lines))
    last = next((i for i in range(len(lines) - 1, first - 1, -1) if body_like(lines[i].text)), len(lines) - 1)
    marks: dict[int, Mark] = {}
    for segment in (range(start, first), range(last + 1, len(lines))):
        run: list[int] = []
        for i in [*segment, None]:
            text = lines[i].text if i is not None else ""
            if i is not None and words(text) <= 2 and len(text) <= 25 and not ends_sentence(text):
                run.append(i)
                continue
            if len(run) >= 3:
                marks.update({j: Mark("generic:menu-run", "menu") for j in run})
            run = []
    return marks


def pull_quotes(lines: list[Line], start: int, page: tuple[Line, ...] = ()) -> dict[int, Mark]:
    """A line of one sentence (up to 40 words) with no closing punctuation between two
    paragraphs, or one whose words the page prints again: the article's own sentence set in
    large type. A longer line of several sentences, said once, is a paragraph whose end is a
    link, a list item or code (public set: 9 text segments lost on the tune half)."""
    marks: dict[int, Mark] = {}
    said: Counter | None = None  # in how many lines each run of three words stands
    for i in range(max(start, 1), len(lines) - 1):
        text = lines[i].text
        if ends_sentence(text) or words(text) < 12:
            continue
        capitals = sum(w[0].isupper() for w in text.split()) / words(text)
        after = lines[i + 1].text
        # The paragraph after it may be the dump's last, cut short.
        if not (capitals < 0.5 and body_like(lines[i - 1].text)
                and (body_like(after) or i + 2 == len(lines) and words(after) >= 15)):
            continue
        if words(text) > PULL_QUOTE_WORDS or SENTENCES.search(text):
            if said is None:  # only on a page with such a line: most have none
                said = Counter(g for line in page or lines for g in shingles(line.text))
            own = shingles(text)
            if sum(said[g] > 1 for g in own) < PRINTED_AGAIN * len(own):
                continue
        marks[i] = Mark("generic:pull-quote", "pull-quote")
    return marks


def shingles(text: str) -> set[tuple[str, ...]]:
    """The line's runs of three words, lower-cased: what a sentence printed again shares."""
    w = WORD.findall(text.lower())
    return {tuple(w[k:k + 3]) for k in range(len(w) - 2)}
