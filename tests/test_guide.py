"""The README and the editor's and maintainer's guide (scripts/guide/, a second MkDocs site):
the guide builds with `mkdocs build --strict` and LinkChecker finds no broken link or anchor in
it; every file the README or the guide's navigation names exists."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from browser_support import Served, linkcheck, problems
from conftest import ROOT

GUIDE = ROOT / "scripts" / "guide"
CONFIG = GUIDE / "mkdocs.yml"


def guide_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def guide_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("guide") / "site"
    result = guide_build(CONFIG, site)
    assert result.returncode == 0, result.stderr
    return site


def nav_pages(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_pages(value)]
    return [p for item in nav for p in nav_pages(item)]


@pytest.mark.build
def test_every_guide_page_is_in_the_navigation_and_built(guide_site):
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    pages = GUIDE / config["docs_dir"]
    listed = sorted(nav_pages(config["nav"]))
    assert listed == sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md"))
    for page in listed:
        assert (guide_site / page.replace(".md", ".html")).is_file(), page


@pytest.mark.build
@pytest.mark.tools
def test_linkchecker_finds_no_broken_links_or_anchors_in_the_guide(guide_site, tmp_path):
    served = Served(guide_site)
    try:
        pages = sorted(p.relative_to(guide_site).as_posix() for p in guide_site.rglob("*.html"))
        rows = linkcheck(tmp_path, [served.url + p for p in pages])
    finally:
        served.close()
    assert problems(rows) == []
    assert any("#" in r["url"] for r in rows), "no anchor was checked"


@pytest.mark.build
def test_strict_build_fails_on_a_broken_link(tmp_path):
    """The guide's configuration makes a link to a missing page an error, not a warning."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "index.md").write_text("# Home\n\nSee [nowhere](nowhere.md) and [here](#not-here).\n", encoding="utf-8")
    config = CONFIG.read_text(encoding="utf-8")
    config = re.sub(r"(?ms)^nav:.*", "nav:\n  - Home: index.md\n", config).replace("site_dir: ../../site/guide\n", "")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = guide_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "nowhere.md" in result.stderr and "not-here" in result.stderr


README_LINK = re.compile(r"\]\(([^)\s]+)\)")


MADE_BY_SETUP = {"scripts/node_modules/"}  # scripts/dev makes it; not in a clone


def test_readme_links_and_paths_exist():
    """Every relative link in the README and every repository path it names in backquotes
    (`scripts/...`, `sources/...`, `tests/...`, `docs/...`) exists in a fresh clone."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = [link for link in README_LINK.findall(readme) if "://" not in link]
    named = [path for path in re.findall(r"`((?:scripts|sources|tests|docs|\.ci)/[^`<>*\s]*)`", readme)
             if path not in MADE_BY_SETUP]
    assert links and named
    missing = [path for path in links + named if not (ROOT / path.split("#")[0]).exists()]
    assert missing == []


@pytest.mark.build
def test_the_archives_strict_build_fails_on_a_warning(tmp_path):
    """conftest's mkdocs_build (every built_site) fails on a warning: with `-q` MkDocs drops
    warnings before --strict counts them, and a broken link passed."""
    from conftest import mkdocs_build

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nSee [nowhere](nowhere.md).\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: strict\n", encoding="utf-8")
    result = mkdocs_build(tmp_path, tmp_path / "site")
    assert result.returncode != 0 and "nowhere.md" in result.stderr
