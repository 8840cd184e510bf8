"""`mkdocs serve` at the pace of an edit (archive/serve.py): rebuilds after the first are dirty
(only what the normaliser rewrote is rendered again), a page whose article is gone stops being
served, and the normaliser's process stays up between saves, a new one after it crashed. A real
server on 127.0.0.1 answering real HTTP requests."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import copy_archive
from bench_support import run as bench_run
from serve_support import SLUG, Server, indexed


def normaliser_pids(server: Server) -> set[int]:
    """The server's children running the normaliser (archive.serve)."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                parent = int(stat[stat.rindex(")") + 2:].split()[1])
                command = Path(entry.path, "cmdline").read_bytes().split(b"\0")
            except (OSError, ValueError):
                continue
            if parent == server.proc.pid and b"archive.serve" in command:
                found.add(int(entry.name))
    return found


def status(server: Server, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/{path}", timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.build
@pytest.mark.slow
def test_serve_renders_what_changed_and_keeps_the_normaliser_warm(tmp_path):
    root = copy_archive(tmp_path / "archive")
    articles = root / "sources" / "articles"
    record_path = articles / f"{SLUG}.yml"
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    page = f"articles/{SLUG}.html"
    server = Server(root)
    try:
        server.wait(lambda: server.get(page))

        def save(title: str) -> None:
            record_path.write_text(yaml.safe_dump({**record, "title": title}, allow_unicode=True, sort_keys=False),
                                   encoding="utf-8")

        save("A first title while serving")
        server.wait(lambda: "A first title while serving" in server.get(page))
        # The listing the normaliser rewrote is rendered again too, in the same dirty rebuild.
        server.wait(lambda: "A first title while serving" in server.get("articles/index.html"))
        # The index follows the pages: once Pagefind is done, docs/ is what `archive build` makes
        # (nothing left to do), the index finds the new title and the search page has no notice.
        server.wait(lambda: "brought up to date" not in server.get("search.html") and indexed(root, "A first title while serving"))
        done = subprocess.run(bench_run.archive_cmd() + ["--root", str(root), "build"], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0 and "up to date" in done.stdout, done.stdout + done.stderr
        assert "indexing for search" in server.said()
        first = normaliser_pids(server)
        assert len(first) == 1, first
        save("A second title while serving")
        server.wait(lambda: "A second title while serving" in server.get(page))
        assert normaliser_pids(server) == first, "the same normaliser process served both saves"
        # The saved article's page was written first, the rest after the server had rendered it.
        assert "the saved article's page first" in server.said(), server.said()[-2000:]
        assert "dirty" not in server.said().lower(), server.said()[-2000:]

        # The normaliser's process killed as a crash in a C library would: the server stays up, and
        # the next save starts another.
        killed = next(iter(first))
        os.kill(killed, signal.SIGKILL)
        save("A title after the crash")
        server.wait(lambda: "A title after the crash" in server.get(page))
        assert normaliser_pids(server) and killed not in normaliser_pids(server)

        # An article renamed: its new page is served and the old one is gone from the served site.
        moved = "a-renamed-article"
        for suffix in (".txt", ".yml"):
            shutil.move(articles / f"{SLUG}{suffix}", articles / f"{moved}{suffix}")
        server.wait(lambda: "A title after the crash" in server.get(f"articles/{moved}.html"))
        server.wait(lambda: status(server, page) == 404)
        assert server.proc.poll() is None
    finally:
        server.close()
