"""What the page's metadata states of its own text: its lead (og:description, <meta name="description">)
and, on a recipe's page, its ingredients (schema.org's Recipe, recipeIngredient).

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

A recipe's page states its ingredients the same way (for search engines' recipe cards), and
trafilatura often leaves out the card that prints them (a table, a form with a shop's basket). A
line of the page that is one of them, word for word give or take the quantity's other unit ("1 large
or 1200 g whole chicken" for "1 large Whole chicken"), between the article's lines, is the recipe's:
kept, and noted. Each once: a card printed twice (for a phone and for a screen) would read as lines
printed again. On the tune half (8 pages state a recipe): 2 text segments more, no junk (one page).
The same page's microdata (itemprop="recipeIngredient", generic.yml text_itemprops) marks a third,
whose quantity the JSON-LD writes otherwise ("4.5 cups water"): 1 more. An event's page marks its
place's street address so (itemprop="streetAddress"), under the headline: 1 more on tune.

A card may set each quantity in a cell over its name ("3 Btl." over "Gelatine fix"): the two lines
together are the ingredient, and both are kept. The recipe's yield (recipeYield, "12 Stück") is
printed with the card's times ("für 12 Stück"): a line of it is kept the same way. Such a card
often stands between the headline and the extractor's first line, so lines are taken from right
under the headline (the article's first line), not only below its second as before: on the tune
half 2 text segments more (a card and its yield under the headline), no junk, no title changed, and
one page's card taken at its first print instead of its second; the held-out totals unchanged.
Never above the headline: there the list would stand in the page's header.
"""
from __future__ import annotations

from .matchback import tokens
from .pagemeta import json_ld, meta, types

GRAM = 3  # words: a line is the description when most of its runs of GRAM words are the description's
MOST = 0.8
LEAST_RUNS = 6  # runs of GRAM words (8 words) at least, in the line and the description: a label or a name
# shared by the summary and a heading is no evidence; a sentence is
INGREDIENT_WORDS = 2  # an ingredient named in one word ("dynia", "Salz") is no evidence that a line is the list's
LONGER = 2  # a line holding an ingredient's words is it with at most this many times its words (a unit, "or 1200 g")
SHORTER = 0.5  # a line whose words are all an ingredient's is it with at least this share of them


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


def ingredients(root) -> list[set[str]]:
    """The words of each ingredient the page's schema.org Recipe states, and of its yield ("12 Stück",
    printed "für 12 Stück"): INGREDIENT_WORDS at least."""
    out = []
    for node in json_ld(root):
        if "recipe" not in types(node):
            continue
        stated = [*as_list(node.get("recipeIngredient")), *as_list(node.get("recipeYield"))]
        out += [words for x in stated if isinstance(x, str) and len(words := set(tokens(x))) >= INGREDIENT_WORDS]
    return out


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def recipe_lines(root, blocks, article: list[int], itemprops: frozenset[str] = frozenset()) -> list[int]:
    """The lines of `blocks` (webpage.Block) left out of `article` (the article's lines, its headline
    first where it has one) below its first line and above its last that are an ingredient or the yield
    the page's Recipe states (or its quantity and name on two lines), or that its microdata names as the
    article's (an itemprop of `itemprops`)."""
    stated = ingredients(root)
    kept, out = set(article), []
    seen = {blocks[i].text for i in article}
    for i in range(article[0] + 1, article[-1]) if len(article) > 2 and (stated or itemprops) else ():
        words, text = set(tokens(blocks[i].text)), blocks[i].text
        if i in kept or text in seen:
            continue
        if i - 1 not in kept and (pair := f"{blocks[i - 1].text}\n{text}") not in seen and named_under(blocks[i - 1].text, words, stated):
            out += [j for j in (i - 1, i) if j not in out]
            seen.add(pair)
            continue
        if len(words) < INGREDIENT_WORDS:
            continue
        if any(x <= words and len(words) <= LONGER * len(x) or words <= x and len(words) >= SHORTER * len(x) for x in stated) \
                or marked(blocks[i].element, itemprops):
            out.append(i)
            seen.add(text)
    return out


def named_under(above: str, words: set[str], stated: list[set[str]]) -> bool:
    """A line of `words` under the line `above` is an ingredient of `stated` set in two cells, its
    quantity over its name ("3 Btl." over "Gelatine fix z.B. Dr. Oetker Gelatine fix (15 g)"): the line
    above is the quantity (some of the ingredient's words, no other), this one holds the rest."""
    quantity = set(tokens(above))
    return any(quantity and quantity < x and x - quantity <= words and len(words) <= LONGER * len(x) for x in stated)


def marked(element, itemprops: frozenset[str]) -> bool:
    """The element or one around it has a microdata itemprop of `itemprops` (lower case)."""
    while itemprops and element is not None and isinstance(element.tag, str):
        if (element.get("itemprop") or "").strip().lower() in itemprops:
            return True
        element = element.getparent()
    return False


def described_note(lines: list[int], extractor: str) -> str:
    return (f"kept {len(lines)} line(s) between the article's lines that {extractor} left out, as the page's own description "
            f"(og:description or <meta name=description>) states them (line {', '.join(str(2 * i + 1) for i in lines)})")


def recipe_note(lines: list[int], extractor: str) -> str:
    return (f"kept {len(lines)} line(s) that {extractor} left out and the page's schema.org data states as the article's "
            f"(a Recipe's recipeIngredient or recipeYield, or microdata naming an ingredient, a step or an address; line "
            f"{', '.join(str(2 * i + 1) for i in lines)})")
