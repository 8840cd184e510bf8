"""A few new citations rendered in one process beside the build
(scripts/archive/site/citation_helper.py): the same entries as rendered here, a failure
reported where the page asks, and a one-record build whose own process never imports
citeproc-py. The helper starts only beside a process without threads (the test session may
have some), so these run in a fresh Python."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
import subprocess
import sys

import pytest
import yaml

from archive.site import citations
from conftest import copy_archive
from test_citations import CSL, TITLE, varied_items

FEW = """
import json, os, sys, types
from pathlib import Path
from archive.site import citations

items = json.load(sys.stdin)
cache = Path(sys.argv[4])  # entries rendered before: a build that renders few forks the helper
ahead = citations.Ahead(Path(sys.argv[1]), cache)
voc = types.SimpleNamespace(title=sys.argv[2])
cites = ahead.citations(voc, collect=False)
for i in items:
    cites.soon(i)
helper = cites.helper
if sys.argv[3] == "fork after":  # as Pagefind's driver and the renderer fork (pages/apart.py)
    if (pid := os.fork()) == 0:
        import time
        time.sleep(30)
        os._exit(0)
ahead.citations(voc)
if sys.argv[3] == "fork after":
    os.kill(pid, 9)
    os.waitpid(pid, 0)
out = {"helper": helper is not None and helper.pid is None, "seen": sorted(cites.seen),
       "citeproc": "citeproc" in sys.modules, "rendered": {}}
for i in items:
    try:
        out["rendered"][i["id"]] = cites.render(i)
    except Exception as error:
        out["rendered"][i["id"]] = type(error).__name__
ahead.close()
print(json.dumps(out))
"""


def few_in_a_fresh_process(items: list[dict], folder: Path, how: str = "", rendered_before: bool = True) -> dict:
    """`rendered_before`: a citations.json is there (none of these entries in it)."""
    cache = folder / "citations.json"
    if rendered_before:
        cache.write_text("{}", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", FEW, str(CSL), TITLE, how, str(cache)], input=json.dumps(items),
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_a_few_entries_are_rendered_by_the_helper_as_here(tmp_path):
    items = varied_items(3, seed=7)
    out = few_in_a_fresh_process(items, tmp_path)
    assert out["helper"], "a helper was started, and is gone"
    assert out["seen"] == sorted(citations.key(i) for i in items), "its entries came back"
    assert not out["citeproc"], "this process never imported citeproc-py"
    one = citations.Citations(CSL, TITLE)
    assert out["rendered"] == {i["id"]: one.render(i) for i in items}


def test_no_helper_without_entries_rendered_before(tmp_path):
    """A cold build (no citations.json) renders its citations where it reads its articles."""
    out = few_in_a_fresh_process(varied_items(2, seed=10), tmp_path, rendered_before=False)
    assert not out["helper"] and out["seen"] == []


def test_a_process_forked_after_the_helper_does_not_hold_it_up(tmp_path):
    out = few_in_a_fresh_process(varied_items(2, seed=8), tmp_path, "fork after")  # 30 s if it held it up: the timeout says
    assert len(out["seen"]) == 2


def test_an_entry_the_helper_cannot_render_fails_here_as_without_it(tmp_path):
    good = varied_items(1, seed=9)[0]
    bad = {**good, "id": "bad", "issued": {"date-parts": [["abc"]]}}
    with pytest.raises(TypeError):
        citations.Citations(CSL, TITLE).render(bad)
    out = few_in_a_fresh_process([bad, good], tmp_path)
    assert out["seen"] == [citations.key(good)], "the failure is not taken for an entry"
    assert out["rendered"]["bad"] == "TypeError"


ONE_RECORD = """
import sys
from pathlib import Path
from archive.build import Paths, build
build(Paths(Path(sys.argv[1])), remember=False)
print("citeproc" in sys.modules)
"""


@pytest.mark.build
def test_a_build_after_one_changed_title_renders_its_citation_beside_and_the_same(tmp_path):
    """docs/ as a build without a cache in this process (which renders here: it has threads)."""
    from archive.build import Paths, build
    root = copy_archive(tmp_path / "a")
    record = sorted((root / "sources" / "articles").glob("*.yml"))[0]
    subprocess.run([sys.executable, "-c", ONE_RECORD, str(root)], capture_output=True, text=True, timeout=600, check=True)
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["title"] = "A title no citation had before"
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", ONE_RECORD, str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False", "the build's own process imported citeproc-py"
    assert "A title no citation had before" in (root / "docs" / citations.CACHE_FILE).read_text(encoding="utf-8")
    clean = copy_archive(tmp_path / "clean")  # no cache: every page made again, here
    shutil.copy2(record, clean / "sources" / "articles" / record.name)
    build(Paths(clean), force=True, remember=False)
    docs = {p.relative_to(root / "docs"): p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    fresh = {p.relative_to(clean / "docs"): p.read_bytes() for p in (clean / "docs").rglob("*") if p.is_file()}
    assert docs.keys() == fresh.keys()
    assert [p for p in docs if docs[p] != fresh[p]] == []
