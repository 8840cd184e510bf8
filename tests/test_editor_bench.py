"""The editor's-loop benchmark (scripts/bench.py --editor) runs end to end at five articles: a
real `mkdocs serve` answers HTTP and serves a saved record's new title, and the builds' figures
are printed. Not a timed test: it asserts that each figure was measured, never how fast."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.build
@pytest.mark.slow
def test_editor_benchmark_measures_every_step(tmp_path):
    results = ROOT / "scripts" / "guide" / "pages" / "maintainers" / "benchmark-results.md"
    committed = results.read_bytes()
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--editor", "--sizes", "5",
                           "--edits", "1", "--keep", str(tmp_path), "--results", ""], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    row = next(line.split() for line in done.stdout.splitlines() if line.lstrip().startswith("5 "))
    assert len(row) == 14 and all(re.fullmatch(r"\d+(\.\d+)?", cell) for cell in row), done.stdout
    saved = [p for p in (tmp_path / "editor5" / "sources" / "articles").glob("*.yml")
             if "Served title 0 " in p.read_text(encoding="utf-8")]
    assert len(saved) == 1, "one record was saved with the title the server then served"
    assert "save -> served <= 1.0 s at N=5" in done.stdout
    assert "Load average" in done.stdout
    assert results.read_bytes() == committed, "a test run leaves the guide's committed results page alone"
