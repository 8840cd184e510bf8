"""The debate at a glance (issue 23), on both engines (MkDocs and Zensical), at 1280x900 and
390x844, light and dark: a proposal page opens on its stances and its strongest claims; stances
differ by colour as well as by symbol and word; the timeline names every article in text; the
proposals index shows every count on a phone; a paragraph reached by its link is in full view.

Screenshots go to test-artifacts/screenshots/glance/.
"""
from __future__ import annotations

import pytest
import yaml

from browser_support import ARTICLE_2022, SCHEMES, SCREENSHOTS, Served, goto
from conftest import ROOT, SLUGS
from hostile_support import TEXT, add, build, refused, root  # noqa: F401 (root: a fixture)

SCREENS = {1280: 900, 390: 844}  # width -> height: the screens the issue measures on
SHOTS = SCREENSHOTS / "glance"
RECORDS = {slug: yaml.safe_load((ROOT / "sources" / "articles" / f"{slug}.yml").read_text(encoding="utf-8"))
           for slug in SLUGS}
ARGUED = sorted({q["proposal"] for r in RECORDS.values() for q in r["arguments"]})


@pytest.fixture(scope="module", params=[pytest.param("mkdocs", marks=pytest.mark.build),
                                        pytest.param("zensical", marks=[pytest.mark.build, pytest.mark.tools])])
def engine(request):
    """(name, URL) of the archive built by one engine and served over HTTP."""
    site = request.getfixturevalue({"mkdocs": "built_site", "zensical": "zensical_site"}[request.param])
    served = Served(site)
    yield request.param, served.url
    served.close()


def screens():
    return [(w, h, s) for w, h in SCREENS.items() for s in SCHEMES]


