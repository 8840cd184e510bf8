"""The build's disk cache (.cache/archive/, cache.py) and the writer's hashes: what a one-shot
`archive build` reuses is exactly what it would make, a cache it did not write is never
trusted, checks across records stay exact, and unchanged outputs are not read again."""
from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from archive import cache, manifest, packs
from archive.build import Paths, build
from archive.core.problems import Problems
from conftest import SLUGS, copy_archive

pytestmark = pytest.mark.build  # each test builds the archive, Pagefind included


def one_shot(root: Path, **kw):
    """A build as a new `archive build` process makes it: nothing in memory, the disk cache only."""
    cache.MEMORY.clear()
    return build(Paths(root), **kw)


def retitle(root: Path, slug: str, title: str) -> None:
    record = root / "sources" / "articles" / f"{slug}.yml"
    record.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", record.read_text(encoding="utf-8"), count=1),
                      encoding="utf-8")


def files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_a_record_citing_a_page_as_a_cached_record_does_not_is_refused(tmp_path):
    """The sources a record cites are checked against every other record's, the cached ones'
    too: one page has one title."""
    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)  # every article in the cache
    vocabularies = "".join(p.read_text(encoding="utf-8") for p in (root / "sources" / "vocabularies").glob("*.yml"))
    # A page one record cites, and no vocabulary (those are checked on their own).
    source, citing = next((m.group(0), slug) for slug in SLUGS for m in re.finditer(
        r'(?ms)^    - publisher: [^\n]*\n      title: .*?^      url: "([^"]+)"\n.*?^      quote: .*?\n',
        (root / "sources" / "articles" / f"{slug}.yml").read_text(encoding="utf-8")) if m.group(1) not in vocabularies)
    other = next(s for s in SLUGS if s != citing and "  sources:\n    - publisher:" in
                 (root / "sources" / "articles" / f"{s}.yml").read_text(encoding="utf-8"))
    record = root / "sources" / "articles" / f"{other}.yml"
    text = record.read_text(encoding="utf-8")
    source = re.sub(r"(?m)^      title: .*$", '      title: "Another title for the same page"', source)
    record.write_text(text.replace("  sources:\n", "  sources:\n" + source, 1), encoding="utf-8")
    with pytest.raises(Problems) as refused:
        one_shot(root)
    assert any("disagrees with" in str(p) and "Another title" in str(p) for p in refused.value.problems), \
        refused.value.problems


def test_corrupt_and_foreign_entries_are_made_again_and_never_run(tmp_path):
    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)
    folder = root / ".cache" / "archive"
    entries = [(pack, name, offset, length) for kind in ("articles", "article-pages")
               for pack in sorted((folder / kind).iterdir()) for name, offset, length in packs.headers(pack)]
    assert len(entries) == 2 * len(SLUGS)
    marker = tmp_path / "ran"

    class Hostile:  # a pickle that runs a command when loaded, behind a well-formed header
        def __reduce__(self):
            return (shutil.copy, (__file__, str(marker)))
    payload = pickle.dumps(Hostile())
    spoiled: dict = {}
    for i, (pack, name, offset, length) in enumerate(entries):
        entry = pack.read_bytes()[offset:offset + length]
        if i % 4 == 3:  # one byte of its text changed: it still unpickles, so only the check finds it
            at = entry.rindex(b"Ukraine")
            entry = entry[:at] + b"Ukrainf" + entry[at + 7:]
        elif i % 3 == 0:
            entry = entry[:-40]  # cut short
        elif i % 3 == 1:
            entry = cache.VERSION + cache.checksum(payload) + b"\n" + payload
        else:
            entry = b"not ours at all"
        spoiled.setdefault(pack, []).append(f"{name} {len(entry)}\n".encode() + entry)
    for pack, written in spoiled.items():  # and a last entry cut short
        pack.write_bytes(b"".join(written) + b"0123456789 1000\nabc")
    retitle(root, SLUGS[2], "A title after the cache was spoiled")
    one_shot(root)
    assert not marker.exists(), "a pickle naming another module's function was loaded"
    clean = copy_archive(tmp_path / "clean")
    retitle(clean, SLUGS[2], "A title after the cache was spoiled")
    one_shot(clean, force=True)
    assert files(root / "docs") == files(clean / "docs")


def test_unchanged_outputs_are_compared_by_hash_not_read_again(tmp_path, monkeypatch):
    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)
    assert one_shot(root) is None  # nothing changed; the states of docs/'s files are recorded
    reads = []
    real = manifest.read_bytes
    monkeypatch.setattr(manifest, "read_bytes", lambda path, *a: reads.append(path) or real(path, *a))
    retitle(root, SLUGS[1], "One record changed")
    report = one_shot(root)
    assert "articles/" + SLUGS[1] + ".md" in report.written
    assert report.unchanged > 100
    assert len(reads) < 10, f"{len(reads)} files of docs/ read again: {reads[:10]}"


