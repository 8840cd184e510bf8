"""An incremental build equals a clean full build, byte for byte: random sequences of edits
(records, raw files, a vocabulary, a publisher's rules; articles added, renamed and deleted),
each built by one warm process, as the normaliser under `mkdocs serve` builds (its articles and
article pages kept from build to build, the pages written before the search index), and compared
after every edit with `archive build` of the same sources into a docs/ without any generated
file, in a process of its own. A change of code or templates restarts the warm process (a full
build): not an edit here."""
from __future__ import annotations

import gzip
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.build import Paths, build
from archive.core.problems import Problems
from bench_support import corpus
from bench_support import run as bench_run
from conftest import SLUGS, copy_archive

EDITS = ("retitle", "raw", "rename", "delete", "add", "vocabulary", "rules")


def articles(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "sources" / "articles").glob("*.yml"))


def set_raw(root: Path, slug: str, data: bytes) -> None:
    """The raw file's new bytes, and its record's sha256 to match."""
    folder = root / "sources" / "articles"
    (folder / f"{slug}.txt").write_bytes(data)
    record = folder / f"{slug}.yml"
    text = re.sub(r'sha256: "[0-9a-f]{64}"', f'sha256: "{hashlib.sha256(data).hexdigest()}"',
                  record.read_text(encoding="utf-8"))
    record.write_text(text, encoding="utf-8")


def edit(root: Path, kind: str, n: int) -> None:
    folder = root / "sources" / "articles"
    present = articles(root)
    slug = present[n % len(present)]
    if kind == "retitle":
        record = folder / f"{slug}.yml"
        record.write_text(re.sub(r"(?m)^title: .*$", f"title: An edited title number {n}",
                                 record.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    elif kind == "raw":  # a blank line more at the end: read as nothing, new bytes all the same
        set_raw(root, slug, (folder / f"{slug}.txt").read_bytes() + b"\n")
    elif kind == "rename" and len(present) > 1:
        for suffix in (".txt", ".yml"):
            (folder / f"{slug}{suffix}").rename(folder / f"{slug}-moved{n}{suffix}")
    elif kind == "delete" and len(present) > 2:
        for suffix in (".txt", ".yml"):
            (folder / f"{slug}{suffix}").unlink()
    elif kind == "add":
        copy = f"{slug[:40]}-copy{n}"
        shutil.copy2(folder / f"{slug}.yml", folder / f"{copy}.yml")
        set_raw(root, copy, (folder / f"{slug}.txt").read_bytes() + b"\n" * (n % 7 + 2))
    elif kind == "vocabulary":
        proposals = root / "sources" / "vocabularies" / "proposals.yml"
        proposals.write_text(proposals.read_text(encoding="utf-8").replace(
            "  description: >-\n", f"  description: >-\n    Edited {n}.\n", 1), encoding="utf-8")
    elif kind == "rules":  # a publisher's rules: one more line the cleaner would remove as furniture
        rules = sorted(p for p in (root / "sources" / "boilerplate").glob("*.yml") if "\nrules:\n" in p.read_text(encoding="utf-8"))
        path = rules[n % len(rules)]
        path.write_text(path.read_text(encoding="utf-8").replace(
            "\nrules:\n", f"\nrules:\n  - {{id: edited-{n}, kind: share-buttons, extent: line, match: 'No article has this line {n}'}}\n", 1),
            encoding="utf-8")


def warm_build(root: Path) -> list[str] | None:
    """Build as the warm normaliser does; the problems' lines, or None."""
    try:
        made = build(Paths(root), index_later=True)
    except Problems as error:
        return [str(p) for p in error.problems]
    if made is not None:
        made[1].finish()
    return None


def clean_build(root: Path, into: Path) -> list[str] | None:
    """`archive build` of root's sources into a docs/ holding none of the generated files."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir()
    shutil.copy2(root / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(root / "sources", into / "sources")
    generated = corpus.generated_files(root / "docs") | {corpus.MANIFEST}
    for path in sorted((root / "docs").rglob("*")):
        rel = path.relative_to(root / "docs").as_posix()
        if path.is_file() and rel not in generated:
            (into / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, into / "docs" / rel)
    done = subprocess.run(bench_run.archive_cmd() + ["--root", str(into), "build"], capture_output=True, text=True,
                          timeout=600)
    if done.returncode == 1:
        return done.stderr.splitlines()[:-1]  # the last line counts the problems
    assert done.returncode == 0, done.stderr[-3000:]
    return None


def files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


@pytest.mark.build
@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 50)), min_size=1, max_size=3))
def test_incremental_build_equals_a_clean_build(tmp_path_factory, edits):
    base = tmp_path_factory.mktemp("incremental")
    root = copy_archive(base / "archive")
    warm_build(root)  # the caches warmed on the archive as it is
    for kind, n in edits:
        edit(root, kind, n)
        warm = warm_build(root)
        clean = clean_build(root, base / "clean")
        if warm is not None or clean is not None:
            assert [re.sub(r"^.*?sources/", "sources/", line) for line in warm or []] == \
                [re.sub(r"^.*?sources/", "sources/", line) for line in clean or []], (kind, n)
            continue
        ours, theirs = files(root / "docs"), files(base / "clean" / "docs")
        assert sorted(ours) == sorted(theirs), (kind, n, sorted(set(ours) ^ set(theirs))[:10])
        differ = [rel for rel in ours if ours[rel] != theirs[rel]]
        assert not differ, (kind, n, differ[:10])


@pytest.mark.build  # builds the archive and runs Pagefind
def test_pages_first_then_the_index_and_the_search_page_says_so_meanwhile(tmp_path):
    """build(index_later=True), as the normaliser under `mkdocs serve` runs it: the changed page
    is written with the old index kept and the search page saying the index is behind; finish()
    writes the index and the search page without its notice."""
    root = copy_archive(tmp_path / "archive")
    edit(root, "retitle", 7)
    report, pending = build(Paths(root), index_later=True)
    docs = root / "docs"
    assert any(p.startswith("articles/") for p in report.written)
    assert "brought up to date" in (docs / "search.md").read_text(encoding="utf-8")
    assert not any("An edited title number 7".encode() in gzip.decompress(p.read_bytes())
                   for p in (docs / "pagefind" / "fragment").glob("*.pf_fragment")), "the index is the old one"
    pending.finish()
    assert "brought up to date" not in (docs / "search.md").read_text(encoding="utf-8")
    assert any("An edited title number 7".encode() in gzip.decompress(p.read_bytes())
               for p in (docs / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert build(Paths(root)) is None, "docs/ is then as a full build leaves it"
