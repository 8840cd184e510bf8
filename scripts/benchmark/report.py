"""The report: plain-text tables of the figures, the exponent of time against N, the machine."""
from __future__ import annotations

import math
import re
import os
import platform
from datetime import datetime, timezone
from pathlib import Path

import bench_search  # scripts/bench_search.py, beside the package

from .site import KB, READER_LIMIT_KB, READER_PAGES, SITE_PARTS
from .tables import f, ratio, table
from .targets import normaliser_targets, targets


def exponent(rows: list[dict], key: str) -> float | None:
    points = [(math.log(r["n"]), math.log(r[key])) for r in rows if r["n"] >= 100 and r.get(key)]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    cpu = platform.processor() or platform.machine()
    ram = None
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
        ram = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        pass

    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "os": platform.platform(),
            "python": platform.python_version(), "mkdocs": v("mkdocs"), "material": v("mkdocs-material"),
            "pyyaml": v("PyYAML")}


def report(rows: list[dict], args, command: str, load: tuple[str, str]) -> str:
    out = [f"$ {command}", ""]
    out.append("Normaliser (archive build, a separate process each time: wall and CPU seconds, peak RSS MB)")
    out.append(normaliser_table(rows))
    out.append("(System time is the kernel's, mostly creating the files; on this virtual machine it varies from run "
               "to run far more than the user time does.)")
    copies = getattr(args, "copies_rows", [])
    if copies:
        out += ["", "Normaliser on copies of the five real articles (each with every argument, stance, basis and "
                "removed line of its record and raw file; the synthetic records above are lighter)"]
        out.append(normaliser_table(copies))
    if args.normaliser_only:
        out += ["", "Targets"] + [f"  [{'met' if ok else 'MISSED'}] {text}" for ok, text in normaliser_targets(rows, copies)]
        return "\n".join(out + machine_lines(load))
    out += ["", "Site (mkdocs build with the hook, whose normaliser run is a no-op; sizes of the built site)"]
    out.append(table(
        ["N", "build s", "build CPU s", "build MB", "site MB", "search MB", "pages", "article max KB", "article mean KB",
         "same 5 articles KB", "index max KB", "largest index page"],
        [[str(r["n"]), f(r["mkdocs_s"]), f(r["mkdocs_cpu"]), f(r["mkdocs_mb"], ".0f"), f(r["site_mb"], ".1f"),
          f(r["search_mb"], ".1f"), str(r["pages"]), f(r["article_max_kb"], ".1f"), f(r["article_mean_kb"], ".1f"),
          f(r["first5_mean_kb"], ".1f"), f(r["index_max_kb"], ".1f"), r["index_max_page"]]
         for r in rows]))
    out += ["", "Site size by part, MB (and KB per article)"]
    names = [name for name, _ in SITE_PARTS]
    out.append(table(["N", *names], [[str(r["n"]), *(f"{r['parts_mb'][name]:.1f} ({r['parts_mb'][name] * KB / r['n']:.0f})"
                                                    for name in names)] for r in rows]))
    out += ["", f"The reader's pages, KB (the articles list: its first page, the listings being paged; flagged over "
            f"{READER_LIMIT_KB} KB)"]
    out.append(reader_table(rows))
    searched = [(r, r[key]) for r in rows for key in ("search_bare", "search") if r.get(key)]
    if searched:
        out += ["", f"Search in Chromium, served from 127.0.0.1, cold cache, typing {bench_search.QUERY!r} key by key "
                "(scripts/bench_search.py)"]
        out.append(table(
            ["N", "search", "first results s after the last key", "index KB before typing", "search KB in all",
             "search requests", "JS heap MB (page and workers)"],
            [[str(r["n"]), x["search"] + (" (bare build)" if x is r.get("search_bare") else " (ours)"),
              f(x["first_results_s"]), f(x["before_kb"], ".0f"), f(x["query_kb"], ".0f"), str(x["requests"]),
              f(x["heap_mb"], ".1f")] for r, x in searched]))
    out += ["", f"Naive setup: the same docs/ with Material's default navigation, no hook (run for N <= {args.naive_max}).",
            "Bare: plain Material, bounded nav, search only, the article pages (with their listing) and the home page."]
    out.append(table(
        ["N", "naive s", "naive CPU s", "naive MB", "naive site MB", "naive article KB", "naive/ours time (wall, CPU; range of pairs)",
         "naive/ours size", "bare s", "bare CPU s", "bare site MB", "ours/bare time (wall, CPU; range of pairs)"],
        [[str(r["n"]), f(r.get("naive_s")), f(r.get("naive_cpu")), f(r.get("naive_mb"), ".0f"),
          f(r.get("naive_site_mb"), ".1f"), f(r.get("naive_article_max_kb"), ".1f"),
          f"{r['naive_ours']:.2f}x, {r['naive_ours_cpu']:.2f}x; {r['naive_ours_range'][0]:.2f}-{r['naive_ours_range'][1]:.2f}"
          if r.get("naive_s") else "not run",
          ratio(r.get("naive_site_mb"), r["site_mb"]) if r.get("naive_s") else "not run",
          f(r.get("bare_s")), f(r.get("bare_cpu")), f(r.get("bare_site_mb"), ".1f"),
          f"{r['ours_bare']:.2f}x, {r['ours_bare_cpu']:.2f}x; {r['ours_bare_range'][0]:.2f}-{r['ours_bare_range'][1]:.2f}"
          if r.get("bare_s") else "not run"]
         for r in rows]))
    out.append("Ratios are taken pair by pair (each compared build straight after one of ours) and the median "
               "of the pairs given, so that drifts in the machine's speed cancel out.")
    if any(r.get("zensical_s") for r in rows):
        out += ["", f"Zensical: `zensical build --clean` of the same docs/ (no hook), run for N <= {args.zensical_max}."]
        out.append(table(["N", "zensical s", "zensical CPU s", "zensical MB", "zensical/ours time (wall, median of pairs)",
                          "issues reported"],
                         [[str(r["n"]), f(r["zensical_s"]), f(r["zensical_cpu"]), f(r["zensical_mb"], ".0f"),
                           f"{r['zensical_ours']:.2f}x", "some" if r["zensical_issues"] else "none"]
                          for r in rows if r.get("zensical_s")]))
    out.append("")
    ex = {key: exponent(rows, key) for key in ("norm_s", "norm_cpu", "mkdocs_s", "mkdocs_cpu", "norm_mb")}
    out.append(f"Exponent b of time ~ N^b (log-log least squares over N >= 100): normaliser {f(ex['norm_s'])} "
               f"(CPU {f(ex['norm_cpu'])}), mkdocs build {f(ex['mkdocs_s'])} (CPU {f(ex['mkdocs_cpu'])}); "
               f"normaliser peak memory {f(ex['norm_mb'])}")
    for r in rows:
        if r.get("hook_wrote"):
            out.append(f"WARNING N={r['n']}: the hook rewrote {len(r['hook_wrote'])} files during mkdocs build "
                       "(the normaliser's code changed during the run?): that build time includes a normaliser run")
        if "progress" in r:
            p = r["progress"]
            out.append(f"Progress (archive check, N={r['n']}): on a terminal {'shown' if p['tty_shows'] else 'NOT shown'}; "
                       f"terminal with CI=true {'quiet' if p['ci_quiet'] else 'NOT quiet'}; pipe "
                       f"{'quiet' if p['pipe_quiet'] else 'NOT quiet'}")
        if "serve_s" in r:
            out.append(f"mkdocs serve (N={r['n']}): edited record shown after {f(r['serve_s'])} s"
                       + (f" (server ready after {f(r.get('serve_startup_s'))} s)" if r.get("serve_s") else
                          f" -- failed: {r.get('serve_error', '')[-300:]}"))
    out += ["", "Targets"] + [f"  [{'met' if ok else 'MISSED' if ok is False else 'n/a'}] {text}"
                              for ok, text in targets(rows, ex["norm_s"])]
    out += [f"  [{'met' if ok else 'MISSED'}] {text}" for ok, text in normaliser_targets([], copies)]
    return "\n".join(out + machine_lines(load))


