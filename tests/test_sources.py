"""Every source checkable (issue 24) and a date that crashed the build (issue 22 item 1):
citations of intervals across months and years, duplicate YAML keys refused."""
from __future__ import annotations

import yaml

import contextlib
import io

import pytest

from archive.site import citations, csl
from archive import cli
from conftest import ROOT, copy_archive

CSL = ROOT / "sources" / "csl"
TITLE = yaml.safe_load((ROOT / "sources" / "site.yml").read_text(encoding="utf-8"))["title"]
from hostile_support import TEXT, add, build, record_for, refused


@pytest.fixture
def root(tmp_path):
    return copy_archive(tmp_path / "archive")


def check(root) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "check"])
    return code, err.getvalue() + out.getvalue()


def cited(value: str, authors=("Jan Gerber",), title: str = "Title", publisher: str = "Responsible Statecraft") -> dict:
    article = type("A", (), {"slug": "x", "title": title, "url": None,
                             "authors": [type("P", (), {"name": n}) for n in authors],
                             "date": type("D", (), {"value": value})})
    entry = csl.item(article, publisher)
    del entry[csl.ARCHIVED]  # these compare the styles' part; the archived part has its own tests
    return citations.Citations(CSL, TITLE).render(entry)


# --- issue 22 item 1: a valid interval across months or years -------------------------------

@pytest.mark.build
@pytest.mark.parametrize("value", ["2022-03-24/2022-04-02", "2024-12-12/2025-12-12", "2024-12/2025-01-05"])
def test_an_interval_across_months_or_years_is_checked_built_and_cited(root, value):
    record = record_for("\n\n".join(TEXT).encode())
    record["date"] = {"value": value, "basis": "Test."}
    add(root, "observers-not-soldiers", record=record)
    code, said = check(root)
    assert code == 0, said
    code, lines, _ = build(root)
    assert code == 0, lines
    page = (root / "docs" / "articles" / "observers-not-soldiers.md").read_text(encoding="utf-8")
    assert "Roe, Jane, and John Doe." in page


@pytest.mark.build
def test_check_reports_what_would_fail_the_citation(root, monkeypatch):
    """Whatever citeproc-py cannot render is a one-line problem in check, as in build."""
    add(root, "observers-not-soldiers")
    real = citations.Citations.format

    def failing(self, name, entry):
        if entry["id"] == "observers-not-soldiers":
            raise AttributeError("'MixedString' object has no attribute 'lstrip'")
        return real(self, name, entry)
    monkeypatch.setattr(citations.Citations, "format", failing)
    code, said = check(root)
    assert code == 1 and "observers-not-soldiers.yml: file: its citation cannot be rendered" in said, said
    refused(root, r"observers-not-soldiers\.yml: file: its citation cannot be rendered")


@pytest.mark.parametrize("value, chicago, apa", [
    # CSL 1.0.2, Date Ranges: "1-4 May 2008", "May–July 2008" and "May 2008/June 2009": parts
    # both ends share are said once; when the years differ each end is given whole.
    ("2022-03-24/2022-04-02", "2022. “Title.” Responsible Statecraft, March 24–April 2.", "(2022, March 24–April 2)"),
    ("2024-12-12/2025-12-12", "2024–2025. “Title.” Responsible Statecraft, December 12, 2024–December 12, 2025.",
     "(2024, December 12–2025, December 12)"),
    ("2024-12/2025-01-05", "2024–2025. “Title.” Responsible Statecraft, December 2024–January 5, 2025.",
     "(2024, December–2025, January 5)"),
])
def test_intervals_across_months_and_years_cite_each_end_readably(value, chicago, apa):
    entry = cited(value)
    assert entry["chicago"] == f"Gerber, Jan. {chicago}"
    assert entry["apa"] == f"Gerber, J. {apa}. <i>Title</i>. Responsible Statecraft."


# --- duplicate keys refused in every YAML the archive reads ---------------------------------

