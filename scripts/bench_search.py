"""Search at scale, in Debian's Chromium, for scripts/bench.py.

The built site is served from 127.0.0.1 by a server that counts the bytes it sends for each
path, so files fetched by the page's workers count too (Material's search worker and
Pagefind's both fetch the index). A fresh browser context each time: a cold cache. The query is
typed key by key, as a reader types it; the figures are

- the time from the last keystroke to the first results for the whole query on the screen;
- the bytes of the search index and engine sent before the first keystroke, and of all search
  files in all (the search page's own script too);
- the JavaScript heap in use afterwards: the page's and its workers' together.

Material's search is measured on the home page (its worker fetches the index on every first
page view); the archive's own on search.html (Pagefind's index in pagefind/).
"""
from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from pathlib import Path

import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test suite's tools
import tools  # noqa: E402

QUERY = "brigades"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INDEX_FILES = ("/pagefind/", "/search/", "/assets/javascripts/workers/search")  # the engines and their indexes
SEARCH_FILES = (*INDEX_FILES, "/assets/javascripts/search.js")  # and the search page's own script
MB = 1024 * 1024


class Counting(http.server.SimpleHTTPRequestHandler):
    sent: list[tuple[float, str, int]]

    def copyfile(self, source, outputfile):
        start = source.tell()
        super().copyfile(source, outputfile)
        self.sent.append((time.monotonic(), self.path, source.tell() - start))

    def log_message(self, format, *args):
        pass


# Records, in the page, when the last key went down and when results for the whole query
# first showed after it.
TIMING = """q => {
  window.__bench = {lastKey: 0, results: 0};
  document.addEventListener("keydown", () => { window.__bench.lastKey = performance.now(); window.__bench.results = 0; }, true);
  const shown = () => {
    const status = document.querySelector(".archive-search__status");
    if (status) return status.textContent.includes("for \u201c" + q + "\u201d");
    return document.querySelector(".md-search-result__item") !== null;
  };
  new MutationObserver(() => {
    const b = window.__bench;
    if (b.lastKey && !b.results && shown()) b.results = performance.now();
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def heap_mb(browser) -> float:
    """The JavaScript heap in use in every page and worker of the browser, MB."""
    cdp = browser.new_browser_cdp_session()
    replies: dict[str, dict] = {}

    def received(event):
        message = json.loads(event["message"])
        if message.get("id") == 1:
            replies[event["sessionId"]] = message.get("result", {})

    cdp.on("Target.receivedMessageFromTarget", received)
    used = 0
    for target in cdp.send("Target.getTargets")["targetInfos"]:
        if target["type"] not in ("page", "worker"):
            continue
        session = cdp.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})["sessionId"]
        cdp.send("Target.sendMessageToTarget", {"sessionId": session,
                                                "message": json.dumps({"id": 1, "method": "Runtime.getHeapUsage"})})
        deadline = time.monotonic() + 10
        while session not in replies and time.monotonic() < deadline:
            cdp.send("Browser.getVersion")  # lets the session deliver its events
            time.sleep(0.02)
        used += replies.get(session, {}).get("usedSize", 0)
    cdp.detach()
    return used / MB


def measure(site: Path, query: str = QUERY, timeout: float = 120) -> dict:
    from playwright.sync_api import sync_playwright

    ours = (site / "search.html").is_file() and (site / "pagefind").is_dir()
    sent: list[tuple[float, str, int]] = []
    handler = functools.partial(type("Handler", (Counting,), {"sent": sent}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/" + ("search.html" if ours else "index.html")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=tools.chromium_path(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
                page.set_default_timeout(timeout * 1000)
                page.goto(url, wait_until="load")
                page.wait_for_load_state("networkidle")
                page.evaluate(TIMING, query)
                field = page.locator("#archive-search-query" if ours else ".md-search__input")
                field.click()
                before = len(sent)
                page.keyboard.type(query, delay=50)
                page.wait_for_function("() => window.__bench.results > 0")
                page.wait_for_load_state("networkidle")
                timing = page.evaluate("() => window.__bench")
                heap = heap_mb(browser)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    searched = [(path, size) for _, path, size in sent if path.startswith(SEARCH_FILES)]
    early = [(path, size) for _, path, size in sent[:before] if path.startswith(INDEX_FILES)]
    return {"search": "Pagefind" if ours else "Material", "first_results_s": (timing["results"] - timing["lastKey"]) / 1000,
            "before_kb": sum(s for _, s in early) / 1024, "query_kb": sum(s for _, s in searched) / 1024,
            "requests": len(searched), "heap_mb": heap}


if __name__ == "__main__":
    import sys

    print(json.dumps(measure(Path(sys.argv[1]), *sys.argv[2:]), indent=1))
