"""MkDocs hook: an accelerator between the normaliser and MkDocs/Material, never needed for
correctness: docs/ renders the same without it (a test builds the site both ways), on MkDocs and
on Zensical, which runs no hook.

- runs the normaliser before every build; `mkdocs build` fails on bad sources, while
  `mkdocs serve` runs it in a child process, reports what is wrong and keeps serving the last
  good pages, even when a record crashes the normaliser;
- watches sources/ while serving, and tells the server of a change as soon as the kernel does;
- saves work that changes nothing in the output: the navigation list is rendered once, HTML
  blocks skip Markdown, the theme's hidden files are not listed, its templates are compiled once
  per process; and drops the templates' indentation (white space only; the pages render the same).
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from archive.core.compiled import install

install()  # before the stages' modules are imported: their dataclasses' methods compiled once (core/compiled.py)
from archive import accelerator, listing, serve, warm  # noqa: E402
from archive.build import Paths, build
from archive.core.problems import Problems
from archive.core.texts import terminal

log = logging.getLogger("mkdocs.hooks.archive")
# Under serve, problems in sources/ go to a logger of their own: on MkDocs' loggers, strict mode
# would count them and abort the rebuild, and MkDocs then holds every request until a build succeeds.
serve_log = logging.getLogger("archive.serve")
if not serve_log.handlers:  # MkDocs loads this file again for every rebuild; the logger stays
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    serve_log.addHandler(_handler)
    serve_log.propagate = False
    serve_log.setLevel(logging.INFO)  # what each save wrote, and that the index follows
TRIM_AFTER = 1.0  # seconds after a build under serve (warm.trim)
SERVE_NORMALISER_TIMEOUT = 300  # seconds: far beyond a 5,000-article build; a hang must not stop serve


@dataclass
class BuildState:
    """Everything the hook keeps during one build. A new one is made for every build, so a
    rebuild under `mkdocs serve` never sees what the previous build left behind."""
    # Partials rendered once per build (see docs/overrides/partials/nav.html).
    rendered: dict[str, str] = field(default_factory=dict)
    # Each page's HTML blocks while Markdown converts the rest, then packed until its output.
    blocks: dict[str, list[str]] = field(default_factory=dict)
    packed: dict[str, bytes] = field(default_factory=dict)
    # Under serve: the files of the served site this build makes (site_dir-relative).
    outputs: set[str] = field(default_factory=set)


state = BuildState()


def on_startup(command, dirty):
    # MkDocs loads this file afresh for every rebuild under `mkdocs serve` but calls on_startup
    # only once, so the command is kept where the later copies find it: serve.py, imported once.
    # (When it was a variable of this file, every rebuild after the first took itself for
    # `mkdocs build`, failed on a bad record, and MkDocs then held every request until the record
    # was fixed.)
    serve.command = command
    if command == "serve":
        serve.rebuild_dirty()
        listing.keep_listing()


def serving() -> bool:
    return serve.command == "serve"


def root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    global state
    state = BuildState()
    accelerator.quicker_env(config.theme)
    return config


def on_pre_build(config):
    if serving():
        busy = normalise_in_child(root(config))
        # Until the build is over (on_post_build, on_build_error); not waited for while the
        # normaliser's background build holds it.
        serve.hold_docs(Path(config.docs_dir), wait=not busy)
        return
    try:
        report = build(Paths(root(config)))
    except Problems as error:
        for problem in error.problems:
            log.error(terminal(str(problem)))
        raise PluginError(f"archive: {len(error.problems)} problem(s) in sources/; docs/ was not changed")
    if report is not None and (report.written or report.removed):
        log.info("archive: wrote %d files, removed %d", len(report.written), len(report.removed))


def normalise_in_child(folder: Path) -> bool:
    """Under serve the normaliser runs in a process of its own (archive/serve.py), kept up between
    saves: whatever a saved record does to it (a crash in a C library, a hang) ends that process,
    not the server, and docs/ keeps the last good pages, which the server goes on serving. Its
    one-line problems go to the log. True: its background build (warm.py) is under way."""
    try:
        done = serve.normaliser(folder, SERVE_NORMALISER_TIMEOUT).build()
    finally:
        serve.answered()  # the watchers' events since the rebuild began, weighed
    if done["code"] is None:
        serve_log.error("archive: the normaliser ran over %d s and was stopped; serving the last good pages",
                        SERVE_NORMALISER_TIMEOUT)
    elif done["code"] < 0:
        serve_log.error("archive: the normaliser crashed (signal %d) on sources/; serving the last good pages; "
                        "run `archive check` to find the record", -done["code"])
    elif done["code"] != 0:
        for line in done["errors"]:
            serve_log.error(line)
    elif done["out"]:
        # Writes land in docs/, which serve watches; unchanged pages are never rewritten,
        # so the rebuild this triggers finds nothing to write and the loop ends there.
        serve_log.info(done["out"])
    return bool(done.get("busy"))


def on_files(files, config):
    if serving():
        state.outputs = {f.dest_uri for f in files}
    return files


def on_post_build(config):
    if serving():
        listing.built()
        serve.release_docs()
        serve.remove_stale(config.site_dir, state.outputs)
        serve.built()
        # The build's pages, navigation and HTML go back to the system soon after it (glibc kept
        # them for the next build: the server stayed at its first build's peak, about 190-240 MB
        # at 5,005 articles); in a thread, as a request waits for the build's end, not for this.
        trim = threading.Timer(TRIM_AFTER, warm.trim)
        trim.daemon = True
        trim.start()


def on_build_error(error):
    serve.release_docs()
    serve.built()


def on_serve(server, config, builder):
    server.watch(str(root(config) / "sources"))
    folders = [config.docs_dir, str(root(config) / "sources")]
    serve.listen(server, *folders)
    # A save is rebuilt as soon as the kernel reports it (a daemon thread), and MkDocs' poller,
    # which hears it up to 0.5 s later and costs CPU all the time, is left to where the kernel
    # does not report (no inotify, or no watches left): there, what the rebuild under way has
    # seen (a save the poller hears again, the normaliser's own writes) asks for no second rebuild.
    if accelerator.notice_at_once(server, folders, serve.seen) is not None:
        accelerator.stop_polling(server, folders)
    else:
        for folder in folders:
            accelerator.watch_unless(server, folder, serve.seen)
    return server


def on_env(env, config, files):
    # The navigation's item list of the pages outside the navigation, by folder
    # (docs/overrides/partials/nav.html): new at every build.
    env.globals["archive_nav"] = state.rendered
    return env


def on_page_context(context, page, config, nav):
    # Pages outside the navigation make no item active, and Material's links are relative to
    # the page's folder: so their lists are the same for every page in one folder.
    folder = page.url.rpartition("/")[0]
    context["nav_key"] = None if any(item.active for item in nav.items) else f"folder:{folder}"
    return context


@event_priority(100)  # before any other plugin sees the Markdown
def on_page_markdown(markdown, page, config, files):
    markdown, state.blocks[page.file.src_uri] = accelerator.set_aside(markdown)
    return markdown


@event_priority(100)  # before any other plugin sees the content
def on_page_content(content, page, config, files):
    blocks = state.blocks.pop(page.file.src_uri, [])
    if not blocks:
        return content
    # MkDocs checks links to anchors against the ids it found in the page's HTML.
    page.present_anchor_ids = (page.present_anchor_ids or set()) | accelerator.anchor_ids(blocks)
    if not accelerator.packable(blocks):
        return accelerator.put_back(content, blocks)
    state.packed[page.file.src_uri] = accelerator.packed(blocks)  # back in on_post_page (accelerator)
    return content


def on_post_page(output, page, config):
    if (packed := state.packed.pop(page.file.src_uri, None)) is not None:
        output = accelerator.put_back(output, accelerator.unpacked(packed))
    return accelerator.dedented(output)
