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


STEP = ("Roast the {0} in a hot oven for fifty minutes, until it is golden brown and cooked through, then let "
        "it rest for ten minutes before carving it.")
RECIPE = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Recipe", "recipeIngredient": '
          '["1 large Whole chicken", "2 tablespoons Vegetable oil", "Salt"]}</script>')


def recipe_page(stated: bool, marked: bool = False) -> bytes:
    # trafilatura leaves out the shop's form that prints the ingredients between the method's paragraphs.
    prop = ' itemprop="recipeIngredient"' if marked else ""
    card = "".join(f'<div class="ingredient"><span{prop}>{x}</span><button>Add to basket</button></div>'
                   for x in ("1 large or 1200 g whole chicken", "2 tablespoons vegetable oil", "Salt"))
    return f"""<html lang="en"><head><meta charset="utf-8"><title>Roast chicken</title>{RECIPE if stated else ""}</head>
<body><article><h1>Roast chicken with rice</h1><p>{STEP.format("chicken")}</p><p>{STEP.format("bird")}</p>
<form class="basket">{card}</form><p>{STEP.format("hen")}</p><p>{STEP.format("rooster")}</p></article></body></html>""".encode()


def test_the_ingredients_a_recipe_s_page_states_are_kept_where_the_extractor_leaves_their_card_out():
    _, derivation = derive(recipe_page(True), 10_000_000)
    lines = derivation.text.split("\n")
    assert (lines[6], lines[8], lines[10]) == ("1 large or 1200 g whole chicken", "2 tablespoons vegetable oil", "Salt")
    # Its other unit besides ("or 1200 g"), in other letter case: the ingredient. One word ("Salt") is no evidence.
    assert {7, 9} <= set(derivation.article) and 11 not in derivation.article
    assert any("Recipe's recipeIngredient" in note and "line 7, 9)" in note for note in derivation.notes)
    _, without = derive(recipe_page(False), 10_000_000)
    assert not {7, 9} & set(without.article)


def test_an_ingredient_is_taken_once_and_not_in_the_page_s_header():
    from archive.ingest.described import recipe_lines
    from archive.ingest.webpage import Block
    root = parse(recipe_page(True), 10_000_000).root
    texts = ["2 tablespoons vegetable oil", "Roast chicken with rice", "1 large Whole chicken", "Serves four.",
             "2 tablespoons vegetable oil", "Step one.", "2 tablespoons vegetable oil", "1 large whole chicken, about 1200 g", "Step two."]
    # Above the headline (the article's first line) the list would stand in the page's header; right under it
    # it is the recipe's card.
    assert recipe_lines(root, [Block(x, 0) for x in texts], [1, 3, 5, 8]) == [2, 4, 7]


CAKE = ("Beat the {0} with the sugar for five minutes, until it is pale and light, then fold in the flour "
        "and bake the base for thirty minutes in a hot oven.")
CAKE_RECIPE = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Recipe", "recipeYield": '
               '"12 pieces", "recipeIngredient": ["135 g Butter", "3 sachets gelatine fix", "600 g whipping cream"]}</script>')


def test_a_card_under_the_headline_with_each_quantity_over_its_name_and_the_yield_is_kept():
    # A baking site's card: the yield among the times, each quantity in a cell over its name, between the
    # headline and the text; trafilatura keeps neither the list of times nor the shop's form.
    card = "".join(f'<div class="ingredient"><div>{quantity}</div><div>{name}</div><button>Add to basket</button></div>'
                   for quantity, name in (("135 g", "Butter"), ("3 sachets", "Gelatine fix (Dr. Oetker, 15 g)"),
                                          ("600 g", "whipping cream")))
    page = f"""<html lang="en"><head><meta charset="utf-8"><title>Mole cake</title>{CAKE_RECIPE}</head><body><article>
<h1>Mole cake with strawberries</h1><ul class="meta"><li>Easy</li><li>for 12 pieces</li><li>25 min.</li></ul>
<form class="basket">{card}</form><p>{CAKE.format("butter")}</p><p>{CAKE.format("eggs")}</p><p>{CAKE.format("cream")}</p>
</article></body></html>""".encode()
    _, derivation = derive(page, 10_000_000)
    lines = derivation.text.split("\n")
    assert lines[4] == "for 12 pieces" and lines[12:15] == ["3 sachets", "", "Gelatine fix (Dr. Oetker, 15 g)"]
    assert {1, 5, 9, 11, 13, 15, 17, 19, 21} <= set(derivation.article)
    # The other lines of the times are no part of the recipe the page states.
    assert not {3, 7} & set(derivation.article)
    assert any("recipeYield" in note and "line 5, 9, 11, 13, 15, 17, 19)" in note for note in derivation.notes)


def test_ingredients_the_page_s_microdata_marks_are_kept_too():
    from pathlib import Path
    from archive.ingest.read import Reader
    sources = Path(__file__).resolve().parents[1] / "sources"
    rules = Reader(sources).vocabulary(sources).extraction
    assert "recipeingredient" in rules.text_itemprops
    _, derivation = derive(recipe_page(False, marked=True), 10_000_000, extraction=rules)
    assert {7, 9} <= set(derivation.article) and 11 not in derivation.article
    assert any("microdata" in note and "line 7, 9)" in note for note in derivation.notes)
    # Without the vocabulary's properties, the markup alone keeps nothing of the card.
    _, without = derive(recipe_page(False, marked=True), 10_000_000)
    assert not {7, 9} & set(without.article)


MARKET = ("This year too we invite you to the old market square for a day of music, crafts and food from the time of "
          "our great-grandparents, with the blacksmith and the potter at work from {0} in the morning.")


def test_an_event_s_street_address_its_microdata_marks_under_the_headline_is_kept():
    from pathlib import Path
    from archive.ingest.read import Reader
    sources = Path(__file__).resolve().parents[1] / "sources"
    rules = Reader(sources).vocabulary(sources).extraction
    page = f"""<html lang="en"><head><meta charset="utf-8"><title>Market</title></head><body>
<div class="event" itemscope itemtype="https://schema.org/Event"><h1 itemprop="name">Historic market</h1>
<div class="event-meta"><dl itemprop="location" itemscope itemtype="https://schema.org/Place"><dt>Start:</dt>
<dd>13 May 2012 11:00</dd><dt>Address:</dt><dd itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
<span itemprop="streetAddress">45 Goerlitz Street, Horka</span></dd></dl></div>
<div class="description"><p>{MARKET.format("ten")}</p><p>{MARKET.format("eleven")}</p></div></div></body></html>""".encode()
    _, derivation = derive(page, 10_000_000, extraction=rules)
    assert derivation.text.split("\n")[8] == "45 Goerlitz Street, Horka" and 9 in derivation.article
    assert any("an address" in note and "line 9)" in note for note in derivation.notes)
    # Its label is the page's furniture, as trafilatura reads it.
    assert 7 not in derivation.article
    _, without = derive(page, 10_000_000)
    assert 9 not in without.article
