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
    for i, article in enumerate(ordered):
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        key = cache and cache.page_key(article, tuple(x.slug for x in article.authors), neighbour(newer), neighbour(older))
        if cache is None:
            page = article_page(site, article, newer, older)
        else:
            page = cache.page("article-pages", key, article_path(article.slug),
                              lambda a=article, n=newer, o=older: article_page(site, a, n, o))
        pages[article_path(article.slug)] = page
    return pages


def render(site: Site, home: str) -> Iterator[dict[str, str | bytes]]:
    """The pages but the articles' (article_pages()): the listings and the pages of the
    vocabularies, a kind at a time, so that the build writes each kind before it makes the
    next (at 5,005 articles they are about 50 MB as UTF-8, about twice that as texts)."""
    for kind in (article_listing, proposal_pages, position_pages, author_pages, publisher_pages,
                 argument_pages, matrix_pages, tag_pages, timeline_pages):
        yield kind(site)
    yield {"index.md": home_page(site, home)}
