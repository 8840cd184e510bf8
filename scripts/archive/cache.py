"""What a build made, kept for the next build, keyed by exactly what it was made from.

Two layers: the process's memory (the normaliser kept warm under `mkdocs serve`) and a folder
on disk, `.cache/archive/` at the root (gitignored), so a one-shot `archive build` after one
changed record reads, checks and renders that record's article only. Every key holds the
digest of the normaliser's code (templates included) and of every source outside
sources/articles/ (the context): a change of either makes every key new, so everything is
made again (the simplest honest rule; the guide's build page says so).

An entry on disk is trusted only when it is ours: a version line, then the SHA-256 of the
rest, then a pickle that may name only our own classes and a few of Python's. A corrupt,
foreign or unreadable entry is a miss (made again, overwritten), never an error.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import time
from pathlib import Path

from .ingest.sources import Tree, snapshot

CODE = Path(__file__).resolve().parent  # the normaliser's code, templates included
VERSION = b"archive-cache 1\n"
FOLDER = (".cache", "archive")
RACY_NS = 100_000_000  # a file system's clock may tick this coarsely

# Kind -> key -> value, what this process made or read last build: a warm process finds its
# entries here without reading the disk.
MEMORY: dict[str, dict[str, object]] = {}

SAFE = {("builtins", n) for n in ("set", "frozenset", "tuple", "list", "dict", "str", "bytes", "int")} | \
    {("pathlib", "PosixPath"), ("datetime", "date"), ("datetime", "datetime"), ("copyreg", "_reconstructor"),
     ("builtins", "object")}


class OursOnly(pickle.Unpickler):
    """Unpickles only our own data classes and plain values: a pickle that names anything else
    (which could run code) is refused."""

    def find_class(self, module: str, name: str):
        if module.startswith("archive.") or (module, name) in SAFE:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not ours")

    def persistent_load(self, pid):
        if isinstance(pid, bytes):
            return pid.decode("utf-8", "surrogatepass")
        raise pickle.UnpicklingError("unknown persistent id")


class TextApart(pickle.Pickler):
    """Pickles a text that is not ASCII as its UTF-8 bytes, made apart. Pickle's own way asks
    the text for its UTF-8 form, which Python then keeps inside the text for as long as it
    lives: every page and paragraph a cold build caches carried a second copy of itself (its
    peak at 5,005 articles: 1,623 MB; test_cache)."""

    def persistent_id(self, obj):
        if type(obj) is str and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def digests(sources: Path, tree: Tree | None = None) -> tuple[str, str]:
    """(inputs, code): one hash of everything a build reads (the sources and the normaliser's
    own code, templates included), and one of the code alone. `tree`: the sources' snapshot,
    when already read."""
    parts = []
    for folder, contents in ((sources, tree or snapshot(sources)), (CODE, snapshot(CODE))):
        h = hashlib.sha256()
        for path, data in contents.files.items():
            h.update(str(path.relative_to(folder)).encode() + b"\0" + data + b"\0")
        for path, size in contents.oversized.items():
            h.update(str(path.relative_to(folder)).encode() + b"\2" + str(size).encode() + b"\0")
        for path, what in contents.others:
            h.update(str(path.relative_to(folder)).encode() + b"\1" + what.encode() + b"\0")
        parts.append(h.hexdigest())
    return hashlib.sha256(" ".join(parts).encode()).hexdigest(), parts[1]


def inputs_digest(sources: Path, tree: Tree | None = None) -> str:
    return digests(sources, tree)[0]


def context_digest(sources: Path, tree: Tree, leave_out=lambda rel: False) -> str:
    """One hash of every source an article is read with besides its own files: the
    vocabularies, rules, boilerplate, styles and pages (less those `leave_out(relative name)`)."""
    articles = sources / "articles"
    return digest(*(part for path, data in sorted(tree.files.items()) if path.parent != articles
                    and not leave_out(rel := path.relative_to(sources).as_posix()) for part in (rel, data)))


# What pages show of the vocabularies and the site, but reading an article does not use: the
# entries' names, descriptions and claims, the site's title, the home page, the citation
# styles, the dataset's schema. A record names entries by id (reading_digest keeps the ids).
PRESENTED_FILES = {f"vocabularies/{name}.yml" for name in ("positions", "publishers", "proposals", "arguments", "origins")} \
    | {"site.yml"}
PRESENTED_FOLDERS = ("pages/", "csl/", "schema/")
KINDS = ("positions", "publishers", "proposals", "arguments", "voices", "origin_events")


def presented(rel: str) -> bool:
    return rel in PRESENTED_FILES or rel.startswith(PRESENTED_FOLDERS)


def reading_digest(sources: Path, tree: Tree, voc) -> str:
    """The context an article is read with (its key's first part): every source outside
    sources/articles/ but what only pages show (presented()), and of those the vocabularies'
    ids, which a record must name, and the voices whole (a voice says whether it needs a
    speaker). A changed name, description or claim thus leaves every article as it was read."""
    ids = [f"{kind}:" + " ".join(x.id for x in getattr(voc, kind)) for kind in KINDS if kind != "voices"]
    return digest(context_digest(sources, tree, presented), *ids, repr(voc.voices))


def entry_digests(voc) -> dict[tuple[str, str], str]:
    """(kind, id) -> a hash of the vocabulary entry as read: the dependency record of
    everything a page shows of it."""
    return {(kind, x.id): digest(repr(x)) for kind in KINDS for x in getattr(voc, kind)}


def uses(a) -> list[tuple[str, str]]:
    """The vocabulary entries an article names: its article page shows each of them (a name,
    a claim, a position's symbol, whether an argument is for or against)."""
    found = [("publishers", a.publisher), ("positions", a.position)]
    for s in a.stances:
        found += [("proposals", s.proposal), ("positions", s.position)]
    for q in a.quotes:
        found += [("arguments", q.argument), ("proposals", q.proposal), ("voices", q.voice)]
    return found


def presented_digests(sources: Path, tree: Tree, voc) -> tuple[str, dict, str]:
    """(the whole context, entry_digests(), the site's part of every article page): Store's
    context, entries and site."""
    styles = sorted((path.name, data) for path, data in tree.files.items() if path.parent == sources / "csl")
    site = digest(voc.title, voc.address, *(" ".join(x.id for x in getattr(voc, kind)) for kind in KINDS),
                  *(part for style in styles for part in style))
    return digest(str(sources), context_digest(sources, tree)), entry_digests(voc), site


def made_key(context: str, tree: Tree, *paths: Path | None) -> str | None:
    """The key of an article: the context, and the names and bytes of its raw file, its record
    and its saved page (when it has one). None when one of them was not read (too large)."""
    parts = [context]
    for path in paths:
        if path is None:
            parts.append("-")
            continue
        data = tree.files.get(path)
        if data is None:
            return None
        parts += [path.name, data]
    return digest(*parts)


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
        # Every source outside sources/articles/, the vocabularies whole (build.load): in the key
        # of every page but an article's, which names the entries it shows (page_key()).
        self.context = ""
        self.entries: dict[tuple[str, str], str] = {}  # entry_digests() of this build's vocabularies
        self.site = ""  # what every article page shows of the site: title, address, entries' order, styles

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
        return made and digest(made, self.site, *sorted({self.entries.get(e, repr(e)) for e in uses(a)}), repr(parts))

    def name(self, key: str) -> str:
        return digest(self.code, key)[:40]

    def get(self, kind: str, key: str | None):
        if key is None:
            return None
        name = self.name(key)
        value = MEMORY.get(kind, {}).get(name)
        if value is None and self.folder is not None:
            value = self.read(self.folder / kind / name)
        if value is not None:
            self.used.setdefault(kind, {})[name] = value if self.remember else None
        return value

    def put(self, kind: str, key: str | None, value) -> None:
        if key is None:
            return
        name = self.name(key)
        self.used.setdefault(kind, {})[name] = value if self.remember else None
        if self.folder is not None:
            try:
                out = io.BytesIO()
                TextApart(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
                data = out.getvalue()
                self.write(self.folder / kind / name, VERSION + hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
            except (OSError, pickle.PicklingError):
                pass  # a cache that cannot be written only makes the next build slower

    def read(self, path: Path):
        try:
            data = path.read_bytes()
            head, _, rest = data.partition(b"\n")
            check, _, payload = rest.partition(b"\n")
            if head + b"\n" != VERSION or hashlib.sha256(payload).hexdigest().encode() != check:
                return None
            return OursOnly(io.BytesIO(payload)).load()
        except Exception:  # noqa: BLE001 - anything wrong with an entry makes it a miss
            return None

    @staticmethod
    def write(path: Path, data: bytes) -> None:
        # Not atomic, on purpose: a rename per entry cost seconds over a cold build's two
        # thousand entries, and an entry cut short by a killed build fails its hash check.
        try:
            path.write_bytes(data)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def kept(self, report):
        """keep(), and the states of docs/'s files the write `report` leaves; returns it."""
        self.keep()
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
                for entry in os.scandir(self.folder / kind):
                    if entry.name not in entries:
                        os.unlink(entry.path)
            except OSError:
                pass

    # The state of docs/'s files when this build wrote or checked them: path -> [size, mtime_ns,
    # inode, sha256]. A file whose state is unchanged still holds those bytes, so the writer
    # compares hashes without reading it again.
    def states(self) -> dict[str, list]:
        if self.folder is None:
            return {}
        try:
            found = json.loads((self.folder / "docs-states.json").read_text(encoding="utf-8"))
            if found.get("version") != VERSION.decode():
                return {}
            # A file changed in the same tick of the clock as it was recorded would keep its
            # time: only states recorded well after the file's time are trusted (as git does).
            trusted = found["at"] - RACY_NS
            return {rel: s for rel, s in found["files"].items() if s[1] < trusted}
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return {}

    def save_states(self, states: dict[str, list]) -> None:
        if self.folder is not None:
            try:
                self.write(self.folder / "docs-states.json",
                           json.dumps({"version": VERSION.decode(), "at": time.time_ns(), "files": states}).encode())
            except OSError:
                pass
