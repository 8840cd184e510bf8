"""Write stage: put generated pages into docs/ atomically, only when they change.

A manifest (docs/.archive-manifest.json, ignored by MkDocs as a dotfile) remembers the
SHA-256 of every file the normaliser wrote. A generated file whose bytes match no hash
the manifest knows was edited by hand: the build refuses to overwrite it unless forced.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .model import Problem, Problems

MANIFEST = ".archive-manifest.json"


@dataclass(frozen=True)
class Report:
    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def load_manifest(docs: Path) -> dict:
    try:
        manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"inputs": None, "files": {}}
    except (ValueError, UnicodeDecodeError) as error:
        raise Problems([Problem(str(docs / MANIFEST), "file", f"is not the manifest the normaliser writes ({error}); delete it and run archive build --force")])
    return manifest


def current(docs: Path, manifest: dict, inputs: str) -> bool:
    """True when the inputs are those of the last build and no generated file was touched."""
    if manifest.get("inputs") != inputs:
        return False
    for rel, hashes in manifest["files"].items():
        try:
            if sha((docs / rel).read_bytes()) not in hashes:
                return False
        except FileNotFoundError:
            return False
    return True


def hand_edited(docs: Path, manifest: dict, pages: dict[str, bytes]) -> list[Problem]:
    problems = []
    known = manifest["files"]
    for rel in sorted(set(known) | set(pages)):
        path = docs / rel
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        digest = sha(data)
        if digest in known.get(rel, ()) or (rel in pages and data == pages[rel]):
            continue
        why = "was edited by hand since the last build" if rel in known else "exists but was not written by the normaliser"
        problems.append(Problem(str(path), "file", f"{why}; archive build will not overwrite it. Move your change into sources/ (or run archive build --force to discard it)"))
    return problems


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        # Atomic: a reader, or a build killed at any moment, sees the old file or the new one,
        # never half. No fsync per file: it protects against power loss, not a killed process,
        # and costs seconds over thousands of pages.
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_manifest(docs: Path, inputs: str | None, files: dict[str, list[str]]) -> None:
    data = json.dumps({"inputs": inputs, "files": dict(sorted(files.items()))}, indent=0, sort_keys=True)
    atomic_write(docs / MANIFEST, (data + "\n").encode())


def write(docs: Path, pages: dict[str, str | bytes], inputs: str, force: bool = False) -> Report:
    manifest = load_manifest(docs)
    encoded = {rel: encode(content) for rel, content in pages.items()}
    if not force:
        problems = hand_edited(docs, manifest, encoded)
        if problems:
            raise Problems(problems)
    changed = {}
    for rel, data in encoded.items():
        try:
            if (docs / rel).read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        changed[rel] = data
    stale = sorted(set(manifest["files"]) - set(encoded))
    new_hashes = {rel: [sha(data)] for rel, data in encoded.items()}
    if changed or stale or manifest.get("inputs") != inputs:
        # Until every file is replaced, both the old and the new bytes count as ours, so an
        # interrupted build is finished by the next one instead of being taken for hand edits.
        pending = {rel: sorted(set(manifest["files"].get(rel, [])) | set(new_hashes.get(rel, [])))
                   for rel in set(manifest["files"]) | set(new_hashes)}
        write_manifest(docs, None, pending)
        for leftover in docs.rglob(".*.tmp"):  # temp files of a build killed mid-write
            leftover.unlink(missing_ok=True)
        for rel, data in sorted(changed.items()):
            atomic_write(docs / rel, data)
        for rel in stale:
            (docs / rel).unlink(missing_ok=True)
            prune(docs, (docs / rel).parent)
        write_manifest(docs, inputs, new_hashes)
    return Report(tuple(sorted(changed)), tuple(stale), len(encoded) - len(changed))


def prune(docs: Path, folder: Path) -> None:
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
