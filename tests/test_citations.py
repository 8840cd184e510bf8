"""citeproc-py's speed-ups (scripts/archive/site/citeproc_speedups.py) and the cold build's pool of
processes (citations.Citations.prepare): they change no byte of any citation."""
from __future__ import annotations

import yaml

import json
import random
import subprocess
import sys

import pytest

from archive.ingest import reading
from archive.site import citation_pool, citations, citeproc_speedups, csl
from conftest import ROOT

CSL = ROOT / "sources" / "csl"
TITLE = yaml.safe_load((ROOT / "sources" / "site.yml").read_text(encoding="utf-8"))["title"]

NAMES = ["Jan Gerber", "Olena Marchenko", "Nina Kovač", "Ursula von der Leyen", "Bellingcat", "Jean-Pierre de la Tour"]
DATES = ["2024", "2024-12", "2024-12-12", "2024-12-12/2024-12-31", "2022-03-24/2022-03", "2025-11-23/2026-02",
         "2025-08~", "2023?", "2021-05-06%", "2025-03/2026-11"]


def varied_items(n: int, seed: int = 1) -> list[dict]:
    """CSL-JSON items as the archive makes them: with and without authors (one, several, an
    organisation), URL, every kind of date the records hold, text with markup characters."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        article = type("A", (), {"slug": f"item-{i}", "url": rng.choice([None, f"https://example.org/{i}?a=1&b=2"]),
                                 "title": rng.choice(["A horrible idea.", "Why “peace” fails?", "Europe & <Ukraine>",
                                                      "‘Reassurance’, or not", "Title"]) + f" {i}",
                                 "authors": [type("P", (), {"name": x}) for x in rng.sample(NAMES, rng.choice([0, 1, 1, 2, 3]))],
                                 "date": type("D", (), {"value": rng.choice(DATES)})})
        items.append(csl.item(article, rng.choice(["Responsible Statecraft", "The National Interest", "Le Monde"])))
    return items


def committed() -> list[dict]:
    return json.loads((ROOT / "docs" / citations.CACHE_FILE).read_text(encoding="utf-8"))["entries"]


def rendered_plain(items: list[dict]) -> list[dict]:
    fresh = citations.Citations(CSL, TITLE)  # installs the patches, the speed-ups with them: first
    citeproc_speedups.speedups(False)
    try:
        assert all(getattr(cls, name) is method for (cls, name), method in citeproc_speedups.ORIGINALS.items())
        return [fresh.rendered(i) for i in items]
    finally:
        citeproc_speedups.speedups(True)


def test_every_committed_citation_renders_the_same_with_and_without_the_speedups():
    entries = committed()
    assert len(entries) >= 5
    items = [e["item"] for e in entries]
    fast = citations.Citations(CSL, TITLE)
    assert [fast.rendered(i) for i in items] == entries
    assert rendered_plain(items) == entries


@pytest.mark.slow
def test_varied_citations_render_the_same_with_and_without_the_speedups():
    items = varied_items(60)
    fast = citations.Citations(CSL, TITLE)
    assert [fast.rendered(i) for i in items] == rendered_plain(items)


TYPES = ["book", "chapter", "article-journal", "article-newspaper", "article-magazine", "webpage", "post-weblog",
         "report", "thesis", "paper-conference", "entry-encyclopedia", "legal_case", "motion_picture", "interview"]
OPTIONAL = {"DOI": "10.1000/182", "page": "12-34", "volume": ("7", "vii–viii"), "issue": ("2", "Spring"), "edition": ("3", "Revised"),
            "publisher": "Polity & Sons", "publisher-place": "Kyiv", "container-title": "Survival",
            "collection-title": "Adelphi <Papers>", "URL": "https://example.org/a?b=1&c=2", "number": ("4", "No. 4"),
            "editor": [{"family": "Ash", "given": "Timothy Garton"}], "genre": "PhD diss.", "medium": "Film",
            "author": [{"literal": "Bellingcat"}], "translator": [{"family": "Kovač", "given": "Nina"}]}


def shaped_items(n: int, seed: int = 2) -> list[dict]:
    """CSL-JSON items of many types, each with a random choice of variables: they take most
    branches of both styles' cs:choose (citeproc_speedups: the branch kept for each shape)."""
    rng = random.Random(seed)
    items = []
    for i in range(n):
        item = {"id": f"shaped-{i}", "type": TYPES[i % len(TYPES)], "title": f"Peace & “reassurance” {i}",
                "issued": {"date-parts": [[2024, 1 + i % 12, 1 + i % 28]]}}
        item.update({k: rng.choice(v) if isinstance(v, tuple) else v for k, v in OPTIONAL.items() if rng.random() < 0.4})
        items.append(item)
    return items


