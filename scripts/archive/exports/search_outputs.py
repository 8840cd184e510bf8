"""Pagefind's output folders, kept between builds beside its input pages (search_inputs.py).

Pagefind compresses each page's fragment at its best level, and that is much of its work per
page; it does not write a fragment whose file is already there (the file is named by a hash of
its content). So a shard's output folder is kept with a record of which page's fragment is
which file: after one changed record, Pagefind still reads every page of the shard but
compresses only the changed page's fragment, its word index and its metadata. Paired on the
1,005 bench's 130-page shard: about 0.36 -> 0.27 CPU s.

The index must stay byte for byte a clean build's, so only what is certainly the same is left
for Pagefind to find: the fragments of pages whose input was kept unchanged (search_inputs.py),
each still at the size and modification time recorded, written by the same Pagefind with the
same settings. Everything else is removed: what every run writes again (the word indexes, which
change with almost any edit, the metadata, the bundle's scripts) as soon as it is collected,
in Indexing's thread beside the rendering, and anything else before Pagefind runs. A fragment's file name is a 7-digit prefix of its
hash; if two of a build's pages share one, Pagefind lengthens one name, which would let it
take a kept file for a different page: a lengthened name among the new files means the shard
is indexed again from an empty folder."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import zlib
from pathlib import Path

from .search_inputs import files, taken

FRAGMENTS = "fragment"
# A fragment's name as Pagefind gives it when no two pages of the shard share its prefix.
SHORT = re.compile(r"[a-z]+(-[a-z]+)?_[0-9a-f]{7}\.pf_fragment")
HEAD = b"pagefind_dcd"  # before every compressed file's content
URL_FIRST = HEAD + b'{"url":'


class Outputs:
    """Shard n's output folder in `base`/out-n (None: in `scratch`, empty each time)."""

    def __init__(self, base: Path | None, scratch: Path, n: int, made_by: str = ""):
        self.path = (base or scratch) / f"out-{n}"
        self.record = self.path.with_suffix(".json") if base is not None else None
        # Pagefind's version and settings: another could compress the same fragment otherwise.
        self.made_by = made_by
        self.kept: dict[str, str] = {}  # file -> the page it is the fragment of
        self.taken: dict[str, list] = {}  # the record prepare() took

    def prepare(self, unchanged: set[str]) -> None:
        """Before Pagefind runs (the shard's folders locked: search_inputs.Inputs): only the
        recorded fragments of `unchanged` pages, as they were written, are left."""
        self.taken = recorded = self.recorded()
        keep = {f"{FRAGMENTS}/{entry[0]}": url for url, entry in recorded.items()
                if url in unchanged and isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)}
        self.kept = {}
        if self.path.is_dir():
            for rel, entry in files(self.path).items():
                if rel in keep and recorded[keep[rel]][1:] == entry:
                    self.kept[rel] = keep[rel]
                else:
                    os.unlink(self.path / rel)

    def abandon(self) -> None:
        """After prepare(), its Pagefind ended before its end: the kept fragments recorded again
        (Pagefind writes no file that is there; what else it wrote, prepare() removes next time)."""
        self.write_record({url: self.taken[url] for url in self.kept.values()})

    def clear(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.kept = {}

    def recorded(self) -> dict[str, list]:
        """url -> [fragment file, size, modification time] as the last build left them; the
        record removed until this build has written its own."""
        found = taken(self.record)
        if not (isinstance(found, dict) and found.get("made by") == self.made_by and isinstance(found.get("pages"), dict)):
            return {}
        return found["pages"]

    def collect(self, urls: set[str], unused: re.Pattern) -> dict[str, bytes] | None:
        """The index Pagefind wrote (output path -> bytes, `unused` files left out) once it
        has ended, with the record for the next build; None when it cannot be trusted (a
        lengthened name beside kept files, or not one fragment for each page)."""
        found, record, listed = {}, {}, files(self.path)
        for rel, entry in sorted(listed.items()):
            folder, _, name = rel.rpartition("/")
            if folder == FRAGMENTS:
                if rel in self.kept:
                    url = self.kept[rel]
                elif self.kept and not SHORT.fullmatch(name):
                    return None
                else:
                    url = page_url(data := (self.path / rel).read_bytes())
                    found[rel] = data
                if url in record:
                    return None
                record[url] = [name, *entry]
            if not unused.fullmatch(name) and rel not in found:
                found[rel] = (self.path / rel).read_bytes()
        if set(record) != urls:
            return None
        for rel in listed:  # written again by every run: removed now, beside the build, not before the next Pagefind
            if not rel.startswith(f"{FRAGMENTS}/"):
                os.unlink(self.path / rel)
        self.write_record(record)
        return found

    def write_record(self, pages: dict[str, list]) -> None:
        if self.record is not None:
            partial = self.record.with_suffix(f".partial-{os.getpid()}")
            partial.write_text(json.dumps({"made by": self.made_by, "pages": pages}), encoding="utf-8")
            os.rename(partial, self.record)


def page_url(fragment: bytes) -> str | None:
    """The page a fragment file is of (its address as the pages' folder has it). Pagefind writes
    the address first: only the start is decompressed and read (a cold build reads a thousand)."""
    try:
        start = zlib.decompressobj(wbits=31).decompress(fragment, 4096)
        if start.startswith(URL_FIRST):
            url = json.JSONDecoder().raw_decode(start[len(URL_FIRST):].decode("utf-8", "ignore"))[0]
        else:
            data = gzip.decompress(fragment)
            url = json.loads(data[len(HEAD):] if data.startswith(HEAD) else data)["url"]
    except (OSError, ValueError, KeyError, TypeError, EOFError, zlib.error):
        return None
    return url.lstrip("/") if isinstance(url, str) else None
