"""A large archive's search index is made in shards (Pagefind holds a whole index in memory: 2.2 GB
at 5,000 articles in one, about 430 MB for 1,000): each article in exactly one shard, and the
search page searches them all (Pagefind's mergeIndex). Shards of two articles here, so that the
five real articles make four (a power of two), the first with the vocabularies' pages; the site is built
and searched in Chromium for real. Each shard's output is cached: one changed article
re-indexes its shard only, and the index is byte for byte a clean build's."""
from __future__ import annotations

import gzip
import os
import json
import re
import shutil

import pytest

from archive.build import Paths, build, load
from archive.exports import search as search_stage
from archive.exports import search_binary, search_cache, search_shards
from browser_support import Served, goto, site_search
from conftest import SLUGS, copy_archive, mkdocs_build

pytestmark = pytest.mark.build  # every test here builds the archive (Pagefind, in shards)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    root = copy_archive(tmp_path_factory.mktemp("shards") / "archive")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_shards, "SHARD_ARTICLES", 2)
        assert build(Paths(root), force=True) is not None
    return root


def indexed_urls(folder) -> list[str]:
    return [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"]
            for p in sorted((folder / "fragment").glob("*.pf_fragment"))]


def test_each_article_is_in_exactly_one_shard(sharded):
    index = sharded / "docs" / "pagefind"
    shards = json.loads((index / search_stage.SHARDS_FILE).read_text())
    assert len(shards) >= 2 and set(shards) <= {f"shard-{n}/" for n in range(1, 4)}, shards
    folders = [index] + [index / s for s in shards]
    urls = [indexed_urls(f) for f in folders]
    articles = [u for found in urls for u in found if re.fullmatch(r"/articles/[^/]+\.html", u)]
    assert sorted(articles) == sorted(f"/articles/{slug}.html" for slug in SLUGS)
    assert any(u.startswith("/proposals/") for u in urls[0]), "the vocabularies' pages are in the first shard"
    assert all(found and all(u.startswith("/articles/") for u in found) for found in urls[1:]), urls
    assert all((f / "pagefind-entry.json").is_file() for f in folders)


def test_the_search_page_searches_every_shard(sharded, browser):
    result = mkdocs_build(sharded, sharded / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    served = Served(sharded / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        index = sharded / "docs" / "pagefind"
        for folder in [s.rstrip("/") for s in json.loads((index / search_stage.SHARDS_FILE).read_text())]:
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


def test_one_changed_article_reindexes_its_shard_only_and_equals_a_clean_build(tmp_path, monkeypatch):
    """An editor's save: Pagefind runs for the changed article's shard alone (the others come
    from the cache in .cache/archive/search/), and docs/pagefind/ is then byte for byte what a
    build from scratch, with no cache, writes for the same sources."""
    import yaml

    monkeypatch.setattr(search_shards, "SHARD_ARTICLES", 2)
    runs: list[int] = []
    real_run = search_stage.Indexing.run
    monkeypatch.setattr(search_stage.Indexing, "run", lambda self: (real_run(self), runs.append(list(self.indexed)))[0])
    root = copy_archive(tmp_path / "edited")
    assert build(Paths(root), force=True) is not None
    every = [n for n, pages in enumerate(search_stage.shards(*load(Paths(root))[:2])) if pages]
    assert runs[-1] == every and len(every) >= 3, "a first build indexes every shard"
    slug = SLUGS[0]
    record = root / "sources" / "articles" / f"{slug}.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump({**data, "summary": "Zqxshard: a summary only this article has."},
                                     allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert build(Paths(root)) is not None
    shard = next(n for n, pages in enumerate(search_stage.shards(*load(Paths(root))[:2])) if f"articles/{slug}.html" in pages)
    assert runs[-1] == [shard], f"Pagefind ran for shards {runs[-1]}, not {shard} alone"

    clean = copy_archive(tmp_path / "clean")
    shutil.rmtree(clean / "sources")
    shutil.copytree(root / "sources", clean / "sources")
    assert not (clean / search_cache.CACHE).exists()
    assert build(Paths(clean), force=True) is not None
    assert runs[-1] == every, "no cache: every shard indexed"

    def index_files(where):
        folder = where / "docs" / search_stage.FOLDER
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    edited, fresh = index_files(root), index_files(clean)
    assert edited == fresh
    assert any(b"Zqxshard" in gzip.decompress(data) for rel, data in edited.items() if rel.endswith(".pf_fragment"))


def test_the_index_that_follows_a_save_under_serve_uses_the_shard_cache(tmp_path, monkeypatch):
    """Under `mkdocs serve` the pages are written first and the index follows (Pending): it too
    runs Pagefind for the changed article's shard only, and leaves the index a clean build's."""
    import yaml

    monkeypatch.setattr(search_shards, "SHARD_ARTICLES", 2)
    runs: list[list[int]] = []
    real_run = search_stage.Indexing.run
    monkeypatch.setattr(search_stage.Indexing, "run", lambda self: (real_run(self), runs.append(list(self.indexed)))[0])
    root = copy_archive(tmp_path / "served")
    assert build(Paths(root), force=True) is not None
    slug = SLUGS[1]
    record = root / "sources" / "articles" / f"{slug}.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump({**data, "summary": "Zqxserve: saved under serve."}, allow_unicode=True,
                                     sort_keys=False), encoding="utf-8")
    _, pending = build(Paths(root), index_later=True)
    assert pending.finish() is not None
    shard = next(n for n, pages in enumerate(search_stage.shards(*load(Paths(root))[:2])) if f"articles/{slug}.html" in pages)
    assert runs[-1] == [shard], f"Pagefind ran for shards {runs[-1]}, not {shard} alone"
    assert build(Paths(root)) is None, "docs/ is then current: nothing left to build"


