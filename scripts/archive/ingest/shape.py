"""The shape of a page dump's lines: the evidence the region stage (region.py) reads.

Each line is measured by what holds in any language and on any page: its words, whether it
ends as a sentence ends, the share of its words that are the page's language's function words
(running prose is dense with them; menus, buttons and other stories' headlines are not), and
whether the page prints it more than once (menus and footers repeat; a paragraph does not).
A line of the text ending in a colon ("Before any of them sends troops, they want:") says a list
follows: its items are the text's, whatever their length.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

from ..core.article import Line

PROSE_WORDS = 8  # a line of running prose has at least this many words
PROSE_DENSITY = 0.10  # and at least this share of them function words
LONG_WORDS = 40  # a line this long, twice as dense, is prose even without a sentence's end
LIST_ITEMS = 30  # at most this many lines after a lead-in ending in a colon are its list
LEAD_IN_WORDS = 6  # a lead-in is a sentence of the text ("Three things matter here:"), not a label ("Read more:")
LEAD_IN = re.compile(r":[”“\"’'»«›‹)\]]*$")
SENTENCE_END = re.compile(r"(?:[.!?…。！？؟]|[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?|[:;]-?[)D(])[”“\"’'»«›‹)\]]*$")
CLOSING = "”“\"’'»«›‹)]"  # the closing marks SENTENCE_END allows after a sentence's end
ITEM_END = re.compile(r"[,;.!?…。！？؟][”“\"’'»«›‹)\]]*$")
# An item's mark: a bullet, a dash or a number ("– Shintô", "2) ..."). A list whose items carry one may
# follow a lead-in of any length ("Aus dem Inhalt:"): the marks say that a list follows, not a menu.
BULLET = re.compile(r"(?:[•·▪►✓◦*–-]|\d{1,2}[.)]) ")  # also furniture.summary_boxes's
# The same marks, read: which bullet, or which number ("47. What is ...?" is followed by "48. ...").
ITEM_MARK = re.compile(r"(?:([•·▪►✓◦*–-])|(\d{1,3})[.)]) ")
MARK_STARTS = frozenset("•·▪►✓◦*–-0123456789")  # a line starting otherwise is no item: most lines, told without the pattern
FIGURE = re.compile(r"\d")
WORD = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class Measure:
    words: int
    sentence: bool  # ends as a sentence ends
    density: float  # share of its words that are the language's function words
    repeated: bool  # printed more than once on the page
    tokens: tuple[str, ...] = ()  # its words, lower-cased (or its characters, in Chinese or Japanese)

    @property
    def prose(self) -> bool:
        """A paragraph of running prose: ends a sentence, or is long and dense enough to be
        one whose end is a link or a colon."""
        return (not self.repeated and self.density >= PROSE_DENSITY and self.words >= PROSE_WORDS
                and (self.sentence or self.words >= LONG_WORDS and self.density >= 2 * PROSE_DENSITY))

    def describe(self, language: str) -> str:
        parts = [f"{self.words} word{'s' if self.words != 1 else ''}", "ends a sentence" if self.sentence else "no sentence end",
                 f"{round(100 * self.density)}% function words ({language})"]
        if self.repeated:
            parts.append("printed more than once on the page")
        return ", ".join(parts)


def tokens(text: str) -> list[str]:
    cjk = CJK.findall(text)
    return cjk if len(cjk) * 2 > len(text) else WORD.findall(text.lower())


def language(words_of: list[list[str]], function_words) -> tuple[str, frozenset[str]]:
    """The language whose function words cover most of the page's words (each line's tokens)."""
    counts = Counter(chain.from_iterable(words_of))
    languages_of = languages(function_words)
    if len(counts) >= len(languages_of):
        # map() over counts.get: each language's few hundred function words looked up in C, not in a generator
        return max(function_words, key=lambda lw: sum(map(counts.get, lw[1], repeat(0))), default=("none", frozenset()))
    # A page with fewer distinct words than the languages have function words: each word looked up once.
    totals = [0] * len(function_words)
    for word in counts.keys() & languages_of.keys():
        for k in languages_of[word]:
            totals[k] += counts[word]
    return function_words[max(range(len(totals)), key=totals.__getitem__)] if totals else ("none", frozenset())


@lru_cache(maxsize=8)
def languages(function_words) -> dict[str, tuple[int, ...]]:
    """Each function word, and the places in function_words of the languages it is one of."""
    out: dict[str, list[int]] = {}
    for k, (_, words) in enumerate(function_words):
        for word in words:
            out.setdefault(word, []).append(k)
    return {word: tuple(ks) for word, ks in out.items()}


def measure(lines: tuple[Line, ...], words_of: list[list[str]], words: frozenset[str]) -> list[Measure]:
    # Printed more than once, other than twice in a row (a photo's caption, a headline's copy).
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        where.setdefault(line.text, []).append(i)
    repeated = {text for text, at in where.items() if at[-1] - at[0] >= len(at)}
    out = []
    for line, t in zip(lines, words_of):
        n = len(t) if not t or len(t[0]) > 1 or not CJK.match(t[0]) else len(t) // 2
        out.append(Measure(n, sentence_ended(line.text), sum(map(words.__contains__, t)) / len(t) if t else 0.0,
                           line.text in repeated, tuple(t)))
    return out


def sentence_ended(text: str) -> bool:
    """SENTENCE_END.search(text), tried only where a match can start: a sentence's end (at most
    three characters: ":-)") just before the closing marks that end the text. Searched from every
    character, it was most of measuring a page's lines."""
    if text.endswith("\n"):  # `$` also matches before a last line feed
        return bool(SENTENCE_END.search(text))
    return bool(SENTENCE_END.search(text, max(0, len(text.rstrip(CLOSING)) - 3)))


