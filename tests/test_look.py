"""What a reader sees, on both engines (MkDocs and Zensical), at 1280 and 390 px, light and dark:
nothing cut off without a sign that it scrolls, no scroll sign where nothing scrolls, one search.

Each test here was written for a defect seen on a screenshot of the built site (see the
commit that added it). Screenshots go to test-artifacts/screenshots/look/.
"""
from __future__ import annotations

import base64

import pytest
import yaml

from browser_support import ARTICLE_2022, PAGE_TYPES, SCHEMES, SCREENSHOTS, goto, page_types
from conftest import ROOT, page_text

pytestmark = pytest.mark.build

WIDTHS = {"desktop": 1280, "phone": 390}
SHOTS = SCREENSHOTS / "look"


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
    // Tables may scroll, with their visible sign (test_reader checks the sign); a line cut
    // with an ellipsis shows that it is (the timeline's bars: the year's list has it whole).
    if (s.textOverflow === 'ellipsis' && s.whiteSpace === 'nowrap') return false;
    return !e.matches('table, .md-typeset__scrollwrap, .md-typeset__table');
  }).map(e => `${e.tagName.toLowerCase()}.${e.className} in ${e.parentElement.tagName.toLowerCase()}`
               + `#${e.closest('[id]') ? e.closest('[id]').id : ''}: ${e.scrollWidth} > ${e.clientWidth}: `
               + e.innerText.slice(0, 60));
}"""


@pytest.mark.browser
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


@pytest.mark.browser
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


# --- a scroll sign only where something scrolls ---------------------------------------------------

TABLE_BOXES = """() => [...document.querySelectorAll('.md-typeset table:not([class])')].map((t, i) => {
  t.dataset.look = i;
  const box = [t, t.closest('.md-typeset__scrollwrap')].filter(Boolean).find(e => e.scrollWidth > e.clientWidth + 1);
  return {i, wider: !!box};
})"""

# Two screenshots (PNG, base64) compared in the page's own canvas: the largest difference of
# one colour channel, and how many channels differ by more than 2 (gradients are dithered, so
# the same drawing differs by 1 or 2 here and there).
DIFFERENCE = """async ([a, b]) => {
  const load = src => new Promise(ok => { const i = new Image(); i.onload = () => ok(i); i.src = 'data:image/png;base64,' + src; });
  const pixels = img => { const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0); return g.getImageData(0, 0, img.width, img.height).data; };
  const [x, y] = (await Promise.all([load(a), load(b)])).map(pixels);
  let most = 0, many = 0;
  for (let i = 0; i < x.length; i++) { const d = Math.abs(x[i] - y[i]); most = Math.max(most, d); if (d > 2) many++; }
  return {most, many};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_a_table_shows_a_scroll_shadow_only_when_it_scrolls(browser, engine, kind):
    """Tables that fit showed a faint shadow at both edges of every row (the covers that hide
    the shadow were opaque over 0.6rem of its 1rem: 2,000 to 5,000 channels 3 or 4 levels
    darker), telling the reader there is more to the side when there is not. A table that fits
    must look the same without its shadows; a table wider than its box must not (there the
    shadow is the sign that it scrolls: over 100 levels)."""
    name, site, url = engine
    if "<table" not in (site / page_types(site)[kind]).read_text(encoding="utf-8"):
        return
    wrong = []
    for width in WIDTHS.values():
        for scheme in SCHEMES:
            context, page = open_page(browser, url + page_types(site)[kind], width, scheme)
            try:
                for table in page.evaluate(TABLE_BOXES):
                    element = page.locator(f'table[data-look="{table["i"]}"]')
                    element.scroll_into_view_if_needed()
                    page.mouse.move(0, 0)
                    drawn = element.screenshot(animations="disabled")
                    element.evaluate("t => t.style.backgroundImage = 'none'")
                    plain = element.screenshot(animations="disabled")
                    element.evaluate("t => t.style.backgroundImage = ''")
                    found = page.evaluate(DIFFERENCE, [base64.b64encode(drawn).decode(), base64.b64encode(plain).decode()])
                    shows = found["most"] >= 20
                    if shows != table["wider"] or (not table["wider"] and found["many"]):
                        wrong.append((width, scheme, table, found))
                        shot(f"{name}-{kind}-table{table['i']}-{width}-{scheme}").write_bytes(drawn)
            finally:
                context.close()
    assert wrong == [], (name, kind)


