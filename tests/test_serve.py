"""`mkdocs serve` keeps serving the last good pages whatever an editor saves: a real server on
127.0.0.1 answering real HTTP requests, before and after bad saves."""
from __future__ import annotations

import time

import pytest
import yaml

from conftest import copy_archive
from serve_support import SLUG, Server

pytestmark = [pytest.mark.build, pytest.mark.slow]


def test_serve_keeps_the_last_good_pages_after_bad_saves_and_a_crashing_record(tmp_path):
    root = copy_archive(tmp_path / "archive")
    record_path = root / "sources" / "articles" / f"{SLUG}.yml"
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    page = f"articles/{SLUG}.html"
    server = Server(root)
    try:
        server.wait(lambda: server.get(page))

        def save(title: str) -> None:
            record_path.write_text(yaml.safe_dump({**record, "title": title}, allow_unicode=True, sort_keys=False),
                                   encoding="utf-8")

        save("A good title saved first")
        server.wait(lambda: "A good title saved first" in server.get(page))

        # A record with an unknown proposal: one line in the log, and the last good page stays.
        errors = server.said().count("ERROR")
        record_path.write_text(yaml.safe_dump({**record, "title": "Never shown", "position": {"id": "nonsense", "basis": "x"}},
                                              sort_keys=False), encoding="utf-8")
        server.wait(lambda: f"{SLUG}.yml" in server.said() and server.said().count("ERROR") > errors)
        time.sleep(2)  # the rebuild that follows the bad save
        for _ in range(3):
            shown = server.get(page)
            assert "A good title saved first" in shown and "Never shown" not in shown
            assert server.get("index.html")

        # A record nested 100,000 deep, which crashed the YAML library (and serve with it).
        said = len(server.said())
        record_path.write_text("title: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
        server.wait(lambda: f"{SLUG}.yml" in server.said()[said:] or "crashed" in server.said()[said:])
        time.sleep(2)
        assert server.proc.poll() is None, server.said()[-3000:]
        assert "A good title saved first" in server.get(page)

        # Fixed: the page follows again.
        save("A good title saved last")
        server.wait(lambda: "A good title saved last" in server.get(page))
    finally:
        server.close()
