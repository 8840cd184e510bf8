"""The changed shard's Pagefind starts as soon as the last article not cached is read (build.load's
`ready`), so that it runs beside the rest of the reading and the rendering; a build that fails
after that leaves no Pagefind running, and one that fails before starts none."""
from __future__ import annotations

import pytest

from archive import build as build_module
from archive.build import Paths, build
from archive.core.problems import Problems
from archive.exports import search as search_stage
from archive.exports import search_cache, search_shards
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
    real_get, real_start = search_cache.Cache.get, search_stage.Indexing.start
    monkeypatch.setattr(search_cache.Cache, "get", lambda self, key: (events.append("read"), real_get(self, key))[1])
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
