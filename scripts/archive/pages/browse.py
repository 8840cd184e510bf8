"""The articles index: every article, newest first, under year headings, with a filter form
(proposal, stance, position, publisher, author, year, order) that reader.js applies from the
article data written beside the page (articles/articles.js, a script: it loads from file://
too, where a JSON fetch would not). Without JavaScript the form reloads the page, which lists
every article."""
from __future__ import annotations

import json

from .listing import intro, paged
from .site import ARTICLES_INDEX, Site, article_path, href, year

DATA = "articles/articles.js"


def overall(site: Site) -> list[tuple]:
    """(position, how many articles hold it overall), in the positions' order."""
    return [(pos, sum(1 for a in site.articles if a.position == pos.id)) for pos in site.voc.positions]


def authors(site: Site) -> list[str]:
    """Every author's name once, A to Z by surname."""
    names = {x.name for a in site.articles for x in a.authors}
    return sorted(names, key=lambda n: (n.split()[-1].lower(), n.lower()))


def filter_data(site: Site) -> str:
    """The articles as reader.js filters them, newest first. json.dumps writes the strings
    (ASCII only, so no line separator can end a JavaScript line); the file is a script
    assigning one value, never inserted into a page."""
    voc = site.voc
    data = {
        "proposals": {p.id: p.name for p in voc.proposals},
        "positions": {p.id: p.name for p in voc.positions},
        "publishers": {p.id: p.name for p in voc.publishers},
        "articles": [{"t": a.title, "h": href(article_path(a.slug), ARTICLES_INDEX), "d": site.cards[a.slug].date,
                      "y": year(a), "a": [x.name for x in a.authors], "p": a.publisher, "o": a.position,
                      "s": {s.proposal: s.position for s in a.stances}} for a in site.articles],
    }
    return "window.archiveArticles = " + json.dumps(data, ensure_ascii=True, separators=(",", ":")) + ";\n"


def article_listing(site: Site) -> dict[str, str]:
    """All articles, newest first, under year headings, the filter form first."""
    years = sorted({year(a) for a in site.articles}, reverse=True)
    opening = intro(site, "articles.md", counts=overall(site), authors=authors(site), years=years,
                    source=href(DATA, ARTICLES_INDEX))
    pages = paged(site, ARTICLES_INDEX.removesuffix(".md"), "Articles", list(site.articles), "listings/articles.html",
                  group=year, intro=opening, stance_on=None)
    pages[DATA] = filter_data(site)
    return pages
