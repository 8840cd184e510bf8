"""Shared fixtures: a real `mkdocs build --strict` of a copy of the archive, and Markdown as MkDocs renders it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
import re
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import settings

from archive import accelerator
from archive.core.progress import in_ci

ROOT = Path(__file__).resolve().parents[1]
SLUGS = sorted(p.stem for p in (ROOT / "sources" / "articles").glob("*.txt"))
# In CI (core/progress.in_ci, as scripts/dev reads CI) or with ARCHIVE_REQUIRE_ALL set, a missing tool fails.
REQUIRE_ALL = in_ci() or in_ci({"CI": os.environ.get("ARCHIVE_REQUIRE_ALL", "")})


# Hypothesis: the full profile ("ci") unless one is chosen (`scripts/dev test --fast` passes
# --hypothesis-profile=dev). A test sets its own count with examples(n): n in CI, a tenth in dev.
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("dev", max_examples=10, deadline=None)
settings.load_profile("ci")


def examples(n: int) -> int:
    """n examples under the full profile, scaled to the profile in use (at least 2)."""
    return max(2, n * settings.default.max_examples // 100)


class _AnyTag(yaml.SafeLoader):
    pass


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_extensions() -> tuple[list, dict]:
    """The Markdown extensions (and their settings) that mkdocs.yml gives MkDocs."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)
    names, configs = [], {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            (name, options), = entry.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(entry)
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = mkdocs_extensions()


def to_html(md: str) -> str:
    """md as MkDocs renders it, checked against the build's path: the hook sets the HTML
    blocks aside before Markdown and puts them back after, which must change nothing."""
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS).convert(md)
    rest, blocks = accelerator.set_aside(md)
    converted = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS).convert(rest)
    assert accelerator.put_back(converted, blocks) == plain, md
    return plain


ESCAPED_TEXT = re.compile(r'[<>"]|&(?!(?:amp|lt|gt|quot|#x27);)')


def text_meta(meta: dict) -> dict:
    """A page's frontmatter as text. The values Material and Zensical print into HTML unescaped
    are written as HTML text (markup.HTML_META): each must be escaped, and is unescaped here."""
    from html import unescape

    from archive.site.markup import HTML_META

    def text(value, key):
        if isinstance(value, list):
            return [text(x, key) for x in value]
        if isinstance(value, str):
            assert not ESCAPED_TEXT.search(value), f"frontmatter {key}: not escaped: {value!r}"
            return unescape(value)
        return value

    return {key: text(value, key) if key in HTML_META else value for key, value in meta.items()}


def copy_archive(target: Path) -> Path:
    """A copy of the archive's inputs and outputs; the code is linked, never copied."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "sources", target / "sources")
    shutil.copytree(ROOT / "docs", target / "docs")
    (target / "scripts").symlink_to(ROOT / "scripts")
    return target


# The engines stamp the build's date into the site (sitemap.xml.gz's gzip header, from MkDocs's
# get_build_timestamp): two builds compared byte for byte on either side of midnight UTC would
# differ. Every build of a test session takes the day the session started (SOURCE_DATE_EPOCH).
ENGINE_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(int(time.time()) // 86400 * 86400)}


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess:
    """No `-q`: it drops warnings before --strict counts them, and a broken link would pass."""
    env = {**os.environ, **ENGINE_ENV}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The archive's site, built for real with `mkdocs build --strict`."""
    root = copy_archive(tmp_path_factory.mktemp("archive"))
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


def zensical_build(root: Path) -> subprocess.CompletedProcess:
    """`zensical build` of the archive in root, into root/site."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        if REQUIRE_ALL:
            pytest.fail("zensical is not installed; run `scripts/dev test` (it installs scripts/zensical.lock)")
        pytest.skip("zensical is not installed; run `scripts/dev test` once")
    return subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "-f", str(root / "mkdocs.yml")],
                          capture_output=True, text=True, cwd=root, timeout=600, env={**os.environ, **ENGINE_ENV})


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The archive's site, built for real with `zensical build` (which runs no hook)."""
    root = copy_archive(tmp_path_factory.mktemp("zensical"))
    result = zensical_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No issues found" in result.stdout + result.stderr, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def built_docs(built_site) -> Path:
    """docs/ as the build of `built_site` left it: regenerated by the hook whenever the sources
    or the code differ from what the committed docs/ was built from."""
    return built_site.parent / "docs"