# What an article's page for the indexer shows of the vocabularies (search.shown): a changed name
# there must re-index the shards of the articles that show it, as Pagefind would be given new pages.
NAMES_SHOWN = {"publishers.yml": "  name: Defense One\n", "positions.yml": "  name: Supports\n",
               "proposals.yml": None}


@pytest.mark.parametrize("vocabulary", sorted(NAMES_SHOWN))
def test_a_changed_name_an_article_shows_reindexes_its_shard_and_equals_a_clean_build(tmp_path, monkeypatch, vocabulary):
    """The shards are known by fingerprints of what their pages are made of (an article's key
    and the names its page shows), not by the pages made again: a publisher's, position's or
    proposal's new name reaches the index exactly as a build from scratch indexes it."""
    monkeypatch.setattr(search_shards, "SHARD_ARTICLES", 2)
    root = copy_archive(tmp_path / "edited")
    assert build(Paths(root), force=True) is not None
    path = root / "sources" / "vocabularies" / vocabulary
    text = path.read_text(encoding="utf-8")
    line = NAMES_SHOWN[vocabulary] or re.search(r"(?m)^  name: .*\n", text)[0]
    assert line in text
    path.write_text(text.replace(line, line.rstrip("\n") + " Zqxname\n", 1), encoding="utf-8")
    assert build(Paths(root)) is not None
    clean = copy_archive(tmp_path / "clean")
    shutil.rmtree(clean / "sources")
    shutil.copytree(root / "sources", clean / "sources")
    assert build(Paths(clean), force=True) is not None

    def index_files(where):
        folder = where / "docs" / search_stage.FOLDER
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    edited, fresh = index_files(root), index_files(clean)
    assert edited == fresh
    shown = [data for rel, data in edited.items() if rel.endswith(".pf_fragment") and b"Zqxname" in gzip.decompress(data)]
    assert any(b"/articles/" in gzip.decompress(data) for data in shown), "an article's page shows the name"


def indexed_shards(monkeypatch) -> list[list[int]]:
    """The shards Pagefind indexed in each build from now on (the others were taken as made)."""
    runs: list[list[int]] = []
    real_run = search_stage.Indexing.run
    monkeypatch.setattr(search_stage.Indexing, "run", lambda self: (real_run(self), runs.append(list(self.indexed)))[0])
    return runs


