"""Furniture the extractor keeps inside a saved page's article, told by the page's markup.

trafilatura keeps, with the article, boxes a publisher sets inside it (an author's bio, a
newsletter prompt, a photo credit, links to related stories) and short lines after the
article's own container has ended (a copyright line, a source, "Read more"). Their words are
in any language; their markup is not: a box's tag (aside, nav, footer, figure) or the words of
its class and id ("newsletter-promo", "author-info", "cbx-Author_Position", "copyright").
The tags and words are data (boilerplate/generic.yml: extraction.furniture_tags and
furniture_words). Two kinds of evidence set a kept block aside, each recorded with it:

- it lies in an element so named that holds little of the article (BOX_SHARE of its
  characters at most): a wrapper named "share-zone" or "js-truncate-related-to-my-size" that
  holds the whole text is no box;
- it comes after the article's main container (the deepest element holding MAIN_SHARE of its
  characters) has ended, outside it, and is short (TAIL_WORDS words at most).

Chosen on the public set's tune half, the held-out half measured once: see the commit.
"""
from __future__ import annotations

import re

BOX_SHARE = 0.05
MAIN_SHARE = 0.8
TAIL_WORDS = 40
SPLIT = re.compile(r"[^0-9a-z]+")
CAMEL = re.compile(r"([a-z])([A-Z])")


def words(el) -> set[str]:
    """The words of an element's class and id: "cbx-Author_Position" is cbx, author, position."""
    named = CAMEL.sub(r"\1 \2", f"{el.get('class') or ''} {el.get('id') or ''}").lower()
    return {w for w in SPLIT.split(named) if w}


def chain(el):
    while el is not None and isinstance(el.tag, str):
        yield el
        el = el.getparent()


def describe(el) -> str:
    said = " ".join(f'{k}="{el.get(k)[:60]}"' for k in ("class", "id") if el.get(k))
    return f"<{el.tag}{' ' + said if said else ''}>"


def set_aside(blocks, article: list[int], tags: frozenset[str], cues: frozenset[str]) -> dict[int, str]:
    """The blocks of `article` (indices into `blocks`, webpage.Block with their element) to set
    aside as furniture, each with its evidence."""
    inside: dict = {}  # element -> characters of the article within it
    for i in article:
        for el in chain(blocks[i].element):
            inside[el] = inside.get(el, 0) + len(blocks[i].text)
    total = sum(len(blocks[i].text) for i in article)
    if not total or not inside:
        return {}
    out: dict[int, str] = {}
    for i in article:
        for el in chain(blocks[i].element):
            if el.tag == "h1":
                break  # the headline, whatever box it is in
            if inside[el] > BOX_SHARE * total:
                break  # every element further up holds at least as much
            named = ({el.tag} & tags) or (words(el) & cues)
            if named:
                out[i] = (f"in a box the page's markup names {min(named)!r}, {describe(el)}, holding "
                          f"{inside[el] / total:.0%} of the article's text: furniture the extractor kept")
                break
    # The main container: of the elements holding MAIN_SHARE of the text (one inside the
    # other), the one holding least; the deepest of those holding as much.
    held = [el for el, n in inside.items() if n >= MAIN_SHARE * total]
    main = min(held, key=lambda el: (inside[el], -sum(1 for _ in chain(el))))
    within = [i for i in article if any(el is main for el in chain(blocks[i].element))]
    for i in article:
        if within and i > within[-1] and i not in out and len(blocks[i].text.split()) <= TAIL_WORDS:
            out[i] = (f"a short line after the article's main container, {describe(main)}, has ended: "
                      f"furniture the extractor kept")
    return out
