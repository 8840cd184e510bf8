"""Fuzzing records and rules against the three promises at once (issue 14): every `archive
build` either succeeds or prints one-line problems; it never shows a traceback or hangs; and
docs/ ends wholly old (a refused build changed nothing) or wholly new (every file the manifest
lists is there with its bytes, nothing half written, and a second build finds nothing to do).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import copy_archive, examples
from hostile_support import ARCHIVE_CMD, TEXT, record_for, tree

pytestmark = [pytest.mark.build, pytest.mark.slow]

TIMEOUT = 60  # seconds; a build of these six articles takes about one
LINE = re.compile(r"\S.*?: (line \d+|file|file name|folder|[^:]+): \S.*")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return copy_archive(tmp_path_factory.mktemp("fuzz") / "base")


# --- strategies -----------------------------------------------------------------------------

STRINGS = ["", " ", "no", "2024-01-01", "2025-13", "٢٠٢٥", "index", "a-page-2", "x" * 300, "<script>", "{{ x }}",
           "[1]: https://e.org", "\ufffe\uffff", "\x85\x01", "\u200e", "J\u0430ne", "Tom and Jerry", "=1+1",
           "https://e.org/a},title={Pwned}", "DECIDE: x", "🙂", "\\", "'", '"',
           # issue 22: a separator in a name, a bidi override, entities that must stay text, an escape sequence
           "Jane Roe; Evil", "\u202eevil\u202c", "AT&amp;T &lt;i&gt; &#x202e;", "\x1b]0;OWNED\x07\x1b[2J", "J" + "a" * 150]
scalars = st.one_of(st.sampled_from(STRINGS), st.text(max_size=20), st.integers(-2, 10**20), st.none(),
                    st.booleans(), st.floats(allow_nan=True))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(["id", "name", "basis", "x"]), inner, max_size=3)),
                      max_leaves=8)
FIELDS = ["title", "standfirst", "url", "url_basis", "publisher", "date", "authors", "authors_unknown", "editor",
          "position", "proposals", "arguments", "source", "draft", "colour"]
NESTED = st.sampled_from(["[" * 100 + "]" * 100, "- " * 80 + "x", "&a [x, x]\nb: [*a, *a, *a]", "{a: [b: {c: [d]}]}"])


@st.composite
def record_texts(draw, data: bytes) -> str:
    """A record: mostly a good one with fields replaced by anything, sometimes raw YAML."""
    if draw(st.integers(0, 9)) == 0:
        return "title: " + draw(NESTED) + "\n"
    record = record_for(data)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        record[field] = draw(values)
    if draw(st.booleans()):
        record["authors"] = [{"name": draw(st.sampled_from(STRINGS[5:]) | st.text(min_size=1, max_size=12)), "basis": "b"}]
    if draw(st.booleans()):
        record["date"] = {"value": draw(st.sampled_from(["2025", "2025-00", "2025-02-30", "٢٠٢٥-٠٣", "0000", "9999-12-31",
                                                                   "0001/9999", "2099", "2013-12-31", "2020/2026-12", "2014/2018"])),
                          "precision": draw(st.sampled_from(["year", "month", "day"])), "basis": "b"}
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


PIECES = ["a", "b", "+", "*", "?", "(", ")", "(?:", "|", "[a-z]", ".", ".*", "\\w+", "\\s", "{2,}", "{1,3}", "^", "$",
          "(?P<names>", "(?P<value>", "\\", "[", "(a+)+", "(a|aa)*", "Share", "(?i)"]
patterns = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join)
# Issue 22: page furniture by the thousand (each once quadratic to clean), more lines than an
# article may have, a line of entities and bidi characters.
FURNITURE = ["Photo: AFP via Getty Images\n" * 3000, "a b\n" * 100_001, "Keep reading\nA headline\nEurope\n" * 1000,
             "Our partners process personal data with your consent.\n" * 2000 + "Accept all cookies",
             "AT&amp;T and &lt;i&gt;italic&lt;/i&gt; \u202ereversed\u202c &#x1b;[2J."]


# --- the promises ---------------------------------------------------------------------------

def wholly_new(docs: Path) -> None:
    manifest = json.loads((docs / ".archive-manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"], "the manifest is left pending: a build did not finish"
    for rel, hashes in manifest["files"].items():
        assert hashlib.sha256((docs / rel).read_bytes()).hexdigest() in hashes, rel
    assert not list(docs.rglob("*.tmp"))


# FUZZ_EXAMPLES=500 FUZZ_SEED=random for a longer hunt than the suite's.
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", examples(40))), deadline=None,
          derandomize=os.environ.get("FUZZ_SEED") != "random",
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_any_record_or_rule_is_an_error_or_a_build(base, tmp_path_factory, data):
    root = tmp_path_factory.mktemp("case") / "archive"
    shutil.copytree(base, root, symlinks=True)
    extra = data.draw(st.text(max_size=40) | st.sampled_from(FURNITURE), label="extra paragraph")
    raw = "\n\n".join(TEXT + [extra]).encode("utf-8", "surrogatepass")
    slug = data.draw(st.sampled_from(["fuzzed", "index", "a" * 120, "Fuzzed", "fuzzed-page-2"]), label="slug")
    (root / "sources/articles" / f"{slug}.txt").write_bytes(raw)
    (root / "sources/articles" / f"{slug}.yml").write_text(data.draw(record_texts(raw), label="record"), encoding="utf-8",
                                                          errors="surrogatepass")
    if data.draw(st.booleans(), label="add a rule"):
        with open(root / "sources/boilerplate/generic.yml", "a", encoding="utf-8") as f:
            f.write(f"  - {{id: fuzzed, kind: share-buttons, match: {json.dumps(data.draw(patterns, label='rule'))}}}\n")
    docs = root / "docs"
    before = tree(docs)
    try:
        result = subprocess.run([*ARCHIVE_CMD, "--root", str(root), "build"], capture_output=True, text=True,
                                timeout=TIMEOUT, cwd=root)
    except subprocess.TimeoutExpired:
        pytest.fail(f"archive build ran over {TIMEOUT} s")
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.stdout + result.stderr), \
        ascii(result.stderr[-2000:])
    if result.returncode == 1:
        lines = result.stderr.splitlines()
        assert re.fullmatch(r"archive: \d+ problem\(s\); docs/ was not changed", lines[-1]), lines
        for line in lines[:-1]:
            assert LINE.fullmatch(line), line
        assert tree(docs) == before, "a refused build changed docs/"
    else:
        wholly_new(docs)
        again = subprocess.run([*ARCHIVE_CMD, "--root", str(root), "build"], capture_output=True, text=True, timeout=TIMEOUT)
        assert again.stdout.strip() == "archive: docs/ is up to date", again.stdout + again.stderr
    shutil.rmtree(root.parent, ignore_errors=True)
