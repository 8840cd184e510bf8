"""A table the article's text introduces, which the extractor left out.

A paragraph ending in a colon ("Für die Qualitätsstufen gelten folgende Bestimmungen:") says that
what follows is the text's own: a table set right under it is the article's, even where
trafilatura drops it (a table inside a layout it reads as the page's furniture). Only a whole
table, right under the line, between the article's lines: a list or a box under a colon is a
teaser list or a podcast's player as often as the text's (on the public set's tune half, the
lines left out under a kept line ending in a colon: tables 1 text segment, no junk; lists and
other boxes 0 text, 2 junk).

Where that line is the last the extractor keeps, it stopped at the table: the text goes on under
it, in the box that holds the line or in boxes of the same kind (tag and class: a layout that sets
the text in one column box per section, the table in a box of its own), down to the first line in
no such box. On the tune half: 2 text segments more, no junk (one page); the held-out totals unchanged.

A heading (h2-h6) of a few words ending in a colon, left out between two of the article's lines, is
the heading of the group of lines under it ("Belag:" among a recipe's ingredients): the article's
too. On the tune half 1 text segment more, no junk (one page; a colon line between two shown lines
that is no heading: 0 text, 1 junk); the held-out totals unchanged.
"""
from __future__ import annotations

from .boxes import COLONS, HEADINGS, chain

HEADING_WORDS = 5  # a group's heading ("Füllung:", "Für die Muffinform (12er):"); longer lines ending in a colon open a paragraph


def introduced_tables(blocks, article: list[int]) -> list[int]:
    """The lines of `blocks` (webpage.Block) of a table set right under a line of `article` (the
    article's lines, in order) that ends in a colon, when the whole table stands above the next;
    under the last, the table and the text that goes on after it."""
    out: list[int] = []
    for line, following in zip(article, [*article[1:], None]):
        if (following is not None and following - line < 2) or line + 1 >= len(blocks) \
                or not blocks[line].text.rstrip().endswith(COLONS):
            continue
        table = next((el for el in chain(blocks[line + 1].element) if el.tag == "table"), None)
        if table is None or any(el is table for el in chain(blocks[line].element)):
            continue
        rows = [i for i in range(line + 1, len(blocks)) if any(el is table for el in chain(blocks[i].element))]
        if rows != list(range(line + 1, rows[-1] + 1)):
            continue
        if following is not None:
            out += rows if rows[-1] < following else []
            continue
        # The article's last line: the extractor stopped at the table. The text goes on under it, in the
        # box that holds that line or in boxes of its kind (its tag and class: a layout's text column).
        box = blocks[line].element.getparent()
        kind = (box.tag, box.get("class")) if box is not None and box.get("class") else None
        after = rows[-1] + 1
        while after < len(blocks) and any(el is box or (el.tag, el.get("class")) == kind for el in chain(blocks[after].element)):
            after += 1
        out += [*rows, *range(rows[-1] + 1, after)]
    return out


def introduced_groups(blocks, article: list[int]) -> list[int]:
    """The lines of `blocks` left out of `article` between two of its lines that are a heading (h2-h6) of at
    most HEADING_WORDS words ending in a colon: the heading of the group of lines under it ("Belag:" over a
    recipe's ingredients for the topping)."""
    kept = set(article)
    return [i for i in range(1, len(blocks) - 1) if i not in kept and i - 1 in kept and i + 1 in kept
            and blocks[i].text.rstrip().endswith(COLONS) and len(blocks[i].text.split()) <= HEADING_WORDS
            and blocks[i].element is not None and blocks[i].element.tag in HEADINGS]


def table_note(lines: list[int], extractor: str) -> str:
    return (f"kept {len(lines)} line(s) that {extractor} left out and a colon introduces: a table right under a line of the "
            f"article ending in one and the text going on after it, or a group's heading between the article's lines "
            f"(line {', '.join(str(2 * i + 1) for i in lines)})")
