"""An incremental build equals a clean full build, byte for byte: random sequences of edits
(records, raw files, a vocabulary, a publisher's rules; articles added, renamed and deleted),
each built by one warm process, as the normaliser under `mkdocs serve` builds (its articles and
article pages kept from build to build, the pages written before the search index), and compared
after every edit with `archive build` of the same sources into a docs/ without any generated
file, in a process of its own. A change of code or templates restarts the warm process (a full
build): not an edit there. The same for one-shot `archive build`s, each in a process of its own
with the cache on disk, and edits of a template and of the code too."""
from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.build import Paths, build
from archive.core.problems import Problems
from bench_support import corpus
from bench_support import run as bench_run
from conftest import ROOT, SLUGS, copy_archive

EDITS = ("retitle", "raw", "rename", "delete", "add", "vocabulary", "rules", "entry")
# A vocabulary entry's field as pages show it (an "entry" edit n changes the field of entry
# n // 6 of file n % 6): only the pages that show the entry are made again (keys.uses()).
ENTRY_FIELDS = (("arguments.yml", "claim"), ("publishers.yml", "name"), ("voices.yml", "name"),
                ("positions.yml", "name"), ("proposals.yml", "name"), ("origins.yml", "name"))


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
    elif kind == "entry":
        name, field = ENTRY_FIELDS[n % len(ENTRY_FIELDS)]
        path = root / "sources" / "vocabularies" / name
        lines = path.read_text(encoding="utf-8").split("\n")
        found = [i for i, line in enumerate(lines) if line.startswith(f"  {field}: ")]
        i = found[n // len(ENTRY_FIELDS) % len(found)]
        lines[i] = re.sub(r'("?)$', rf" edited {n}\1", lines[i], count=1)
        path.write_text("\n".join(lines), encoding="utf-8")
    elif kind == "rules":  # a publisher's rules: one more line the cleaner would remove as furniture
        rules = sorted(p for p in (root / "sources" / "boilerplate").glob("*.yml") if "\nrules:\n" in p.read_text(encoding="utf-8"))
        path = rules[n % len(rules)]
        path.write_text(path.read_text(encoding="utf-8").replace(
            "\nrules:\n", f"\nrules:\n  - {{id: edited-{n}, kind: share-buttons, extent: line, match: 'No article has this line {n}'}}\n", 1),
            encoding="utf-8")


def edit_code(code: Path, kind: str, n: int) -> None:
    """An edit of the normaliser's own files, in a copy of the package: a template, or code."""
    if kind == "template":  # one more line on every article page
        template = code / "archive" / "site" / "templates" / "article.md"
        template.write_text(template.read_text(encoding="utf-8") + f"\nTemplate edit {n}.\n", encoding="utf-8")
    elif kind == "code":  # the arguments index's title
        module = code / "archive" / "pages" / "argument.py"
        module.write_text(re.sub(r'\{"title": "Arguments[^"]*"\}', f'{{"title": "Arguments (edit {n})"}}',
                                 module.read_text(encoding="utf-8")), encoding="utf-8")


def same_result(ours: list[str] | None, theirs: list[str] | None, root: Path, clean: Path, what) -> None:
    """Both builds refused the same problems, or both wrote the same docs/, byte for byte."""
    if ours is not None or theirs is not None:
        assert [re.sub(r"^.*?sources/", "sources/", line) for line in ours or []] == \
            [re.sub(r"^.*?sources/", "sources/", line) for line in theirs or []], what
        return
    mine, other = files(root / "docs"), files(clean / "docs")
    assert sorted(mine) == sorted(other), (what, sorted(set(mine) ^ set(other))[:10])
    differ = [rel for rel in mine if mine[rel] != other[rel]]
    assert not differ, (what, differ[:10])


def warm_build(root: Path) -> list[str] | None:
    """Build as the warm normaliser does; the problems' lines, or None."""
    try:
        made = build(Paths(root), index_later=True)
    except Problems as error:
        return [str(p) for p in error.problems]
    if made is not None:
        made[1].finish()
    return None


def clean_build(root: Path, into: Path, code: Path | None = None) -> list[str] | None:
    """`archive build` of root's sources into a docs/ holding none of the generated files (and
    no cache). `code`: the folder holding the package to run, when not this one."""
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
    return one_shot(into, code)


def one_shot(root: Path, code: Path | None = None) -> list[str] | None:
    """`archive build` in a process of its own (its cache on disk only); the problems' lines, or None."""
    cmd = [sys.executable, "-m", "archive.cli"] if code else bench_run.archive_cmd()
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    done = subprocess.run(cmd + ["--root", str(root), "build"], capture_output=True, text=True, timeout=600, env=env)
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
@example(edits=[("entry", 0), ("entry", 1)])  # an argument's claim, a publisher's name
# An argument page's rows are kept apart, by their article's key (pages/argument.py): a new title
# and a position's new name in rows that were made before.
@example(edits=[("retitle", 0), ("entry", 3), ("retitle", 0)])
# The drawing's marks and the listings' rows are kept apart, a page or a drawing at a time
# (pages/timeline_svg.py, pages/listing.py): an article gone and one added move the years drawn
# and the pages' members.
@example(edits=[("retitle", 2), ("delete", 1), ("add", 3)])
def test_incremental_build_equals_a_clean_build(tmp_path_factory, edits):
    base = tmp_path_factory.mktemp("incremental")
    root = copy_archive(base / "archive")
    warm_build(root)  # the caches warmed on the archive as it is
    for kind, n in edits:
        edit(root, kind, n)
        same_result(warm_build(root), clean_build(root, base / "clean"), root, base / "clean", (kind, n))


@pytest.mark.build
@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS + ("template", "code")), st.integers(0, 50)), min_size=1, max_size=3))
@example(edits=[("template", 1), ("retitle", 2), ("code", 3)])
@example(edits=[("entry", 0), ("entry", 3), ("entry", 8)])  # an argument's claim, a position's name, a voice's
# Pagefind's output kept from the build before (exports/search_outputs.py): the first edit's build
# runs Pagefind (the clone's committed shards are taken as they are), the next ones find its output.
@example(edits=[("retitle", 1), ("add", 2), ("retitle", 1)])
def test_one_shot_builds_with_the_disk_cache_equal_clean_builds(tmp_path_factory, edits):
    """`archive build` in a new process each time, as an editor runs it: what it reuses comes
    from .cache/archive/ on disk. Edits of the sources, and of a template or the code (in a
    copy of the package, which both builds run)."""
    base = tmp_path_factory.mktemp("one-shot")
    root = copy_archive(base / "archive")
    code = base / "code"
    shutil.copytree(ROOT / "scripts" / "archive", code / "archive", ignore=shutil.ignore_patterns("__pycache__"))
    assert one_shot(root, code) is None  # the cache filled from the archive as it is
    for kind, n in edits:
        if kind in ("template", "code"):
            edit_code(code, kind, n)
        else:
            edit(root, kind, n)
        same_result(one_shot(root, code), clean_build(root, base / "clean", code), root, base / "clean", (kind, n))


