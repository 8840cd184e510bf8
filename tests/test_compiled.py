"""The dataclasses' methods compiled once (core/compiled.py): a second process compiles none of
the archive's, and its classes behave as `dataclasses` makes them."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

# Counts the texts of methods compiled, by `dataclasses` itself (exec of a text) or for it.
CHILD = """
import builtins, sys
compiled = []
def counting(real):
    def call(source, *rest, **named):
        if isinstance(source, str) and sys._getframe(1).f_globals.get("__name__") in ("dataclasses", "archive.core.compiled"):
            compiled.append(source)
        return real(source, *rest, **named)
    return call
builtins.exec, builtins.compile = counting(builtins.exec), counting(builtins.compile)
import dataclasses
import archive.cli  # the `archive` command installs it first
import archive.core.article, archive.core.vocabulary, archive.pages.render
@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    y: str = "é"
assert Point(1) == Point(1, "é") and Point(1) != Point(2) and hash(Point(1)) == hash(Point(1))
assert repr(Point(1)) == "Point(x=1, y='é')"
try:
    Point(1).x = 2
except dataclasses.FrozenInstanceError:
    pass
else:
    raise AssertionError("not frozen")
print(len(compiled))
"""


def compiled_in_a_process(prefix, write: bool = True) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "PYTHONPYCACHEPREFIX": str(prefix)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_second_process_compiles_none_of_the_dataclasses_methods(tmp_path):
    assert compiled_in_a_process(tmp_path) > 100  # the archive's classes: about 200 methods
    assert compiled_in_a_process(tmp_path) == 0
    assert list(tmp_path.rglob("dataclass-methods.*"))


def test_nothing_is_kept_where_python_writes_no_bytecode(tmp_path):
    assert compiled_in_a_process(tmp_path, write=False) > 100
    assert compiled_in_a_process(tmp_path, write=False) > 100
    assert not list(tmp_path.rglob("dataclass-methods.*"))


def test_a_damaged_file_of_methods_is_compiled_again(tmp_path):
    compiled_in_a_process(tmp_path)
    [kept] = tmp_path.rglob("dataclass-methods.*")
    kept.write_bytes(kept.read_bytes()[:1000])
    assert compiled_in_a_process(tmp_path) > 100
    assert compiled_in_a_process(tmp_path) == 0