def test_a_record_stating_a_key_twice_is_refused_with_file_line_and_key(root):
    add(root, "observers-not-soldiers")
    path = root / "sources" / "articles" / "observers-not-soldiers.yml"
    text = path.read_text(encoding="utf-8")
    assert "\neditor: test editor\n" in text
    path.write_text(text.replace("\neditor: test editor\n", "\neditor: test editor\nstance: opposes\neditor: someone else\n"),
                    encoding="utf-8")
    line = text.split("\n").index("editor: test editor") + 3
    refused(root, rf"^sources/articles/observers-not-soldiers\.yml: line {line}: has the key 'editor' twice "
                  rf"\(first on line {line - 2}\)")
    code, said = check(root)
    assert code == 1 and f"line {line}: has the key 'editor' twice" in said


@pytest.mark.parametrize("file, find, twice", [
    ("vocabularies/proposals.yml", "  short: NATO mission\n", "  short: NATO mission\n  short: NATO\n"),
    ("vocabularies/publishers.yml", None, None),
    ("boilerplate/generic.yml", "  head_max_chars: 250\n", "  head_max_chars: 250\n  head_max_chars: 99\n"),
    # home.md is read once the changed shard's Pagefind has started (build.load() starts it early)
    pytest.param("pages/home.md", "title: Home\n", "title: Home\ntitle: Elsewhere\n", marks=pytest.mark.build),
])
def test_every_yaml_the_archive_reads_refuses_a_key_twice(root, file, find, twice):
    path = root / "sources" / file
    text = path.read_text(encoding="utf-8")
    if find is None:  # a nested mapping: the first entry's id given twice
        lines = text.split("\n")
        i = next(n for n, x in enumerate(lines) if x.lstrip().startswith(("- id:", "id:")))
        first = lines[i]
        find, twice = first + "\n", first + "\n" + " " * (len(first) - len(first.lstrip(" -"))) + first.lstrip(" -") + "\n"
    assert find in text
    path.write_text(text.replace(find, twice, 1), encoding="utf-8")
    line = text[: text.index(find)].count("\n") + find.count("\n") + 1
    refused(root, rf"^sources/{file}: line {line}: has the key '\w+' twice")


# --- citations a reader can use ---------------------------------------------------------------
# The styles' own examples relied on:
# - APA 7, a page on a website: "Last name, First Initial. (Year, Month Day). Title of Page. Site
#   Name. URL" (as quoted by the Marietta College library guide, library.marietta.edu/c.php?g=1030820&p=7471301);
#   with no author the title takes the author's place, then the date (the official apa.csl does so).
# - Chicago author-date, 18th ed., as the official CSL style encodes it (its comments cite CMOS18
#   14.104, 14.87, 14.97): "Last, First. Year. “Title.” Site Name, Month Day."; an unsigned web
#   page is listed under its site (14.104), an unsigned magazine or newspaper article under the
#   publication's name (14.87, 14.97): "Site Name. Year. “Title.” Month Day." So the publication
#   stands in for an unknown author in Chicago, because the style says so, and never in APA.
# - CSL 1.0.2, Date Ranges: a range across years gives each end whole ("May 2008/June 2009").
# Where the reader can consult the text is the archive's page (no page address is stated by
# the dumps): each entry ends "Archived in <the archive>, <its page>."
UMLAND = "why-a-peacekeeping-force-wont-help-ukraine"
UNSIGNED = "european-peacekeepers-in-ukraine-a-horrible-idea"
ARCHIVED = "Archived in Peacekeeping in Ukraine: An Argument Archive, articles/{}.html."


def seed_citation(slug: str) -> dict:
    import json
    from conftest import ROOT
    entries = json.loads((ROOT / "docs" / citations.CACHE_FILE).read_text(encoding="utf-8"))["entries"]
    return next(e for e in entries if e["item"]["id"] == slug)


def test_umlands_article_is_cited_as_the_styles_examples_are():
    entry = seed_citation(UMLAND)
    assert entry["chicago"] == ("Umland, Andreas. 2025–2026. “Why a Peacekeeping Force Won’t Help Ukraine.” "
                                "The National Interest, November 23, 2025–February 2026. " + ARCHIVED.format(UMLAND))
    assert entry["apa"] == ("Umland, A. (2025, November 23–2026, February). <i>Why a Peacekeeping Force Won’t Help "
                            "Ukraine</i>. The National Interest. " + ARCHIVED.format(UMLAND))


