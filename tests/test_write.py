"""The writer's own files (write.py): the manifest it writes at every build is the JSON it always
was, byte for byte (a clone's committed docs/.archive-manifest.json is compared with it)."""
from __future__ import annotations

import gc
import json

import pytest

from archive.build import Paths, build
from archive.write import MANIFEST, write_manifest
from conftest import ROOT, SLUGS, copy_archive


def as_json(inputs, files) -> bytes:
    """The manifest as json.dumps wrote it (indent 0, sorted keys)."""
    return (json.dumps({"inputs": inputs, "files": dict(sorted(files.items()))}, indent=0, sort_keys=True) + "\n").encode()


def test_the_manifest_is_written_as_json_dumps_wrote_it(tmp_path):
    committed = json.loads((ROOT / "docs" / MANIFEST).read_text(encoding="utf-8"))
    odd = {"données/é.md": ["b", "a"], 'quote"d\\name.md': [], "tab\tand\u2028line.md": ["x" * 64],
           "z.md": ["1"], "a.md": ["2", "3", "4"]}
    for inputs, files in ((committed["inputs"], committed["files"]), (None, committed["files"]),
                          ("x", odd), (None, {}), ("", {"only.md": []})):
        write_manifest(tmp_path, inputs, files)
        assert (tmp_path / MANIFEST).read_bytes() == as_json(inputs, files)


