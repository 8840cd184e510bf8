"""A saved page's authors drafted from its metadata where it states them (ingest/pagemeta.py),
in the forms the public set's pages use that the fixture pages do not: a JSON-LD author given
as a reference to a Person elsewhere in the @graph (WordPress with Yoast), and author <meta>
tags other than name=author. Each with its basis; a social media handle is not a name."""
from __future__ import annotations

import json

from archive.ingest.pagemeta import facts
from archive.ingest.webpage import parse

GRAPH = {"@context": "https://schema.org", "@graph": [
    {"@type": "Article", "@id": "https://example.org/a/#article", "headline": "A Proposed NATO Peacekeeping Mission",
     "author": {"@id": "https://example.org/#/schema/person/1"}, "datePublished": "2022-03-22T09:00:00+00:00"},
    {"@type": "Person", "@id": "https://example.org/#/schema/person/1", "name": "Jan Gerber"}]}


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
