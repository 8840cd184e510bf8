"""Smoke test of the scale benchmark's generator (not a timed test): N=5 passes `archive check`."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_archive_passes_check(tmp_path):
    bench = load_bench()
    before = sorted((ROOT / "sources" / "articles").iterdir())
    root = tmp_path / "archive"
    info = bench.generate(root, 5)
    assert sorted((ROOT / "sources" / "articles").iterdir()) == before, "the generator never writes into sources/"

    records = sorted((root / "sources" / "articles").glob("*.yml"))
    raws = sorted((root / "sources" / "articles").glob("*.txt"))
    assert len(records) == len(raws) == 5
    publishers = {yaml.safe_load(p.read_text(encoding="utf-8"))["publisher"]["id"] for p in records}
    assert len(publishers) >= min(4, len(bench.analyse_seeds().templates)), "each seed's page structure is used"
    shortest = min(p.stat().st_size for p in (ROOT / "sources" / "articles").glob("*.txt"))
    assert all(p.stat().st_size >= shortest for p in raws), "each article is at least as long as the shortest seed"
    assert info["first_slugs"] == [p.stem for p in sorted(raws, key=lambda p: p.stem[-5:])]

    check = subprocess.run(bench.archive_cmd() + ["--root", str(root), "check"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    assert "5 articles" in check.stdout

    again = tmp_path / "again"
    bench.generate(again, 5)
    for a, b in zip(raws, sorted((again / "sources" / "articles").glob("*.txt"))):
        assert a.read_bytes() == b.read_bytes(), "generation is deterministic"


def test_generator_refuses_the_repository():
    bench = load_bench()
    for target in (ROOT, ROOT / "sources", ROOT / "sources" / "articles" / "x"):
        try:
            bench.generate(target, 1)
        except SystemExit as error:
            assert "refusing" in str(error)
        else:
            raise AssertionError(f"generate() wrote into {target}")


def test_copies_of_the_real_articles_keep_every_argument_and_removal(tmp_path):
    """The benchmark's heavier case: copies of the five real articles, each page the same as the
    original's but for its own name, hash and neighbours."""
    bench = load_bench()
    root = tmp_path / "copies"
    bench.generate_copies(root, 10)
    build = subprocess.run(bench.archive_cmd() + ["--root", str(root), "build"], capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    for original in sorted((ROOT / "docs" / "articles").glob("*.md")):
        if original.stem == "index":
            continue
        for copy in (1, 2):
            page = (root / "docs" / "articles" / f"{original.stem}-{copy:04d}.md").read_text(encoding="utf-8")
            assert shown(page.replace(f"{original.stem}-{copy:04d}", original.stem)) == \
                shown(original.read_text(encoding="utf-8")), original.stem


def shown(page: str) -> str:
    """An article page from its text to its removed lines, without the raw file's hash."""
    body = page.split("\n## Text\n")[1].split("\n## In the archive")[0]
    return "\n".join(line for line in body.splitlines() if "SHA-256" not in line)


def test_site_table_measures_the_readers_pages(built_site):
    """The site's figures name each page a reader opens to browse (timeline, matrix, proposals
    index, articles list and the filter's data, search page) with its size, and the report flags
    any over 500 KB."""
    bench = load_bench()
    metrics = bench.site_metrics(built_site, [])
    sizes = metrics["reader_kb"]
    assert set(sizes) == set(bench.READER_PAGES)
    for name, path in bench.READER_PAGES.items():
        assert sizes[name] == (built_site / path).stat().st_size / bench.KB, name
    rows = [{"n": n, "reader_kb": {**sizes, "timeline": kb}} for n, kb in ((5, 40.0), (1000, 512.5))]
    text = bench.reader_table(rows)
    assert "timeline" in text and "512.5" in text
    assert "OVER 500 KB: timeline at N=1000 (512.5 KB)" in text
    assert "OVER 500 KB" not in bench.reader_table(rows[:1])
