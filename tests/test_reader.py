"""The reader's archive, in Chromium at 1280 and 390 px, light and dark: the debate at a glance,
article pages that put the text first, no slugs where a reader looks.

Screenshots of each view go to test-artifacts/screenshots/reader/ to be looked at.
"""
from __future__ import annotations

import re

import pytest
import yaml

from browser_support import ARTICLE_2022, PAGE_TYPES, SCHEMES, SCREENSHOTS, goto, page_types
from conftest import ROOT, SLUGS, page_text

WIDTHS = {"desktop": 1280, "phone": 390}
PROPOSALS = yaml.safe_load((ROOT / "sources" / "vocabularies" / "proposals.yml").read_text(encoding="utf-8"))
SHOTS = SCREENSHOTS / "reader"


@pytest.fixture(params=[(w, s) for w in WIDTHS for s in SCHEMES], ids=lambda p: f"{p[0]}-{p[1]}")
def view(request, browser):
    """A page at one width in one colour scheme."""
    width, colours = request.param
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 800}, color_scheme=colours)
    page = context.new_page()
    page.label = f"{width}-{colours}"
    yield page
    context.close()


def shoot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.label}.png"), full_page=True)


# --- tables: fit, or scroll with a visible sign ------------------------------------------------

# Each table: whether it is wider than its box (Material makes the table scroll itself, inside
# a .md-typeset__scrollwrap that scrolls too), and whether that box scrolls and shows it (a
# shadow drawn by a gradient fixed to the box, uncovered by the content's scroll).
TABLES = """() => [...document.querySelectorAll('.md-typeset table')].map(table => {
  const boxes = [table, table.closest('.md-typeset__scrollwrap')].filter(Boolean);
  const box = boxes.find(e => e.scrollWidth > e.clientWidth + 1) || table;
  const s = getComputedStyle(box);
  return {wider: box.scrollWidth > box.clientWidth + 1,
          outside: box.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
          scrolls: ['auto', 'scroll'].includes(s.overflowX),
          shows: s.backgroundImage.includes('gradient') && s.backgroundAttachment.includes('local')};
})"""


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_table_is_wider_than_its_box_unless_it_scrolls_visibly(browser, site_url, built_site, kind):
    for width in WIDTHS.values():
        context = browser.new_context(viewport={"width": width, "height": 800})
        try:
            page = context.new_page()
            goto(page, site_url + page_types(built_site)[kind])
            for table in page.evaluate(TABLES):
                assert not table["outside"], (kind, width, table)
                if table["wider"]:
                    assert table["scrolls"] and table["shows"], (kind, width, table)
        finally:
            context.close()


# --- the stance matrix ------------------------------------------------------------------------

# Each proposal column header: where it is on the screen and the full name it gives.
MATRIX = """() => {
  const table = document.querySelector('.matrix table');
  const box = [table, table.closest('.md-typeset__scrollwrap')].filter(Boolean)
    .reduce((a, e) => e.scrollWidth - e.clientWidth > a.scrollWidth - a.clientWidth ? e : a);
  const heads = [...table.querySelectorAll('thead th')].slice(1).map(th => {
    const r = th.getBoundingClientRect();
    const full = th.querySelector('[title]');
    return {text: th.innerText.trim(), left: r.left, right: r.right, full: full && full.getAttribute('title')};
  });
  return {heads, box: table.parentElement.getBoundingClientRect().right, boxScroll: box.scrollWidth - box.clientWidth,
          screen: document.documentElement.clientWidth,
          legend: document.querySelector('.matrix-legend') ? document.querySelector('.matrix-legend').innerText : ''};
}"""

