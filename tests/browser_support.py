"""Helpers for the real-browser and standards tests.

- `serve(directory)`: the built site over HTTP on 127.0.0.1, on a free port, in a thread;
- `launch(playwright)`: Debian's Chromium, started the one way these tests start it;
- `require(...)`: a missing tool skips the test, or fails it in CI (ARCHIVE_REQUIRE_ALL=1);
- `page_types(site)`: one concrete page of every kind the site has;
- `linkcheck(config_dir, urls)`: LinkChecker over served pages, one row per link; `problems(rows)`.
"""
from __future__ import annotations

import csv
import functools
import http.server
import io
import re
import subprocess
import threading
from pathlib import Path

import pytest

import tools
from conftest import REQUIRE_ALL, ROOT

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# The 2022 article (it quotes Jarosław Kaczyński) and the later ones that discuss a
# European "reassurance force": seeds, so they stay in the archive.
ARTICLE_2022 = "nato-peacekeeping-mission-could-deepen-the-conflict"
LATER_REASSURANCE = ("balancing-act-coalition-of-the-willing", "european-peacekeepers-in-ukraine-a-horrible-idea",
                     "fantasy-plan-nato-us-ukraine-peacekeeping", "why-a-peacekeeping-force-wont-help-ukraine")


def missing(reason: str):
    """A test tool is missing: fatal in CI, a skip elsewhere."""
    if REQUIRE_ALL:
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def require(locate, *args):
    """The result of a `tools` locator, or skip/fail with its message."""
    try:
        return locate(*args)
    except tools.ToolNotFound as error:
        missing(str(error))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files quietly. The `LinkChecker` header lifts LinkChecker's default limit of
    about three requests a second to one host (see linkcheck/checker/httpurl.py)."""

    def end_headers(self):
        self.send_header("LinkChecker", "archive-tests")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class Served:
    def __init__(self, directory: Path):
        handler = functools.partial(QuietHandler, directory=str(directory))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=require(tools.chromium_path), args=CHROMIUM_ARGS)


def first(site: Path, folder: str) -> str:
    """The first page in a folder other than its index, as a path relative to the site."""
    pages = sorted(p for p in (site / folder).glob("*.html") if p.name != "index.html")
    assert pages, f"no page in {folder}/"
    return pages[0].relative_to(site).as_posix()


def page_types(site: Path) -> dict[str, str]:
    """One page of every kind: name -> path relative to the site root."""
    return {
        "home": "index.html",
        "articles": "articles/index.html",
        "article": f"articles/{ARTICLE_2022}.html",
        "proposals": "proposals/index.html",
        "proposal": first(site, "proposals"),
        "positions": "positions/index.html",
        "position": first(site, "positions"),
        "authors": "authors/index.html",
        "author": first(site, "authors"),
        "publishers": "publishers/index.html",
        "publisher": first(site, "publishers"),
        "arguments": "arguments/index.html",
        "argument": first(site, "arguments"),
        "matrix": "matrix.html",
        "timeline": "timeline.html",
        "tags": "tags/index.html",
        "tag": first(site, "tags"),
        "data": "data/index.html",
        "search": "search.html",
        "404": "404.html",
    }


PAGE_TYPES = ("home", "articles", "article", "proposals", "proposal", "positions", "position",
              "authors", "author", "publishers", "publisher", "arguments", "argument", "matrix", "timeline",
              "tags", "tag", "data", "search", "404")

# Dark or light as the reader's system asks (Material follows prefers-color-scheme until
# the reader picks a scheme); the value is Material's name for the scheme.
SCHEMES = {"light": "default", "dark": "slate"}


def goto(page, url: str):
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


SITE_RESULTS = "() => [...document.querySelectorAll('.archive-search__result > a')].map(a => a.href)"


def site_search(page, query: str, timeout: float = 10_000) -> list[str]:
    """Type a query into the search page's field key by key, as a reader does; wait until the
    status line reports on this query; return the result links, best first."""
    field = page.locator("#archive-search-query")
    field.click()
    field.press("Control+a")
    field.press("Backspace")
    page.keyboard.type(query, delay=20)
    page.wait_for_function(
        "q => { const s = document.querySelector('.archive-search__status').textContent; return s.includes('for “' + q + '”'); }",
        arg=query, timeout=timeout)
    return page.evaluate(SITE_RESULTS)


# --- links and anchors: LinkChecker (the archive's site and the guide) ---------------------

LINKCHECKER_CONFIG = """\
[checking]
threads=8
# The test server answers with a `LinkChecker` header, which lifts the per-host rate limit.
maxrequestspersecond=1000
[filtering]
# Links to other sites are listed as ignored, never fetched.
checkextern=0
[output]
[AnchorCheck]
"""


def linkcheck(config_dir: Path, urls: list[str]) -> list[dict]:
    """Run LinkChecker once (every URL given is a start page) and return one row per link."""
    command = require(tools.linkchecker_command)
    config = config_dir / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    # As root, LinkChecker reads its configuration and then drops privileges to `nobody`:
    # so the site is checked over HTTP, and the results come back on stdout.
    result = subprocess.run([*command, "-f", str(config), "--no-status", "-v", "-o", "csv", *urls],
                            capture_output=True, text=True, timeout=300)
    # The CSV comes between comment lines; a row may start with "#" itself (a link to an
    # anchor on the same page) and a quoted field may span lines.
    text = result.stdout[result.stdout.find("urlname;"):]
    text = re.sub(r"(?m)^# Stopped checking at .*$", "", text)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert rows, f"LinkChecker checked nothing:\n{result.stderr[-2000:]}"
    return rows


def problems(rows: list[dict]) -> list[str]:
    return [f"{r['url']} (from {r['parentname']}, line {r['line']}): {r['result']} {r['warningstring']}".strip()
            for r in rows if r["valid"] != "True" or r["warningstring"]]


# --- accessibility: axe-core -------------------------------------------------------------

AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
}"""


def axe_violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    found = page.evaluate(AXE)
    return [v for v in found if v["impact"] in ("serious", "critical")]
