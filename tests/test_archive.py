"""The archive end to end: docs/ is current and reproducible, nothing of an article is lost,
and every page links both ways."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from archive.build import Paths, build, load
from archive.site.structure import author_link
from conftest import ROOT, SLUGS, article_and_record, copy_archive, page_text, text_of, to_html
from hostile_support import removed_block_lines


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_docs_are_current_with_sources(tmp_path):
    """The committed docs/ is exactly what the normaliser makes of the committed sources/."""
    root = copy_archive(tmp_path / "a")
    report = build(Paths(root), force=True)
    assert report.written == (), f"stale generated pages (run archive build and commit): {report.written}"
    assert report.removed == (), f"generated pages with no source: {report.removed}"


@pytest.mark.build
def test_second_build_changes_nothing(tmp_path):
    root = copy_archive(tmp_path / "a")
    build(Paths(root), force=True)
    before = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()}
    assert build(Paths(root)) is None, "a build with nothing changed must take the fast path"
    report = build(Paths(root), force=True)
    assert report.written == () and report.removed == ()
    after = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()}
    assert before == after, "no file may be rewritten when nothing changed"


@pytest.mark.build
def test_output_is_byte_for_byte_reproducible(tmp_path):
    trees = []
    for name in ("one", "two"):
        root = copy_archive(tmp_path / name)
        generated = [root / "docs" / rel for rel in (root / "docs" / ".archive-manifest.json").read_text().split('"')
                     if rel.endswith((".md", ".txt", ".json", ".csv", ".svg", ".xml")) and (root / "docs" / rel).is_file()]
        for path in generated:
            path.unlink()
        (root / "docs" / ".archive-manifest.json").unlink()
        build(Paths(root))
        trees.append(pages_tree(root / "docs"))
    assert trees[0] == trees[1], "two builds from scratch differ"
    assert trees[0] == pages_tree(ROOT / "docs"), "a build from scratch differs from the committed docs/"


def pages_tree(docs: Path) -> dict:
    """tree(docs), with the manifest reduced to the files it lists: its inputs digest hashes the
    normaliser's code too, so a comment changed in the code would change it, and no page."""
    found = tree(docs)
    manifest = json.loads((docs / ".archive-manifest.json").read_text(encoding="utf-8"))
    found[".archive-manifest.json"] = manifest["files"]
    return found


@pytest.mark.build
def test_stale_pages_are_removed(tmp_path):
    root = copy_archive(tmp_path / "a")
    slug = SLUGS[0]
    (root / "sources" / "articles" / f"{slug}.txt").unlink()
    (root / "sources" / "articles" / f"{slug}.yml").unlink()
    report = build(Paths(root))
    assert f"articles/{slug}.md" in report.removed
    assert not (root / "docs" / "articles" / f"{slug}.md").exists()
    assert (root / "docs" / "assets" / "archive.css").exists(), "hand-written files are never removed"


@pytest.fixture(scope="module")
def articles():
    _, found, _ = load(Paths(ROOT))
    return {a.slug: a for a in found}


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_every_body_paragraph_reaches_the_built_page(built_site, articles, slug):
    html = page_text(built_site / "articles" / f"{slug}.html")
    for p in articles[slug].paragraphs:
        assert html.element(p.anchor) == " ".join(p.text.split()), f"paragraph {p.number} (line {p.line}) changed"


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_of_the_raw_file_is_lost(built_site, articles, slug):
    """Every non-blank line of the raw file is either in the article or in its removal record."""
    a = articles[slug]
    article, record = article_and_record(built_site / "articles" / f"{slug}.html")
    page = article.text
    for r in a.removals:
        assert " ".join(r.text.split()) in record.text, f"removed line {r.line} is not shown in the record"
    removed = {r.line for r in a.removals}
    raw = (ROOT / "sources" / "articles" / f"{slug}.txt").read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(raw, 1):
        text = " ".join(line.replace("\u00a0", " ").split())
        image = [x for x in (a.caption, a.credit) if x]
        if image and text in (*image, " ".join(image)):
            # The image is not kept: its caption and credit are in the record, under "Lead image".
            assert all(x in record.text for x in image), text
        elif text and text == a.byline and text not in page:
            # A byline that only repeats the authors row is shown in the record (issue 23).
            assert f"Byline, as printed (it names the authors above, no more): {text}" in record.text, text
        elif text and number not in removed:
            assert text in page, f"line {number} is neither shown nor recorded as removed: {text[:60]}"


