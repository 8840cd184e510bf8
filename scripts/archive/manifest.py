"""What docs/ holds, as the normaliser wrote it. A manifest (docs/.archive-manifest.json, ignored
by MkDocs as a dotfile) remembers the SHA-256 of every file the normaliser wrote. A generated
file whose bytes match no hash the manifest knows was edited by hand: the build refuses to
overwrite it unless forced (write.py)."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .core.problems import Problem, Problems
from .ingest.sources import read_bytes

MANIFEST = ".archive-manifest.json"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_manifest(docs: Path) -> dict:
    try:
        return json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"inputs": None, "files": {}}
    except (ValueError, UnicodeDecodeError) as error:
        raise Problems([Problem(str(docs / MANIFEST), "file", f"is not the manifest the normaliser writes ({error}); delete it and run archive build --force")])


def state(path: Path | str) -> tuple[int, int, int] | None:
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
    found, now, base = {}, {}, f"{docs}/"  # names joined as text: a Path each cost more than the stat
    for rel in rels:
        here = state(base + rel)
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
