"""Smoke test of the scale benchmark's generator (not a timed test): N=5 passes `archive check`."""
from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest
import yaml

from bench_support import corpus, load_bench, report, run, seeds, site, synthetic
from conftest import ROOT


@pytest.mark.slow
def test_generated_archive_passes_check(tmp_path):
    before = sorted((ROOT / "sources" / "articles").iterdir())
    root = tmp_path / "archive"
    info = corpus.generate(root, 5)
    assert sorted((ROOT / "sources" / "articles").iterdir()) == before, "the generator never writes into sources/"

    records = sorted((root / "sources" / "articles").glob("*.yml"))
    raws = sorted((root / "sources" / "articles").glob("*.txt"))
    assert len(records) == len(raws) == 5
    publishers = {yaml.safe_load(p.read_text(encoding="utf-8"))["publisher"]["id"] for p in records}
    assert len(publishers) >= min(4, len(seeds.analyse_seeds().templates)), "each seed's page structure is used"
    shortest = min(p.stat().st_size for p in (ROOT / "sources" / "articles").glob("*.txt"))
    assert all(p.stat().st_size >= shortest for p in raws), "each article is at least as long as the shortest seed"
    assert info["first_slugs"] == [p.stem for p in sorted(raws, key=lambda p: p.stem[-5:])]

    check = subprocess.run(run.archive_cmd() + ["--root", str(root), "check"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    assert "5 articles" in check.stdout

    again = tmp_path / "again"
    corpus.generate(again, 5)
    for a, b in zip(raws, sorted((again / "sources" / "articles").glob("*.txt"))):
        assert a.read_bytes() == b.read_bytes(), "generation is deterministic"



@pytest.mark.slow
def test_every_generated_article_is_read_back_as_the_build_reads_it(tmp_path):
    # The generator verified its articles with a cleaning of its own (no region stage), so from the
    # 194th on some were refused by the build ("no title line", a quote not verbatim) and
    # `bench.py --mkdocs` at 1,005 stopped: it must check them as `archive check` reads them.
    root = tmp_path / "archive"
    corpus.generate(root, 200)
    check = subprocess.run(run.archive_cmd() + ["--root", str(root), "check"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr[-2000:]
    assert "200 articles" in check.stdout

def test_generator_refuses_the_repository():
    for target in (ROOT, ROOT / "sources", ROOT / "sources" / "articles" / "x"):
        try:
            corpus.generate(target, 1)
        except SystemExit as error:
            assert "refusing" in str(error)
        else:
            raise AssertionError(f"generate() wrote into {target}")


@pytest.mark.build
def test_copies_of_the_real_articles_keep_every_argument_and_removal(tmp_path):
    """The benchmark's heavier case: copies of the five real articles, each page the same as the
    original's but for its own name, hash and neighbours."""
    root = tmp_path / "copies"
    corpus.generate_copies(root, 10)
    build = subprocess.run(run.archive_cmd() + ["--root", str(root), "build"], capture_output=True, text=True, timeout=120)
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


@pytest.mark.build
def test_site_table_measures_the_readers_pages(built_site):
    """The site's figures name each page a reader opens to browse (timeline, matrix, proposals
    index, articles list and the filter's data, search page) with its size, and the report flags
    any over 500 KB."""
    metrics = site.site_metrics(built_site, [])
    sizes = metrics["reader_kb"]
    assert set(sizes) == set(site.READER_PAGES)
    for name, path in site.READER_PAGES.items():
        assert sizes[name] == (built_site / path).stat().st_size / site.KB, name
    rows = [{"n": n, "reader_kb": {**sizes, "timeline": kb}} for n, kb in ((5, 40.0), (1000, 512.5))]
    text = report.reader_table(rows)
    assert "timeline" in text and "512.5" in text
    assert "OVER 500 KB: timeline at N=1000 (512.5 KB)" in text
    assert "OVER 500 KB" not in report.reader_table(rows[:1])


def test_entry_point_writes_the_results_page(tmp_path):
    """scripts/bench.py runs as a script, and writes its report as the guide's results page."""
    shown = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--help"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "--results" in shown.stdout, shown.stderr
    bench = load_bench()
    assert bench.RESULTS == ROOT / "scripts" / "guide" / "pages" / "maintainers" / "benchmark-results.md"
    assert bench.RESULTS.is_file(), "the guide's results page is committed"
    page = tmp_path / "results.md"
    bench.write_results(page, "Normaliser\n   N  build s\n1000  9.99")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n") and "```text\nNormaliser\n   N  build s\n1000  9.99\n```\n" in text
    assert not list(tmp_path.glob("*.partial"))
    when = datetime(2026, 12, 6, 13, 5, tzinfo=timezone.utc)
    assert "on 06 December 2026, 13:05 UTC" in report.results_page("x", when)


def test_a_modes_section_replaces_its_own_and_survives_a_full_run(tmp_path):
    """--search and --mkdocs write a section each on the results page; running a mode again
    replaces its section only, and the full benchmark's page keeps both."""
    bench = load_bench()
    page = tmp_path / "results.md"
    bench.write_results(page, "full run one")
    bench.write_section(page, "search", "shards A")
    bench.write_section(page, "mkdocs", "ours B")
    bench.write_section(page, "search", "shards C")
    text = page.read_text(encoding="utf-8")
    assert "shards A" not in text and text.count("shards C") == 1 and text.count("ours B") == 1
    assert text.index("full run one") < text.index("shards C") < text.index("ours B")
    bench.write_results(page, "full run two")
    text = page.read_text(encoding="utf-8")
    assert "full run one" not in text and "full run two" in text
    assert text.count("shards C") == 1 and text.count("ours B") == 1 and "## Search by shard size" in text


def test_synthetic_slugs_are_made_as_archive_new_makes_them():
    """The generator names an article as `archive new` would name it from its title (the
    package's make_slug), numbered."""
    from archive.authoring.draft_record import make_slug

    found = seeds.analyse_seeds()
    for i in (0, 6, 41):
        article = synthetic.synthesise(found, i, 1)
        assert article.slug == f"{make_slug(article.title, ROOT, article.record['source']['sha256'])}-{i + 1:05d}"