@pytest.mark.build
@pytest.mark.parametrize("edits", [
    [("retitle", 0), ("retitle", 0)],  # an article's kept mark, rows and shares made again twice
    [("entry", 3), ("retitle", 2)],  # a position's name: in every mark of its row, and in the rows
    [("delete", 1), ("add", 2), ("retitle", 3)],  # the years drawn and the pages' members move
    # Items' keys kept by their articles' (site/citation_keys.py): a publisher's new name is in items kept
    [("retitle", 0), ("entry", 1), ("retitle", 0)],
])
def test_pages_joined_from_kept_pieces_equal_clean_builds(tmp_path, edits):
    """The whole-archive pages a new title rewrites are joined from pieces kept an article at a
    time (the drawing's marks, the listings' rows, the dataset's shares): after each edit, one-shot
    `archive build`s with the cache on disk write what a clean build writes, byte for byte."""
    root = copy_archive(tmp_path / "archive")
    assert one_shot(root) is None
    for kind, n in edits:
        edit(root, kind, n)
        same_result(one_shot(root), clean_build(root, tmp_path / "clean"), root, tmp_path / "clean", (kind, n))


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


@pytest.mark.build  # builds the archive and runs Pagefind
def test_an_arguments_rows_outlast_the_builds_that_reuse_its_pages_whole(tmp_path, monkeypatch):
    """An argument's rows are kept apart (pages/argument.py) and outlast a build that reuses the
    argument's pages whole: after a new title elsewhere, a new title makes again only the rows
    of the article that changed, not those of the articles beside it. Each build as a one-shot
    `archive build` runs it, with the cache on disk only."""
    from archive import cache
    from archive.pages import argument

    root = copy_archive(tmp_path / "archive")
    made: list[str] = []
    real = argument.at_source  # called for each row made
    monkeypatch.setattr(argument, "at_source", lambda a, text: (made.append(a.slug), real(a, text))[1])
    cache.MEMORY.clear()
    assert build(Paths(root), force=True) is not None
    # "why-a-peacekeeping-..." quotes none of the arguments "european-peacekeepers-..." quotes:
    # the second build reuses those arguments' pages whole.
    for n, slug in ((4, "why-a-peacekeeping-force-wont-help-ukraine"), (1, "european-peacekeepers-in-ukraine-a-horrible-idea")):
        assert articles(root)[n] == slug
        edit(root, "retitle", n)
        cache.MEMORY.clear()
        made.clear()
        assert build(Paths(root)) is not None
        assert made and set(made) == {slug}, sorted(set(made))


