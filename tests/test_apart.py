"""Pages made in a second process (pages/apart.py): a build that makes every page forks a
process for the article pages; docs/ is then byte for byte what a build in one
process writes, and the cache holds what the forked process made, for the next build to reuse."""
from __future__ import annotations

import os
import types

import pytest

from archive import cache, packs
from archive.build import Paths, build, load
from archive.core.problems import Problems
from archive.ingest import reading
from archive.pages import apart, render
from archive.exports import search, search_shards
from archive.site import citation_pool, citations
from conftest import SLUGS, copy_archive


def docs_files(root) -> dict[str, bytes]:
    docs = root / "docs"
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


@pytest.fixture
def forks(monkeypatch) -> list:
    """Reading and rendering fork from 2 articles on; the list gets the pid of each forked renderer."""
    started = []
    fork = os.fork

    def counted():
        pid = fork()
        if pid:
            started.append(pid)
        return pid
    monkeypatch.setattr(reading, "APART", 2)
    monkeypatch.setattr(apart, "os", types.SimpleNamespace(**{**vars(os), "fork": counted}))
    # The browser tests' idle HTTP-server threads (session fixtures) would keep both from forking.
    monkeypatch.setattr(reading, "threading", types.SimpleNamespace(active_count=lambda: 1))
    return started


@pytest.mark.build
def test_a_build_rendered_in_two_processes_writes_what_one_process_writes(tmp_path, forks, monkeypatch):
    """Pagefind indexes every shard (no committed index), two at a time from a forked process,
    and the renderer is forked: docs/ is what one process (Pagefind's thread, one at a time) writes."""
    monkeypatch.setattr(search_shards, "SHARD_ARTICLES", 2)  # the five articles in up to four shards
    indexed = []
    finish = search.Indexing.finish
    monkeypatch.setattr(search.Indexing, "finish", lambda self, n, process: indexed.append(os.getpid()) or finish(self, n, process))
    two = copy_archive(tmp_path / "two")
    (two / "docs" / search_shards.FOLDER / search_shards.KEYS_FILE).unlink()
    assert build(Paths(two), force=True, remember=False) is not None
    assert len(forks) == 2, "a build of every page forks Pagefind's driver and a renderer"
    assert indexed == [], "Pagefind driven from the forked process"
    monkeypatch.setattr(reading, "APART", 10**9)
    one = copy_archive(tmp_path / "one")
    (one / "docs" / search_shards.FOLDER / search_shards.KEYS_FILE).unlink()
    assert build(Paths(one), force=True, remember=False) is not None
    assert len(forks) == 2
    assert len(indexed) > 1 and set(indexed) == {os.getpid()}, "here, shard by shard"
    assert docs_files(two) == docs_files(one)


