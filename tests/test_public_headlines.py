"""Headlines drafted from real pages of the public set's tune half, each read as the text dump
`archive new` derives from the saved page (ingest/webpage.py), against the headline the page's
own markup agrees on (<h1>, og:title, JSON-LD: authoring/public_titles.py). Each page stood for a
kind of miss that ingest/headline.py now gets right; the expected headline is the page's."""
from __future__ import annotations

import pytest

from public_support import evalset

from conftest import ROOT
from furniture_support import VOC

from archive.authoring import public, public_titles
from archive.authoring.preview import analyse
from archive.ingest.read import Reader
from archive.ingest.sources import CEILING
from archive.ingest.webpage import dump


def read(name: str):
    """(the page's text as analysed, the headline its markup agrees on)."""
    html = public.inflated(evalset() / "eval" / f"{name}.gz")
    raw = Reader(ROOT / "sources").raw_article(ROOT / "page.txt", VOC.extraction.max_bytes, data=dump(html, CEILING).encode())
    seen = analyse(VOC, raw)
    page = next(p for p in public.pages(evalset()) if p.name == name)
    check = public_titles.check(page, html, seen.title.text if seen.title else None)
    assert check.stated == "agreed", "the page's markup agrees on its headline"
    return seen, check.expected


@pytest.mark.parametrize("name, why", [
    ("cicero.de.pandemie.html", "past an ad-blocker notice, the headline over its byline and date"),
    ("de.induux.com.energiezaehler.html", "past a notice that JavaScript is off, the headline over its date"),
    ("tonedeaf.thebrag.com.luboku.html", "a newsletter's offer gives way to the headline over its byline"),
    ("heartlandnewsfeed.com-Christian.html", "\"by HLNF Staff Report\" is the byline under the headline, not it"),
    ("datev-magazin.de-kommunikation.html", "a label with a date (\"DATEV Anwalt classic - 15. Februar 2022\") is no headline"),
    ("„Królowa Elżbieta” wypływa w świat. Sygnał dla Chin i Rosji - Polityka.pl.html", "a date (\"4 maja 2021\") is no headline"),
])
def test_the_headline_is_drafted_from_the_dump(name, why):
    seen, expected = read(name)
    assert seen.title and public_titles.same(seen.title.text, expected), why


def test_a_notice_above_the_headline_stays_in_the_text_for_the_editor():
    # The headline is found past the notice; the notice is a paragraph, so it is not taken out
    # with the page's header: nothing of running prose is dropped unseen.
    seen, _ = read("cicero.de.pandemie.html")
    assert any(x.text.startswith("Wir freuen uns, dass Sie Cicero Online lesen.") for x in seen.text)