def test_an_article_without_author_is_cited_as_the_styles_examples_are():
    entry = seed_citation(UNSIGNED)
    assert entry["chicago"] == ("Responsible Statecraft. 2024. “European 'Peacekeepers' in Ukraine? A Horrible Idea.” "
                                "December 12–31. " + ARCHIVED.format(UNSIGNED))
    assert entry["apa"] == ("<i>European 'peacekeepers' in Ukraine? A horrible idea.</i> (2024, December 12–31). "
                            "Responsible Statecraft. " + ARCHIVED.format(UNSIGNED))


def test_every_seed_citation_names_its_archive_page():
    for slug in (UMLAND, UNSIGNED):
        entry = seed_citation(slug)
        for style in ("chicago", "apa"):
            assert entry[style].endswith(ARCHIVED.format(slug)), entry[style]


ADDRESS = "https://archive.example.org/ukraine/"


def test_an_archive_with_an_address_is_cited_by_each_pages_full_address(root):
    """Without an address (today) a citation names the page's place in the archive, from its
    root, the same wherever the citation is shown or copied; once sources/site.yml states the
    archive's address, a reader is given the page's full address, which works from anywhere."""
    from archive.build import Paths, load
    site = root / "sources" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + f"address: {ADDRESS}\n", encoding="utf-8")
    voc, articles, _ = load(Paths(root))
    a = next(a for a in articles if a.slug == UMLAND)
    chicago, apa, _ = citations.formats(citations.Citations(CSL, voc.title), voc, a)
    for entry in (chicago, apa):
        assert entry.endswith(f"Archived in Peacekeeping in Ukraine: An Argument Archive, {ADDRESS}articles/{UMLAND}.html."), entry


@pytest.mark.parametrize("address", ["archive.example.org/ukraine/", "https://archive.example.org/ukraine",
                                     "ftp://archive.example.org/", "https://archive.example.org/a b/"])
def test_an_archive_address_that_is_no_web_folder_is_a_one_line_problem(root, address):
    site = root / "sources" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + f"address: '{address}'\n", encoding="utf-8")
    code, said = check(root)
    assert code == 1 and "Traceback" not in said, said
    assert f"sources/site.yml: address: {address!r} is not the address of a web folder" in said, said


# --- external evidence as structured citations ------------------------------------------------

def proposals_yml(root):
    import yaml
    path = root / "sources/vocabularies/proposals.yml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def edit_proposals(root, change) -> None:
    import yaml
    path, proposals = proposals_yml(root)
    change({p["id"]: p for p in proposals})
    path.write_text(yaml.safe_dump(proposals, allow_unicode=True, sort_keys=False), encoding="utf-8")


KYIV_INDEPENDENT = "https://kyivindependent.com/trump-proposes-european-troop-deployment-to-monitor-ukraine-ceasefire-wsj/"


def external_sources(proposals) -> list[dict]:
    return [e["external"] for p in proposals for o in p.get("origins", []) for e in o["basis"] if "external" in e]


def test_the_kyiv_independent_is_cited_with_the_stored_pages_title_and_date():
    """Its stored page is dated 13 December 2024 and headed as below; it was cited four times
    as 'Trump proposes European troop deployment to monitor Ukraine ceasefire, WSJ', 12 December."""
    from conftest import ROOT
    _, proposals = proposals_yml(ROOT)
    cited = [s for s in external_sources(proposals) if s["url"].rstrip("/") == KYIV_INDEPENDENT.rstrip("/")]
    assert cited and all(s["date"] == "2024-12-13" and s["title"] == "Trump tells Macron, Zelensky he wants European "
                         "troops monitoring Ukraine ceasefire, WSJ reports" for s in cited), cited
    for path in [*(ROOT / "sources").rglob("*.yml")]:
        text = path.read_text(encoding="utf-8")
        assert "Trump proposes European troop deployment" not in text, path
        assert "Kyiv Independent, 12 December 2024" not in text, path


