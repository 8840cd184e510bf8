"""Pagefind's output folders are kept between builds (exports/search_outputs.py): after one changed
record Pagefind finds the other pages' fragments already written and compresses only the changed
page's, and the index is still byte for byte a clean build's, whatever happened to the kept
output meanwhile."""
from __future__ import annotations

import gzip
import os
import re

import pytest

from archive.build import Paths, build
from archive.exports import search as search_stage
from archive.exports import search_inputs, search_outputs
from conftest import SLUGS, copy_archive
from test_search_inputs import clean_index, indexed_from_scratch, retitle
from test_search_shards import index_files, indexed_shards

pytestmark = pytest.mark.build  # every test here builds the archive (Pagefind)


def stamps(folder) -> dict[str, tuple[int, int]]:
    """Each file under `folder` -> its inode and modification time (written again: changed)."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_one_changed_record_has_pagefind_write_only_the_fragments_of_pages_it_changed(tmp_path, monkeypatch):
    """The article's page and the proposal pages that show its title are written again, and only
    their fragments: the shard's other pages' fragments are the files the last build left."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    kept = root / search_inputs.FOLDER
    pages, out = stamps(kept / "site-0"), kept / "out-0" / search_outputs.FRAGMENTS
    before, runs = stamps(out), indexed_shards(monkeypatch)
    assert len(before) == len(pages), "one fragment a page"
    retitle(root, SLUGS[2], "Zqxoutput: a title only this article has")
    assert build(Paths(root)) is not None
    assert runs[-1] == [0]
    rewritten = {url for url, stamp in stamps(kept / "site-0").items() if pages.get(url) != stamp}
    after = stamps(out)
    new = {search_outputs.page_url((out / name).read_bytes()) for name in after if after[name] != before.get(name)}
    assert f"articles/{SLUGS[2]}.html" in rewritten and len(rewritten) < len(pages) / 2
    assert new == rewritten and len(after) == len(before)
    assert index_files(root) == clean_index(tmp_path, root)


@pytest.mark.parametrize("damage", ["edited", "removed", "stray", "record", "swapped", "interrupted", "version"])
def test_kept_output_changed_behind_the_builds_back_is_not_trusted(tmp_path, damage):
    """A kept fragment edited (same size) or removed, a file added, the record lost or naming
    another page's fragment, a build stopped while Pagefind wrote: the next index is exactly a
    clean build's."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    out = root / search_inputs.FOLDER / "out-0"
    record = out.with_suffix(".json")
    names = sorted((out / search_outputs.FRAGMENTS).iterdir())
    victim = names[1]
    if damage == "edited":
        data = bytearray(victim.read_bytes())
        data[-9] ^= 0xFF  # inside the compressed stream, before its checksum: same size, other bytes
        victim.write_bytes(bytes(data))
    elif damage == "removed":
        victim.unlink()
    elif damage == "stray":
        (out / "index" / "en_0000000.pf_index").write_bytes(b"stray")
        (out / search_outputs.FRAGMENTS / "en_0000000.pf_fragment").write_bytes(b"stray")
    elif damage == "record":
        record.unlink()
    elif damage == "swapped":  # two pages' fragments exchanged in the record
        text = record.read_text(encoding="utf-8")
        a, b = names[0].name, names[1].name
        record.write_text(text.replace(a, "\0").replace(b, a).replace("\0", b), encoding="utf-8")
    elif damage == "version":  # written by another Pagefind: same names, maybe other compressed bytes
        record.write_text(record.read_text(encoding="utf-8").replace("pagefind 1.", "pagefind 0."), encoding="utf-8")
        data, stamp = bytearray(victim.read_bytes()), victim.stat().st_mtime_ns
        data[-9] ^= 0xFF
        victim.write_bytes(bytes(data))
        os.utime(victim, ns=(stamp, stamp))  # as recorded: only the record's Pagefind tells
    else:  # a build stopped: no record, and a fragment written in part
        record.unlink()
        victim.write_bytes(victim.read_bytes()[:100])
    retitle(root, SLUGS[0], "Zqxsecond")  # the same shard, indexed again beside the kept output
    assert build(Paths(root)) is not None
    assert index_files(root) == clean_index(tmp_path, root)


def test_a_lengthened_fragment_name_beside_kept_ones_has_the_shard_indexed_again_from_nothing(tmp_path, monkeypatch):
    """Pagefind names a fragment by 7 digits of its hash and lengthens one of two alike; beside
    kept files it could then have taken another page's fragment for one of the shard's: such an
    output is refused, and Pagefind runs again in an empty folder."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    out = root / search_inputs.FOLDER / "out-0"
    real = search_outputs.Outputs.collect
    refused: list[bool] = []

    def collect(self, urls, unused):
        new = [p for p in (self.path / search_outputs.FRAGMENTS).iterdir()
               if f"{search_outputs.FRAGMENTS}/{p.name}" not in self.kept]
        if self.kept and not refused:  # as if Pagefind had lengthened the new fragment's name
            new[0].rename(new[0].with_name(new[0].name.replace(".pf_fragment", "0.pf_fragment")))
        found = real(self, urls, unused)
        refused.append(found is None)
        return found

    monkeypatch.setattr(search_outputs.Outputs, "collect", collect)
    retitle(root, SLUGS[3], "Zqxlonger")
    assert build(Paths(root)) is not None
    assert refused == [True, False]
    assert not any(len(p.stem) > 10 for p in (out / search_outputs.FRAGMENTS).iterdir())
    assert index_files(root) == clean_index(tmp_path, root)


