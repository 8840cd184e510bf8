"""The home page: the editors' prose (sources/pages/home.md) with generated parts where its
markers are."""
from __future__ import annotations

from ..site.structure import Site
from .browse import overall

HOME = "index.md"
LATEST = 10
MATRIX_ROWS = 10


def home_page(site: Site, prose: str) -> str:
    parts = {
        "counts": ("home/counts.md", {"counts": overall(site)}),
        "latest": ("home/latest.html", {"entries": site.articles[:LATEST], "stance_on": None}),
        "proposals": ("home/proposals.md", {}),
        "matrix": ("home/matrix.md", {"entries": site.articles[:MATRIX_ROWS], "total": len(site.articles)}),
    }
    for marker, (name, context) in parts.items():
        prose = prose.replace(f"<!-- archive:{marker} -->", site.templates.get(name).render(site=site, here=HOME, **context))
    return prose
