"""Write stage: put generated pages into docs/ atomically, only when they change, as the
manifest (manifest.py) allows: a generated file edited by hand is not overwritten unless forced."""
from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as quoted
from pathlib import Path

from .core.problems import Problem, Problems
from .core.stopping import Stop
from .keys import Unchanged
from .ingest.sources import read_bytes
from .manifest import MANIFEST, hand_edited, hashes, load_manifest, sha, state

LOCK_WAIT = 120  # seconds a build waits for another to finish writing docs/


@dataclass(frozen=True)
class Report:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    states: dict = field(default_factory=dict, compare=False, repr=False)  # see hashes()


def encode(content: str | bytes | Unchanged) -> bytes | Unchanged:
    """A page's bytes; an Unchanged page stays as it is (write() compares its hash)."""
    return content if isinstance(content, (bytes, Unchanged)) else content.encode("utf-8")


def entries(docs: Path):
    """(relative path, os.DirEntry) of everything under docs/ but its folders, from directory
    listings (cheaper than trying to open each page the build might write); a link is not
    followed."""
    def walk(path: str, prefix: str):
        with os.scandir(path) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    yield from walk(entry.path, f"{prefix}{entry.name}/")
                else:
                    yield prefix + entry.name, entry
    if docs.is_dir():
        yield from walk(str(docs), "")


def links(docs: Path, listed: list | None = None) -> list[Problem]:
    """docs/ is published as it is, and MkDocs follows links: a link in it would publish its
    target (any file on the machine). So none may be there. `listed`: entries(docs), when the
    build has listed them (the writer takes the same list)."""
    return sorted((Problem(entry.path, "file", "is a symbolic link; docs/ holds only files and folders (MkDocs would publish the link's target): remove it")
                   for _, entry in (entries(docs) if listed is None else listed) if entry.is_symlink()), key=lambda p: p.file)


def stage(path: Path, data: bytes, folders: set[Path] | None = None) -> Path:
    """Write data beside path under a temporary name; return that name. `folders`: folders
    known to exist already (this build made or saw them)."""
    if folders is None or path.parent not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(path.parent)
    # The pid keeps two builds apart; leftovers of a killed build are removed before writing.
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        try:
            os.fchmod(fd, 0o644)  # the same mode whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, data: bytes, folders: set[Path] | None = None) -> None:
    # Atomic: a reader, or a build killed at any moment, sees the old file or the new one,
    # never half. No fsync per file: it protects against power loss, not a killed process,
    # and costs seconds over thousands of pages.
    os.replace(stage(path, data, folders), path)


def write_manifest(docs: Path, inputs: str | None, files: dict[str, list[str]]) -> None:
    atomic_write(docs / MANIFEST, manifest_text(inputs, files).encode())


def manifest_text(inputs: str | None, files: dict[str, list[str]]) -> str:
    """json.dumps({"inputs": inputs, "files": files}, indent=0, sort_keys=True) and a newline,
    made from C-encoded strings: an indented dumps runs json's pure-Python encoder, about 12 ms
    for 3,357 files, and a build that changes a page writes the manifest twice."""
    def listed(items: list[str]) -> str:
        return "[\n" + ",\n".join(items) + "\n]" if items else "[]"
    rows = [f"{quoted(rel)}: {listed([quoted(h) for h in hashes])}" for rel, hashes in sorted(files.items())]
    files_part = "{\n" + ",\n".join(rows) + "\n}" if rows else "{}"
    return f'{{\n"files": {files_part},\n"inputs": {json.dumps(inputs)}\n}}\n'


def write(docs: Path, pages: dict[str, str | bytes], inputs: str | None, force: bool = False,
          states: dict[str, list] | None = None) -> Report:
    """Write what changed of `pages`. `states`: what the last build left (hashes()); the Report
    carries the states to keep for the next."""
    with Writer(docs, states, force) as out:
        out.update(pages)
        return out.commit(inputs)