def normaliser_table(rows: list[dict]) -> str:
    return table(
        ["N", "build s", "build CPU s", "of which system s", "files written", "build MB", "re-run s", "re-run CPU s",
         "re-run wrote", "template change s", "template change CPU s", "one added s", "one added CPU s", "docs MB",
         "quiet in pipe"],
        [[str(r["n"]), f(r["norm_s"]), f(r["norm_cpu"]), f(r.get("norm_sys")), str(r.get("norm_files", "-")),
          f(r["norm_mb"], ".0f"), f(r["rerun_s"]), f(r["rerun_cpu"]),
          str(len(r["rerun_wrote"])) + " files", f(r.get("template_s")), f(r.get("template_cpu")), f(r.get("added_s")),
          f(r.get("added_cpu")), f(r["docs_mb"], ".1f"), "yes" if r["norm_quiet"] else "NO"] for r in rows])


def reader_table(rows: list[dict]) -> str:
    """Sizes of the reader's pages at each N, and a line naming any page over the limit."""
    names = list(READER_PAGES)
    out = [table(["N", *(f"{name} KB" for name in names)],
                 [[str(r["n"]), *(f(r["reader_kb"].get(name), ".1f") for name in names)] for r in rows])]
    over = [f"{name} at N={r['n']} ({r['reader_kb'][name]:.1f} KB)" for name in names for r in rows
            if (r["reader_kb"].get(name) or 0) > READER_LIMIT_KB]
    if over:
        out.append(f"OVER {READER_LIMIT_KB} KB: " + "; ".join(over))
    return "\n".join(out)