def test_a_hand_edit_of_the_same_size_is_still_refused(tmp_path):
    """A file whose size, time or inode changed is read again, so a hand edit is found."""
    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)
    assert one_shot(root) is None
    page = root / "docs" / "articles" / f"{SLUGS[0]}.md"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"a", b"e", 1))
    retitle(root, SLUGS[1], "Another record changed")
    with pytest.raises(Problems) as refused:
        one_shot(root)
    assert any("edited by hand" in str(p) for p in refused.value.problems)


def test_caching_a_page_leaves_no_second_copy_of_its_text_in_memory(tmp_path):
    """Pickle asks a text for its UTF-8 form, which Python then keeps inside the text (sys.getsizeof
    counts it): a cold build caching every page and article kept each twice (1,623 MB at 5,005
    articles against 1,166 before the cache). The entry still reads back equal."""
    import sys

    page = "Europe’s “peacekeepers” — a paragraph " * 2000
    value = ("sha", {"articles/x.md": page}, [page[:100]])
    sizes = [sys.getsizeof(page), sys.getsizeof(value[2][0])]
    store = cache.Store(tmp_path, "code")
    store.put("article-pages", "key", value)
    assert [sys.getsizeof(page), sys.getsizeof(value[2][0])] == sizes
    cache.MEMORY.clear()
    assert cache.Store(tmp_path, "code").get("article-pages", "key") == value


def test_a_one_shot_archive_build_keeps_nothing_in_memory_for_a_next_build(tmp_path):
    """`archive build` runs once: what it cached is on disk, and the values are not held to the
    end of the build for a next one that never comes (the dataset's fragments were: part of
    the 1,623 MB at 5,005 articles). A warm process (serve) still keeps them."""
    from archive.cli import main

    root = copy_archive(tmp_path / "a")
    retitle(root, SLUGS[0], "A new title for the one-shot build")
    cache.MEMORY.clear()
    assert main(["--root", str(root), "build"]) == 0
    assert cache.MEMORY == {}
    assert (root / ".cache" / "archive" / "dataset").is_dir()
    retitle(root, SLUGS[0], "Another title for the warm build")
    build(Paths(root))
    assert any(value is not None for value in cache.MEMORY.get("dataset-runs", {}).values())


def test_compiled_templates_are_kept_on_disk_and_a_bad_entry_is_compiled_again(tmp_path, monkeypatch):
    """A one-shot `archive build` starts from the templates a build compiled before (Jinja's
    bytecode, .cache/archive/jinja): compiling them took about 0.25 s of each run. An entry cut
    short or not Jinja's is compiled again, not an error."""
    import jinja2
    from archive.site import markup

    folder = tmp_path / "jinja"
    monkeypatch.setattr(markup, "_COMPILED", markup._Compiled())
    markup.keep_compiled(folder)
    markup.Templates({}, {}).get("article.md")
    assert any(folder.iterdir())
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(a) or real(self, *a, **k))
    monkeypatch.setattr(markup, "_COMPILED", markup._Compiled())  # a new process: nothing in memory
    markup.keep_compiled(folder)
    markup.Templates({}, {}).get("article.md")
    assert compiled == []
    for entry in folder.iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    monkeypatch.setattr(markup, "_COMPILED", markup._Compiled())
    markup.keep_compiled(folder)
    assert markup.Templates({}, {}).get("article.md").render is not None
    assert len(compiled) == 1