@pytest.mark.build
def test_every_index_page_exists(built_site, articles):
    for section in ("articles", "proposals", "positions", "authors", "publishers", "arguments", "tags"):
        assert (built_site / section / "index.html").is_file(), section
    for name in ("index.html", "matrix.html", "timeline.html", "timeline.svg", "feed.xml", "data/index.html"):
        assert (built_site / name).is_file(), name
    for a in articles.values():
        assert (built_site / "articles" / f"{a.slug}.html").is_file()
        assert (built_site / "publishers" / f"{a.publisher}.html").is_file()
        assert (built_site / "positions" / f"{a.position}.html").is_file()
        for s in a.stances:
            assert (built_site / "proposals" / f"{s.proposal}.html").is_file()
        for x in a.authors:
            page, anchor = author_link(x.name, x.slug).split("#")
            assert f'id="{anchor}"' in (built_site / page.replace(".md", ".html")).read_text(encoding="utf-8")


def hrefs(path: Path) -> set[str]:
    links = set()
    for href in re.findall(r'href="([^"#]+)(?:#[^"]*)?"', path.read_text(encoding="utf-8")):
        links.add(str((path.parent / href).resolve()))
    return links


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_links_go_both_ways(built_site, articles, slug):
    a = articles[slug]
    page = built_site / "articles" / f"{slug}.html"
    out = hrefs(page)
    targets = [built_site / "publishers" / f"{a.publisher}.html", built_site / "positions" / f"{a.position}.html"]
    targets += [built_site / "proposals" / f"{s.proposal}.html" for s in a.stances]
    targets += [built_site / author_link(x.name, x.slug).split("#")[0].replace(".md", ".html") for x in a.authors]
    targets += [built_site / "raw" / f"{slug}.txt"]
    for target in targets:
        assert str(target.resolve()) in out, f"{slug} does not link to {target.name}"
        if target.suffix == ".html":
            assert str(page.resolve()) in hrefs(target), f"{target.relative_to(built_site)} does not list {slug}"
    if not a.authors:
        assert str(page.resolve()) in hrefs(built_site / "authors" / "index.html"), "unknown-author list misses it"


@pytest.mark.build
def test_previous_and_next_follow_the_article_list(built_site, articles):
    ordered = sorted(articles.values(), key=lambda a: (a.date.earliest, a.date.latest, a.slug), reverse=True)
    for newer, older in zip(ordered, ordered[1:]):
        assert str((built_site / "articles" / f"{older.slug}.html").resolve()) in hrefs(built_site / "articles" / f"{newer.slug}.html")
        assert str((built_site / "articles" / f"{newer.slug}.html").resolve()) in hrefs(built_site / "articles" / f"{older.slug}.html")


@pytest.mark.build
def test_navigation_does_not_list_articles(built_site):
    """Every page carries the navigation: it must not grow with the number of articles."""
    html = (built_site / "articles" / f"{SLUGS[0]}.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"'):html.index('class="md-content"')]
    assert "articles/" + SLUGS[1] not in nav


@pytest.mark.build
def test_every_page_has_its_own_navigation_links_and_active_item(built_site):
    """The navigation list is rendered once per folder for the pages outside the navigation
    (the hook caches it): on every page its links must resolve from that page's folder, and
    only a page in the navigation has an active item, its own."""
    nav_pages = {"index.html", "articles/index.html", "proposals/index.html", "positions/index.html",
                 "arguments/index.html", "matrix.html", "timeline.html", "authors/index.html",
                 "publishers/index.html", "tags/index.html", "data/index.html", "search.html"}
    seen = 0
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site).as_posix()
        html = page.read_text(encoding="utf-8")
        if rel == "404.html" or 'md-sidebar--secondary' not in html:
            continue
        seen += 1
        items = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
        hrefs = re.findall(r'<a href="([^"#][^"]*)" class="md-nav__link[ "]', items)
        targets = {(page.parent / href).resolve() for href in hrefs}
        assert targets == {(built_site / p).resolve() for p in nav_pages}, f"{rel}: the navigation links elsewhere"
        active = re.findall(r'href="([^"]+)" class="md-nav__link md-nav__link--active"', items)
        if rel in nav_pages:
            assert [(page.parent / a).resolve() for a in active] == [page.resolve()], rel
        else:
            assert active == [], rel
    assert seen > 50


