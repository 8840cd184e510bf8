"""The warm normaliser's reading between saves (issue 21, save -> served): a snapshot taken again
reads only the files whose status changed (ingest/sources.Rescan), and what reading the sources
worked out is reused only where its files are the same (kept.py). Both must give exactly what a
fresh reading gives: the same sources, the same articles, the same problems, the checks across
articles (duplicates, names written two ways) included."""
from __future__ import annotations

import hashlib
import os
import re
import time

import pytest

from archive import cache
from archive.build import Paths, load
from archive.cache import Store
from archive.core.problems import Problems
from archive.ingest import sources
from archive.ingest.sources import Rescan, snapshot
from archive.kept import Kept
from conftest import copy_archive

SLUG = "why-a-peacekeeping-force-wont-help-ukraine"
OTHER = "nato-peacekeeping-mission-could-deepen-the-conflict"


def settled() -> None:
    """Past the window in which a file's status does not tell a change (Rescan.RACY_NS)."""
    time.sleep(Rescan.RACY_NS / 1e9 * 1.5)


@pytest.fixture
def reads(monkeypatch):
    """The paths the snapshots read, in order."""
    seen: list[str] = []
    real = sources.read_regular

    def read_regular(path, *args):
        seen.append(os.path.basename(path))
        return real(path, *args)

    monkeypatch.setattr(sources, "read_regular", read_regular)
    return seen


def test_a_snapshot_taken_again_reads_only_what_changed_and_equals_a_fresh_one(tmp_path, reads):
    folder = tmp_path / "sources"
    (folder / "articles").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (folder / "articles" / name).write_bytes(name.encode() * 100)
    (folder / "site.yml").write_text("title: T\n", encoding="utf-8")
    settled()
    rescan = Rescan()
    assert rescan(folder) == snapshot(folder)
    reads.clear()
    assert rescan(folder) == snapshot(folder)
    assert reads == ["a.txt", "b.txt", "c.txt", "d.txt", "site.yml"], "only the fresh snapshot read them"

    # The same size and modification time, other bytes: the change time tells it.
    a = folder / "articles" / "a.txt"
    status = a.stat()
    a.write_bytes(b"A" * status.st_size)
    os.utime(a, ns=(status.st_atime_ns, status.st_mtime_ns))
    (folder / "articles" / "b.txt").unlink()
    (folder / "articles" / "b.txt").symlink_to(folder / "site.yml")  # a link is never read
    (folder / "articles" / "e.txt").write_bytes(b"new")
    (folder / "articles" / "c.txt").rename(folder / "articles" / "f.txt")
    os.truncate(folder / "articles" / "d.txt", sources.CEILING + 1)  # over the ceiling: its size, unread
    reads.clear()
    again = rescan(folder)
    assert reads == ["a.txt", "d.txt", "e.txt", "f.txt"]
    assert again.files[a] == b"A" * status.st_size
    assert again == snapshot(folder)
    assert list(again.oversized) == [folder / "articles" / "d.txt"]
    assert [what for _, what in again.others] == ["is a symbolic link"]


