"""The stance matrix: articles (rows, newest first) against proposals (columns)."""
from __future__ import annotations

from .listing import Rows, paged
from ..site.structure import MATRIX, Site


# The table of contents would be empty: the table takes its width, so every column shows at 1280 px.
MATRIX_PAGE = {"hide": ["toc"]}
TABLE = "listings/matrix.html"


class Cells(Rows):
    """The matrix's rows (listings/matrix_row.html's row), each made once and kept a page at a
    time (listing.Rows), each by its article's key and its page: one changed article makes its
    own row again, not the page's 200 rows of a cell a proposal."""
    kind = "matrix-rows"
    template = TABLE

    def row(self, a, here: str) -> str:
        return str(self.site.templates.get("listings/matrix_row.html").module.row(self.site, a, here))


def matrix_pages(site: Site) -> dict[str, str]:
    return paged(site, MATRIX.removesuffix(".md"), "Stance matrix", list(site.articles), TABLE,
                 intro=site.templates.rendered("intros/matrix.md", site=site), meta=MATRIX_PAGE, made=Cells(site, None))