def opened(browser, url: str, width: int, height: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    goto(page, url)
    return context, page


def shoot(page, name: str, engine: str, width: int, scheme: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{engine}-{width}-{scheme}.png"), full_page=True)


# --- a proposal page: the debate first ------------------------------------------------------------

# Where, from the top of the page, the first link to a group of stances and the first claim start.
FIRST = """() => {
  const top = sel => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect().top + scrollY : null; };
  return {counts: top('.md-content a[href*="#stance-"]'), claim: top('.md-content a[href*="arguments/"]')};
}"""


@pytest.mark.parametrize("proposal", ARGUED)
def test_proposal_page_opens_on_stance_counts_and_first_claim(browser, engine, proposal):
    name, url = engine
    found = {}
    for width, height, scheme in screens():
        context, page = opened(browser, f"{url}proposals/{proposal}.html", width, height, scheme)
        try:
            found[width, scheme] = page.evaluate(FIRST)
            if proposal == "european-reassurance-force":
                shoot(page, proposal, name, width, scheme)
        finally:
            context.close()
    for (width, scheme), at in found.items():
        screens_allowed = 1 if width >= 1280 else 2
        limit = SCREENS[width] * screens_allowed
        assert at["counts"] is not None and at["counts"] < limit, (name, proposal, width, scheme, at)
        assert at["claim"] is not None and at["claim"] < limit, (name, proposal, width, scheme, at)


def test_proposal_page_states_the_samples_balance(built_site):
    html = (built_site / "proposals" / "european-reassurance-force.html").read_text(encoding="utf-8")
    glance = html[:html.index('id="arguments-for-and-against"')]
    assert "one-sided" in glance
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "one-sided" in home


# --- stances differ by colour as well as by symbol and word ---------------------------------------

# Each stance shown in the matrix: its words, its colour, and the background behind it.
MATRIX_COLOURS = """() => {
  const background = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
    if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
  return [...document.querySelectorAll('.matrix tbody td:not(.matrix-none) .matrix-stance')].filter(e => e.offsetParent)
    .map(e => ({stance: e.innerText.replace(/[^A-Za-z]/g, ''), colour: getComputedStyle(e).color, behind: background(e)}));
}"""


def rgb(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in text[text.index("(") + 1:text.index(")")].split(",")[:3])


def contrast(a: str, b: str) -> float:
    def luminance(colour):
        channels = [c / 255 for c in rgb(colour)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_matrix_stances_differ_in_colour_with_contrast(browser, engine):
    name, url = engine
    for width, height, scheme in screens():
        context, page = opened(browser, url + "matrix.html", width, height, scheme)
        try:
            cells = page.evaluate(MATRIX_COLOURS)
            shoot(page, "matrix", name, width, scheme)
        finally:
            context.close()
        colours = {}
        for c in cells:
            colours.setdefault(c["stance"], set()).add(c["colour"])
            assert contrast(c["colour"], c["behind"]) >= 4.5, (name, width, scheme, c)
        assert len(colours) >= 3 and all(len(v) == 1 for v in colours.values()), (name, width, scheme, colours)
        assert len({min(v) for v in colours.values()}) == len(colours), ("stances share a colour", name, scheme, colours)


# The colour of each stance's word wherever the pages name one with its class (a count of
# none is grey: there is nothing to tell apart).
STANCE_COLOURS = """() => [...document.querySelectorAll('.md-content [class*="stance-is-"]:not(.count-zero, .stance-none)')]
  .filter(e => e.offsetParent)
  .map(e => [[...e.classList].find(c => c.startsWith('stance-is-')), getComputedStyle(e).color])"""


def test_a_stance_has_one_colour_everywhere(browser, engine):
    name, url = engine
    for scheme in SCHEMES:
        seen: dict[str, set] = {}
        for path in ("matrix.html", "proposals/index.html", "proposals/european-reassurance-force.html",
                     "timeline.html", f"articles/{ARTICLE_2022}.html", "articles/index.html", "positions/index.html"):
            context, page = opened(browser, url + path, 1280, 900, scheme)
            try:
                found = page.evaluate(STANCE_COLOURS)
            finally:
                context.close()
            assert found, (name, path, "no stance marked with its colour")
            for stance, colour in found:
                seen.setdefault(stance, set()).add(colour)
        assert all(len(v) == 1 for v in seen.values()), (name, scheme, seen)


def test_matrix_legend_on_a_phone_speaks_of_no_column_heads(browser, engine):
    name, url = engine
    context, page = opened(browser, url + "matrix.html", 390, 844, "light")
    try:
        text = page.locator(".md-content").inner_text()
    finally:
        context.close()
    assert "column head" not in text.lower(), name


# --- the timeline reads without a mouse -----------------------------------------------------------

TIMELINE_TITLES = """() => {
  const titles = [...document.querySelectorAll('.md-content a[href*="articles/"]')].filter(a => !a.closest('.timeline'))
    .map(a => a.innerText.trim()).filter(Boolean);
  const drawn = [...document.querySelectorAll('.timeline *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.left >= -1 && r.right <= document.documentElement.clientWidth + 1;
  }).map(e => e.innerText || '');
  return {titles: [...new Set(titles)], missing: [...new Set(titles)].filter(t => !drawn.some(d => d.includes(t)))};
}"""


def test_timeline_names_every_article_in_visible_text(browser, engine):
    name, url = engine
    for width, height, scheme in screens():
        context, page = opened(browser, url + "timeline.html", width, height, scheme)
        try:
            found = page.evaluate(TIMELINE_TITLES)
            shoot(page, "timeline", name, width, scheme)
        finally:
            context.close()
        assert len(found["titles"]) == len(SLUGS), found
        assert found["missing"] == [], (name, width, scheme)


# --- the proposals index fits a phone -------------------------------------------------------------

COUNT_LINKS = """() => [...document.querySelectorAll('.md-content a[data-filter*="stance="]')].map(a => {
  const r = a.getBoundingClientRect();
  return {filter: a.dataset.filter, n: a.innerText.trim(), left: r.left, right: r.right, width: r.width,
          screen: document.documentElement.clientWidth};
})"""


def test_proposals_index_shows_every_count_on_a_phone(browser, engine):
    name, url = engine
    wanted = {(s["id"], s["stance"]) for r in RECORDS.values() for s in r["proposals"]}
    for width, height, scheme in screens():
        context, page = opened(browser, url + "proposals/index.html", width, height, scheme)
        try:
            links = page.evaluate(COUNT_LINKS)
            shoot(page, "proposals-index", name, width, scheme)
        finally:
            context.close()
        assert {tuple(x.split("=")[1] for x in link["filter"].split("&")) for link in links} == wanted
        off = [link for link in links if not (link["width"] > 0 and link["left"] >= 0 and link["right"] <= link["screen"])]
        assert off == [], (name, width, scheme)


# --- a paragraph reached by its link is in full view ---------------------------------------------

# The paragraph's box, and what is on top at points along its first and last lines (its left
# end, middle and right end): the paragraph itself, or what covers it (a fixed button, the header).
COVERED = """id => {
  const p = document.getElementById(id), r = p.getBoundingClientRect();
  const covers = [];
  for (const y of [r.top + 4, r.bottom - 4]) for (const x of [r.left + 4, (r.left + r.right) / 2, r.right - 4]) {
    const e = document.elementFromPoint(x, y);
    if (!e || !p.contains(e)) covers.push(e ? `${e.tagName.toLowerCase()}.${e.className} at ${Math.round(x)},${Math.round(y)}` : `nothing at ${Math.round(y)}`);
  }
  const before = getComputedStyle(p, '::before');
  return {top: r.top, bottom: r.bottom, height: innerHeight, covers,
          number: before.display !== 'none' ? before.content : null, numberWidth: parseFloat(before.width) || 0};
}"""


def test_a_paragraph_reached_by_its_link_is_in_full_view(browser, engine):
    name, url = engine
    for width, height, scheme in screens():
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        page = context.new_page()
        try:
            goto(page, f"{url}articles/{ARTICLE_2022}.html")
            # From the page's end (where its arguments link their paragraphs) up to paragraph 6:
            # scrolling up is when Material shows its "back to top" button.
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_timeout(300)
            page.evaluate("location.hash = 'p-6'")
            page.wait_for_timeout(600)
            found = page.evaluate(COVERED, "p-6")
            shoot(page, "paragraph", name, width, scheme)
        finally:
            context.close()
        assert found["covers"] == [] and found["top"] >= 0 and found["bottom"] <= found["height"], (name, width, scheme, found)
        # Quotes cite "paragraph 6": the paragraph shows its number.
        assert found["number"] and "6" in found["number"], (name, width, scheme, found)


def test_article_page_says_its_byline_once(built_site):
    """"By Andreas Umland" under "Authors: Andreas Umland" said it twice; the byline as printed
    stays in the record (nothing of the article is lost)."""
    html = (built_site / "articles" / "why-a-peacekeeping-force-wont-help-ukraine.html").read_text(encoding="utf-8")
    head = html[html.index('class="article-head"'):html.index('class="article-text"')]
    assert "Andreas Umland" in head and "By Andreas Umland" not in head
    assert "By Andreas Umland" in html[html.index('id="how-this-record-was-made"'):]


# A filtered list: its status line, and what of the full list (its count, its table of contents) shows.
FILTERED = """() => ({status: document.querySelector('.filter-status').innerText,
  all: [...document.querySelectorAll('.articles-all')].some(e => e.offsetParent),
  toc: [...document.querySelectorAll('.md-sidebar--secondary .md-nav__link')].filter(a => a.offsetParent).map(a => a.innerText)})"""


def test_a_filtered_list_says_what_it_shows_and_hides_the_rest(browser, engine):
    name, url = engine
    context, page = opened(browser, url + "articles/index.html?proposal=european-reassurance-force&stance=skeptical",
                           1280, 900, "light")
    try:
        page.wait_for_selector(".filter-results li")
        found = page.evaluate(FILTERED)
        shoot(page, "articles-filtered", name, 1280, "light")
    finally:
        context.close()
    assert found["status"].startswith("3 of 5 articles: on European"), found
    assert "skeptical" in found["status"], found
    assert not found["all"] and found["toc"] == [], (name, found)


# --- lists and search: what a list shows, and each article's line of what it argues -------------



@pytest.mark.parametrize("summary, message", [
    ("An argument. " * 16, r"summary: is \d+ characters long; at most 200: one line"),
    ("It argues this.\nAnd that.", r"summary: must be one line"),
    ("It argues <b>this</b>.", r"summary: must be plain text: no HTML tags and no Markdown"),
    ("See [the plan](https://example.org).", r"summary: must be plain text"),
    ("\u200b\u200b", r"summary: has no visible text"),
    (42, r"summary: "),
])
def test_a_bad_summary_is_refused_in_one_clear_line(root, summary, message):
    add(root, "bad-summary", summary=summary)
    refused(root, rf"^sources/articles/bad-summary\.yml: {message}")


@pytest.mark.build
def test_a_summary_is_optional_and_reaches_the_lists_the_dataset_and_search(root):
    import json

    add(root, "no-summary", TEXT + ["A paragraph only this article has."])
    add(root, "with-summary", summary="Observers & monitors > peacekeepers: they need no consent.")
    code, lines, _ = build(root)
    assert code == 0, lines
    listing = (root / "docs" / "articles" / "index.md").read_text(encoding="utf-8")
    assert '<span class="entry-summary">Observers &amp; monitors &gt; peacekeepers: they need no consent.</span>' in listing
    data = json.loads((root / "docs" / "data" / "archive.json").read_text(encoding="utf-8"))
    by_slug = {a["slug"]: a for a in data["articles"]}
    assert by_slug["with-summary"]["summary"].startswith("Observers & monitors >") and by_slug["no-summary"]["summary"] is None


def test_every_seed_record_has_a_summary():
    for slug, record in RECORDS.items():
        assert isinstance(record.get("summary"), str) and 40 < len(record["summary"]) <= 200, slug


# Each search result: its title and the line under it that says what it is.
RESULTS_ABOUT = """() => [...document.querySelectorAll('.archive-search__result')].map(li => ({
  title: li.querySelector('a').innerText, about: li.querySelector('.archive-search__about').innerText}))"""


def test_search_results_name_their_kind_author_and_date(browser, engine):
    from browser_support import site_search

    name, url = engine
    context, page = opened(browser, url + "search.html", 1280, 900, "light")
    try:
        site_search(page, "peacekeeping")
        results = page.evaluate(RESULTS_ABOUT)
        shoot(page, "search", name, 1280, "light")
    finally:
        context.close()
    kinds = {r["about"].split(" · ")[0].split("\n")[0] for r in results}
    assert {"Article", "Proposal"} <= kinds, (name, results)
    gerber = next(r for r in results if r["title"].startswith("A Proposed NATO Peacekeeping Mission"))
    assert gerber["about"].startswith("Article · Jan Gerber · between 24 and 31 March 2022"), gerber
    assert RECORDS["nato-peacekeeping-mission-could-deepen-the-conflict"]["summary"] in gerber["about"], gerber
