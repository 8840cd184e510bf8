"""The changed shard's Pagefind starts as soon as the last article not cached is read (build.load's
`ready`), so that it runs beside the rest of the reading and the rendering; a build that fails
after that leaves no Pagefind running, and one that fails before starts none."""
from __future__ import annotations

import pytest

from archive import build as build_module
from archive.build import Paths, build
from archive.core.problems import Problems
from archive.exports import search as search_stage
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
