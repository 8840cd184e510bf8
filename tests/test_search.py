"""Search: Pagefind's index made by the normaliser into docs/pagefind/, and the search page
(search.html) in Debian's Chromium: results lead with the paragraphs that hold the words,
diacritics fold, nothing is fetched before the reader types, nothing from another host, and
from file:// the page says why it cannot search."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from archive.exports import search as search_stage
from archive.build import Paths, load
from archive.core.problems import Problems
from browser_support import ARTICLE_2022, SCHEMES, SITE_RESULTS, goto, site_search
from conftest import ROOT

HORRIBLE_IDEA = "european-peacekeepers-in-ukraine-a-horrible-idea"  # its paragraph 10: "NATO’s Article 5"


@pytest.fixture(scope="module")
def loaded():
    voc, articles, _ = load(Paths(ROOT))
    return voc, articles


# --- the index ---------------------------------------------------------------------------

class Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, str] = {}
        self.tags: list[str] = []
        self.current: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.current = dict(attrs).get("id")

    def handle_data(self, data):
        if self.current:
            self.by_id[self.current] = self.by_id.get(self.current, "") + data


def test_every_body_paragraph_is_indexed_verbatim_with_its_anchor(loaded):
    voc, articles = loaded
    records = search_stage.records(voc, articles)
    for a in articles:
        parsed = Paragraphs()
        parsed.feed(records[f"articles/{a.slug}.html"])
        assert parsed.by_id == {p.anchor: p.text for p in a.paragraphs}, a.slug


def test_index_leaves_out_listings_quotes_citations_and_records(loaded):
    voc, articles = loaded
    records = search_stage.records(voc, articles)
    kinds = {url.split("/")[0] if "/" in url else url for url in records}
    assert kinds == {"articles", "proposals", "arguments", "positions", "publishers"}, kinds
    assert not [url for url in records if url.endswith("index.html")], "listing pages are not indexed"
    everything = "\n".join(records.values())
    for a in articles:
        assert a.sha256 not in everything and a.raw_name not in everything  # the record
        kept = {a.title, a.standfirst, a.bio, *(p.text for p in a.paragraphs)}
        for removal in a.removals:
            if removal.text in kept:
                continue  # a repeat of the title, say: indexed as what it repeats
            assert f">{html.escape(removal.text)}<" not in everything, removal  # the removed lines
    # A page about a proposal or an argument holds what it is about, not the articles it lists
    # (an article its own text cites is named by its title, as its page names it).
    cites = {f"proposals/{p.id}.html": " ".join([p.description, p.floated_by or "", *(v.description for v in p.variants)])
             for p in voc.proposals}
    for url, page in records.items():
        if not url.startswith("articles/"):
            assert not [a.slug for a in articles if html.escape(a.title) in page and a.slug not in cites.get(url, "")], url


def test_source_text_reaches_the_indexer_as_text_never_as_markup(loaded):
    voc, articles = loaded
    hostile = "<script>alert(1)</script> & <b onmouseover=x>bold</b>"
    a = articles[0]
    from dataclasses import replace
    a = replace(a, title=hostile, paragraphs=(replace(a.paragraphs[0], text=hostile),), summary=hostile)
    page = search_stage.article_page(voc, a)
    parsed = Paragraphs()
    parsed.feed(page)
    # span: the metadata a result shows (authors, date, summary), as text too.
    assert set(parsed.tags) <= {"html", "head", "title", "body", "h1", "p", "span"}, parsed.tags
    # Each "&" as the non-character the search page turns back (Pagefind decodes twice).
    assert parsed.by_id == {"p-1": hostile.replace("&", search_stage.AMPERSAND)}
    assert html.escape(hostile.replace("&", search_stage.AMPERSAND)) in page


@pytest.mark.build
def test_index_holds_pagefinds_engine_and_chunks_and_not_its_unused_parts(loaded):
    files = search_stage.index(*loaded)
    names = set(files)
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.en.pagefind"} <= names
    assert any(n.startswith("pagefind/index/") for n in names) and any(n.startswith("pagefind/fragment/") for n in names)
    assert not [n for n in names if "-ui." in n or "highlight" in n or "unknown" in n]
    assert files == search_stage.index(*loaded), "the index's bytes depend only on its input"


def test_without_pagefinds_binary_the_build_says_what_to_install(loaded, monkeypatch):
    import sys

    # Nowhere Pagefind's binary is looked for (search_binary.executable): its variable, its
    # binary packages (None in sys.modules: their import fails), the PATH.
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    for package in ("pagefind_bin", "pagefind_bin_extended"):
        monkeypatch.setitem(sys.modules, package, None)
    monkeypatch.setenv("PATH", "")
    with pytest.raises(Problems) as error:
        search_stage.index(*loaded)
    assert "pagefind[bin]" in str(error.value.problems[0])


# --- the search page in Chromium --------------------------------------------------------------

@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def paragraph_text(page, link: str) -> str:
    goto(page, link)
    return page.evaluate("() => document.querySelector(':target').textContent")


@pytest.mark.browser
@pytest.mark.build
def test_article_5_leads_with_the_articles_paragraph(page, site_url):
    goto(page, site_url + "search.html")
    links = site_search(page, "Article 5")
    assert links, "no results"
    first = links[0]
    assert "/articles/" in first and "#p-" in first, links
    assert f"articles/{HORRIBLE_IDEA}.html#p-10" in "\n".join(links[:2]), links
    # Every paragraph that holds the phrase comes before any page that only names it.
    kinds = ["paragraph" if "#p-" in link else "page" for link in links]
    assert kinds == sorted(kinds, key=lambda k: k != "paragraph"), links
    # Empty position pages and listings are not results: they hold no text with the phrase.
    assert not [link for link in links if "/positions/" in link or "/tags/" in link or link.endswith("index.html")]
    assert "Article 5" in paragraph_text(page, first)
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("query", ["Kaczynski", "Kaczyński", "KACZYNSKI"])
def test_diacritics_fold(page, site_url, query):
    goto(page, site_url + "search.html")
    links = site_search(page, query)
    assert links and f"articles/{ARTICLE_2022}.html#p-2" in links[0], links
    marked = page.locator(".archive-search__result").first.locator("mark").first.inner_text()
    assert marked == "Kaczyński"


@pytest.mark.browser
@pytest.mark.build
def test_nothing_is_fetched_before_the_first_keystroke_and_nothing_from_another_host(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))  # the page's and its workers'
    try:
        page = context.new_page()
        goto(page, site_url + "search.html")
        page.locator("#archive-search-query").focus()
        page.wait_for_timeout(300)
        assert [u for u in requests if "/pagefind/" in u] == [], "index fetched before the reader typed"
        links = site_search(page, "reassurance force")
        assert links
        assert [u for u in requests if "/pagefind/" in u], "the search did not use Pagefind's index"
        assert [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                and urlsplit(u).hostname != "127.0.0.1"] == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_a_result_opens_the_paragraph_and_the_address_keeps_the_query(page, site_url):
    goto(page, site_url + "search.html")
    site_search(page, "Kaczynski")
    assert "q=Kaczynski" in page.url
    page.locator(".archive-search__result > a").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"articles/{ARTICLE_2022}.html#p-2")
    assert "Kaczyński" in page.evaluate("() => document.querySelector(':target').textContent")
    page.go_back()
    page.wait_for_function("() => document.querySelectorAll('.archive-search__result').length > 0")
    assert page.locator("#archive-search-query").input_value() == "Kaczynski"


@pytest.mark.browser
@pytest.mark.build
def test_the_home_pages_field_leads_to_the_results(page, site_url):
    goto(page, site_url + "index.html")
    page.locator("#home-search-query").fill("Kaczynski")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("search.html?q=Kaczynski")
    page.wait_for_selector(".archive-search__result")
    assert f"articles/{ARTICLE_2022}.html#p-2" in page.evaluate(SITE_RESULTS)[0]
    assert page.locator("#archive-search-query").input_value() == "Kaczynski"


@pytest.mark.browser
@pytest.mark.build
def test_slash_goes_to_search_from_every_page(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    goto(page, site_url + f"articles/{ARTICLE_2022}.html")
    page.keyboard.press("/")  # the header's field
    assert page.evaluate("() => document.activeElement.id") == "archive-header-query"
    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the header shows a button only
    goto(page, site_url + f"articles/{ARTICLE_2022}.html")
    with page.expect_navigation():
        page.keyboard.press("/")
    assert page.url.endswith("/search.html")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "archive-search-query"
    goto(page, site_url + "index.html")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "home-search-query"
    page.keyboard.type("a/b")  # in a field, "/" is a character
    assert page.locator("#home-search-query").input_value() == "a/b"


@pytest.mark.browser
@pytest.mark.build
def test_keyboard_and_screen_reader(page, site_url):
    goto(page, site_url + "search.html")
    site_search(page, "brigades")
    status = page.locator(".archive-search__status")
    assert status.get_attribute("role") == "status" and "results for “brigades”" in status.inner_text()
    assert page.locator("label[for='archive-search-query']").is_visible()
    page.keyboard.press("Tab")  # the field's submit button
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('.archive-search__result') !== null")
    assert focused, "Tab from the field reaches the first result"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "#p-" in page.url


@pytest.mark.browser
@pytest.mark.build
def test_more_results_come_ten_at_a_time(page, site_url):
    goto(page, site_url + "search.html")
    links = site_search(page, "peacekeeping")
    status = page.locator(".archive-search__status").inner_text()
    total = int(status.split()[0])
    assert len(links) == 10 < total, status
    page.locator(".archive-search__more").click()
    page.wait_for_function("() => document.querySelectorAll('.archive-search__result').length > 10")
    assert page.evaluate("() => document.activeElement === document.querySelectorAll('.archive-search__result > a')[10]")
    assert len(set(page.evaluate("() => [...document.querySelectorAll('.archive-search__result > a')].map(a => a.href)"))) \
        == min(total, 20)


@pytest.mark.browser
@pytest.mark.build
def test_no_results_says_so(page, site_url):
    goto(page, site_url + "search.html")
    assert site_search(page, "zzyzx") == []
    assert "No results for “zzyzx”" in page.locator(".archive-search__status").inner_text()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.tools
@pytest.mark.parametrize("colours", SCHEMES)
def test_results_pass_axe_in_both_schemes(browser, site_url, colours):
    import tools
    from browser_support import axe_violations, require

    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=colours)
    try:
        page = context.new_page()
        goto(page, site_url + "search.html")
        site_search(page, "Article 5")
        assert axe_violations(page, require(tools.axe_script_path).read_text(encoding="utf-8")) == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_from_a_folder_the_page_says_why_it_cannot_search(browser, built_site):
    """file://: Chromium refuses a page's fetches of other files, and Pagefind fetches its index."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    requests, errors = [], []
    context.on("request", lambda r: requests.append(r.url))
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((built_site / "search.html").as_uri(), wait_until="load")
        status = page.locator(".archive-search__status").inner_text()
        assert "opened from a folder" in status and "http.server" in status
        assert page.locator("#archive-search-query").is_disabled()
        assert [u for u in requests if "/pagefind/" in u] == []
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_under_mkdocs_serve_search_follows_an_edited_record(browser, tmp_path):
    """mkdocs serve runs the normaliser, which rewrites docs/pagefind/ with the pages: a word
    saved into a record is found once the page shows it."""
    import yaml

    from conftest import copy_archive
    from serve_support import SLUG, Server

    root = copy_archive(tmp_path / "archive")
    record_path = root / "sources" / "articles" / f"{SLUG}.yml"
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    server = Server(root)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        server.wait(lambda: server.get("search.html"))
        record_path.write_text(yaml.safe_dump({**record, "title": "Zanzibarian peacekeepers reconsidered"},
                                              allow_unicode=True, sort_keys=False), encoding="utf-8")
        server.wait(lambda: "Zanzibarian" in server.get(f"articles/{SLUG}.html"))
        # The page is served first and the index follows; the search page says so meanwhile.
        server.wait(lambda: "archive-search__behind" not in server.get("search.html"))
        page = context.new_page()
        links = []
        for _ in range(3):  # serve's live reload may reload the page as the index lands: search again, as a reader would
            page.goto(f"http://127.0.0.1:{server.port}/search.html", wait_until="load")  # serve's reload request stays open
            try:
                links = site_search(page, "Zanzibarian")
            except PlaywrightTimeout:
                continue
            if links:
                break
        assert links and f"articles/{SLUG}.html" in links[0], links
    finally:
        context.close()
        server.close()