def test_html_blocks_set_aside_from_markdown_come_back_unchanged():
    """The build hook takes the normaliser's HTML blocks out of Markdown's way and puts them
    back after: on every generated page that must give exactly Markdown's own HTML, and the
    anchor ids MkDocs checks links against must be those of the blocks."""
    import frontmatter
    from html.parser import HTMLParser

    from archive import accelerator

    class Ids(HTMLParser):
        def __init__(self, html):
            super().__init__()
            self.ids = set()
            self.feed(html)

        def handle_starttag(self, tag, attrs):
            self.ids |= {v for k, v in attrs if k == "id"}

    articles = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        md = frontmatter.load(path).content
        rest, blocks = accelerator.set_aside(md)
        assert not re.search(r"(?m)^<(div|ul|table)\b", rest), f"{path}: an HTML block left in Markdown"
        to_html(md)  # asserts that the HTML is Markdown's own
        found = {i for block in blocks for i in accelerator.ANCHOR_ID.findall(block)}
        assert found == Ids("".join(blocks)).ids, path
        if path.parent.name == "articles" and path.stem in SLUGS:
            articles += 1
            assert len(blocks) == 6, f"{path}: head, text, arguments, citations, record (with the removed lines), links"
    assert articles == len(SLUGS)


@pytest.mark.parametrize("damage", ["lost", "doubled", "unknown"])
def test_an_html_block_that_does_not_come_back_exactly_once_fails_the_build(damage):
    """Nothing of a page may vanish or repeat silently on its way round Markdown."""
    from mkdocs.exceptions import PluginError

    from archive import accelerator

    md = '# T\n\n<div class="a">\n<p id="p-1">x</p>\n</div>\n\n<ul data-search-exclude>\n<li>y</li>\n</ul>\n'
    rest, blocks = accelerator.set_aside(md)
    assert len(blocks) == 2 and accelerator.put_back(rest, blocks) == md
    broken = {"lost": rest.replace(accelerator.PLACEHOLDER.format(1), ""),
              "doubled": rest + accelerator.PLACEHOLDER.format(0),
              "unknown": rest + accelerator.PLACEHOLDER.format(2)}[damage]
    with pytest.raises(PluginError, match="exactly once"):
        accelerator.put_back(broken, blocks)


@pytest.mark.build
def test_removal_record_names_rule_and_line(built_site, articles):
    """Each removed line is shown once, verbatim, after its line number, kind and rule."""
    a = articles["fantasy-plan-nato-us-ukraine-peacekeeping"]
    html = (built_site / "articles" / f"{a.slug}.html").read_text(encoding="utf-8")
    block = html[html.index("<pre><code>", html.index('id="removed-lines"')):]
    block = text_of(block[:block.index("</code></pre>")]).text
    assert "responsible-statecraft:rs-donation" in block and "donation-appeal" in block
    shown = removed_block_lines(html)  # an entry names each line it took out; identical ones are one entry
    assert set(shown) == {r.line for r in a.removals}
    for r in a.removals:
        assert shown[r.line] == r.text and f"· {r.kind} · {r.rule}" in block, r


@pytest.mark.parametrize("name, letter", [("Andreas Umland", "u"), ("Jan Gerber", "g"), ("Anna Żurek", "z"),
                                          ("Piotr Łukasik", "l"), ("Олена Шевченко", "other"), ("Madonna", "m"),
                                          ("Jean-Luc d'Artagnan", "d"), ("Erik Ørsted", "o")])
def test_authors_are_listed_under_the_initial_of_their_surname(name, letter):
    assert author_link(name, "x") == f"authors/{letter}.md#x"


@pytest.mark.build
def test_built_pages_lose_template_indentation_but_code_keeps_its_layout(built_site):
    html = (built_site / "articles" / f"{SLUGS[0]}.html").read_text(encoding="utf-8")
    outside = re.sub(r"(?s)<(pre|script|textarea)\b.*?</\1>", "", html)
    assert not re.search(r"\n[ \t]+\S", outside), "indentation left outside pre/script"
    bibtex = re.search(r"(?s)<pre><code>(@\w+\{.*?)</code></pre>", html).group(1)
    assert re.search(r"\n  title = \{", bibtex), "the BibTeX block lost its indentation"