def test_a_new_process_takes_every_template_from_one_pack_by_the_code_s_digest(tmp_path, monkeypatch):
    """With the digest of the normaliser's code (templates included), the compiled templates are
    also kept in one pack by it: a new process reads that file, not each template and its code
    (4 of 6 ms after one changed record). Other code makes its own pack; the old one is removed."""
    import jinja2
    from archive.site import markup

    folder = tmp_path / "jinja"
    monkeypatch.setattr(markup, "_COMPILED", markup._Compiled())
    markup.keep_compiled(folder, "code-1")
    made = markup.Templates({}, {}).get("matrix_legend.md").root_render_func.__code__  # compiled
    assert not list(folder.glob("*.pack")), "none where no bytecode was kept: a cold build compiles what it uses"
    monkeypatch.setattr(markup, "_COMPILED", markup._Compiled())
    markup.keep_compiled(folder, "code-1")
    assert markup.Templates({}, {}).get("matrix_legend.md").root_render_func.__code__ == made
    assert [p.name for p in folder.glob("*.pack")] == ["code-1.pack"]
    read = []
    real = jinja2.FileSystemLoader.get_source
    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source", lambda self, env, name: read.append(name) or real(self, env, name))
    monkeypatch.setattr(markup, "_COMPILED", markup._Compiled())  # a new process: nothing in memory
    markup.keep_compiled(folder, "code-1")
    templates = markup.Templates({}, {})
    assert templates.get("matrix_legend.md").root_render_func.__code__ == made and templates.get("article.md").render is not None
    assert read == []
    monkeypatch.setattr(markup, "_COMPILED", markup._Compiled())
    markup.keep_compiled(folder, "code-2")
    assert markup.Templates({}, {}).get("matrix_legend.md").root_render_func.__code__ == made
    assert "matrix_legend.md" in read and [p.name for p in folder.glob("*.pack")] == ["code-2.pack"]


def test_an_article_page_docs_holds_as_made_from_the_same_entry_is_not_read(tmp_path, monkeypatch):
    """A one-shot build after one changed record reads the page entries of that article and its
    neighbours only: the others are as the last build wrote them from the same entries, and
    the writer compares their hashes (the largest entries, 28 MB at 1,005 articles). A page
    changed by hand meanwhile is refused, and `--force` writes the page made again."""
    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)
    assert one_shot(root) is None
    read = []
    real = cache.Store.read
    monkeypatch.setattr(cache.Store, "read", lambda self, kind, name: read.append(kind) or real(self, kind, name))
    retitle(root, SLUGS[1], "One record changed")
    report = one_shot(root)
    assert "articles/" + SLUGS[1] + ".md" in report.written
    assert 0 < read.count("article-pages") <= 3, read.count("article-pages")
    page = root / "docs" / "articles" / f"{SLUGS[4]}.md"
    made = page.read_bytes()
    page.write_bytes(made.replace(b"a", b"e", 1))  # the sources as they were: every page's entry as before
    with pytest.raises(Problems):
        one_shot(root)
    one_shot(root, force=True)
    assert page.read_bytes() == made
    clean = copy_archive(tmp_path / "clean")
    retitle(clean, SLUGS[1], "One record changed")
    one_shot(clean, force=True)
    assert files(root / "docs") == files(clean / "docs")


def test_a_raw_dumps_copy_is_known_by_the_hash_reading_took(tmp_path, monkeypatch):
    """docs/raw/ holds each raw dump byte for byte (pages/standalone.py): a build compares the
    hash reading took of the dump with the copy's, hashing no dump again. A copy changed by
    hand meanwhile is refused, and `--force` writes the dump again."""
    from archive import write

    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)
    dumps = {(root / "sources" / "articles" / f"{slug}.txt").read_bytes() for slug in SLUGS}
    hashed = []
    real = write.sha
    monkeypatch.setattr(write, "sha", lambda data: hashed.append(data) or real(data))
    retitle(root, SLUGS[1], "One record changed")
    assert "articles/" + SLUGS[1] + ".md" in one_shot(root).written
    assert hashed and not dumps & set(hashed)
    copy = root / "docs" / "raw" / f"{SLUGS[2]}.txt"
    dump = copy.read_bytes()
    copy.write_bytes(dump.replace(b"a", b"e", 1))
    with pytest.raises(Problems):
        one_shot(root)
    one_shot(root, force=True)
    assert copy.read_bytes() == dump


def test_a_spoilt_states_file_only_makes_the_writer_read_docs_again(tmp_path):
    """docs-states.pickle cut short or not ours: every file of docs/ is read and hashed again,
    the build is as a clean one, and a hand edit is still refused."""
    root = copy_archive(tmp_path / "a")
    one_shot(root, force=True)
    states = root / ".cache" / "archive" / cache.STATES
    states.write_bytes(states.read_bytes()[:-100])
    retitle(root, SLUGS[1], "A title after the states were spoilt")
    one_shot(root)
    clean = copy_archive(tmp_path / "clean")
    retitle(clean, SLUGS[1], "A title after the states were spoilt")
    one_shot(clean, force=True)
    assert files(root / "docs") == files(clean / "docs")
    states.write_bytes(b"not a pickle at all")
    page = root / "docs" / "articles" / f"{SLUGS[0]}.md"
    page.write_bytes(page.read_bytes().replace(b"a", b"e", 1))
    retitle(root, SLUGS[2], "Another title")
    with pytest.raises(Problems) as refused:
        one_shot(root)
    assert any("edited by hand" in str(p) for p in refused.value.problems)
