"""Pagefind's input pages are kept between builds (exports/search_inputs.py): after one changed
record only that article's page is made and written for Pagefind, the shard's other pages are
the ones the last build wrote, and the index is still byte for byte a clean build's, whatever
happened to the kept pages meanwhile."""
from __future__ import annotations

import shutil

import pytest
import yaml

from archive.build import Paths, build
from archive.exports import search as search_stage
from archive.exports import search_inputs, search_shards
from conftest import SLUGS, copy_archive
from test_search_shards import index_files, indexed_shards

pytestmark = pytest.mark.build  # every test here builds the archive (Pagefind)


def made_pages(monkeypatch) -> list[str]:
    """The slugs of the article pages made for Pagefind from now on."""
    made: list[str] = []
    real = search_stage.article_page
    monkeypatch.setattr(search_stage, "article_page", lambda voc, a, names=None: (made.append(a.slug), real(voc, a, names))[1])
    return made


def indexed_from_scratch(root) -> None:
    """A first build that runs Pagefind, and so keeps its pages: without the committed shards' keys
    (a fresh clone takes docs/pagefind's shards by them and writes no page)."""
    (root / "docs" / search_stage.FOLDER / search_stage.KEYS_FILE).unlink()
    assert build(Paths(root), force=True) is not None


def retitle(root, slug: str, title: str) -> None:
    record = root / "sources" / "articles" / f"{slug}.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump({**data, "title": title}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def clean_index(tmp_path, root) -> dict[str, bytes]:
    clean = copy_archive(tmp_path / "clean")
    shutil.rmtree(clean / "sources")
    shutil.copytree(root / "sources", clean / "sources")
    assert build(Paths(clean), force=True) is not None
    return index_files(clean)


def test_one_changed_record_makes_only_its_page_for_pagefind_and_the_index_equals_a_clean_build(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)  # every page made, and kept
    made, runs = made_pages(monkeypatch), indexed_shards(monkeypatch)
    retitle(root, SLUGS[2], "Zqxkept: a title only this article has")
    assert build(Paths(root)) is not None
    assert runs[-1] == [0], "the five articles are one shard, indexed again"
    assert made == [SLUGS[2]], f"pages made for Pagefind: {made}"
    assert index_files(root) == clean_index(tmp_path, root)


@pytest.mark.parametrize("damage", ["edited", "removed", "stray", "record"])
def test_kept_pages_changed_behind_the_builds_back_are_written_again(tmp_path, damage):
    """A kept page edited (same size) or removed, a page added, the record of what was written
    lost: the next index is still exactly a clean build's."""
    root = copy_archive(tmp_path / "edited")
    indexed_from_scratch(root)
    kept = root / search_inputs.FOLDER
    pages = sorted(kept.glob("site-0/articles/*.html"))
    assert [p.stem for p in pages] == SLUGS
    victim = pages[1]
    if damage == "edited":
        text = victim.read_text(encoding="utf-8")
        victim.write_text(text.replace("<h1>", "<h2>", 1).replace("</h1>", "</h2>", 1), encoding="utf-8")
    elif damage == "removed":
        victim.unlink()
    elif damage == "stray":
        (victim.parent / "zz-stray.html").write_text("<html><body><p>Zqxstray</p></body></html>", encoding="utf-8")
    else:
        (kept / "site-0.json").write_text("{}", encoding="utf-8")
        victim.write_text("<html><body><p>Zqxrecord</p></body></html>", encoding="utf-8")
    retitle(root, SLUGS[0], "Zqxsecond")  # the same shard, indexed again with the victim's page kept
    assert build(Paths(root)) is not None
    assert index_files(root) == clean_index(tmp_path, root)
