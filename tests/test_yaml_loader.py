"""yamlfile's loader builds a document without anchors in one walk of its own (Plain): it must give
what PyYAML's safe construction gives (the same values, types and key order), or refuse with the
same error, for every kind of YAML a record or vocabulary can hold."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from archive.ingest import yamlfile

REPO = Path(__file__).resolve().parents[1]

DOCUMENTS = [
    "title: A plain title\nnumber: 3\nshare: 0.5\nyes_no: yes\nnothing: null\nempty:\n",
    "date: 2024-12-12\nwhen: 2024-12-12T10:00:00Z\nquoted: '2024-12-12'\nlist: [1, '2', three, 4.0, ~]\n",
    "nested:\n  - id: a\n    paragraphs: [1, 2]\n  - id: b\n    note: \"a \\\"quote\\\" in it\"\n",
    "keys:\n  1: one\n  2.5: two and a half\n  true: yes\n  null: none\n",
    "tagged: !!str 12\nbinary: !!binary aGVsbG8=\nset: !!set {a, b}\nomap: !!omap [{a: 1}, {b: 2}]\n",
    "? [a, b]\n: a key that is a sequence\n",
    "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
    "<<: {x: 1}\ny: 2\n",
    "=: a value key\n",
    "editor: one\neditor: two\n",
    "outer:\n  inner: 1\n  inner: 2\n",
    "1: a\n1.0: b\n",
    "date: 2025-02-30\n",
    "object: !!python/object:os.system {}\n",
    "text: |\n  a block\n  of lines\nfolded: >\n  one\n  two\n",
    "- a list at the top\n- [nested, list]\n- {k: v}\n",
    "just a string\n",
    "",
    "a: [unclosed\n",
]


def loaded(text: str, loader):
    try:
        return "value", yaml.load(text, Loader=loader)
    except Exception as error:  # noqa: BLE001 - the error is what is compared
        return "error", type(error).__name__, str(error)


def same(a, b) -> bool:
    """Equal, of the same types, with mappings' keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_plain_loader_builds_what_pyyaml_builds(text):
    ours, theirs = loaded(text, yamlfile.Plain), loaded(text, yamlfile.Loader)
    assert ours[0] == theirs[0]
    if ours[0] == "value":
        assert same(ours[1], theirs[1])
    else:
        assert ours[1:] == theirs[1:]


def test_every_yaml_of_the_repository_loads_the_same():
    files = [p for p in (REPO / "sources").rglob("*.yml")] + [p for p in (REPO / "tests").rglob("*.yml")]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        ours, theirs = loaded(text, yamlfile.Plain), loaded(text, yamlfile.Loader)
        assert ours[0] == theirs[0], path
        assert same(ours[1], theirs[1]) if ours[0] == "value" else ours[1:] == theirs[1:], path


def test_load_refuses_a_key_twice_with_its_line_and_keeps_dates():
    with pytest.raises(yamlfile.Refused) as refused:
        yamlfile.load("title: x\nlist:\n  - id: a\n    id: b\n")
    assert refused.value.where == "line 4" and "has the key 'id' twice (first on line 3)" in refused.value.message
    assert yamlfile.load("date: 2024-12-12\n") == {"date": datetime.date(2024, 12, 12)}
