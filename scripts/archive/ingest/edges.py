"""The article's edges, once region.py has found its running prose: up over its header
(headline, byline, date, standfirst) and down over the short sentences that close it (a closing
line, the author's note, a list the text introduces, a sign-off at the dump's very end)."""
from __future__ import annotations

import re

from ..core.article import Line
from .shape import PROSE_DENSITY, PROSE_WORDS, Measure, item_mark, next_item

PARAGRAPH_CAP = 40  # words: a paragraph this long is other prose, not the header's (region.py weighs no longer line more)
HEADER_LINES = 12  # lines above the first paragraph that may be the article's header
MENU = 5  # one- or two-word lines in a row that are a menu, not labels in the header
CLOSING_LINES = 3  # short sentences after the last paragraph that may still be the article's
SIGN_OFF_LINES, SIGN_OFF_WORDS = 2, 6  # lines at the dump's very end that are the article's sign-off
ITEM_GAP = 4  # lines from one item of a list to the next (its answer, a credit, a photo's caption between)
ITEM_BACK = 3  # the article's last lines that may hold the item of a list it ends in
POST_LINES = 12  # lines from the article's last line down to the credit of a post it embeds
# The credit under an embedded post, as a social network's embed prints it: "— Jane Roe (@janeroe) March 3, 2025".
POST_CREDIT = re.compile(r"[—–-] ?[^()\n]{1,60} \(@\w{1,30}\)")


def header(lines: tuple[Line, ...], m: list[Measure], first: int) -> int:
    """Up from the first paragraph, over the article's header (headline, often printed twice,
    byline, date, standfirst, a caption), stopping at a long paragraph of other prose or at a
    menu: MENU one- or two-word lines in a row."""
    i = first
    while i > 0 and first - i < HEADER_LINES:
        if m[i - 1].prose and m[i - 1].words >= PARAGRAPH_CAP or all(x.words <= 2 for x in m[max(i - MENU, 0):i]) and i >= MENU:
            break
        i -= 1
    return i


def closing(lines: tuple[Line, ...], m: list[Measure], last: int, items: set[int], named=None) -> int:
    """Down from the last paragraph, over short sentences of the same text: a closing line
    ("The talks resume on Monday."), the author's note; the dump's last line when the dump
    was cut off in the middle of a paragraph. named(i): a rule names line i whole as furniture."""
    i = last
    while i + 1 < len(lines) and i - last < CLOSING_LINES:
        x = m[i + 1]
        # A list the text introduces (its lead-in, shape.listed), and its items; its lead-in right
        # here or past one line of the text's words ("Hier geht's zur Facebook Veranstaltung").
        step = 2 if i + 1 not in items and i + 2 not in items and i + 3 in items and not x.repeated and x.density > 0 else 1
        if i + step not in items and i + step + 1 in items:
            i += step
            while i + 1 in items:
                i += 1
            last = i
            continue
        cut_off = i + 2 == len(lines) and x.words >= PROSE_WORDS and x.density >= PROSE_DENSITY
        # A sentence without function words ("Talks resume Monday.") may be a button's label, unless
        # nothing but furniture the rules name follows it to the dump's end: then no other text does.
        last_words = x.sentence and not x.repeated and named is not None and all(map(named, range(i + 2, len(lines))))
        if x.repeated or not (x.sentence and x.density > 0 or cut_off or last_words):
            break
        i += 1
    i = posts_on(lines, m, runs_on(lines, m, i))
    # A credit or sign-off at the very end of the dump ("By Jane Roe", "S.Vandenberghe--JdB"):
    # nothing follows it, so no page furniture can.
    if 0 < len(lines) - 1 - i <= SIGN_OFF_LINES and all(x.words <= SIGN_OFF_WORDS for x in m[i + 1:]):
        i = len(lines) - 1
    return i


def runs_on(lines: tuple[Line, ...], m: list[Measure], last: int) -> int:
    """Down from the article's last line over the rest of a list it ends in (a numbered list of
    jokes, the minutes' dashed items): while its next item (the same bullet, or the next
    number) follows within ITEM_GAP lines, none of them printed again elsewhere on the page."""
    mark = None
    for k in range(last, max(last - ITEM_BACK, -1), -1):
        if mark := item_mark(lines[k].text):
            break
    while mark:
        k = next((k for k in range(last + 1, min(len(lines), last + 1 + ITEM_GAP)) if m[k].repeated or next_item(mark, lines[k].text)), None)
        if k is None or m[k].repeated:
            break
        mark, last = item_mark(lines[k].text), k
    return last


def posts_on(lines: tuple[Line, ...], m: list[Measure], last: int) -> int:
    """Down from the article's last line over the posts it embeds after it (a thread it quotes,
    the reactions it collects): while a post's credit ("— Jane Roe (@janeroe) March 3, 2025")
    follows within POST_LINES lines, none of them printed again elsewhere on the page, the post
    above its credit is the article's, as a post inside it is (generic.yml social-embed keeps it)."""
    while True:
        k = next((k for k in range(last + 1, min(len(lines), last + 1 + POST_LINES))
                  if m[k].repeated or POST_CREDIT.match(lines[k].text)), None)
        if k is None or m[k].repeated:
            return last
        last = k