# --- the articles list, filtered, reads like the list ---------------------------------------------

ENTRY_LOOK = """sel => [...document.querySelectorAll(sel)].map(li => ({
  text: li.querySelector('.entry-meta').innerText,
  strong: [...li.querySelectorAll('.entry-meta strong')].map(s => s.innerText)}))"""


@pytest.mark.browser
def test_a_filtered_list_marks_the_positions_as_the_full_list_does(browser, engine):
    """Filtered, the list printed the positions as plain text where the full list has them in
    bold: the reader's eye loses what the list is about as soon as a filter is on."""
    name, site, url = engine
    context, page = open_page(browser, url + "articles/index.html?proposal=european-reassurance-force&stance=skeptical", 1280)
    try:
        page.wait_for_selector(".filter-results li")
        filtered = page.evaluate(ENTRY_LOOK, ".filter-results li")
        goto(page, url + "articles/index.html")
        full = page.evaluate(ENTRY_LOOK, ".article-browser ~ ul li")
    finally:
        context.close()
    assert filtered
    for entry in filtered:
        position = entry["text"].split("Overall, on a foreign force in Ukraine: ")[1].split(" · ")[0]
        stance = entry["text"].rsplit(": ", 1)[1]
        assert entry["strong"] == [position, stance], (name, entry)
    assert full and all(len(e["strong"]) == 1 for e in full)


def test_argument_page_says_what_for_against_and_stance_refer_to(built_site):
    """Each quote on an argument page ended "· against · stance Opposes": two bare words
    whose object the reader has to guess (the proposal of the heading above)."""
    for page in sorted((built_site / "arguments").glob("*.html")):
        if page.name == "index.html":
            continue
        text = page_text(page).text
        assert " · against · " not in text and " · for · " not in text and " · stance " not in text, page.name
        assert "the article's stance on it:" in text, page.name


# --- a page not found leads somewhere -------------------------------------------------------------

@pytest.mark.browser
def test_page_not_found_offers_the_ways_on(browser, engine):
    """The 404 page said "404 - Not found" and nothing else: on a phone, where the navigation is
    behind a button, a reader who followed a stale link had nowhere to go. Served as a host
    serves it (for a missing address, at any depth), it names the ways on, and each works."""
    name, site, url = engine
    missing = url + "articles/no-such/article.html"
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.route(missing, lambda route: route.fulfill(status=404, content_type="text/html",
                                                    body=(site / "404.html").read_bytes()))
    try:
        page.goto(missing)
        links = page.evaluate("""() => [...document.querySelectorAll('.md-content a[href]')]
            .map(a => ({text: a.innerText.trim(), href: a.href}))""")
        texts = " ".join(link["text"] for link in links).lower()
        for way in ("search", "articles", "home"):
            assert way in texts, (name, way, links)
        for link in links:
            response = page.goto(link["href"])
            assert response.status == 200 and page.locator("h1").count() == 1, (name, link)
        assert page.evaluate("() => document.title")
    finally:
        context.close()