class Writer:
    """A build's writes, page by page as the build makes them: a page whose bytes changed is
    staged at once (written beside its place under a hidden temporary name), and only its hash
    is kept, so that no build holds all its pages (the warm normaliser under serve held them,
    about 215 MB at 5,005 articles, through Pagefind's run). commit() puts them all in place:
    until then docs/ is as it was, whatever stops the build (a full disk, a hand-edited file,
    a stop, a crash: leaving the block discards what was staged)."""

    def __init__(self, docs: Path, states: dict[str, list] | None = None, force: bool = False,
                 manifest: dict | None = None, listed: list | None = None):
        """`manifest`, `listed`: docs/'s manifest and entries(docs), when the build has them."""
        self.docs, self.states, self.force = docs, states or {}, force
        self.manifest = manifest if manifest is not None else load_manifest(docs)
        self.present = {rel for rel, _ in (entries(docs) if listed is None else listed)}
        for leftover in (rel for rel in self.present if rel.rsplit("/", 1)[-1].startswith(".") and rel.endswith(".tmp")):
            (docs / leftover).unlink(missing_ok=True)  # temp files of a build killed mid-write
        # Each folder once (a Path for each of thousands of pages cost more than the walk).
        self.folders = {docs / name if name else docs for name in {rel.rpartition("/")[0] for rel in self.present}}
        self.new: dict[str, str] = {}  # each page's SHA-256
        self.old: dict[str, str] = {}  # the SHA-256 of what docs/ holds there, where it holds a file
        self.after: dict[str, list] = {}  # the states to remember (hashes())
        self.staged: dict[str, Path] = {}

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *error) -> None:
        self.discard()

    def look(self, rel: str) -> str | None:
        """The SHA-256 of what docs/ holds at `rel` (None: nothing)."""
        if rel in self.present and rel not in self.old:
            # hashes() for one file, inline: this runs for each of the thousands of pages a build makes.
            here = state(f"{self.docs}/{rel}")
            if here is not None:
                known = self.states.get(rel)
                found = known[3] if known and tuple(known[:3]) == here else sha(read_bytes(self.docs / rel))
                self.old[rel] = found
                self.after[rel] = [*here, found]
        return self.old.get(rel)

    def keep(self, rel: str) -> None:
        """What docs/ holds at `rel`, if anything, stays and counts as this build's."""
        if (digest := self.look(rel)) is not None:
            self.new[rel] = digest

    def add(self, rel: str, content: str | bytes | Unchanged) -> None:
        if (tmp := self.staged.pop(rel, None)) is not None:  # made again: the last bytes count
            tmp.unlink(missing_ok=True)
        self.look(rel)
        data = encode(content)
        if isinstance(data, Unchanged):
            if data.sha256 == self.old.get(rel):
                self.new[rel] = data.sha256
                return
            data = encode(data.make())  # docs/ holds other bytes now
        self.new[rel] = sha(data)
        if self.new[rel] != self.old.get(rel):
            self.staged[rel] = guarded(self.docs, self.staged, lambda: stage(self.docs / rel, data, self.folders), rel)

    def update(self, pages: dict[str, str | bytes | Unchanged]) -> None:
        for rel, content in pages.items():
            self.add(rel, content)

    def commit(self, inputs: str | None) -> Report:
        """Put the staged pages in place, remove the generated files no longer made, and record
        `inputs` (None: a build that is not over, which the next `archive build` makes whole)."""
        others = sorted((set(self.manifest["files"]) & self.present) - set(self.new) - set(self.old))
        old = {**self.old, **hashes(self.docs, others, self.states)[0]}
        if not self.force and (problems := hand_edited(self.docs, self.manifest, self.new, old)):
            raise Problems(problems)
        known, stale = self.manifest["files"], sorted(set(self.manifest["files"]) - set(self.new))
        new_hashes = {rel: [digest] for rel, digest in self.new.items()}
        changed, self.staged = self.staged, {}
        if changed or stale or self.manifest.get("inputs") != inputs:
            # Until every file is replaced, both the old and the new bytes count as ours, so an
            # interrupted build is finished by the next one instead of being taken for hand edits.
            pending = {rel: hashes if hashes == known.get(rel) else sorted({*known.get(rel, ()), *hashes})
                       for rel, hashes in new_hashes.items()}
            pending.update((rel, sorted(set(hashes))) for rel, hashes in known.items() if rel not in pending)
            guarded(self.docs, changed, lambda: write_manifest(self.docs, None, pending))
            for rel, tmp in changed.items():  # renames: they need no space
                os.replace(tmp, self.docs / rel)
            for rel in stale:
                (self.docs / rel).unlink(missing_ok=True)
                prune(self.docs, (self.docs / rel).parent)
            write_manifest(self.docs, inputs, new_hashes)
            for rel in changed:
                self.after[rel] = [*(state(self.docs / rel) or (-1, -1, -1)), self.new[rel]]
        return Report(tuple(sorted(changed)), tuple(stale), len(self.new) - len(changed),
                      {rel: self.after[rel] for rel in self.new if rel in self.after})

    def discard(self) -> None:
        """Remove what was staged and not put in place."""
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
            prune(self.docs, tmp.parent)
        self.staged = {}


def guarded(docs: Path, staged: dict[str, Path], step, rel: str = MANIFEST):
    """Run a write step; if it fails, remove what was staged and report it on one line."""
    try:
        return step()
    except OSError as error:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
            prune(docs, tmp.parent)
        raise Problems([Problem(str(docs / rel), "file", f"cannot be written ({error.strerror or error})")]) from None


@contextmanager
def locked(docs: Path, wait: float = LOCK_WAIT, stop: Stop | None = None):
    """One build at a time writes docs/ (another's temp files would look like a killed
    build's leftovers): a lock on the folder itself, released when the process ends. `stop`
    set while waiting: Stopped (a new save under serve does not wait for the last one's wait)."""
    try:
        docs.mkdir(parents=True, exist_ok=True)
        fd = os.open(docs, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as error:
        raise Problems([Problem(str(docs), "folder", f"cannot be opened ({error.strerror})")]) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if stop is not None:
                    stop.check()
                if time.monotonic() > deadline:
                    raise Problems([Problem(str(docs), "folder", f"another archive build has been writing it for over {wait:.0f} s; let it finish (or stop it), then build again")]) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def prune(docs: Path, folder: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
