"""A no-change `archive build` trusts each source file's status (inode, size, modification and
change times) as the build that read and hashed it recorded it (keys.seen_digests), as git
does: a changed byte is always seen, even with the size and modification time kept, and a
status recorded within RACY_NS of a file's change is not trusted."""
from __future__ import annotations

import os
import time

import pytest

from archive import build as build_module
from archive import keys
from archive.build import Paths, build
from archive.ingest.sources import snapshot
from conftest import SLUGS, copy_archive


def rewrite_keeping_times(path, old: bytes, new: bytes) -> None:
    """One byte changed, the size and the modification time as they were."""
    assert len(old) == len(new)
    before = os.stat(path)
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size and os.stat(path).st_mtime_ns == before.st_mtime_ns


def test_statuses_just_recorded_are_read_again_then_trusted_and_a_changed_byte_is_seen(tmp_path):
    sources, record = tmp_path / "sources", tmp_path / "states.json"
    (sources / "articles").mkdir(parents=True)
    (sources / "articles" / "a.yml").write_bytes(b"title: Alpha\n")
    first = keys.seen_digests(sources, record)
    assert first[2] is not None
    # Recorded at once after the change: within RACY_NS of it, so not trusted.
    again = keys.seen_digests(sources, record)
    assert again[2] is not None and again[:2] == first[:2]
    time.sleep(keys.RACY_NS * 1.5 / 1e9)
    keys.seen_digests(sources, record)  # recorded well after the change
    trusted = keys.seen_digests(sources, record)
    assert trusted == (*first[:2], None)
    rewrite_keeping_times(sources / "articles" / "a.yml", b"Alpha", b"Alphb")
    changed = keys.seen_digests(sources, record)
    assert changed[2] is not None and changed[0] != first[0]
    assert changed[:2] == keys.digests(sources, snapshot(sources))


def test_a_changed_source_reads_the_code_again_only_when_a_code_file_changed(tmp_path, monkeypatch):
    sources, code, record = tmp_path / "sources", tmp_path / "code", tmp_path / "states.json"
    (sources / "articles").mkdir(parents=True)
    (sources / "articles" / "a.yml").write_bytes(b"title: Alpha\n")
    code.mkdir()
    (code / "stage.py").write_bytes(b"LIMIT = 1\n")
    monkeypatch.setattr(keys, "CODE", code)
    keys.seen_digests(sources, record)
    time.sleep(keys.RACY_NS * 1.5 / 1e9)
    keys.seen_digests(sources, record)  # recorded well after the files' changes
    read = []
    real = keys.snapshot
    monkeypatch.setattr(keys, "snapshot", lambda folder, *a: read.append(folder) or real(folder, *a))
    rewrite_keeping_times(sources / "articles" / "a.yml", b"Alpha", b"Alphb")
    changed = keys.seen_digests(sources, record)
    assert code not in read
    assert changed[:2] == keys.digests(sources, real(sources))
    rewrite_keeping_times(sources / "articles" / "a.yml", b"Alphb", b"Alphc")
    rewrite_keeping_times(code / "stage.py", b"1", b"2")
    again = keys.seen_digests(sources, record)
    assert again[:2] == keys.digests(sources, real(sources)) and again[1] != changed[1]


@pytest.mark.parametrize("what", ["added", "removed", "linked"])
def test_a_file_added_removed_or_linked_is_seen(tmp_path, what):
    sources, record = tmp_path / "sources", tmp_path / "states.json"
    (sources / "articles").mkdir(parents=True)
    (sources / "articles" / "a.yml").write_bytes(b"title: Alpha\n")
    (sources / "b.yml").write_bytes(b"x: 1\n")
    time.sleep(keys.RACY_NS * 1.5 / 1e9)
    keys.seen_digests(sources, record)
    assert keys.seen_digests(sources, record)[2] is None
    if what == "added":
        (sources / "articles" / "c.yml").write_bytes(b"")
    elif what == "removed":
        (sources / "b.yml").unlink()
    else:
        (sources / "b.yml").unlink()
        (sources / "b.yml").symlink_to(sources / "articles" / "a.yml")
    changed = keys.seen_digests(sources, record)
    assert changed[2] is not None
    assert changed[:2] == keys.digests(sources, snapshot(sources))


@pytest.mark.build
def test_a_no_change_build_reads_no_source_and_a_changed_byte_is_built(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "archive")
    paths = Paths(root)
    build(paths)
    time.sleep(keys.RACY_NS * 1.5 / 1e9)
    assert build(paths) is None  # records the statuses, well after the files' changes

    def unread(*args, **kwargs):
        raise AssertionError("a source was read in a no-change build")
    with monkeypatch.context() as patch:
        patch.setattr(keys, "snapshot", unread)
        patch.setattr(build_module, "snapshot", unread)
        assert build(paths) is None
    record = root / "sources" / "articles" / f"{SLUGS[0]}.yml"
    title = next(line for line in record.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    word = title.split()[-1].encode()
    rewrite_keeping_times(record, word, word[:-1] + (b"Q" if word[-1:] != b"Q" else b"R"))
    report = build(paths)
    assert report is not None
    page = (root / "docs" / "articles" / f"{SLUGS[0]}.md")
    assert page.exists() and (word[:-1] + (b"Q" if word[-1:] != b"Q" else b"R")).decode() in page.read_text(encoding="utf-8")


def test_a_snapshot_left_unread_holds_and_lists_what_a_whole_snapshot_holds(tmp_path):
    """ingest/unread.py: every file left unread (its status the one recorded), or read where it
    changed, its bytes as read, listed by the text of its name as before."""
    from archive.ingest.sources import RACY_NS, statuses
    from archive.ingest.unread import unread
    root = copy_archive(tmp_path / "a")
    sources = root / "sources"
    (sources / "articles" / "a-b").mkdir()  # a folder whose name sorts before "articles/" by text
    (sources / "articles" / "a-b" / "x.txt").write_bytes(b"x")
    whole = snapshot(sources)
    recorded = statuses(sources)
    hashes = keys.file_hashes(sources, whole)
    changed = f"articles/{SLUGS[0]}.yml"
    del hashes[changed]  # no SHA-256 recorded: read
    tree = unread(sources, recorded, recorded, hashes, time.time_ns() + 2 * RACY_NS)
    assert list(tree.files) == sorted(whole.files, key=str)
    assert list(tree.files.read) == [sources / changed]
    assert {p: tree.files[p] for p in tree.files} == whole.files  # the others read as asked for


def test_the_record_is_pickled_plain_and_a_pickle_naming_anything_is_not_trusted(tmp_path):
    """The record is pickled (JSON's text was 4 ms of each build after one changed record at
    1,005 articles) and holds plain values only: a record naming a class or a function, as a
    foreign pickle could, is not loaded, and everything is read and hashed again."""
    import pickle

    sources, record = tmp_path / "sources", tmp_path / "states"
    (sources / "articles").mkdir(parents=True)
    (sources / "articles" / "a.yml").write_bytes(b"title: Alpha\n")
    first = keys.seen_digests(sources, record)
    with open(record, "rb") as file:
        kept = keys.Plain(file).load()
    assert kept["inputs"] == first[0] and kept["hashes"] == keys.file_hashes(sources, snapshot(sources))
    time.sleep(keys.RACY_NS * 1.5 / 1e9)
    keys.seen_digests(sources, record)  # recorded well after the change
    assert keys.seen_digests(sources, record)[2] is None
    kept["inputs"] = os.getcwd  # a function: whatever it is, it names one
    record.write_bytes(pickle.dumps(kept))
    assert keys.seen_digests(sources, record)[2] is not None
