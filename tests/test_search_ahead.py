"""The changed shard's Pagefind is started before the changed article is read (exports/
search_ahead.py): on the shard's kept pages, each changed article's page a named pipe that the
build fills once the article is read and the guess is checked. A guess found wrong ends that
Pagefind and indexes as before; a build that fails ends it too. Either way the index is byte
for byte a clean build's, and the kept pages are regular files again."""
from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from archive.build import Paths, build
from archive.core.problems import Problems
from archive.exports import search_inputs, search_pipes
from archive.ingest import reading
from conftest import SLUGS, copy_archive
from test_search_inputs import clean_index, indexed_from_scratch, retitle
from test_search_shards import index_files

pytestmark = pytest.mark.build  # every test here builds the archive (Pagefind)


def watched(monkeypatch) -> list:
    """From now on, in order: ("pagefind", process) for each Pagefind started, ("read", slug)
    for each article read from its sources."""
    events: list = []
    real_popen, real_read = subprocess.Popen, reading.read_article

    def popen(args, *rest, **kwargs):
        process = real_popen(args, *rest, **kwargs)
        if "--site" in args:
            events.append(("pagefind", process))
        return process

    def read_article(reader, voc, job, *rest, **kwargs):
        events.append(("read", job.stem))
        return real_read(reader, voc, job, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(reading, "read_article", read_article)
    return events


def indexed(root) -> None:
    """indexed_from_scratch(), then a build with nothing changed once the sources are older than
    keys.seen_digests trusts (RACY_NS): the sources just copied were all read again, and a build
    that reads more than the changed articles' files makes no guess."""
    indexed_from_scratch(root)
    time.sleep(0.15)
    build(Paths(root))


def edited(tmp_path, monkeypatch):
    """An archive indexed (indexed()), and what happens in it from now on (watched())."""
    root = copy_archive(tmp_path / "edited")
    indexed(root)
    return root, watched(monkeypatch)


def summarise(root, slug: str, summary: str) -> None:
    """A new summary: the article's own search page changes, no page about a vocabulary entry."""
    record = root / "sources" / "articles" / f"{slug}.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump({**data, "summary": summary}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def pipes(root) -> list[str]:
    """The kept pages that are not regular files."""
    kept = root / search_inputs.FOLDER
    return [p.name for p in kept.rglob("*") if not stat.S_ISREG(p.lstat().st_mode) and not p.is_dir()]


def test_one_changed_record_starts_pagefind_before_its_article_is_read(tmp_path, monkeypatch):
    root, events = edited(tmp_path, monkeypatch)
    summarise(root, SLUGS[4], "Zqxahead: a summary only this article has")
    assert build(Paths(root)) is not None
    kinds = [(kind, x if kind == "read" else None) for kind, x in events]
    assert kinds == [("pagefind", None), ("read", SLUGS[4])], "one Pagefind, started before the article is read"
    assert events[0][1].returncode == 0
    assert index_files(root) == clean_index(tmp_path, root)
    assert pipes(root) == [], "the changed page kept as a regular file"
    summarise(root, SLUGS[4], "Zqxahead again")  # and the next build guesses from what this one kept
    events.clear()
    assert build(Paths(root)) is not None
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "pagefind" and kinds.count("pagefind") == 1, kinds
    assert index_files(root) == clean_index(tmp_path / "again", root)


def test_the_guessed_pagefind_starts_before_docs_is_walked(tmp_path, monkeypatch):
    """The guess is made as soon as the build holds docs/'s lock and knows the sources changed:
    before docs/ is walked and the stages are imported (about 10 ms earlier at 1,005 articles).
    Sources touched but unchanged start no Pagefind."""
    from archive import build as build_module

    root, events = edited(tmp_path, monkeypatch)
    real_entries = build_module.entries
    monkeypatch.setattr(build_module, "entries", lambda docs: (events.append(("walk", None)), real_entries(docs))[1])
    summarise(root, SLUGS[4], "Zqxearly: a summary only this article has")
    assert build(Paths(root)) is not None
    assert [kind for kind, _ in events][:3] == ["pagefind", "walk", "read"]
    assert index_files(root) == clean_index(tmp_path, root)
    time.sleep(0.15)
    events.clear()
    record = root / "sources" / "articles" / f"{SLUGS[4]}.yml"
    record.write_bytes(record.read_bytes())  # a new time, the same bytes
    assert build(Paths(root)) is None
    assert [kind for kind, _ in events] == ["walk"], "no Pagefind for the same bytes"


def test_a_wrong_guess_ends_its_pagefind_and_the_index_equals_a_clean_build(tmp_path, monkeypatch):
    """A new title: the proposals' pages for Pagefind cite the article by its title, so the shard
    has more changed pages than the guess. That Pagefind is ended, another indexes the shard."""
    root, events = edited(tmp_path, monkeypatch)
    retitle(root, SLUGS[4], "Zqxguess")
    assert build(Paths(root)) is not None
    assert [kind for kind, _ in events] == ["pagefind", "read", "pagefind"]
    assert events[0][1].returncode != 0, "the first ended" and events[2][1].returncode == 0
    assert index_files(root) == clean_index(tmp_path, root)
    assert pipes(root) == []


def test_a_problem_in_the_changed_record_ends_the_early_pagefind(tmp_path, monkeypatch):
    """The changed record refused: the build fails, the Pagefind started for it is ended, the
    index is as it was, and the next build, the record fixed, is a clean build's."""
    root, events = edited(tmp_path, monkeypatch)
    before = index_files(root)
    record = root / "sources" / "articles" / f"{SLUGS[4]}.yml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("summary:", "summary: [unclosed", 1), encoding="utf-8")
    with pytest.raises(Problems):
        build(Paths(root))
    assert [kind for kind, _ in events][:1] == ["pagefind"]
    assert all(process.poll() is not None for kind, process in events if kind == "pagefind")
    assert index_files(root) == before and pipes(root) == []
    record.write_text(good, encoding="utf-8")
    summarise(root, SLUGS[4], "Zqxfixed")
    assert build(Paths(root)) is not None
    assert index_files(root) == clean_index(tmp_path, root)


def test_a_page_is_left_in_its_pipe_once_pagefind_has_it_open(tmp_path, monkeypatch):
    """The build's thread does not wait for Pagefind to read the page (a reader opened and then
    held still, as a busy machine holds Pagefind): the page is left in the pipe, and read whole."""
    monkeypatch.setattr(search_pipes, "OPEN_WAIT", 0.5)
    pipe = tmp_path / "page.html"
    os.mkfifo(pipe)
    fd = os.open(pipe, os.O_RDWR | os.O_NONBLOCK)
    reader = subprocess.Popen(["cat", str(pipe)], stdout=subprocess.PIPE)
    try:
        while not search_pipes.opened(reader.pid, os.path.realpath(pipe)):
            time.sleep(0.001)
        reader.send_signal(signal.SIGSTOP)
        while Path(f"/proc/{reader.pid}/stat").read_text().split()[2] != "T":  # stopped
            time.sleep(0.001)
        page = "<p>Zqxpipe</p>".encode() * 1000
        started = time.monotonic()
        search_pipes.fill(fd, pipe, page, reader)
        assert time.monotonic() - started < 0.25
    finally:
        reader.send_signal(signal.SIGCONT)
    assert reader.communicate(timeout=10)[0] == page


def test_the_changed_page_is_given_before_the_shards_fingerprints_are_worked_out(tmp_path, monkeypatch):
    """Pagefind waits for the changed page (its other pages read by then): the page goes into
    its pipe before the 1,005 fingerprints that check the guess (about 8 ms earlier at 1,005)."""
    from archive.exports import search_ahead, search_prints

    root, events = edited(tmp_path, monkeypatch)
    real_of, real_fill = search_prints.Prints.of, search_ahead.fill
    monkeypatch.setattr(search_prints.Prints, "of", lambda *a: (events.append(("print", None)), real_of(*a))[1])
    monkeypatch.setattr(search_ahead, "fill", lambda *a: (events.append(("fill", None)), real_fill(*a))[1])
    summarise(root, SLUGS[4], "Zqxgiven: a summary only this article has")
    assert build(Paths(root)) is not None
    kinds = [kind for kind, _ in events]
    assert "fill" in kinds and kinds.index("fill") < kinds.index("print"), kinds
    assert index_files(root) == clean_index(tmp_path, root)
    assert pipes(root) == []


@pytest.mark.parametrize("repeats", [1000, 20000])  # 14 KB; 280 KB, more than a pipe holds at first
def test_the_page_is_given_before_pagefind_has_opened_its_pipe(tmp_path, monkeypatch, repeats):
    """Pagefind opens a shard's pages one after another as it parses them (the changed one
    20-30 ms after the build had it ready, in a build under load): the build's thread does not
    wait for it, and a Pagefind opening the page later reads it whole."""
    monkeypatch.setattr(search_pipes, "OPEN_WAIT", 2.0)
    pipe = tmp_path / "page.html"
    os.mkfifo(pipe)
    fd = os.open(pipe, os.O_RDWR | os.O_NONBLOCK)
    busy = subprocess.Popen(["sleep", "30"])  # a Pagefind that has not reached the page yet
    try:
        page = "<p>Zqxpipe</p>".encode() * repeats
        started = time.monotonic()
        search_pipes.fill(fd, pipe, page, busy)
        assert time.monotonic() - started < 0.25
    finally:
        busy.kill()
        busy.wait()
    assert subprocess.run(["cat", str(pipe)], capture_output=True, timeout=10).stdout == page


def test_the_pagefinds_beside_the_build_s_thread_run_below_its_priority(tmp_path, monkeypatch):
    """On two cores, a Pagefind at the build's priority took turns of the build's core; below it,
    Pagefind takes the core the build leaves. The guessed one and, after a wrong guess, the one
    Indexing starts (both after one changed record: at_once 1)."""
    root, events = edited(tmp_path, monkeypatch)
    mine, theirs = os.getpriority(os.PRIO_PROCESS, 0), []
    real_popen = subprocess.Popen

    def popen(args, *rest, **kwargs):
        process = real_popen(args, *rest, **kwargs)
        if "--site" in args:
            waited = time.monotonic()
            while process.poll() is None and os.getpriority(os.PRIO_PROCESS, process.pid) == mine \
                    and time.monotonic() - waited < 2:
                time.sleep(0.0005)
            theirs.append(os.getpriority(os.PRIO_PROCESS, process.pid) if process.poll() is None else None)
        return process

    monkeypatch.setattr(subprocess, "Popen", popen)
    retitle(root, SLUGS[4], "Zqxnice")  # a wrong guess: two Pagefinds
    assert build(Paths(root)) is not None
    assert len(theirs) == 2 and all(p is not None and p > mine for p in theirs), (mine, theirs)
    assert index_files(root) == clean_index(tmp_path, root)


def test_only_the_changed_article_s_fingerprint_is_worked_out_again(tmp_path, monkeypatch):
    """The article pages' fingerprints are kept between builds (search_prints.py): after one
    changed record only that article's is worked out (10-17 ms of the build's thread for all
    1,005), and the index is a clean build's. A changed name works them all out again."""
    from archive.exports import search, search_pages, search_prints

    root, _ = edited(tmp_path, monkeypatch)
    counted: list[str] = []
    real = search_pages.shown
    for module in (search, search_prints):  # where the fingerprints were worked out, and are
        monkeypatch.setattr(module, "shown", lambda names, a: (counted.append(a.slug), real(names, a))[1], raising=False)
    summarise(root, SLUGS[4], "Zqxprint: a summary only this article has")
    assert build(Paths(root)) is not None
    assert counted == [SLUGS[4]]
    assert index_files(root) == clean_index(tmp_path, root)
    counted.clear()
    publishers = root / "sources" / "vocabularies" / "publishers.yml"
    text = publishers.read_text(encoding="utf-8")
    line = re.search(r"(?m)^  name: .*\n", text)[0]
    publishers.write_text(text.replace(line, line.rstrip("\n") + " Zqxname\n", 1), encoding="utf-8")
    assert build(Paths(root)) is not None
    assert sorted(counted) == sorted(SLUGS)
    assert index_files(root) == clean_index(tmp_path / "named", root)