def index_files(root) -> dict[str, bytes]:
    folder = root / "docs" / search_stage.FOLDER
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_fresh_clone_takes_the_committed_index_instead_of_running_pagefind(tmp_path, monkeypatch):
    """A fresh clone has no .cache/, but docs/pagefind/ holds each shard as Pagefind made it and
    records the key it was made with: `archive build --force` takes those shards (Pagefind runs
    for none) and leaves the index byte for byte as committed."""
    runs = indexed_shards(monkeypatch)
    root = copy_archive(tmp_path / "clone")
    committed = index_files(root)
    assert build(Paths(root), force=True) is not None
    assert runs[-1] == [], f"Pagefind ran for shards {runs[-1]}"
    assert not (root / search_cache.CACHE).exists() or not any((root / search_cache.CACHE).iterdir())
    assert index_files(root) == committed


def test_a_committed_shard_not_as_pagefind_made_it_is_indexed_again(tmp_path, monkeypatch):
    """A committed shard whose files differ from what was recorded (one byte of one fragment, or
    a file more) is not taken: Pagefind indexes it again and the index is a clean build's."""
    runs = indexed_shards(monkeypatch)
    root = copy_archive(tmp_path / "clone")
    committed = index_files(root)
    fragment = next((root / "docs" / search_stage.FOLDER / "fragment").glob("*.pf_fragment"))
    fragment.write_bytes(fragment.read_bytes()[:-1] + bytes([fragment.read_bytes()[-1] ^ 1]))
    assert build(Paths(root), force=True) is not None
    assert runs[-1] == [0], f"Pagefind ran for shards {runs[-1]}, not 0"
    assert index_files(root) == committed
    (root / "docs" / search_stage.FOLDER / "fragment" / "en_0000000.pf_fragment").write_bytes(b"stray")
    shutil.rmtree(root / search_cache.CACHE)
    assert build(Paths(root), force=True) is not None
    assert runs[-1] == [0], "a file more: the shard indexed again"
    assert index_files(root) == {**committed, "fragment/en_0000000.pf_fragment": b"stray"}  # not the build's to remove


def test_prune_removes_the_partial_entries_of_builds_that_ended(tmp_path):
    """A build killed while it wrote a shard's entry (under serve, the warm normaliser is killed
    when the code changes or a save hangs it) left `KEY.partial-PID` behind, and prune() skipped
    every such name: they piled up. A live build's partial entry is kept (it renames it soon)."""
    import os
    import subprocess
    import sys

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"{'a' * 64}.partial-{int(ended.stdout)}"
    alive = tmp_path / f"{'b' * 64}.partial-{os.getpid()}"
    for path in (dead, alive):
        path.write_bytes(b"half an entry")
    search_cache.Cache(tmp_path).prune(set())
    assert not dead.exists(), "the partial entry of a build that ended was kept"
    assert alive.exists(), "the partial entry of a build under way was removed"


def test_pagefind_s_binary_is_found_where_its_package_keeps_it_without_importing_it(monkeypatch):
    """The binary package's own answer, found without running its module (which imports logging
    and platform at every build's start); the variable Pagefind's own API reads comes first."""
    import pagefind_bin

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert search_binary.executable() == str(pagefind_bin.get_executable())
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/opt/elsewhere/pagefind")
    assert search_binary.executable() == "/opt/elsewhere/pagefind"


def test_pagefind_s_version_is_asked_once_for_a_binary_and_again_for_another(tmp_path):
    """Kept in a file by the binary's size and modification time: a build need not start a
    process to ask it before its own Pagefind starts; a binary replaced is asked again."""
    binary = tmp_path / "pagefind"
    shutil.copy2(search_binary.executable(), binary)
    memo = tmp_path / "cache" / "version.json"
    search_binary.version.cache_clear()
    answer = search_binary.version(str(binary), memo)
    assert answer.startswith("pagefind 1.") and json.loads(memo.read_text())["version"] == answer
    memo.write_text(memo.read_text().replace(answer, "pagefind 0.0.0-kept"))
    search_binary.version.cache_clear()
    assert search_binary.version(str(binary), memo) == "pagefind 0.0.0-kept", "the kept answer"
    os.utime(binary, ns=(1, 1))  # another binary now
    search_binary.version.cache_clear()
    assert search_binary.version(str(binary), memo) == answer
    search_binary.version.cache_clear()
