"""Furniture the extractor keeps inside a saved page's article, set aside by what the page's
markup names it (ingest/boxes.py), each line with its evidence; a wrapper that holds the whole
text is no box, and the headline stays whatever box it is in.

The page is tests/fixtures/pages/opinion-opengraph.html (written from a seed's text) with an
author's position in a box as faz.net prints one ("cbx-Author_Position"), the text wrapped in a
"share-zone" as franceculture.fr wraps it."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT

from archive.core.article import Line, RawArticle
from archive.ingest import boxes
from archive.ingest.derive import clean_region, derive
from archive.ingest.read import Reader
from archive.ingest.webpage import parse, visible_blocks

PAGE = ROOT / "tests" / "fixtures" / "pages" / "opinion-opengraph.html"
SOURCES = ROOT / "sources"
POSITION = "Senior fellow for European security."


def page_with_boxes() -> bytes:
    html = PAGE.read_text(encoding="utf-8")
    text = html.split('<div class="entry-content">')[1].split("</div>")[0]
    paras = re.findall(r"<p>.*?</p>", text, re.S)
    boxed = "".join(paras) + f'<div class="cbx-Author"><p class="cbx-Author_Position">{POSITION}</p></div>'
    html = html.replace(text, boxed).replace('<div class="entry-content">', '<div class="share-zone"><div class="entry-content">', 1)
    return html.replace('</div>\n<div class="appeal">', '</div></div>\n<div class="appeal">', 1).encode()


def test_a_box_the_markup_names_is_set_aside_with_its_evidence_and_the_wrapper_is_not():
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    _, derivation = derive(page_with_boxes(), 1 << 22, extraction=rules)
    lines = derivation.text.split("\n")
    kept = [lines[n - 1] for n in derivation.article]
    aside = {lines[n - 1]: why for n, why in derivation.set_aside}
    assert POSITION not in kept and "'author'" in aside[POSITION] and 'class="cbx-Author_Position"' in aside[POSITION]
    # only that line goes: the paragraphs in the "share-zone" wrapper and the headline all stay
    plain = derive(page_with_boxes(), 1 << 22)[1]  # without the rules nothing is set aside
    assert not plain.set_aside and [lines[n - 1] for n in plain.article] == [*kept, POSITION]
    assert kept[0].startswith("European 'peacekeepers'")
    # the removal record says why, line by line
    raw = RawArticle("p", "p.txt", "0" * 64, len(derivation.text), tuple(Line(n, x) for n, x in enumerate(lines, 1) if x), ())
    cleaned = clean_region(raw, (), rules, None, (derivation.article, derivation.extractor, derivation.set_aside))
    assert [r.evidence for r in cleaned.removals if r.text == POSITION] == [aside[POSITION]]


def test_a_short_line_after_the_article_container_is_set_aside_and_a_box_holding_much_is_not():
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far. "
    html = (f'<html><body><div class="post"><h1>Peacekeepers</h1><div class="entry">{"".join(f"<p>{prose * 3}{n}</p>" for n in range(8))}'
            f'<div class="caption-wide"><p>{prose * 4}</p></div></div>'
            f'<p>Quelle: Landesregierung</p></div></body></html>').encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    aside = boxes.set_aside(blocks, list(range(len(blocks))), frozenset({"aside"}), frozenset({"caption"}))
    assert [blocks[i].text for i in aside] == ["Quelle: Landesregierung"]  # a "caption" box with 10% of the text is no caption
    assert 'after the article\'s main container, <div class="entry">' in aside[len(blocks) - 1]


def test_a_line_printed_twice_in_a_saved_page_stays_where_the_markup_kept_it():
    # A dump's shape makes a line printed twice a photo caption (furniture.printed_twice); in a
    # saved page the markup tells captions (a figure's, set aside above), as basicthinking.de's
    # tweet quoted twice and gaijinpot.com's pull quotes in the public set show.
    rules = Reader(SOURCES).vocabulary(SOURCES)
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any talks."
    twice = "In a culture that values social harmony over individual needs, the risks are borne by few."
    texts = ["Peacekeepers", *(f"{prose} {n}." for n in range(4)), twice, twice, *(f"{prose} {n}." for n in range(4, 8))]
    raw = RawArticle("p", "p.txt", "0" * 64, 1000, tuple(Line(2 * n + 1, x) for n, x in enumerate(texts)), ())
    as_text = clean_region(raw, rules.generic_rules, rules.extraction, None, None)
    assert [r.rule for r in as_text.removals if r.text == twice] == ["generic:caption-printed-twice"] * 2
    lines = tuple(x.number for x in raw.lines)
    as_page = clean_region(raw, rules.generic_rules, rules.extraction, None, (lines, "trafilatura 2.3.1"))
    assert [x.text for x in as_page.kept].count(twice) == 2


@pytest.mark.parametrize("setting, pattern", [
    ("  furniture_words: [caption, 5]\n", r"generic\.yml: extraction\.furniture_words: must be a list of lowercase words; got"),
    ("  furniture_tags: aside\n", r"generic\.yml: extraction\.furniture_tags: must be"),
])
def test_a_bad_furniture_setting_is_refused_in_one_line(tmp_path, setting, pattern):
    from conftest import copy_archive
    from hostile_support import refused
    root = copy_archive(tmp_path / "archive")
    path = root / "sources" / "boilerplate" / "generic.yml"
    key = setting.split(":")[0]
    text = re.sub(rf"(?m)^{key}:.*\n", lambda m: setting, path.read_text(encoding="utf-8"))
    assert setting in text
    path.write_text(text, encoding="utf-8")
    refused(root, pattern)
