"""The background build under `mkdocs serve` (warm.py): a thread of the warm normaliser, stopped
by the next save at its next step with Pagefind ended at once, whose crash ends only itself; and
Pagefind's working folders, kept under .cache/ and swept when a killed build left them."""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from conftest import copy_archive
from bench_support import run as bench_run
from serve_support import SLUG

pytestmark = [pytest.mark.build, pytest.mark.slow]


def working_folders(*bases: Path) -> list[Path]:
    """Pagefind's working folders (its output, out-N, inside; its pages are kept elsewhere:
    exports/search_inputs.py)."""
    return [p for base in bases if base.is_dir() for p in base.iterdir() if p.is_dir()]


def test_a_killed_builds_pagefind_folder_is_under_cache_and_the_next_build_sweeps_it(tmp_path):
    root = copy_archive(tmp_path / "archive")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    work = root / ".cache" / "archive" / "pagefind-work"
    # No search cache and no committed shard keys (a fresh clone takes docs/pagefind's shards
    # by them): Pagefind runs.
    (root / "docs" / "pagefind" / "archive-keys.json").unlink()
    env = {**os.environ, "TMPDIR": str(tmp), "CI": "1"}
    cmd = bench_run.archive_cmd() + ["--root", str(root), "build", "--force"]
    build = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not working_folders(tmp, work):
            assert build.poll() is None, "the build ended before Pagefind was given its pages"
            time.sleep(0.005)
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # as a stopped background build was killed
        build.wait()
    assert not list(tmp.iterdir())  # nothing left in the system's temporary folder
    assert len(working_folders(work)) == 1
    held = work / "pagefind-held"  # a build under way elsewhere holds its folder: left alone
    held.mkdir()
    fd = os.open(held, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        assert [p.name for p in work.iterdir()] == ["pagefind-held"]
    finally:
        os.close(fd)
    assert not list(tmp.iterdir())


def retitled(root: Path, title: str) -> None:
    path = root / "sources" / "articles" / f"{SLUG}.yml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**record, "title": title}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_stopped_background_ends_pagefind_at_once_and_leaves_the_index_to_the_next_build(tmp_path, monkeypatch):
    from archive import warm
    from archive.build import Paths
    from archive.exports import search

    started = []

    class Recorded(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if "--site" in args[0]:  # Pagefind indexing (not asked its version)
                started.append(self)

    monkeypatch.setattr(search.subprocess, "Popen", Recorded)
    root = copy_archive(tmp_path / "archive")
    retitled(root, "A title the stopped build had")
    background = warm.Background(Paths(root), None)
    background.go.set()
    while not started and background.is_alive():
        time.sleep(0.005)
    background.stop.set()
    background.join(600)
    assert not background.is_alive() and not background.failed
    assert started and started[0].returncode == -signal.SIGKILL  # ended, not waited for
    docs = root / "docs"
    assert "archive-search__behind" in (docs / "search.md").read_text(encoding="utf-8")
    assert not working_folders(root / ".cache" / "archive" / "pagefind-work")
    done = subprocess.run(bench_run.archive_cmd() + ["--root", str(root), "build"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0 and "archive-search__behind" not in (docs / "search.md").read_text(encoding="utf-8")


def test_a_build_asked_to_stop_stops_before_it_renders_or_writes(tmp_path, monkeypatch):
    from archive.build import Paths, build
    from archive.core.stopping import Stop, Stopped
    from archive.pages import render

    root = copy_archive(tmp_path / "archive")
    retitled(root, "A title never written")
    before = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    rendered = []
    monkeypatch.setattr(render, "render", lambda *args: rendered.append(args))
    stop = Stop()
    stop.set()
    with pytest.raises(Stopped):
        build(Paths(root), index_later=True, stop=stop)
    assert not rendered
    assert {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()} == before


def test_a_crash_in_the_background_ends_it_and_the_next_save_builds_everything(tmp_path, monkeypatch):
    from archive import build as build_module
    from archive import warm

    root = copy_archive(tmp_path / "archive")
    the_build = build_module.build

    def crashing(*args, **kwargs):
        raise RuntimeError("a crash in the background build")

    worker = warm.Warm(root)
    assert worker.build()["code"] == 0  # whatever the copy needs
    worker.stop()
    retitled(root, "A title before a crash")
    monkeypatch.setattr(build_module, "build", crashing)  # the saved page first is not build()'s
    assert "page first" in worker.build()["out"]
    worker.start()
    worker.background.join(600)
    assert worker.background.failed  # and this process goes on
    monkeypatch.setattr(build_module, "build", the_build)
    retitled(root, "A title after a crash")
    answer = worker.build()
    assert answer["code"] == 0 and "wrote" in answer["out"] and "page first" not in answer["out"], answer


def test_a_finished_background_keeps_only_the_articles_in_memory(tmp_path):
    """The rest of what it made is read from .cache/ by the next one; kept, it grew the warm
    process and the next background build's peak with every save (warm.let_go)."""
    from archive import cache, warm

    root = copy_archive(tmp_path / "archive")
    worker = warm.Warm(root)
    assert worker.build()["code"] == 0
    worker.stop()
    retitled(root, "A title built in the background")
    assert "page first" in worker.build()["out"]
    worker.start()
    worker.background.join(600)
    assert not worker.background.failed
    assert "A title built in the background" in (root / "docs" / "articles" / "index.md").read_text(encoding="utf-8")
    assert set(cache.MEMORY) == {"articles"} and cache.MEMORY["articles"]


def test_a_build_waiting_for_docs_lock_stops_when_asked(tmp_path):
    """The background build waits for docs/'s lock while the server reads docs/ (or another build
    writes it): a new save's stop must end that wait, not leave the save waiting up to LOCK_WAIT."""
    import threading

    from archive.core.stopping import Stop, Stopped
    from archive.write import locked

    docs = tmp_path / "docs"
    docs.mkdir()
    holder = os.open(docs, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(holder, fcntl.LOCK_EX)  # as the server holds it while MkDocs reads docs/
    stop = Stop()
    threading.Timer(0.2, stop.set).start()
    try:
        with pytest.raises(Stopped):
            with locked(docs, wait=60, stop=stop):
                pass
    finally:
        os.close(holder)
