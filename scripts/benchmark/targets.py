"""The targets, each met or missed, as the report lists them."""
from __future__ import annotations


from .tables import f


def normaliser_targets(rows: list[dict], copies: list[dict]) -> list[tuple[bool, str]]:
    """The normaliser's targets at N=1000: on the synthetic records (rows) and on copies of the real ones."""
    found = []
    for label, group in (("", rows), (" on copies of the real articles", copies)):
        k = next((r for r in group if r["n"] == 1000), None)
        if k:
            found.append((k["norm_s"] < 2, f"N=1000 normaliser under 2 s{label}, first build: {k['norm_s']:.2f} s "
                          f"(CPU {k['norm_cpu']:.2f} s, of which system {k.get('norm_sys', 0):.2f} s)"))
            for key, what in (("template", "after a template change"), ("added", "with one article added")):
                if k.get(f"{key}_s") is not None:
                    found.append((k[f"{key}_s"] < 2, f"N=1000 normaliser under 2 s{label}, {what}: {k[f'{key}_s']:.2f} s "
                                  f"(CPU {k[f'{key}_cpu']:.2f} s)"))
    return found


def targets(rows: list[dict], ex_norm: float | None) -> list[tuple[bool | None, str]]:
    by = {r["n"]: r for r in rows}
    k = by.get(1000)
    small, big = (rows[0], rows[-1]) if len(rows) > 1 else (None, None)
    found: list[tuple[bool | None, str]] = []
    if k:
        if k.get("naive_s"):
            found.append((k["naive_ours"] >= 5, f"N=1000 site build >= 5x faster than naive: "
                          f"{k['naive_ours']:.2f}x (CPU {k['naive_ours_cpu']:.2f}x; pairs {k['naive_ours_range'][0]:.2f}"
                          f"-{k['naive_ours_range'][1]:.2f})"))
        if k.get("bare_s"):
            found.append((k["ours_bare"] <= 1.5, f"N=1000 site build within 1.5x of bare Material: "
                          f"{k['ours_bare']:.2f}x (CPU {k['ours_bare_cpu']:.2f}x; pairs {k['ours_bare_range'][0]:.2f}"
                          f"-{k['ours_bare_range'][1]:.2f})"))
        found.append((k["site_mb"] < 40, f"N=1000 site under 40 MB: {k['site_mb']:.1f} MB"))
        found += normaliser_targets([k], [])
        found.append((k["rerun_s"] < 0.5 and not k["rerun_wrote"], f"N=1000 no-change re-run under 0.5 s, writing nothing: "
                      f"{k['rerun_s']:.2f} s (CPU {k['rerun_cpu']:.2f} s), {len(k['rerun_wrote'])} files written"))
    if small and big and small["first5_mean_kb"]:
        change = abs(big["first5_mean_kb"] / small["first5_mean_kb"] - 1)
        found.append((change <= 0.10, f"article page size independent of N (same 5 articles, N={small['n']} vs N={big['n']}): "
                      f"{small['first5_mean_kb']:.1f} vs {big['first5_mean_kb']:.1f} KB ({change:.1%})"))
    worst = max(rows, key=lambda r: r["index_max_kb"])
    found.append((worst["index_max_kb"] < 500, f"index pages under 500 KB: largest {worst['index_max_kb']:.0f} KB "
                  f"({worst['index_max_page']}, N={worst['n']})"))
    if 5000 in by and by[5000].get("search"):
        x = by[5000]["search"]
        found.append((x["first_results_s"] < 1, f"N=5000 search: first results within 1 s of the last key: {x['first_results_s']:.2f} s"))
        found.append((x["before_kb"] == 0, f"N=5000 search: nothing of the index fetched before the reader types: "
                      f"{x['before_kb']:.0f} KB"))
        found.append((x["query_kb"] < 1024, f"N=5000 search: under 1 MB of search files for a query, cold cache: "
                      f"{x['query_kb'] / 1024:.2f} MB"))
        found.append((x["heap_mb"] < 50, f"N=5000 search: JavaScript heap under 50 MB: {x['heap_mb']:.1f} MB"))
    if 5000 in by:
        found.append((by[5000]["norm_mb"] < 1024, f"normaliser peak memory at N=5000 under 1 GB: {by[5000]['norm_mb']:.0f} MB"))
    if ex_norm is not None:
        found.append((ex_norm <= 1.15, f"normaliser time linear in N: exponent {ex_norm:.2f}"))
    for r in rows:
        if "serve_s" in r:
            found.append((r["serve_s"] is not None and r["serve_s"] < 3, f"mkdocs serve shows an edited record in under 3 s at N={r['n']}: "
                          f"{f(r['serve_s'])} s"))
    return found
