"""A table the article's text introduces, which the extractor left out.

A paragraph ending in a colon ("Für die Qualitätsstufen gelten folgende Bestimmungen:") says that
what follows is the text's own: a table set right under it is the article's, even where
trafilatura drops it (a table inside a layout it reads as the page's furniture). Only a whole
table, right under the line, between the article's lines: a list or a box under a colon is a
teaser list or a podcast's player as often as the text's (on the public set's tune half, the
lines left out under a kept line ending in a colon: tables 1 text segment, no junk; lists and
other boxes 0 text, 2 junk).
"""
from __future__ import annotations

from .boxes import COLONS, chain


def introduced_tables(blocks, article: list[int]) -> list[int]:
    """The lines of `blocks` (webpage.Block) of a table set right under a line of `article` (the
    article's lines, in order) that ends in a colon, when the whole table stands above the next."""
    out: list[int] = []
    for line, following in zip(article, article[1:]):
        if following - line < 2 or not blocks[line].text.rstrip().endswith(COLONS):
            continue
        table = next((el for el in chain(blocks[line + 1].element) if el.tag == "table"), None)
        if table is None or any(el is table for el in chain(blocks[line].element)):
            continue
        rows = [i for i in range(line + 1, len(blocks)) if any(el is table for el in chain(blocks[i].element))]
        if rows and rows[-1] < following and rows == list(range(line + 1, rows[-1] + 1)):
            out += rows
    return out


def table_note(lines: list[int], extractor: str) -> str:
    return (f"kept {len(lines)} line(s) of a table that {extractor} left out right under a line of the article ending "
            f"in a colon, which introduces it (line {', '.join(str(2 * i + 1) for i in lines)})")
