"""The writer's own files (write.py): the manifest it writes at every build is the JSON it always
was, byte for byte (a clone's committed docs/.archive-manifest.json is compared with it)."""
from __future__ import annotations

import gc
import json

import pytest

from archive.build import Paths, build
from archive.write import MANIFEST, write_manifest
from conftest import ROOT, SLUGS, copy_archive


def as_json(inputs, files) -> bytes:
    """The manifest as json.dumps wrote it (indent 0, sorted keys)."""
    return (json.dumps({"inputs": inputs, "files": dict(sorted(files.items()))}, indent=0, sort_keys=True) + "\n").encode()


def test_the_manifest_is_written_as_json_dumps_wrote_it(tmp_path):
    committed = json.loads((ROOT / "docs" / MANIFEST).read_text(encoding="utf-8"))
    odd = {"données/é.md": ["b", "a"], 'quote"d\\name.md': [], "tab\tand\u2028line.md": ["x" * 64],
           "z.md": ["1"], "a.md": ["2", "3", "4"]}
    for inputs, files in ((committed["inputs"], committed["files"]), (None, committed["files"]),
                          ("x", odd), (None, {}), ("", {"only.md": []})):
        write_manifest(tmp_path, inputs, files)
        assert (tmp_path / MANIFEST).read_bytes() == as_json(inputs, files)


@pytest.mark.build
def test_a_build_leaves_the_cyclic_collector_as_it_found_it(tmp_path):
    """build() turns the collector off while it runs; a process that turned it off for good (a
    one-shot `archive build`, which ends with the build) finds it off after, a warm one on."""
    root = copy_archive(tmp_path / "a")
    assert gc.isenabled()
    build(Paths(root), force=True)
    assert gc.isenabled()
    retitle = root / "sources" / "articles" / f"{SLUGS[0]}.yml"
    retitle.write_text(retitle.read_text(encoding="utf-8").replace("title: ", "title: Now ", 1), encoding="utf-8")
    gc.disable()
    try:
        assert build(Paths(root)) is not None
        assert not gc.isenabled()
    finally:
        gc.enable()
