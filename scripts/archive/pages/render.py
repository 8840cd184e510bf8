"""Render stage: the site (articles and vocabularies) into the Markdown pages of docs/ (path ->
text or bytes).

Each page kind has its module here and its markup in `site/templates/`; `site/structure.py`
says where each page is and how pages link; `site/markup.py` is the one place where source text
is escaped (Markdown, HTML, YAML frontmatter). `exports/` writes the machine-readable side.
"""
from __future__ import annotations

from collections.abc import Iterator

from .argument import argument_pages
from .article import article_page
from .authors import author_pages
from .home import home_page
from .browse import article_listing
from .matrix import matrix_pages
from .position import position_pages
from .proposal import proposal_pages
from .publisher import publisher_pages
from ..keys import digest
from ..site.structure import Site, article_path
from .tags import tag_pages
from .timeline import timeline_pages


def neighbour(a) -> tuple | None:
    return a and (a.slug, a.title)


def article_pages(site: Site, cache=None) -> dict[str, str | bytes]:
    """`cache`: a cache.Store (the layer above passes it in). An article page is made from its
    article (what it was made from, and the author slugs the archive's other authors decide),
    the vocabulary entries it names, the site's title and styles, the titles of the two beside
    it and the code (cache.Store.page_key), so an unchanged one is not rendered again."""
    pages: dict[str, str | bytes] = {}
    ordered = site.articles
    keys = PageKeys(cache) if cache is not None else None
    for i, article in enumerate(ordered):
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        if keys is None:
            page = article_page(site, article, newer, older)
        else:
            key = keys.key(article, (tuple(x.slug for x in article.authors), neighbour(newer), neighbour(older)))
            page = cache.page("article-pages", key, article_path(article.slug),
                              lambda a=article, n=newer, o=older: article_page(site, a, n, o))
        pages[article_path(article.slug)] = page
    if keys is not None:
        keys.keep()
    return pages


class PageKeys:
    """Each article page's key (cache.Store.page_key), kept from the last build by what its
    article was made from and `parts`: the key hashes the vocabulary entries the article names
    (about 0.025 CPU s at 1,005 articles, every build), and one changed record changes one
    article's key and its neighbours' parts. Kept in the cache under the site's part and every
    vocabulary entry's digest (and the code, as every entry): a changed entry makes them all
    again, the same as Store.page_key makes them."""
    kind = "article-page-keys"

    def __init__(self, store):
        self.store = store
        self.at = digest(self.kind, store.site, *(f"{kind} {id} {d}" for (kind, id), d in sorted(store.entries.items())))
        found = store.get(self.kind, self.at)
        self.kept: dict[str, str] = found if isinstance(found, dict) else {}
        self.made: dict[str, str] = {}

    def key(self, a, parts: tuple) -> str | None:
        made = self.store.made.get(a.slug)
        if made is None:
            return None
        name = f"{made} {parts!r}"
        key = self.kept.get(name) or self.store.page_key(a, *parts)
        self.made[name] = key
        return key

    def keep(self) -> None:
        if self.made != self.kept:  # else kept as it is (found, so used)
            self.store.put(self.kind, self.at, self.made)


def render(site: Site, home: str) -> Iterator[dict[str, str | bytes]]:
    """The pages but the articles' (article_pages()): the listings and the pages of the
    vocabularies, a kind at a time, so that the build writes each kind before it makes the
    next (at 5,005 articles they are about 50 MB as UTF-8, about twice that as texts)."""
    for kind in (article_listing, proposal_pages, position_pages, author_pages, publisher_pages,
                 argument_pages, matrix_pages, tag_pages, timeline_pages):
        yield kind(site)
    yield {"index.md": home_page(site, home)}
