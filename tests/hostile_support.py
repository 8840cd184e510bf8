"""Helpers shared by the tests that build a copy of the archive with hostile or broken input:
a copy to build (the `root` fixture), a valid record for a raw file, an article added to the
copy, a build run in-process or as a command, and the check that a refused build left docs/ alone."""
from __future__ import annotations

import contextlib
import hashlib
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from archive import cli
from conftest import SLUGS, copy_archive

ARCHIVE = Path(sys.executable).with_name("archive")
ARCHIVE_CMD = [str(ARCHIVE)] if ARCHIVE.exists() else [sys.executable, "-m", "archive.cli"]

TEXT = [
    "Observers, Not Soldiers, for the Ceasefire Line",
    "A short standfirst: why an observer mission is the better idea.",
    "By Jane Roe and John Doe",
    "Every ceasefire needs someone to watch the line. This first paragraph says so at some length, "
    "so that it reads like the body of an article rather than its head.",
    "Observer missions have worked before, and the second paragraph gives examples from Cyprus and Lebanon.",
    "The third paragraph concludes that Europe should send observers, not soldiers.",
]


# --- helpers ----------------------------------------------------------------------------

@pytest.fixture
def root(tmp_path) -> Path:
    return copy_archive(tmp_path / "archive")


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder (dotfiles too), by relative path, with its SHA-256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def record_for(data: bytes, **changes) -> dict:
    record = {
        "title": None, "standfirst": None, "url": None, "url_basis": "Not in the dump.",
        "publisher": {"id": "leiden-security-and-global-affairs-blog", "basis": "Test."},
        "date": {"value": "2025-03-04", "precision": "day", "basis": "Test."},
        "authors": [{"name": "Jane Roe", "basis": "Byline."}, {"name": "John Doe", "basis": "Byline."}],
        "authors_unknown": None, "editor": "test editor",
        "position": {"id": "neutral", "basis": "Test."},
        "proposals": [{"id": "us-backstop", "stance": "neutral", "basis": "Test."}],
        "arguments": [],
        "source": {"original_name": "test.txt", "sha256": hashlib.sha256(data).hexdigest()},
    }
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(record.get(key), dict):
            record[key] = {**record[key], **value}
        else:
            record[key] = value
    return record


def add(root: Path, slug: str, raw: bytes | str | list[str] = TEXT, record: dict | str | None = None, **changes) -> None:
    """Add an article: its raw file and (unless record is "") a valid record, with changes."""
    data = raw if isinstance(raw, bytes) else ("\n\n".join(raw) if isinstance(raw, list) else raw).encode("utf-8")
    folder = root / "sources" / "articles"
    (folder / f"{slug}.txt").write_bytes(data)
    if record == "":
        return
    if not isinstance(record, str):
        record = yaml.safe_dump(record or record_for(data, **changes), allow_unicode=True, sort_keys=False)
    (folder / f"{slug}.yml").write_text(record, encoding="utf-8")


def build(root: Path, *args: str) -> tuple[int, list[str], str]:
    """Run `archive build` in-process: (exit status, stderr lines, stdout)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(root), "build", *args])
    return code, err.getvalue().splitlines(), out.getvalue()


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*ARCHIVE_CMD, "--root", str(root), *args], capture_output=True, text=True, cwd=root)


def refused(root: Path, *patterns: str) -> list[str]:
    """Build; it must fail, report every pattern, one problem a line, and leave docs/ alone."""
    before = tree(root / "docs")
    code, lines, _ = build(root)
    assert code == 1, lines
    assert lines and re.fullmatch(rf"archive: {len(lines) - 1} problem\(s\); docs/ was not changed", lines[-1]), lines
    for line in lines[:-1]:
        assert re.match(r"\S.*?: (line \d+|file|file name|[\w.\[\]-]+|--slug): \S", line), line
    for pattern in patterns:
        assert any(re.search(pattern, line) for line in lines), f"{pattern!r} not in:\n" + "\n".join(lines)
    assert tree(root / "docs") == before, "docs/ must be left exactly as it was"
    return lines

def grow(root: Path, copies: int) -> None:
    """Make the archive large: `copies` variants of each seed article."""
    folder = root / "sources" / "articles"
    for slug in SLUGS:
        raw = (folder / f"{slug}.txt").read_bytes()
        record = yaml.safe_load((folder / f"{slug}.yml").read_text(encoding="utf-8"))
        for i in range(copies):
            data = raw + f"\n\nSynthetic copy {i}.\n".encode()
            record["source"]["sha256"] = hashlib.sha256(data).hexdigest()
            (folder / f"{slug}-copy-{i}.txt").write_bytes(data)
            (folder / f"{slug}-copy-{i}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")

class Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[str | None, str]] = []  # (src, inline text)
        self._script: list | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        if tag == "script":
            self._script = [dict(attrs).get("src"), ""]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], self._script[1]))
            self._script = None


def markup(site: Path) -> dict[str, Markup]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = Markup()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[str(path.relative_to(site))] = parser
    return pages


def removed_block_lines(page: str) -> dict[int, str]:
    """{line number: its text} as the article page's removed-lines block says them: an entry is
    'line N · ...' or 'lines A, B–C, D–E every 2nd (n lines) · ...', its text on the next line."""
    import html as html_module
    block = page[page.index("<pre><code>", page.index('id="removed-lines"')):]
    block = html_module.unescape(block[len("<pre><code>"):block.index("</code></pre>")])
    shown: dict[int, str] = {}
    entries = block.split("\n")
    for head, text in zip(entries[::2], entries[1::2]):
        numbers = re.match(r"lines? ([\d, –]+(?: every \d+\w\w)?(?:, [\d–]+(?: every \d+\w\w)?)*)(?: \(([\d,]+) lines\))? · ", head)
        assert numbers, head
        for part in numbers[1].split(", "):
            m = re.fullmatch(r"(\d+)(?:–(\d+)(?: every (\d+)\w\w)?)?", part)
            first, last, step = int(m[1]), int(m[2] or m[1]), int(m[3] or 1)
            shown.update((n, text.removeprefix("    ")) for n in range(first, last + 1, step))
    return shown
