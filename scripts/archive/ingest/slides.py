"""Evidence of the page's kind, decided once for the whole page: a slideshow, or a forum's thread. A gallery's slides
are counted ("1/5", "2/5", ... "5/5"; "1 von 17", "1 of 17"), each with its caption or text under
the counter and the page's furniture repeated on every slide (an image credit, "Show image");
the region stage (region.py) weighs those repeated lines as a menu and so keeps the first slides
at most. A full count, 1 to N in order, is one slideshow: when the text holds one of its slides
or runs up to its first counter, every slide is the article's, each down to the first line the
page prints again. A thread's posts are counted too ("#1", "#2", ...), each under its author's
name, rank and post count, printed on each of their posts: when the text found is the first post,
every post is the article's, each down to its author's next box.
"""
from __future__ import annotations

import re

from ..core.article import Line
from .shape import Measure

# A slide's counter: its number, a slash or a short word ("von", "of", "de", "sur", "z"), the count.
COUNTER = re.compile(r"(\d{1,3}) ?(?:/|[^\W\d_]{1,3}) ?(\d{1,3})")
SLIDES = 3  # the fewest slides that make a slideshow
SLIDE_LINES = 8  # the most lines from one counter to the next (and of the last slide)
NEAR = 8  # the most lines from the text's last line down to the first counter of a slideshow it runs up to
POST = re.compile(r"#(\d{1,4})")  # a post's counter in a forum's thread
POSTS = 3  # the fewest posts that make a thread
POST_LINES = 40  # the most lines from one post's counter to the next (and of the last post)
FIRST_POST = 3  # the text found holds one of this many lines under the first post's counter
LAST_GAP = 1  # lines in a row that end no sentence end the last post (its author's signature, the related threads)


def slideshows(lines: tuple[Line, ...], m: list[Measure], stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The slides (first and last index of each, in order) of every slideshow counted in full that
    the stretches hold a slide of, or that starts within NEAR lines under one of them."""
    counters = []
    for i, line in enumerate(lines):
        if line.text[:1].isdigit() and (found := COUNTER.fullmatch(line.text.strip())):
            counters.append((i, int(found[1]), int(found[2])))
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(counters):
        first, number, count = counters[k]
        k += 1
        if number != 1 or count < SLIDES:
            continue
        run = [first]
        while (k < len(counters) and counters[k][2] == count and counters[k][1] == len(run) + 1
               and counters[k][0] - run[-1] <= SLIDE_LINES):
            run.append(counters[k][0])
            k += 1
        if len(run) != count:
            continue
        slides = [(start, slide_end(m, start, run[j + 1] if j + 1 < len(run) else min(len(lines), start + SLIDE_LINES)))
                  for j, start in enumerate(run)]
        if any(a <= e and s <= b for s, e in slides for a, b in stretches) or any(0 < first - b <= NEAR for _, b in stretches):
            out += slides
    return out


def slide_end(m: list[Measure], start: int, stop: int) -> int:
    """The slide's last line: above the first line the page prints again, or above `stop`."""
    end = start
    for i in range(start + 1, stop):
        if m[i].repeated:
            break
        end = i
    return end


def thread(lines: tuple[Line, ...], m: list[Measure], stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The posts (first and last index of each) of a thread counted from "#1" whose first post's
    opening a stretch holds: each down to the first line the page prints again (the
    next author's box), the last one to its last sentence before LAST_GAP lines that end none."""
    run: list[int] = []
    for i, line in enumerate(lines):
        if line.text[:1] == "#" and (found := POST.fullmatch(line.text.strip())):
            if int(found[1]) == len(run) + 1 and (not run or i - run[-1] <= POST_LINES):
                run.append(i)
            elif len(run) < POSTS:
                run = [i] if found[1] == "1" else []
    if len(run) < POSTS or not any(a <= i <= b for i in range(run[0] + 1, run[0] + 1 + FIRST_POST) for a, b in stretches):
        return []
    posts = [(start, slide_end(m, start, stop)) for start, stop in zip(run, run[1:])]
    end, gap = run[-1], 0
    for i in range(run[-1] + 1, min(len(lines), run[-1] + POST_LINES)):
        if m[i].repeated:
            break
        if m[i].sentence:
            end, gap = i, 0
        elif (gap := gap + 1) >= LAST_GAP:
            break
    return [*posts, (run[-1], end)]
