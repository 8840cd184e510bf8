"""The dataset's articles kept a run at a time (exports/dataset.py): archive.json's, the CSV
tables' and citations.json's lines of consecutive articles (by slug) joined once, and kept in
the build's cache by what their articles were made from. A build after one changed record
reads each run as a few large strings, not a thousand articles' shares, and joins them.

A run ends where an article's slug says so (its CRC-32), not at a count: an article added or
removed changes its own run, not the runs after it.
"""
from __future__ import annotations

import hashlib
import zlib
from typing import Callable

SPAN = 32  # a run's articles on average: about 31 runs at 1,005 articles
JOINED, SHARES = "dataset-runs", "dataset"  # the cache's kinds: a run's pieces, its articles' shares
SEP, CITED_SEP = b",\n  ", ",\n  "  # between two records of archive.json, two lines of citations.json


class Joined:
    """A list of archive.json's records written already, as runs of lines (record_per_line):
    its length is the records'."""

    def __init__(self, runs: list[bytes], count: int):
        self.runs, self.count = [run for run in runs if run], count

    def __len__(self) -> int:
        return self.count


def runs(ordered: list) -> list[list]:
    """The articles in `ordered` (by slug) in runs: one begins at each slug whose CRC-32 is a
    multiple of SPAN (and at the first)."""
    found: list[list] = []
    for a in ordered:
        if not found or zlib.crc32(a.slug.encode("utf-8")) % SPAN == 0:
            found.append([])
        found[-1].append(a)
    return found


def pieces(shares: list[tuple]) -> tuple:
    """A run's pieces from its articles' shares (dataset.article_share): its lines of archive.json's
    articles, stances and quotes (joined), its rows of the three CSV tables and their SHA-256,
    its lines of citations.json, its date sources' items, and how many records of each kind."""
    rows = tuple(b"".join(share[i] for share in shares) for i in (3, 4, 5))
    return (SEP.join(share[0] for share in shares), SEP.join(line for share in shares for line in share[1]),
            SEP.join(line for share in shares for line in share[2]), *rows,
            CITED_SEP.join(share[6] for share in shares), tuple(hashlib.sha256(x).hexdigest() for x in rows),
            tuple(pair for share in shares for pair in share[8]),
            (len(shares), sum(len(share[1]) for share in shares), sum(len(share[2]) for share in shares)))


def kept_runs(site, ordered: list, share: Callable) -> list[tuple]:
    """Each run's pieces(), made once: kept by the names of its articles (the key each was made
    with and its authors' slugs; the key holds the context and the code). A run made again
    takes its articles' shares (`share(site, a)` makes one) from those kept with the run by its
    first slug, each by its article's name, so one changed article makes one share."""
    store = site.cache
    if store is None:
        return [pieces([share(site, a) for a in run]) for run in runs(ordered)]
    made_runs = []
    for run in runs(ordered):
        names = [site.keys.get(a.slug) and " ".join([site.keys[a.slug], *(x.slug for x in a.authors)]) for a in run]
        key = store.hashed([JOINED, *names]) if all(names) else None
        shares_key = store.hashed([SHARES, run[0].slug])
        found = store.get(JOINED, key)
        if isinstance(found, tuple):
            store.touch(SHARES, shares_key)  # kept for the day one of its articles changes
            made_runs.append(found)
            continue
        kept = store.get(SHARES, shares_key)
        kept = kept if isinstance(kept, dict) else {}
        shares, made = [], {}
        for a, name in zip(run, names):
            shares.append((name and kept.get(name)) or share(site, a))
            if name:
                made[name] = shares[-1]
        if made != kept:  # on disk only: a warm process reads a run's shares when one of them changes
            store.put(SHARES, shares_key, made, remember=False)
        made_runs.append(pieces(shares))
        store.put(JOINED, key, made_runs[-1])
    return made_runs
