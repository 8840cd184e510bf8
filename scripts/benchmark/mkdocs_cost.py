"""A full `mkdocs build` of the archive against bare Material on the same docs/
(scripts/bench.py --mkdocs): the issue's target is that ours stays at or below bare Material's time.

Ours: the archive's mkdocs.yml (its hook, whose normaliser run is then a no-op because docs/ is
current; Material's tags plugin; the engine's search off, Pagefind's index already in docs/).
Bare: the same docs/ with a mkdocs.yml of the site's name, the Material theme, the same
bounded navigation and Markdown extensions, and no hook; once with MkDocs' default plugins
(its search, as a bare Material site has) and once with none. Builds alternate (ours, bare,
bare without plugins, and again), each a process of its own, and the fastest of each kind
is given, with its CPU seconds and the peak memory of its processes.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .processes import must, timed
from .run import archive_cmd, loadavg, say
from .site import nav_block
from .tables import f, table

MARKDOWN = "markdown_extensions:\n  - attr_list\n  - tables\n  - toc:\n      permalink: false\n"
RELAXED = ("validation:\n  nav: {omitted_files: ignore, not_found: ignore}\n"
           "  links: {not_found: ignore, anchors: ignore, unrecognized_links: ignore, absolute_links: ignore}\n")


def bare_config(root: Path, plugins: bool) -> Path:
    nav = nav_block((root / "mkdocs.yml").read_text(encoding="utf-8"))
    path = root / f"mkdocs-bare{'' if plugins else '-no-plugins'}.yml"
    path.write_text("site_name: Bare Material\ndocs_dir: docs\nuse_directory_urls: false\n"
                    "theme:\n  name: material\n" + nav + MARKDOWN + RELAXED + ("" if plugins else "plugins: []\n"),
                    encoding="utf-8")
    return path


def mkdocs(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def measure(root: Path, n: int, runs: int, timeout: float) -> dict:
    say(f"N={n}: archive build (docs/ current before the timed builds)")
    must(timed(archive_cmd() + ["--root", str(root), "build"], timeout), "archive build")
    kinds = {"ours": root / "mkdocs.yml", "bare": bare_config(root, True), "bare_none": bare_config(root, False)}
    best: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="archive-mkdocs-cost-") as tmp:
        for k in range(runs):
            for kind, config in kinds.items():
                say(f"N={n}: mkdocs build, {kind} ({k + 1} of {runs})")
                result = must(timed(mkdocs(config, Path(tmp) / f"{kind}-{k}"), timeout), f"mkdocs build ({kind})")
                if kind not in best or result.wall < best[kind].wall:
                    best[kind] = result
    return {"n": n, **{f"{kind}_{x}": getattr(r, y) for kind, r in best.items()
                       for x, y in (("s", "wall"), ("cpu", "cpu"), ("mb", "peak_mb"))}}


def report(rows: list[dict], runs: int, load: tuple[str, str]) -> str:
    out = [f"mkdocs build of the same docs/ (synthetic articles; fastest of {runs}; wall and CPU seconds, peak MB "
           "of the build's processes)"]
    out.append(table(["N", "ours s", "ours CPU s", "ours MB", "bare s", "bare CPU s", "bare MB", "bare, no plugins s",
                      "its CPU s", "its MB", "ours/bare CPU"],
                     [[str(r["n"]), f(r["ours_s"]), f(r["ours_cpu"]), f(r["ours_mb"], ".0f"), f(r["bare_s"]),
                       f(r["bare_cpu"]), f(r["bare_mb"], ".0f"), f(r["bare_none_s"]), f(r["bare_none_cpu"]),
                       f(r["bare_none_mb"], ".0f"), f(r["ours_cpu"] / r["bare_cpu"])] for r in rows]))
    for r in rows:
        ok = r["ours_cpu"] <= r["bare_cpu"]
        out.append(f"  [{'met' if ok else 'MISSED'}] N={r['n']}: mkdocs build at or below bare Material's: "
                   f"{r['ours_s']:.2f} s ({r['ours_cpu']:.2f} CPU s) against {r['bare_s']:.2f} s "
                   f"({r['bare_cpu']:.2f} CPU s); without any plugin bare takes {r['bare_none_s']:.2f} s "
                   f"({r['bare_none_cpu']:.2f} CPU s)")
    out.append(f"Load average (1 min) before {load[0]}, after {load[1]}; {os.cpu_count()} cores.")
    return "\n".join(out)


def main(sizes: list[int], keep: Path | None, timeout: float, runs: int = 2) -> str:
    from .corpus import generate
    from .seeds import analyse_seeds

    load_start, rows = loadavg(), []
    with tempfile.TemporaryDirectory(prefix="archive-mkdocs-bench-") as tmp:
        for n in sizes:
            root = (keep or Path(tmp)) / f"n{n}"
            if not (root / "sources" / "articles").is_dir():
                say(f"N={n}: generating into {root}")
                generate(root, n, 1, seeds=analyse_seeds())
            rows.append(measure(root, n, runs, timeout))
    return report(rows, runs, (load_start, loadavg()))
