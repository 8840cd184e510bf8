"""The article's end as the page itself states it: schema.org's articleBody, HTML's <main>.

Many news pages carry the article's whole text in their JSON-LD (`articleBody`): the
publisher's own statement of what the body is, in any language and whatever the theme's
markup. Where a page does, the lines the extractor keeps after the last line of that body are
not the article's: a membership appeal, a "follow us on YouTube" line, the tags, a credit
printed under the text. Each is set aside with that evidence.

Only a body that the kept text holds whole says where the article ends: a summary, a paywall's
first paragraph or a body cut at so many characters (common) does not. So the lines holding the
body must give BODY_FOUND of its words, and make up BODY_SHARE of the text kept: otherwise the
page's statement is not used. A page stating more than one body (a list of articles) is not used.
Chosen on the public set's tune half: 31 of 536 pages state a body; 4 junk segments fewer, no
text lost (BODY_SHARE 0.5 to 0.8 alike; at 0.9, 1 junk).

HTML's <main> (or role="main") says the same in markup: it holds "the dominant contents of the
document" (the HTML standard). Lines the extractor keeps after it has ended, outside it, are not
the article's (a pop-up's text, the site's footer), where <main> holds MAIN_HELD of the text kept
at least: a <main> that wraps only a page's hero or headline says nothing of the text under it.
On the tune half: 1 page, 2 junk segments fewer, no text lost, at any MAIN_HELD from 0 to 0.3
(the page's pop-up is 63% of what the extractor kept).
"""
from __future__ import annotations

from .boxes import chain, describe
from .matchback import tokens
from .pagemeta import json_ld

GRAM = 3  # words: a line is in the body when most of its runs of GRAM words are
LINE_IN = 0.8
BODY_FOUND = 0.8
BODY_SHARE = 0.5
MAIN_HELD = 0.25
TAIL = 8  # words of the body's end quoted in the evidence


def stated_body(root) -> list[str]:
    """The words of the one articleBody the page's JSON-LD states, or none."""
    bodies = {b.strip() for node in json_ld(root) if isinstance(b := node.get("articleBody"), str) and b.strip()}
    return tokens(bodies.pop()) if len(bodies) == 1 else []


def in_body(words: list[str], grams: set[tuple[str, ...]], joined: str) -> bool:
    if len(words) < GRAM:
        return bool(words) and f" {' '.join(words)} " in joined
    runs = list(zip(*(words[k:] for k in range(GRAM))))
    return sum(run in grams for run in runs) >= LINE_IN * len(runs)


def after_body(root, blocks, article: list[int]) -> dict[int, str]:
    """The blocks of `article` (indices into `blocks`) after the last one holding the page's
    stated body, each with its evidence; none where the page states no whole body."""
    body = stated_body(root)
    if not body:
        return {}
    grams = set(zip(*(body[k:] for k in range(GRAM))))
    joined = f" {' '.join(body)} "
    words = {i: tokens(blocks[i].text) for i in article}
    inside = [i for i in article if in_body(words[i], grams, joined)]
    found = sum(len(words[i]) for i in inside)
    if not inside or found < BODY_FOUND * len(body) or found < BODY_SHARE * sum(map(len, words.values())):
        return {}
    end = " ".join(body[-TAIL:])
    return {i: (f"after the article's body as the page's JSON-LD articleBody states it (ending \"... {end}\"): "
                f"not the article's text, though the extractor kept it") for i in article if i > inside[-1]}


def after_main(blocks, article: list[int]) -> dict[int, str]:
    """The blocks of `article` after the page's <main> has ended, outside it, each with its
    evidence; none where the page has no <main> holding MAIN_HELD of the article's text."""
    held: dict = {}
    for i in article:
        for el in chain(blocks[i].element):
            if el.tag == "main" or (el.get("role") or "").strip().lower() == "main":
                held[el] = held.get(el, 0) + len(blocks[i].text)
    if not held:
        return {}
    main = max(held, key=held.get)
    within = [i for i in article if any(el is main for el in chain(blocks[i].element))]
    if held[main] < MAIN_HELD * sum(len(blocks[i].text) for i in article):
        return {}
    return {i: (f"after the page's <main>, {describe(main)}, has ended (the page's main content, as its markup "
                f"states it): not the article's text, though the extractor kept it")
            for i in article if i > within[-1] and i not in within}