# At a phone's width: every stance (a cell that is not "not discussed") in view, naming its proposal.
MATRIX_CARDS = """() => [...document.querySelectorAll('.matrix tbody td:not(.matrix-none)')].map(td => {
  const r = td.getBoundingClientRect();
  return {text: td.innerText.trim(), left: r.left, right: r.right, shown: r.width > 0 && r.height > 0};
})"""


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("path", ["matrix.html", "index.html"])
def test_matrix_shows_every_proposal_at_1280_and_names_it(view, site_url, path):
    goto(view, site_url + path)
    found = view.evaluate(MATRIX)
    names = {p["name"] for p in PROPOSALS}
    if view.viewport_size["width"] >= 1280:
        assert found["boxScroll"] <= 1, "the matrix scrolls at 1280 px"
        assert len(found["heads"]) == len(PROPOSALS)
        for head in found["heads"]:
            assert head["right"] <= found["box"] + 1 and head["right"] <= found["screen"], head
        # Short labels on screen; the full name on hover and in the legend.
        assert {h["full"] for h in found["heads"]} == names
    else:
        cells = view.evaluate(MATRIX_CARDS)
        assert cells and all(c["shown"] and c["left"] >= 0 and c["right"] <= found["screen"] + 1 for c in cells), cells
        shorts = {p.get("short") or p["name"] for p in PROPOSALS}
        assert all(any(c["text"].startswith(s) for s in shorts) for c in cells), "a stance without its proposal"
    for name in names:
        assert name in found["legend"]
    shoot(view, path.removesuffix(".html"))


# Each count on the proposals index: its number, where it leads, and the proposal and stance it counts.
COUNTS = """() => [...document.querySelectorAll('.md-typeset table td a')]
  .filter(a => /^\\d+$/.test(a.innerText.trim()))
  .map(a => { const row = a.closest('tr'), cells = [...row.children], head = a.closest('table').querySelectorAll('thead th');
    const proposal = row.querySelector('th[scope=row] a, td a').getAttribute('href').split('/').pop().replace(/\\.html.*/, '');
    return {n: +a.innerText.trim(), href: a.href, proposal,
            column: head[cells.indexOf(a.closest('td'))].innerText.trim()}; })"""
POSITIONS = {p["name"]: p["id"] for p in yaml.safe_load((ROOT / "sources" / "vocabularies" / "positions.yml").read_text(encoding="utf-8"))}


