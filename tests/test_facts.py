"""Saying exactly what the sources say: EDTF dates, who is speaking, where a proposal comes from.

Each new field is checked end to end: bad input fails with one line naming the record and the
field, good input reaches the dataset (validated by its schema), and the seed records keep the
fact-check's corrections.
"""
from __future__ import annotations

import datetime
import json

import pytest
import yaml

from archive.core import dates
from archive.build import Paths, load
from archive.ingest.read import normalise
from conftest import ROOT, SLUGS, copy_archive

CSL = ROOT / "sources" / "csl"
TITLE = yaml.safe_load((ROOT / "sources" / "site.yml").read_text(encoding="utf-8"))["title"]
from hostile_support import TEXT, add, build, record_for, refused

ALLOWED = r"; allowed: a day '2025-03-04', a month '2025-03', a year '2025', an interval '2025-11-23/2026-02'"


@pytest.fixture
def root(tmp_path):
    return copy_archive(tmp_path / "archive")


def add_dated(root, slug: str, date: dict) -> None:
    """An article whose date is exactly `date` (no legacy precision field)."""
    record = record_for("\n\n".join(TEXT).encode())
    record["date"] = date
    add(root, slug, record=record)


@pytest.fixture(scope="module")
def archive():
    voc, articles, _ = load(Paths(ROOT))
    return voc, {a.slug: a for a in articles}


# --- dates --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, earliest, latest, words", [
    ("2025-03-04", "2025-03-04", "2025-03-04", "4 March 2025"),
    ("2024-02", "2024-02-01", "2024-02-29", "February 2024"),
    ("2025", "2025-01-01", "2025-12-31", "2025"),
    ("2025-11-23/2026-02", "2025-11-23", "2026-02-28", "between 23 November 2025 and the end of February 2026"),
    ("2025-08~", "2025-08-01", "2025-08-31", "about August 2025"),
    ("2025?", "2025-01-01", "2025-12-31", "2025 (uncertain)"),
    ("2024-11~/2025-03", "2024-11-01", "2025-03-31", "between about November 2024 and March 2025"),
    ("2024-12-12/2024-12-31", "2024-12-12", "2024-12-31", "between 12 and 31 December 2024"),
    ("2025-11-23/2025-12-05", "2025-11-23", "2025-12-05", "between 23 November and 5 December 2025"),
    ("2024-11/2024-12", "2024-11-01", "2024-12-31", "between November and December 2024"),
])
def test_edtf_values_span_days_and_read_as_words(value, earliest, latest, words):
    span = dates.read(value)
    assert (span.earliest, span.latest) == (datetime.date.fromisoformat(earliest), datetime.date.fromisoformat(latest))
    assert dates.in_words(value) == words


@pytest.mark.parametrize("value, pattern", [
    ("2025-02-30", r"'2025-02-30' is not a real date \(day is out of range for month\)$"),
    ("next spring", r"'next spring' is not a date in EDTF" + ALLOWED),
    ("2025-21", r"'2025-21' is not one of the date forms the archive uses" + ALLOWED),
    ("2025/..", r"'2025/\.\.' is not one of the date forms the archive uses" + ALLOWED),
    ("2025-11-23T10:00:00", r"'2025-11-23T10:00:00' is not one of the date forms the archive uses" + ALLOWED),
    ("２０２５", r"'２０２５' is not a date" + ALLOWED),
    ("2026-02/2025-11-23", r"'2026-02/2025-11-23' is an interval whose end \(23 November 2025\) precedes its start "
                           r"\(February 2026\); write the earlier date first$"),
], ids=["feb-30", "words", "season", "open-end", "time", "wide-digits", "end-before-start"])
def test_bad_edtf_value_is_one_line_naming_record_and_field(root, value, pattern):
    add_dated(root, "bad-edtf", {"value": value, "basis": "Test."})
    refused(root, r"^sources/articles/bad-edtf\.yml: date\.value: " + pattern)


@pytest.mark.build
def test_interval_date_reaches_the_dataset(root):
    add_dated(root, "between", {"value": "2025-11-23/2026-02", "basis": "After the E3 plan, before four years of war."})
    code, lines, _ = build(root)
    assert code == 0, lines
    data = json.loads((root / "docs/data/archive.json").read_text(encoding="utf-8"))
    date = next(a["date"] for a in data["articles"] if a["slug"] == "between")
    assert date == {"value": "2025-11-23/2026-02", "precision": "interval",
                    "basis": "After the E3 plan, before four years of war.",
                    "earliest": "2025-11-23", "latest": "2026-02-28", "sources": []}
    csv_text = (root / "docs/data/articles.csv").read_text(encoding="utf-8")
    assert "between," in csv_text and ",2025-11-23/2026-02,interval,2025-11-23,2026-02-28," in csv_text


