"""The `archive` command: build, check, new, preview and evaluate."""
from __future__ import annotations

import argparse
import gc
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .model import Article, Problems, Vocabulary
from .sources import Tree, snapshot
from .write import Report, current, links, load_manifest, locked, write

# The stages are imported when a build has something to do: a no-change re-run needs only the
# sources' hash and the manifest, and importing the rest (citeproc-py, edtf, Jinja, Unicode's
# confusables) took longer than that check.

CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Paths:
    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "sources").is_dir():
            return folder
    raise SystemExit(f"archive: no mkdocs.yml with a sources/ folder beside it in {start} or above; run inside the archive or pass --root")


def inputs_digest(sources: Path, tree: Tree | None = None) -> str:
    """One hash of everything a build reads: the sources and the normaliser's own code.
    `tree` is the sources' snapshot, when already read."""
    digest = hashlib.sha256()
    for folder, contents in ((sources, tree or snapshot(sources)), (CODE, snapshot(CODE))):
        for path, data in contents.files.items():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + data + b"\0")
        for path, size in contents.oversized.items():
            digest.update(str(path.relative_to(folder)).encode() + b"\2" + str(size).encode() + b"\0")
        for path, what in contents.others:
            digest.update(str(path.relative_to(folder)).encode() + b"\1" + what.encode() + b"\0")
    return digest.hexdigest()


