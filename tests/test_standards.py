"""Standards: accessibility (axe-core), links and anchors (LinkChecker), HTML (Nu HTML Checker),
page weight, and a site that works from a folder (file://) or under any path on a static host."""
from __future__ import annotations

import json
import subprocess
from urllib.parse import urlsplit

import pytest

import tools
from browser_support import (ARTICLE_2022, PAGE_TYPES, SCHEMES, Served, axe_violations, goto, linkcheck, page_types,
                             problems, require, site_search)

# --- accessibility: axe-core -------------------------------------------------------------

@pytest.fixture(scope="module")
def axe_source() -> str:
    return require(tools.axe_script_path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def schemed(browser):
    """One desktop page per colour scheme (the reader's system preference picks it)."""
    contexts = {name: browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=name)
                for name in SCHEMES}
    yield {name: context.new_page() for name, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.tools
@pytest.mark.parametrize("colours", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_no_serious_or_critical_violations(schemed, engine, axe_source, kind, colours):
    _, site, url = engine
    page = schemed[colours]
    goto(page, url + page_types(site)[kind])
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[colours]
    assert axe_violations(page, axe_source) == []


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.tools
@pytest.mark.parametrize("colours", SCHEMES)
def test_axe_narrow_screen(browser, engine, axe_source, colours):
    """At 375 px the header, the drawer and the wide tables change shape: check those too."""
    _, _, url = engine
    context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme=colours)
    try:
        page = context.new_page()
        for path in ("index.html", "matrix.html", f"articles/{ARTICLE_2022}.html"):
            goto(page, url + path)
            assert axe_violations(page, axe_source) == [], path
    finally:
        context.close()


# --- links and anchors: LinkChecker ---------------------------------------------------

@pytest.fixture(scope="module")
def linkchecked(built_site, site_url, tmp_path_factory) -> list[dict]:
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    return linkcheck(tmp_path_factory.mktemp("linkchecker"), [site_url + p for p in pages])


@pytest.mark.build
@pytest.mark.tools
def test_linkchecker_finds_no_broken_links_or_anchors(linkchecked, built_site):
    assert problems(linkchecked) == []
    checked = {r["url"] for r in linkchecked}
    assert len(checked) >= len(list(built_site.rglob("*.html")))
    assert any("#" in url for url in checked), "no anchor was checked"


@pytest.mark.tools
def test_linkchecker_would_catch_a_broken_link_and_anchor(tmp_path):
    """The configuration above does report a missing page and a missing anchor."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text('<!doctype html><title>a</title><a href="b.html#here">ok</a> '
                                 '<a href="b.html#nowhere">bad anchor</a> <a href="gone.html">bad link</a> '
                                 '<a href="#a">ok</a> <a href="#not-here">bad anchor on the page</a><p id="a">a</p>',
                                 encoding="utf-8")
    (site / "b.html").write_text('<!doctype html><title>b</title><p id="here">b</p>', encoding="utf-8")
    served = Served(site)
    try:
        found = problems(linkcheck(tmp_path, [served.url + "a.html"]))
    finally:
        served.close()
    assert len(found) == 3, found
    assert any("gone.html" in p and "404" in p for p in found)
    assert any("b.html#nowhere" in p and "Anchor" in p for p in found)
    assert any("a.html#not-here" in p and "Anchor" in p for p in found)


# --- HTML: the Nu HTML Checker ----------------------------------------------------------

# Errors that come from Material's own templates, allowed here and listed in the README with
# the reason. Each is matched on its exact message and on the exact markup it points at.
AUTOCOMPLETE = ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
                "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
                "“tel”, “text”, “time”, “url”, or “week”.")
MATERIAL_KNOWN = {
    # base.html, outside any block: the drawer and search toggles are checkboxes with
    # autocomplete="off", so that browsers do not restore them open on back/forward.
    (AUTOCOMPLETE, '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'),
    (AUTOCOMPLETE, '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'),
}


def known_material(message: dict) -> bool:
    extract = message.get("extract", "")
    start, length = message.get("hiliteStart", 0), message.get("hiliteLength", 0)
    return (message["message"], extract[start:start + length]) in MATERIAL_KNOWN


@pytest.fixture(scope="module")
def vnu_messages(built_site) -> list[dict]:
    command = require(tools.vnu_command)
    pages = sorted(str(p) for p in built_site.rglob("*.html"))
    result = subprocess.run([*command, "--format", "json", "--errors-only", *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert result.returncode == (1 if messages else 0), result.stderr[-2000:]
    return messages


@pytest.mark.build
@pytest.mark.tools
def test_html_has_no_errors_but_the_known_material_ones(vnu_messages, built_site):
    ours = [f"{urlsplit(m.get('url', '')).path.removeprefix(str(built_site))}:{m.get('lastLine')}: "
            f"{m['message']} [{m.get('extract', '').strip()[:100]}]"
            for m in vnu_messages if not known_material(m)]
    assert ours == []


@pytest.mark.build
@pytest.mark.tools
def test_known_material_html_errors_are_still_needed(vnu_messages):
    """When Material fixes its templates, drop the entry here and from the README."""
    seen = {(m["message"], m["extract"][m["hiliteStart"]:m["hiliteStart"] + m["hiliteLength"]])
            for m in vnu_messages if known_material(m)}
    assert seen == MATERIAL_KNOWN


# --- weight and portability ----------------------------------------------------------------

ARTICLE_BUDGET = 60_000  # bytes of HTML per article page


@pytest.mark.build
def test_article_pages_stay_under_60_kb(built_site):
    articles = [p for p in (built_site / "articles").glob("*.html") if p.name != "index.html"]
    assert articles
    heavy = {p.name: p.stat().st_size for p in articles if p.stat().st_size >= ARTICLE_BUDGET}
    assert heavy == {}


@pytest.mark.browser
@pytest.mark.build
def test_site_works_opened_from_the_folder(browser, built_site):
    """file://: open an article, follow a link and back (search from file:// is in test_search.py)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    errors, other = [], []
    context.route("**/*", lambda route: (other.append(route.request.url) or route.abort())
                  if not route.request.url.startswith(("file:", "data:", "blob:")) else route.continue_())
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((built_site / "articles" / f"{ARTICLE_2022}.html").as_uri(), wait_until="load")
        page.locator(".md-content a[href^='../proposals/']").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and "/proposals/" in page.url
        assert page.locator(f".md-content a[href$='articles/{ARTICLE_2022}.html']").count()
        page.locator(f".md-content a[href$='articles/{ARTICLE_2022}.html']").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith((built_site / "articles" / f"{ARTICLE_2022}.html").as_uri())
        assert errors == [] and other == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_site_works_under_any_path_on_a_static_host(browser, built_site):
    """Served from a sub-folder (here /site/) of a plain static server: every URL is relative."""
    served = Served(built_site.parent)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        goto(page, served.url + f"{built_site.name}/index.html")
        page.locator(".md-nav--primary a[href='proposals/index.html']").first.click()
        page.wait_for_load_state("load")
        assert page.url == served.url + f"{built_site.name}/proposals/index.html"
        page.locator(".md-nav--primary a[href='../search.html']").first.click()
        page.wait_for_load_state("load")
        links = site_search(page, "Kaczynski")
        assert links[0] == served.url + f"{built_site.name}/articles/{ARTICLE_2022}.html#p-2", links
        assert errors == []
    finally:
        context.close()
        served.close()
