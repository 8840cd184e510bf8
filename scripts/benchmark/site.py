"""The built site measured: its size by part, article and index pages, the pages a reader opens
to browse; and the two builds ours is compared with (the naive setup, bare Material)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path


ARTICLE_PAGE = re.compile(r"articles/(?!index(?:-page-\d+)?\.html$)[^/]+\.html")


MB, KB = 1024 * 1024, 1024


# Parts of the built site, for the size breakdown: the first pattern that matches a path wins.
SITE_PARTS = (("article pages", ARTICLE_PAGE), ("search index", re.compile(r"(pagefind|search)/.*")),
              ("raw dumps", re.compile(r"raw/.*")), ("data", re.compile(r"data/.*")),
              ("theme assets", re.compile(r"assets/.*")), ("author pages", re.compile(r"authors/.*")),
              ("other pages", re.compile(r".*")))


# The pages a reader opens to browse, whatever the size of the archive: each should stay small
# (the listings are paged; these are not all), so the report flags any over READER_LIMIT_KB.
READER_PAGES = {"timeline": "timeline.html", "matrix": "matrix.html", "proposals index": "proposals/index.html",
                "articles list": "articles/index.html", "filter data": "articles/articles.js", "search page": "search.html"}


READER_LIMIT_KB = 500


def site_metrics(site: Path, first_slugs: list[str]) -> dict:
    total, articles, others = 0, [], []
    parts = {name: 0 for name, _ in SITE_PARTS}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        rel = path.relative_to(site).as_posix()
        parts[next(name for name, pattern in SITE_PARTS if pattern.fullmatch(rel))] += size
        if not rel.endswith(".html") or rel.startswith(("search/", "assets/")) or rel in ("404.html", "search.html"):
            continue
        (articles if ARTICLE_PAGE.fullmatch(rel) else others).append((size, rel))
    # The search index: Pagefind's chunks (our site), or Material's one file (the bare build).
    search = site / "search" / "search_index.json"
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file()] or ([search] if search.exists() else [])
    same = [(site / "articles" / f"{s}.html").stat().st_size for s in first_slugs if (site / "articles" / f"{s}.html").exists()]
    return {
        "site_mb": total / MB,
        "parts_mb": {name: size / MB for name, size in parts.items()},
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
        "search_mb": sum(p.stat().st_size for p in index) / MB,
        "article_max_kb": max(articles)[0] / KB if articles else 0.0,
        "article_mean_kb": sum(s for s, _ in articles) / len(articles) / KB if articles else 0.0,
        "first5_mean_kb": sum(same) / len(same) / KB if same else 0.0,
        "index_max_kb": max(others)[0] / KB if others else 0.0,
        "index_max_page": max(others)[1] if others else "",
        "pages": len(articles) + len(others),
        "reader_kb": {name: (site / path).stat().st_size / KB for name, path in READER_PAGES.items() if (site / path).exists()},
    }


def block_removed(config: str, key: str) -> str:
    """mkdocs.yml without one top-level key and its block (text-level: keeps any !tags intact)."""
    out, skipping = [], False
    for line in config.splitlines(keepends=True):
        if re.match(rf"{key}\s*:", line):
            skipping = True
            continue
        if skipping and line.strip() and not line[0].isspace() and not line.lstrip().startswith("#") and not line.startswith("-"):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def nav_block(config: str) -> str:
    lines, inside = [], False
    for line in config.splitlines():
        if re.match(r"nav\s*:", line):
            inside = True
        elif inside and line.strip() and not line[0].isspace() and not line.startswith("-"):
            break
        if inside:
            lines.append(line)
    return "\n".join(lines) + "\n"


def naive_config(root: Path) -> Path:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    path = root / "mkdocs-naive.yml"
    path.write_text(block_removed(block_removed(text, "nav"), "hooks"), encoding="utf-8")
    return path


def bare_setup(root: Path) -> Path:
    """Only the article pages (with their listing) and the home page, plain Material, bounded nav."""
    bare = root / "bare"
    shutil.rmtree(bare, ignore_errors=True)
    docs = bare / "docs"
    (docs / "articles").mkdir(parents=True, exist_ok=True)
    for src in [root / "docs" / "index.md", *sorted((root / "docs" / "articles").glob("*.md"))]:
        dst = docs / src.relative_to(root / "docs")
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    (bare / "mkdocs.yml").write_text(
        "site_name: Bare Material\ndocs_dir: docs\nuse_directory_urls: false\n"
        "theme:\n  name: material\n"
        "nav:\n  - Home: index.md\n  - Articles: articles/index.md\n"
        "plugins:\n  - search\n"
        "markdown_extensions:\n  - attr_list\n  - tables\n"
        "validation:\n  nav: {omitted_files: ignore, not_found: ignore}\n"
        "  links: {not_found: ignore, anchors: ignore, unrecognized_links: ignore, absolute_links: ignore}\n",
        encoding="utf-8")
    return bare / "mkdocs.yml"
