"""A build after one changed record reads what that change needs, not the whole archive (issue
21): an unchanged article's text (its paragraphs and removed lines) is kept in the build's cache
apart from the rest of it (archive/bodies.py) and read only where a page shows it; the
articles' and the dataset's entries are read from a few chunks, not one an article; listing and
argument pages docs/ holds as made from the same entries are not read; and of sources/articles/
only the changed article's files are read (ingest/unread.py)."""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from archive import cache
from archive.build import Paths, build
from archive.core.article import Paragraph
from conftest import copy_archive
from test_incremental import clean_build, edit, same_result

CHANGED = "balancing-act-coalition-of-the-willing"


def paragraphs(root: Path) -> dict[str, int]:
    data = json.loads((root / "docs" / "data" / "archive.json").read_text(encoding="utf-8"))
    return {a["slug"]: a["paragraphs"] for a in data["articles"]}


def quoted(root: Path) -> set[str]:
    proposals = (root / "sources" / "vocabularies" / "proposals.yml").read_text(encoding="utf-8")
    return set(re.findall(r"(?m)^ *- article: (\S+)$", proposals))


def retitle(root: Path, title: str) -> None:
    record = root / "sources" / "articles" / f"{CHANGED}.yml"
    record.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", record.read_text(encoding="utf-8"), count=1),
                      encoding="utf-8")

def cache_reads(monkeypatch, wanted) -> list[str]:
    """The names of the cache entries read from now on whose kind `wanted(kind)` accepts."""
    found: list[str] = []
    real = cache.Store.read

    def read(self, kind, name):
        value = real(self, kind, name)
        if value is not None and wanted(kind):
            found.append(name)
        return value
    monkeypatch.setattr(cache.Store, "read", read)
    return found



@pytest.mark.build
def test_a_new_title_reads_the_text_of_only_the_articles_whose_pages_are_made_again(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "archive")
    for n in range(4):  # 9 articles: not all beside the changed one or quoted by a history
        edit(root, "add", n)
    assert build(Paths(root), force=True) is not None
    counts = paragraphs(root)
    made: list[int] = []  # each Paragraph this process reads from the cache (unpickles)

    def counted(self, state):
        made.append(1)
        self.__dict__.update(state)
    monkeypatch.setattr(Paragraph, "__setstate__", counted, raising=False)
    for k in range(2):
        retitle(root, f"A title for the bodies test {k}")
        cache.MEMORY.clear()  # as a one-shot `archive build`: the cache on disk only
        made.clear()
        # Index later: Pagefind's pages show every article of the changed one's shard.
        report, pending = build(Paths(root), index_later=True)
        pages = {Path(rel).stem for rel in report.written if rel.startswith("articles/") and rel.endswith(".md")} & set(counts)
        assert CHANGED in pages and len(pages) < len(counts), sorted(pages)
        # At most: the pages beside its own (their neighbour's title; its own text is read from
        # its sources), and the articles whose quotes the histories on its proposals' pages
        # link to their paragraphs (pages/proposal.py's history()).
        read = (pages | quoted(root)) - {CHANGED}
        assert len(read) < len(counts) - 1, sorted(read)
        beside = sum(counts[slug] for slug in pages - {CHANGED})
        assert beside <= len(made) <= sum(counts[slug] for slug in read), (len(made), sorted(read))
        pending.finish()
    monkeypatch.undo()
    assert paragraphs(root) == counts


@pytest.mark.build
def test_a_new_title_reads_no_listing_page_from_the_cache(tmp_path, monkeypatch):
    """A listing's page whose entries are those docs/ holds it made from (the last build's) is
    not read from the cache, as an article page is not (cache.Store.page): the writer compares
    its hash. Those that changed are made again; none is read."""
    root = copy_archive(tmp_path / "archive")
    assert build(Paths(root), force=True) is not None
    retitle(root, "A title for the listing pages")
    cache.MEMORY.clear()
    found = cache_reads(monkeypatch, lambda kind: kind == "listing")
    report, pending = build(Paths(root), index_later=True)
    pending.finish()
    assert "articles/index.md" in report.written  # a listing of the changed title, made again
    assert not found