@pytest.mark.browser
@pytest.mark.build
def test_the_benchmark_measures_search_on_a_built_site(built_site):
    """scripts/bench_search.py, as scripts/bench.py runs it (its own server and browser, so in
    a process of its own: Playwright runs once per process)."""
    import json
    import os
    import subprocess
    import sys

    from browser_support import require
    import tools

    require(tools.chromium_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_search.py"), str(built_site), "Kaczynski"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout)
    assert figures["search"] == "Pagefind"
    assert figures["before_kb"] == 0, "the index was fetched before the first key"
    assert 0 < figures["query_kb"] < 1024 and figures["requests"] > 3
    assert 0 < figures["first_results_s"] < 10 and 0 < figures["heap_mb"] < 200


# --- issue 22 items 5 and 10: the results quote the text as it is ------------------------------

# Written in the article as these characters: entities and escapes are text, not markup.
LITERAL = "zqxliteral AT&amp;T and &lt;i&gt;italic&lt;/i&gt; and &#x202e;reversed &#0; &#x1b;[2J &#27;"
CONTROLLED = "zqxcontrolled shows \u202ethis reversed\u202c and \u2066isolated\u2069 text in a paragraph."
LEAD = "“Aardvarks roam the steppe,” he said. Zqxlead is the word, then more words follow it here."
# An article naming a company whose name holds an "&" (the index writes it as U+FDD0).
CARRIER = ["Cables Under the Black Sea", "Who lays the lines matters as much as who guards them.",
           "By Ann Other",
           "The carrier AT&T laid the first cable across this sea, and the monitors would rely on it for every report.",
           "A second paragraph says the line runs from the port to the shore stations in the east.",
           "The last paragraph asks who will pay to keep the line running once the monitors arrive."]
TERMINAL_OR_BIDI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory):
    from browser_support import Served
    from conftest import copy_archive, mkdocs_build
    from hostile_support import TEXT, add
    root = copy_archive(tmp_path_factory.mktemp("hostile-search") / "archive")
    add(root, "hostile-search", [TEXT[0], *TEXT[3:], LITERAL + ".", CONTROLLED, LEAD])
    add(root, "carrier-search", CARRIER)
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    served = Served(root / "site")
    yield served.url
    served.close()


