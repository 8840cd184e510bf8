"""Publisher pages (how the archive identifies the publisher, its articles) and their index."""
from __future__ import annotations

from ..site import markup
from .listing import intro, paged
from ..site.structure import Site, publisher_path, year


def publisher_pages(site: Site) -> dict[str, str]:
    pages = {}
    rows = []
    for p in site.voc.publishers:
        here = publisher_path(p.id)
        published = [a for a in site.articles if a.publisher == p.id]
        rows.append((p, len(published)))
        pages.update(paged(site, here.removesuffix(".md"), p.name, published, "listings/articles.html", group=year,
                           intro=intro(site, "publisher.md", p=p), meta={"description": p.description},
                           stance_on=None, empty="No article from this publisher yet."))
    body = site.templates.get("indexes/publishers.md").render(site=site, rows=rows, here="publishers/index.md")
    pages["publishers/index.md"] = markup.frontmatter({"title": "Publishers"}, body)
    return pages