@pytest.mark.browser
@pytest.mark.build
def test_proposals_index_counts_link_to_the_articles_behind_them(browser, site_url):
    """Each count leads to the list of articles narrowed to that proposal (and stance), which
    shows exactly the articles counted."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        goto(page, site_url + "proposals/index.html")
        cells = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table td')]
            .filter(td => /^[1-9]\\d*$/.test(td.innerText.trim()))
            .map(td => !!td.querySelector('a'))""")
        assert cells and all(cells), "a count that is not a link"
        counts = page.evaluate(COUNTS)
        assert len(counts) >= len(PROPOSALS)
        for count in counts:
            stance = POSITIONS.get(count["column"].split()[-1])  # None: the "Articles" column, every stance
            wanted = expected(count["proposal"], stance)
            assert len(wanted) == count["n"], count
            goto(page, count["href"])
            assert "articles/index.html?" in page.url, count
            page.wait_for_function("() => document.querySelectorAll('.filter-results li').length > 0")
            assert set(page.evaluate(RESULTS)) == wanted, count
            assert set(page.evaluate(SHOWN)) == wanted, count
            goto(page, site_url + "proposals/index.html")
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.build
def test_proposals_index_counts_without_javascript_lead_to_the_proposals_groups(browser, site_url):
    """Without JavaScript the list cannot be narrowed: a count leads to the proposal page's
    group of articles taking that stance, which lists exactly them."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "proposals/index.html", wait_until="load")
        links = page.evaluate("""() => [...document.querySelectorAll('.md-typeset table td a')]
            .filter(a => /^\\d+$/.test(a.innerText.trim())).map(a => ({n: +a.innerText.trim(), href: a.href}))""")
        assert len(links) >= len(PROPOSALS)
        for link in links:
            page.goto(link["href"], wait_until="load")
            target = page.evaluate("() => location.hash.slice(1)")
            # The articles under the linked heading, up to the next heading of its level or above.
            listed = page.evaluate("""id => { const h = document.getElementById(id);
                if (!h) return null;
                const level = +h.tagName[1];
                let e = h.nextElementSibling, n = 0;
                while (e && !(/^H[1-6]$/.test(e.tagName) && +e.tagName[1] <= level)) {
                  n += e.querySelectorAll('li').length; e = e.nextElementSibling; }
                return n; }""", target)
            assert listed == link["n"], link
    finally:
        context.close()


@pytest.mark.build
def test_articles_list_says_what_the_position_is_on_and_that_the_sample_is_one_sided(built_site):
    text = page_text(built_site / "articles" / "index.html").text
    assert re.search(r"Overall, on a foreign force in Ukraine: (Opposes|Skeptical)", text)
    assert re.search(r"No article in the archive takes the position Supports\b", text)


# --- the article page ---------------------------------------------------------------------------

ORDER = """() => ['.article-meta', '.article-text', '.arguments-made', '.citations', '.record details']
  .map(s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().top + scrollY : null; })"""


@pytest.mark.browser
@pytest.mark.build
def test_article_page_puts_the_text_first_and_folds_the_record(view, site_url):
    goto(view, site_url + f"articles/{ARTICLE_2022}.html")
    tops = view.evaluate(ORDER)
    assert None not in tops and tops == sorted(tops), tops
    folded = view.evaluate("""() => [...document.querySelectorAll('.record details')]
        .map(d => ({open: d.open, summary: d.querySelector('summary').innerText.trim()}))""")
    assert folded and not any(d["open"] for d in folded)
    assert any(re.fullmatch(r"\d+ lines of [a-z ,]+ removed", d["summary"]) for d in folded), folded
    # The text outweighs everything after it (arguments, citations, the folded record).
    heights = view.evaluate("""() => Object.fromEntries(['.article-text', '.arguments-made', '.citations', '.record', '.md-content']
        .map(s => [s, document.querySelector(s).getBoundingClientRect().height]))""")
    assert heights[".article-text"] > heights[".arguments-made"] + heights[".citations"] + heights[".record"], heights
    assert heights[".article-text"] / heights[".md-content"] > 0.33, heights
    shoot(view, "article")


@pytest.mark.build
def test_article_page_shows_no_caption_without_its_image_and_no_tag_chips(built_site):
    html = (built_site / "articles" / f"{ARTICLE_2022}.html").read_text(encoding="utf-8")
    content = html[html.index('<article'):html.index('</article>')]
    if "<img" not in content:
        assert "Image:" not in page_text(built_site / "articles" / f"{ARTICLE_2022}.html").text
    assert re.search(r'<nav class="md-tags"[^>]*\bhidden', content) or 'class="md-tags"' not in content


@pytest.mark.browser
@pytest.mark.build
def test_arguments_made_read_as_claims_and_quotes(view, site_url):
    goto(view, site_url + f"articles/{ARTICLE_2022}.html")
    text = view.locator(".arguments-made").inner_text()
    assert "))" not in text
    underlined_quotes = view.evaluate("""() => [...document.querySelectorAll('.arguments-made blockquote, .arguments-made q')]
        .filter(q => q.closest('a') || [...q.querySelectorAll('a')].some(a => a.innerText.length > q.innerText.length / 2)).length""")
    assert underlined_quotes == 0
    assert view.locator(".arguments-made blockquote, .arguments-made q").count() > 0


# --- no slugs or raw ids where a reader looks ---------------------------------------------------

SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+){3,}\b")
URL = re.compile(r"\bhttps?://\S+")
# Visible text without code (rule ids and file names are code, meant to be copied) and without
# the ready-made citations (copied whole: they name the archive's page by its address).
VISIBLE = """() => { const c = document.querySelector('.md-content').cloneNode(true);
  c.querySelectorAll('code, pre, .visually-hidden, .citations').forEach(e => e.remove());
  return c.innerText; }"""


@pytest.mark.browser
@pytest.mark.build
def test_no_slug_in_visible_text(browser, site_url, built_site):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                   if not p.relative_to(built_site).as_posix().startswith(("raw/", "search/")))
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    found = {}
    try:
        for path in pages:
            goto(page, site_url + path)
            visible = URL.sub(" ", page.evaluate(VISIBLE))
            hits = set(SLUG.findall(visible)) | {s for s in SLUGS if s in visible}
            if hits:
                found[path] = sorted(hits)
    finally:
        page.close()
    assert found == {}


def search_results(built_site):
    """Each search result as the search page shows it: the page's title and the text its
    excerpts come from (Pagefind's fragments: gzip, a signature, then JSON)."""
    import gzip
    import json
    for fragment in sorted((built_site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        record = json.loads(data[data.index("{"):])
        yield record["url"], " ".join([record["meta"].get("title", ""), record["content"]])


@pytest.mark.build
def test_no_slug_in_search_results(built_site):
    found = {url: sorted(set(SLUG.findall(URL.sub(" ", text))) | {s for s in SLUGS if s in text})
             for url, text in search_results(built_site)}
    assert {url: hits for url, hits in found.items() if hits} == {}


@pytest.mark.build
def test_argument_page_does_not_repeat_its_title_as_claim(built_site):
    text = page_text(built_site / page_types(built_site)["argument"]).text
    assert "Claim:" not in text


@pytest.mark.build
def test_authors_index_shows_names(built_site):
    text = page_text(built_site / "authors" / "index.html").text
    assert "Jan Gerber" in text


# --- the timeline ---------------------------------------------------------------------------------

MARKERS = """() => [...document.querySelectorAll('.timeline a.marker')].map(a => {
  const r = a.getBoundingClientRect();
  // The accessible name: aria-label, else (its symbol hidden from screen readers) the title.
  const shown = [...a.childNodes].filter(n => !(n.getAttribute && n.getAttribute('aria-hidden') === 'true'));
  return {href: a.getAttribute('href'),
          name: (a.getAttribute('aria-label') || shown.map(n => n.textContent).join('').trim() || a.getAttribute('title') || '').trim(),
          title: a.getAttribute('title'), box: [r.left, r.top, r.right, r.bottom]};
})"""

LABEL_SIZES = """() => {
  const body = parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize);
  const labels = [...document.querySelectorAll('.timeline .timeline-label')];
  return {body, labels: labels.map(l => parseFloat(getComputedStyle(l).fontSize))};
}"""


def overlapping(boxes):
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5]


@pytest.mark.browser
@pytest.mark.build
def test_timeline_every_article_a_labelled_link_without_overlap(view, site_url, built_site):
    goto(view, site_url + "timeline.html")
    assert view.locator(".md-content img[src*='timeline']").count() == 0, "the timeline is a scaled image"
    markers = view.evaluate(MARKERS)
    assert sorted(m["href"].split("/")[-1].removesuffix(".html") for m in markers) == sorted(SLUGS)
    for m in markers:
        assert m["title"] and m["name"] and m["title"] in m["name"], m
    assert overlapping([m["box"] for m in markers]) == []
    sizes = view.evaluate(LABEL_SIZES)
    assert sizes["labels"] and min(sizes["labels"]) >= sizes["body"] - 0.5, sizes
    shoot(view, "timeline")


# Each year row of the timeline: its label, where its month columns are, and every bar drawn in it.
SPANS = """() => [...document.querySelectorAll('.timeline li.timeline-year:not(.timeline-gap)')].map(y => ({
  year: y.querySelector(':scope > .timeline-label').innerText.trim(),
  months: [...y.querySelectorAll('li.timeline-month')].map(m => { const r = m.getBoundingClientRect(); return [r.left, r.right]; }),
  bars: [...y.querySelectorAll('a.span, a.span-continued')].map(a => { const r = a.getBoundingClientRect();
    return {href: a.getAttribute('href'), lead: a.classList.contains('span'), label: a.getAttribute('aria-label') || a.getAttribute('title'),
            hidden: a.getAttribute('aria-hidden'), tab: a.tabIndex, box: [r.left, r.top, r.right, r.bottom]}; }),
}))"""


def spanned_months():
    """slug -> (year, first month, last month) for each year an article's interval covers, for
    the articles dated by an interval over more than one month."""
    from archive.core import dates

    out = {}
    for slug, record in ARTICLES.items():
        span = dates.read(str(record["date"]["value"]))
        start, end = span.earliest, span.latest
        if span.precision == "interval" and (start.year, start.month) != (end.year, end.month):
            out[slug] = [(y, start.month if y == start.year else 1, end.month if y == end.year else 12)
                         for y in range(start.year, end.year + 1)]
    return out


@pytest.mark.browser
@pytest.mark.build
def test_timeline_draws_an_interval_over_the_months_it_covers(view, site_url):
    from archive.core import dates

    goto(view, site_url + "timeline.html")
    rows = {r["year"]: r for r in view.evaluate(SPANS)}
    wanted = spanned_months()
    assert wanted, "no article is dated by an interval over several months"
    for slug, years in wanted.items():
        words = dates.in_words(str(ARTICLES[slug]["date"]["value"]))
        for i, (year, first, last) in enumerate(years):
            row = rows[str(year)]
            (bar,) = [b for b in row["bars"] if b["href"].endswith(f"articles/{slug}.html")]
            left, right = row["months"][first - 1][0], row["months"][last - 1][1]
            assert abs(bar["box"][0] - left) < 3 and abs(bar["box"][2] - right) < 3, (slug, year, bar, left, right)
            if i == 0:  # the bar where the interval starts: a link in the tab order, labelled in words
                assert bar["lead"] and bar["tab"] == 0 and bar["hidden"] is None, bar
                assert words in bar["label"] and words.startswith("between"), bar
            else:  # its continuation in a later year: for the eye and the mouse, said once to a screen reader
                assert not bar["lead"] and bar["hidden"] == "true" and bar["tab"] == -1, bar
    for row in rows.values():
        assert overlapping([b["box"] for b in row["bars"]]) == [], row["year"]
    marks = [m["box"] for m in view.evaluate(MARKERS)]
    bars = [b["box"] for r in rows.values() for b in r["bars"]]
    assert [(m, b) for m in marks for b in bars if m != b and overlapping([m, b])] == []
    shoot(view, "timeline-spans")


@pytest.mark.browser
@pytest.mark.build
def test_timeline_markers_are_reached_by_keyboard(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        goto(page, site_url + "timeline.html")
        page.locator(".timeline a").first.focus()
        marks = page.locator(".timeline a").count()
        reached = {page.evaluate("document.activeElement.getAttribute('href')")}
        for _ in range(marks - 1):  # every mark, article or milestone, is one Tab further
            page.keyboard.press("Tab")
            reached.add(page.evaluate("document.activeElement.getAttribute('href')"))
        assert len({h for h in reached if h and "articles/" in h}) == len(SLUGS)
    finally:
        page.close()


@pytest.mark.build
def test_timeline_marks_when_each_proposal_was_floated(built_site):
    html = (built_site / "timeline.html").read_text(encoding="utf-8")
    dated = [p for p in PROPOSALS if p.get("floated_when")]
    assert dated
    for p in dated:
        assert f'proposals/{p["id"]}.html' in html[html.index('class="timeline'):], p["id"]


# --- browsing the articles ------------------------------------------------------------------------

ARTICLES = {slug: yaml.safe_load((ROOT / "sources" / "articles" / f"{slug}.yml").read_text(encoding="utf-8"))
            for slug in SLUGS}
# The articles a reader sees: in the filter's results, or anywhere in the page's content.
RESULTS = """() => [...document.querySelectorAll('.filter-results li a')].filter(a => a.offsetParent)
  .map(a => a.getAttribute('href').split('/').pop())"""
SHOWN = """() => [...document.querySelectorAll('.md-content a[href*="articles/"]')].filter(a => a.offsetParent)
  .map(a => a.getAttribute('href').split('/').pop()).filter(h => h !== 'index.html')"""


def expected(proposal=None, stance=None, position=None):
    out = set()
    for slug, record in ARTICLES.items():
        stances = {s["id"]: s["stance"] for s in record["proposals"]}
        if proposal and proposal not in stances or proposal and stance and stances[proposal] != stance:
            continue
        if position and record["position"]["id"] != position:
            continue
        out.add(f"{slug}.html")
    return out


@pytest.mark.browser
@pytest.mark.build
def test_filters_narrow_the_list_and_the_address_keeps_them(view, site_url):
    goto(view, site_url + "articles/index.html")
    view.select_option("form.article-filter select[name=proposal]", "european-reassurance-force")
    view.select_option("form.article-filter select[name=stance]", "skeptical")
    view.wait_for_function("() => location.search.includes('stance=skeptical')")
    wanted = expected("european-reassurance-force", "skeptical")
    assert 0 < len(wanted) < len(SLUGS)
    assert set(view.evaluate(RESULTS)) == wanted
    assert set(view.evaluate(SHOWN)) == wanted, "the full list still shows"
    shoot(view, "articles-filtered")
    view.reload(wait_until="networkidle")
    assert set(view.evaluate(RESULTS)) == wanted
    assert view.input_value("form.article-filter select[name=stance]") == "skeptical"
    view.select_option("form.article-filter select[name=order]", "oldest")
    view.wait_for_function("() => location.search.includes('order=oldest')")
    dates = {slug: str(r["date"]["value"]) for slug, r in ARTICLES.items()}
    shown = [h.removesuffix(".html") for h in view.evaluate(RESULTS)]
    assert [dates[s] for s in shown] == sorted(dates[s] for s in shown)


@pytest.mark.browser
@pytest.mark.build
def test_filters_by_author_publisher_and_year_name_them_in_each_entry(browser, site_url):
    """The filter data is compact (numbers into tables): each field still narrows and reads back."""
    (slug, record), = [(s, r) for s, r in ARTICLES.items() if s == "why-a-peacekeeping-force-wont-help-ukraine"]
    author, publisher = record["authors"][0]["name"], record["publisher"]["id"]
    when = str(record["date"]["value"])[:4]
    page = browser.new_page()
    try:
        goto(page, site_url + f"articles/index.html?author={author.replace(' ', '+')}&publisher={publisher}&year={when}&proposal=arm-ukraine")
        page.wait_for_function("() => document.querySelectorAll('.filter-results li').length > 0")
        assert page.evaluate(RESULTS) == [f"{slug}.html"]
        meta = page.locator(".filter-results li .entry-meta").inner_text()
        stance = {s["id"]: s["stance"] for s in record["proposals"]}["arm-ukraine"]
        assert author in meta and "The National Interest" in meta and f"Arm Ukraine as its own security guarantee: {stance.title()}" in meta, meta
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.build
def test_filtered_entries_show_the_editors_summary_as_text(browser, site_url):
    """A filtered entry carries the editor's one-line summary as the full list does (issue 23):
    a span.entry-summary holding the record's text, as text (its quotes no markup)."""
    wanted = {f"{s}.html": r["summary"] for s, r in ARTICLES.items()
              if f"{s}.html" in expected(position="skeptical") and r.get("summary")}
    assert wanted, "no skeptical seed with a summary"
    page = browser.new_page()
    try:
        goto(page, site_url + "articles/index.html?position=skeptical")
        page.wait_for_function("() => document.querySelectorAll('.filter-results li').length > 0")
        shown = page.evaluate("""() => [...document.querySelectorAll('.filter-results li')].map(li => {
          const s = li.querySelector('span.entry-summary');
          return [li.querySelector('a').getAttribute('href').split('/').pop(),
                  s && s.textContent, s && s.children.length, s && s.offsetParent !== null];
        })""")
        assert {href: summary for href, summary, _, _ in shown if href in wanted} == wanted, shown
        assert all(children == 0 and visible for href, _, children, visible in shown if href in wanted), shown
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.build
def test_filters_work_from_the_folder(browser, built_site):
    page = browser.new_page()
    try:
        page.goto((built_site / "articles" / "index.html").as_uri() + "?position=skeptical", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('.filter-results li').length > 0")
        assert set(page.evaluate(RESULTS)) == expected(position="skeptical")
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.build
def test_without_javascript_the_full_list_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "articles/index.html?position=skeptical", wait_until="load")
        assert page.locator("form.article-filter").count() == 1
        assert set(page.evaluate(SHOWN)) == {f"{s}.html" for s in SLUGS}
    finally:
        context.close()


# --- a short label too long for a column --------------------------------------------------------

def test_a_short_label_too_long_is_one_clear_line(tmp_path):
    import contextlib
    import io

    from archive import cli
    from conftest import copy_archive

    root = copy_archive(tmp_path / "archive")
    path = root / "sources" / "vocabularies" / "proposals.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("short: US backstop", "short: An American backstop for Europe"),
                    encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "check"])
    lines = err.getvalue().splitlines()
    assert code == 1
    assert any(re.search(r"proposals\.yml: us-backstop\.short: is 31 characters; allowed: at most 20", x) for x in lines), lines


# --- slugs in vocabulary text become titled links; the rest stays text ---------------------------

@pytest.mark.parametrize("value", ["see known-slug-here: <b>*bold*</b> [x](http://e.org) `code`",
                                   "- known-slug-here\n1. # {x} | a\\", "known-slug-here", "not-a-known-slug only"])
def test_cited_slugs_become_links_and_the_rest_stays_text(value):
    from archive.site import markup
    from conftest import text_of, to_html

    html = to_html(str(markup.cited(value, lambda s: ("a.md", "T <i>*t*</i>") if s == "known-slug-here" else None)))
    assert html.count("<a ") == value.count("known-slug-here") and "<b>" not in html and "<i>" not in html
    # Text nodes are joined with spaces: compare without any.
    shown = "".join(text_of(html).text.split())
    assert shown == "".join(value.replace("known-slug-here", "T <i>*t*</i>").split())


# --- the debate: for and against side by side, stacked on a phone --------------------------------

SIDES = """() => [...document.querySelectorAll('.debate')].map(d => [...d.querySelectorAll(':scope > .debate-side')]
  .map(s => { const r = s.getBoundingClientRect();
    return {side: s.className, left: r.left, top: r.top, right: r.right, stacked: d.classList.contains('debate-stacked')}; }))"""


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("path", ["arguments/index.html", "proposals/european-reassurance-force.html"])
def test_for_and_against_side_by_side_and_stacked_on_a_phone(view, site_url, path):
    goto(view, site_url + path)
    debates = view.evaluate(SIDES)
    assert debates and all(len(d) == 2 for d in debates)
    assert [s["side"] for s in debates[0]] == ["debate-side debate-for", "debate-side debate-against"]
    for pro, con in debates:
        # A side with under half the other's claims is stacked above it at full width
        # (proposal.lopsided), else the sides stand side by side where there is room.
        if view.viewport_size["width"] >= 1280 and not pro["stacked"]:
            assert pro["right"] <= con["left"] and abs(pro["top"] - con["top"]) < 1, (pro, con)
        else:
            assert con["top"] > pro["top"] and abs(con["right"] - pro["right"]) < 1, (pro, con)
    if path.startswith("proposals/"):  # 1 claim for, 12 against
        assert all(s["stacked"] for d in debates for s in d)
    shoot(view, path.replace("/", "-").removesuffix(".html"))


@pytest.mark.build
def test_arguments_index_groups_claims_by_proposal(built_site):
    html = (built_site / "arguments" / "index.html").read_text(encoding="utf-8")
    for p in PROPOSALS:
        assert f'id="{p["id"]}"' in html, p["id"]
    # Every argument made in the archive is listed under some proposal.
    made = {q["id"] for r in ARTICLES.values() for q in r["arguments"]}
    assert all(f"{m}.html" in html for m in made)


@pytest.mark.build
def test_proposal_page_quotes_each_claim_with_its_source(built_site):
    html = (built_site / "proposals" / "european-reassurance-force.html").read_text(encoding="utf-8")
    debate = html[html.index('class="debate'):]
    quotes = re.findall(r"<q>(.*?)</q>", debate)
    assert quotes
    sources = re.findall(r'class="debate-source"><a href="\.\./articles/[a-z0-9-]+\.html#p-\d+"', debate)
    assert len(sources) == len(quotes)
