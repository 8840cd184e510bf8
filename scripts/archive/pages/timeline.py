"""The timeline page: the drawing (export.timeline_svg) and the same as text."""
from __future__ import annotations

from ..export import timeline_svg
from .listing import LISTING, intro, paged
from .site import Site, year


def timeline_pages(site: Site) -> dict[str, str | bytes]:
    pages: dict[str, str | bytes] = paged(site, "timeline", "Timeline", list(site.articles), "listings/timeline.html",
                                          group=year, intro=intro(site, "timeline.md"), meta=LISTING)
    pages["timeline.svg"] = timeline_svg(site)
    return pages
