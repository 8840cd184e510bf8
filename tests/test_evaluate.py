"""The evaluation gate: the normaliser on real pages from publishers it has no profile for."""
from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT
from hostile_support import run

from archive.build import Paths
from archive.authoring.evaluate import HIGHER, LOWER, below_floors, evaluate_corpus, totals

CORPUS = ROOT / "tests" / "corpus"
FLOORS = yaml.safe_load((CORPUS / "floors.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores():
    return evaluate_corpus(Paths(ROOT).sources, CORPUS)


def test_every_page_has_its_expectations_and_the_raw_dumps_are_intact():
    raws = sorted(p.stem for p in (CORPUS / "raw").glob("*.txt"))
    assert raws == sorted(p.stem for p in (CORPUS / "expected").glob("*.yml"))
    listed = [line.split("\t")[0] for line in (CORPUS / "index.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert listed == raws
    for stem in raws:
        want = yaml.safe_load((CORPUS / "expected" / f"{stem}.yml").read_text(encoding="utf-8"))
        raw = (CORPUS / "raw" / f"{stem}.txt").read_text(encoding="utf-8")
        for key in ("title", "first_body_sentence", "last_body_sentence"):
            assert want[key] is None or want[key] in raw, (stem, key)


def test_totals_stay_at_or_above_their_floors(scores):
    assert set(FLOORS) == set(HIGHER) | set(LOWER), "every total has its floor"
    total = totals(scores)
    assert below_floors(total, FLOORS) == [], total


def test_the_seeds_without_their_profiles_stay_at_or_above_their_floors():
    """The generic rules alone on the five seeds, pages they were not written from."""
    seeds = CORPUS / "seeds"
    for path in (seeds / "raw").glob("*.txt"):
        assert path.read_bytes() == (ROOT / "sources" / "articles" / path.name).read_bytes()
    total = totals(evaluate_corpus(Paths(ROOT).sources, seeds, profiles=False))
    assert below_floors(total, yaml.safe_load((seeds / "floors.yml").read_text(encoding="utf-8"))) == [], total
    assert total["pages"] == 5


def test_every_raw_line_is_shown_or_recorded_as_removed(scores):
    assert [s.page for s in scores if s.lines_unaccounted] == []


def test_floors_are_checked_both_ways():
    total = {"bodies_intact": 3, "titles_right": 3, "metadata_lifted": 3, "junk_kept": 3, "body_lines_lost": 3, "lines_unaccounted": 0}
    assert below_floors(total, {"bodies_intact": 4, "junk_kept": 2, "titles_right": 3, "body_lines_lost": 3}) == [
        "bodies_intact is 3, below its floor 4", "junk_kept is 3, above its ceiling 2"]


@pytest.mark.slow
def test_the_command_prints_every_page_and_the_totals():
    result = run(ROOT, "evaluate")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len([l for l in lines if l[:2].isdigit()]) == len(list((CORPUS / "raw").glob("*.txt")))
    assert lines[-1].startswith("total (")
    data = json.loads(run(ROOT, "evaluate", "--json").stdout)
    assert data["failed"] == [] and data["total"]["pages"] == len(data["pages"])


@pytest.mark.slow
def test_the_command_fails_below_a_floor(tmp_path):
    import shutil
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "raw", corpus / "raw")
    shutil.copytree(CORPUS / "expected", corpus / "expected")
    (corpus / "floors.yml").write_text("bodies_intact: 21\njunk_kept: 0\n", encoding="utf-8")
    result = run(ROOT, "evaluate", "--corpus", str(corpus))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "archive: evaluate: bodies_intact is 20, below its floor 21 (floors.yml)"


def test_a_page_named_with_escape_sequences_cannot_drive_the_terminal(tmp_path):
    """Issue 22 item 6, everywhere a name is printed: the evaluation's table names each page."""
    import re
    import shutil
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    (corpus / "expected").mkdir()
    name = "evil\x1b]0;OWNED\x07\x1b[2J\u202e"
    page = "01_rferl.org-coalition-inches-closer"
    shutil.copy(ROOT / "tests/corpus/raw" / f"{page}.txt", corpus / "raw" / f"{name}.txt")
    shutil.copy(ROOT / "tests/corpus/expected" / f"{page}.yml", corpus / "expected" / f"{name}.yml")
    result = run(ROOT, "evaluate", "--corpus", str(corpus))
    assert "Traceback" not in result.stderr, result.stderr
    assert "evil" in result.stdout
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.stdout + result.stderr), ascii(result.stdout)


def test_a_compressed_page_that_expands_past_its_budget_is_refused_unread(tmp_path):
    """Issue 22, looking further (saved HTML pages): the public set's pages are gzip files, and
    one that expands to gigabytes (2 GB from 2 MB here) was decompressed whole: a MemoryError."""
    import gzip
    import json as json_module
    import resource
    import subprocess
    from hostile_support import ARCHIVE_CMD
    evalset = tmp_path / "set"
    (evalset / "eval").mkdir(parents=True)
    (evalset / "evaldata.json").write_text(json_module.dumps({"https://e.org/a": {"file": "bomb.html", "with": ["x"], "without": []}}))
    (evalset / "eval/bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b" " * (100 << 20), compresslevel=9) * 20)
    limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (900 << 20, 900 << 20))
    result = subprocess.run([*ARCHIVE_CMD, "--root", str(ROOT), "evaluate", "--public", str(evalset)], capture_output=True,
                            text=True, timeout=120, preexec_fn=limit, env={**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 1 and "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    assert "bomb.html.gz: file: expands to more than 16,777,216 bytes" in result.stderr, result.stderr
