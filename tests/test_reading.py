"""Reading the articles in two processes (ingest/reading.py): the build's problems, articles and
cache are those of a reading in one process, whichever process read each article."""
from __future__ import annotations

import re
import shutil
import threading
import types
from pathlib import Path

import pytest

from archive import cache, packs
from archive.build import Paths, load
from archive.cache import Store
from archive.core.problems import Problems
from archive.ingest import reading
from conftest import SLUGS, copy_archive


@pytest.fixture
def forked(monkeypatch) -> list:
    """Reading forks from 2 articles on; the list gets one entry for each forked reader started."""
    started = []
    fork = reading.fork_reader

    def counted(*args):
        child = fork(*args)
        if child is not None:
            started.append(child)
        return child
    monkeypatch.setattr(reading, "APART", 2)
    monkeypatch.setattr(reading, "fork_reader", counted)
    # In the whole suite the browser tests' HTTP servers (session fixtures) are idle threads of
    # this process, and reading then never forks (reading.apart): these tests would read in one
    # process and fail. Idle serve_forever threads hold no lock a forked reader needs.
    monkeypatch.setattr(reading, "threading", types.SimpleNamespace(active_count=lambda: 1))
    return started


def test_reading_does_not_fork_beside_another_thread():
    """Forking while another thread runs can copy a lock it holds: reading stays in one process."""
    jobs = list(range(2 * reading.APART))
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        assert not reading.apart(jobs)
    finally:
        stop.set()
        waiting.join()


def spoiled(root: Path) -> Path:
    """Problems in both halves: an unknown field in the first and in the fourth record, and a
    copy of the first article's bytes, read last (by the forked reader)."""
    folder = root / "sources" / "articles"
    shutil.copy2(folder / f"{SLUGS[1]}.txt", folder / "zz-copy.txt")
    shutil.copy2(folder / f"{SLUGS[1]}.yml", folder / "zz-copy.yml")
    for slug in (SLUGS[0], SLUGS[3]):
        record = folder / f"{slug}.yml"
        record.write_text(record.read_text(encoding="utf-8") + "bogus_field: 1\n", encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(Problems) as refused:
        load(Paths(root))
    return [str(p) for p in refused.value.problems]


def test_problems_are_those_of_one_process_in_the_same_order(tmp_path, forked, monkeypatch):
    root = spoiled(copy_archive(tmp_path / "a"))
    apart = problems(root)
    assert len(forked) == 1
    monkeypatch.setattr(reading, "APART", 10**9)
    alone = problems(root)
    assert len(forked) == 1  # no second fork
    assert apart == alone
    assert [p for p in apart if "bogus_field" in p] == [p for p in alone if "bogus_field" in p] and \
        len([p for p in apart if "bogus_field" in p]) == 2
    assert any(re.search(r"zz-copy\.txt: file: has the same bytes as", p) for p in apart), apart


def test_articles_and_cache_entries_of_the_forked_reader_are_kept(tmp_path, forked, monkeypatch):
    root = copy_archive(tmp_path / "a")
    cache.MEMORY.clear()
    store = Store(root, "code", remember=False)
    _, articles, _ = load(Paths(root), store=store)
    assert len(forked) == 1
    store.keep()  # removes the entries this build did not use
    assert len([e for pack in (root / ".cache" / "archive" / "articles").iterdir() for e in packs.headers(pack)]) == len(SLUGS)
    monkeypatch.setattr(reading, "APART", 10**9)
    _, alone, _ = load(Paths(root))  # no store: every article read here
    assert articles == alone

    def unread(*args):
        raise AssertionError("an article cached by the forked reader was read again")
    monkeypatch.setattr(reading, "read_article", unread)
    _, again, _ = load(Paths(root), store=Store(root, "code"))
    assert again == articles


def test_a_failed_forked_reader_leaves_its_half_to_this_process(tmp_path, forked, monkeypatch):
    root = spoiled(copy_archive(tmp_path / "a"))
    monkeypatch.setattr(reading.pickle, "dump", lambda *a, **k: 1 / 0)  # the forked reader fails
    apart = problems(root)
    assert len(forked) == 1
    monkeypatch.setattr(reading, "APART", 10**9)
    assert apart == problems(root)
