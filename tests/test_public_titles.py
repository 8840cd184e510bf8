"""Titles, authors and dates drafted on the public set (authoring/public_titles.py): what a
page states as its headline, whether it carries authors and a date, and how a draft is scored
against them, on the fixture pages (tests/fixtures/pages/, written from the seeds' text)."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT

from archive.authoring import public, public_titles
from archive.ingest.webpage import parse
from furniture_support import VOC

ENDS = VOC.extraction.site_ends  # how a site's name ends (pageaddress.site_alone)

PAGES = ROOT / "tests" / "fixtures" / "pages"


def root(name: str, replace: tuple[str, str] = ("", "")):
    return parse((PAGES / name).read_text(encoding="utf-8").replace(*replace).encode(), 1 << 22).root


@pytest.mark.parametrize("name, stated, expected", [
    ("news-jsonld.html", "agreed", "A Proposed NATO Peacekeeping Mission to Ukraine Could Deepen the Conflict"),  # <h1> and JSON-LD
    ("opinion-opengraph.html", "agreed", "European 'peacekeepers' in Ukraine? A horrible idea."),  # <h1> and og:title
    ("blog-none.html", "single", None),  # an <h1> alone: not scored
])
def test_the_expected_title_is_the_headline_the_page_agrees_on(name, stated, expected):
    assert public_titles.headline(root(name)) == (stated, expected)


def test_a_page_whose_headlines_disagree_is_not_scored_and_one_without_any_states_none():
    page = root("head-zone-de.html", ('content="Nato-Friedensmission in der Ukraine?"', 'content="Ein anderer Titel"'))
    assert public_titles.headline(page) == ("disagreeing", None)
    bare = root("table-and-list.html", ("<h1>Who takes in Ukraine's refugees</h1>", ""))
    assert public_titles.headline(bare) == ("none", None)


def test_authors_and_date_carried_are_found_by_their_names_in_the_markup():
    assert public_titles.carried(root("news-jsonld.html"), ENDS) == (True, True)  # JSON-LD author and datePublished
    assert public_titles.carried(root("blog-none.html"), ENDS) == (False, False)
    byline = root("blog-none.html", ("</head>", '<meta name="parsely-author" content="Jan Gerber">'
                                                '<meta name="parsely-pub-date" content="2025-03-10T08:00:00Z"></head>'))
    assert public_titles.carried(byline, ENDS) == (True, True)


def test_a_draft_is_right_when_it_is_the_agreed_headline_and_claimed_when_none_is_stated():
    page = public.Page("news-jsonld.html", "https://example.org/a", (), ())
    data = (PAGES / "news-jsonld.html").read_bytes()
    right = public_titles.check(page, data, "a proposed NATO peacekeeping mission to Ukraine could deepen the  conflict")
    wrong = public_titles.check(page, data, "A Proposed NATO Peacekeeping Mission to Ukraine Could Deepen the Conflict | Defense Priorities")
    bare = public_titles.check(page, (PAGES / "table-and-list.html").read_bytes().replace(b"<h1>Who takes in Ukraine's refugees</h1>", b""), "Example Review")
    f = public_titles.figures([right, wrong, bare])
    assert (f["agreed"], f["right"], f["stating_none"], f["unclaimed"]) == (2, 0.5, 1, 0.0)


def test_an_organisation_a_handle_or_an_app_banner_is_not_an_author_the_page_carries():
    # The public set's pages that the measure counted as carrying authors and that name none:
    # brigitte.de, TAG24, eurosport.de (an Organization), royalroad.com (twitter:creator "delta201"),
    # mannschaft.com (smartbanner:author "Jetzt in der App"), tdg.ch (a Person with name ""),
    # frolleinherr.com (a reference to no object on the page)
    def with_head(extra: str):
        return root("blog-none.html", ("</head>", extra + "</head>"))
    ld = lambda author: '<script type="application/ld+json">' + json.dumps({"@type": "NewsArticle", "author": author}) + "</script>"
    for head in (ld({"@type": "Organization", "name": "TAG24"}), ld([{"@type": "Organization", "name": "OÖ Volksblatt"}]),
                 ld({"@type": "Person", "name": ""}), ld({"@id": "https://example.org/author/karoherr/#author"}),
                 '<meta name="twitter:creator" content="delta201">', '<meta name="smartbanner:author" content="Jetzt in der App">'):
        assert public_titles.carried(with_head(head), ENDS) == (False, False), head
    for head in (ld({"@type": "Person", "name": "Jan Gerber"}), ld("Jan Gerber"),
                 ld({"@type": ["Person", "Organization"], "name": "Julia"}), '<meta name="author" content="Jan Gerber">'):
        assert public_titles.carried(with_head(head), ENDS) == (True, False), head


def test_a_title_left_to_decide_is_not_counted_as_a_wrong_claim():
    # not_wrong: the share of pages agreeing on a headline whose draft is it or claims none (a
    # DECIDE for the editor): a wrong title claimed is what costs the editor, not a question.
    page = public.Page("news-jsonld.html", "https://example.org/a", (), ())
    data = (PAGES / "news-jsonld.html").read_bytes()
    right = public_titles.check(page, data, "A proposed NATO peacekeeping mission to Ukraine could deepen the conflict")
    wrong = public_titles.check(page, data, "Defense Priorities")
    left = public_titles.check(page, data, None)
    f = public_titles.figures([right, wrong, left])
    assert (f["agreed"], f["right"], f["not_wrong"]) == (3, 0.3333, 0.6667)
    assert "not wrong" in public_titles.report([right, wrong, left], public.HALVES, False)
