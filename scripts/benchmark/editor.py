"""What an editor meets: `archive check`'s progress on a terminal, in CI and in a pipe, and
`mkdocs serve` showing an edited record (the time from saving it to the page served).
The editor's-loop measurement (`scripts/bench.py --editor`) belongs here."""
from __future__ import annotations

import os
import pty
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from .run import archive_cmd


def progress_check(root: Path, timeout: float) -> dict:
    """`archive check` with stderr on a terminal shows progress; in a pipe and in CI it is quiet."""
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    seen = {}
    for label, env in (("tty", base), ("tty_ci", {**base, "CI": "true"})):
        master, slave = pty.openpty()
        chunks: list[bytes] = []

        def drain():
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError:
                    return
                if not data:
                    return
                chunks.append(data)
        thread = threading.Thread(target=drain, daemon=True)
        thread.start()
        proc = subprocess.Popen(archive_cmd() + ["--root", str(root), "check"], stdout=subprocess.DEVNULL,
                                stderr=slave, stdin=subprocess.DEVNULL, env=env)
        proc.wait(timeout)
        os.close(slave)
        thread.join(5)
        os.close(master)
        seen[label] = b"".join(chunks).decode("utf-8", "replace")
    pipe = subprocess.run(archive_cmd() + ["--root", str(root), "check"], capture_output=True, text=True,
                          env=base, timeout=timeout)
    return {"tty_shows": "/" in seen["tty"], "ci_quiet": not seen["tty_ci"].strip(),
            "pipe_quiet": not pipe.stderr.strip()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def serve_check(root: Path, slug: str, timeout: float) -> dict:
    """Seconds from saving an edited record to `mkdocs serve` serving the changed page."""
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    url = f"http://127.0.0.1:{port}/articles/{slug}.html"
    try:
        start = time.perf_counter()
        while fetch_page(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                log.seek(0)
                return {"serve_s": None, "serve_error": log.read().decode("utf-8", "replace")[-1500:]}
            time.sleep(0.1)
        startup = time.perf_counter() - start
        time.sleep(1.0)  # let the first build's own follow-up rebuild settle
        record_path = root / "sources" / "articles" / f"{slug}.yml"
        record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
        token = f"Edited title {int(time.time())}"
        record["title"] = token
        edited = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
        start = time.perf_counter()
        record_path.write_text(edited, encoding="utf-8")
        while True:
            page = fetch_page(url)
            if page and token in page:
                return {"serve_s": time.perf_counter() - start, "serve_startup_s": startup}
            if proc.poll() is not None or time.perf_counter() - start > 60:
                log.seek(0)
                return {"serve_s": None, "serve_error": log.read().decode("utf-8", "replace")[-1500:]}
            time.sleep(0.05)
    finally:
        stop(proc)
        log.close()


def stop(proc: subprocess.Popen) -> None:
    """End a server started in its own process group: politely (as Ctrl-C), then for good."""
    try:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