def test_two_citations_of_one_address_that_disagree_on_the_date_are_flagged(root):
    def change(proposals):
        source = proposals["european-reassurance-force"]["origins"][2]["basis"][1]["external"]
        assert source["url"] == KYIV_INDEPENDENT
        proposals["demilitarised-zone"]["origins"][1]["basis"].append(
            {"external": {**source, "url": KYIV_INDEPENDENT.rstrip("/"), "date": "2024-12-12"}})
    edit_proposals(root, change)
    refused(root, r"^sources/vocabularies/proposals\.yml: demilitarised-zone\.origins\[1\]\.basis\[1\]\.external\.date: "
                  r"'2024-12-12' disagrees with european-reassurance-force\.origins\[2\]\.basis\[1\]\.external\.date "
                  r"\('2024-12-13'\), which cites the same page")
    code, said = check(root)
    assert code == 1 and "disagrees with" in said


def test_external_evidence_is_checked_like_every_field(root):
    def change(proposals):
        basis = proposals["demilitarised-zone"]["origins"][0]["basis"]
        basis.append({"external": "UNN, 13 September 2024, https://unn.ua/en/news/x"})
        basis.append({"external": {**basis[0]["external"], "date": "2024-09-31"}})
        basis.append({"external": {**basis[0]["external"], "url": "unn.ua/en/news/x", "date": "2024-09-13"}})
        del basis[0]["external"]["quote"]
    edit_proposals(root, change)
    where = r"^sources/vocabularies/proposals\.yml: demilitarised-zone\.origins\[0\]\.basis"
    refused(root, where + r"\[0\]\.external\.quote: is missing",
            where + r"\[1\]\.external: must be a mapping: publisher, title .*; got str",
            where + r"\[2\]\.external\.date: '2024-09-31' is not a real date",
            where + r"\[3\]\.external\.url: 'unn\.ua/en/news/x' is not an http\(s\) address")


def test_each_proposal_lists_its_sources_in_the_citation_style_with_the_sentence_relied_on():
    from conftest import ROOT
    page = (ROOT / "docs/proposals/european-reassurance-force.md").read_text(encoding="utf-8")
    sources = page[page.index("## Sources"):page.index("\n## ", page.index("## Sources"))]
    assert ('<li id="source-2"><p>Zadorozhnyy, Tim. 2024. “Trump Tells Macron, Zelensky He Wants European Troops '
            'Monitoring Ukraine Ceasefire, WSJ Reports.” Kyiv Independent, December 13. '
            f'{KYIV_INDEPENDENT}.</p>') in sources
    assert "<p>Relied on: “Trump reportedly made the comments during his Dec. 7 meeting" in sources
    history = page[page.index("**History:**"):page.index("\n## ", page.index("**History:**"))]
    assert "([source 2](#source-2), Kyiv Independent)" in history


def test_the_leiden_blogs_tie_to_isga_is_marked_as_inference():
    import yaml
    from conftest import ROOT
    publishers = yaml.safe_load((ROOT / "sources/vocabularies/publishers.yml").read_text(encoding="utf-8"))
    leiden = next(p for p in publishers if p["id"] == "leiden-security-and-global-affairs-blog")
    for text in (leiden["description"], leiden["basis"]):
        assert "Institute of Security and Global Affairs" in text and "inferred" in text.lower() or "inference" in text.lower()
    assert "associated with Leiden University" not in leiden["description"]


def test_no_step_of_a_history_is_formalised_on_a_call_and_an_intention():
    """Business Standard reports that Starmer said a coalition was needed and would likely
    include the UK and France: a call and an intention, not a decision."""
    from conftest import ROOT
    _, proposals = proposals_yml(ROOT)
    for p in proposals:
        for o in p.get("origins", []):
            for e in o["basis"]:
                if "business-standard.com" in e.get("external", {}).get("url", ""):
                    assert o["event"] != "formalised", o
    un = next(p for p in proposals if p["id"] == "un-neutral-peacekeeping-force")
    assert un["floated_when"] == "2015-02-18" and un["origins"][0]["date"]["value"] == "2015-02-18"
    assert any("late on Wednesday (18 February)" in e["external"]["quote"] for e in un["origins"][0]["basis"])


# --- addresses found outside the dump -------------------------------------------------------

