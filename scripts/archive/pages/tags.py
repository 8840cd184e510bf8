"""Tag pages: Material's tags plugin lists each tag's articles on the tag's own page. One
listing per tag keeps every tag link pointing at one page, and each page no bigger than its tag."""
from __future__ import annotations

from collections import defaultdict

from ..site import markup
from ..core.names import slugify
from ..site.structure import Site, position_path, proposal_path, tag_path


def tag_pages(site: Site) -> dict[str, str]:
    voc = site.voc
    tags = [(p.name, position_path(p.id), "overall position") for p in voc.positions] + \
           [(p.name, proposal_path(p.id), "proposal discussed") for p in voc.proposals]
    counts: dict[str, int] = defaultdict(int)
    for a in site.articles:
        for tag in site.tags(a):
            counts[tag] += 1
    pages = {}
    rows = []
    page = site.templates.get("tag.md")
    for name, own_page, kind in tags:
        here = tag_path(slugify(name))
        rows.append((name, here, kind, counts[name]))
        body = page.render(site=site, here=here, name=name, own_page=own_page, kind=kind, count=counts[name])
        pages[here] = markup.frontmatter({"title": f"Tag: {name}"}, body)
    body = site.templates.get("indexes/tags.md").render(site=site, here="tags/index.md", rows=rows)
    pages["tags/index.md"] = markup.frontmatter({"title": "Tags"}, body)
    return pages
