#!/usr/bin/env python3
"""Scale benchmark: does the archive stay linear from five articles to thousands?

    .venv/bin/python scripts/bench.py [--sizes 5,100,1000,5000] [--keep DIR]

For each size N it generates N synthetic articles from the seeds in sources/articles/ into a
temporary archive (never into sources/), then measures, each in a separate process:

1. `archive build`: wall time and peak memory;
2. the same build again with nothing changed: wall time, and whether it wrote anything;
3. `mkdocs build` (its hook's normaliser run is then a no-op): wall time, peak memory, site
   size, largest and mean article page, largest index (listing) page;
4. the naive setup: the same docs/ with Material's default navigation (mkdocs.yml without
   `nav:` and without the hook): build time, site size, and naive/ours ratios;
5. a bare Material build of the same article pages with bounded navigation (theme, nav of
   the index pages, search, nothing else);
6. at small N, `mkdocs serve`: time from saving an edited record to the page showing it;
7. up to N = 1,000, `zensical build --clean` of the same docs/ (no hook), paired with ours;
8. at --search-sizes, search in Chromium (scripts/bench_search.py), on our site (Pagefind) and
   on the bare build (Material's search): time from the last key to the first results, bytes
   of search files before typing and in all, JavaScript heap.

It prints plain tables, the exponent of time against N (log-log least squares over
N >= 100), the targets met or missed, and the machine, and writes the same report to
--results (by default the guide's page scripts/guide/pages/maintainers/benchmark-results.md).
Progress goes to stderr, and only when stderr is a terminal. Generation time is not part of
the figures.

This file is the entry point; the work is in scripts/benchmark/, one module per job:
seeds, synthetic, corpus (the generator), run, site, editor, measure (the measurer),
report, targets (the reporter).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
if str(SCRIPTS) not in sys.path:  # the benchmark package and bench_search.py are beside this file
    sys.path.insert(0, str(SCRIPTS))

from benchmark.corpus import generate, generate_copies  # noqa: E402
from benchmark.measure import hold_back, measure, measure_normaliser  # noqa: E402
from benchmark.report import kept_sections, replace_section, results_page, report  # noqa: E402
from benchmark.run import empty_trash, loadavg, say  # noqa: E402
from benchmark.seeds import analyse_seeds  # noqa: E402

RESULTS = SCRIPTS / "guide" / "pages" / "maintainers" / "benchmark-results.md"


def write_results(path: Path, text: str, sections: str | None = None) -> None:
    """The report as the guide's results page, written whole or not at all; the sections of
    the other modes (--search, --mkdocs) already on it are kept."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(results_page(text) + (sections if sections is not None else kept_sections(path)), encoding="utf-8")
    os.replace(partial, path)
    say(f"results written to {path}")


