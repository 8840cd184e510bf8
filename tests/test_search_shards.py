"""A large archive's search index is made in shards (Pagefind holds a whole index in memory: 2.2 GB
at 5,000 articles in one, about 430 MB for 1,000): each article in exactly one shard, and the
search page searches them all (Pagefind's mergeIndex). Shards of two articles here, so that the
five real articles make three; the site is built and searched in Chromium for real."""
from __future__ import annotations

import gzip
import json
import re

import pytest

from archive.build import Paths, build
from archive.exports import search as search_stage
from browser_support import Served, goto, site_search
from conftest import SLUGS, copy_archive, mkdocs_build

pytestmark = pytest.mark.build  # every test here builds the archive (Pagefind, in shards)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    root = copy_archive(tmp_path_factory.mktemp("shards") / "archive")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_stage, "SHARD_ARTICLES", 2)
        assert build(Paths(root), force=True) is not None
    return root


def indexed_urls(folder) -> list[str]:
    return [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"]
            for p in sorted((folder / "fragment").glob("*.pf_fragment"))]


def test_each_article_is_in_exactly_one_shard(sharded):
    index = sharded / "docs" / "pagefind"
    shards = json.loads((index / search_stage.SHARDS_FILE).read_text())
    assert shards == ["shard-1/", "shard-2/"]
    folders = [index] + [index / s for s in shards]
    urls = [indexed_urls(f) for f in folders]
    articles = [u for found in urls for u in found if re.fullmatch(r"/articles/[^/]+\.html", u)]
    assert sorted(articles) == sorted(f"/articles/{slug}.html" for slug in SLUGS)
    assert all(any(u.startswith("/articles/") for u in found) for found in urls[1:]), urls
    assert all((f / "pagefind-entry.json").is_file() for f in folders)


def test_the_search_page_searches_every_shard(sharded, browser):
    result = mkdocs_build(sharded, sharded / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    served = Served(sharded / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        index = sharded / "docs" / "pagefind"
        for folder in ("shard-1", "shard-2"):
            url = next(u for u in indexed_urls(index / folder) if u.startswith("/articles/"))
            slug = url.rsplit("/", 1)[1].removesuffix(".html")
            title = json.loads(gzip.decompress(next(
                p.read_bytes() for p in (index / folder / "fragment").glob("*.pf_fragment")
                if url.encode() in gzip.decompress(p.read_bytes())))[len(b"pagefind_dcd"):])["meta"]["title"]
            goto(page, served.url + "search.html")
            links = site_search(page, title)
            assert any(f"articles/{slug}.html" in link for link in links), (folder, title, links)
    finally:
        context.close()
        served.close()
