"""Arguments, stances and the debate at a glance: quotes, argument pages, matrix, timeline,
citations, dataset and feed, all checked against the editors' records."""
from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
import yaml

from archive.cli import Paths, load
from archive.read import normalise
from conftest import ROOT, SLUGS, page_text

RECORDS = {slug: yaml.safe_load((ROOT / "sources" / "articles" / f"{slug}.yml").read_text(encoding="utf-8")) for slug in SLUGS}


@pytest.fixture(scope="module")
def archive():
    voc, articles, _ = load(Paths(ROOT))
    return voc, {a.slug: a for a in articles}


def test_records_use_known_ids(archive):
    voc, _ = archive
    arguments, proposals, positions = ({x.id for x in voc.arguments}, {x.id for x in voc.proposals},
                                       {x.id for x in voc.positions})
    for slug, record in RECORDS.items():
        assert record["position"]["id"] in positions
        assert record["proposals"], slug
        for stance in record["proposals"]:
            assert stance["id"] in proposals and stance["stance"] in positions and stance["basis"].strip()
        assert 3 <= len(record["arguments"]) <= 8, f"{slug}: 3 to 8 arguments"
        for use in record["arguments"]:
            assert use["id"] in arguments and use["proposal"] in {s["id"] for s in record["proposals"]}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_quote_is_in_its_paragraph(built_site, archive, slug):
    _, articles = archive
    html = page_text(built_site / "articles" / f"{slug}.html")
    page = (built_site / "articles" / f"{slug}.html").read_text(encoding="utf-8")
    quotes = articles[slug].quotes
    assert len(quotes) == len(RECORDS[slug]["arguments"])
    for q, use in zip(quotes, RECORDS[slug]["arguments"]):
        assert q.text == normalise(use["quote"])
        assert q.text in html.element(f"p-{q.paragraph}"), f"quote not in paragraph {q.paragraph}"
        assert f'href="#p-{q.paragraph}"' in page, "the quote links to its paragraph"


def test_each_argument_page_lists_exactly_the_articles_citing_it(built_site, archive):
    voc, _ = archive
    for argument in voc.arguments:
        citing = {slug for slug, r in RECORDS.items() if any(u["id"] == argument.id for u in r["arguments"])}
        page = (built_site / "arguments" / f"{argument.id}.html").read_text(encoding="utf-8")
        listed = set(re.findall(r'href="\.\./articles/([a-z0-9-]+)\.html#p-\d+"', page))
        assert listed == citing, argument.id
        quotes = [u["quote"] for r in RECORDS.values() for u in r["arguments"] if u["id"] == argument.id]
        text = page_text(built_site / "arguments" / f"{argument.id}.html").text
        assert all(normalise(q) in text for q in quotes)


def test_proposal_pages_have_arguments_for_and_against(built_site, archive):
    voc, articles = archive
    for p in voc.proposals:
        html = page_text(built_site / "proposals" / f"{p.id}.html")
        assert html.element("arguments-against") and html.element("arguments-for")
        quotes = [q for a in articles.values() for q in a.quotes if q.proposal == p.id]
        for q in quotes:
            assert q.text in html.text, f"{p.id}: a quote bearing on it is missing"


def test_stance_matrix_is_readable_without_colour(built_site, archive):
    voc, articles = archive
    for page in ("matrix.html", "index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        table = html[html.index("<table"):html.index("</table>")]
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        assert len(rows) == len(articles) + 1
        for a in articles.values():
            row = next(r for r in rows if f"articles/{a.slug}.html" in r)
            for s in a.stances:
                assert voc.position(s.position).name in row, "each stance is written out in words"


def test_timeline_svg_and_its_text_equivalent(built_site, archive):
    _, articles = archive
    svg = ET.parse(built_site / "timeline.svg").getroot()
    titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    text = page_text(built_site / "timeline.html").text
    for a in articles.values():
        assert any(t.startswith(a.title) for t in titles)
        assert a.title in text, "the text equivalent names every article"
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}path"))) == len(articles)
    page = (built_site / "timeline.html").read_text(encoding="utf-8")
    assert "<script" not in (built_site / "timeline.svg").read_text(encoding="utf-8")
    assert 'src="timeline.svg"' in page and "alt=" in page


def test_citations_leave_out_what_is_unknown(built_site, archive):
    _, articles = archive
    for a in articles.values():
        text = page_text(built_site / "articles" / f"{a.slug}.html").text
        assert "Chicago:" in text and "APA:" in text and f"@online{{{a.slug}," in text
        assert "Unknown" not in text[text.index("Chicago:"):text.index("Fields the sources")]
        if a.date.precision == "year":
            assert f"({a.date.value})" in text, "APA gives the year alone"
    gerber = page_text(built_site / "articles" / "nato-peacekeeping-mission-could-deepen-the-conflict.html").text
    gerber = re.sub(r"\s+([,.])", r"\1", gerber)  # the text extractor spaces out inline elements
    assert "Gerber, Jan. “A Proposed NATO Peacekeeping Mission to Ukraine Could Deepen the Conflict.” Defense One, March 2022." in gerber
    assert "Gerber, J. (2022, March)." in gerber


def test_dataset_validates_and_round_trips_the_records(built_site):
    data = json.loads((built_site / "data" / "archive.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "data" / "archive.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    by_slug = {a["slug"]: a for a in data["articles"]}
    assert sorted(by_slug) == SLUGS
    for slug, record in RECORDS.items():
        a = by_slug[slug]
        assert a["publisher"] == record["publisher"]["id"]
        assert a["date"] == record["date"]
        assert a["authors"] == record["authors"]
        assert a["authors_unknown"] == record["authors_unknown"]
        assert a["position"] == record["position"]
        assert a["url"] == record["url"] and a["raw"]["sha256"] == record["source"]["sha256"]
        stances = [{"id": s["proposal"], "stance": s["position"], "basis": s["basis"]}
                   for s in data["stances"] if s["article"] == slug]
        assert stances == [{k: s[k] for k in ("id", "stance", "basis")} for s in record["proposals"]]
        quotes = [{"id": q["argument"], "proposal": q["proposal"], "quote": q["text"]} for q in data["quotes"] if q["article"] == slug]
        assert quotes == [{**u, "quote": normalise(u["quote"])} for u in record["arguments"]]
    with open(built_site / "data" / "stances.csv", encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == len(data["stances"])
    with open(built_site / "data" / "articles.csv", encoding="utf-8", newline="") as f:
        assert [r["slug"] for r in csv.DictReader(f)] == sorted(SLUGS)


def test_feed_parses_and_lists_articles_newest_first(built_site, archive):
    _, articles = archive
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built_site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == [
        a.title for a in sorted(articles.values(), key=lambda a: (a.date.value.ljust(10, "0"), a.slug), reverse=True)]
    for e in entries:
        href = e.find(f"{atom}link").get("href")
        assert (built_site / href).is_file()
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", e.find(f"{atom}updated").text)
    assert 'href="feed.xml"' in (built_site / "data" / "index.html").read_text(encoding="utf-8").replace("../", "")


def test_home_links_to_the_dataset_and_every_index(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for target in ("data/index.html", "feed.xml", "matrix.html", "timeline.html", "arguments/index.html",
                   "proposals/index.html", "positions/index.html", "authors/index.html", "publishers/index.html",
                   "tags/index.html", "articles/index.html"):
        assert f'href="{target}"' in html, target