def test_entries_of_every_type_render_the_same_with_and_without_the_speedups():
    items = shaped_items(3 * len(TYPES))
    fast = citations.Citations(CSL, TITLE)
    assert [fast.rendered(i) for i in items] == rendered_plain(items)
    taken = [e for e in fast.held if any(k[0] == "_branch" for k in vars(e) if isinstance(k, tuple))]
    assert len(taken) > 100  # cs:choose decided by the entry's shape, for many shapes


def test_every_answer_kept_is_what_citeproc_works_out_afresh():
    """Each speed-up keeps an answer per style element: after rendering, every answer kept on
    every element of both styles equals citeproc-py's own method asked again."""
    fast = citations.Citations(CSL, TITLE)
    for i in varied_items(30):
        fast.rendered(i)
    kept = {f"_{f.__wrapped__.__qualname__}": f.__wrapped__
            for f in (*citeproc_speedups.FASTER.values(), *citeproc_speedups.ANSWERS) if hasattr(f, "__wrapped__")}
    checked = dict.fromkeys(kept, 0)
    for element in fast.held:
        for key, answer in vars(element).items():
            name, args, kwargs = (key, (), ()) if isinstance(key, str) else key
            if name in kept:
                assert kept[name](element, *args, **dict(kwargs)) == answer, (element.tag, key)
                checked[name] += 1
    assert all(checked.values()), checked  # every speed-up was used, and checked


def test_a_citation_item_finds_its_reference_in_the_source():
    fresh = citations.Citations(CSL, TITLE)
    entry = varied_items(1)[0]
    from citeproc import Citation, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON
    source = CiteProcJSON([{k: v for k, v in entry.items() if k != csl.ARCHIVED}])
    bibliography = CitationStylesBibliography(fresh.style("chicago"), source, formatter.html)
    cited = citeproc_speedups.Cited(entry["id"])
    bibliography.register(Citation([cited]))
    assert cited.reference is source[entry["id"]] and cited.reference is cited.reference


# The pool forks only a process without threads (the test session has some), so these tests
# prepare their entries in a fresh Python.
IN_A_FRESH_PROCESS = """
import json, os, sys, time
from pathlib import Path
from archive.site import citation_pool, citations, csl

render = citation_pool._render

def rendered_where(entry):
    done = render(entry)
    return done and {**done, "pid": os.getpid()}

citation_pool._render = rendered_where
items = json.load(sys.stdin)
pooled = citations.Citations(Path(sys.argv[1]), sys.argv[2])
for i in items:
    pooled.soon(i)
while not all(done.ready() for _, done in pooled.sending):  # the processes render what was sent
    time.sleep(0.05)
pooled.collect()
# Entries not sent (a last batch not full) are rendered here, without a pid.
out = {"pids": sorted({r.pop("pid") for r in pooled.seen.values() if "pid" in r}), "parent": os.getpid(), "rendered": {}}
for i in items:
    try:
        out["rendered"][i["id"]] = pooled.render(i)
    except Exception as error:
        out["rendered"][i["id"]] = type(error).__name__
print(json.dumps(out))
"""


