"""MkDocs hook: run the normaliser before every build and watch sources/ while serving.

`mkdocs build` fails on bad sources; `mkdocs serve` reports them and keeps serving the
last good pages, so an editor can fix a record without restarting the server.
"""
from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from archive.cli import Paths, build
from archive.model import Problems

log = logging.getLogger("mkdocs.hooks.archive")
_command = "build"


def on_startup(command, dirty):
    global _command
    _command = command


def root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_pre_build(config):
    try:
        report = build(Paths(root(config)))
    except Problems as error:
        for problem in error.problems:
            log.error(str(problem))
        if _command != "serve":
            raise PluginError(f"archive: {len(error.problems)} problem(s) in sources/; docs/ was not changed")
        return
    if report is not None and (report.written or report.removed):
        # Writes land in docs/, which serve watches; unchanged pages are never rewritten,
        # so the rebuild this triggers finds nothing to write and the loop ends there.
        log.info("archive: wrote %d files, removed %d", len(report.written), len(report.removed))


def on_serve(server, config, builder):
    server.watch(str(root(config) / "sources"))
    return server


def on_page_markdown(markdown, page, config, files):
    # Templates print page.title without escaping: a title is text, never markup.
    if page.title:
        page.title = html.escape(page.title, quote=True)
    return markdown
