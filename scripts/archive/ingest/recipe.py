"""Evidence of the page's kind, decided once for the whole page: a recipe. A recipe's card (its
ingredients, then its method) is often set apart from the blog text over it, after a rating, a
print button and the times, or stands before the method the page's prose is found in; in both
cases the region stage (region.py) leaves it outside, since a list of quantities is no running
prose. A heading naming the ingredients, over lines opening with a quantity ("250 g Mehl",
"1/2 block of tofu"), then a heading naming the method, is a card whatever stands around it:
its ingredients (with the times and yield stated right over them, down to the last quantity)
and its method (the sentences under its heading) are the article's. The headings' words are data (generic.yml extraction.recipe_headings).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..core.article import Line
from .shape import Measure

INGREDIENTS_LINES = 60  # the most lines from the ingredients' heading to the method's
QUANTITIES = 3  # lines opening with a quantity under the ingredients' heading that make the page a recipe
METHOD_LINES = 60  # the most lines of the method read under its heading
METHOD_GAP = 3  # lines in a row that end no sentence (a step's number and its title are two) end the method
CALL_WORDS = 6  # a sentence this long opening with no quantity under the ingredients is a call to the reader, not one of them
FACTS = 4  # lines right over the ingredients' heading that may state the recipe's times and yield
QUANTITY = frozenset("0123456789½¼¾⅓⅔⅛")


@lru_cache(maxsize=8)
def heading(words: frozenset[str]) -> re.Pattern | None:
    """A heading that is one of `words`, alone or with what it is for ("Zutaten für 12 Stück",
    "Ingredients (serves 4):"), not a word that merely starts with one ("Zutaten-Tauschbörse")."""
    if not words:
        return None
    names = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?:{names})(?:\s+[^\s:][^:]{{0,40}})?\s*(?:\([^)]{{0,40}}\))?\s*:?\s*", re.IGNORECASE)


def cards(lines: tuple[Line, ...], m: list[Measure], ingredients: frozenset[str],
          method: frozenset[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The recipe's parts on the page (first and last index of each, in order), and what stands
    between a card's ingredients and its method (a shop's button, the nutrition facts): each
    card's ingredients, from their heading down to the first sentence under them (a call to the
    reader: "Like recipe? Add the ingredients to your basket.") or to the method's heading, and
    its method, from its heading to its last sentence before METHOD_GAP lines in a row that end
    none or a line the page prints again (the next recipe's teaser, a menu)."""
    named_ingredients, named_method = heading(ingredients), heading(method)
    if named_ingredients is None or named_method is None:
        return [], []
    out: list[tuple[int, int]] = []
    between: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if m[i].sentence or not named_ingredients.fullmatch(lines[i].text.strip()):
            i += 1
            continue
        found, last, start, again = 0, None, None, i + 1
        for j in range(i + 1, min(len(lines), i + 1 + INGREDIENTS_LINES)):
            text = lines[j].text.lstrip()
            if not m[j].sentence and named_method.fullmatch(text.rstrip()):
                start = j
                break
            if not m[j].sentence and named_ingredients.fullmatch(text.rstrip()):
                again = j  # the ingredients' own heading, under a menu's entry of that name
                break
            if m[j].sentence and m[j].words >= CALL_WORDS and text[:1] not in QUANTITY and last is None:
                last = j - 1
            found += text[:1] in QUANTITY
        if start is None or found < QUANTITIES:
            i = again
            continue
        end, run = start, 0
        for k in range(start + 1, min(len(lines), start + 1 + METHOD_LINES)):
            if m[k].repeated:
                break
            if m[k].sentence:
                end, run = k, 0
            else:
                run += 1
                if run >= METHOD_GAP:
                    break
        last = start - 1 if last is None else last
        top = i
        while top > 0 and i - top < FACTS and facts(lines[top - 1].text, m[top - 1]):
            top -= 1
        out += [(top, last), (start, end)]
        if last + 1 < start:
            between.append((last + 1, start - 1))
        i = end + 1
    return out, between


def facts(text: str, x: Measure) -> bool:
    """A line stating one of the recipe's facts under its label, with its figure: "Zubereitungszeit: 25
    Minuten", "Serves: 4", "Ergibt: 40 Stück"."""
    label, colon, value = text.partition(":")
    return bool(colon) and not x.repeated and not x.sentence and len(label.split()) <= 3 and any(c.isdigit() for c in value)


def without(stretches: list[tuple[int, int]], gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches (in order) less the lines of each gap."""
    for g0, g1 in gaps:
        stretches = [part for a, b in stretches for part in ((a, min(b, g0 - 1)), (max(a, g1 + 1), b)) if part[0] <= part[1]]
    return stretches
