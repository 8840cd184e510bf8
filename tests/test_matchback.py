"""trafilatura's text matched back to the saved page's lines (ingest/matchback.py): every line
it kept is kept, short table cells and list items among them, and a line it did not keep is not
kept because the same words occur elsewhere in its text.

tests/fixtures/pages/table-and-list.html is written from the first seed's text (the table's
figures are invented for the test): a related-story box between two paragraphs whose heading
is also the article's later subhead, then a table of short cells and a list of short items.
"""
from __future__ import annotations

import pytest

from conftest import ROOT

from archive.ingest.derive import derive

PAGE = ROOT / "tests" / "fixtures" / "pages" / "table-and-list.html"


def article_lines(path) -> list[str]:
    _, derivation = derive(path.read_bytes(), 1 << 22)
    lines = derivation.text.split("\n")
    return [lines[n - 1] for n in derivation.article]


def test_short_table_cells_and_list_items_trafilatura_kept_are_kept():
    kept = article_lines(PAGE)
    for cell in ("Country", "Refugees", "Share", "Poland", "2.0 million", "5.3 %", "Moldova", "0.4 million", "15.2 %"):
        assert cell in kept, cell
    for item in ("Fund shelters", "Share the costs", "Open more crossings"):
        assert item in kept, item
    assert kept.count("Poland") == 1  # the table's, not the menu's


def test_a_heading_in_a_box_trafilatura_left_out_is_not_taken_for_the_later_subhead():
    _, derivation = derive(PAGE.read_bytes(), 1 << 22)
    lines = derivation.text.split("\n")
    subhead = [n for n, line in enumerate(lines, 1) if line == "What a peacekeeping mission would risk"]
    assert len(subhead) == 2  # the related box's heading, then the article's own subhead
    assert subhead[0] not in derivation.article and subhead[1] in derivation.article
    assert "Read the explainer on the risks of sending troops." not in article_lines(PAGE)


# Pages that make a matcher quadratic: thousands of one-word cells trafilatura keeps, the same
# words over and over, long blocks it keeps none of. (block texts, trafilatura's text) for n.
SHAPES = {
    "one-word cells, all kept": lambda n: (["x"] * n, " ".join(["x"] * n)),
    "short cells between sentences": lambda n: ([f"row {i}" if i % 2 else "a long line of the same words again" for i in range(n)],
                                                " ".join(f"row {i}" if i % 2 else "a long line of the same words again" for i in range(n))),
    "long blocks, none kept": lambda n: ([f"menu entry number {i} of the site" for i in range(n)], "one short article " * 50),
    "one word repeated": lambda n: (["x x x x x x"] * n, " ".join(["x"] * (6 * n - 1)) + " y"),
}


def seconds_to_align(shape: str, n: int) -> float:
    import time
    from archive.ingest.matchback import align
    import gc
    texts, kept = SHAPES[shape](n)
    # In the whole suite's process the heap is large: one full collection of it inside the
    # timed call cost more than the call (8,000 blocks "17.4 times" 4,000 in CI).
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        align(texts, kept)
        return time.process_time() - start
    finally:
        gc.enable()


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_matching_back_grows_linearly_with_the_page(shape):
    """Ratios, not seconds: from 4,000 to 32,000 blocks each doubling may at most double the
    time, with room for a loaded machine (4x linear); a quadratic matcher fails by 16,000."""
    base = max(1e-3, min(seconds_to_align(shape, 4_000) for _ in range(3)))
    for n in (8_000, 16_000, 32_000):
        growth = min(seconds_to_align(shape, n) for _ in range(3)) / base  # the least disturbed of three, as the base
        assert growth <= 4 * n / 4_000, f"{shape}: {n:,} blocks take {growth:.1f} times as long as 4,000"


HEAD_ZONE = ROOT / "tests" / "fixtures" / "pages" / "head-zone-de.html"  # the first seed's opening, in German


def test_between_headline_and_text_the_standfirst_is_kept_and_the_page_furniture_is_not():
    """The lines between the <h1> and the text trafilatura keeps, in a language the rules do not
    know: kicker, byline, date, share buttons, a standfirst and a photo's caption and credit.
    Only the standfirst is prose; the caption is the figure's (its markup says so)."""
    kept = article_lines(HEAD_ZONE)
    assert kept[0] == "Nato-Friedensmission in der Ukraine?"
    assert kept[1].startswith("Polen fordert eine bewaffnete Friedensmission der Nato")
    assert kept[2].startswith("Während Russland seinen Angriffskrieg")
    for furniture in ("Von Anna Beispiel", "22. März 2022, 09:00 Uhr", "Teilen", "Facebook", "E-Mail", "Ausland"):
        assert furniture not in kept
    assert not any(line.startswith("Ukrainische Soldaten tragen") for line in kept)
