"""A real `mkdocs serve` on a free port of 127.0.0.1, for the tests that save sources under it
and read its pages over HTTP (test_serve, test_serve_loop, test_search)."""
from __future__ import annotations

import gzip
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def indexed(root: Path, text: str) -> bool:
    """Whether a page of docs/'s search index holds the text (Pagefind's fragments: gzip, a
    signature, then JSON)."""
    for path in (root / "docs" / "pagefind" / "fragment").glob("*.pf_fragment"):
        if text.encode() in gzip.decompress(path.read_bytes()):
            return True
    return False
