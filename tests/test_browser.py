"""Real-browser tests: Playwright drives Debian's Chromium over the built site on 127.0.0.1.

Screenshots go to test-artifacts/screenshots/ (kept by CI) to be looked at.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import (ARTICLE_2022, LATER_REASSURANCE, PAGE_TYPES, SCHEMES, SCREENSHOTS, goto,
                             page_types, site_search)

pytestmark = pytest.mark.build

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


class Watched:
    """A page whose console errors, uncaught exceptions and requests to other hosts are kept."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        context.route("**/*", self.route)

    def route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.foreign.append(url)
            route.abort()
        else:
            route.continue_()


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    yield Watched(context)
    context.close()


@pytest.fixture
def page(watched):
    return watched.page


# --- loading -------------------------------------------------------------------------

@pytest.mark.browser
def test_home_loads_without_errors_or_other_hosts_or_the_search_index(watched, site_url):
    page = watched.page
    requests: list[str] = []
    watched.context.on("request", lambda r: requests.append(r.url))  # the page's and its workers'
    goto(page, site_url + "index.html")
    assert page.locator("h1").first.is_visible()
    page.wait_for_timeout(300)
    assert watched.errors == []
    assert watched.foreign == []
    assert requests and all(urlsplit(u).hostname == "127.0.0.1" for u in requests if u.startswith("http"))
    assert [u for u in requests if "/pagefind/" in u or "search_index" in u] == [], "a page view fetched a search index"


# --- search (more in test_search.py) ----------------------------------------------------

@pytest.mark.browser
def test_search_reassurance_force_finds_the_later_articles(page, site_url):
    goto(page, site_url + "search.html")
    wanted = [f"articles/{slug}.html" for slug in LATER_REASSURANCE]
    links = site_search(page, "reassurance force")
    assert [w for w in wanted if not any(w in link for link in links)] == []


@pytest.mark.browser
def test_search_page_is_in_the_navigation(page, site_url):
    goto(page, site_url + f"articles/{ARTICLE_2022}.html")
    page.locator(".md-nav--primary a[href$='search.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/search.html")
    links = site_search(page, "Kaczynski")
    assert ARTICLE_2022 in links[0]


# --- links between pages -----------------------------------------------------------------

ARTICLE_LINKS = {
    "proposal": ".md-content a[href^='../proposals/']",
    "author": ".md-content a[href^='../authors/']",
    "position": ".md-content a[href^='../positions/']",
    "publisher": ".md-content a[href^='../publishers/']",
}


def lists_article(page) -> bool:
    return page.locator(f".md-content a[href$='articles/{ARTICLE_2022}.html']").count() > 0


@pytest.mark.browser
@pytest.mark.parametrize("kind", ARTICLE_LINKS)
def test_article_link_opens_a_page_listing_the_article(page, site_url, kind):
    goto(page, site_url + f"articles/{ARTICLE_2022}.html")
    page.locator(ARTICLE_LINKS[kind]).first.click()
    page.wait_for_load_state("load")
    assert f"/{kind}s/" in page.url
    assert lists_article(page), f"{page.url} does not list the article"


@pytest.mark.browser
def test_proposal_tag_opens_a_page_listing_the_article_and_the_proposal(page, site_url):
    goto(page, site_url + f"articles/{ARTICLE_2022}.html")
    proposal = page.locator(ARTICLE_LINKS["proposal"]).first.inner_text().strip()
    # The tags are listed under "In the archive" (chips above the title would repeat the stances).
    tag = page.locator(".md-content a[href*='tags/']:not(.md-tag)", has_text=proposal).first
    assert tag.count(), f"no tag for the proposal {proposal!r}"
    tag.click()
    page.wait_for_load_state("load")
    assert "/tags/" in page.url
    assert lists_article(page), f"{page.url} does not list the article"
    page.locator(".md-content a[href*='proposals/']").first.click()
    page.wait_for_load_state("load")
    assert "/proposals/" in page.url
    assert page.locator("h1").first.inner_text().strip() == proposal
    assert lists_article(page)


# --- colour scheme -----------------------------------------------------------------------

def scheme(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


STORED_PALETTE = """() => Object.keys(localStorage).filter(k => k.endsWith("__palette"))
  .map(k => localStorage.getItem(k)).join(" ")"""


def toggle(page):
    page.locator("form[data-md-component='palette'] label:not([hidden])").click()


@pytest.mark.browser
def test_scheme_toggle_works_and_persists(page, site_url):
    goto(page, site_url + "index.html")
    assert scheme(page) == "default"
    toggle(page)
    assert scheme(page) == "slate"
    # Material keeps the choice in localStorage, under "<site path>.__palette".
    assert "slate" in page.evaluate(STORED_PALETTE)
    dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.reload(wait_until="load")
    assert scheme(page) == "slate"
    goto(page, site_url + f"articles/{ARTICLE_2022}.html")
    assert scheme(page) == "slate"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == dark_bg
    toggle(page)
    assert scheme(page) == "default"
    page.reload(wait_until="load")
    assert scheme(page) == "default"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != dark_bg


# --- keyboard ----------------------------------------------------------------------------

# Marks the focused element as reached, and says what it is and whether its focus shows:
# an outline or a box shadow on it (for Material's hidden scheme radio: on its label).
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const first = !e.dataset.kbReached;
  e.dataset.kbReached = "1";
  const rect = e.getBoundingClientRect();
  const shown = (rect.width && rect.height) ? e : (e.nextElementSibling || e);
  const s = getComputedStyle(shown);
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  const where = e.closest(".md-search") ? "search" : e.closest(".md-nav--primary") ? "nav"
    : e.closest(".md-content") ? "content" : e.closest(".md-header") ? "header" : "other";
  return {first, ring, where, tag: e.tagName, text: (e.innerText || e.getAttribute("aria-label") || "").trim().slice(0, 40),
          href: e.getAttribute("href") || ""};
}"""

UNREACHED = """() => [...document.querySelectorAll("a[href], button, input:not([type=hidden]), [tabindex='0']")]
  .filter(e => !e.dataset.kbReached && e.checkVisibility({visibilityProperty: true}) && e.tabIndex >= 0
    && !e.closest("[hidden]") && e.getBoundingClientRect().width > 0)
  .map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["home", "article"])
def test_everything_is_reachable_by_keyboard_with_visible_focus(page, site_url, built_site, kind):
    goto(page, site_url + page_types(built_site)[kind])
    reached = []
    for _ in range(600):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or not focused["first"]:
            break  # back to the start
        reached.append(focused)
    where = {f["where"] for f in reached}
    assert {"nav", "content"} <= where, where
    assert [f for f in reached if not f["ring"]] == [], "focused without a visible indicator"
    # Scroll back to the top so that nothing is hidden by the header, then compare.
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate(UNREACHED) == [], "visible but never reached with Tab"


# --- narrow screens ----------------------------------------------------------------------

# Material makes each table an inline block that scrolls sideways itself (in a wrapper that
# would scroll too); a wide table must scroll inside the screen, its last column within reach.
SIDEWAYS = """() => {
  const width = document.documentElement.clientWidth;
  const page = document.documentElement.scrollWidth > width ? [document.documentElement.scrollWidth] : [];
  const scrolls = e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
  const tables = [...document.querySelectorAll(".md-typeset table")].map(table => {
    const box = scrolls(table) ? table : table.closest(".md-typeset__scrollwrap");
    if (!box) return "table outside a scroll box";
    if (box.getBoundingClientRect().right > width + 1) return "table wider than the screen";
    if (box.scrollWidth > box.clientWidth + 1) {
      if (!scrolls(box)) return "wide table does not scroll";
      box.scrollLeft = box.scrollWidth;
      const cells = table.rows[0].cells;
      const last = cells[cells.length - 1].getBoundingClientRect();
      box.scrollLeft = 0;
      if (last.right > width + 1) return "last column out of reach";
    }
    // A table drawn as cards on a phone (the proposals index) has no columns to squeeze.
    if (getComputedStyle(table).display !== "table") return null;
    // Cells not shown are not squeezed: the matrix on a phone hides its "not discussed" cells,
    // and its header row from the eye (screen readers keep it).
    const shown = c => c.getBoundingClientRect().width > 0 && !(c.closest("thead") && getComputedStyle(c.closest("thead")).position === "absolute");
    const narrowest = Math.min(...[...table.querySelectorAll("th, td")].filter(shown).map(c => c.getBoundingClientRect().width));
    if (narrowest < 60) return `a column squeezed to ${narrowest}px`;
    return null;
  }).filter(Boolean);
  return {page, tables};
}"""


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_375px(browser, site_url, built_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = {}
    try:
        for kind, path in page_types(built_site).items():
            goto(page, site_url + path)
            found = page.evaluate(SIDEWAYS)
            if found["page"] or found["tables"]:
                problems[kind] = found
        assert problems == {}
        # The proposals index fits without scrolling: on a phone each proposal is a card of its
        # counts (issue 23), as the stance matrix is a card per article.
        goto(page, site_url + "proposals/index.html")
        cards = page.evaluate("() => [...document.querySelectorAll('.md-typeset table')]"
                              ".map(t => [getComputedStyle(t).display, t.scrollWidth])")
        assert cards and all(display != "table" and width <= 375 for display, width in cards), cards
        goto(page, site_url + "search.html")
        links = site_search(page, "Kaczynski")
        assert links and ARTICLE_2022 in links[0], "search works on a narrow screen"
    finally:
        context.close()


# --- screenshots ---------------------------------------------------------------------------

SHOTS = ("home", "article", "proposal")


@pytest.mark.browser
@pytest.mark.parametrize("colours", SCHEMES)
def test_screenshots(browser, site_url, built_site, colours):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = page_types(built_site)
    pages["proposal"] = "proposals/nato-peacekeeping-mission.html"
    context = browser.new_context(viewport=DESKTOP, color_scheme=colours)
    page = context.new_page()
    try:
        for name in SHOTS:
            goto(page, site_url + pages[name])
            assert scheme(page) == SCHEMES[colours]
            path = SCREENSHOTS / f"{name}-{colours}.png"
            heading = page.locator("h1").first
            assert heading.is_visible() and heading.inner_text().strip(), f"{name}: the page's title is shown"
            size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            page.screenshot(path=str(path), full_page=True)
            png = path.read_bytes()
            assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
            width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
            assert [width, height] == size, f"{name}: the screenshot holds the whole page ({size}), got {width}x{height}"
            assert height > DESKTOP["height"], f"{name}: a whole page, longer than one screen"
        page.set_viewport_size(PHONE)
        goto(page, site_url + "matrix.html")
        page.screenshot(path=str(SCREENSHOTS / f"matrix-375px-{colours}.png"), full_page=False)
    finally:
        context.close()


def test_every_page_type_is_known(built_site):
    """Every kind of page the site has (a folder of pages, or a page of its own at the top) is
    among the page types the browser and standards tests visit."""
    types = page_types(built_site)
    assert set(types) == set(PAGE_TYPES)
    assert all((built_site / path).is_file() for path in types.values())
    visited = {path.split("/")[0] for path in types.values()}
    kinds = {str(p.relative_to(built_site)).split("/")[0] for p in built_site.rglob("*.html")}
    kinds -= {"pagefind", "assets"}  # Pagefind's and the theme's own files, not pages of ours
    assert kinds <= visited, f"page kinds no test visits: {sorted(kinds - visited)}"
