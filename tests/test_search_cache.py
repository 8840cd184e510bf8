"""Each shard's Pagefind output is kept in the build's cache (exports/search_cache.py) with each
file's SHA-256: a shard made before is handed to the writer by those hashes (keys.Unchanged), its
entry's bytes read only where docs/ no longer holds them. A one-record build read and hashed
every unchanged shard's entry (about 5.4 MB at 1,005 articles) to hand over the bytes docs/
already held. The index stays byte for byte a clean build's."""
from __future__ import annotations

import pytest

from archive.build import Paths, build
from archive.core.problems import Problems
from archive.exports import search as search_stage
from archive.exports import search_cache, search_shards
from conftest import SLUGS, copy_archive
from test_search_inputs import clean_index, indexed_from_scratch, retitle
from test_search_shards import index_files, indexed_shards

pytestmark = pytest.mark.build  # every test here builds the archive (Pagefind)


def sharded(tmp_path, monkeypatch):
    """Four shards of the five articles, each indexed once (entries in the cache), and the
    entries' bytes read from now on, by key."""
    monkeypatch.setattr(search_shards, "SHARD_ARTICLES", 2)
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    read: list[str] = []
    real_get = search_cache.Cache.get
    monkeypatch.setattr(search_cache.Cache, "get", lambda self, key: (read.append(key), real_get(self, key))[1])
    return root, read


def other_shard_file(root, slug: str):
    """A fragment in docs/ of a shard that `slug`'s article is not in."""
    shards = search_shards.split({f"articles/{s}.html": "" for s in SLUGS})
    mine = next(n for n, pages in enumerate(shards) if f"articles/{slug}.html" in pages)
    other = next(n for n, pages in enumerate(shards) if pages and n not in (0, mine))
    return next((root / "docs" / search_shards.folder(other) / "fragment").glob("*.pf_fragment"))


def test_shards_made_before_reach_the_writer_by_their_hashes_without_their_entries_read(tmp_path, monkeypatch):
    root, read = sharded(tmp_path, monkeypatch)
    runs = indexed_shards(monkeypatch)
    retitle(root, SLUGS[1], "Zqxhashes")
    assert build(Paths(root)) is not None
    assert 0 < len(runs[-1]) < 4, "its shard indexed (and shard 0, whose proposal pages show titles), not all four"
    assert read == [], "no entry read: docs/ holds the other shards' files"
    assert index_files(root) == clean_index(tmp_path, root)


def test_a_file_of_a_shard_made_before_removed_from_docs_is_written_again_from_its_entry(tmp_path, monkeypatch):
    root, read = sharded(tmp_path, monkeypatch)
    removed = other_shard_file(root, SLUGS[1])
    removed.unlink()
    retitle(root, SLUGS[1], "Zqxremoved")
    assert build(Paths(root)) is not None
    assert removed.is_file() and len(read) == 1, "its entry read, once"
    assert index_files(root) == clean_index(tmp_path, root)


def test_a_damaged_entry_whose_bytes_are_needed_is_a_one_line_problem_and_the_next_build_indexes_again(tmp_path, monkeypatch):
    root, read = sharded(tmp_path, monkeypatch)
    removed = other_shard_file(root, SLUGS[1])
    removed.unlink()
    before = index_files(root)
    for entry in (root / search_cache.CACHE).iterdir():  # the last byte of every entry flipped
        data = entry.read_bytes()
        entry.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    retitle(root, SLUGS[1], "Zqxdamaged")
    with pytest.raises(Problems, match="damaged") as refused:
        build(Paths(root))
    assert len(str(refused.value).splitlines()) == 1
    assert index_files(root) == before, "docs/ as it was"
    assert build(Paths(root)) is not None
    assert removed.is_file()
    assert index_files(root) == clean_index(tmp_path, root)
