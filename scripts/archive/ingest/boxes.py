"""Furniture the extractor keeps inside a saved page's article, told by the page's markup.

trafilatura keeps, with the article, boxes a publisher sets inside it (an author's bio, a
newsletter prompt, a photo credit, links to related stories) and short lines after the
article's own container has ended (a copyright line, a source, "Read more"). Their words are
in any language; their markup is not: a box's tag (aside, nav, footer, figure) or the words of
its class and id ("newsletter-promo", "author-info", "cbx-Author_Position", "copyright").
The tags and words are data (boilerplate/generic.yml: extraction.furniture_tags and
furniture_words). Three kinds of evidence set a kept block aside, each recorded with it:

- it lies in an element so named that holds little of the article (BOX_SHARE of its
  characters at most): a wrapper named "share-zone" or "js-truncate-related-to-my-size" that
  holds the whole text is no box;
- it comes after the article's main container (the deepest element holding MAIN_SHARE of its
  characters) has ended, outside it, and is short (TAIL_WORDS words at most);
- it ends with an inline part so named, under half the line: a caption with its credit.

Chosen on the public set's tune half, the held-out half measured once: see the commit.

A third kind is told by links, not names (teasers()): a line that is mostly the text of links
to other pages of the publisher's own site is a teaser for another of its stories ("Czytaj
też: ...", "VEA TAMBIÉN: ...", a headline alone), in any language. A link out of the site
(a petition, a source, a product) is the article citing something: it stays. And a line
ending in a colon introduces what follows it (lead_ins()): where that is only such links, the
line goes with them ("Auch interessant:", "Lesen Sie auch:"); so does a short heading over two such
lines or more ("Saiba Mais", "Mehr zum Thema"). A list or a table of links is
the page's own as often as not (a school's courses, a recipe's products): only a paragraph or
a heading is taken for a teaser.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .webpage import BLOCK

BOX_SHARE = 0.05
MAIN_SHARE = 0.8
TAIL_WORDS = 40
# A teaser: this share of the line's characters is link text, and it has this many words at
# least (a headline; shorter link lines are product names, a list's items, "Hier geht's zur
# Facebook Veranstaltung"). Chosen on the tune half: 5, 6, 7, 8 words and 50, 70, 90%.
TEASER_LINKED = 0.7
TEASER_WORDS = 7
LEAD_WORDS = 8  # a lead-in ("Weitere Beiträge aus der Kolumne:"); longer lines ending in a colon open a quote or a list of the text
# A heading (not the <h1>) introduces what follows as a lead-in does, but ends in no colon to say
# so: it goes with the links under it only over this many (one link under a heading is a subhead's
# own, a source). On the tune half: 2 junk segments fewer, no text; the held-out half 1 fewer, no text.
# Over 1 line or more on tune: 2 text segments lost for 1 junk more; over 3 or more: 1 junk fewer.
HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
HEADED_RUN = 2
COLONS = (":", "：")
CALL_EMPHASIS = 0.95  # a closing call (closing_call): chosen on the tune half with TAIL_WORDS and a link: 3 junk segments, no text
CALL_LINES = 2  # chosen on the tune half (1, 2, 3, 5 lines)
EMPHASIS = frozenset(("b", "strong", "em", "i"))
LISTED = frozenset(("li", "td", "th", "dd", "dt"))
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


def set_aside(blocks, article: list[int], tags: frozenset[str], cues: frozenset[str],
              roles: frozenset[str] = frozenset()) -> dict[int, str]:
    """The blocks of `article` (indices into `blocks`, webpage.Block with their element) to set
    aside as furniture, each with its evidence. `roles`: the WAI-ARIA roles that name furniture
    (a page's own statement to assistive software: role="navigation", "dialog", "button")."""
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
            named = ({el.tag} & tags) or (words(el) & cues) or {f'role="{r}"' for r in (el.get("role") or "").lower().split() if r in roles}
            if named:
                out[i] = (f"in a box the page's markup names {min(named)!r}, {describe(el)}, holding "
                          f"{inside[el] / total:.0%} of the article's text: furniture the extractor kept")
                break
        if i not in out and el.tag != "h1" and (end := named_end(blocks[i], cues)):  # not the headline: the walk up stopped at its <h1>
            out[i] = (f"a line ending with a part the page's markup names {end[1]!r}, {describe(end[0])}: a caption "
                      f"with its credit, furniture the extractor kept")
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


def named_end(block, cues: frozenset[str]):
    """The inline element a line ends with whose class or id a furniture word names, and the
    word, where it is under half the line ("... in Las Croabas. <span class="credit">By U.S.
    CUSTOMS</span>"): a caption with its credit, whatever box holds it. A line that is mostly
    such a part ("By <a class="author">Jane Roe</a>") is a byline, the box rule's to judge."""
    for el in owner(block).iterdescendants():
        if not isinstance(el.tag, str) or el.tag in BLOCK or not (named := words(el) & cues):
            continue
        said = " ".join(el.text_content().split())
        if said and block.text.endswith(said) and 2 * len(said) < len(block.text):
            return el, min(named)
    return None


def teasers(blocks, article: list[int], address: str | None) -> dict[int, str]:
    """The blocks of `article` that are links to other pages of the site at `address` (the
    page's own address, from its metadata; a relative link is to the same site without it),
    each with its evidence. The headline stays, whatever it links to."""
    out: dict[int, str] = {}
    for i in article:
        block = blocks[i]
        if len(block.text.split()) < TEASER_WORDS:
            continue
        if any(el.tag == "h1" for el in chain(block.element)) or owner(block).tag in LISTED:
            continue
        if hrefs := site_links(block, address):
            out[i] = (f"a line that is {block.linked / len(block.text):.0%} link text, linking only to the site's own "
                      f"pages ({hrefs[0][:80]}): a teaser for another of its stories the extractor kept")
    return out


def site_links(block, address: str | None) -> list[str]:
    """The addresses a line of link text (TEASER_LINKED of it) points to, when all are pages of
    the site at `address`; else none."""
    if block.linked < TEASER_LINKED * len(block.text):
        return []
    hrefs = links(block)
    return hrefs if hrefs and all(same_site(href, address) for href in hrefs) else []


def lead_ins(blocks, article: list[int], address: str | None) -> dict[int, str]:
    """The blocks of `article` that are a lead-in (a short line ending in a colon, or a short
    heading over HEADED_RUN lines or more) to a run of links to the site's own pages only, with
    that run."""
    kept, out = set(article), {}
    for i in article:
        text = blocks[i].text
        colon, heading = text.endswith(COLONS), owner(blocks[i]).tag in HEADINGS
        if not (colon or heading) or len(text.split()) > LEAD_WORDS:
            continue
        run = []  # what it introduces, when left out, may be the text's ("Belag:" over a recipe's list)
        for j in range(i + 1, len(blocks)):
            if j not in kept or not site_links(blocks[j], address):
                break
            run.append(j)
        if run and (colon or len(run) >= HEADED_RUN):
            said = "a short line ending in a colon" if colon else f"a heading, <{owner(blocks[i]).tag}>"
            out[i] = f"a lead-in ({said}) that introduces only {len(run)} line(s) of links to the site's own pages, set aside with it"
            out |= {j: f"a link to the site's own pages ({site_links(blocks[j], address)[0][:80]}) under the lead-in {text!r}" for j in run}
    return out


def closing_call(blocks, article: list[int], addresses: frozenset[str] = frozenset()) -> dict[int, str]:
    """The article's last lines (CALL_LINES) that are a call to its readers, in any language:
    short (TAIL_WORDS words at most) and linking to a page whose address names what it calls
    for (`addresses`, data: "newsletter", "donate", "patreon", an app store), or, the last
    line, wholly emphasised (CALL_EMPHASIS of its characters in <em>, <i>, <strong> or <b>) and
    linking anywhere ("Do you want to be informed of our actions? Sign up here"). An emphasised
    closing line without a link (a book's publisher, a motto) stays."""
    out: dict[int, str] = {}
    for i in article[-CALL_LINES:]:
        el = owner(blocks[i])
        hrefs = [a.get("href").strip() for a in el.iter("a") if a.get("href")]
        if len(blocks[i].text.split()) > TAIL_WORDS or not hrefs:
            continue
        named = next(((href, w) for href in hrefs for w in sorted(addresses) if w in href.lower()), None)
        if named:
            out[i] = (f"one of the article's last lines, linking to {named[0][:80]}, an address naming {named[1]!r}: "
                      f"a call to its readers the extractor kept")
        elif i == article[-1] and (share := emphasised(el)) >= CALL_EMPHASIS:
            out[i] = (f"the article's last line, {share:.0%} emphasised ({describe(el)}) and linking away: "
                      f"a call to its readers (to subscribe, follow, support) the extractor kept")
    return out


def emphasised(el) -> float:
    """The share of an element's characters that are in an emphasis element within it."""
    total = inside = 0
    for node in el.iter():
        pieces = ((node.text, node),) if node is el else ((node.text, node), (node.tail, node.getparent()))
        for text, holder in pieces:
            n = len((text or "").strip())
            total += n
            if n and any(x.tag in EMPHASIS for x in upto(holder, el)):
                inside += n
    return inside / total if total else 0.0


def upto(el, top):
    """`el` and its ancestors up to `top`, inclusive."""
    while el is not None:
        yield el
        if el is top:
            return
        el = el.getparent()


def owner(block):
    """The block-level element a line is in."""
    return next((el for el in chain(block.element) if el.tag in BLOCK), block.element)


def links(block) -> list[str]:
    """The addresses of the links whose text is in `block`: those of its block-level element,
    or the one link it is in (a teaser's headline set as <a href><h2>...</h2></a>)."""
    el = owner(block)
    wrapping = [a.get("href").strip() for a in chain(el) if a.tag == "a" and a.get("href")][:1]
    return wrapping or [a.get("href").strip() for a in el.iter("a") if a.get("href")
                        and (said := " ".join(a.text_content().split())) and said in block.text]


def same_site(href: str, address: str | None) -> bool:
    """Whether `href` is a page of the site at `address`: "www." aside, or relative."""
    if href.startswith("#") or href.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
        return False  # a place on this page, or no page at all
    try:
        parts = urlsplit(href)
        host = (parts.hostname or "").removeprefix("www.")
        ours = (urlsplit(address).hostname or "").removeprefix("www.") if address else ""
    except ValueError:  # a malformed address in the page: no evidence either way
        return False
    if not parts.scheme and not parts.netloc:
        return True
    return parts.scheme in ("http", "https", "") and bool(host) and host == ours
