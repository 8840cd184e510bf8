"""The public evaluation set (trafilatura's, in ../shared/evalsets/trafilatura): the text path
on all 990 pages at or above its floors, and the dumps it is read from shaped like the seeds."""
from __future__ import annotations

import gzip

import pytest

from conftest import ROOT
from hostile_support import run
from public_support import FLOORS, evalset

from archive.authoring import public, public_titles
from archive.ingest.derive import derive
from archive.ingest.sources import CEILING
from archive.ingest.webpage import dump as page_dump

PAGES = ROOT / "tests" / "fixtures" / "pages"


def dump(html: bytes) -> str:
    return page_dump(html, CEILING)


CHECKS: list = []  # each page's public_titles.TitleCheck, filled by the scores fixture


@pytest.fixture(scope="module")
def scores():
    CHECKS.clear()
    return public.score_text(ROOT / "sources", evalset(), public.pages(evalset()), CHECKS)


@pytest.mark.slow
def test_the_text_path_stays_at_or_above_its_floors_on_the_whole_set(scores):
    total = public.figures(scores["archive"])
    assert total["pages"] == 990
    assert public.below(total, FLOORS["text"]) == [], total
    # And it keeps less of the page than the dump does, and more of the text than the baseline.
    assert total["f1"] > public.figures(scores["untouched"])["f1"]
    assert total["f1"] > public.figures(scores["longest-run"])["f1"]


@pytest.mark.slow
def test_titles_drafted_from_the_text_dumps_stay_at_their_floors(scores):
    drafted = public_titles.figures(CHECKS)
    assert drafted["agreed"] == 547
    assert [k for k, floor in FLOORS["text-titles"].items() if drafted[k] < floor] == [], drafted


@pytest.mark.slow
def test_both_halves_are_scored(scores):
    halves = {c.half for c in scores["archive"]}
    assert halves == set(public.HALVES)
    assert all(public.figures([c for c in scores["archive"] if c.half == h])["pages"] > 400 for h in halves)


def test_floors_fail_below_and_only_below():
    total = {"precision": 0.8, "recall": 0.9, "f1": 0.85}
    assert public.below(total, {"precision": 0.81, "recall": 0.9}) == ["precision is 0.8, below its floor 0.81"]


def test_segments_are_counted_as_trafilatura_counts_them():
    page = public.Page("x.html", "https://example.org/", ("kept here", "lost"), ("menu", "not there"))
    c = public.count(page, "the text\n  kept   here\nmenu")
    assert (c.found, c.missed, c.kept_junk, c.left_out) == (1, 1, 1, 1)
    assert public.figures([c])["precision"] == 0.5


def test_a_saved_page_becomes_a_dump_shaped_like_the_seeds():
    html = b"""<!DOCTYPE html><html><head><title>Not shown</title><style>p{}</style></head><body>
      <nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
      <article><h1>The   headline</h1><p>First <em>paragraph</em>, with <a href="#">a link</a>
      inside.</p><script>var x = "no";</script><div hidden>Hidden text</div>
      <p style="display: none">Not shown either</p><p>Second &amp; last.<br>After a break.</p>
      <table><tr><td>a</td><td>b</td></tr></table></article><!-- a comment --></body></html>"""
    assert dump(html) == ("Home\n\nWorld\n\nThe headline\n\nFirst paragraph, with a link inside.\n\n"
                          "Second & last.\n\nAfter a break.\n\na\n\nb\n")


@pytest.mark.parametrize("name", ["news-jsonld.html", "opinion-opengraph.html", "blog-none.html"])
def test_the_set_is_read_as_an_editor_s_saved_page_is(name, tmp_path):
    """One converter: the dump the text path is scored on is the text `archive new` derives."""
    data = (PAGES / name).read_bytes()
    page = public.Page(name, "https://example.org/", (), ())
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / f"{name}.gz").write_bytes(gzip.compress(data))
    made = public.text_dump(tmp_path, page, tmp_path / "cache").read_text(encoding="utf-8")
    assert made == derive(data, CEILING)[1].text


def test_a_page_in_a_legacy_charset_is_decoded_by_its_meta_tag():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Миротворцы</p></body></html>'.encode("cp1251")
    assert dump(html) == "Миротворцы\n"


def test_nesting_is_walked_without_recursion():
    """libxml2 keeps 256 levels; the walk over them must not need a frame per level."""
    import sys
    html = b"<html><body>" + b"<div>" * 250 + b"<p>Deep.</p>" + b"</div>" * 250 + b"</body></html>"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100)
    try:
        assert dump(html) == "Deep.\n"
    finally:
        sys.setrecursionlimit(limit)


def test_the_command_scores_the_set_and_fails_on_a_missing_one(tmp_path):
    result = run(ROOT, "evaluate", "--public", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{tmp_path}: folder: holds no evaldata.json; give the folder of trafilatura's evaluation set (../shared/evalsets/trafilatura)"


@pytest.mark.parametrize("index, where", [
    ("[1, 2]", "file: lists no pages"),
    ('{"https://a.example/": {"with": ["x"]}}', "https://a.example/: must map an address to {file: NAME"),
    ('{"https://a.example/": {"file": "a.html", "with": [1]}}', "https://a.example/: must map"),
    ("{not json", "file: cannot be read as the set's JSON index"),
])
def test_a_wrong_index_is_one_line(tmp_path, index, where):
    (tmp_path / "evaldata.json").write_text(index, encoding="utf-8")
    result = run(ROOT, "evaluate", "--public", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{tmp_path / 'evaldata.json'}: {where}"), result.stderr
