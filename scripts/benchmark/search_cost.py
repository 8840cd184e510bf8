"""Search at scale, both sides of it, by shard size (scripts/bench.py --search).

For each size N (synthetic articles) and each shard size S (exports/search_shards.py,
SHARD_ARTICLES), in a process of its own:

1. the builder: the whole index from scratch (no cache), then one article changed and the
   index made again with the cache: wall and CPU seconds (Pagefind's included), the shards
   Pagefind ran for, whether the result is byte for byte a clean build's, and the peak memory
   of the process and its Pagefinds together;
2. the reader: that index put into a built site, served from 127.0.0.1, searched in Debian's
   Chromium (scripts/bench_search.py): time from the last key to the first results, requests
   and kilobytes a query fetches.
"""
from __future__ import annotations

import dataclasses
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .processes import must, timed
from .run import say
from .seeds import REPO
from .tables import f, table


def cpu_now() -> float:
    """CPU seconds of this process and the children it waited for (Pagefind)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def index_once(root: Path, shard_articles: int, out: Path) -> None:
    """Run in its own process (`python -m benchmark.search_cost ROOT S OUT`): figures to OUT/figures.json,
    the clean index to OUT/index/."""
    from archive.build import Paths, load
    from archive.exports import search, search_shards

    search_shards.SHARD_ARTICLES = shard_articles
    voc, articles, _ = load(Paths(root))
    cache = out / "cache"
    start, cpu = time.perf_counter(), cpu_now()
    indexing = search.Indexing(voc, articles, cache)
    full = indexing.files()
    full_s, full_cpu, shards = time.perf_counter() - start, cpu_now() - cpu, len(indexing.indexed)
    changed = [dataclasses.replace(articles[0], summary="Zqxbench: one changed summary"), *articles[1:]]
    start, cpu = time.perf_counter(), cpu_now()
    indexing = search.Indexing(voc, changed, cache)
    again = search.whole(indexing.files())
    one_s, one_cpu, reindexed = time.perf_counter() - start, cpu_now() - cpu, list(indexing.indexed)
    clean = search.Indexing(voc, changed, None).files()
    largest = max(len(pages) for pages in search.shards(voc, articles))
    for rel, data in full.items():
        (out / "index" / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / "index" / rel).write_bytes(data)
    (out / "figures.json").write_text(json.dumps({
        "full_s": full_s, "full_cpu": full_cpu, "shards": shards, "largest_shard": largest,
        "one_s": one_s, "one_cpu": one_cpu, "reindexed": reindexed, "equal": again == clean,
        "index_mb": sum(len(d) for d in full.values()) / 2**20}), encoding="utf-8")


def reader(site: Path, index: Path, timeout: float) -> dict:
    """The index in a copy of the site, searched in Chromium (bench_search.py, its own process)."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    shutil.copytree(index / "pagefind", site / "pagefind")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "bench_search.py"), str(site)],
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(f"bench: search in Chromium failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def measure(root: Path, n: int, shard_sizes: list[int], site: Path, timeout: float) -> list[dict]:
    rows = []
    for s in shard_sizes:
        with tempfile.TemporaryDirectory(prefix="archive-search-bench-") as tmp:
            out = Path(tmp)
            say(f"N={n}: indexing in shards of {s}")
            code = (f"import sys; sys.path.insert(0, {str(REPO / 'scripts')!r}); from benchmark.search_cost import "
                    f"index_once; from pathlib import Path; index_once(Path({str(root)!r}), {s}, Path({str(out)!r}))")
            run = must(timed([sys.executable, "-c", code], timeout), f"indexing in shards of {s}")
            row = {"n": n, "s": s, "peak_mb": run.peak_mb, **json.loads((out / "figures.json").read_text())}
            say(f"N={n}: searching shards of {s} in Chromium")
            row.update(reader(site, out / "index", timeout))
            rows.append(row)
    return rows


def report(rows: list[dict], load: tuple[str, str]) -> str:
    out = ["Search by shard size (synthetic articles; builder: whole index from scratch, then again after one "
           "changed article with the shard cache; reader: Debian's Chromium, cold cache, 'brigades' typed)"]
    out.append(table(
        ["N", "shard size", "shards", "largest", "full s", "full CPU s", "one change s", "its CPU s", "re-indexed",
         "= clean", "peak MB", "index MB", "first results s", "requests", "query KB", "heap MB"],
        [[str(r["n"]), str(r["s"]), str(r["shards"]), str(r["largest_shard"]), f(r["full_s"]), f(r["full_cpu"]),
          f(r["one_s"]), f(r["one_cpu"]), " ".join(map(str, r["reindexed"])), "yes" if r["equal"] else "NO",
          f(r["peak_mb"], ".0f"), f(r["index_mb"], ".1f"), f(r["first_results_s"]), str(r["requests"]),
          f(r["query_kb"], ".0f"), f(r["heap_mb"], ".0f")] for r in rows]))
    out.append("('largest': pages in the largest shard, the first holding the vocabularies' pages too; 'one change s': "
               "the whole index step after one changed article, the indexer's pages made, unchanged shards read from "
               "the cache and one Pagefind run; 'peak MB': the measuring process, which holds three indexes, with its "
               "Pagefinds.)")
    out.append(f"Load average (1 min) before {load[0]}, after {load[1]}.")
    return "\n".join(out)


def seeds_site(where: Path, timeout: float) -> Path:
    """The repository's own site, built by `mkdocs build` in a copy: its search page and assets."""
    root = where / "seeds"
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("sources", "docs"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "scripts").symlink_to(REPO / "scripts")
    must(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
               timeout), "mkdocs build of the seeds")
    return root / "site"


def main(sizes: list[int], shard_sizes: list[int], keep: Path | None, timeout: float) -> str:
    from .corpus import generate
    from .run import loadavg
    from .seeds import analyse_seeds

    load_start, rows = loadavg(), []
    with tempfile.TemporaryDirectory(prefix="archive-search-cost-") as tmp:
        site = seeds_site(Path(tmp), timeout)
        for n in sizes:
            root = (keep or Path(tmp)) / f"n{n}"
            if (root / "sources" / "articles").is_dir():
                say(f"N={n}: reusing the articles in {root}")
            else:
                say(f"N={n}: generating into {root}")
                generate(root, n, 1, seeds=analyse_seeds())
            rows += measure(root, n, shard_sizes, site, timeout)
    return report(rows, (load_start, loadavg()))