@pytest.mark.build  # builds the archive and runs Pagefind
def test_a_listings_rows_outlast_the_builds_that_reuse_its_pages_whole(tmp_path, monkeypatch):
    """The rows of a listing of articles are kept apart (pages/listing.py, Rows) and outlast a
    build that reuses the listing's pages whole: a new title makes again the row of the article
    that changed, in each listing that shows it, and no row of the articles beside it. Each
    build as a one-shot `archive build` runs it, with the cache on disk only."""
    from archive import cache
    from archive.pages import listing
    from archive.site.structure import article_path

    root = copy_archive(tmp_path / "archive")
    made: list[str] = []
    real = listing.href  # called for each row made, with the article's page
    monkeypatch.setattr(listing, "href", lambda target, here: (made.append(target), real(target, here))[1])
    cache.MEMORY.clear()
    assert build(Paths(root), force=True) is not None
    for k, n in enumerate((4, 1, 4)):
        slug = articles(root)[n]
        edit(root, "retitle", n + 5 * k)  # the same article, a title not given before
        cache.MEMORY.clear()
        made.clear()
        assert build(Paths(root)) is not None
        assert made and set(made) == {article_path(slug)}, sorted(set(made))


@pytest.mark.build  # builds the archive and runs Pagefind
def test_a_new_title_remakes_only_the_debates_that_quote_the_article(tmp_path, monkeypatch):
    """A proposal's introduction shows a few quotes a claim of the articles discussing it, and
    the arguments index's debates none (pages/proposal.py's debated()): a new title makes again
    the introductions that quote the article, not those of the other proposals it discusses,
    and no debate of the index. Checked against a clean build."""
    from archive import cache
    from archive.pages import proposal
    from archive.site import markup

    root = copy_archive(tmp_path / "archive")
    intros: list[str] = []
    real_intro = proposal.proposal_intro
    monkeypatch.setattr(proposal, "proposal_intro", lambda site, p, *rest: (intros.append(p.id), real_intro(site, p, *rest))[1])
    debates: list[str] = []
    real_rendered = markup.Templates.rendered
    monkeypatch.setattr(markup.Templates, "rendered", lambda self, name, **values: (
        debates.append(values.get("here")) if name == "debate.html" else None, real_rendered(self, name, **values))[1])
    cache.MEMORY.clear()
    assert build(Paths(root), force=True) is not None
    # "why-a-peacekeeping-..." discusses three proposals; the introduction of the European
    # reassurance force quotes three other articles for each of its claims.
    slug = "why-a-peacekeeping-force-wont-help-ukraine"
    assert articles(root)[4] == slug
    edit(root, "retitle", 4)
    cache.MEMORY.clear()
    intros.clear()
    debates.clear()
    assert build(Paths(root)) is not None
    assert sorted(intros) == ["arm-ukraine", "un-neutral-peacekeeping-force"]
    assert "arguments/index.md" not in debates
    same_result(None, clean_build(root, tmp_path / "clean"), root, tmp_path / "clean", "retitle")


