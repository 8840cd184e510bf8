"""Pagefind's binary: where it is (without importing its Python package) and which version it
is (its own answer, kept on disk), with the settings every shard is indexed with. Both are part of
each shard's key (search_cache.Cache.key): another binary or setting may write other bytes."""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

# Pagefind's settings, part of every shard's key.
SETTINGS = ("--force-language", "en", "--keep-index-url", "--quiet")
VERSION = "pagefind-version.json"  # beside the cache: version()'s answer, by the binary it is of


@functools.cache
def beside() -> tuple[str, ...]:
    """What runs one Pagefind beside the build's thread below the build's priority (the `nice`
    command; nothing where there is none). At the same priority, on two cores, its threads took
    turns of the build's core; below it, Pagefind takes the core the build leaves. One changed
    record at 1,005 articles, paired whole-process timings, 16 pairs, the build's session at the
    top priority (the machine's other load kept off): with the early start (search_ahead.py),
    wall 0.766 -> 0.688 s (x0.897); the early start alone had not gained (x1.06, 12 pairs)."""
    nice = shutil.which("nice")
    return (nice, "-n", "10") if nice else ()


def executable() -> str | None:
    """Pagefind's binary, looked for where `pagefind.service.get_executable` looks (its
    variable, its binary packages, the PATH), without importing those modules: pagefind's
    imports asyncio, about 0.06 s of every build's start, and the binary packages' logging and
    platform, about 7 ms. A binary package holds the binary beside its __init__.py."""
    if found := os.getenv("PAGEFIND_BINARY_PATH"):
        return found
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        for folder in (spec and spec.submodule_search_locations) or ():
            for name in ("pagefind_extended", "pagefind"):
                if os.path.isfile(path := os.path.join(folder, name)):
                    return path
    return shutil.which("pagefind_extended") or shutil.which("pagefind")


@functools.cache
def version(binary: str, memo: Path | None = None) -> str:
    """Pagefind's own answer to --version (the binary, not the Python package, writes the index),
    kept in `memo` (a file; None: none) by the binary's size and modification time: asked, it
    starts a process before the build's Pagefind can start, 3 ms idle and 20 ms under load."""
    try:
        stat = os.stat(binary)
        mark = [binary, stat.st_size, stat.st_mtime_ns]
    except OSError:
        mark = None
    if memo is not None and mark is not None:
        try:
            found = json.loads(memo.read_bytes())
            if found["binary"] == mark and isinstance(found["version"], str):
                return found["version"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    answer = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    if memo is not None and mark is not None and answer:
        partial = memo.with_name(f"{memo.name}.partial-{os.getpid()}")
        try:
            memo.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps({"binary": mark, "version": answer}), encoding="utf-8")
            os.rename(partial, memo)
        except OSError:  # not kept: asked again next time
            partial.unlink(missing_ok=True)
    return answer
