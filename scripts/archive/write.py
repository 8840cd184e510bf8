"""Write stage: put generated pages into docs/ atomically, only when they change, as the
manifest (manifest.py) allows: a generated file edited by hand is not overwritten unless forced."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .core.problems import Problem, Problems
from .keys import Unchanged
from .ingest.sources import read_bytes
from .manifest import hand_edited, hashes, load_manifest, sha, state
# The file-level writes and the lock (build.py, first.py and pending.py take them from here).
from .atomic import MANIFEST, atomic_write, guarded, locked, manifest_row, manifest_rows, prune, stage, write_manifest  # noqa: F401

# A page this large (data/archive.json, 8 MB at 1,005 articles) is hashed and staged on a thread
# of its own: hashlib and the writes let the build's thread go on (about 0.01 CPU s after one
# changed record at 1,005 articles, the article pages made meanwhile). One at a time: each
# holds its page's bytes until it is done.
BESIDE = 1 << 20


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
        self.base = f"{docs}/"  # each page's name joined as text: a Path each cost more than the stat
        self.new: dict[str, str] = {}  # each page's SHA-256
        self.old: dict[str, str] = {}  # the SHA-256 of what docs/ holds there, where it holds a file
        self.after: dict[str, list] = {}  # the states to remember (hashes())
        self.staged: dict[str, Path] = {}
        self.beside: dict[str, tuple[threading.Thread, list]] = {}  # rel -> (its thread, [SHA-256, staged, error])

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *error) -> None:
        self.discard()

    def look(self, rel: str) -> str | None:
        """The SHA-256 of what docs/ holds at `rel` (None: nothing)."""
        found = self.old.get(rel)
        if found is None and rel in self.present:
            # hashes() for one file, inline: this runs for each of the thousands of pages a build makes.
            here = state(self.base + rel)
            if here is not None:
                known = self.states.get(rel)
                found = known[3] if known and tuple(known[:3]) == here else sha(read_bytes(self.docs / rel))
                self.old[rel] = found
                self.after[rel] = [*here, found]
        return found

    def keep(self, rel: str) -> None:
        """What docs/ holds at `rel`, if anything, stays and counts as this build's."""
        if (digest := self.look(rel)) is not None:
            self.new[rel] = digest

    def add(self, rel: str, content: str | bytes | Unchanged) -> None:
        if rel in self.beside:
            self.settle(rel)
        if self.staged and (tmp := self.staged.pop(rel, None)) is not None:  # made again: the last bytes count
            tmp.unlink(missing_ok=True)
        if type(content) is Unchanged:
            if content.sha256 == (old := self.look(rel)):  # most pages of a one-record build
                self.new[rel] = old
                return
            content = content.make()  # docs/ holds other bytes now
        data = encode(content)
        if len(data) >= BESIDE:
            self.settle()  # the one before, if any
            self.new[rel], done = "", [None, None, None, None]  # its place in the order of the pages; settle() fills it
            self.beside[rel] = (threading.Thread(target=self.hash_and_stage, args=(rel, data, done), daemon=True), done)
            self.beside[rel][0].start()
            return
        old = self.look(rel)
        self.new[rel] = digest = sha(data)
        if digest != old:
            self.staged[rel] = guarded(self.docs, self.staged, lambda: stage(self.docs / rel, data, self.folders), rel)

    def hash_and_stage(self, rel: str, data: bytes, done: list) -> None:
        """add()'s work on a large page, on a thread of its own: what settle() finds in `done`.
        What docs/ holds there is hashed here too, when its state is not known (a page the last
        build wrote in its last moments: archive.json, 8 MB at 1,005 articles, read and hashed
        on the build's thread took about 0.007 CPU s)."""
        try:
            old = self.look(rel)
        except BaseException as error:  # noqa: BLE001 - raised again on the build's thread, as add() raised it
            done[3] = error
            return
        try:
            done[0] = sha(data)
            if done[0] != old:
                done[1] = stage(self.docs / rel, data, self.folders, early=True)
        except BaseException as error:  # noqa: BLE001 - raised again on the build's thread (settle)
            done[2] = error

    def settle(self, rel: str | None = None) -> None:
        """The large pages add() hashed and staged beside (`rel`'s, or all), as if done in add():
        their SHA-256, their staged file, or the error their writing met."""
        for name in [rel] if rel is not None else list(self.beside):
            thread, done = self.beside.pop(name)
            thread.join()
            digest, tmp, error, unread = done
            if unread is not None:
                raise unread
            if tmp is not None:
                self.staged[name] = tmp
            if error is not None:
                def again(error=error):
                    raise error
                guarded(self.docs, self.staged, again, name)  # a disk's refusal on one line, as add()'s
            self.new[name] = digest

    def update(self, pages: dict[str, str | bytes | Unchanged]) -> None:
        for rel, content in pages.items():
            self.add(rel, content)

    def commit(self, inputs: str | None) -> Report:
        """Put the staged pages in place, remove the generated files no longer made, and record
        `inputs` (None: a build that is not over, which the next `archive build` makes whole)."""
        self.settle()
        others = sorted((set(self.manifest["files"]) & self.present) - set(self.new) - set(self.old))
        old = {**self.old, **hashes(self.docs, others, self.states)[0]}
        if not self.force and (problems := hand_edited(self.docs, self.manifest, self.new, old)):
            raise Problems(problems)
        known, stale = self.manifest["files"], sorted(set(self.manifest["files"]) - set(self.new))
        changed, self.staged = self.staged, {}
        if changed or stale or self.manifest.get("inputs") != inputs:
            rows = manifest_rows({rel: [digest] for rel, digest in self.new.items()})
            # Until every file is replaced, both the old and the new bytes count as ours, so an
            # interrupted build is finished by the next one instead of being taken for hand edits.
            pending = {**rows, **{rel: manifest_row(rel, sorted({*known.get(rel, ()), digest})) for rel, digest in self.new.items()
                                  if (was := known.get(rel)) is None or len(was) != 1 or was[0] != digest}}
            pending.update((rel, manifest_row(rel, sorted(set(hashes)))) for rel, hashes in known.items() if rel not in pending)
            guarded(self.docs, changed, lambda: write_manifest(self.docs, None, rows=pending))
            for rel, tmp in changed.items():  # renames: they need no space
                os.replace(tmp, self.docs / rel)
            for rel in stale:
                (self.docs / rel).unlink(missing_ok=True)
                prune(self.docs, (self.docs / rel).parent)
            write_manifest(self.docs, inputs, rows=rows)
            for rel in changed:
                self.after[rel] = [*(state(self.docs / rel) or (-1, -1, -1)), self.new[rel]]
        return Report(tuple(sorted(changed)), tuple(stale), len(self.new) - len(changed),
                      {rel: self.after[rel] for rel in self.new if rel in self.after})

    def discard(self) -> None:
        """Remove what was staged and not put in place."""
        for thread, done in self.beside.values():
            thread.join()
            if done[1] is not None:
                done[1].unlink(missing_ok=True)
                prune(self.docs, done[1].parent)
        self.beside = {}
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
            prune(self.docs, tmp.parent)
        self.staged = {}


