"""Position pages (stances on each proposal, articles with that overall position) and their index."""
from __future__ import annotations

from collections import Counter

from ..site import markup
from .listing import intro, paged
from .proposal import stance_links
from ..site.structure import Site, position_path, year


def position_pages(site: Site) -> dict[str, str]:
    pages = {}
    rows = []
    taken = Counter((s.proposal, s.position) for a in site.articles for s in a.stances)
    links = stance_links(site)
    for p in site.voc.positions:
        here = position_path(p.id)
        holding = [a for a in site.articles if a.position == p.id]
        rows.append((p, len(holding)))
        stances = [(q, taken[q.id, p.id], links.get((q.id, p.id))) for q in site.voc.proposals]
        pages.update(paged(site, here.removesuffix(".md"), p.name, holding, "listings/articles.html", group=year,
                           intro=intro(site, "position.md", p=p, stances=stances, here=here),
                           meta={"description": p.definition}, stance_on=None,
                           empty="No article in the archive has this overall position yet."))
    body = site.templates.get("indexes/positions.md").render(site=site, rows=rows, here="positions/index.md")
    pages["positions/index.md"] = markup.frontmatter({"title": "Positions"}, body)
    return pages
