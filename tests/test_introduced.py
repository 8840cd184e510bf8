"""A table the article's text introduces (a line ending in a colon right over it), which the
extractor left out, is the article's (ingest/introduced.py)."""
from __future__ import annotations

from archive.ingest.introduced import introduced_groups, introduced_tables, table_note
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
    # The extractor keeps a line of the table: the table is not whole above the next line kept.
    assert introduced_tables(blocks, [0, 1, 4]) == []


def test_under_the_last_line_kept_the_table_and_the_text_going_on_in_boxes_of_its_kind_are_the_article_s():
    # The extractor stopped at the table: the text goes on in the next box of the same kind, down to a box of another.
    texts, blocks = blocks_of(f'<div class="col text"><p>{TEXT.format("one hundred")}</p><p>The two differ so:</p></div>'
                              f'<div class="scroll">{TABLE}</div><div class="col text"><p>{TEXT.format("ninety")}</p>'
                              f'<h2>Ageing</h2><p>{TEXT.format("eighty")}</p></div><div class="related"><p>Another story</p></div>')
    assert texts[7:11] == [TEXT.format("ninety"), "Ageing", TEXT.format("eighty"), "Another story"]
    assert introduced_tables(blocks, [0, 1]) == [2, 3, 4, 5, 6, 7, 8, 9]
    # A box without a class names no kind: only the table, and the box that holds the line, are taken.
    texts, blocks = blocks_of(f'<div><p>{TEXT.format("one hundred")}</p><p>The two differ so:</p></div>{TABLE}'
                              f'<div><p>{TEXT.format("ninety")}</p></div>')
    assert introduced_tables(blocks, [0, 1]) == [2, 3, 4, 5, 6]


def test_a_group_s_heading_ending_in_a_colon_between_the_article_s_lines_is_the_article_s():
    texts, blocks = blocks_of("<h1>Muffins</h1><ul><li>250 g flour</li><li>50 g sugar</li></ul><h3>Topping:</h3>"
                              "<ul><li>25 g butter</li><li>1 tbsp honey</li></ul><p>Contact:</p><p>Mail us</p>"
                              "<h3>Filling</h3><p>100 ml milk</p><h3>Tags:</h3>")
    assert texts[3] == "Topping:" and texts[6] == "Contact:" and texts[8] == "Filling"
    # Not a paragraph ending in a colon, a heading without one, nor a heading with the article on one side only.
    assert introduced_groups(blocks, [0, 1, 2, 4, 5, 7, 9]) == [3]
    assert introduced_groups(blocks, [0, 1, 2, 5, 7, 9]) == []