def test_a_file_changed_just_before_a_snapshot_is_read_again_at_the_next(tmp_path, reads):
    """Within RACY_NS of the snapshot a second change could leave the status as it was: such a
    file is not taken for unchanged until a snapshot well after its change."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"one")
    rescan = Rescan()
    rescan(folder)
    rescan(folder)
    assert reads == ["a.txt", "a.txt"]
    settled()
    rescan(folder)
    rescan(folder)
    assert reads == ["a.txt", "a.txt", "a.txt"]


def set_raw(root, slug: str, data: bytes) -> None:
    folder = root / "sources" / "articles"
    (folder / f"{slug}.txt").write_bytes(data)
    record = folder / f"{slug}.yml"
    record.write_text(re.sub(r'sha256: "[0-9a-f]{64}"', f'sha256: "{hashlib.sha256(data).hexdigest()}"',
                             record.read_text(encoding="utf-8")), encoding="utf-8")


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def loaded(paths: Paths, tree, store: Store, kept: Kept | None = None):
    """load()'s articles and vocabularies, or its problems' lines."""
    try:
        voc, articles, template = load(paths, tree, store, kept=kept)
    except Problems as error:
        return [str(p) for p in error.problems]
    return voc, articles, template


def test_what_reading_worked_out_is_reused_only_where_its_files_are_the_same(tmp_path):
    """Each save read as the warm normaliser reads it (a snapshot taken again, what the last
    load worked out, the articles cached in memory) equals a fresh reading, also when a save
    breaks a check across articles: the duplicate is refused in one line, as it is fresh."""
    root = copy_archive(tmp_path / "archive")
    paths, folder = Paths(root), root / "sources" / "articles"
    rescan, kept = Rescan(), Kept()
    raw, own = (folder / f"{OTHER}.txt").read_bytes(), (folder / f"{SLUG}.txt").read_bytes()
    saves = [
        lambda: replace_in(folder / f"{SLUG}.yml", "title: null\n", 'title: "A title saved warm"\n'),
        lambda: replace_in(root / "sources" / "vocabularies" / "proposals.yml", "  description: >-\n",
                           "  description: >-\n    Edited.\n"),
        lambda: set_raw(root, SLUG, raw),  # the same bytes as another article
        lambda: set_raw(root, SLUG, own),  # apart again
        lambda: replace_in(folder / f"{SLUG}.yml", '- name: "Andreas Umland"', '- name: "JAN GERBER"'),
        lambda: replace_in(folder / f"{SLUG}.yml", '- name: "JAN GERBER"', '- name: "Jan Gerber"'),
    ]
    outcomes = []
    for n, save in enumerate([lambda: None, *saves]):
        save()
        store = Store(None, "warm")
        warm = loaded(paths, rescan(paths.sources), store, kept)
        cache.MEMORY["articles"] = store.used.get("articles", {})  # as first.py keeps them
        fresh = loaded(paths, snapshot(paths.sources), Store(None, f"fresh {n}"))
        assert warm == fresh, n
        outcomes.append(fresh)
    assert any("A title saved warm" in a.title for a in outcomes[1][1])
    assert outcomes[2][0] != outcomes[1][0], "the vocabulary was read again"
    assert any("has the same bytes as" in line for line in outcomes[3])
    assert any("is written 'Jan Gerber'" in line for line in outcomes[5])
    assert isinstance(outcomes[6], tuple)


@pytest.fixture
def kept_listing():
    """listing.keep_listing() installed, as the hook installs it under serve; undone after."""
    import mkdocs.commands.build as build_command
    from mkdocs.structure.files import File
    from archive import listing

    before, modified = build_command.get_files, File.is_modified
    listing.keep_listing()
    yield modified
    build_command.get_files, File.is_modified = before, modified
    listing._listed.clear()
    listing._status.update(listed={}, built={})


def listed(files) -> list[tuple]:
    return [(f.src_uri, f.dest_uri, f.url, f.abs_src_path, f.abs_dest_path, f.inclusion, f.page) for f in files]


def test_mkdocs_listing_of_docs_is_kept_while_docs_holds_the_same_names(tmp_path, kept_listing):
    """listing.keep_listing (the hook's, under serve): a rebuild's list of docs/ is the list
    MkDocs makes, after a page was rewritten, added or removed, with no page of the last build."""
    import mkdocs.commands.build as build_command
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    root = copy_archive(tmp_path / "archive")
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    first = build_command.get_files(config)
    Page(None, first.documentation_pages()[0], config)  # as a build leaves it
    page = root / "docs" / "articles" / f"{SLUG}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nRewritten.\n", encoding="utf-8")
    again = build_command.get_files(config)
    assert listed(again) == listed(get_files(config))
    assert all(a is b for a, b in zip(again, first, strict=True)), "the same File objects, not made again"
    (root / "docs" / "articles" / "added.md").write_text("# Added\n", encoding="utf-8")
    (root / "docs" / "articles" / f"{OTHER}.md").unlink()
    assert listed(build_command.get_files(config)) == listed(get_files(config))


def test_a_page_changed_since_the_last_finished_build_is_modified_and_no_other(tmp_path, kept_listing):
    """listing's File.is_modified: by each file's status as the last finished build listed it.
    A page rewritten with its modification time set back (which MkDocs' own rule, the built
    page older than its source, takes for unchanged) is built again; an untouched one is not;
    after a build that did not finish, MkDocs' own rule decides."""
    import mkdocs.commands.build as build_command
    from mkdocs.config import load_config
    from archive import listing

    modified = kept_listing  # MkDocs' own File.is_modified
    root = copy_archive(tmp_path / "archive")
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    files = build_command.get_files(config)
    for file in files:  # as a finished build leaves the site: every page built after its source
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        open(file.abs_dest_path, "wb").close()
    settled()
    build_command.get_files(config)
    listing.built()
    page = root / "docs" / "articles" / f"{SLUG}.md"
    status = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("a", "b", 1), encoding="utf-8")
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    settled()
    by_path = {f.src_uri: f for f in build_command.get_files(config)}
    assert by_path[f"articles/{SLUG}.md"].is_modified()
    assert not modified(by_path[f"articles/{SLUG}.md"]), "MkDocs' own rule misses it"
    assert not any(f.is_modified() for uri, f in by_path.items() if uri != f"articles/{SLUG}.md")
    os.utime(root / "docs" / "articles" / f"{OTHER}.md")  # touched after the built page: MkDocs' rule
    listing._status["built"] = {}  # as after a build that did not finish
    files = build_command.get_files(config)
    assert [f.src_uri for f in files if f.is_modified()] == [f"articles/{OTHER}.md"]