def excerpts(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.archive-search__excerpt')].map(p => p.textContent)")


def test_an_excerpt_quotes_entities_as_the_text_has_them(page, hostile_site_url):
    goto(page, hostile_site_url + "search.html")
    site_search(page, "zqxliteral")
    shown = excerpts(page)
    assert shown and shown[0] == LITERAL + ".", shown


def test_a_name_with_an_ampersand_is_found_as_typed_and_shown_as_written(page, hostile_site_url):
    """The index writes "&" as U+FDD0 (search.py, AMPERSAND): typing AT&T still finds the
    article that names AT&T, and its result shows "AT&T", neither U+FDD0 nor "&amp;"."""
    goto(page, hostile_site_url + "search.html")
    links = site_search(page, "AT&T")
    assert any("carrier-search.html" in link for link in links), links
    result = page.locator(".archive-search__result", has=page.locator("a[href*='carrier-search.html']"))
    shown = result.locator(".archive-search__excerpt").text_content()
    assert "AT&T" in shown and "\ufdd0" not in shown and "&amp;" not in shown, ascii(shown)


def test_no_control_or_bidi_character_reaches_the_results(page, hostile_site_url):
    goto(page, hostile_site_url + "search.html")
    for query in ("zqxliteral", "zqxcontrolled"):
        site_search(page, query)
        text = page.evaluate("() => document.querySelector('.archive-search').textContent")
        assert query in text and not TERMINAL_OR_BIDI.search(text), ascii(text)


def test_the_query_in_the_address_cannot_reverse_the_status_line(page, hostile_site_url):
    from urllib.parse import quote
    goto(page, hostile_site_url + "search.html?q=" + quote("zqxlead \u202e evil"))
    page.wait_for_function("() => /result/.test(document.querySelector('.archive-search__status').textContent)")
    status = page.locator(".archive-search__status").inner_text()
    assert not TERMINAL_OR_BIDI.search(status), ascii(status)


def test_the_text_after_a_highlight_keeps_its_first_character(page, hostile_site_url):
    goto(page, hostile_site_url + "search.html")
    site_search(page, "zqxlead")
    marks = page.evaluate("() => [...document.querySelectorAll('.archive-search__excerpt mark')].map(m => m.textContent)")
    assert marks == ["Zqxlead"], marks
    assert excerpts(page)[0] == LEAD, "from the opening quote mark to the full stop"


def test_a_query_with_no_match_marks_no_mere_prefix(page, hostile_site_url):
    goto(page, hostile_site_url + "search.html")
    site_search(page, "AAAAAAAAAA")
    marks = page.evaluate("() => [...document.querySelectorAll('.archive-search__excerpt mark')].map(m => m.textContent)")
    assert all(len(m) >= len("AAAAAAAAAA") for m in marks), marks
