"""Render stage: the site (articles and vocabularies) into the Markdown pages of docs/ (path ->
text or bytes).

Each page kind has its module here and its markup in `site/templates/`; `site/structure.py`
says where each page is and how pages link; `site/markup.py` is the one place where source text
is escaped (Markdown, HTML, YAML frontmatter). `exports/` writes the machine-readable side.
"""
from __future__ import annotations

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


# The article pages this process rendered, by slug: (context, article, its neighbours' slugs and
# titles, page). A page is made from its article, the titles of the two beside it and every
# source outside sources/articles/ (`context`, build.context_digest); an unchanged article is
# the very object it was (build.MADE), so a process that builds again (the normaliser kept warm
# under `mkdocs serve`) renders only the pages whose inputs changed.
RENDERED: dict[str, tuple] = {}


def neighbour(a) -> tuple | None:
    return a and (a.slug, a.title)


def render(site: Site, home: str, context: str | None = None) -> dict[str, str | bytes]:
    pages: dict[str, str | bytes] = {}
    ordered = site.articles
    rendered = {}
    for i, article in enumerate(ordered):
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        inputs = (context, article, neighbour(newer), neighbour(older))
        before = RENDERED.get(article.slug)
        if context is not None and before is not None and before[0] == context and before[1] is article \
                and before[2:4] == inputs[2:]:
            page = before[4]
        else:
            page = article_page(site, article, newer, older)
        rendered[article.slug] = (*inputs, page)
        pages[article_path(article.slug)] = page
    RENDERED.clear()
    if context is not None:
        RENDERED.update(rendered)
    pages.update(article_listing(site))
    pages.update(proposal_pages(site))
    pages.update(position_pages(site))
    pages.update(author_pages(site))
    pages.update(publisher_pages(site))
    pages.update(argument_pages(site))
    pages.update(matrix_pages(site))
    pages.update(tag_pages(site))
    pages.update(timeline_pages(site))
    pages["index.md"] = home_page(site, home)
    return pages

