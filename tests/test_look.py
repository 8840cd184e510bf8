"""What a reader sees, on both engines (MkDocs and Zensical), at 1280 and 390 px, light and dark:
nothing cut off without a sign that it scrolls, no scroll sign where nothing scrolls, one search.

Each test here was written for a defect seen on a screenshot of the built site (see the
commit that added it). Screenshots go to test-artifacts/screenshots/look/.
"""
from __future__ import annotations

import pytest

from browser_support import ARTICLE_2022, PAGE_TYPES, SCHEMES, SCREENSHOTS, Served, goto, page_types

WIDTHS = {"desktop": 1280, "phone": 390}
SHOTS = SCREENSHOTS / "look"


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def engine(request):
    """(name, site folder, URL) of the archive built by one engine and served over HTTP."""
    site = request.getfixturevalue({"mkdocs": "built_site", "zensical": "zensical_site"}[request.param])
    served = Served(site)
    yield request.param, site, served.url
    served.close()


def open_page(browser, url: str, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    goto(page, url)
    return context, page


# --- nothing cut off ------------------------------------------------------------------------------

# Every box in the page's content whose content is wider than the box (so part of it is hidden
# or needs scrolling sideways), with every <details> open: a reader opens them.
CUT_OFF = """() => {
  document.querySelectorAll('.md-content details').forEach(d => d.open = true);
  return [...document.querySelectorAll('.md-content *')].filter(e => {
    // A box of 1 px or less is text for screen readers only (visually-hidden), not cut off.
    if (e.scrollWidth <= e.clientWidth + 1 || e.clientWidth <= 1) return false;
    const s = getComputedStyle(e);
    if (!['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return false;
    // Tables may scroll, with their visible sign (test_reader checks the sign).
    return !e.matches('table, .md-typeset__scrollwrap, .md-typeset__table');
  }).map(e => `${e.tagName.toLowerCase()}.${e.className} in ${e.parentElement.tagName.toLowerCase()}`
               + `#${e.closest('[id]') ? e.closest('[id]').id : ''}: ${e.scrollWidth} > ${e.clientWidth}: `
               + e.innerText.slice(0, 60));
}"""


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_nothing_is_cut_off_sideways(browser, engine, kind):
    name, site, url = engine
    cut = {}
    for width in WIDTHS.values():
        context, page = open_page(browser, url + page_types(site)[kind], width)
        try:
            cut[width] = page.evaluate(CUT_OFF)
        finally:
            context.close()
    assert cut == {width: [] for width in WIDTHS.values()}, (name, kind)


def test_removed_lines_wrap_and_are_read_whole(browser, engine):
    """The removed lines of an article's record were a code block cut at the box's edge (6,023
    px of text in a 662 px box at 1280 px): a reader saw the start of each cookie line only."""
    name, site, url = engine
    for width in WIDTHS.values():
        context, page = open_page(browser, url + f"articles/{ARTICLE_2022}.html", width)
        try:
            found = page.evaluate("""() => {
              const d = document.getElementById('removed-lines'); d.open = true;
              const code = d.querySelector('pre code');
              return {wider: code.scrollWidth - code.clientWidth, wraps: getComputedStyle(code).whiteSpace};
            }""")
            assert found["wider"] <= 1 and found["wraps"] == "pre-wrap", (name, width, found)
            page.locator("#removed-lines").screenshot(path=str(shot(f"{name}-removed-lines-{width}")))
        finally:
            context.close()


def shot(name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{name}.png"
