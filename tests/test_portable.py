"""docs/ is the archive: it renders right on its own, without the MkDocs hook, and on Zensical.

Each engine builds a copy of the archive for real: `mkdocs build --strict` with and without
`hooks:` in mkdocs.yml, and `zensical build`.
"""
from __future__ import annotations

import difflib
import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SLUGS, copy_archive, mkdocs_build, text_of, zensical_build

# The only difference the hook makes to the built site, an accelerator's: the templates'
# indentation is dropped (white space between tags; the page renders the same). The search
# index is in docs/ (docs/pagefind/), the same with or without the hook.
VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)


def without_indentation(html: str) -> str:
    parts = VERBATIM.split(html)
    return "".join(p if i % 3 else re.sub(r"\n[ \t\r\n]+", "\n", p) for i, p in enumerate(parts) if i % 3 != 2)


def without_hook(root: Path) -> Path:
    config = root / "mkdocs.yml"
    text, n = re.subn(r"(?m)^hooks:\n(?:  - .*\n)+", "", config.read_text(encoding="utf-8"))
    assert n == 1, "mkdocs.yml has no hooks: section to remove"
    config.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def hookless_site(tmp_path_factory) -> Path:
    root = without_hook(copy_archive(tmp_path_factory.mktemp("hookless")))
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_the_hook_changes_nothing_but_indentation(built_site, hookless_site):
    with_hook, without = files(built_site), files(hookless_site)
    assert sorted(with_hook) == sorted(without)
    same = indentation = 0
    for path, data in with_hook.items():
        if data == without[path]:
            same += 1
        elif path.endswith(".html"):
            assert without_indentation(data.decode()) == without_indentation(without[path].decode()), path
            indentation += 1
        else:
            pytest.fail(f"{path}: differs with the hook")
    assert indentation > 50 and same > 50
    assert [p for p in with_hook if p.startswith("pagefind/")], "the search index is part of the site"


@pytest.mark.build
def test_builds_of_one_session_are_dated_alike_across_midnight(tmp_path, monkeypatch):
    """The two builds compared above may run on either side of midnight UTC: the engine stamps
    its date into sitemap.xml.gz, so every test build takes the session's date, whatever the
    clock or the environment says."""
    root = without_hook(copy_archive(tmp_path / "a"))
    stamps = []
    for day in (20_000, 20_001):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(day * 86400))
        result = mkdocs_build(root, tmp_path / f"site-{day}")
        assert result.returncode == 0, result.stderr
        stamps.append((tmp_path / f"site-{day}" / "sitemap.xml.gz").read_bytes())
    assert stamps[0] == stamps[1]


class Meta(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content")


def vocabulary() -> dict:
    folder = ROOT / "sources" / "vocabularies"
    return {name: yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))
            for name in ("positions", "proposals")}


def proposals() -> list[dict]:
    data = vocabulary()["proposals"]
    return data["proposals"] if isinstance(data, dict) else data


@pytest.fixture(scope="session", params=["mkdocs without hook", pytest.param("zensical", marks=pytest.mark.tools)])
def standalone_site(request) -> Path:
    return request.getfixturevalue({"mkdocs without hook": "hookless_site", "zensical": "zensical_site"}[request.param])


@pytest.mark.build
def test_descriptions_with_quotes_survive_without_the_hook(standalone_site):
    shown = 0
    for proposal in proposals():
        html = (standalone_site / "proposals" / f"{proposal['id']}.html").read_text(encoding="utf-8")
        assert Meta(html).meta["description"] == " ".join(proposal["description"].split()), proposal["id"]
        shown += '"' in proposal["description"]
    assert shown, "no proposal description has a quotation mark: the test would not see the bug"


def tag_listing(page: Path) -> set[str]:
    html = page.read_text(encoding="utf-8")
    content = html[html.index('<article class="md-content__inner'):html.index("</article>")]
    return {Path(h).stem for h in re.findall(r'href="\.\./articles/([^"#]+)"', content)}


@pytest.mark.build
def test_every_tag_page_lists_its_articles_without_the_hook(standalone_site, built_site):
    tagged: dict[str, set[str]] = {}
    for slug in SLUGS:
        html = (built_site / "articles" / f"{slug}.html").read_text(encoding="utf-8")
        for target in re.findall(r'<a href="\.\./tags/([^"#]+)\.html#[^"]*" class="md-tag', html):
            tagged.setdefault(target, set()).add(slug)
    assert "european-reassurance-force-coalition-of-the-willing" in tagged  # the tag with a `"`
    for tag, slugs in tagged.items():
        assert tag_listing(standalone_site / "tags" / f"{tag}.html") == slugs, tag


@pytest.mark.build
def test_raw_dumps_are_reachable_from_each_article_without_the_hook(standalone_site):
    for slug in SLUGS:
        page = standalone_site / "articles" / f"{slug}.html"
        links = set(re.findall(r'href="(\.\./raw/[^"]+)"', page.read_text(encoding="utf-8")))
        assert links == {f"../raw/{slug}.txt"}, slug
        raw = (page.parent / links.pop()).resolve()
        assert raw.read_bytes() == (ROOT / "sources" / "articles" / f"{slug}.txt").read_bytes(), slug


