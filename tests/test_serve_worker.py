"""The warm normaliser of `mkdocs serve` (archive/serve.py's worker) over its pipe, as the hook
drives it: a build request per line, one JSON line back. The index follows the pages in the
background; the server's rebuild after the normaliser's own writes must not stop it."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import copy_archive
from bench_support import run as bench_run
from serve_support import SLUG, indexed

pytestmark = [pytest.mark.build, pytest.mark.slow]


def ask(worker: subprocess.Popen) -> dict:
    worker.stdin.write(b"build\n")
    worker.stdin.flush()
    return json.loads(worker.stdout.readline())


def wait_for(what, worker: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline and worker.poll() is None
        time.sleep(0.2)


def test_a_request_for_unchanged_sources_answers_at_once_and_lets_the_index_finish(tmp_path):
    root = copy_archive(tmp_path / "archive")
    record_path = root / "sources" / "articles" / f"{SLUG}.yml"
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    worker = subprocess.Popen([sys.executable, "-m", "archive.serve", str(root)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert ask(worker)["code"] == 0  # whatever the copy needs (the code is part of every build's inputs)
        wait_for(lambda: "archive-search__behind" not in (root / "docs" / "search.md").read_text(encoding="utf-8"), worker)
        record_path.write_text(yaml.safe_dump({**record, "title": "A title indexed once"}, allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        first = ask(worker)
        assert first["code"] == 0 and "indexing for search" in first["out"], first
        # The server's rebuild after those writes: nothing to do, and the index is not restarted.
        again = ask(worker)
        assert again["code"] == 0 and not again["out"] and not again["errors"] and again["busy"], again
        wait_for(lambda: indexed(root, "A title indexed once"), worker)
        # A save during indexing still stops it and builds the sources as they are then.
        record_path.write_text(yaml.safe_dump({**record, "title": "A title saved while indexing"}, allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        assert "indexing for search" in ask(worker)["out"]
        record_path.write_text(yaml.safe_dump({**record, "title": "A title saved again"}, allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        assert "indexing for search" in ask(worker)["out"]
        assert "A title saved again" in (root / "docs" / "articles" / f"{SLUG}.md").read_text(encoding="utf-8")
    finally:
        worker.stdin.close()
        worker.wait(60)


def background_pids(worker: subprocess.Popen) -> set[int]:
    """The warm normaliser's children: its background build's Pagefind."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == worker.pid:
                found.add(int(entry.name))
    return found


def test_the_saved_articles_page_comes_first_and_the_rest_after_the_server_has_rendered_it(tmp_path):
    root = copy_archive(tmp_path / "archive")
    docs = root / "docs"
    record_path = root / "sources" / "articles" / f"{SLUG}.yml"
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    worker = subprocess.Popen([sys.executable, "-m", "archive.serve", str(root)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert ask(worker)["code"] == 0
        worker.stdin.write(b"built\n")
        worker.stdin.flush()
        wait_for(lambda: "archive-search__behind" not in (docs / "search.md").read_text(encoding="utf-8"), worker)
        listing = (docs / "articles" / "index.md").read_text(encoding="utf-8")
        record_path.write_text(yaml.safe_dump({**record, "title": "A title served first"}, allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        first = ask(worker)
        assert first["code"] == 0 and "page first" in first["out"], first
        # The page is written; the listing, the dataset and the index wait until the server says it
        # has rendered the page (they would hold docs/ and the server's next request meanwhile).
        assert "A title served first" in (docs / "articles" / f"{SLUG}.md").read_text(encoding="utf-8")
        assert (docs / "articles" / "index.md").read_text(encoding="utf-8") == listing
        assert "archive-search__behind" in (docs / "search.md").read_text(encoding="utf-8")
        manifest = json.loads((docs / ".archive-manifest.json").read_text(encoding="utf-8"))
        assert manifest["inputs"] is None  # an `archive build` meanwhile does the whole build
        worker.stdin.write(b"built\n")
        worker.stdin.flush()
        wait_for(lambda: "A title served first" in (docs / "articles" / "index.md").read_text(encoding="utf-8"), worker)
        wait_for(lambda: "archive-search__behind" not in (docs / "search.md").read_text(encoding="utf-8")
                 and indexed(root, "A title served first"), worker)
        done = subprocess.run(bench_run.archive_cmd() + ["--root", str(root), "build"], capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0 and "up to date" in done.stdout, done.stdout + done.stderr

        # The background's Pagefind killed as a crash would: the warm process goes on, and the
        # next save (a whole build, which would say what went wrong) brings docs/ up to date again.
        record_path.write_text(yaml.safe_dump({**record, "title": "A title before a crash"}, allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        assert "page first" in ask(worker)["out"]
        worker.stdin.write(b"built\n")
        worker.stdin.flush()
        while not (pids := background_pids(worker)):
            assert "archive-search__behind" in (docs / "search.md").read_text(encoding="utf-8")  # not done yet
            time.sleep(0.005)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        record_path.write_text(yaml.safe_dump({**record, "title": "A title after a crash"}, allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        assert ask(worker)["code"] == 0
        worker.stdin.write(b"built\n")
        worker.stdin.flush()
        wait_for(lambda: "A title after a crash" in (docs / "articles" / "index.md").read_text(encoding="utf-8")
                 and "archive-search__behind" not in (docs / "search.md").read_text(encoding="utf-8"), worker)
        done = subprocess.run(bench_run.archive_cmd() + ["--root", str(root), "build"], capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0 and "up to date" in done.stdout, done.stdout + done.stderr
    finally:
        worker.stdin.close()
        worker.wait(60)
    assert not background_pids(worker)


def test_a_rebuild_does_not_wait_for_docs_while_the_background_build_holds_it(tmp_path):
    """The hook's lock on docs/ (serve.hold_docs) is taken without waiting when the normaliser
    says its background build is under way: that build holds it for the whole build."""
    import fcntl
    from archive import serve
    docs = tmp_path / "docs"
    docs.mkdir()
    holder = os.open(docs, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as the background build does (write.locked)
    try:
        serve.hold_docs(docs, wait=False)  # returns at once, not holding it
        assert not serve._docs_lock
    finally:
        os.close(holder)
    serve.hold_docs(docs, wait=False)  # free: held
    assert serve._docs_lock
    serve.release_docs()