def listed(lines: tuple[Line, ...], m: list[Measure]) -> set[int]:
    """The items of lists that a line of the text introduces with a colon ("Three things
    matter:"), whatever their shape: up to the next paragraph of prose, a line the page prints
    again (a menu repeats) or the next lead-in."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        marked = not lead_in(lines[i], m[i]) and marked_lead_in(lines, m, i)
        if marked or lead_in(lines[i], m[i]):
            j = i + 1
            while (j < len(lines) and j - i <= LIST_ITEMS and item(lines[j], m[j]) and not lead_in(lines[j], m[j])
                   and (not marked or BULLET.match(lines[j].text))):
                out.add(j)
                j += 1
            i = j
        else:
            i += 1
    return out | numbered(lines, m)


NUMBERED_RUN = 3  # lines numbered in sequence that make a list, whatever introduces it
NUMBER_GAP = 4  # lines from one number to the next (an answer, a credit between)


def numbered(lines: tuple[Line, ...], m: list[Measure]) -> set[int]:
    """Lines numbered in sequence ("01. Robert Plant", "02. Rob Halford", ...), NUMBERED_RUN or
    more, each within NUMBER_GAP lines of the one before and printed once: a list, whatever its
    lead-in ends with (a menu is not numbered; a page's numbered boxes repeat)."""
    out: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines):
        mark = item_mark(line.text)
        if mark is None or mark[0] != "#" or m[i].repeated or m[i].prose:
            continue
        if run and (i - run[-1] > NUMBER_GAP or item_mark(lines[run[-1]].text)[1] + 1 != mark[1]):
            if len(run) >= NUMBERED_RUN:
                out.update(run)
            run = []
        run.append(i)
    if len(run) >= NUMBERED_RUN:
        out.update(run)
    return out


def item(line: Line, x: Measure) -> bool:
    """A list's item in running text: words of the text (function words), its punctuation or a
    figure (a timetable's hour, a price, a quantity: "Warm Up 11:00 Uhr", "2 235 010 EUROS"); not a
    menu's entry ("Newsletter", "Abonnieren"), which has none of them, nor a line printed again."""
    return not x.prose and not x.repeated and (x.density > 0 or bool(ITEM_END.search(line.text) or FIGURE.search(line.text)))


def marked_lead_in(lines: tuple[Line, ...], m: list[Measure], i: int) -> bool:
    """A short lead-in ("Aus dem Inhalt:") over two items or more that carry an item's mark."""
    return (not m[i].repeated and m[i].density > 0 and bool(LEAD_IN.search(lines[i].text))
            and all(k < len(lines) and BULLET.match(lines[k].text) for k in (i + 1, i + 2)))


def item_mark(text: str) -> tuple[str, int] | None:
    """An item's mark: its bullet (with 0), or "#" and its number."""
    found = text[:1] in MARK_STARTS and ITEM_MARK.match(text)
    return None if not found else (found[1], 0) if found[1] else ("#", int(found[2]))


def next_item(mark: tuple[str, int], text: str) -> bool:
    """The line is the item after one marked `mark`: the same bullet, or the next number."""
    other = item_mark(text)
    return other is not None and other == (mark[0], mark[1] + (mark[0] == "#"))


def lead_in(line: Line, x: Measure) -> bool:
    return not x.repeated and x.words >= LEAD_IN_WORDS and x.density > 0 and bool(LEAD_IN.search(line.text))