class Progress:
    """A counter on a terminal; silent in CI and in pipes."""

    def __init__(self, total: int, label: str):
        ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")  # as scripts/dev reads it
        self.on = sys.stderr.isatty() and not ci and total > 50
        self.total, self.label = total, label

    def step(self, n: int) -> None:
        if self.on and (n % 25 == 0 or n == self.total):
            print(f"\r{self.label} {n}/{self.total}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.on:
            print(file=sys.stderr)


def load(paths: Paths, tree: Tree | None = None) -> tuple[Vocabulary, list[Article], str]:
    """Read, clean, extract and merge every article; raise Problems listing all that is wrong.
    `tree`: the sources already read (a snapshot), if they were. Only what it holds is read:
    its regular files."""
    from .clean import clean
    from .extract import extract
    from .merge import authors_apart, merge
    from .read import Reader

    tree = tree or snapshot(paths.sources)
    reader = Reader(paths.sources, tree.files, tree.oversized)
    for path, what in tree.others:
        reader.problem(path, "file", f"{what}; only regular files are sources (copy the file in, do not link it)")
    folder = paths.sources / "articles"
    for path in tree.folders:
        if path.parent == folder:
            reader.problem(path, "folder", "is a folder; sources/articles/ holds only files (.txt articles and .yml records)")
    voc = reader.vocabulary(paths.sources)
    files = reader.listing(folder)
    raws = {p.stem: p for p in files if p.suffix == ".txt"}
    records = {p.stem: p for p in files if p.suffix == ".yml"}
    for stem in sorted(set(raws) - set(records)):
        reader.problem(raws[stem], "file", f"has no editorial record: create {stem}.yml beside it (archive new drafts one)")
    for stem in sorted(set(records) - set(raws)):
        reader.problem(records[stem], "file", f"is a record with no raw article: {stem}.txt is missing")
    lowered = {}
    for stem in raws:
        if stem.lower() in lowered:
            reader.problem(raws[stem], "file name", f"has the same slug as {lowered[stem.lower()].name}; slugs must be unique")
        lowered[stem.lower()] = raws[stem]
    for other in (p for p in files if p.suffix not in (".txt", ".yml")):
        reader.problem(other, "file", "is not an article (.txt) or a record (.yml); only those belong in sources/articles/")
    articles, by_hash = [], {}
    progress = Progress(len(raws), "archive: reading")
    rules_cache: dict[str, tuple] = {}
    for n, stem in enumerate(sorted(set(raws) & set(records)), 1):
        progress.step(n)
        raw = reader.raw_article(raws[stem], voc.extraction.max_bytes)
        record = reader.record(records[stem], voc)
        if raw is None or record is None:
            continue
        if raw.sha256 in by_hash:
            reader.problem(raws[stem], "file", f"has the same bytes as {by_hash[raw.sha256]}.txt: the article is already in the archive")
            continue
        by_hash[raw.sha256] = stem
        rules = rules_cache.setdefault(record.publisher, voc.rules_for(record.publisher))
        cleaned = clean(raw, rules, voc.extraction.head_max_chars)
        found = extract(cleaned, voc.extraction)
        article = merge(cleaned, found, record, voc, voc.extraction.title_max_chars, reader.problems)
        if article is not None:
            articles.append(article)
    progress.done()
    articles = authors_apart(articles, reader.problems)
    template = reader.home(paths.sources / "pages" / "home.md")
    if reader.problems:
        raise Problems(reader.problems)
    return voc, articles, template


def build(paths: Paths, force: bool = False) -> Report | None:
    """Regenerate docs/ from sources/. Returns None when everything was already current."""
    tree = snapshot(paths.sources)  # read once: hashed here, parsed by load()
    inputs = inputs_digest(paths.sources, tree)
    with locked(paths.docs):
        if problems := links(paths.docs):
            raise Problems(problems)
        if not force and current(paths.docs, load_manifest(paths.docs), inputs):
            return None
        from . import citations, standalone
        from . import render as render_stage
        from . import search as search_stage
        # A build makes hundreds of thousands of small objects and no reference cycles worth
        # collecting: the cyclic collector's passes cost about 5% of a cold build at 1,000 articles.
        gc.disable()
        try:
            voc, articles, template = load(paths, tree)
            citations.CITATIONS.load(paths.docs / citations.CACHE_FILE)  # entries rendered before
            indexing = search_stage.Indexing(voc, articles)  # runs beside the rendering
            try:
                citations.CITATIONS.prepare([citations.article_item(voc, a) for a in articles])
                if problems := citations.uncitable(voc, articles):
                    raise Problems(problems)
                pages = render_stage.render(voc, articles, template)
            except BaseException:
                indexing.close()
                raise
            pages.update(indexing.files())
            pages.update(search_stage.search_page())
            pages.update(standalone.files(voc, articles, tree.files, paths.sources / "articles"))
            return write(paths.docs, pages, inputs, force=force)
        finally:
            gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archive", description=__doc__)
    parser.add_argument("--root", type=Path, help="the archive's folder (default: found from the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="read every source and write docs/")
    b.add_argument("--force", action="store_true", help="overwrite generated pages that were edited by hand")
    sub.add_parser("check", help="validate every source and write nothing")
    n = sub.add_parser("new", help="copy a raw article into sources/ and draft its record")
    n.add_argument("path", type=Path)
    n.add_argument("--slug", help="the article's slug (default: made from its title)")
    v = sub.add_parser("preview", help="show what the normaliser would make of a raw file, writing nothing")
    v.add_argument("path", type=Path)
    v.add_argument("--json", action="store_true", help="print it as JSON, for tools and tests")
    e = sub.add_parser("evaluate", help="measure the normaliser on the corpus of pages from unknown publishers")
    e.add_argument("--corpus", type=Path, help="the corpus folder (default: tests/corpus)")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.add_argument("--generic-only", action="store_true",
                   help="ignore the publishers' profiles (tests/corpus/seeds: the seeds as if their publishers were unknown)")
    args = parser.parse_args(argv)
    paths = Paths((args.root or find_root(Path.cwd())).resolve())
    try:
        if args.command == "build":
            report = build(paths, force=args.force)
            if report is None:
                print("archive: docs/ is up to date")
            else:
                print(f"archive: wrote {len(report.written)} files, removed {len(report.removed)}, "
                      f"{report.unchanged} unchanged")
        elif args.command == "check":
            voc, articles, _ = load(paths)
            from . import citations
            citations.CITATIONS.load(paths.docs / citations.CACHE_FILE)
            if problems := citations.uncitable(voc, articles):
                raise Problems(problems)
            print(f"archive: {len(articles)} articles, {len(voc.proposals)} proposals, "
                  f"{len(voc.arguments)} arguments: no problems")
        elif args.command == "preview":
            from .preview import preview
            return preview(paths, args.path, args.json)
        elif args.command == "evaluate":
            from .evaluate import evaluate
            return evaluate(paths, args.corpus, args.json, args.generic_only)
        else:
            from .draft import new
            return new(paths, args.path, args.slug)
    except Problems as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"archive: {len(error.problems)} problem(s); docs/ was not changed", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped reading (`archive preview FILE | head`): nothing is wrong. Point
        # stdout at nothing so that the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