def served_under(site, prefix: str):
    """The site at http://127.0.0.1:<port><prefix>, as a host serves a project site under a
    path: a missing address under the prefix gets 404.html with status 404; anything outside it
    is recorded and refused (the host's root is someone else's)."""
    import functools
    import http.server
    import threading

    from browser_support import QuietHandler
    outside: list[str] = []

    class Handler(QuietHandler):
        def send_head(self):
            path = self.path.split("?")[0]
            if not path.startswith(prefix):
                outside.append(self.path)
                self.send_error(404)
                return None
            self.path = "/" + path[len(prefix):]
            file = site / self.path.lstrip("/")
            if self.path != "/" and not file.is_file():
                body = (site / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                import io
                return io.BytesIO(body)
            return super().send_head()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{prefix}", outside


@pytest.mark.parametrize("missing", ["no-such.html", "articles/no-such/deeper/article.html"])
def test_page_not_found_works_under_a_sub_path(browser, engine, missing):
    """Served under /a/sub/path/, the 404 page loaded its styles and scripts from the host's
    root (/assets/...) and sent searches to /search.html: unstyled, and running whatever that
    host has there. It must take everything from the site's own folder, at any depth."""
    name, site, _ = engine
    server, url, outside = served_under(site, "/a/sub/path/")
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    try:
        response = page.goto(url + missing)
        assert response.status == 404
        page.wait_for_load_state("networkidle")
        assert outside == [], (name, outside)
        assert page.evaluate("() => [...document.styleSheets].some(s => s.href && s.href.includes('/a/sub/path/assets/'))"), name
        links = page.evaluate("() => [...document.querySelectorAll('.md-content a[href]')].map(a => a.href)")
        action = page.evaluate("() => document.querySelector('form[action*=search], form.md-search__form')?.action || ''")
        assert links and all(link.startswith(url) for link in links), (name, links)
        assert not action or action.startswith(url), (name, action)
        for link in links:
            assert page.goto(link).status == 200, (name, link)
        assert outside == [], (name, outside)
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# --- an article's panel: one stance, one item ------------------------------------------------------

# Per stance in the article's panel: where each of its lines starts.
STANCE_LINES = """() => [...document.querySelectorAll('.article-meta .stances > li')].map(li => {
  const range = document.createRange(); range.selectNodeContents(li);
  const lines = [];
  for (const r of range.getClientRects()) {
    if (r.width < 1) continue;
    const line = lines.find(l => Math.abs(l.top - r.top) < 4);
    if (line) line.left = Math.min(line.left, r.left); else lines.push({top: r.top, left: r.left});
  }
  return {text: li.innerText, lines: lines.sort((a, b) => a.top - b.top)};
})"""


@pytest.mark.browser
def test_each_stance_in_the_article_panel_reads_as_one_item(browser, engine):
    """On a phone a stance wrapped so that its position ("Supports") began a line of its own,
    at the margin where the next stance begins: it read as an item without a proposal. Each
    stance is an item of a list, its later lines indented under its first."""
    name, site, url = engine
    for width in WIDTHS.values():
        context, page = open_page(browser, url + f"articles/{ARTICLE_2022}.html", width)
        try:
            stances = page.evaluate(STANCE_LINES)
        finally:
            context.close()
        assert len(stances) == 3, (name, width, stances)
        for stance in stances:
            first, *rest = stance["lines"]
            assert all(line["left"] >= first["left"] + 8 for line in rest), (name, width, stance)


# --- dates: the uncertainty as it is ---------------------------------------------------------------

def test_the_panel_says_what_of_a_date_is_unknown(built_site):
    """"between March 2025 and November 2026 (the day is not known)": the month and the year
    are not known either. What the panel says is unknown matches the interval; an interval over
    months says it in its words alone: "between 23 November 2025 and February 2026 (the day,
    month and year are not known)" read as a contradiction of the day it gives (issue 23)."""
    from archive.core import dates

    found = {}
    for page in sorted((built_site / "articles").glob("*.html")):
        if page.name == "index.html":
            continue
        html = page.read_text(encoding="utf-8")
        published = html[html.index("<dt>Published</dt>"):]
        published = published[:published.index("</dd>")]
        found[page.stem] = published
    assert found
    for slug, published in found.items():
        record = (ROOT / "sources" / "articles" / f"{slug}.yml").read_text(encoding="utf-8")
        value = yaml.safe_load(record)["date"]["value"]
        span = dates.read(value)
        if span.earliest == span.latest:
            assert "not known" not in published and "unknown" not in published, (slug, published)
        elif (span.earliest.year, span.earliest.month) == (span.latest.year, span.latest.month):
            assert "day" in published and "month" not in published.split("(")[-1], (slug, published)
        else:
            assert published.split("<dd>")[1].startswith("between ") and "not known" not in published, (slug, published)
            if span.earliest.day != 1 and dates.read(value.split("/")[1]).precision != "day":
                assert " and the end of " in published, (slug, published)