FOUND = {
    "balancing-act-coalition-of-the-willing": "https://leidensecurityandglobalaffairs.nl/articles/balancing-act-the-complexities-of-a-coalition-of-the-willing-in-ukraine",
    "european-peacekeepers-in-ukraine-a-horrible-idea": "https://responsiblestatecraft.org/ukraine-peacekeepers",
    "fantasy-plan-nato-us-ukraine-peacekeeping": "https://responsiblestatecraft.org/peacekeepers-europe-ukraine",
    "nato-peacekeeping-mission-could-deepen-the-conflict": "https://www.defenseone.com/ideas/2022/03/proposed-nato-peacekeeping-mission-ukraine-could-deepen-conflict/363584/",
    "why-a-peacekeeping-force-wont-help-ukraine": "https://ufpa.org.ua/blog/17326",
}


def test_every_seed_page_shows_its_address_with_its_basis():
    import html as html_lib
    from conftest import ROOT
    for slug, url in FOUND.items():
        page = (ROOT / "docs/articles" / f"{slug}.md").read_text(encoding="utf-8")
        source = next(line for line in page.splitlines() if line.startswith("<dt>Source</dt>"))
        assert "original address unknown" not in source
        assert (f"the same text found at <a href=\"{html_lib.escape(url)}\">{html_lib.escape(url)}</a> in November 2026 "
                "(an external search of stored pages") in source, source
        assert "; the dump does not state it" in source


def test_an_address_found_outside_the_dump_is_checked(root):
    add(root, "observers-not-soldiers", found_at={"url": "example.org/x", "date": "2026-13", "basis": "Test."})
    refused(root, r"observers-not-soldiers\.yml: found_at\.url: 'example\.org/x' is not an http\(s\) address",
            r"observers-not-soldiers\.yml: found_at\.date: '2026-13'")


# --- quotes checkable at the source ------------------------------------------------------------

def test_a_text_fragment_percent_encodes_the_directives_delimiters():
    """WICG 'URL Fragment Text Directives': '-', ',' and '&' delimit a text directive's parts,
    so inside textStart and textEnd they are percent-encoded (as is every other character but
    ASCII letters, digits and _.~, as Firefox's create_fragment_directive_string does)."""
    from archive.site.fragments import text_fragment
    url = text_fragment("https://example.org/a?b=1#top", "Macron's 40,000-troop plan & “peace”")
    assert url == ("https://example.org/a?b=1#:~:text=Macron%27s%2040%2C000%2Dtroop%20plan%20%26%20"
                   "%E2%80%9Cpeace%E2%80%9D")
    long = text_fragment("https://example.org/a", " ".join(f"w{i}" for i in range(20)))
    assert long == "https://example.org/a#:~:text=w0%20w1%20w2%20w3%20w4%20w5,w14%20w15%20w16%20w17%20w18%20w19"


def test_a_directive_encodes_every_character_as_urllib_does_and_the_hyphen():
    """directive_text() reads a table, not quote(): the same text for every character."""
    from urllib.parse import quote
    from archive.site.fragments import directive_text
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    assert [directive_text(c) for c in every] == [quote(c, safe="").replace("-", "%2D") for c in every]
    assert directive_text("".join(every[:5000])) == quote("".join(every[:5000]), safe="").replace("-", "%2D")


def test_each_quote_links_to_its_sentence_at_the_source_beside_its_paragraph():
    import html as html_lib
    import re
    from urllib.parse import unquote
    from conftest import ROOT
    for slug, url in FOUND.items():
        page = (ROOT / "docs/articles" / f"{slug}.md").read_text(encoding="utf-8")
        quotes = re.findall(r'<blockquote><p>“(.*?)” \(<a href="#p-\d+">paragraph \d+</a>; <a href="([^"]+)">'
                            r'the sentence where the same text was found</a>\)</p></blockquote>', page)
        made = page.count("<blockquote><p>“")
        assert made and len(quotes) == made, slug
        for text, link in quotes:
            link = html_lib.unescape(link)
            assert link.startswith(url + "#:~:text=")
            words = html_lib.unescape(text).split()
            start = unquote(link.split("#:~:text=")[1].split(",")[0])
            assert " ".join(words).startswith(start), (start, words)
    debate = (ROOT / "docs/proposals/european-reassurance-force.md").read_text(encoding="utf-8")
    assert "#:~:text=" in debate and "the sentence where the same text was found</a>" in debate


