"""Render stage: articles and vocabularies into the pages of docs/ (path -> text or bytes).

Each page kind has its module in `pages/` and its markup in `templates/`; `pages/site.py`
says where each page is and how pages link; `markup.py` is the one place where source text
is escaped (Markdown, HTML, YAML frontmatter). `export.py` writes the machine-readable side.
"""
from __future__ import annotations

from . import export, markup
from .model import Article, Vocabulary
from .pages.argument import argument_pages
from .pages.article import article_page
from .pages.authors import author_pages
from .pages.home import home_page
from .pages.browse import article_listing
from .pages.matrix import matrix_pages
from .pages.position import position_pages
from .pages.proposal import proposal_pages
from .pages.publisher import publisher_pages
from .pages.site import Site, article_path, newest_first
from .pages.tags import tag_pages
from .pages.timeline import timeline_pages


def render(voc: Vocabulary, articles: list[Article], home: str) -> dict[str, str | bytes]:
    markup.reset()
    site = Site(voc, tuple(newest_first(articles)))
    pages: dict[str, str | bytes] = {}
    ordered = site.articles
    for i, article in enumerate(ordered):
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        pages[article_path(article.slug)] = article_page(site, article, newer, older)
    pages.update(article_listing(site))
    pages.update(proposal_pages(site))
    pages.update(position_pages(site))
    pages.update(author_pages(site))
    pages.update(publisher_pages(site))
    pages.update(argument_pages(site))
    pages.update(matrix_pages(site))
    pages.update(tag_pages(site))
    pages.update(timeline_pages(site))
    pages.update(export.dataset(site))
    pages["feed.xml"] = export.feed(site)
    pages["index.md"] = home_page(site, home)
    return pages

