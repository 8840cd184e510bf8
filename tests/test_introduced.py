"""A table the article's text introduces (a line ending in a colon right over it), which the
extractor left out, is the article's (ingest/introduced.py)."""
from __future__ import annotations

from archive.ingest.introduced import introduced_tables, table_note
from archive.ingest.webpage import parse, visible_blocks

TEXT = ("The region lies in the north of Spain along the middle course of the Ebro, about {0} kilometres long and "
        "forty kilometres wide, and its wines are aged in oak for longer than most.")
TABLE = ("<table><tr><th></th><th>Crianza</th><th>Reserva</th></tr>"
         "<tr><th>Least ageing, red</th><td>24 months</td><td>36 months</td></tr></table>")
LIST = "<ul><li>Viña Bujanda (1)</li><li>Bodegas Artuke (2)</li></ul>"


def blocks_of(body: str):
    page = parse(f'<html lang="en"><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode(), 1_000_000)
    blocks = visible_blocks(page.root)
    return [b.text for b in blocks], blocks


def test_a_table_right_under_a_line_ending_in_a_colon_is_the_article_s():
    texts, blocks = blocks_of(f"<h1>The wines of Rioja</h1><p>{TEXT.format('one hundred')}</p>"
                              f"<p>The rules set these grades of quality:</p>{TABLE}<p>{TEXT.format('ninety')}</p>")
    assert texts[3:8] == ["Crianza", "Reserva", "Least ageing, red", "24 months", "36 months"]
    assert introduced_tables(blocks, [0, 1, 2, 8]) == [3, 4, 5, 6, 7]
    assert "(line 7, 9, 11, 13, 15)" in table_note([3, 4, 5, 6, 7], "trafilatura 2.3.1")


def test_a_table_under_a_line_without_a_colon_a_list_or_a_table_past_the_next_line_is_not():
    texts, blocks = blocks_of(f"<h1>The wines of Rioja</h1><p>{TEXT.format('one hundred')}</p>{TABLE}"
                              f"<p>The makers are these:</p>{LIST}<p>{TEXT.format('ninety')}</p>")
    assert texts[8:10] == ["Viña Bujanda (1)", "Bodegas Artuke (2)"]
    # No colon over the table; a list under the colon (a teaser list as often as the text's).
    assert introduced_tables(blocks, [0, 1, 7, 10]) == []
    texts, blocks = blocks_of(f"<p>{TEXT.format('one hundred')}</p><p>The rules set these grades of quality:</p>{TABLE}")
    # The extractor keeps a line of the table: the table is not whole above the next line kept; below the
    # article's last line, nothing is taken.
    assert introduced_tables(blocks, [0, 1, 4]) == []
    assert introduced_tables(blocks, [0, 1]) == []
