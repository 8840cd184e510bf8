"""The saved-page path on trafilatura's public set (../shared/evalsets/trafilatura): all 990
pages at or above the floors of both halves and the whole, scored beside trafilatura alone."""
from __future__ import annotations

import pytest

from conftest import ROOT
from public_support import FLOORS, evalset

from archive.authoring import public


@pytest.fixture(scope="module")
def scores():
    return public.score_html(ROOT / "sources", evalset(), public.pages(evalset()))


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
