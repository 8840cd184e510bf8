"""The editor's loop, measured as an editor lives it (scripts/bench.py --editor).

For each size N (copies of the five real articles, each with all its arguments and removed lines):

1. a cold `archive build` (docs/ without generated pages, no citation cache);
2. `archive build` with nothing changed;
3. `archive build` after one record changed (a new title);
4. a real `mkdocs serve` on a loopback port answering HTTP: a record is saved with a new title and
   the article's page is fetched until the new title is served.

Each figure is the median of --edits runs (the cold build: of one). Memory is the peak of the
sum of the resident sizes of every process the command started (its process group), sampled
every 20 ms: Pagefind runs beside the normaliser, and the largest single process would hide it.
The machine is shared: the load average is printed before and after. (editor.py has the full
benchmark's single save check.)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .corpus import generate_copies
from .editor import fetch_page, free_port, stop
from .measure import reset_docs
from .processes import Sampler, group_cpu, must, timed
from .run import archive_cmd, empty_trash, loadavg, median, say
from .site import MB
from .tables import f, table


def retitle(record: Path, title: str) -> None:
    """Save the record with a new title, as an editor's save does (one write of the whole file)."""
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["title"] = title
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def builds(root: Path, slug: str, edits: int, timeout: float) -> dict:
    cmd = archive_cmd() + ["--root", str(root), "build"]
    record = root / "sources" / "articles" / f"{slug}.yml"
    say("cold archive build")
    reset_docs(root / "docs")
    cold = must(timed(cmd, timeout), "cold archive build")
    say("archive build, nothing changed")
    same = [must(timed(cmd, timeout), "archive build (no change)") for _ in range(edits)]
    changed = []
    for k in range(edits):
        say(f"archive build after one changed record ({k + 1} of {edits})")
        retitle(record, f"Changed title {k} {time.time_ns()}")
        changed.append(must(timed(cmd, timeout), "archive build (one record changed)"))
    empty_trash(root)
    return {"cold_s": cold.wall, "cold_cpu": cold.cpu, "cold_mb": cold.peak_mb,
            "same_s": median([t.wall for t in same]), "same_cpu": median([t.cpu for t in same]),
            "same_mb": max(t.peak_mb for t in same),
            "changed_s": median([t.wall for t in changed]), "changed_cpu": median([t.cpu for t in changed]),
            "changed_mb": max(t.peak_mb for t in changed)}