@pytest.mark.build
def test_a_new_title_reads_the_datasets_shares_from_a_few_entries(tmp_path, monkeypatch):
    """Each article's share of data/ (its JSON lines and CSV rows) is kept with a run of
    articles (exports/dataset_runs.py), not in an entry of its own: a build after one changed
    record reads the runs' joined entries and the changed run's shares, not one an article
    (each with its key and check). SPAN so large that the archive is one run."""
    from archive.exports import dataset_runs

    monkeypatch.setattr(dataset_runs, "SPAN", 1 << 30)
    root = copy_archive(tmp_path / "archive")
    for n in range(4):
        edit(root, "add", n)
    assert build(Paths(root), force=True) is not None
    before = (root / "docs" / "data" / "archive.json").read_bytes()
    retitle(root, "A title for the dataset's shares")
    cache.MEMORY.clear()
    found = cache_reads(monkeypatch, lambda kind: kind.startswith("dataset"))
    assert build(Paths(root)) is not None
    assert 0 < len(found) <= 2, found
    after = (root / "docs" / "data" / "archive.json").read_bytes()
    assert after != before and after.replace(b"A title for the dataset's shares", b"") != after


@pytest.mark.build
def test_a_new_title_reads_the_shares_of_one_run_and_the_other_runs_joined(tmp_path, monkeypatch):
    """The dataset's articles are kept a run of them at a time, their lines and rows joined
    (exports/dataset_runs.py): a build after one changed record reads the shares of the changed
    article's run only, and each other run as a few joined strings. SPAN small, so that nine
    articles make several runs; checked against a clean build."""
    from archive.exports import dataset_runs

    monkeypatch.setattr(dataset_runs, "SPAN", 2, raising=False)
    root = copy_archive(tmp_path / "archive")
    for n in range(4):
        edit(root, "add", n)
    assert build(Paths(root), force=True) is not None
    retitle(root, "A title for one run of the dataset")
    cache.MEMORY.clear()
    shares = cache_reads(monkeypatch, lambda kind: kind == "dataset")
    assert build(Paths(root)) is not None
    assert len(shares) == 1, shares
    same_result(None, clean_build(root, tmp_path / "clean"), root, tmp_path / "clean", "retitle")


@pytest.mark.build
def test_a_new_title_reads_no_row_of_the_quotes_table_from_the_cache(tmp_path, monkeypatch):
    """The runs' rows of stances.csv and quotes.csv are kept apart from the rest of the runs
    (exports/dataset_runs.py): a new title leaves both tables as they were, so the build reads
    none of their rows (3.5 MB of 13 at 1,005 articles) but those of the changed article's run,
    whose shares it reads. SPAN small, so that nine articles make several runs; checked against
    a clean build."""
    from types import SimpleNamespace

    from archive.exports import dataset_runs

    monkeypatch.setattr(dataset_runs, "SPAN", 2)
    root = copy_archive(tmp_path / "archive")
    for n in range(4):
        edit(root, "add", n)
    assert build(Paths(root), force=True) is not None
    slugs = sorted(p.stem for p in (root / "sources" / "articles").glob("*.yml"))
    changed_run = next(run for run in dataset_runs.runs([SimpleNamespace(slug=s) for s in slugs])
                       if CHANGED in [a.slug for a in run])
    rows = [line for line in (root / "docs" / "data" / "quotes.csv").read_bytes().splitlines()[1:]
            if line.split(b",")[0].decode() not in [a.slug for a in changed_run]]
    retitle(root, "A title that leaves the quotes as they were")
    cache.MEMORY.clear()
    read: list[bytes] = []
    real = cache.Store.read

    def texts(value):
        if isinstance(value, bytes):
            yield value
        elif isinstance(value, (tuple, list)):
            yield from (text for item in value for text in texts(item))
        elif isinstance(value, dict):
            yield from (text for item in value.values() for text in texts(item))

    def reading(self, kind, name):
        value = real(self, kind, name)
        if kind.startswith("dataset"):
            read.extend(texts(value))
        return value
    monkeypatch.setattr(cache.Store, "read", reading)
    assert build(Paths(root)) is not None
    assert rows and read
    assert not [row for row in rows if any(row in text for text in read)]
    same_result(None, clean_build(root, tmp_path / "clean"), root, tmp_path / "clean", "retitle")


