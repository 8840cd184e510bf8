"""What a one-shot `archive build` after one changed record does not do again: read the
vocabularies (their reading is kept on disk by the bytes of every file outside
sources/articles/, kept.py) and clean the article's unchanged text (its cleaning is kept by the
raw file's bytes and the record fields it was made with). The docs/ it writes are those of a
clean build; test_incremental's property tests compare every kind of edit."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archive import cache, kept
from archive.build import Paths, build
from archive.ingest import derive
from archive.ingest.vocabularies import VocabularyReader
from conftest import SLUGS, copy_archive

pytestmark = pytest.mark.build  # each test builds the archive, Pagefind included


def one_shot(root: Path, **kw):
    """A build as a new `archive build` process makes it: nothing in memory, the disk cache only."""
    cache.MEMORY.clear()
    return build(Paths(root), **kw)


def set_record(root: Path, slug: str, pattern: str, text: str) -> None:
    record = root / "sources" / "articles" / f"{slug}.yml"
    record.write_text(re.sub(pattern, text, record.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_a_new_title_neither_reads_the_vocabularies_nor_cleans_the_text_again(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)
    cleaned, read, hashed = [], [], []
    real_clean, real_read, real_hash = derive.clean_region, VocabularyReader.vocabulary, kept.reading_digest
    # Nor hashes every source outside sources/articles/ again (kept with the vocabularies).
    monkeypatch.setattr(kept, "reading_digest", lambda *a: hashed.append(1) or real_hash(*a))
    monkeypatch.setattr(derive, "clean_region", lambda raw, *a: cleaned.append(raw.slug) or real_clean(raw, *a))
    monkeypatch.setattr(VocabularyReader, "vocabulary", lambda self, s: read.append(s) or real_read(self, s))

    set_record(root, SLUGS[1], r"(?m)^title: .*$", "title: One record changed")
    assert "articles/" + SLUGS[1] + ".md" in one_shot(root).written
    assert cleaned == [] and read == [] and hashed == []

    # The record's region is what its cleaning is made with: cleaned again, this article only.
    lines = len((root / "sources" / "articles" / f"{SLUGS[1]}.txt").read_text(encoding="utf-8").splitlines())
    set_record(root, SLUGS[1], r"(?m)^title: .*$", f"title: One record changed\nregion: {{first: 2, last: {lines}, basis: edited}}")
    one_shot(root)
    assert cleaned == [SLUGS[1]] and read == []

    # New bytes of the raw text: cleaned again.
    raw = root / "sources" / "articles" / f"{SLUGS[2]}.txt"
    data = raw.read_bytes() + b"\n"
    raw.write_bytes(data)
    set_record(root, SLUGS[2], r'sha256: "[0-9a-f]{64}"', f'sha256: "{hashlib.sha256(data).hexdigest()}"')
    one_shot(root)
    assert cleaned == [SLUGS[1], SLUGS[2]] and read == []

    # A rules file changed: the vocabularies read again, and every text cleaned with the new rules.
    rules = root / "sources" / "boilerplate" / "generic.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "\nrules:\n", "\nrules:\n  - {id: edited, kind: share-buttons, extent: line, match: 'No article has this line'}\n", 1),
        encoding="utf-8")
    one_shot(root)
    assert sorted(cleaned[2:]) == SLUGS and len(read) == 1 and len(hashed) == 1

    clean = copy_archive(tmp_path / "fresh")
    for slug in (SLUGS[1], SLUGS[2]):
        for suffix in (".yml", ".txt"):
            (clean / "sources" / "articles" / f"{slug}{suffix}").write_bytes(
                (root / "sources" / "articles" / f"{slug}{suffix}").read_bytes())
    (clean / "sources" / "boilerplate" / "generic.yml").write_bytes(rules.read_bytes())
    one_shot(clean, force=True)
    assert files(root / "docs") == files(clean / "docs")


def test_a_new_title_imports_neither_cleaning_nor_a_process_pool(tmp_path):
    """What the one-shot build after a new title does not use, it does not import: deriving and
    cleaning a text (ingest/derive.py and the saved-page modules under it, about 30 ms) and
    multiprocessing (the citations' pool, for many entries; 18 ms)."""
    root = copy_archive(tmp_path / "a")
    probe = ("import sys; from archive.cli import main; code = main(['--root', *sys.argv[1:]]); "
             "print(code, *(m in sys.modules for m in ('archive.ingest.derive', 'archive.ingest.webpage', 'multiprocessing')))")
    run = lambda *args: subprocess.run([sys.executable, "-c", probe, str(root), *args], capture_output=True, text=True, timeout=600)
    assert run("build", "--force").returncode == 0  # the cache filled
    set_record(root, SLUGS[3], r"(?m)^title: .*$", "title: Another title")
    done = run("build")
    assert done.stdout.split("\n")[-2] == "0 False False False", done.stdout[-2000:] + done.stderr[-2000:]


def test_the_archive_command_ends_without_tearing_down_what_it_built(tmp_path):
    """`archive build` ends its process once docs/ is written, without the interpreter freeing
    the build's objects one by one (about 0.1 s at 1,005 articles): an exit handler does not
    run, and what it printed and wrote is all there."""
    root = copy_archive(tmp_path / "a")
    set_record(root, SLUGS[0], r"(?m)^title: .*$", "title: A title for the command")
    probe = ("import atexit, sys; atexit.register(lambda: print('torn down')); "
             "sys.argv = ['archive', '--root', sys.argv[1], 'build']; from archive.cli import main; sys.exit(main())")
    done = subprocess.run([sys.executable, "-c", probe, str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("archive: wrote ") and "torn down" not in done.stdout
    assert "A title for the command" in (root / "docs" / "articles" / f"{SLUGS[0]}.md").read_text(encoding="utf-8")
    assert not any(p.name.endswith(".tmp") for p in (root / "docs").rglob("*"))


def test_a_no_change_build_imports_no_article_or_vocabulary(tmp_path):
    """A no-change `archive build` needs only the sources' statuses and the manifest: it does not
    import the article's and the vocabulary's modules (their dataclasses made at import: about
    0.03 CPU s of the 0.2 s a no-change build takes at 5,005 articles), nor any stage."""
    root = copy_archive(tmp_path / "a")
    probe = ("import sys; from archive.cli import main; code = main(['--root', *sys.argv[1:]]); "
             "print(code, *(m in sys.modules for m in ('archive.core.article', 'archive.core.vocabulary', 'archive.bodies')))")
    run = lambda *args: subprocess.run([sys.executable, "-c", probe, str(root), *args], capture_output=True, text=True, timeout=600)
    assert run("build").returncode == 0
    done = run("build")
    assert done.stdout.split("\n")[-2] == "0 False False False", done.stdout[-2000:] + done.stderr[-2000:]