def served(root: Path, slug: str, edits: int, timeout: float) -> dict:
    """Seconds from saving a record to `mkdocs serve` answering with the page that shows it."""
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    sampler = Sampler(proc.pid, every=0.05)
    url = f"http://127.0.0.1:{port}/articles/{slug}.html"
    record = root / "sources" / "articles" / f"{slug}.yml"

    def failed(what: str) -> SystemExit:
        log.seek(0)
        return SystemExit(f"bench: mkdocs serve {what}:\n{log.read().decode('utf-8', 'replace')[-3000:]}")

    try:
        say("mkdocs serve: waiting for the first page")
        start = time.perf_counter()
        while fetch_page(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                raise failed("never answered")
            time.sleep(0.1)
        startup = time.perf_counter() - start
        times, cpu = [], []
        for k in range(edits):
            time.sleep(2.0)  # let the previous rebuild (and any background work) settle
            say(f"mkdocs serve: save a record, poll its page ({k + 1} of {edits})")
            token = f"Served title {k} {time.time_ns()}"
            start, used = time.perf_counter(), group_cpu(proc.pid)
            retitle(record, token)
            while True:
                page = fetch_page(url)
                if page and token in page:
                    times.append(time.perf_counter() - start)
                    cpu.append(group_cpu(proc.pid) - used)
                    break
                if proc.poll() is not None or time.perf_counter() - start > timeout:
                    raise failed("never served the saved record")
                time.sleep(0.02)
        # The background build (listings, dataset, Pagefind) goes on after the page is served
        # and holds the most memory: the peak is taken once the search page says it is current.
        say("mkdocs serve: waiting for the search index to catch up")
        search, start = url.rsplit("/articles/", 1)[0] + "/search.html", time.perf_counter()
        while time.perf_counter() - start < timeout:
            page = fetch_page(search)
            if page and "archive-search__behind" not in page:
                break
            time.sleep(0.2)
        time.sleep(1.0)
        return {"serve_s": median(times), "serve_all": times, "serve_cpu": median(cpu), "serve_startup_s": startup,
                "serve_mb": sampler.done(), "serve_each": {k: v / MB for k, v in sampler.each.items()}}
    finally:
        stop(proc)
        sampler.done()
        log.close()


# The targets: (figure, limit in seconds, N, what); N None: at every N.
TARGETS = [("serve_s", 1.0, 5, "save -> served"), ("serve_s", 2.0, 1005, "save -> served"),
           ("serve_s", 3.0, 5005, "save -> served"), ("changed_s", 0.5, 1005, "archive build, one record changed"),
           ("same_s", 0.3, None, "archive build, no change"), ("cold_s", 8.0, 1005, "cold archive build")]


def report(rows: list[dict], edits: int, load: tuple[str, str]) -> str:
    out = [f"The editor's loop (copies of the five real articles; medians of {edits} runs; wall seconds; "
           "peak MB of every process together)"]
    out.append(table(
        ["N", "cold s", "cold CPU s", "cold MB", "no change s", "no change CPU s", "one record s", "one record CPU s",
         "one record MB", "serve start s", "save->served s", "its CPU s", "each run", "serve MB"],
        [[str(r["n"]), f(r["cold_s"]), f(r["cold_cpu"]), f(r["cold_mb"], ".0f"), f(r["same_s"]),
          f(r["same_cpu"]), f(r["changed_s"]), f(r["changed_cpu"]), f(r["changed_mb"], ".0f"),
          f(r.get("serve_startup_s")),
          f(r.get("serve_s")), f(r.get("serve_cpu")), " ".join(f"{x:.2f}" for x in r.get("serve_all", [])),
          f(r.get("serve_mb"), ".0f")] for r in rows]))
    for r in rows:
        if r.get("serve_each"):
            out.append(f"N={r['n']}, serve, peak MB of each kind of process: " + ", ".join(
                f"{name} {mb:.0f}" for name, mb in sorted(r["serve_each"].items(), key=lambda x: -x[1])))
    out += ["", "Targets (issue 21)"]
    for key, limit, n, what in TARGETS:
        for row in (r for r in rows if n in (None, r["n"]) and r.get(key) is not None):
            ok = row[key] <= limit
            out.append(f"  [{'met' if ok else 'MISSED'}] {what} <= {limit} s at N={row['n']}: {row[key]:.2f} s")
    peaks = {r["n"]: max(r["cold_mb"], r["changed_mb"], r.get("serve_mb") or 0) for r in rows}
    out.append(f"  [{'met' if all(mb <= 1024 for mb in peaks.values()) else 'MISSED'}] "
               "peak memory of every process <= 1 GB: "
               + ", ".join(f"N={n} {mb:.0f} MB" for n, mb in peaks.items()))
    out += ["", f"Load average (1 min) before {load[0]}, after {load[1]}; {os.cpu_count()} cores. With a load above "
            "the cores, wall seconds measure the machine: compare the CPU seconds."]
    return "\n".join(out)


def main(sizes: list[int], edits: int, timeout: float, keep: Path | None, serve: bool = True) -> str:
    """Prints the report and returns it."""
    load_start = loadavg()
    rows = []
    for n in sizes:
        root = (keep / f"editor{n}") if keep else Path(tempfile.mkdtemp(prefix=f"archive-editor-{n}-"))
        if root.exists():
            shutil.rmtree(root)
        try:
            say(f"N={n}: copying the real articles into {root}")
            info = generate_copies(root, n)
            os.sync()
            row = {"n": n, **builds(root, info["first_slugs"][0], edits, timeout)}
            if serve:
                row.update(served(root, info["first_slugs"][1], edits, timeout))
            rows.append(row)
        finally:
            if not keep:
                shutil.rmtree(root, ignore_errors=True)
    text = report(rows, edits, (load_start, loadavg()))
    print(text)
    return text
