"""What a build made, kept for the next build, keyed by exactly what it was made from.

Two layers: the process's memory (the normaliser kept warm under `mkdocs serve`) and a folder
on disk, `.cache/archive/` at the root (gitignored), so a one-shot `archive build` after one
changed record reads, checks and renders that record's article only. Every key holds the
digest of the normaliser's code (templates included). An article's key holds the sources it is
read with (reading_digest: not what only pages show); an article page's, the vocabulary
entries it names (Store.page_key); every other page's, every source outside sources/articles/
(the context). The guide's scale page says what each change makes again.

An entry on disk is trusted only when it is ours: a version line, then the CRC-32 of the
rest, then a pickle that may name only our own classes and a few of Python's. A corrupt,
foreign or unreadable entry is a miss (made again, overwritten), never an error.
"""
from __future__ import annotations

import io
import pickle
import time
from pathlib import Path

# serve.py takes CODE and inputs_digest from here.
from .keys import CODE, Unchanged, digest, entries_digest, inputs_digest  # noqa: F401
from .core.stopping import Stop
from .ingest.sources import RACY_NS
from .packs import Packs
from .pickled import OursOnly, TextApart, checksum

VERSION = b"archive-cache 2\n"
FOLDER = (".cache", "archive")
STATES = "docs-states.pickle"  # in FOLDER: Store.states()

# Kind -> key -> value, what this process made or read last build: a warm process finds its
# entries here without reading the disk.
MEMORY: dict[str, dict[str, object]] = {}