def test_hostile_sources_and_found_addresses_are_text_in_every_page(root, built_site):
    """A source's publisher, title, authors and quote, and a found address's basis, reach the
    proposal and article pages (citations, quotes, text fragments) as text."""
    import re
    from conftest import mkdocs_build
    from hostile_support import markup
    evil = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) {{ 7*7 }} & "q" -,'

    def change(proposals):
        proposals["us-backstop"]["origins"][0]["basis"].append({"external": {
            "publisher": evil, "title": evil, "date": "2025", "url": "https://example.org/a?b=1&c=%3Cx%3E",
            "authors": [evil], "quote": evil}})
    edit_proposals(root, change)
    add(root, "observers-not-soldiers", arguments=[{"id": "diplomacy-needed", "proposal": "us-backstop",
                                                    "quote": "Observer missions have worked before"}],
        found_at={"url": "https://example.org/x?y=1&z=%22", "date": "2026-11", "basis": evil})
    code, lines, _ = build(root)
    assert code == 0, lines
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    allowed = set().union(*(m.tags for m in markup(built_site).values()))
    pages = markup(site)
    for rel in ("proposals/us-backstop.html", "articles/observers-not-soldiers.html"):
        m = pages[rel]
        assert m.tags <= allowed, (rel, m.tags - allowed)
        assert len(m.scripts) == len(markup(built_site)["proposals/us-backstop.html"].scripts), rel
        for tag, name, value in m.attrs:
            assert not name.lower().startswith("on"), (rel, tag, name)
            if name == "href":
                assert not re.match(r"\s*javascript:", value, re.I), (rel, value)
    text = (site / "proposals/us-backstop.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    article = (site / "articles/observers-not-soldiers.html").read_text(encoding="utf-8")
    assert "https://example.org/x?y=1&amp;z=%22#:~:text=Observer%20missions%20have%20worked%20before" in article


@pytest.mark.build  # checked across records, after the changed shard's Pagefind has started
def test_a_records_date_source_that_disagrees_with_a_proposals_is_flagged(root):
    import yaml
    path = root / "sources/articles/european-peacekeepers-in-ukraine-a-horrible-idea.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert record["date"]["sources"][0]["url"] == KYIV_INDEPENDENT
    record["date"]["sources"][0]["title"] = "Trump proposes European troop deployment to monitor Ukraine ceasefire, WSJ"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    refused(root, r"^sources/articles/european-peacekeepers-in-ukraine-a-horrible-idea\.yml: date\.sources\[0\]\.title: "
                  r"'Trump proposes European troop deployment to monitor Ukraine ceasefire, WSJ' disagrees with "
                  r"sources/vocabularies/proposals\.yml: european-reassurance-force\.origins\[2\]\.basis\[1\]\.external\.title")


def test_a_records_date_sources_are_cited_on_its_page():
    from conftest import ROOT
    page = (ROOT / "docs/articles/european-peacekeepers-in-ukraine-a-horrible-idea.md").read_text(encoding="utf-8")
    record = page[page.index("## How this record was made"):]
    assert ("<li>Zadorozhnyy, Tim. 2024. “Trump Tells Macron, Zelensky He Wants European Troops Monitoring Ukraine "
            "Ceasefire, WSJ Reports.” Kyiv Independent, December 13. " + KYIV_INDEPENDENT + ". Relied on: “The idea of "
            "deploying European peacekeepers") in record


def test_a_history_steps_date_sources_are_numbered_among_the_proposals_sources():
    from conftest import ROOT
    page = (ROOT / "docs/proposals/nato-peacekeeping-mission.md").read_text(encoding="utf-8")
    assert 'scheduled on March 24").' in page and "([source 1](#source-1))" in page
    assert '<li id="source-1"><p>RFE/RL. 2022. March 24. https://www.rferl.org/' in page


def test_title_case_capitalises_a_word_after_an_opening_quotation_mark():
    """Business Standard's headline cited as "Europe Needs a 'coalition of the Willing' ..."."""
    from conftest import ROOT
    page = (ROOT / "docs/proposals/european-reassurance-force.md").read_text(encoding="utf-8")
    assert "“Europe Needs a 'Coalition of the Willing' for Ukraine: UK PM Keir Starmer.”" in page
    entry = cited("2025", (), "A <b>bold</b> “odd” title")
    assert "“A &lt;b&gt;bold&lt;/b&gt; “Odd” Title.”" in entry["chicago"]
