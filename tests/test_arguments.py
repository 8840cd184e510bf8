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

from archive.core import dates
from archive.build import Paths, load
from archive.ingest.read import normalise
from conftest import ROOT, SLUGS, page_text, text_of

UMLAND = "why-a-peacekeeping-force-wont-help-ukraine"

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


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_every_quote_is_in_its_paragraph(built_site, archive, slug):
    _, articles = archive
    html = page_text(built_site / "articles" / f"{slug}.html")
    page = (built_site / "articles" / f"{slug}.html").read_text(encoding="utf-8")
    quotes = articles[slug].quotes
    assert len(quotes) == len(RECORDS[slug]["arguments"])
    for q, use in zip(quotes, RECORDS[slug]["arguments"]):
        assert q.text == " ".join(use["quote"].split()), "the quote as the record gives it"
        assert q.text in html.element(f"p-{q.paragraph}"), f"quote not in paragraph {q.paragraph}"
        assert f'href="#p-{q.paragraph}"' in page, "the quote links to its paragraph"


@pytest.mark.build
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


def debate_side(page: str, side: str) -> str:
    """The text of one side of a proposal's debate (its arguments for, or against): the side's
    block, which holds lists but no other block."""
    start = page.index(f'class="debate-side debate-{side}"')
    return text_of(page[start:page.index("</div>", start)]).text


def direction(voc, articles, q) -> str:
    """For or against the proposal, worked out here from the vocabulary and the record: the
    argument's own side when it has one, else the article's stance on the proposal."""
    argument = next(a for a in voc.arguments if a.id == q.argument)
    if q.proposal in argument.used_for and q.proposal not in argument.used_against:
        return "for"
    if q.proposal in argument.used_against and q.proposal not in argument.used_for:
        return "against"
    article = next(a for a in articles.values() if q in a.quotes)
    stance = next(s.position for s in article.stances if s.proposal == q.proposal)
    return "for" if stance in ("supports", "conditional") else "against"


@pytest.mark.build
@pytest.mark.parametrize("values", [
    ["2025", "2025-03", "2024-12-01", "2025-03/2026-11", "2025-03-01", "2026?", "2025-03~", "", "2025-13"],
    ["a\U0010ffff", "a", "\ud800x", "é2025", "2025-1"],  # any text: no two read the same
])
def test_argument_pages_list_quotes_by_their_dates_text_latest_first(values):
    """An argument's quotes are listed newest first by their date as written (pages/argument.py's
    newest(), made in C): in the order of each character's negated code point, a date that
    begins another first."""
    from archive.pages.argument import newest
    assert sorted(values, key=newest) == sorted(values, key=lambda v: tuple(-ord(c) for c in v))
    assert len({newest(v) for v in values}) == len(values)


def test_proposal_pages_have_arguments_for_and_against(built_site, archive):
    voc, articles = archive
    for p in voc.proposals:
        page = (built_site / "proposals" / f"{p.id}.html").read_text(encoding="utf-8")
        sides = {side: debate_side(page, side) for side in ("for", "against")}
        found: dict[str, set[str]] = {}  # argument: the sides its quotes on this proposal take
        for q in (q for a in articles.values() for q in a.quotes if q.proposal == p.id):
            found.setdefault(q.argument, set()).add(direction(voc, articles, q))
        for argument, taken in found.items():
            claim = next(a.claim for a in voc.arguments if a.id == argument)
            for side in ("for", "against"):
                assert (claim in sides[side]) == (side in taken), f"{p.id}: {argument} under arguments {side}?"


@pytest.mark.build
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


@pytest.mark.build
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
    # The page draws the timeline in HTML (every article a link) and offers the SVG as a file.
    assert 'href="timeline.svg"' in page and 'src="timeline.svg"' not in page


@pytest.mark.build
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
    assert "Gerber, Jan. 2022. “A Proposed NATO Peacekeeping Mission to Ukraine Could Deepen the Conflict.” Defense One, March 24–31." in gerber
    assert "Gerber, J. (2022, March 24–31). A Proposed NATO Peacekeeping Mission to Ukraine Could Deepen the Conflict. Defense One." in gerber


@pytest.mark.build
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
        assert {k: a["date"][k] for k in ("value", "basis")} == {k: record["date"][k] for k in ("value", "basis")}
        span = dates.read(record["date"]["value"])
        assert (a["date"]["earliest"], a["date"]["latest"]) == (span.earliest.isoformat(), span.latest.isoformat())
        assert a["authors"] == record["authors"]
        assert a["authors_unknown"] == record["authors_unknown"]
        assert a["position"] == record["position"]
        assert a["url"] == record["url"] and a["raw"]["sha256"] == record["source"]["sha256"]
        stances = [{"id": s["proposal"], "stance": s["position"], "basis": s["basis"]}
                   for s in data["stances"] if s["article"] == slug]
        assert stances == [{k: s[k] for k in ("id", "stance", "basis")} for s in record["proposals"]]
        quotes = [{"id": q["argument"], "proposal": q["proposal"], "voice": q["voice"], "quote": q["text"],
                   **({"speaker": q["speaker"]} if q["speaker"] else {})} for q in data["quotes"] if q["article"] == slug]
        assert quotes == [{**u, "quote": normalise(u["quote"])} for u in record["arguments"]]
    stances = read_csv(built_site / "data" / "stances.csv", ["article", "proposal", "position", "basis", "assigned_by"])
    assert stances == [{k: str(s[k]) for k in stances[0]} for s in data["stances"]]
    articles = read_csv(built_site / "data" / "articles.csv", ["slug", "title", "date", "date_precision", "date_earliest",
                                                              "date_latest", "authors", "authors_unknown", "publisher",
                                                              "position", "url", "page", "sha256"])
    assert [r["slug"] for r in articles] == sorted(SLUGS)
    for row in articles:
        a = by_slug[row["slug"]]
        assert row == {"slug": a["slug"], "title": a["title"], "date": a["date"]["value"],
                       "date_precision": a["date"]["precision"], "date_earliest": a["date"]["earliest"],
                       "date_latest": a["date"]["latest"], "authors": "; ".join(x["name"] for x in a["authors"]),
                       "authors_unknown": a["authors_unknown"] or "", "publisher": a["publisher"],
                       "position": a["position"]["id"], "url": a["url"] or "", "page": a["page"],
                       "sha256": a["raw"]["sha256"]}
    quotes = read_csv(built_site / "data" / "quotes.csv", ["article", "argument", "proposal", "direction", "voice", "speaker",
                                                          "paragraph", "page", "text"])
    assert quotes == [{k: "" if q[k] is None else str(q[k]) for k in quotes[0]} for q in data["quotes"]]