def test_page_url_reads_the_page_a_fragment_is_of(tmp_path):
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    folder = root / search_inputs.FOLDER / "out-0" / search_outputs.FRAGMENTS
    urls = {search_outputs.page_url(p.read_bytes()) for p in folder.iterdir()}
    pages = {p.relative_to(root / search_inputs.FOLDER / "site-0").as_posix()
             for p in (root / search_inputs.FOLDER / "site-0").rglob("*.html")}
    assert urls == pages
    assert search_outputs.page_url(b"not gzip") is None
    other_order = gzip.compress(search_outputs.HEAD + b'{"content":"Zqx","url":"/articles/z.html"}')
    assert search_outputs.page_url(other_order) == "articles/z.html"
    assert search_stage.UNUSED.fullmatch("pagefind-ui.js")


def test_what_pagefind_writes_again_is_removed_once_collected_not_before_the_next_pagefind(tmp_path, monkeypatch):
    """The word indexes, the metadata and the bundle's scripts, which Pagefind writes again in
    every run, are removed from the kept output once collected (in Indexing's thread, beside the
    rendering): the next build's Pagefind then starts with only the changed pages' fragments
    left to remove."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    out = root / search_inputs.FOLDER / "out-0"
    assert {p.parent.name for p in out.rglob("*") if p.is_file()} == {search_outputs.FRAGMENTS}
    removed: list[str] = []
    real_unlink = os.unlink
    monkeypatch.setattr(search_outputs.os, "unlink", lambda path, *a, **k: (removed.append(str(path)), real_unlink(path, *a, **k))[1])
    real_prepare = search_outputs.Outputs.prepare

    def prepare(self, unchanged):
        removed.clear()
        real_prepare(self, unchanged)
        prepared.append(list(removed))
    prepared: list[list[str]] = []
    monkeypatch.setattr(search_outputs.Outputs, "prepare", prepare)
    retitle(root, SLUGS[2], "Zqxcollected")
    assert build(Paths(root)) is not None
    inside = [path for paths in prepared for path in paths if f"{out}/" in path]  # not its record
    assert prepared and inside and all(path.startswith(f"{out}/{search_outputs.FRAGMENTS}/") for path in inside), prepared
    assert {p.parent.name for p in out.rglob("*") if p.is_file()} == {search_outputs.FRAGMENTS}
    assert index_files(root) == clean_index(tmp_path, root)
