"""The `archive` command: build, check, new, preview and evaluate."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from .core.compiled import install

# Before the stages' modules are imported: the methods of their dataclasses compiled once (core/compiled.py).
methods = install()
from .build import Paths, build, load  # noqa: E402
from .cache import Store
from .core.problems import Problems
from .keys import digests
from .core.texts import terminal


def check(paths: Paths) -> tuple:
    """What `archive check` does: read and validate everything a build reads, citations too
    (entries rendered before are reused); write nothing."""
    from .site import citations
    voc, articles, _ = load(paths, None, Store(paths.root, digests(paths.sources)[1]))
    cites = citations.Citations(paths.sources / citations.CSL, voc.title)
    cites.load(paths.docs / citations.CACHE_FILE)
    if problems := citations.uncitable(cites, voc, articles):
        raise Problems(problems)
    return voc, articles


def find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "sources").is_dir():
            return folder
    raise SystemExit(f"archive: no mkdocs.yml with a sources/ folder beside it in {start} or above; run inside the archive or pass --root")


def leave(code: int) -> None:
    """End the process at once, its output flushed: the interpreter's teardown would free the
    build's objects one by one (about 0.1 s after one changed record at 1,005 articles), memory
    the system frees whole. Everything a build writes is written and closed when it returns."""
    try:
        methods.save()
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


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
    e.add_argument("--public", type=Path, metavar="PATH",
                   help="score trafilatura's public evaluation set in PATH instead (segment precision, recall, F1)")
    e.add_argument("--as", dest="read_as", choices=("text", "html"), default="text",
                   help="with --public: read each saved page as a visible-text dump (text) or as the saved page it is (html)")
    e.add_argument("--pages", action="store_true", help="with --public: print every page's counts too")
    args = parser.parse_args(argv)
    paths = Paths((args.root or find_root(Path.cwd())).resolve())
    try:
        if args.command == "build":
            if argv is None:
                # The process ends with the build (leave() below): the collector's passes find
                # nothing worth their time, and the first after the build would walk everything
                # it made (0.019 CPU s after one changed record at 1,005 articles).
                gc.disable()
            report = build(paths, force=args.force, remember=False)
            if report is None:
                print("archive: docs/ is up to date")
            else:
                print(f"archive: wrote {len(report.written)} files, removed {len(report.removed)}, "
                      f"{report.unchanged} unchanged")
            if argv is None:  # the process's own command (the `archive` script, python -m archive.cli)
                leave(0)
        elif args.command == "check":
            voc, articles = check(paths)
            print(f"archive: {len(articles)} articles, {len(voc.proposals)} proposals, "
                  f"{len(voc.arguments)} arguments: no problems")
        elif args.command == "preview":
            from .authoring.preview import preview
            return preview(paths, args.path, args.json)
        elif args.command == "evaluate":
            if args.public:
                from .authoring.public import evaluate_public
                return evaluate_public(paths, args.public, args.read_as, args.json, args.pages)
            from .authoring.evaluate import evaluate
            return evaluate(paths, args.corpus, args.json, args.generic_only)
        else:
            from .authoring.draft import new
            return new(paths, args.path, args.slug)
    except Problems as error:
        for problem in error.problems:
            print(terminal(str(problem)), file=sys.stderr)  # a file's name may hold escape sequences
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
