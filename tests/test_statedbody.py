"""The article's end as the page states it (ingest/statedbody.py): where a saved page's JSON-LD
carries the article's whole text (schema.org's articleBody), the lines the extractor keeps after
that body's last line are set aside, each with its evidence; a body that is only a summary, or
cut short, says nothing of where the article ends and sets nothing aside.

The page is tests/fixtures/pages/news-jsonld.html (written from a seed's text), with the
publisher's appeal after the text, inside the article, as a news site prints one."""
from __future__ import annotations

import json

import lxml.html

from conftest import ROOT

from archive.ingest import statedbody
from archive.ingest.derive import derive
from archive.ingest.webpage import parse, visible_blocks
from archive.ingest.read import Reader

PAGE = ROOT / "tests" / "fixtures" / "pages" / "news-jsonld.html"
SOURCES = ROOT / "sources"
APPEAL = "We have published independent research since 2018. Become a member and enjoy exclusive benefits."


def page(body: str | None) -> bytes:
    """The fixture with the appeal after its last paragraph and, when given, `body` as its
    JSON-LD articleBody."""
    html = PAGE.read_text(encoding="utf-8").replace('<p class="bio">', f"<p>{APPEAL}</p><p class=\"bio\">", 1)
    if body is not None:
        html = html.replace('"@type": "NewsArticle",', f'"@type": "NewsArticle", "articleBody": {json.dumps(body)},', 1)
    return html.encode()


def paragraphs() -> list[str]:
    """The fixture's body: its <p> without a class (the standfirst, byline and bio have one)."""
    root = lxml.html.fromstring(PAGE.read_bytes())
    return [" ".join(p.text_content().split()) for p in root.iter("p") if not p.get("class") and p.getparent().tag == "article"]


def reading(data: bytes) -> tuple[list[str], dict[str, str]]:
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    _, derivation = derive(data, 1 << 22, extraction=rules)
    lines = derivation.text.split("\n")
    return [lines[n - 1] for n in derivation.article], {lines[n - 1]: why for n, why in derivation.set_aside}


def test_lines_after_the_body_the_page_states_are_set_aside_with_its_evidence():
    text = paragraphs()
    assert len(text) >= 5 and APPEAL not in text
    kept, _ = reading(page(None))
    assert APPEAL in kept  # without the page's statement the extractor's reading stands
    kept, aside = reading(page("\n\n".join(text)))
    assert APPEAL not in kept and "articleBody" in aside[APPEAL]
    assert all(p in kept for p in text)  # the body, the headline and the standfirst all stay
    assert kept[0].startswith("A Proposed NATO Peacekeeping Mission") and "NATO should continue" in kept[1]


def test_a_body_that_is_a_summary_or_cut_short_sets_nothing_aside():
    text = paragraphs()
    for body in (text[0], " ".join(text[0].split()[:30]) + " ...", "A short summary of the article."):
        kept, aside = reading(page(body))
        assert APPEAL in kept and not any("articleBody" in why for why in aside.values())


def test_lines_after_the_pages_main_element_are_set_aside_and_a_main_holding_little_sets_nothing_aside():
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far. "
    popup = "The Training Depot was founded in 1841, and it has trained the officers of three generations since then. "

    def blocks_of(held: int) -> list:
        html = (f'<html><body><header><h1>Peacekeepers</h1></header><main><article>'
                f'{"".join(f"<p>{prose * 2}{n}</p>" for n in range(held))}</article></main>'
                f'<div class="pum-overlay"><p>{popup * 6}</p><p>{popup}</p></div><footer><p>Contact us</p></footer></body></html>').encode()
        return visible_blocks(parse(html, 1 << 20).root)

    blocks = blocks_of(6)
    article = list(range(len(blocks) - 1))  # the extractor kept the popup too, not the footer
    aside = statedbody.after_main(blocks, article)
    assert sorted(aside) == [7, 8] and all("<main>" in why for why in aside.values())
    # the headline above <main> stays, and so does everything when <main> holds little of the text
    blocks = blocks_of(1)
    assert statedbody.after_main(blocks, list(range(len(blocks) - 1))) == {}
    # a page without a <main> states nothing
    html = f"<html><body><h1>Peacekeepers</h1><div>{''.join(f'<p>{prose}</p>' for _ in range(4))}</div><p>{popup}</p></body></html>"
    blocks = visible_blocks(parse(html.encode(), 1 << 20).root)
    assert statedbody.after_main(blocks, list(range(len(blocks)))) == {}
