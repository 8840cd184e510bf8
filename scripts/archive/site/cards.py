"""Each article as listings show it (site/structure.py's Site.cards): once per build, not once
per listing, as an article is listed on about seven pages."""
from __future__ import annotations

from dataclasses import dataclass

from .structure import article_path


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
    """Slug -> the card of each of the site's articles, each made when first asked for: a build
    after one changed record shows few whole cards (the rows it makes again), where every
    listing and the timeline show every article's date (Site.dates)."""
    return Cards(site)


class Cards(dict):
    """The site's cards (cards()), made as they are asked for."""

    def __init__(self, site):
        super().__init__()
        self.site = site
        self.articles = {a.slug: a for a in site.articles}
        self.names = {p.id: p.name for p in site.voc.positions}
        self.publishers = {p.id: p.name for p in site.voc.publishers}
        self.ids = tuple(p.id for p in site.voc.proposals)  # the matrix's columns

    def __missing__(self, slug: str) -> Card:
        a, names = self.articles[slug], self.names
        card = self[slug] = Card(article_path(slug), self.site.dates[slug], a.title, tuple(x.name for x in a.authors),
                                 self.publishers[a.publisher], names[a.position],
                                 {s.proposal: names[s.position] for s in a.stances}, cells(self.site, a, self.ids), a.summary)
        return card

    def get(self, slug: str, default=None):
        return self[slug] if slug in self.articles else default


def cells(site, a, ids: tuple[str, ...]) -> tuple:
    """The article's row of the stance matrix: per proposal (`ids`), its Position or None."""
    stances = {s.proposal: site.positions[s.position] for s in a.stances}
    return tuple(map(stances.get, ids))
