"""The stance matrix: articles (rows, newest first) against proposals (columns)."""
from __future__ import annotations

from .listing import paged
from ..site.structure import MATRIX, Site


# The table of contents would be empty: the table takes its width, so every column shows at 1280 px.
MATRIX_PAGE = {"hide": ["toc"]}


def matrix_pages(site: Site) -> dict[str, str]:
    return paged(site, MATRIX.removesuffix(".md"), "Stance matrix", list(site.articles), "listings/matrix.html",
                 intro=site.templates.rendered("intros/matrix.md", site=site), meta=MATRIX_PAGE)
