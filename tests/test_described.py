"""A line the extractor leaves out that the page's own description states (ingest/described.py)."""
from __future__ import annotations

from archive.ingest.derive import derive
from archive.ingest.described import described
from archive.ingest.webpage import parse

LEAD = "Work on the new bridge over the river starts next spring, the council decided on Tuesday evening."
PARAGRAPH = ("The {0} met on Tuesday and agreed that the new bridge over the river will be built next spring, "
             "after a long debate about its cost. ") * 2


def saved_page(description: str | None) -> bytes:
    # trafilatura drops the lead set in a box named like a teaser between the article's paragraphs.
    meta = f'<meta property="og:description" content="{description}">' if description else ""
    return f"""<html lang="en"><head><meta charset="utf-8"><title>Bridge</title>{meta}</head><body><article>
<h1>The bridge will be built</h1><p>{PARAGRAPH.format("council")}</p>
<div class="teaser-text related"><p>{LEAD}</p></div>
<p>{PARAGRAPH.format("mayor")}</p><p>{PARAGRAPH.format("city")}</p></article></body></html>""".encode()


def test_a_line_left_out_between_the_article_s_lines_that_the_page_describes_itself_with_is_kept_and_noted():
    _, derivation = derive(saved_page(LEAD), 10_000_000)
    lines = derivation.text.split("\n")
    assert lines[4] == LEAD and 5 in derivation.article
    assert any("page's own description" in note and "(line 5)" in note for note in derivation.notes)
    # Without the page's statement the extractor's reading stands: the line is outside the article.
    _, without = derive(saved_page(None), 10_000_000)
    assert 5 not in without.article and not any("description" in note for note in without.notes)


def test_only_lines_between_the_kept_ones_that_are_or_hold_the_description_are_taken():
    root = parse(saved_page(LEAD), 10_000_000).root
    texts = ["Headline", LEAD, "Paragraph one of the text, long enough to be prose of its own here.", "Related",
             f"Our lead, as printed: {LEAD} And more of it.", "Bridge news over the river", LEAD,
             "Paragraph two of the text, long enough to be prose of its own here.", LEAD]
    # Above the first kept line (a teaser under the headline) and below the last: not taken. A label
    # sharing a few of its words: not taken. The line holding it, and the line that is it: taken.
    assert described(root, texts, [2, 7]) == [4, 6]
    assert described(parse(saved_page(None), 10_000_000).root, texts, [2, 7]) == []
