"""The timeline page: the drawing (export.timeline_svg) and the same as text."""
from __future__ import annotations

from ..export import timeline_svg
from .listing import LISTING, intro, paged
from .site import Site, date_label, link, proposal_path, year


def timeline_pages(site: Site) -> dict[str, str | bytes]:
    steps = sorted(((o.date.earliest, o.date.latest, date_label(o.date.value), site.voc.origin_event(o.event).name,
                     o.by, p.name, link(proposal_path(p.id), "timeline.md")) for p in site.voc.proposals for o in p.origins),
                   key=lambda step: step[:2])
    pages: dict[str, str | bytes] = paged(site, "timeline", "Timeline", list(site.articles), "listings/timeline.html",
                                          group=year, intro=intro(site, "timeline.md", steps=steps), meta=LISTING)
    pages["timeline.svg"] = timeline_svg(site)
    return pages
