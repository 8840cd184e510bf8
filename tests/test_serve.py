"""`mkdocs serve` keeps serving the last good pages whatever an editor saves: a real server on
127.0.0.1 answering real HTTP requests, before and after bad saves."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import copy_archive

pytestmark = [pytest.mark.build, pytest.mark.slow]

SLUG = "fantasy-plan-nato-us-ukraine-peacekeeping"
ANSWER_WITHIN = 30  # seconds: a request that waits longer counts as the server hanging (MkDocs holds
# requests while it rebuilds, which takes seconds on a loaded machine; after a failed rebuild, forever)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path):
        self.port = free_port()
        self.log_path = root / "serve.log"
        self.log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def get(self, path: str) -> str:
        """The page, or an AssertionError if the server does not answer within ANSWER_WITHIN."""
        url = f"http://127.0.0.1:{self.port}/{path}"
        try:
            with urllib.request.urlopen(url, timeout=ANSWER_WITHIN) as response:
                assert response.status == 200, (url, response.status)
                return response.read().decode("utf-8")
        except OSError as error:  # refused, reset or timed out
            raise AssertionError(f"{url}: no answer ({error}); the server says:\n{self.said()[-3000:]}") from error

    def said(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait(self, what, timeout: float = 120):
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            assert self.proc.poll() is None, f"mkdocs serve died (exit {self.proc.returncode}):\n{self.said()[-3000:]}"
            try:
                if what():
                    return
            except AssertionError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gave up waiting after {timeout} s; the server says:\n{self.said()[-3000:]}")

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGINT)
            self.proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


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
