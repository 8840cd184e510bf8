"""Each article as listings show it (site/structure.py's Site.cards): once per build, not once
per listing, as an article is listed on about seven pages."""
from __future__ import annotations

from dataclasses import dataclass

from .structure import article_path, date_label


@dataclass(frozen=True)
class Card:
    """An article as listings show it (once per build, not once per listing: an article is
    listed on about seven pages)."""
    page: str
    date: str
    title: str
    authors: tuple[str, ...]
    publisher: str
    position: str  # the name of its overall position
    stances: dict[str, str]  # proposal id -> position name
    cells: tuple  # the stance matrix's row: per proposal, its Position or None
    summary: str | None = None  # the editor's line of what it argues


def cards(site) -> dict[str, Card]:
    """Slug -> the card of each of the site's articles."""
    names = {p.id: p.name for p in site.voc.positions}
    publishers = {p.id: p.name for p in site.voc.publishers}
    ids = tuple(p.id for p in site.voc.proposals)  # the matrix's columns
    return {a.slug: Card(article_path(a.slug), date_label(a.date.value), a.title, tuple(x.name for x in a.authors),
                         publishers[a.publisher], names[a.position], {s.proposal: names[s.position] for s in a.stances},
                         cells(site, a, ids), a.summary)
            for a in site.articles}


def cells(site, a, ids: tuple[str, ...]) -> tuple:
    """The article's row of the stance matrix: per proposal (`ids`), its Position or None."""
    stances = {s.proposal: site.positions[s.position] for s in a.stances}
    return tuple(map(stances.get, ids))