def read_csv(path, columns: list[str]) -> list[dict]:
    """The rows of a CSV file whose header must be exactly `columns`."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == columns, f"{path.name}: columns {rows[0]}"
    return [dict(zip(columns, row, strict=True)) for row in rows[1:]]


@pytest.mark.build
def test_feed_parses_and_lists_articles_newest_first(built_site, archive):
    _, articles = archive
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built_site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == [
        a.title for a in sorted(articles.values(), key=lambda a: (a.date.earliest, a.date.latest, a.slug), reverse=True)]
    newest = max(articles.values(), key=lambda a: (a.date.earliest, a.date.latest, a.slug))
    assert feed.find(f"{atom}title").text == "Peacekeeping in Ukraine: an argument archive"
    assert feed.find(f"{atom}id").text == "tag:argument-archive,2026:feed"
    assert feed.find(f"{atom}updated").text == f"{newest.date.earliest}T00:00:00Z", "the feed is as new as its newest entry"
    assert [l.get("href") for l in feed.findall(f"{atom}link") if l.get("rel") == "self"] == ["feed.xml"]
    for e in entries:
        a = next(a for a in articles.values() if f"articles/{a.slug}.html" == e.find(f"{atom}link").get("href"))
        href = e.find(f"{atom}link").get("href")
        assert (built_site / href).is_file()
        assert e.find(f"{atom}id").text == f"tag:argument-archive,2026:articles/{a.slug}"
        assert e.find(f"{atom}updated").text == f"{a.date.earliest}T00:00:00Z", "Atom's one day: the earliest the date allows"
        assert [n.text for n in e.findall(f"{atom}author/{atom}name")] == ([x.name for x in a.authors] or ["Unknown author"])
        summary = e.find(f"{atom}summary").text or ""
        assert summary.startswith(a.summary or a.standfirst or "")
        content = e.find(f"{atom}content")
        assert (content.text if content is not None else None) == (a.standfirst if a.summary else None)
        assert ("the exact day is not known" in summary) == (a.date.earliest != a.date.latest)
        assert e.find(f"{atom}category").get("term") == a.position
    assert 'href="feed.xml"' in (built_site / "data" / "index.html").read_text(encoding="utf-8").replace("../", "")


def test_feed_entry_summary_is_the_editors_summary_where_the_record_has_one(archive):
    """The editor's one line of what the article argues is the entry's <summary>, as text the
    XML writer escapes once; the publisher's standfirst stays in the entry as its <content>.
    An article whose record has no summary keeps its standfirst as the summary, with no content."""
    from dataclasses import replace

    from archive.exports import feed as export
    from archive.site.structure import Site

    voc, articles = archive
    atom = "{http://www.w3.org/2005/Atom}"
    summarised, bare = articles[UMLAND], articles["fantasy-plan-nato-us-ukraine-peacekeeping"]
    hostile = '<b>AT&T</b> says ]]> "no" & </summary>'
    xml = export.feed(Site(voc, (replace(summarised, summary=hostile), replace(bare, summary=None))))
    entries = {e.find(f"{atom}id").text.rsplit("/", 1)[-1]: e for e in ET.fromstring(xml).findall(f"{atom}entry")}
    entry = entries[UMLAND]
    assert entry.find(f"{atom}summary").text.startswith(hostile + " (published ")
    assert entry.find(f"{atom}content").text == summarised.standfirst
    assert b"&lt;b&gt;AT&amp;T&lt;/b&gt;" in xml and b"&amp;amp;" not in xml, "escaped once, by the XML writer"
    assert len(entries[UMLAND].findall(f"{atom}summary")) == 1, "Atom allows one summary an entry"
    other = entries["fantasy-plan-nato-us-ukraine-peacekeeping"]
    assert other.find(f"{atom}summary").text.startswith(bare.standfirst) and other.find(f"{atom}content") is None


@pytest.mark.build
def test_home_links_to_the_dataset_and_every_index(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    for target in ("data/index.html", "feed.xml", "matrix.html", "timeline.html", "arguments/index.html",
                   "proposals/index.html", "positions/index.html", "authors/index.html", "publishers/index.html",
                   "tags/index.html", "articles/index.html"):
        assert f'href="{target}"' in html, target