@pytest.mark.build  # builds the archive and runs Pagefind
def test_a_new_title_serialises_only_its_own_row_of_the_filter_data(tmp_path, monkeypatch):
    """The articles index's filter data (articles/articles.js, pages/browse.py) holds a row an
    article: a new title serialises the changed article's row again, not every article's (they
    are kept by what their articles were made from). Each build as a one-shot `archive build`
    runs it, with the cache on disk only; checked against a clean build."""
    import json

    from archive import cache
    from archive.pages import browse

    root = copy_archive(tmp_path / "archive")
    titles: list[str] = []

    class Counting:  # browse's json, noting the titles of the rows it serialises
        def __getattr__(self, name):
            return getattr(json, name)

        @staticmethod
        def dumps(value, **options):
            rows = value.get("articles", []) if isinstance(value, dict) else [value]
            titles.extend(row[0] for row in rows if isinstance(row, list) and row and isinstance(row[0], str))
            return json.dumps(value, **options)
    monkeypatch.setattr(browse, "json", Counting())
    cache.MEMORY.clear()
    assert build(Paths(root), force=True) is not None
    assert len(titles) == len(articles(root))
    edit(root, "retitle", 3)
    cache.MEMORY.clear()
    titles.clear()
    assert build(Paths(root)) is not None
    assert titles == ["An edited title number 3"]
    same_result(None, clean_build(root, tmp_path / "clean"), root, tmp_path / "clean", "retitle")


@pytest.mark.build  # builds the archive and runs Pagefind
def test_a_new_title_says_no_other_articles_date_again(tmp_path, monkeypatch):
    """Every listing shows each article's date in words (structure.Site.dates): the words of
    each date are kept from the last build (site/reuse.py's date_labels), so a new title says
    none of the other articles' dates again. Checked against a clean build."""
    from archive import cache
    from archive.site import structure

    root = copy_archive(tmp_path / "archive")
    said: list[str] = []
    real = structure.date_label
    monkeypatch.setattr(structure, "date_label", lambda value: (said.append(value), real(value))[1])
    cache.MEMORY.clear()
    assert build(Paths(root), force=True) is not None
    dates = {slug: re.search(r"(?m)^  value: ['\"]?([^'\"\n]*)", (root / "sources" / "articles" / f"{slug}.yml").read_text(encoding="utf-8"))[1]
             for slug in articles(root)}
    assert set(dates.values()) <= set(said)
    changed = articles(root)[2]
    edit(root, "retitle", 2)
    cache.MEMORY.clear()
    said.clear()
    assert build(Paths(root)) is not None
    others = {value for slug, value in dates.items() if value != dates[changed]}
    assert others and not others & set(said), sorted(others & set(said))
    same_result(None, clean_build(root, tmp_path / "clean"), root, tmp_path / "clean", "retitle")
