"""Write stage: put generated pages into docs/ atomically, only when they change.

A manifest (docs/.archive-manifest.json, ignored by MkDocs as a dotfile) remembers the
SHA-256 of every file the normaliser wrote. A generated file whose bytes match no hash
the manifest knows was edited by hand: the build refuses to overwrite it unless forced.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .core.problems import Problem, Problems
from .core.stopping import Stop
from .ingest.sources import read_bytes
from .keys import Unchanged

MANIFEST = ".archive-manifest.json"
LOCK_WAIT = 120  # seconds a build waits for another to finish writing docs/


@dataclass(frozen=True)
class Report:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    states: dict = field(default_factory=dict, compare=False, repr=False)  # see hashes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(content: str | bytes | Unchanged) -> bytes | Unchanged:
    """A page's bytes; an Unchanged page stays as it is (write() compares its hash)."""
    return content if isinstance(content, (bytes, Unchanged)) else content.encode("utf-8")


def as_bytes(pages: dict[str, str | bytes | Unchanged]) -> dict[str, bytes | Unchanged]:
    """`pages`, its texts replaced by their UTF-8 bytes in place (most of ours take two bytes a
    character as texts, about one as UTF-8: 360 MB against 215 at 5,005 copies of the articles)."""
    for rel, content in pages.items():
        pages[rel] = encode(content)
    return pages


def load_manifest(docs: Path) -> dict:
    try:
        return json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"inputs": None, "files": {}}
    except (ValueError, UnicodeDecodeError) as error:
        raise Problems([Problem(str(docs / MANIFEST), "file", f"is not the manifest the normaliser writes ({error}); delete it and run archive build --force")])


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


def links(docs: Path) -> list[Problem]:
    """docs/ is published as it is, and MkDocs follows links: a link in it would publish its
    target (any file on the machine). So none may be there."""
    return sorted((Problem(entry.path, "file", "is a symbolic link; docs/ holds only files and folders (MkDocs would publish the link's target): remove it")
                   for _, entry in entries(docs) if entry.is_symlink()), key=lambda p: p.file)


def state(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def hashes(docs: Path, rels, states: dict[str, list]) -> tuple[dict[str, str], dict[str, list]]:
    """The SHA-256 of each file of `rels` that exists, and the states to remember. `states`:
    path -> [size, mtime_ns, inode, sha256] as a build last left the file; a file still in
    that state holds those bytes, and is not read again (an edit, by hand or by a tool,
    changes its time, size or inode)."""
    found, now = {}, {}
    for rel in rels:
        here = state(docs / rel)
        if here is None:
            continue
        known = states.get(rel)
        found[rel] = known[3] if known and tuple(known[:3]) == here else sha(read_bytes(docs / rel))
        now[rel] = [*here, found[rel]]
    return found, now


def current(docs: Path, manifest: dict, inputs: str, states: dict[str, list] | None = None) -> dict | None:
    """When the inputs are those of the last build and no generated file was touched: the
    files' states (hashes()); else None."""
    if manifest.get("inputs") != inputs:
        return None
    found, now = hashes(docs, manifest["files"], states or {})
    return now if all(found.get(rel) in known for rel, known in manifest["files"].items()) else None


def hand_edited(docs: Path, manifest: dict, new: dict[str, str], old: dict[str, str]) -> list[Problem]:
    """`old`: the present hash of every generated or known file that exists; `new`: the hash
    of every file this build makes."""
    problems, known = [], manifest["files"]
    for rel in (rel for rel in sorted(old) if old[rel] not in known.get(rel, ()) and old[rel] != new.get(rel)):
        why = "was edited by hand since the last build" if rel in known else "exists but was not written by the normaliser"
        problems.append(Problem(str(docs / rel), "file", f"{why}; archive build will not overwrite it. Move your change into sources/ (or run archive build --force to discard it)"))
    return problems


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
    data = json.dumps({"inputs": inputs, "files": dict(sorted(files.items()))}, indent=0, sort_keys=True)
    atomic_write(docs / MANIFEST, (data + "\n").encode())


def write(docs: Path, pages: dict[str, str | bytes], inputs: str, force: bool = False,
          states: dict[str, list] | None = None) -> Report:
    """Write what changed. `states`: what the last build left (hashes()); the Report carries
    the states to keep for the next. The texts of `pages` are replaced by their bytes (as_bytes)."""
    manifest = load_manifest(docs)
    encoded = as_bytes(pages)
    new = {rel: data.sha256 if isinstance(data, Unchanged) else sha(data) for rel, data in encoded.items()}
    present = {rel for rel, _ in entries(docs)}
    old, after = hashes(docs, sorted((set(manifest["files"]) | set(encoded)) & present), states or {})
    if not force and (problems := hand_edited(docs, manifest, new, old)):
        raise Problems(problems)
    changed = {rel: data for rel, data in encoded.items() if old.get(rel) != new[rel]}
    for rel in [rel for rel, data in changed.items() if isinstance(data, Unchanged)]:  # docs/ holds other bytes now
        changed[rel] = encoded[rel] = encode(changed[rel].make())
        new[rel] = sha(changed[rel])
    stale = sorted(set(manifest["files"]) - set(encoded))
    new_hashes = {rel: [digest] for rel, digest in new.items()}
    if changed or stale or manifest.get("inputs") != inputs:
        for leftover in (rel for rel in present if rel.rsplit("/", 1)[-1].startswith(".") and rel.endswith(".tmp")):
            (docs / leftover).unlink(missing_ok=True)  # temp files of a build killed mid-write
        # Every new page is written in full before any is put in place: a full disk or a
        # folder that cannot be written stops the build with docs/ as it was.
        staged = stage_all(docs, changed, {docs / rel.rsplit("/", 1)[0] if "/" in rel else docs for rel in present})
        # Until every file is replaced, both the old and the new bytes count as ours, so an
        # interrupted build is finished by the next one instead of being taken for hand edits.
        pending = {rel: sorted(set(manifest["files"].get(rel, [])) | set(new_hashes.get(rel, [])))
                   for rel in set(manifest["files"]) | set(new_hashes)}
        guarded(docs, staged, lambda: write_manifest(docs, None, pending))
        for rel, tmp in staged.items():  # renames: they need no space
            os.replace(tmp, docs / rel)
        for rel in stale:
            (docs / rel).unlink(missing_ok=True)
            prune(docs, (docs / rel).parent)
        write_manifest(docs, inputs, new_hashes)
        for rel in changed:
            after[rel] = [*(state(docs / rel) or (-1, -1, -1)), new[rel]]
    return Report(tuple(sorted(changed)), tuple(stale), len(encoded) - len(changed),
                  {rel: after[rel] for rel in encoded if rel in after})


def stage_all(docs: Path, changed: dict[str, bytes], folders: set[Path]) -> dict[str, Path]:
    staged: dict[str, Path] = {}
    for rel, data in sorted(changed.items()):
        staged[rel] = guarded(docs, staged, lambda: stage(docs / rel, data, folders), rel)
    return staged


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
