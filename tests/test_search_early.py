"""The changed shard's Pagefind starts as soon as the last article not cached is read (build.load's
`ready`), so that it runs beside the rest of the reading and the rendering; a build that fails
after that leaves no Pagefind running, and one that fails before starts none. Started there, it
is a process only: its thread starts once load() returns, so that the citation pool, which forks
only while the build runs no other thread, can still start while the cached articles are cited."""
from __future__ import annotations

import threading
import types

import pytest

from archive import build as build_module
from archive.build import Paths, build
from archive.core.problems import Problems
from archive.exports import search as search_stage
from archive.exports import search_cache, search_shards
from archive.site import citation_pool, citations
from conftest import SLUGS, copy_archive
from test_search_inputs import clean_index, indexed_from_scratch, retitle
from test_search_shards import index_files

pytestmark = pytest.mark.build  # every test here builds the archive (Pagefind)


def watched(monkeypatch) -> list:
    """What happens from now on, in order: ("load", None) when load() returns, ("indexing",
    the Indexing) when one is made."""
    events: list = []
    real_load, real_init = build_module.load, search_stage.Indexing.__init__

    def load(*args, **kwargs):
        found = real_load(*args, **kwargs)
        events.append(("load", None))
        return found

    def init(self, voc, articles, *args, **kwargs):
        events.append(("indexing", self))
        self.titles = {a.slug: a.title for a in articles}
        real_init(self, voc, articles, *args, **kwargs)
        self.started_here = len(self.processes)  # Pagefinds running when the build's thread goes on

    monkeypatch.setattr(build_module, "load", load)
    monkeypatch.setattr(search_stage.Indexing, "__init__", init)
    return events


def test_one_changed_record_starts_pagefind_before_the_reading_ends(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    events = watched(monkeypatch)
    retitle(root, SLUGS[1], "Zqxearly")
    assert build(Paths(root)) is not None
    assert [kind for kind, _ in events] == ["indexing", "load"], "the index started inside load()"
    indexing = events[0][1]
    assert indexing.titles[SLUGS[1]] == "Zqxearly" and sorted(indexing.titles) == SLUGS
    assert indexing.started_here == 1, "Pagefind started before Indexing() returned"
    assert index_files(root) == clean_index(tmp_path, root)


def test_a_problem_after_the_reading_ends_the_early_pagefind(tmp_path, monkeypatch):
    """The home page's front matter is checked after the articles are read: the build is refused
    and the Pagefind started meanwhile is ended, its thread too."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    before = index_files(root)
    events = watched(monkeypatch)
    retitle(root, SLUGS[1], "Zqxrefused")
    home = root / "sources" / "pages" / "home.md"
    home.write_text("---\ntitle: [unclosed\n---\n" + home.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(Problems, match="home.md"):
        build(Paths(root))
    assert [kind for kind, _ in events] == ["indexing"]
    indexing = events[0][1]
    assert not indexing.thread.is_alive()
    assert all(p.poll() is not None for p in indexing.processes)
    assert index_files(root) == before, "the index as it was"


def test_a_changed_record_with_a_problem_starts_no_pagefind(tmp_path, monkeypatch):
    """Two changed records, the first read refused: the build fails, so no index is started."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    events = watched(monkeypatch)
    retitle(root, SLUGS[3], "Zqxlater")
    record = root / "sources" / "articles" / f"{SLUGS[1]}.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("title:", "title: [unclosed", 1), encoding="utf-8")
    with pytest.raises(Problems):
        build(Paths(root))
    assert events == []


def test_the_changed_shard_is_started_before_the_shards_made_before_are_read(tmp_path, monkeypatch):
    """Shards of two articles (four for the five): the changed article's shard is started first,
    whatever its number, and the others' kept output is read after, in Indexing's thread."""
    monkeypatch.setattr(search_shards, "SHARD_ARTICLES", 2)
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    events: list = []
    real_head, real_start = search_cache.Cache.head, search_stage.Indexing.start
    monkeypatch.setattr(search_cache.Cache, "head", lambda self, key: (events.append("read"), real_head(self, key))[1])
    monkeypatch.setattr(search_stage.Indexing, "start", lambda self, n: (events.append(n), real_start(self, n))[1])
    shards = search_shards.split({f"articles/{slug}.html": "" for slug in SLUGS})
    shard, last = max((n, url[len("articles/"):-len(".html")]) for n, pages in enumerate(shards) for url in pages)
    assert shard > 0 and len(shards) == 4
    retitle(root, last, "Zqxfirst")
    assert build(Paths(root)) is not None
    started = [e for e in events if e != "read"]
    assert shard in started and events[:len(started)] == started, events
    assert events.count("read") == sum(1 for pages in shards if pages) - len(started), events
    assert index_files(root) == clean_index(tmp_path, root)


def test_the_changed_shard_s_pagefind_starts_before_any_article_is_cited(tmp_path, monkeypatch):
    """One article changed: its shard's Pagefind is started as soon as it is read, before load()
    asks for the articles' citations, and no thread of the build's runs while it asks."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    events = watched(monkeypatch)
    real_made = citations.Ahead.made
    monkeypatch.setattr(citations.Ahead, "made", lambda self, voc, a: (
        events.append(("made", a.slug, threading.active_count())), real_made(self, voc, a))[1])
    retitle(root, SLUGS[2], "Zqxbefore")
    before = threading.active_count()  # the browser tests' idle servers, when run with them
    assert build(Paths(root)) is not None
    kinds = [e[0] for e in events]
    assert kinds == ["indexing", "made", "made", "made", "made", "made", "load"], kinds
    assert {e[2] for e in events if e[0] == "made"} == {before}, "no thread of the build's while the articles are cited"
    assert events[0][1].started_here == 1 and events[0][1].titles[SLUGS[2]] == "Zqxbefore"
    assert index_files(root) == clean_index(tmp_path, root)


def test_a_publisher_renamed_still_forks_the_citation_pool_after_the_early_pagefind(tmp_path, monkeypatch):
    """A publisher renamed gives two cached articles new citations: with the first article changed
    too and a pool worth starting at three entries, the pool is forked after the changed shard's
    Pagefind has started (no thread of it keeps the fork from happening), and the pages and index
    are a clean build's."""
    monkeypatch.setattr(citation_pool, "POOL_MIN", 3)
    monkeypatch.setattr(citation_pool, "cores", lambda: 2)
    # Only the build's own threads counted (the browser tests' idle servers, when run with them).
    others = threading.active_count() - 1
    monkeypatch.setattr(citation_pool, "threading", types.SimpleNamespace(active_count=lambda: threading.active_count() - others))
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    events = watched(monkeypatch)
    real_start = citation_pool.Beside.start

    def start(self):
        threads = threading.active_count() - others
        real_start(self)
        events.append(("pool", threads, self.pool is not None))
    monkeypatch.setattr(citation_pool.Beside, "start", start)
    publishers = root / "sources" / "vocabularies" / "publishers.yml"
    publishers.write_text(publishers.read_text(encoding="utf-8").replace(
        "  name: Responsible Statecraft\n", "  name: Responsible Statecraft Zqxpool\n", 1), encoding="utf-8")
    retitle(root, SLUGS[0], "Zqxpool title")
    assert build(Paths(root)) is not None
    assert [e[0] for e in events] == ["indexing", "pool", "load"], events
    assert events[1][1:] == (1, True), "the pool forked, no other thread running"
    assert index_files(root) == clean_index(tmp_path, root)
