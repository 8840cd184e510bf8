"""The article's lead as the page describes itself: og:description, <meta name="description">.

A page states a summary of its article in its metadata, for search engines and for the card a
link to it shows, and most pages print that summary, or a paragraph holding it, as the
standfirst or the first lines of the text. trafilatura reads the page's markup, not its
metadata, and sometimes leaves that line out (set in a teaser-like box beside the headline's
photo, or inside the text in a box of its own). Where a line it leaves out between the first and
the last lines it keeps is the page's own description, or holds it (most of the runs of GRAM
words of the shorter of the two are the other's), the line is the article's, by the page's own
statement: it is kept, and the notes say why.

Only between the extractor's lines: above its first line the same summary is printed as a teaser
or a headline's second line, which is the page's furniture as often as its text. Chosen on the
public set's tune half: 1 text segment more (a lead set in a box of its own), no junk; the lines
between the headline and the first kept line as well: 1 text segment more (an encyclopedia's
summary box), 1 junk (a teaser's summary under the headline), so they are not taken. The lines
trafilatura does keep that are the description hold 188 text segments of the tune half and no junk.
"""
from __future__ import annotations

from .matchback import tokens
from .pagemeta import meta

GRAM = 3  # words: a line is the description when most of its runs of GRAM words are the description's
MOST = 0.8
LEAST_RUNS = 6  # runs of GRAM words (8 words) at least, in the line and the description: a label or a name
# shared by the summary and a heading is no evidence; a sentence is


def descriptions(root) -> list[set[tuple[str, ...]]]:
    """The runs of GRAM words of each description the page's metadata states."""
    out = []
    for attribute, key in (("property", "og:description"), ("name", "description")):
        if (text := meta(root, attribute, key)) and len(runs := grams(tokens(text))) >= LEAST_RUNS:
            out.append(runs)
    return out


def grams(words: list[str]) -> set[tuple[str, ...]]:
    return set(zip(*(words[k:] for k in range(GRAM))))


def described(root, texts: list[str], article: list[int]) -> list[int]:
    """The lines of `texts` (the page's blocks) left out of `article` (the extractor's, in
    order) between its first and last line that are the page's description or hold it."""
    stated = descriptions(root) if article else []
    if not stated:
        return []
    kept = set(article)
    out = []
    for i in range(article[0] + 1, article[-1]):
        if i in kept or len(runs := grams(tokens(texts[i]))) < LEAST_RUNS:
            continue
        if any(len(runs & d) >= MOST * min(len(runs), len(d)) for d in stated):
            out.append(i)
    return out


def described_note(lines: list[int], extractor: str) -> str:
    return (f"kept {len(lines)} line(s) between the article's lines that {extractor} left out, as the page's own description "
            f"(og:description or <meta name=description>) states them (line {', '.join(str(2 * i + 1) for i in lines)})")
