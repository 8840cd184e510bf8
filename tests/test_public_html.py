"""The saved-page path on trafilatura's public set (../shared/evalsets/trafilatura): all 990
pages at or above the floors of both halves and the whole, scored beside trafilatura alone."""
from __future__ import annotations

import pytest

from conftest import ROOT
from public_support import FLOORS, evalset

from archive.authoring import public, public_html, public_titles


CHECKS: list = []  # each page's title, authors and date check, filled with the scores


@pytest.fixture(scope="module")
def scores():
    CHECKS.clear()
    return public.score_html(ROOT / "sources", evalset(), public.pages(evalset()), CHECKS)


@pytest.mark.slow
def test_the_html_path_stays_at_or_above_its_floors_on_both_halves(scores):
    total = public.figures(scores["archive"])
    assert total["pages"] == 990
    assert public.below(total, FLOORS["html"]) == [], total
    for half in public.HALVES:
        figures = public.figures([c for c in scores["archive"] if c.half == half])
        assert public.below(figures, FLOORS[f"html-{half}"]) == [], (half, figures)


@pytest.mark.slow
def test_trafilatura_alone_is_scored_on_the_same_pages(scores):
    assert [c.page for c in scores["trafilatura"]] == [c.page for c in scores["archive"]]
    assert public.figures(scores["trafilatura"])["f1"] > 0.9  # its own set: a broken call would score near 0


@pytest.mark.slow
def test_trafilatura_alone_kept_between_runs_is_what_a_call_gives_now(scores):
    """Its text of each page is kept (public_html.peer_cache) once `scores` has read it: a
    twentieth of the pages, read again for real, must give the text kept."""
    import gzip
    for page in public.pages(evalset())[::20]:
        saved = evalset() / "eval" / f"{page.name}.gz"
        data = gzip.decompress(saved.read_bytes()) if saved.is_file() else b""
        assert public_html.trafilatura_alone(data, public_html.peer_cache()) == public_html.trafilatura_text(data), page.name


@pytest.mark.slow
def test_titles_authors_and_dates_drafted_from_the_saved_pages_stay_at_their_floors(scores):
    """Titles right where the page agrees on its headline (<h1>, og:title, JSON-LD headline),
    none claimed where it states none, authors and date drafted where its markup carries them."""
    assert len(CHECKS) == 990
    drafted = public_titles.figures(CHECKS)
    # pages carrying authors: 483 (an organisation or a handle names no author: public_titles.carried)
    assert drafted["agreed"] > 500 and drafted["carrying_authors"] > 450 and drafted["carrying_date"] > 500, drafted
    assert [k for k, floor in FLOORS["html-titles"].items() if drafted[k] < floor] == [], drafted