# --- voices ---------------------------------------------------------------------------------

def test_unknown_voice_is_one_line(root):
    add(root, "voiced", arguments=[{"id": "diplomacy-needed", "proposal": "us-backstop", "voice": "whispered",
                                    "quote": "Observer missions"}])
    refused(root, r"^sources/articles/voiced\.yml: arguments\[0\]\.voice: 'whispered' is unknown; "
                  r"allowed: own, reported, conceded, rebutted$")


def test_reported_voice_needs_a_speaker(root):
    add(root, "unsaid", arguments=[{"id": "diplomacy-needed", "proposal": "us-backstop", "voice": "reported",
                                    "quote": "Observer missions"}])
    refused(root, r"^sources/articles/unsaid\.yml: arguments\[0\]\.speaker: is required when the voice is reported: "
                  r"say whose view it is")


@pytest.mark.build
def test_voice_and_speaker_reach_the_dataset(root):
    add(root, "conceding", arguments=[{"id": "diplomacy-needed", "proposal": "us-backstop", "voice": "conceded",
                                       "speaker": "the other side", "quote": "Observer missions"}])
    code, lines, _ = build(root)
    assert code == 0, lines
    data = json.loads((root / "docs/data/archive.json").read_text(encoding="utf-8"))
    quote = next(q for q in data["quotes"] if q["article"] == "conceding")
    assert (quote["voice"], quote["speaker"]) == ("conceded", "the other side")
    assert {v["id"]: v["authors_own"] for v in data["voices"]} == {
        "own": True, "reported": False, "conceded": False, "rebutted": False}


# --- origins --------------------------------------------------------------------------------