class Store:
    """The cache of one build: `code` is the digest of the normaliser's code; `root` None keeps
    the memory layer only."""

    def __init__(self, root: Path | None, code: str, remember: bool = True):
        self.folder = root.joinpath(*FOLDER) if root is not None else None
        self.code = code
        # A process that builds once (a one-shot `archive build`) keeps no values for a next
        # build, only their names (for keep()): the values cached apart from the pages (the
        # dataset's fragments) were held to the end of the build for nothing.
        self.remember = remember
        self.used: dict[str, dict[str, object]] = {}  # kind -> name -> value
        self.made: dict[str, str] = {}  # slug -> the key its article was made with (build.load)
        # docs/'s pages made from one entry each: path -> [entry's name, SHA-256 of the page],
        # as the last build left them (states()) and as this build makes them (page()).
        self.before: dict[str, list] = {}
        self.outputs: dict[str, list] = {}
        # Every source outside sources/articles/, the vocabularies whole (build.load): in the key
        # of every page but an article's, which names the entries it shows (page_key()).
        self.context = ""
        self.entries: dict[tuple[str, str], str] = {}  # entry_digests() of this build's vocabularies
        self.site = ""  # what every article page shows of the site: title, address, entries' order, styles
        self.packs: dict[str, Packs] = {}  # kind -> its entries on disk (packs.py)
        # Checked at every entry asked for (each article read, each page made): a build stopped
        # from another thread (build.build's `stop`) stops between two of them.
        self.stop = Stop()

    @staticmethod
    def key(made: str | None, *parts) -> str | None:
        """A key made of an article's key and other values (their repr()); None without the first."""
        return made and digest(made, repr(parts))

    def hashed(self, parts: list[str]) -> str:
        """A key made of `parts` and the whole context."""
        return digest(self.context, *parts)

    def page_key(self, a, *parts) -> str | None:
        """An article page's key: what its article was made from, the vocabulary entries it
        names and the site's, and `parts`; None when the article has no key."""
        made = self.made.get(a.slug)
        return made and digest(made, self.site, entries_digest(self.entries, a), repr(parts))

    def name(self, key: str) -> str:
        return digest(self.code, key)[:40]

    def get(self, kind: str, key: str | None):
        self.stop.check()
        return self.entry(kind, key)

    def entry(self, kind: str, key: str | None):
        if key is None:
            return None
        name = self.name(key)
        value = MEMORY.get(kind, {}).get(name)
        if value is None and self.folder is not None:
            value = self.read(kind, name)
        if value is not None:
            self.used.setdefault(kind, {})[name] = value if self.remember else None
        return value

    def page(self, kind: str, key: str | None, rel: str, make):
        """The page `rel` of docs/, made from the entry `key` of `kind` (make() makes it):
        Unchanged when the last build wrote `rel` from the same entry, which is then not read
        (an article page is the largest entry a one-record build would read)."""
        self.stop.check()
        if key is None:
            return make()
        name = self.name(key)
        self.outputs[rel] = [name, None]
        before = self.before.get(rel)
        if before and before[0] == name and isinstance(before[1], str):
            self.used.setdefault(kind, {})[name] = MEMORY.get(kind, {}).get(name) if self.remember else None
            return Unchanged(before[1], lambda: self.entry(kind, key) or make())  # when written: not stopped
        value = self.entry(kind, key)
        if value is None:
            # As UTF-8, the form the build holds its pages in (write.encode): the same bytes
            # then serve the build and a warm process's memory, not a text beside them.
            value = make().encode("utf-8")
            self.put(kind, key, value)
        return value

    def touch(self, kind: str, key: str | None) -> None:
        """Keep the entry `key` of `kind` for the next build (keep()) without reading it: a
        store of fragments a page was not made from this time (its page was reused whole)."""
        if key is not None:
            name = self.name(key)
            self.used.setdefault(kind, {}).setdefault(name, MEMORY.get(kind, {}).get(name) if self.remember else None)

    def put(self, kind: str, key: str | None, value, remember: bool = True) -> None:
        """`remember` False: on disk only, not in this process's memory for its next build."""
        if key is None:
            return
        name = self.name(key)
        self.used.setdefault(kind, {})[name] = value if self.remember and remember else None
        if self.folder is not None:
            try:
                out = io.BytesIO()
                TextApart(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
                data = out.getvalue()
                self.kind(kind).put(name, VERSION + checksum(data) + b"\n" + data)
            except (OSError, pickle.PicklingError):
                pass  # a cache that cannot be written only makes the next build slower

    def known(self, kind: str, key: str | None, value) -> None:
        """An entry another process put (a forked reader, ingest/reading.py): used, not written."""
        if key is not None:
            self.used.setdefault(kind, {})[self.name(key)] = value if self.remember else None

    def kind(self, kind: str) -> Packs:
        if kind not in self.packs:
            self.packs[kind] = Packs(self.folder / kind)
        return self.packs[kind]

    def read(self, kind: str, name: str):
        try:
            data = self.kind(kind).get(name) or b""
            # By offsets into the entry, not parts of it: copying each part cost as much as the
            # check (25 MB of entries after one changed record at 1,005 articles).
            start = data.find(b"\n", len(VERSION)) + 1
            if not data.startswith(VERSION) or start == 0 or checksum(memoryview(data)[start:]) != data[len(VERSION):start - 1]:
                return None
            payload = io.BytesIO(data)  # shares the entry's bytes
            payload.seek(start)
            return OursOnly(payload).load()
        except Exception:  # noqa: BLE001 - anything wrong with an entry makes it a miss
            return None

    @staticmethod
    def write(path: Path, data: bytes) -> None:
        # Not atomic: a file cut short by a killed build does not parse, and is not trusted.
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def kept(self, report):
        """keep(), and the states of docs/'s files the write `report` leaves; returns it."""
        self.keep()
        self.before = {rel: [name, report.states[rel][3]] for rel, (name, _) in self.outputs.items()
                       if rel in report.states}
        self.save_states(report.states)
        return report

    def keep(self) -> None:
        """Remember in memory what this build used, and remove from disk the entries of the
        kinds it used that it did not use (the cache does not grow with every edit)."""
        MEMORY.clear()
        if self.remember:
            MEMORY.update(self.used)
        if self.folder is None:
            return
        for kind, entries in self.used.items():
            try:
                self.kind(kind).keep(set(entries))
            except OSError:
                pass
        for packs in self.packs.values():
            packs.close()
        self.packs = {}

    # The state of docs/'s files when this build wrote or checked them: path -> [size, mtime_ns,
    # inode, sha256]. A file whose state is unchanged still holds those bytes, so the writer
    # compares hashes without reading it again. Pickled (read as OursOnly reads an entry), not
    # JSON: 3,357 files' states were 0.008 CPU s of JSON a build, 0.003 pickled.
    def states(self) -> dict[str, list]:
        if self.folder is None:
            return {}
        try:
            with open(self.folder / STATES, "rb") as file:
                found = OursOnly(file).load()
            if found.get("version") != VERSION.decode():
                return {}
            # A file changed in the same tick of the clock as it was recorded would keep its
            # time: only states recorded well after the file's time are trusted (as git does).
            trusted = found["at"] - RACY_NS
            self.before = found.get("outputs", {})
            return {rel: s for rel, s in found["files"].items() if s[1] < trusted}
        except Exception:  # noqa: BLE001 - a states file that is not whole or not ours: every file read again
            self.before = {}
            return {}

    def save_states(self, states: dict[str, list]) -> None:
        if self.folder is not None:
            try:
                self.write(self.folder / STATES, pickle.dumps({"version": VERSION.decode(), "at": time.time_ns(), "files": states,
                                                               "outputs": self.before}, protocol=pickle.HIGHEST_PROTOCOL))
            except OSError:
                pass
