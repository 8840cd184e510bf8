"""A saved page's authors drafted from its metadata where it states them (ingest/pagemeta.py),
in the forms the public set's pages use that the fixture pages do not: a JSON-LD author given
as a reference to a Person elsewhere in the @graph (WordPress with Yoast), and author <meta>
tags other than name=author. Each with its basis; a social media handle is not a name."""
from __future__ import annotations

import json

from archive.ingest import pagemeta
from archive.ingest.webpage import parse
from furniture_support import VOC

ENDS = VOC.extraction.site_ends  # how a site's name ends, besides a country's code (pageaddress.site_alone)

GRAPH = {"@context": "https://schema.org", "@graph": [
    {"@type": "Article", "@id": "https://example.org/a/#article", "headline": "A Proposed NATO Peacekeeping Mission",
     "author": {"@id": "https://example.org/#/schema/person/1"}, "datePublished": "2022-03-22T09:00:00+00:00"},
    {"@type": "Person", "@id": "https://example.org/#/schema/person/1", "name": "Jan Gerber"}]}


def facts(root, site_ends=ENDS):
    return pagemeta.facts(root, site_ends)


def page(head: str):
    return parse(f"<!DOCTYPE html><html><head>{head}</head><body><p>Text.</p></body></html>".encode(), 1 << 20).root


def test_a_json_ld_author_given_by_reference_is_the_person_it_names():
    found = facts(page(f'<script type="application/ld+json">{json.dumps(GRAPH)}</script>'))
    assert found.authors.value == ("Jan Gerber",) and found.authors.basis == "the page's JSON-LD author"


def test_author_meta_tags_beyond_name_author_are_read_with_their_basis():
    found = facts(page('<meta name="parsely-author" content="Luke Kemp">'))
    assert (found.authors.value, found.authors.basis) == (("Luke Kemp",), "the page's <meta name=parsely-author>")
    found = facts(page('<meta name="DC.creator" content="Elizabeth Gibney">'))
    assert (found.authors.value, found.authors.basis) == (("Elizabeth Gibney",), "the page's Dublin Core creator")
    assert facts(page('<meta itemprop="author" content="@handle"><meta name="twitter:creator" content="@x">')).authors is None


def test_a_date_in_less_usual_places_is_drafted_with_its_basis_only_where_the_usual_say_nothing():
    webpage = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "https://example.org/a/", "datePublished": "2022-03-22T09:00:00+00:00"}]}
    found = facts(page(f'<script type="application/ld+json">{json.dumps(webpage)}</script>'))
    assert found.date.value == "2022-03-22" and "JSON-LD WebPage datePublished" in found.date.basis
    found = facts(page('<meta name="parsely-pub-date" content="2022-03-21T23:00:00Z">'))
    assert found.date.value == "2022-03-21" and "parsely-pub-date" in found.date.basis
    found = facts(page('<meta name="DC.date" content="2022-03-20">'))
    assert found.date.value == "2022-03-20" and "Dublin Core date" in found.date.basis
    both = facts(page('<meta property="article:published_time" content="2022-03-22T09:00:00+00:00">'
                      '<meta name="parsely-pub-date" content="2022-03-19T09:00:00Z">'))
    assert both.date.value == "2022-03-22"  # the usual tag alone: no interval with a fallback


def ld(*nodes) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@graph": list(nodes)})}</script>'


def test_authors_the_public_set_states_in_other_forms_are_read_with_their_basis():
    # Yoast types its site owner ["Person", "Organization"]: a person all the same (crazy-julia.de)
    both = {"@type": ["Person", "Organization"], "@id": "https://example.org/#/schema/person/1", "name": "Julia"}
    found = facts(page(ld({"@type": "Article", "author": {"@id": both["@id"]}}, both)))
    assert found.authors.value == ("Julia",)
    # a name given as a list (fr.de)
    assert facts(page(ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": ["Redaktion"]}}))).authors.value == ("Redaktion",)
    # the author on Yoast's WebPage, or on a Recipe or forum post, where no Article says one
    person = {"@type": "Person", "@id": "https://example.org/#/schema/person/2", "name": "Christoph Hein"}
    found = facts(page(ld({"@type": "WebPage", "author": {"@id": person["@id"]}}, person)))
    assert found.authors.value == ("Christoph Hein",) and found.authors.basis == "the page's JSON-LD WebPage author"
    found = facts(page(ld({"@type": "Recipe", "author": {"@type": "Person", "name": "Kathrin"}})))
    assert found.authors.value == ("Kathrin",) and found.authors.basis == "the page's JSON-LD Recipe author"
    # Dublin Core's author tag and OpenGraph's author as a name= tag
    assert facts(page('<meta name="dc.author" content="Niels">')).authors.value == ("Niels",)
    assert facts(page('<meta name="og:article:author" content="AFP/The Local">')).authors.value == ("AFP/The Local",)
    assert facts(page('<meta name="dc:creator" content="Ulrike Stockhausen">')).authors.value == ("Ulrike Stockhausen",)
    found = facts(page('<meta name="vr:author" content="Thomas Hanke">'))
    assert found.authors.value == ("Thomas Hanke",) and found.authors.basis == "the page's <meta name=vr:author>"
    assert facts(page(ld({"@type": "NewsArticle", "creator": ["Thomas Hanke"]}))).authors.value == ("Thomas Hanke",)
    assert facts(page('<meta name="smartbanner:author" content="Jetzt in der App">')).authors is None
    # an organisation is not an author
    assert facts(page(ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "TAG24"}}))).authors is None