def prepared_in_a_fresh_process(items: list[dict]) -> dict:
    done = subprocess.run([sys.executable, "-c", IN_A_FRESH_PROCESS, str(CSL), TITLE], input=json.dumps(items), capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.mark.slow
def test_the_cold_build_pool_renders_what_one_process_renders():
    items = varied_items(citation_pool.POOL_MIN + 10, seed=2)
    items += items[:3]  # the same item twice is rendered once
    out = prepared_in_a_fresh_process(items)
    assert out["pids"] and out["parent"] not in out["pids"]  # rendered by the pool's processes
    one = citations.Citations(CSL, TITLE)
    assert out["rendered"] == {i["id"]: one.render(i) for i in items}


@pytest.mark.slow
def test_an_entry_that_fails_in_the_pool_fails_as_it_did_without_it():
    items = varied_items(citation_pool.POOL_MIN, seed=3)
    bad = {**items[0], "id": "bad", "issued": {"date-parts": [["abc"]]}}
    with pytest.raises(TypeError):
        citations.Citations(CSL, TITLE).render(bad)
    out = prepared_in_a_fresh_process([bad, *items])
    assert out["rendered"]["bad"] == "TypeError"
    assert out["rendered"][items[1]["id"]] == citations.Citations(CSL, TITLE).render(items[1])


STUCK_POOL = """
import json, sys, time
from pathlib import Path
from archive.site import citation_pool, citations

def stuck(entry):
    time.sleep(3600)  # the processes never finish an entry

citation_pool._render = stuck
items = json.load(sys.stdin)
pooled = citations.Citations(Path(sys.argv[1]), sys.argv[2])
pooled.prepare(items)
print(json.dumps({i["id"]: pooled.seen[citations.key(i)] for i in items}))
"""


@pytest.mark.slow
def test_collecting_renders_here_what_the_processes_have_not_rendered_instead_of_waiting():
    items = varied_items(citation_pool.POOL_MIN + 20, seed=4)
    done = subprocess.run([sys.executable, "-c", STUCK_POOL, str(CSL), TITLE], input=json.dumps(items),
                          capture_output=True, text=True, timeout=120, check=True)
    one = citations.Citations(CSL, TITLE)
    assert json.loads(done.stdout) == {i["id"]: one.render(i) for i in items}


def test_no_processes_are_forked_beside_threads(monkeypatch):
    import multiprocessing
    import threading
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: pytest.fail("processes started"))
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        beside = citations.Citations(CSL, TITLE)
        beside.prepare(varied_items(citation_pool.POOL_MIN + 1))
        assert not beside.seen
    finally:
        stop.set()
        waiting.join()


def test_few_entries_are_rendered_without_starting_processes(monkeypatch):
    import multiprocessing
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: pytest.fail("processes started"))
    few = citations.Citations(CSL, TITLE)
    few.prepare(varied_items(citation_pool.POOL_MIN - 1))
    assert not few.seen


# A cold `archive build` in a fresh Python (the test session has threads), its citations
# rendered beside the reading or, with one core, here as the pages ask.
BUILD_IN_A_FRESH_PROCESS = """
import os, sys
from pathlib import Path
from archive.site import citations
from archive.build import Paths, build

rendered = citations.Citations.rendered

def rendered_where(self, entry):
    with open(sys.argv[2], "a") as out:
        if entry["id"] != "source":  # an article's, not an external source's (as the pages ask)
            out.write(f"{os.getpid()} {entry['id']}\\n")
    return rendered(self, entry)

citations.Citations.rendered = rendered_where
if sys.argv[3] == "one core":
    os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:1])
build(Paths(Path(sys.argv[1])), remember=False)
print(os.getpid())
"""