def machine_lines(load: tuple[str, str]) -> list[str]:
    m = machine()
    return ["", f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}, "
            f"MkDocs {m['mkdocs']}, Material {m['material']}, PyYAML {m['pyyaml']}",
            f"Load average (1 min) at start {load[0]}, at end {load[1]}: wall times include any other load on the "
            "machine; CPU times much less so"]


def results_page(text: str, when: datetime | None = None) -> str:
    """The guide's results page: the report as printed, dated (the report names the command,
    the machine and its load)."""
    when = when or datetime.now(timezone.utc)
    return (f"# Benchmark results\n\nWritten by `scripts/bench.py` on {when:%d %B %Y, %H:%M} UTC; each run replaces "
            "this page (see [Scale](scale.md)). Wall times include any other load on the machine (the load average "
            f"is at the end); CPU seconds much less so.\n\n```text\n{text}\n```\n")


# The modes that measure one thing (--search, --mkdocs) write a section of their own below the
# full report, between these marks; a full run keeps them.
SECTION = re.compile(r"\n<!-- bench:(\w+) -->\n.*?\n<!-- /bench:\1 -->\n", re.S)
TITLES = {"search": "Search by shard size", "mkdocs": "mkdocs build against bare Material",
          "editor": "The editor's loop"}


def section(name: str, text: str, when: datetime | None = None) -> str:
    when = when or datetime.now(timezone.utc)
    return (f"\n<!-- bench:{name} -->\n## {TITLES.get(name, name)}\n\nWritten on {when:%d %B %Y, %H:%M} UTC.\n\n"
            f"```text\n{text}\n```\n<!-- /bench:{name} -->\n")


def replace_section(page: str, name: str, text: str) -> str:
    new, found = section(name, text), False

    def swap(match):
        nonlocal found
        found = found or match.group(1) == name
        return new if match.group(1) == name else match.group(0)
    page = SECTION.sub(swap, page)
    return page if found else page + new


def kept_sections(path: Path) -> str:
    try:
        return "".join(m.group(0) for m in SECTION.finditer(path.read_text(encoding="utf-8")))
    except OSError:
        return ""