class TextOf(HTMLParser):
    """Collects the text of an HTML page, and the text of each element with an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.by_id: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in ("br", "img", "input", "meta", "link", "hr", "source"):
            return
        ident = dict(attrs).get("id")
        self.open.append((tag, ident))
        if ident:
            self.by_id.setdefault(ident, [])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        if self.skip:
            return
        self.parts.append(data)
        for _, ident in self.open:
            if ident:
                self.by_id[ident].append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())

    def element(self, ident: str) -> str:
        return " ".join(" ".join(self.by_id.get(ident, [])).split())


def page_text(path: Path) -> TextOf:
    return text_of(path.read_text(encoding="utf-8"))


def text_of(html: str) -> TextOf:
    parser = TextOf()
    parser.feed(html)
    return parser


RECORD_HEADING = re.compile(r'<h2[^>]*\bid="how-this-record-was-made"')
ARCHIVE_HEADING = re.compile(r'<h2[^>]*\bid="in-the-archive"')


def article_and_record(path: Path) -> tuple[TextOf, TextOf]:
    """An article page split in two: the article as published (with our links around it), and
    its record (how it was made: bases, reading notes, removed lines)."""
    html = path.read_text(encoding="utf-8")
    start, end = RECORD_HEADING.search(html).start(), ARCHIVE_HEADING.search(html).start()
    return text_of(html[:start] + html[end:]), text_of(html[start:end])


def markdown_article_and_record(markdown: str) -> tuple[str, str]:
    start, end = markdown.index("\n## How this record was made"), markdown.index("\n## In the archive")
    return markdown[:start] + markdown[end:], markdown[start:end]


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served over HTTP on 127.0.0.1 (a free port) for the whole session."""
    from browser_support import Served

    served = Served(built_site)
    yield served.url
    served.close()


@pytest.fixture(scope="module", params=["mkdocs", pytest.param("zensical", marks=pytest.mark.tools)])
def engine(request):
    """(name, site folder, URL) of the archive built by one engine, MkDocs or Zensical (which
    reads the same mkdocs.yml and runs no hook), and served over HTTP: a test taking it runs on both."""
    from browser_support import Served

    site = request.getfixturevalue({"mkdocs": "built_site", "zensical": "zensical_site"}[request.param])
    served = Served(site)
    yield request.param, site, served.url
    served.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser); one per session."""
    from browser_support import launch, missing

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright Python package is not installed; run `scripts/dev test` once")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


# --- test tiers ---------------------------------------------------------------------------------
# The markers (registered in pyproject.toml) say what a test needs beyond Python; `scripts/dev
# test --fast` runs the tests that carry none of them. A test's marks must agree with what it
# uses: a test using a fixture of a tier is put in that tier when the tests are collected, and,
# when tiers are selected (-m, as `--fast` does), a test that starts a process of a tier it is
# not marked for fails before the process starts. A run of every tier (CI) checks no process.

TIER_FIXTURES = {"browser": {"browser"}, "built_site": {"build"}, "built_docs": {"build"}, "site_url": {"build"}, "engine": {"build"},
                 "hostile_site_url": {"build"},
                 "zensical_site": {"build", "tools"}}


def tiers_of(argv: list[str]) -> set[str]:
    """The tiers a command belongs to: a real build (mkdocs, Zensical, `archive build`, or
    Pagefind, which only a build runs, in the test's own process too), an external checker or
    engine, a browser (Playwright's driver)."""
    words = [os.path.basename(str(word)) for word in argv]
    if words[:2] == ["nice", "-n"]:  # a Pagefind run below the build's priority (search_binary.beside)
        words = words[3:]
    found = set()
    if {"zensical", "linkchecker", "java"} & set(words):
        found.add("tools")
    pagefind = bool(words) and (words[0].startswith("pagefind") or "pagefind" in words[1:3])  # its binary, or -m
    if "zensical" in words or pagefind or ("mkdocs" in words and {"build", "serve"} & set(words)) or \
            ({"archive", "archive.cli"} & set(words) and "build" in words):
        found.add("build")
    if "bench.py" in words and "--help" not in words:  # the benchmark builds what it measures
        found.add("build")
    if "run-driver" in words:
        found.add("browser")
    return found


@pytest.hookimpl(tryfirst=True)  # before -m selects
def pytest_collection_modifyitems(config, items):
    """A test using a fixture of a tier is in that tier, marked or not."""
    for item in items:
        marks = {mark.name for mark in item.iter_markers()}
        for fixture, tiers in TIER_FIXTURES.items():
            if fixture in item.fixturenames:
                for tier in sorted(tiers - marks):
                    item.add_marker(tier)
                marks |= tiers


_running: list[set[str]] = []  # the marks of the test being set up or run
_checking = [False]  # tiers are selected: check each process a test starts
_popen_init = subprocess.Popen.__init__


def pytest_configure(config):
    _checking[0] = bool(config.getoption("markexpr", ""))


def _tier_checked_init(self, args, *rest, **options):
    if _running and _checking[0]:
        argv = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)
        missing = tiers_of(argv) - _running[-1]
        if missing:
            raise AssertionError(f"this test starts {' '.join(map(str, argv))[:120]!r}: mark it {', '.join(sorted(missing))}")
    _popen_init(self, args, *rest, **options)


subprocess.Popen.__init__ = _tier_checked_init


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    _running.append({mark.name for mark in item.iter_markers()})
    try:
        yield
    finally:
        _running.pop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    _running.append({mark.name for mark in item.iter_markers()})
    try:
        yield
    finally:
        _running.pop()