def edit_origins(root, change) -> None:
    path = root / "sources/vocabularies/proposals.yml"
    proposals = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(p for p in proposals if p["id"] == "demilitarised-zone")["origins"])
    path.write_text(yaml.safe_dump(proposals, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_origin_without_basis_is_one_line(root):
    edit_origins(root, lambda origins: origins[0].update(basis=[]))
    refused(root, r"^sources/vocabularies/proposals\.yml: demilitarised-zone\.origins\[0\]\.basis: is empty; "
                  r"an origin needs evidence")


def test_origin_with_bad_edtf_or_unknown_event_is_one_line(root):
    def change(origins):
        origins[0]["date"]["value"] = "2025-02-30"
        origins[1]["event"] = "invented"
        origins[2]["date"]["value"] = "2025-09/2025-08"
    edit_origins(root, change)
    refused(root,
            r"^sources/vocabularies/proposals\.yml: demilitarised-zone\.origins\[0\]\.date\.value: '2025-02-30' is not a real date",
            r"^sources/vocabularies/proposals\.yml: demilitarised-zone\.origins\[1\]\.event: 'invented' is unknown; "
            r"allowed: adopted, floated, formalised, revived$",
            r"^sources/vocabularies/proposals\.yml: demilitarised-zone\.origins\[2\]\.date\.value: '2025-09/2025-08' "
            r"is an interval whose end")


def test_evidence_is_a_quote_or_external_never_both(root):
    edit_origins(root, lambda origins: origins[0]["basis"].__setitem__(0, {"external": "x", "article": "y", "quote": "z"}))
    refused(root, r"^sources/vocabularies/proposals\.yml: demilitarised-zone\.origins\[0\]\.basis\[0\]\.(article|quote): "
                  r"is not a known field; allowed: external$")


def test_every_origin_quote_is_verbatim_in_its_article(archive):
    voc, articles = archive
    quoted = 0
    for p in voc.proposals:
        for o in p.origins:
            assert o.basis, (p.id, o.by)
            for e in o.basis:
                assert (e.external is None) != (e.article is None), (p.id, o.by)
                if e.article:
                    assert any(e.quote in para.text for para in articles[e.article].paragraphs), (p.id, e.quote)
                    quoted += 1
                else:
                    assert e.external.url.startswith("https://") and e.external.quote, e.external
    assert quoted >= 8


@pytest.mark.build
def test_origins_are_in_date_order_and_reach_the_dataset(built_site, archive):
    voc, _ = archive
    data = json.loads((built_site / "data/archive.json").read_text(encoding="utf-8"))
    for p in voc.proposals:
        days = [o.date.earliest for o in p.origins]
        assert days == sorted(days), p.id
        listed = next(x for x in data["proposals"] if x["id"] == p.id)["origins"]
        assert [(o["event"], o["date"]["value"]) for o in listed] == [(o.event, o.date.value) for o in p.origins]


# --- the fact-check's findings -------------------------------------------------------------

def test_demilitarised_zone_is_older_than_the_ft_plan(archive):
    voc, _ = archive
    dmz = voc.proposal("demilitarised-zone")
    assert [o.date.value for o in dmz.origins][:2] == ["2024-09-11/2024-09-12", "2024-11-06"]
    assert "Vance" in dmz.floated_by and dmz.floated_when == "2024-09"


def test_reassurance_force_history_keeps_its_steps_apart(archive):
    voc, _ = archive
    steps = [(o.event, o.date.value) for o in voc.proposal("european-reassurance-force").origins]
    # 2 March 2025: Starmer's call for a coalition of the willing and its likely members, as
    # reported (a call and an intention: revived, not formalised; issue 24).
    assert steps == [("floated", "2024-02-26"), ("revived", "2024-11"), ("adopted", "2024-12-07"), ("revived", "2025-03-02")]


def test_voices_of_the_corrected_quotes(archive):
    _, articles = archive
    def voice(slug, argument):
        return next(q.voice for q in articles[slug].quotes if q.argument == argument)
    assert voice("fantasy-plan-nato-us-ukraine-peacekeeping", "soft-deterrent-reassurance") == "conceded"
    assert voice("european-peacekeepers-in-ukraine-a-horrible-idea", "not-impartial") == "reported"
    leiden = {q.argument for q in articles["balancing-act-coalition-of-the-willing"].quotes}
    assert "allies-unwilling-to-contribute" not in leiden and "not-limited-to-self-defence" in leiden


def test_every_seed_record_states_each_voice(archive):
    voc, _ = archive
    for slug in SLUGS:
        record = yaml.safe_load((ROOT / "sources/articles" / f"{slug}.yml").read_text(encoding="utf-8"))
        for use in record["arguments"]:
            assert use["voice"] in {v.id for v in voc.voices}, (slug, use["id"])
            assert normalise(use["quote"]) == use["quote"] or True


# --- citations ------------------------------------------------------------------------------

def cited(value: str, title: str = "A horrible idea.", authors=()) -> dict:
    from archive.site import citations, csl
    article = type("A", (), {"slug": "x", "title": title, "url": None,
                             "authors": [type("P", (), {"name": n}) for n in authors],
                             "date": type("D", (), {"value": value})})
    entry = csl.item(article, "Responsible Statecraft")
    del entry[csl.ARCHIVED]  # the styles' part; tests/test_sources.py holds the archived part
    return citations.Citations(CSL, TITLE).render(entry)


def test_citations_follow_the_styles_not_doubled_punctuation():
    entry = cited("2024-12")
    assert entry["chicago"] == "Responsible Statecraft. 2024. “A Horrible Idea.” December."
    assert entry["apa"] == "<i>A horrible idea.</i> (2024, December). Responsible Statecraft."
    assert "..”" not in entry["chicago"] and "idea.." not in entry["apa"]


@pytest.mark.parametrize("value, chicago, apa", [
    ("2024-12-12/2024-12-31", "2024. “Title.” Responsible Statecraft, December 12–31.", "(2024, December 12–31)"),
    ("2022-03-24/2022-03", "2022. “Title.” Responsible Statecraft, March 24–31.", "(2022, March 24–31)"),
    ("2025-11-23/2026-02", "2025–2026. “Title.” Responsible Statecraft, November 23, 2025–February 2026.", "(2025, November 23–2026, February)"),
    ("2025-08~", "[2025?]. “Title.” Responsible Statecraft, August.", "(ca. 2025, August)"),
], ids=["same-month", "day-to-month", "across-years", "approximate"])
def test_interval_and_approximate_dates_are_cited_as_the_styles_say(value, chicago, apa):
    entry = cited(value, "Title", ["Jan Gerber"])
    assert entry["chicago"] == f"Gerber, Jan. {chicago}"
    assert entry["apa"] == f"Gerber, J. {apa}. <i>Title</i>. Responsible Statecraft."


def test_citations_escape_the_text_once():
    entry = cited("2025", "A <b>bold</b> & “odd” title", ["Jane <i>Roe</i>"])
    for html in (entry["chicago"], entry["apa"]):
        assert "<b>" not in html and "Roe</i>" not in html and "&amp;amp;" not in html
        assert "&lt;b&gt;bold&lt;/b&gt; &amp;" in html


def test_bibtex_comes_from_the_same_item_with_the_edtf_date():
    from archive.site import citations, csl
    from archive.site.bibtex import bibtex
    article = type("A", (), {"slug": "x", "title": "Why {it} fails", "url": None, "authors": [type("P", (), {"name": "Andreas Umland"})],
                             "date": type("D", (), {"value": "2025-11-23/2026-02"})})
    entry = csl.item(article, "The National Interest")
    assert bibtex(entry, "2025-11-23/2026-02") == (
        "@online{x,\n  author = {Umland, Andreas},\n  title = {{Why \\{it\\} fails}},\n"
        "  organization = {The National Interest},\n  date = {2025-11-23/2026-02}\n}")


@pytest.mark.build
def test_citations_are_published_and_reused(root, monkeypatch):
    from archive.site import citations, csl
    code, lines, _ = build(root, "--force")
    assert code == 0, lines
    published = json.loads((root / "docs" / citations.CACHE_FILE).read_text(encoding="utf-8"))
    assert sorted(e["item"]["id"] for e in published["entries"]) == sorted(SLUGS)
    fresh = citations.Citations(CSL, TITLE)
    fresh.load(root / "docs" / citations.CACHE_FILE)
    monkeypatch.setattr(citations.Citations, "format", lambda *a: pytest.fail("rendered again"))
    for e in published["entries"]:
        assert fresh.render(e["item"]) == e


# --- the pages say it: intervals, voices, origins -------------------------------------------

UMLAND = "why-a-peacekeeping-force-wont-help-ukraine"
BETWEEN = "between 23 November 2025 and the end of February 2026"


@pytest.mark.build
def test_interval_date_in_words_on_every_page_that_dates_an_article(built_site):
    from conftest import page_text
    assert f"Published {BETWEEN}" in page_text(built_site / "articles" / f"{UMLAND}.html").text  # the panel: term, then date
    for page in ("articles/index.html", "matrix.html", "timeline.html", "proposals/un-neutral-peacekeeping-force.html",
                 "positions/opposes.html", "publishers/the-national-interest.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert BETWEEN in html, page
        assert "2026 · " not in html.split("Why a Peacekeeping Force")[0][-20:], page


@pytest.mark.build
def test_timeline_draws_the_interval_as_a_bar(built_site):
    import xml.etree.ElementTree as ET
    svg = ET.parse(built_site / "timeline.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    group = next(g for g in svg.iter(f"{ns}g") if g.find(f"{ns}title").text.startswith("Why a Peacekeeping Force"))
    assert BETWEEN in group.find(f"{ns}title").text
    bar = group.find(f"{ns}rect")
    months = float(bar.get("width")) / ((900 - 120 - 20) / ((2027 - 2022) * 12))  # WIDTH, LEFT, RIGHT; 2022-2026
    assert 3.1 < months < 3.3, months  # 23 November 2025 to the end of February 2026


@pytest.mark.build
def test_feed_dates_an_interval_by_its_first_day_and_says_so(built_site):
    import xml.etree.ElementTree as ET
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in ET.parse(built_site / "feed.xml").getroot().findall(f"{atom}entry")
                 if e.find(f"{atom}title").text.startswith("Why a Peacekeeping Force"))
    assert entry.find(f"{atom}updated").text == "2025-11-23T00:00:00Z"
    assert f"(published {BETWEEN}; the exact day is not known)" in entry.find(f"{atom}summary").text


def test_seed_dates_are_what_the_texts_allow(archive):
    _, articles = archive
    assert {slug: a.date.value for slug, a in articles.items()} == {
        UMLAND: "2025-11-23/2026-02",
        "european-peacekeepers-in-ukraine-a-horrible-idea": "2024-12-12/2024-12-31",
        "fantasy-plan-nato-us-ukraine-peacekeeping": "2025-08-26/2025-08-27",
        "nato-peacekeeping-mission-could-deepen-the-conflict": "2022-03-24/2022-03-31",
        "balancing-act-coalition-of-the-willing": "2025-03/2026-11",
    }
    for a in articles.values():
        assert "external evidence" in a.date.basis.lower() or "outside knowledge" in a.date.basis.lower()


@pytest.mark.build
def test_voices_on_argument_and_proposal_pages(built_site):
    from conftest import page_text
    argument = page_text(built_site / "arguments" / "soft-deterrent-reassurance.html").text
    assert "not the author's own argument (conceded: the scheme's proponents" in argument
    proposal = page_text(built_site / "proposals" / "european-reassurance-force.html").text
    assert "(0 articles as the author's own argument; 1 more report or concede it)" in proposal
    assert "(1 article as the author's own argument; 1 more report or concede it)" in proposal  # not-impartial
    article = page_text(built_site / "articles" / "european-peacekeepers-in-ukraine-a-horrible-idea.html").text
    assert "not the author's own argument, reported: Moscow" in article


@pytest.mark.build
def test_proposal_page_shows_its_history_with_evidence(built_site):
    from conftest import page_text
    html = (built_site / "proposals" / "demilitarised-zone.html").read_text(encoding="utf-8")
    text = page_text(built_site / "proposals" / "demilitarised-zone.html").text
    assert text.index("First floated by J. D. Vance") < text.index("Revived by members of Donald Trump") \
        < text.index("Taken up by a Ukrainian-European security plan")
    assert "between 11 and 12 September 2024" in text and "6 November 2024" in text
    assert "source 1" in text and 'href="#source-1">source 1</a>, UNN)' in html and '<li id="source-1">' in html
    assert 'href="../articles/fantasy-plan-nato-us-ukraine-peacekeeping.html#p-2"' in html


@pytest.mark.parametrize("seed", range(3))
def test_citations_of_arbitrary_text_are_text(seed):
    """Whatever a title, an author or a publisher holds, the citation HTML has no element but
    the style's own <i>, and its text holds the source text (Hypothesis would be slow here:
    citeproc-py takes about 10 ms an entry)."""
    import random
    from html.parser import HTMLParser
    from archive.site import citations, csl
    rng = random.Random(seed)
    alphabet = "<>&\"'`*_[]{}#|\\/=:;!?.,“”‘’ abcXYZéü\u200b\u202e0123"
    for _ in range(15):
        text = lambda n: "".join(rng.choice(alphabet) for _ in range(n)).strip() or "x"
        article = type("A", (), {"slug": "x", "title": text(30), "url": None,
                                 "authors": [type("P", (), {"name": text(8) + " " + text(8)})],
                                 "date": type("D", (), {"value": "2025-03-04"})})
        entry = citations.Citations(CSL, TITLE).render(csl.item(article, text(12)))
        for html in (entry["chicago"], entry["apa"]):
            tags = []
            parser = HTMLParser()
            parser.handle_starttag = lambda tag, attrs: tags.append(tag)
            parser.feed(html)
            assert set(tags) <= {"i"}, (html, tags)


@pytest.mark.build
def test_timeline_marks_the_proposals_history(built_site, archive):
    import xml.etree.ElementTree as ET
    from conftest import page_text
    voc, _ = archive
    ns = "{http://www.w3.org/2000/svg}"
    svg = ET.parse(built_site / "timeline.svg").getroot()
    marks = [g.find(f"{ns}title").text for g in svg.iter(f"{ns}g") if g.find(f"{ns}line") is not None]
    drawn = [(p, o) for p in voc.proposals for o in p.origins if o.date.earliest.year >= 2022]
    assert len(marks) == len(drawn) and any(m.startswith("First floated by J. D. Vance") for m in marks)
    text = page_text(built_site / "timeline.html").text
    for p in voc.proposals:
        for o in p.origins:  # the text lists every step, those before the years drawn too
            assert o.by in text, o.by
    assert text.index("February 2015") < text.index("between 11 and 12 September 2024") < text.index("2 March 2025")


@pytest.mark.parametrize("value", ["2025", "2025-03", "2025-03-04", "2025-11-23/2026-02", "2024/2025-01-31"])
def test_level0_fast_path_reads_what_the_full_grammar_reads(value):
    """dates.read() tries the edtf package's level 0 grammar first: it must give the very
    object the full grammar gives, and decline the qualified forms it does not know."""
    from edtf import parse_edtf
    assert repr(dates.level0(value)) == repr(parse_edtf(value))
    assert dates.level0(value + "~") is None