@pytest.mark.build
def test_a_new_title_reads_no_other_articles_files(tmp_path, monkeypatch):
    """The sources' statuses and SHA-256 as the last build read them (keys.seen_digests): a
    build after one changed record reads from sources/articles/ only the changed article's
    files, the others' bytes are taken as hashed then (and read only if a page asks)."""
    from archive.ingest import sources

    root = copy_archive(tmp_path / "archive")
    for n in range(4):
        edit(root, "add", n)
    assert build(Paths(root), force=True) is not None
    time.sleep(0.2)  # past the racy window: statuses recorded just after a change are not trusted
    assert build(Paths(root)) is None
    retitle(root, "A title for the reading test")
    cache.MEMORY.clear()
    read: list[str] = []
    real = sources.read_regular
    monkeypatch.setattr(sources, "read_regular", lambda path, *args: (read.append(path), real(path, *args))[1])
    assert build(Paths(root)) is not None
    folder = str(root / "sources" / "articles")
    mine = sorted(Path(p).name for p in read if os.path.dirname(p) == folder)
    assert mine and set(mine) <= {f"{CHANGED}.yml", f"{CHANGED}.txt"}, mine


@pytest.mark.build
def test_a_new_title_reads_the_articles_from_a_few_entries(tmp_path, monkeypatch):
    """What the pages use of each article (bodies.py's first part) is kept in one of
    bodies.CHUNKS cache entries by its slug, not in an entry of its own: a build after one
    changed record reads those few, and its output is a clean build's (test_incremental)."""
    from archive import bodies

    monkeypatch.setattr(bodies, "CHUNKS", 2, raising=False)
    root = copy_archive(tmp_path / "archive")
    for n in range(4):
        edit(root, "add", n)
    assert build(Paths(root), force=True) is not None
    for k in range(2):
        retitle(root, f"A title for the articles' entries {k}")
        cache.MEMORY.clear()
        found = cache_reads(monkeypatch, lambda kind: kind == "articles")  # a new list each round
        assert build(Paths(root)) is not None
        assert 0 < len(found) <= 2, found
    assert "A title for the articles' entries 1".encode() in (root / "docs" / "data" / "archive.json").read_bytes()


@pytest.mark.build
def test_a_new_title_reads_no_unchanged_arguments_pages_from_the_cache(tmp_path, monkeypatch):
    """An argument's pages (one cache entry for all of them) that docs/ holds as made from the
    same quotes are keys.Unchanged: not read from the cache, as a listing's page is not."""
    root = copy_archive(tmp_path / "archive")
    assert build(Paths(root), force=True) is not None
    retitle(root, "A title for the arguments' pages")
    cache.MEMORY.clear()
    found = cache_reads(monkeypatch, lambda kind: kind == "argument")
    report = build(Paths(root))
    assert any(rel.startswith("arguments/") for rel in report.written)  # those of its quotes, made again
    assert not found


def test_an_article_with_its_texts_later_is_the_one_replace_makes_and_leaves_the_kept_one():
    """bodies.with_texts, dataclasses.replace without __init__: equal, hashed alike, and the
    article kept in the chunk (written again when its chunk changes) keeps its empty texts."""
    from dataclasses import replace
    from archive import bodies
    from archive.build import load
    from conftest import ROOT
    _, articles, _ = load(Paths(ROOT))
    for a in articles:
        lite = replace(a, paragraphs=(), removals=())
        body = lambda a=a: (a.paragraphs, a.removals)
        later = bodies.with_texts(lite, bodies.Later(len(a.paragraphs), 0, body), bodies.Later(len(a.removals), 1, body))
        assert later == a and hash(later) == hash(a) and repr(later) == repr(a)
        assert type(later) is type(a) and list(vars(later)) == list(vars(a))
        assert lite.paragraphs == () and lite.removals == ()
