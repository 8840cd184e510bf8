"""Search in the header of every page, on both engines (MkDocs + Material, Zensical): one
labelled field (a button on a phone) that opens the search page with the query, with or
without JavaScript; no second, dead or duplicate search box; and nothing left over from
Material's search, which Pagefind's index replaced.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import PAGE_TYPES, goto, page_types
from conftest import ROOT

WIDTHS = {"desktop": 1280, "phone": 390}

# The header's search forms and anything else that looks like a search box, as a reader meets them.
HEADER = """() => {
  const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)
    && getComputedStyle(e).visibility !== 'hidden';
  const forms = [...document.querySelectorAll('header form[role=search]')];
  const others = [...document.querySelectorAll('.md-search, label[for=__search], [data-md-component=search]')].filter(shown);
  return {forms: forms.length, others: others.length,
          fields: forms.flatMap(f => [...f.querySelectorAll('input[type=search]')]).filter(shown)
            .map(i => ({name: i.name, label: (i.labels[0] || {}).innerText || i.getAttribute('aria-label')})),
          buttons: forms.flatMap(f => [...f.querySelectorAll('button')]).filter(shown)
            .map(b => (b.innerText || b.getAttribute('aria-label') || '').trim())};
}"""


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_page_has_one_labelled_search_in_its_header(browser, engine, width):
    _, site, url = engine
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        for kind in PAGE_TYPES:
            goto(page, url + page_types(site)[kind])
            found = page.evaluate(HEADER)
            assert found["forms"] == 1 and found["others"] == 0, (kind, found)
            if width >= 1280:
                assert [f["name"] for f in found["fields"]] == ["q"], (kind, found)
                assert all(f["label"] and "search" in f["label"].lower() for f in found["fields"]), (kind, found)
            assert found["buttons"] and all(found["buttons"]), (kind, found)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("scripts", [True, False], ids=["script", "no-script"])
def test_header_search_opens_the_search_page_with_the_query(browser, engine, scripts):
    _, site, url = engine
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=scripts)
    try:
        page = context.new_page()
        goto(page, url + page_types(site)["proposal"])
        page.locator("header input[type=search]").fill("brigades")
        page.locator("header input[type=search]").press("Enter")
        page.wait_for_url(re.compile(r"search\.html\?q=brigades"))
        assert urlsplit(page.url).path.endswith("/search.html")
        assert parse_qs(urlsplit(page.url).query) == {"q": ["brigades"]}
        if scripts:
            page.wait_for_function("() => document.querySelectorAll('.archive-search__result').length > 0")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_header_search_is_reached_by_keyboard_on_a_phone(browser, engine):
    _, site, url = engine
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        goto(page, url + page_types(site)["article"])
        for _ in range(15):
            page.keyboard.press("Tab")
            if page.evaluate("() => !!document.activeElement.closest('header form[role=search]')"):
                break
        else:
            pytest.fail("no search control in the header within 15 Tabs")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search\.html"))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.build
def test_the_slash_key_focuses_the_header_field(browser, engine):
    _, site, url = engine
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        goto(page, url + page_types(site)["timeline"])
        page.keyboard.press("/")
        assert page.evaluate("() => document.activeElement.matches('header input[type=search]')")
    finally:
        page.close()


@pytest.mark.build
@pytest.mark.tools
def test_zensical_writes_no_second_search_index(zensical_site):
    """Zensical's search plugin, off, still writes search.json, but empty."""
    import json
    index = zensical_site / "search.json"
    assert not index.exists() or json.loads(index.read_text(encoding="utf-8"))["items"] == []


@pytest.mark.browser
@pytest.mark.build
def test_no_page_view_fetches_an_engine_search(browser, engine):
    _, site, url = engine
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    try:
        goto(page, url + page_types(site)["article"])
        page.locator("header input[type=search]").type("brig", delay=20)
        page.wait_for_timeout(300)
        assert [u for u in fetched if re.search(r"search\.json|workers/search|/pagefind/", u)] == []
    finally:
        page.close()


# --- nothing left of Material's search -----------------------------------------------------------

LEFTOVERS = re.compile(r"data-search-exclude|^search:\s*$|\.md-search", re.M)


def test_no_material_search_leftovers():
    sources = [*(ROOT / "scripts" / "archive").rglob("*.py"), *(ROOT / "scripts" / "archive" / "site" / "templates").rglob("*"),
               *(ROOT / "docs").rglob("*.md"),
               *(ROOT / "docs" / "assets").rglob("*.css"), *(ROOT / "docs" / "overrides").rglob("*.html")]
    found = {p.relative_to(ROOT).as_posix(): m.group() for p in sources if p.is_file()
             for m in [LEFTOVERS.search(p.read_text(encoding="utf-8"))] if m}
    assert found == {}
    assert '"exclude"' not in (ROOT / "scripts" / "archive" / "pages" / "listing.py").read_text(encoding="utf-8")


@pytest.mark.build
def test_no_page_is_built_with_material_search_attributes(built_site):
    found = [p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
             if "data-search-exclude" in p.read_text(encoding="utf-8")]
    assert found == []