def test_dates_the_public_set_states_in_other_forms_are_read_with_their_basis():
    found = facts(page(ld({"@type": "RadioEpisode", "datePublished": "2020-01-14"})))
    assert found.date.value == "2020-01-14" and "JSON-LD RadioEpisode datePublished" in found.date.basis
    # a tag given as property= where others use name= (japantimes.co.jp, sac-cas.ch)
    assert facts(page('<meta property="DC.date.issued" content="2020-02-18T18:07:56+09:00">')).date.value == "2020-02-18"
    assert facts(page('<meta name="og:article:published_time" content="2022-01-15">')).date.value == "2022-01-15"
    # other tags naming a publication (shareaholic, Webtrends' DCSext on telegraph.co.uk)
    found = facts(page('<meta name="DCSext.articleFirstPublished" content="2012-04-17 14:54">'))
    assert found.date.value == "2012-04-17" and "DCSext.articleFirstPublished" in found.date.basis
    assert facts(page('<meta name="shareaholic:article_published_time" content="2017-06-07T11:19:22+02:00">')).date.value == "2017-06-07"
    # a day followed by a zone name or a broken time is still that day (tvtoday.de, correiobraziliense.com.br)
    assert facts(page(ld({"@type": "NewsArticle", "datePublished": "2018-11-28CET11:59:00+0100"}))).date.value == "2018-11-28"
    assert facts(page('<meta property="article:published_time" content="2022-05-04-0305:49:00-10800">')).date.value == "2022-05-04"
    found = facts(page('<meta itemprop="dateCreated" content="2019-05-07T17:00:52+02:00">'))  # rnz.de: the only date
    assert found.date.value == "2019-05-07" and "itemprop=dateCreated" in found.date.basis
    assert facts(page('<meta name="dcterms:created" content="2015-01-28">')).date.value == "2015-01-28"
    # a date of something else is not a publication date
    assert facts(page('<meta name="format-detection" content="telephone=no,date=no">')).date is None


def test_an_author_tag_signed_with_another_site_s_address_is_no_author():
    # ekiba.de's <meta name=author> is its web agency ("Web Commerce GmbH www.w-commerce.de"),
    # auto-wirtschaft.ch's "symple.ch", vegolosi.it's "facebook.com/vegolosi", rs-ingenieure.de's
    # creator "Medianotions, www.medianotions.de": whoever signs with another site's address made
    # the site or holds an account, and did not write the text.
    own = '<link rel="canonical" href="https://www.ekiba.example/trauer.html">'
    for signed in ("Web Commerce GmbH www.w-commerce.example", "symple.ch", "facebook.com/vegolosi", "Frank Roe - http://roe.example"):
        assert facts(page(f'{own}<meta name="author" content="{signed}">')).authors is None, signed
    assert facts(page(f'{own}<meta name="author" content="Jane Roe, St.Gallen">')).authors.value == ("Jane Roe, St.Gallen",)


def test_an_author_tag_naming_only_a_site_is_no_author():
    # tagesschau.de's <meta name=author> is "tagesschau.de", the page's own site: a site's address
    # alone names where the text is published, not who wrote it (the publisher is drafted apart).
    own = '<link rel="canonical" href="https://www.tagesschau.de/investigativ/a-101.html">'
    for site in ("tagesschau.de", "www.tagesschau.de", "https://www.tagesschau.de/", "Tagesschau.DE"):
        assert facts(page(f'{own}<meta name="author" content="{site}">')).authors is None, site
        assert facts(page(f'<meta name="author" content="{site}">')).authors is None, site
    # A name beside the site's address is still a name, and a name with a dot is no address.
    assert facts(page(f'{own}<meta name="author" content="Jane Roe, tagesschau.de">')).authors.value == ("Jane Roe, tagesschau.de",)
    assert facts(page(f'{own}<meta name="author" content="J.R. Roe">')).authors.value == ("J.R. Roe",)


def test_how_a_site_s_name_ends_is_the_vocabulary_s():
    # The endings are data (sources/boilerplate/generic.yml, extraction.site_ends), a country's
    # two-letter code aside: without them the page's own "example.com" is taken for a writer's name.
    own = '<link rel="canonical" href="https://www.example.com/a/1.html">'
    assert {"com", "org", "net"} <= ENDS
    assert facts(page(f'{own}<meta name="author" content="example.com">')).authors is None
    assert facts(page(f'{own}<meta name="author" content="example.com">'), frozenset()).authors.value == ("example.com",)
    own_de = '<link rel="canonical" href="https://www.example.de/a/1.html">'
    assert facts(page(f'{own_de}<meta name="author" content="example.de">'), frozenset()).authors is None
