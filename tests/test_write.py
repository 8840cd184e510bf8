"""The writer's own files (write.py): the manifest it writes at every build is the JSON it always
was, byte for byte (a clone's committed docs/.archive-manifest.json is compared with it)."""
from __future__ import annotations

import json

from archive.write import MANIFEST, write_manifest
from conftest import ROOT


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
