#!/usr/bin/env python3
"""Mutation check: do the tests notice when the code is deliberately broken?

Each mutation below is one breakage (a piece of code replaced), paired with the tests meant
to catch it. For each, in a temporary copy of the repository: apply it, rebuild docs/ (as a
developer would, so the "docs/ is current" snapshot test cannot be what catches it), run its
tests, and report whether they failed (caught) or passed (survived). The working tree is
never touched. Standard library only.

    .venv/bin/python scripts/mutate.py            # all mutations
    .venv/bin/python scripts/mutate.py --list
    .venv/bin/python scripts/mutate.py escape-bracket feed-updated
    .venv/bin/python scripts/mutate.py --control   # the same tests on unchanged code: all pass

A mutation whose code is no longer there (the file was rewritten) is reported as such: update
its `old` text rather than drop it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
COPIED = ("mkdocs.yml", "pyproject.toml", "scripts", "sources", "docs", "tests")
IGNORED = shutil.ignore_patterns("__pycache__", "node_modules", ".pytest_cache", ".hypothesis")


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]  # pytest arguments: files, or file::test, with -k where needed


M = Mutation
HARD = "tests/test_hardening.py"
MUTATIONS = [
    # The list: breakages that no behavioural test (or only one) caught.
    M("escape-bracket", "scripts/archive/site/markup.py", '"[": "\\\\[", "]": "\\\\]",', '"]": "\\\\]",',
      ("tests/test_properties.py", "-k", "exactly")),
    M("escape-star", "scripts/archive/site/markup.py", '"*": "\\\\*", ', "",
      ("tests/test_properties.py", "-k", "exactly")),
    M("feed-updated", "scripts/archive/exports/feed.py",
      '    ET.SubElement(root, f"{{{ATOM}}}updated").text = stamp(newest[0].date) if newest else "2022-01-01T00:00:00Z"\n', "",
      ("tests/test_arguments.py", "-k", "feed")),
    M("feed-authors", "scripts/archive/exports/feed.py",
      '            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = x.name\n',
      '            pass\n', ("tests/test_arguments.py", "-k", "feed")),
    M("csv-column", "scripts/archive/exports/dataset.py", '"publisher", "position", "url", "page", "sha256"]', '"publisher", "position", "url", "page"]',
      ("tests/test_arguments.py", "-k", "dataset")),
    M("meta-escape", "scripts/archive/site/markup.py", "        return html.escape(value, quote=True)\n", "        return value\n",
      ("tests/test_hostile.py", "-k", "hostile_article_builds")),
    M("wrong-title", "scripts/archive/pages/article.py", '        "title": a.title,\n', '        "title": a.title.upper(),\n',
      ("tests/test_seeds.py", "-k", "frontmatter")),
    M("quote-side", "scripts/archive/site/structure.py",
      'if q.proposal in argument.used_for and q.proposal not in argument.used_against:\n            return "for"',
      'if q.proposal in argument.used_for and q.proposal not in argument.used_against:\n            return "against"',
      ("tests/test_arguments.py", "-k", "for_and_against")),
    # The SVG is linked, not embedded: each article's mark must name it (its accessible title).
    M("timeline-svg-titles", "scripts/archive/pages/timeline_svg.py", 'ET.SubElement(g, "title").text = f"{a.title} (',
      'ET.SubElement(g, "title").text = f"(', ("tests/test_arguments.py", "-k", "timeline")),
    # Issue 14's own fixes, each undone.
    M("follow-links", "scripts/archive/ingest/sources.py", "name, data = Path(entry.path), read_regular(entry.path) if regular else",
      "name, data = Path(entry.path), read_bytes(entry.path) if entry.is_file(follow_symlinks=True) else", (HARD, "-k", "symlinked_article")),
    M("no-depth-budget", "scripts/archive/ingest/yamlfile.py", "MAX_DEPTH = 64 ", "MAX_DEPTH = 10 ** 9 ", (HARD, "-k", "nested")),
    M("no-alias-budget", "scripts/archive/ingest/yamlfile.py", "MAX_VALUES = 100_000 ", "MAX_VALUES = 10 ** 12 ", (HARD, "-k", "laughs")),
    M("no-reserved-names", "scripts/archive/core/names.py", '    if name == INDEX:\n        return f"{INDEX} is the name of every folder\'s listing page"\n', "",
      (HARD, "-k", "generated_page")),
    M("no-author-numbering", "scripts/archive/core/names.py", '                slug = f"{base}-{k}"', '                slug = base\n                break',
      (HARD, "-k", "told_apart or sharing")),
    M("no-look-alike-check", "scripts/archive/core/names.py", "        if len(scripts) > 1:", "        if False:",
      (HARD, "-k", "look_alike")),
    M("no-nested-repeat-check", "scripts/archive/ingest/patterns.py", "    return NESTED if nested(parsed, outer=1) else None", "    return None",
      (HARD, "-k", "catastrophic")),
    M("unicode-digits", "scripts/archive/ingest/records.py", '"day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}', '"day": r"\\d{4}-\\d{2}-\\d{2}"}',
      (HARD, "-k", "ascii_digits_and_real")),
    M("no-character-cleaning", "scripts/archive/core/texts.py",
      "    return CANDIDATES.search(text) is not None and NONCHARACTERS.search(text) is not None", "    return False",
      (HARD, "-k", "noncharacters")),
    M("write-in-place", "scripts/archive/write.py",
      "            self.staged[rel] = guarded(self.docs, self.staged, lambda: stage(self.docs / rel, data, self.folders), rel)",
      "            guarded(self.docs, self.staged, lambda: atomic_write(self.docs / rel, data, self.folders), rel)", (HARD, "-k", "full_disk")),
    M("no-lock", "scripts/archive/atomic.py", "                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n", "",
      (HARD, "-k", "two_builds")),
    M("bibtex-url-raw", "scripts/archive/site/bibtex.py", '        fields.append(("url", bibtex_url(entry["URL"])))', '        fields.append(("url", entry["URL"]))',
      (HARD, "-k", "bibtex")),
    M("csv-formulas", "scripts/archive/exports/tables.py", "    writer.writerows(spreadsheet_safe(row) for row in rows)", "    writer.writerows(rows)",
      (HARD, "-k", "exports")),
]


def copy_repository(target: Path) -> None:
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORED, symlinks=True)
        else:
            shutil.copy2(source, target / name)


def run(mutation: Mutation, work: Path, control: bool = False) -> tuple[str, float, str]:
    """(verdict, seconds, the last lines of the tests' output). With `control`, the code is left
    as it is: the tests must then pass, or a "caught" would mean nothing."""
    repo = work / mutation.name
    copy_repository(repo)
    path = repo / mutation.file
    code = path.read_text(encoding="utf-8")
    if code.count(mutation.old) != 1:
        return "not applicable", 0.0, f"{mutation.file} no longer has the code this mutation changes (found {code.count(mutation.old)} times)"
    if not control:
        path.write_text(code.replace(mutation.old, mutation.new), encoding="utf-8")
    # The copy's code comes first on the path, before the editable install of the real one.
    env = {**os.environ, "PYTHONPATH": str(repo / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    start = time.monotonic()
    rebuilt = subprocess.run([str(PYTHON), "-m", "archive.cli", "--root", str(repo), "build", "--force"],
                             cwd=repo, env=env, capture_output=True, text=True)
    if rebuilt.returncode != 0:
        return "caught", time.monotonic() - start, "the build itself failed: " + rebuilt.stderr.strip()[-300:]
    tests = subprocess.run([str(PYTHON), "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *mutation.tests],
                           cwd=repo, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - start
    tail = "\n".join(tests.stdout.strip().splitlines()[-3:])
    if tests.returncode == 5 or "no tests ran" in tests.stdout or " deselected" in tail and " passed" not in tail and " failed" not in tail:
        return "no test ran", seconds, tail
    if control:
        return ("passes" if tests.returncode == 0 else "FAILS UNMUTATED"), seconds, tail
    return ("caught" if tests.returncode != 0 else "SURVIVED"), seconds, tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="mutations to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--control", action="store_true",
                        help="run each mutation's tests on the unchanged code (they must pass)")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    if args.list or not chosen:
        for m in MUTATIONS:
            print(f"{m.name:24} {m.file:32} {' '.join(m.tests)}")
        return 0 if args.list else 2
    results = []
    with tempfile.TemporaryDirectory(prefix="mutate-") as work:
        for m in chosen:
            verdict, seconds, tail = run(m, Path(work), args.control)
            results.append((m, verdict))
            print(f"{verdict:15} {m.name:24} {seconds:6.1f} s  {tail.splitlines()[-1] if tail else ''}", flush=True)
            shutil.rmtree(Path(work) / m.name, ignore_errors=True)
    if args.control:
        passing = sum(v == "passes" for _, v in results)
        print(f"\ncontrol: the tests of {passing} of {len(results)} mutations pass on the unchanged code")
        return 0 if passing == len(results) else 1
    caught = sum(v == "caught" for _, v in results)
    print(f"\n{caught} of {len(results)} mutations caught; survived: "
          + (", ".join(m.name for m, v in results if v != "caught") or "none"))
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
