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
# The cache's kinds: a run's pieces, its rows of stances.csv and quotes.csv, its articles' shares.
JOINED, ROWS, SHARES = "dataset-runs", "dataset-rows", "dataset"
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


def pieces(shares: list[tuple]) -> tuple[tuple, tuple[bytes, bytes]]:
    """A run's pieces from its articles' shares (dataset.article_share): its lines of archive.json's
    articles, stances and quotes (joined), its rows of articles.csv, its lines of citations.json,
    the SHA-256 of its rows of the three CSV tables, its date sources' items and how many records
    of each kind; then apart its rows of stances.csv and quotes.csv (Runs.rows())."""
    rows = tuple(b"".join(share[i] for share in shares) for i in (3, 4, 5))
    return (SEP.join(share[0] for share in shares), SEP.join(line for share in shares for line in share[1]),
            SEP.join(line for share in shares for line in share[2]), rows[0],
            CITED_SEP.join(share[6] for share in shares), tuple(hashlib.sha256(x).hexdigest() for x in rows),
            tuple(pair for share in shares for pair in share[8]),
            (len(shares), sum(len(share[1]) for share in shares), sum(len(share[2]) for share in shares))), rows[1:]


class Runs(list):
    """Each run's pieces() (kept_runs()); the rows of stances.csv and quotes.csv kept apart, read
    only when one of those files is made again (a new title leaves them as they were: 3.5 MB
    of the runs' 13 MB at 1,005 articles)."""

    def __init__(self, site, share: Callable):
        super().__init__()
        self.site, self.share = site, share
        self.runs: list[tuple[list, list, str | None]] = []  # each run's articles, their names, its key
        self.held: dict[int, tuple[bytes, bytes]] = {}  # run -> its rows made this build

    def rows(self, which: int) -> list[bytes]:
        """Each run's rows of stances.csv (`which` 0) or quotes.csv (1)."""
        store, out = self.site.cache, []
        for n, (run, names, key) in enumerate(self.runs):
            found = self.held.get(n)
            if found is None and store is not None:
                found = store.get(ROWS, key)
            if not isinstance(found, tuple):
                found = self.held[n] = pieces(run_shares(self.site, run, names, self.share))[1]
            out.append(found[which])
        return out


def run_shares(site, run: list, names: list, share: Callable) -> list[tuple]:
    """The shares of a run's articles: those kept with the run (by its first slug), each by its
    article's name, the others made (`share(site, a)`) and kept with them."""
    store = site.cache
    if store is None:
        return [share(site, a) for a in run]
    key = store.hashed([SHARES, run[0].slug])
    kept = store.get(SHARES, key)
    kept = kept if isinstance(kept, dict) else {}
    shares, made = [], {}
    for a, name in zip(run, names):
        shares.append((name and kept.get(name)) or share(site, a))
        if name:
            made[name] = shares[-1]
    if made != kept:  # on disk only: a warm process reads a run's shares when one of them changes
        store.put(SHARES, key, made, remember=False)
    return shares


def kept_runs(site, ordered: list, share: Callable) -> Runs:
    """Each run's pieces(), made once: kept by the names of its articles (the key each was made
    with and its authors' slugs; the key holds the context and the code). A run made again
    takes its articles' shares from those kept with it (run_shares()), so one changed article
    makes one share."""
    store, made = site.cache, Runs(site, share)
    for run in runs(ordered):
        names = [site.keys.get(a.slug) and " ".join([site.keys[a.slug], *(x.slug for x in a.authors)]) for a in run]
        key = store.hashed([JOINED, *names]) if store is not None and all(names) else None
        made.runs.append((run, names, key))
        found = store.get(JOINED, key) if store is not None else None
        if isinstance(found, tuple):
            store.touch(SHARES, store.hashed([SHARES, run[0].slug]))  # kept for the day one of its articles changes
            store.touch(ROWS, key)
            made.append(found)
            continue
        found, rows = pieces(run_shares(site, run, names, share))
        made.held[len(made)] = rows
        made.append(found)
        if store is not None:
            store.put(JOINED, key, found)
            store.put(ROWS, key, rows)
    return made