@pytest.mark.build
def test_a_cold_build_renders_each_citation_where_its_article_is_read_and_forks_the_render(tmp_path, forks, monkeypatch):
    """With no citation rendered before (a cold build), the two reading processes render the
    citations of the articles they read: no pool of processes is started, whose threads kept
    the render from forking. docs/ is what a build in one process writes."""
    monkeypatch.setattr(citation_pool, "POOL_MIN", 2)  # as many unseen entries as a cold build of 1,000 has
    pools, rendered = [], []
    start, real = citation_pool.Beside.start, citations.Citations.rendered
    monkeypatch.setattr(citation_pool.Beside, "start", lambda self: pools.append(self) or start(self))
    monkeypatch.setattr(citations.Citations, "rendered", lambda self, entry: rendered.append(entry["id"]) or real(self, entry))
    two = copy_archive(tmp_path / "two")
    (two / "docs" / citations.CACHE_FILE).unlink()
    assert build(Paths(two), force=True, remember=False) is not None
    assert pools == [], "no citation pool beside a reading in two processes"
    assert sorted(x for x in rendered if x != "source") == SLUGS[:len(SLUGS) // 2], \
        "this process renders the citations of the articles it read, the forked reader the others'"
    assert len(forks) == 2, "Pagefind's driver and the renderer fork"
    monkeypatch.setattr(reading, "APART", 10**9)
    one = copy_archive(tmp_path / "one")
    (one / "docs" / citations.CACHE_FILE).unlink()
    assert build(Paths(one), force=True, remember=False) is not None
    assert len(pools) == 1 and len(forks) == 2, "read in one process: the pool renders them, no fork"
    assert docs_files(two) == docs_files(one)


def test_a_citation_the_forked_reader_cannot_render_is_one_problem_here(tmp_path, forks, monkeypatch):
    """The forked reader sends back what it rendered; an entry citeproc-py fails on is rendered
    again here and reported as check and a build in one process report it, and nothing is written."""
    root = copy_archive(tmp_path / "a")
    (root / "docs" / citations.CACHE_FILE).unlink()
    slug = SLUGS[-1]  # read by the forked reader
    real = citations.Citations.format

    def failing(self, name, entry):
        if entry["id"] == slug:
            raise AttributeError("'MixedString' object has no attribute 'lstrip'")
        return real(self, name, entry)
    monkeypatch.setattr(citations.Citations, "format", failing)
    with pytest.raises(Problems) as refused:
        build(Paths(root), force=True, remember=False)
    assert [str(p) for p in refused.value.problems] == [
        f"sources/articles/{slug}.yml: file: its citation cannot be rendered (AttributeError: 'MixedString' object "
        f"has no attribute 'lstrip'); the date {next(a for a in load(Paths(root))[1] if a.slug == slug).date.value!r}, "
        "title and authors are what it is made from"]
    assert not (root / "docs" / citations.CACHE_FILE).exists()


@pytest.mark.build
def test_the_pages_the_forked_process_made_are_reused_by_the_next_build(tmp_path, forks, monkeypatch):
    """Its cache entries are kept (not pruned as unused by this process) and found again: a
    template change elsewhere makes no article page again."""
    root = copy_archive(tmp_path / "a")
    assert build(Paths(root), force=True, remember=False) is not None
    assert len(forks) == 2
    made = []
    real = render.article_page
    monkeypatch.setattr(render, "article_page", lambda *args: made.append(args[1].slug) or real(*args))
    monkeypatch.setattr(reading, "APART", 10**9)
    (root / ".cache" / "archive" / "docs-states.pickle").unlink()  # each page then read from its entry
    assert build(Paths(root), force=True, remember=False) is not None
    assert len(forks) == 2
    assert made == [], f"article pages made again: {made}"


@pytest.mark.build
def test_no_fork_for_a_build_that_keeps_its_pages_in_memory(tmp_path, forks):
    """Under `mkdocs serve` (a Store that remembers) pages may be reused whole, lazily: never forked."""
    root = copy_archive(tmp_path / "a")
    assert build(Paths(root), force=True, remember=True) is not None
    assert forks == []


def test_what_the_forked_process_used_of_the_cache_is_known_here(forks):
    """The entries it used or made (kept by the next build's pruning) and the pages it made
    from them (the next build's Unchanged pages) are this process's store's once get() returns."""
    store = types.SimpleNamespace(remember=False, before={}, used={"dataset": {"kept": None}}, outputs={})

    def make():
        store.used.setdefault("article-pages", {})["made-there"] = b"page"
        store.outputs["articles/x.md"] = ["made-there", None]
        return {"articles/x.md": b"page"}, os.getpid()
    theirs = apart.Beside(store, True, make)
    value, pid = theirs.get()
    assert len(forks) == 1 and pid == forks[0], "made in the forked process"
    assert value == {"articles/x.md": b"page"}
    assert store.used == {"dataset": {"kept": None}, "article-pages": {"made-there": None}}
    assert store.outputs == {"articles/x.md": ["made-there", None]}


def test_a_failed_forked_process_s_part_is_made_here(forks):
    store = types.SimpleNamespace(remember=False, before={}, used={}, outputs={})
    here = os.getpid()
    theirs = apart.Beside(store, True, lambda: os.getpid() if os.getpid() == here else os._exit(3))
    assert theirs.get() == here and len(forks) == 1


@pytest.mark.build
def test_the_forked_processes_list_every_entry_they_packed(tmp_path, forks):
    """packs.lister(): a process forked to read or render ends with os._exit, which closes no
    pack; the lines of its packs' lists it held back are written before, so the next build
    indexes each pack by its list alone, not by a read of each entry's header."""
    cache.MEMORY.clear()  # what earlier builds kept in this process would leave the forked ones nothing to pack
    root = copy_archive(tmp_path / "a")
    assert build(Paths(root), force=True, remember=False) is not None
    assert len(forks) == 2
    forked = [p for p in (root / ".cache" / "archive").rglob("*.pack") if int(p.name.split("-")[0]) in forks]
    assert forked, "the forked renderer packed its pages"
    for pack in (root / ".cache" / "archive").rglob("*.pack"):
        named = [line.split(b" ")[0].decode() for line in packs.lister(pack).read_bytes().split(b"\n")[:-1]]
        assert named == [name for name, _, _ in packs.headers(pack)], pack.relative_to(root)