def write_section(path: Path, name: str, text: str) -> None:
    """One mode's report as its own section of the results page, the rest of the page kept."""
    page = path.read_text(encoding="utf-8") if path.exists() else results_page("(no full run yet)")
    partial = path.with_name(path.name + ".partial")
    partial.write_text(replace_section(page, name, text), encoding="utf-8")
    os.replace(partial, path)
    say(f"results written to {path}, section {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,100,1000,5000", help="comma-separated article counts (default %(default)s)")
    parser.add_argument("--keep", type=Path, help="generate into DIR/n<N> and keep it (default: a temporary folder, removed)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generator (default %(default)s)")
    parser.add_argument("--naive-max", type=int, default=1000,
                        help="largest N for the naive build, which grows with N squared (default %(default)s)")
    parser.add_argument("--bare-max", type=int, default=10**9, help="largest N for the bare Material build")
    parser.add_argument("--zensical-max", type=int, default=1000,
                        help="largest N for the Zensical build (default %(default)s)")
    parser.add_argument("--serve-max", type=int, default=5, help="largest N for the mkdocs serve check (default %(default)s)")
    parser.add_argument("--no-progress-check", action="store_true", help="skip the terminal/CI/pipe progress check")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each timed build this many times and keep the fastest")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed for each command")
    parser.add_argument("--naive-timeout", type=float, default=7200, help="seconds allowed for a naive build")
    parser.add_argument("--search-sizes", default="1000,5000",
                        help="sizes at which search is measured in Chromium (default %(default)s; empty: none)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--copies", default="1000",
                        help="comma-separated article counts for the normaliser on copies of the five real articles, "
                             "with all their arguments and removals ('' for none; default %(default)s)")
    parser.add_argument("--normaliser-only", action="store_true",
                        help="measure the normaliser only (archive build and its re-run), not mkdocs")
    parser.add_argument("--results", default=str(RESULTS),
                        help="write the report to this Markdown file ('' for none; default: the guide's results page)")
    parser.add_argument("--editor", action="store_true",
                        help="the editor's loop instead (benchmark/editor_loop.py): builds after one change and "
                             "save -> served with mkdocs serve, on copies of the real articles (--sizes default 5,1005)")
    parser.add_argument("--edits", type=int, default=3, help="--editor: runs of each timed step (median; default %(default)s)")
    parser.add_argument("--cleaning", action="store_true",
                        help="cleaning at the byte budget instead (benchmark/cleaning.py): a 2 MB raw file of each "
                             "shape of page furniture through archive preview; its own options follow --cleaning")
    parser.add_argument("--search", action="store_true",
                        help="search by shard size instead (benchmark/search_cost.py): the builder's indexing and "
                             "the reader's query in Chromium (--sizes default 1005,5000)")
    parser.add_argument("--shard-sizes", default="250,500,1000", help="--search: shard sizes (default %(default)s)")
    parser.add_argument("--mkdocs", action="store_true",
                        help="mkdocs build of the archive against bare Material on the same docs/ instead "
                             "(benchmark/mkdocs_cost.py; --sizes default 1005)")
    if "--cleaning" in (argv if argv is not None else sys.argv[1:]):
        from benchmark import cleaning
        rest = list(argv if argv is not None else sys.argv[1:])
        rest.remove("--cleaning")
        return cleaning.main(rest)
    args = parser.parse_args(argv)
    given = "--sizes" in (argv if argv is not None else sys.argv)
    if args.search or args.mkdocs:
        from benchmark import mkdocs_cost, search_cost
        if args.search:
            sizes = [int(s) for s in (args.sizes if given else "1005,5000").split(",") if s.strip()]
            text, section = search_cost.main(sizes, [int(s) for s in args.shard_sizes.split(",")], args.keep,
                                              args.timeout), "search"
        else:
            sizes = [int(s) for s in (args.sizes if given else "1005").split(",") if s.strip()]
            text, section = mkdocs_cost.main(sizes, args.keep, args.timeout), "mkdocs"
        command = "scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
        text = f"{command.strip()}\n{text}"
        print(text)
        if args.results:
            write_section(Path(args.results), section, text)
        return 0
    if args.editor:
        from benchmark import editor_loop
        sizes = "5,1005" if "--sizes" not in (argv if argv is not None else sys.argv) else args.sizes
        text = editor_loop.main(sorted({int(s) for s in sizes.split(",") if s.strip()}), args.edits, args.timeout,
                                args.keep)
        if args.results:
            command = "scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
            write_section(Path(args.results), "editor", f"{command.strip()}\n{text}")
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.search_sizes = {int(s) for s in args.search_sizes.split(",") if s.strip()}
    seeds = analyse_seeds()
    load_start = loadavg()
    rows = []
    for n in sizes:
        root = (args.keep / f"n{n}") if args.keep else Path(tempfile.mkdtemp(prefix=f"archive-bench-{n}-"))
        if args.keep and root.exists():
            shutil.rmtree(root)
        try:
            say(f"N={n}: generating into {root}")
            info = {**generate(root, n + 1, args.seed, seeds=seeds), "n": n}
            hold_back(root, keep=info["first_slugs"])
            os.sync()  # the generated sources on disk before the first timed run
            rows.append(measure(root, info, args))
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
                os.sync()  # the deletions done before the next N's timed runs
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    args.copies_rows = []
    for n in sorted({int(s) for s in args.copies.split(",") if s.strip()}):
        root = (args.keep / f"copies{n}") if args.keep else Path(tempfile.mkdtemp(prefix=f"archive-bench-copies-{n}-"))
        if args.keep and root.exists():
            shutil.rmtree(root)
        try:
            say(f"N={n}: copying the real articles into {root}")
            generate_copies(root, n + 1)
            hold_back(root, keep=[])
            os.sync()
            r = measure_normaliser(root, n, args)
            r.pop("_after")
            empty_trash(root)
            args.copies_rows.append(r)
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
                os.sync()
    command = "scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(rows, args, command.strip(), (load_start, loadavg()))
    print(text)
    if args.results:
        write_results(Path(args.results), text)
    skipped = [n for n in sizes if n > args.naive_max]
    if skipped:
        print(f"\nThe naive build was not run for N = {', '.join(map(str, skipped))} (--naive-max {args.naive_max}): "
              "its time and size grow with the square of N.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
