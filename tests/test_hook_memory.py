"""MkDocs converts every page before it renders the first into its theme, so it holds every
page's HTML to the end of the build (about 330 MB at 5,005 articles, nearly all of it the HTML
blocks the hook sets aside). The hook keeps the blocks packed meanwhile and puts them back into
each page's output: MkDocs holds a page without them, and the output is as before
(test_portable compares the whole site with and without the hook)."""
from __future__ import annotations

from types import SimpleNamespace

import frontmatter
import markdown
import pytest

from conftest import ROOT

PAGES = ["articles/fantasy-plan-nato-us-ukraine-peacekeeping.md", "articles/index.md", "arguments/index.md"]


@pytest.mark.parametrize("rel", PAGES)
def test_mkdocs_holds_a_page_without_its_html_blocks_until_its_output(rel):
    from archive import accelerator, mkdocs_hook as hook

    source = frontmatter.loads((ROOT / "docs" / rel).read_text(encoding="utf-8")).content
    page = SimpleNamespace(file=SimpleNamespace(src_uri=rel), present_anchor_ids=None)
    hook.state = hook.BuildState()
    converted = markdown.Markdown(extensions=["attr_list", "tables", "toc"]).convert(
        hook.on_page_markdown(source, page, None, None))
    blocks = accelerator.set_aside(source)[1]
    assert blocks and accelerator.packable(blocks)
    held = hook.on_page_content(converted, page, None, None)  # page.content until the output
    assert held == converted and len(held) * 4 < len(source), (len(held), len(source))
    assert page.present_anchor_ids >= accelerator.anchor_ids(blocks)  # MkDocs checks links against them
    output = hook.on_post_page(f"<main>\n  {held}\n</main>", page, None)
    assert output == accelerator.dedented(f"<main>\n  {accelerator.put_back(converted, blocks)}\n</main>")


def test_soon_after_a_build_under_serve_the_server_collects_what_the_build_left(tmp_path, monkeypatch):
    """MkDocs' pages and navigation point at each other, so a build's objects waited for the cyclic
    collector's next run, and glibc kept their memory for the process: the server stayed at its
    first build's peak (about 190-240 MB at 5,005 articles). Soon after each build under serve
    they are collected (and the memory given back, warm.trim)."""
    import gc
    import time
    import weakref
    from types import SimpleNamespace

    from archive import mkdocs_hook as hook, serve

    monkeypatch.setattr(serve, "command", "serve")
    monkeypatch.setattr(hook, "TRIM_AFTER", 0.0)

    class Page:
        pass

    page, nav = Page(), Page()
    page.nav, nav.page = nav, page
    left = weakref.ref(page)
    del page, nav
    gc.disable()
    try:
        hook.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))
        deadline = time.monotonic() + 30
        while left() is not None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert left() is None, "the build's cycles were left to the collector's next run"
    finally:
        gc.enable()
