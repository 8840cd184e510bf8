"""The warm normaliser of `mkdocs serve` (archive/serve.py's worker) over its pipe, as the hook
drives it: a build request per line, one JSON line back. The index follows the pages in the
background; the server's rebuild after the normaliser's own writes must not stop it."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import yaml

from conftest import copy_archive
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
        assert again == {"code": 0, "out": "", "errors": []}, again
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