@pytest.mark.build
def test_a_build_leaves_the_cyclic_collector_as_it_found_it(tmp_path):
    """build() turns the collector off while it runs; a process that turned it off for good (a
    one-shot `archive build`, which ends with the build) finds it off after, a warm one on."""
    root = copy_archive(tmp_path / "a")
    assert gc.isenabled()
    build(Paths(root), force=True)
    assert gc.isenabled()
    retitle = root / "sources" / "articles" / f"{SLUGS[0]}.yml"
    retitle.write_text(retitle.read_text(encoding="utf-8").replace("title: ", "title: Now ", 1), encoding="utf-8")
    gc.disable()
    try:
        assert build(Paths(root)) is not None
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_large_page_is_hashed_and_staged_beside_the_build_s_thread(tmp_path, monkeypatch):
    """A page of BESIDE bytes or more (data/archive.json) is hashed and staged on a thread of its
    own, and commit() puts it in place as add() would: its bytes, its hash in the manifest. A
    disk's refusal there is the same one-line problem, and nothing staged is left behind.
    (test_memory: one such page at a time, so no more than one copy is held.)"""
    import hashlib
    import threading

    from archive import write
    from archive.core.problems import Problems

    hashed: list[tuple[int, bool]] = []
    real_sha = write.sha
    monkeypatch.setattr(write, "sha", lambda data: (
        hashed.append((len(data), threading.current_thread() is threading.main_thread())), real_sha(data))[1])
    docs = tmp_path / "docs"
    docs.mkdir()
    big, small = b"[" + b"1," * (write.BESIDE // 2) + b"1]", b"small"
    with write.Writer(docs) as out:
        out.update({"data/archive.json": big, "index.md": small})
        report = out.commit("inputs")
    assert (docs / "data" / "archive.json").read_bytes() == big and (docs / "index.md").read_bytes() == small
    assert sorted(hashed) == [(len(small), True), (len(big), False)], "the large page hashed beside"
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"]["data/archive.json"] == [hashlib.sha256(big).hexdigest()]
    assert sorted(report.written) == ["data/archive.json", "index.md"]

    real_stage = write.stage

    def full(path, data, folders=None, early=False):
        if len(data) >= write.BESIDE:
            raise OSError(28, "No space left on device")
        return real_stage(path, data, folders, early)
    monkeypatch.setattr(write, "stage", full)
    with pytest.raises(Problems, match=r"archive\.json.*cannot be written \(No space left on device\)"):
        with write.Writer(docs) as out:
            out.update({"index.md": b"changed", "data/archive.json": big + b" "})
            out.commit("other")
    assert (docs / "data" / "archive.json").read_bytes() == big and (docs / "index.md").read_bytes() == small
    assert not [p for p in docs.rglob("*") if p.name.endswith(".tmp")], "nothing staged left"


def test_a_large_page_s_writing_to_the_disk_starts_beside_the_build_s_thread(tmp_path, monkeypatch):
    """A large page's staged bytes are sent on to the disk where it is staged (its own thread),
    not by commit()'s rename over the page before: ext4 writes them out there, on the build's
    thread (about 6 ms for archive.json at 1,005 articles). A small page's are left as they are."""
    import os
    import threading

    from archive import write

    started: list[tuple[int, bool]] = []
    real_advise = os.posix_fadvise
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, offset, length, advice: (
        started.append((os.fstat(fd).st_size, threading.current_thread() is threading.main_thread())),
        real_advise(fd, offset, length, advice))[1])
    docs = tmp_path / "docs"
    big, small = b"[" + b"1," * (write.BESIDE // 2) + b"1]", b"small"
    for n in range(2):  # a first build, then one whose pages replace those
        with write.Writer(docs) as out:
            out.update({"data/archive.json": big + b" " * n, "index.md": small + b" " * n})
            out.commit("inputs")
        assert (docs / "data" / "archive.json").read_bytes() == big + b" " * n
    assert started == [(len(big), False), (len(big) + 1, False)], "the large page's, beside"


def test_what_docs_holds_in_a_large_page_s_place_is_read_beside_the_build_s_thread(tmp_path, monkeypatch):
    """A large page's place whose state the last build did not leave (it wrote the page in its
    last moments: a racy state) is read and hashed on the page's own thread too, not on the
    build's (8 MB of archive.json at 1,005 articles). The same bytes are then not staged again;
    other bytes are, and a place that cannot be read is the error add() raised before."""
    import threading

    from archive import write

    docs = tmp_path / "docs"
    big = b"[" + b"1," * (write.BESIDE // 2) + b"1]"
    with write.Writer(docs) as out:
        out.update({"data/archive.json": big})
        out.commit("inputs")
    read: list[bool] = []
    real_read = write.read_bytes
    monkeypatch.setattr(write, "read_bytes", lambda path: (
        read.append(threading.current_thread() is threading.main_thread()), real_read(path))[1])
    with write.Writer(docs) as out:  # no states: every file read again
        out.update({"data/archive.json": big})
        report = out.commit("inputs")
    assert read == [False], "read beside the build's thread"
    assert report.written == () and (docs / "data" / "archive.json").read_bytes() == big
    with write.Writer(docs) as out:
        out.update({"data/archive.json": big + b" "})
        report = out.commit("other")
    assert report.written == ("data/archive.json",) and (docs / "data" / "archive.json").read_bytes() == big + b" "

    def refused(path):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(write, "read_bytes", refused)
    with pytest.raises(PermissionError):
        with write.Writer(docs) as out:
            out.update({"data/archive.json": big})
            out.commit("inputs")
    assert (docs / "data" / "archive.json").read_bytes() == big + b" "
    assert not [p for p in docs.rglob("*") if p.name.endswith(".tmp")], "nothing staged left"


def test_both_manifests_of_a_commit_are_made_of_rows_made_once(tmp_path, monkeypatch):
    """A commit that changes a page writes the manifest twice: first with the old and the new
    hashes of each changed page, then with the new. Most rows are the same in both: each name and
    hash is quoted once (twice was 2 ms at 3,357 files), and each manifest is as json.dumps wrote it."""
    from archive import atomic, write
    docs = tmp_path / "docs"
    docs.mkdir()
    pages = {f"page-{n}.md": f"page {n}".encode() for n in range(40)}
    with write.Writer(docs) as out:
        out.update({**pages, "gone.md": b"gone"})
        out.commit("before")
    quoted, written = [], []
    real_quoted, real_write = atomic.quoted, atomic.atomic_write
    monkeypatch.setattr(atomic, "quoted", lambda text: (quoted.append(text), real_quoted(text))[1])
    monkeypatch.setattr(atomic, "atomic_write", lambda path, data, *rest: (written.append(data), real_write(path, data, *rest))[1])
    with write.Writer(docs) as out:
        out.update({**pages, "page-0.md": b"changed"})
        out.commit("after")
    sha = {rel: write.sha(data) for rel, data in {**pages, "page-0.md": b"changed", "gone.md": b"gone"}.items()}
    after = {rel: [sha[rel]] for rel in pages}
    pending = {**after, "page-0.md": sorted([write.sha(pages["page-0.md"]), sha["page-0.md"]]), "gone.md": [sha["gone.md"]]}
    assert written == [as_json(None, pending), as_json("after", after)]
    assert len(quoted) == 2 * len(pages) + 3 + 2, "each row quoted once, and the pending manifest's two other rows"