def bogus_tag(root: Path) -> None:
    (root / "docs" / "bogus.md").write_text("---\ntitle: Bogus\ntags:\n- Bogus tag\n---\n\n# Bogus\n", encoding="utf-8")


@pytest.mark.build
def test_a_tag_outside_the_vocabularies_fails_the_mkdocs_build(tmp_path):
    root = without_hook(copy_archive(tmp_path / "a"))
    bogus_tag(root)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0 and "Bogus tag" in result.stdout + result.stderr


@pytest.mark.build
@pytest.mark.tools
def test_a_tag_outside_the_vocabularies_fails_the_zensical_build(tmp_path):
    root = copy_archive(tmp_path / "a")
    bogus_tag(root)
    result = zensical_build(root)
    assert result.returncode != 0 and "Bogus tag" in result.stdout + result.stderr


def test_the_allowed_tags_are_the_vocabularies_names():
    allowed = yaml.safe_load((ROOT / "docs" / "allowed-tags.yml").read_text(encoding="utf-8"))
    names = [unescape(x) for x in allowed["plugins"]["tags"]["tags_allowed"]]
    voc = vocabulary()
    expected = [x["name"] for kind in ("positions", "proposals")
                for x in (voc[kind][kind] if isinstance(voc[kind], dict) else voc[kind])]
    assert names == expected


# --- Zensical against MkDocs, page by page -------------------------------------------------

TAGS_NAV = re.compile(r'<nav class="md-tags".*?</nav>', re.S)


def page_parts(path: Path) -> dict:
    """What a reader gets from a page: its title and description, and in its content the
    visible text, the metadata panel, the links and the tags (Zensical puts the tags after the
    text, Material before it: compared on their own)."""
    html = path.read_text(encoding="utf-8")
    content = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', html, re.S).group(1)
    tags = [re.findall(r'href="([^"]*)"', x) for x in TAGS_NAV.findall(content)]
    content = TAGS_NAV.sub("", content)
    head = re.search(r'<div class="article-head">.*?</div>', content, re.S)
    return {"title": unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)),
            "description": Meta(html).meta.get("description"),
            "text": text_of(content).text,
            "metadata panel": text_of(head.group(0)).text if head else None,
            "links": re.findall(r'href="([^"]*)"', content),
            "tags": tags}


@pytest.mark.build
@pytest.mark.tools
def test_zensical_shows_every_page_as_mkdocs_does(built_site, zensical_site):
    pages = sorted(p.relative_to(ROOT / "docs").with_suffix(".html") for p in (ROOT / "docs").rglob("*.md"))
    assert len(pages) > 50
    for page in pages:
        assert page_parts(zensical_site / page) == page_parts(built_site / page), page
    for slug in SLUGS:
        assert page_parts(built_site / "articles" / f"{slug}.html")["metadata panel"]


@pytest.mark.build
@pytest.mark.tools
def test_zensical_ships_the_same_search(built_site, zensical_site):
    """The search index and the search page's script are files in docs/: Zensical publishes
    them byte for byte as MkDocs does, and its search page has the same form and script."""
    index = sorted(p.relative_to(built_site).as_posix() for p in (built_site / "pagefind").rglob("*") if p.is_file())
    assert index
    for path in [*index, "assets/javascripts/search.js"]:
        assert (zensical_site / path).read_bytes() == (built_site / path).read_bytes(), path
    page = (zensical_site / "search.html").read_text(encoding="utf-8")
    assert 'id="archive-search-query"' in page and 'assets/javascripts/search.js"' in page


# --- the seams with Material ---------------------------------------------------------------

MATERIAL = Path(__import__("material").__file__).parent / "templates"
OVERRIDES = ROOT / "docs" / "overrides"
HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.S)


def test_material_is_the_tested_series():
    from importlib.metadata import version

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"mkdocs-material>=9.8,<9.9"' in pyproject
    assert version("mkdocs-material").startswith("9.8."), "the overrides were checked against Material 9.8"


@pytest.mark.parametrize("name", sorted(p.name for p in (OVERRIDES / "partials").glob("*.html")))
def test_each_copied_partial_differs_from_materials_only_as_documented(name):
    """Each copied partial opens with a comment saying what it changes; the changes themselves
    are kept, as a diff against the installed Material's file, in tests/golden/partials/. A new
    Material that changes the original, or an edit of the copy, fails here until both agree."""
    ours = (OVERRIDES / "partials" / name).read_text(encoding="utf-8")
    header = HEADER.match(ours)
    assert header and "Material 9.8 partials/" + name in header.group(0), f"{name}: no comment saying what it changes"
    theirs = HEADER.sub("", (MATERIAL / "partials" / name).read_text(encoding="utf-8"))
    diff = "".join(difflib.unified_diff(theirs.splitlines(True), ours[header.end():].splitlines(True),
                                        f"material/partials/{name}", f"docs/overrides/partials/{name}", n=1))
    golden = ROOT / "tests" / "golden" / "partials" / f"{name}.diff"
    if os.environ.get("ARCHIVE_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(diff, encoding="utf-8")
    assert diff == golden.read_text(encoding="utf-8"), f"{name}: differs from Material's otherwise than documented"