@pytest.mark.slow
@pytest.mark.build
def test_a_cold_build_renders_its_citations_in_both_reading_processes_and_the_same(tmp_path):
    """Enough articles to read in two processes: each renders the citations of the articles it
    reads; on one core, the build's process renders them all; docs/ is the same."""
    from bench_support import corpus

    def built(name: str, cores: str) -> tuple[dict[str, str], str]:
        """Each article's entry -> the process that rendered it; the build's process."""
        root = tmp_path / name
        corpus.generate_copies(root, reading.APART + 6)
        pids = tmp_path / f"{name}.pids"
        pids.touch()
        done = subprocess.run([sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, str(root), str(pids), cores],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        lines = [line.split() for line in pids.read_text().splitlines()]
        assert len(lines) == reading.APART + 6, "each article's entry rendered once"
        return {slug: pid for pid, slug in lines}, done.stdout.strip()

    beside, parent = built("beside", "all")
    slugs = sorted(beside)
    assert {beside[s] for s in slugs[:len(slugs) // 2]} == {parent}, "the first half here, as it reads them"
    assert len({beside[s] for s in slugs[len(slugs) // 2:]} - {parent}) == 1, "the others in the forked reader"
    alone, parent = built("alone", "one core")
    assert set(alone.values()) == {parent}
    docs = {p.relative_to(tmp_path / "beside" / "docs"): p.read_bytes() for p in (tmp_path / "beside" / "docs").rglob("*") if p.is_file()}
    same = {p.relative_to(tmp_path / "alone" / "docs"): p.read_bytes() for p in (tmp_path / "alone" / "docs").rglob("*") if p.is_file()}
    assert docs.keys() == same.keys()
    assert [p for p in docs if docs[p] != same[p]] == []


@pytest.mark.build
def test_a_build_from_the_committed_citations_renders_none(tmp_path, monkeypatch):
    """docs/data/citations.json holds every entry the pages show, the external sources' too: a
    build of a fresh clone (every page made again) renders no citation (the sources' were
    rendered on every build)."""
    from archive.build import Paths, build
    from conftest import copy_archive

    root = copy_archive(tmp_path / "a")
    monkeypatch.setattr(citations.Citations, "rendered", lambda self, entry: pytest.fail(f"rendered {entry}"))
    build(Paths(root), force=True)


def test_an_articles_item_is_made_once_a_build_and_follows_a_changed_article(monkeypatch):
    """uncitable(), the article page's formats() and the reading's made() ask for the same
    articles' items: each is made once for each article object, and a changed article (a new
    object) gets its own."""
    from dataclasses import replace
    from archive.build import Paths, load
    voc, articles, _ = load(Paths(ROOT))
    made = []
    real = citations.article_item
    monkeypatch.setattr(citations, "article_item", lambda voc, a: made.append(a.slug) or real(voc, a))
    cites = citations.Citations(CSL, TITLE)
    assert citations.uncitable(cites, voc, articles) == []
    before = [citations.formats(cites, voc, a) for a in articles]
    assert sorted(made) == sorted(a.slug for a in articles)
    retitled = replace(articles[0], title="Another title entirely")
    chicago, apa, bibtex = citations.formats(cites, voc, retitled)
    assert all("another title entirely" in text.lower() for text in (chicago, apa, bibtex))
    assert [citations.formats(cites, voc, a) for a in articles] == before
    assert citations.formats(citations.Citations(CSL, TITLE), voc, articles[0]) == before[0]


@pytest.mark.build
def test_a_one_record_build_makes_the_item_of_the_changed_article_only(tmp_path, monkeypatch):
    """An unchanged article's item key is kept by the key its article was made with
    (citation_keys.Kept), and citations.json's entries are found by their lines: after one new
    title, only the items of that article and of the two beside it (their pages show its title,
    and are made again) are made: every article's was, each build. A publisher's new name makes
    every item again (the kept keys are the context's)."""
    import re
    from archive.build import Paths, build
    from conftest import copy_archive

    root = copy_archive(tmp_path / "a")
    build(Paths(root), force=True, remember=False)  # made, not taken as current: the cache filled
    made = []
    real = citations.article_item
    monkeypatch.setattr(citations, "article_item", lambda voc, a: made.append(a.slug) or real(voc, a))
    record = sorted((root / "sources" / "articles").glob("*.yml"))[0]
    record.write_text(re.sub(r"(?m)^title: .*$", "title: A new title", record.read_text(encoding="utf-8"), count=1),
                      encoding="utf-8")
    build(Paths(root), remember=False)
    assert record.stem in made and len(made) == len(set(made)) <= 3
    shown = json.loads((root / "docs" / "data" / "citations.json").read_text(encoding="utf-8"))
    assert [e["item"]["title"] for e in shown["entries"] if e["item"]["id"] == record.stem] == ["A new title"]
    publishers = root / "sources" / "vocabularies" / "publishers.yml"
    text = publishers.read_text(encoding="utf-8")
    name = re.search(r"(?m)^  name: (.*)$", text).group(1)
    publishers.write_text(text.replace(f"  name: {name}", f"  name: {name} renamed", 1), encoding="utf-8")
    made.clear()
    build(Paths(root), remember=False)
    assert sorted(made) == sorted(p.stem for p in (root / "sources" / "articles").glob("*.yml"))
