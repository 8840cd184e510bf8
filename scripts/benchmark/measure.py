"""The measurements at one size N: the normaliser (first build, no-change re-run, after a
template change, one article added), then mkdocs builds paired with the bare, naive and
Zensical builds, search in Chromium, progress and serve checks."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import bench_search  # scripts/bench_search.py, beside the package

from .corpus import MANIFEST, generated_files
from .editor import progress_check, serve_check
from .run import Run, archive_cmd, best_of, empty_trash, median, mkdocs_cmd, must, run, say, set_aside, snapshot, zensical_cmd
from .site import MB, bare_setup, naive_config, site_metrics


def reset_docs(docs: Path, keep: tuple[str, ...] = ()) -> None:
    """A docs/ without any generated page (nor the manifest), for another build from scratch: a
    new folder holding only what the normaliser does not write (the theme overrides, assets),
    and the generated files named in `keep`."""
    generated = (generated_files(docs) | {MANIFEST}) - set(keep)
    old = set_aside(docs)
    docs.mkdir()
    for path in sorted(old.rglob("*")):
        rel = path.relative_to(old).as_posix()
        if path.is_file() and rel not in generated:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / rel)
    os.sync()


def measure_normaliser(root: Path, n: int, args) -> dict:
    """A cold `archive build` (best of --repeat, each from a docs/ without generated pages),
    a re-run with nothing changed, a build after a template change (every page written again,
    the citations cached) and, when the generator held an article back, one adding it."""
    r: dict = {"n": n}
    cmd = archive_cmd() + ["--root", str(root)]
    docs = root / "docs"
    say(f"N={n}: archive build" + (f", best of {args.repeat}" if args.repeat > 1 else ""))
    first = best_of(args.repeat, lambda: must(run(cmd + ["build"], args.timeout, env={"CI": ""}), "archive build"),
                    before=lambda: reset_docs(docs))
    r.update(norm_s=first.wall, norm_cpu=first.cpu, norm_sys=first.sys, norm_mb=first.rss_mb,
             norm_files=len(generated_files(docs)), norm_quiet=not first.err.strip())
    before = snapshot(docs)
    say(f"N={n}: archive build again, nothing changed")
    again = best_of(args.repeat, lambda: must(run(cmd + ["build"], args.timeout), "archive build (re-run)"))
    after = snapshot(docs)
    r.update(rerun_s=again.wall, rerun_cpu=again.cpu, rerun_mb=again.rss_mb,
             rerun_wrote=sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)))
    say(f"N={n}: archive build --force after a template change (every page again; the citations cached)")
    def after_template_change() -> Run:
        reset_docs(docs, keep=(CITATIONS,))  # every page written again (the files are new to the manifest: --force)
        return must(run(cmd + ["build", "--force"], args.timeout), "archive build --force")
    changed = best_of(args.repeat, after_template_change)
    r.update(template_s=changed.wall, template_cpu=changed.cpu, template_mb=changed.rss_mb)
    if (root / HELD_BACK).is_dir():
        say(f"N={n}: archive build with one article added (its citation not cached)")
        added = best_of(args.repeat, lambda: add_held_back(root, cmd, args), before=lambda: take_back(root, cmd, args))
        take_back(root, cmd, args)
        r.update(added_s=added.wall, added_cpu=added.cpu, added_mb=added.rss_mb)
    after = snapshot(docs)
    r["docs_mb"] = sum(s for _, _, s in after.values()) / MB
    r["_after"] = after
    return r


# "One article added": the generator makes N + 1 articles and holds one back, in
# held-back/<its slug>/; the build that puts it into the archive is timed, each time after an
# untimed build of the N others (which also drops its citation from the cache).
HELD_BACK = "held-back"


CITATIONS = "data/citations.json"


def hold_back(root: Path, keep: list[str]) -> None:
    """Move the last article (not one of `keep`) out of the sources."""
    folder = root / "sources" / "articles"
    stem = max(p.stem for p in folder.glob("*.yml") if p.stem not in keep)
    (root / HELD_BACK / stem).mkdir(parents=True)
    for path in folder.glob(f"{stem}.*"):
        path.rename(root / HELD_BACK / stem / path.name)


def add_held_back(root: Path, cmd: list[str], args) -> Run:
    for path in (root / HELD_BACK).glob("*/*"):
        path.rename(root / "sources" / "articles" / path.name)
    return must(run(cmd + ["build"], args.timeout), "archive build (one article added)")


def take_back(root: Path, cmd: list[str], args) -> None:
    """The held-back article out of the sources again, and docs/ built without it (untimed)."""
    for held in (root / HELD_BACK).iterdir():
        for path in (root / "sources" / "articles").glob(f"{held.name}.*"):
            path.rename(held / path.name)
    must(run(cmd + ["build"], args.timeout), "archive build (the held-back article taken out)")


def measure(root: Path, info: dict, args) -> dict:
    n = info["n"]
    r = measure_normaliser(root, n, args)
    after = r.pop("_after")
    docs = root / "docs"
    if args.normaliser_only:
        empty_trash(root)
        return r
    # The machine's speed drifts by tens of per cent over minutes, so every comparison is made
    # pair by pair: our build, then straight after it the build compared with it, and the ratio
    # of each pair; the median of the pairs is reported (and the fastest run of each as time).
    site = root / "site"
    config = bare_setup(root) if n <= args.bare_max else None
    bare_site = root / "site-bare"
    ours_runs, bare_runs, zensical_pairs = [], [], []
    zensical = zensical_cmd(root / "mkdocs.yml") if n <= args.zensical_max else None
    for k in range(max(1, args.repeat)):
        say(f"N={n}: mkdocs build ({k + 1} of {max(1, args.repeat)})" + (", then the bare build" if config else "")
            + (", then zensical build" if zensical else ""))
        set_aside(site)
        ours_runs.append(must(run(mkdocs_cmd(root / "mkdocs.yml", site), args.timeout), "mkdocs build"))
        if k == 0:
            r.update(site_metrics(site, info["first_slugs"]))
            if n in args.search_sizes:
                say(f"N={n}: search in Chromium, typing {bench_search.QUERY!r}")
                r["search"] = bench_search.measure(site)
            r["hook_wrote"] = sorted(k for k, v in snapshot(docs).items() if after.get(k) != v)
        if config:
            set_aside(bare_site)
            bare_runs.append(must(run(mkdocs_cmd(config, bare_site), args.timeout), "bare mkdocs build"))
            if k == 0 and n in args.search_sizes:
                say(f"N={n}: Material's search on the bare build, in Chromium")
                r["search_bare"] = bench_search.measure(bare_site)
        if zensical:  # the same docs/ (Zensical runs no hook, and needs none), into root/site
            set_aside(site)
            zensical_pairs.append((ours_runs[-1], must(run(zensical, args.timeout), "zensical build")))
    ours = min(ours_runs, key=lambda x: x.wall)
    if zensical_pairs:
        best = min((z for _, z in zensical_pairs), key=lambda x: x.wall)
        r.update(zensical_s=best.wall, zensical_cpu=min(z.cpu for _, z in zensical_pairs),
                 zensical_mb=max(z.rss_mb for _, z in zensical_pairs),
                 zensical_ours=median([z.wall / o.wall for o, z in zensical_pairs]),
                 zensical_issues="No issues found" not in best.out + best.err)
    r.update(mkdocs_s=ours.wall, mkdocs_cpu=min(x.cpu for x in ours_runs), mkdocs_mb=max(x.rss_mb for x in ours_runs))
    if config:
        m = site_metrics(bare_site, info["first_slugs"])
        bare = min(bare_runs, key=lambda x: x.wall)
        r.update(bare_s=bare.wall, bare_cpu=min(x.cpu for x in bare_runs), bare_mb=max(x.rss_mb for x in bare_runs),
                 bare_site_mb=m["site_mb"],
                 ours_bare=median([o.wall / b.wall for o, b in zip(ours_runs, bare_runs)]),
                 ours_bare_cpu=median([o.cpu / b.cpu for o, b in zip(ours_runs, bare_runs)]),
                 ours_bare_range=(min(o.wall / b.wall for o, b in zip(ours_runs, bare_runs)),
                                  max(o.wall / b.wall for o, b in zip(ours_runs, bare_runs))))
        set_aside(bare_site)
        set_aside(root / "bare")
    set_aside(site)
    if n >= 100 and not args.no_progress_check and not getattr(args, "_progress_done", False):
        say(f"N={n}: progress output on a terminal, in CI and in a pipe")
        r["progress"] = progress_check(root, args.timeout)
        args._progress_done = True
    if n <= args.naive_max:
        naive_site = root / "site-naive"
        pairs = []
        for k in range(max(1, args.repeat)):
            say(f"N={n}: our build, then the naive mkdocs build, Material's default navigation ({k + 1} of {max(1, args.repeat)})")
            set_aside(site)
            paired = must(run(mkdocs_cmd(root / "mkdocs.yml", site), args.timeout), "mkdocs build")
            set_aside(naive_site)
            pairs.append((paired, must(run(mkdocs_cmd(naive_config(root), naive_site), args.naive_timeout), "naive mkdocs build")))
        m = site_metrics(naive_site, info["first_slugs"])
        naive = min((x for _, x in pairs), key=lambda x: x.wall)
        r.update(naive_s=naive.wall, naive_cpu=min(x.cpu for _, x in pairs), naive_mb=max(x.rss_mb for _, x in pairs),
                 naive_site_mb=m["site_mb"], naive_article_max_kb=m["article_max_kb"],
                 naive_ours=median([x.wall / o.wall for o, x in pairs]),
                 naive_ours_cpu=median([x.cpu / o.cpu for o, x in pairs]),
                 naive_ours_range=(min(x.wall / o.wall for o, x in pairs), max(x.wall / o.wall for o, x in pairs)))
        set_aside(naive_site)
        set_aside(site)
    if n <= args.serve_max:
        say(f"N={n}: mkdocs serve, edit one record")
        r.update(serve_check(root, info["first_slugs"][0], args.timeout))
    empty_trash(root)
    return r
