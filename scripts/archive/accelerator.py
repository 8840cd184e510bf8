"""What the MkDocs hook does to pages to save work, changing nothing a reader sees: HTML blocks
set aside while Markdown converts the rest and put back after, the theme's indentation
dropped, the theme's hidden files left unlisted and its templates compiled once per process.
The hook (mkdocs_hook.py) only calls these from its events."""
from __future__ import annotations

import os
import re
import zlib

import jinja2
import watchdog.events
from mkdocs.exceptions import PluginError

# An HTML block of the normaliser's pages: a line that opens a div, list or table, up to the line
# that closes it, between blank lines. Markdown passes such a block through as it is, but first
# parses it twice (its own HTML block scan, then MkDocs' scan for anchor ids): about a sixth of
# the build. So the block sits out the conversion and comes back into the HTML unchanged.
HTML_BLOCK = re.compile(r"(?:(?<=\n\n)|\A)<(div|ul|table)\b[^>\n]*>\n.*?\n</\1>(?=\n\n|\n?\Z)", re.S)
PLACEHOLDER = "<!--archive-html-block-{}-->"
PLACED = re.compile(r"<!--archive-html-block-(\d+)-->")
ANCHOR_ID = re.compile(r'\bid="([^"]+)"')  # the normaliser's attributes are always double-quoted


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each HTML block replaced by a placeholder comment, and the blocks."""
    blocks: list[str] = []

    def keep(match):
        blocks.append(match.group(0))
        return PLACEHOLDER.format(len(blocks) - 1)

    return HTML_BLOCK.sub(keep, markdown), blocks


def put_back(content: str, blocks: list[str]) -> str:
    """The HTML with each placeholder replaced by its block, as Markdown would have output it."""
    seen: list[int] = []

    def block(match):
        i = int(match.group(1))
        seen.append(i)
        return blocks[i] if i < len(blocks) else match.group(0)

    content = PLACED.sub(block, content)  # one pass: an index page may have hundreds of blocks
    if sorted(seen) != list(range(len(blocks))):
        raise PluginError("archive: the HTML blocks did not come back from Markdown exactly once each")
    return content


# MkDocs converts every page before it renders the first into its theme, so each page's HTML is
# held to the end of the build: about 330 MB at 5,005 articles, nearly all of it the HTML blocks
# (UTF-16 text, for the quotes and dashes). So the blocks come back only into the page's final
# output (the hook's on_post_page), and wait meanwhile compressed (zlib's fastest level: about
# 40 MB). Not for a page whose blocks hold a heading or a NUL: Material looks for "<h1" in the
# page's content, and NUL separates the packed blocks.
SEPARATOR = "\0"


def packable(blocks: list[str]) -> bool:
    return not any("<h1" in block or SEPARATOR in block for block in blocks)


def packed(blocks: list[str]) -> bytes:
    return zlib.compress(SEPARATOR.join(blocks).encode("utf-8", "surrogatepass"), 1)


def unpacked(data: bytes) -> list[str]:
    return zlib.decompress(data).decode("utf-8", "surrogatepass").split(SEPARATOR)


def anchor_ids(blocks: list[str]) -> set[str]:
    return {i for block in blocks for i in ANCHOR_ID.findall(block)}


# A line break followed by indentation or blank lines renders exactly as one line break, except
# where white space is kept as written (pre, textarea) or may matter to code (script).
INDENTATION = re.compile(r"\n[ \t\r\n]+")  # not \s, which would also take a no-break space
VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)


def dedented(output: str) -> str:
    """The page without the indentation of the theme's templates: about 3 KB of every page,
    which shows across thousands of pages. Text renders the same; pre, textarea and script are
    untouched."""
    parts = VERBATIM.split(output)
    # split() returns text, then per match the whole element and the tag name captured inside it.
    return "".join(part if i % 3 else INDENTATION.sub("\n", part) for i, part in enumerate(parts) if i % 3 != 2)


class ThemeLoader(jinja2.FileSystemLoader):
    """The theme's loader, listing no hidden file. MkDocs lists the theme's folders at every build
    to copy their static files, and drops every hidden name ('.*', '*/.*', whatever the config)
    and every template; Material keeps 14,348 icons in templates/.icons/, which were walked and
    matched against a dozen patterns each time: a third of a rebuild under serve at 1,005
    articles. Listing them only to drop them changes nothing that is copied."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                within = os.path.relpath(folder, searchpath).replace(os.path.sep, "/")
                found.update(name if within == "." else f"{within}/{name}" for name in names if not name.startswith("."))
        return sorted(found)


class _Compiled:
    """Jinja's bytecode cache client over a dictionary. Jinja keys each entry by the template's
    name and file and checks its source's checksum, so an edited template is compiled again."""

    def __init__(self):
        self.entries: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.entries.get(key)

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self.entries[key] = value


# Lasts as long as the process (the hook file is loaded again for every rebuild under serve, this
# module once): MkDocs makes a new environment for every build, which compiled Material's
# templates again each time.
COMPILED = jinja2.MemcachedBytecodeCache(_Compiled())


def quicker_env(theme) -> None:
    """Make the theme's environment with ThemeLoader and the templates compiled before."""
    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        env.loader = ThemeLoader(env.loader.searchpath)
        env.bytecode_cache = COMPILED
        return env

    theme.get_env = get_env


# What a save does to a watched folder (not a read: inotify also reports files opened and closed,
# which every build does to docs/ and sources/ and which would start a rebuild after each).
CHANGES = [watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent, watchdog.events.FileDeletedEvent,
           watchdog.events.FileMovedEvent, watchdog.events.FileClosedEvent]


def rebuild_unless(server, ignore):
    """A watcher's handler asking `mkdocs serve` for a rebuild, as MkDocs' own does, unless
    `ignore(path)` holds for every file the event names."""
    def changed(event) -> None:
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if not event.is_directory and not all(ignore(os.fsdecode(path)) for path in paths if path):
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = changed
    return handler


def mkdocs_server(server) -> bool:
    return all(hasattr(server, name) for name in ("_rebuild_cond", "_want_rebuild", "_watch_refs", "_watched_paths", "observer"))


def watch_unless(server, folder: str, ignore) -> None:
    """MkDocs' own watcher of `folder` (its poller) made to ask for no rebuild for the files
    `ignore` names; left alone where the server is not MkDocs 1.6's."""
    path = os.path.abspath(folder)
    if mkdocs_server(server) and path in server._watch_refs:
        server.observer.unschedule(server._watch_refs[path])
        server._watch_refs[path] = server.observer.schedule(rebuild_unless(server, ignore), path, recursive=True)


def notice_at_once(server, folders: list[str], ignore=lambda path: False):
    """Tell `mkdocs serve` of a change as the kernel reports it. MkDocs polls its watched paths
    (every 0.5 s, stat()ing every file: 3,300 in docs/ alone at 1,005 articles) because inotify
    misses changes made through some virtual file systems (Docker, network mounts); its poller
    stays, so those still work at its pace. The native observer's rebuild request is the one
    MkDocs' own handler makes. Returns the observer, or None where there is no native one (or the
    server is not MkDocs 1.6's), leaving MkDocs' poller alone."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    if Observer is PollingObserver or not mkdocs_server(server):
        return None
    handler = rebuild_unless(server, ignore)
    observer = Observer()
    observer.daemon = True
    try:
        for folder in folders:
            observer.schedule(handler, os.path.realpath(folder), recursive=True, event_filter=CHANGES)
        observer.start()
    except OSError:  # no inotify watches left, for example: MkDocs' poller does the job
        return None
    return observer


def stop_polling(server, folders: list[str]) -> None:
    """MkDocs' poller no longer walks `folders`, which the kernel reports on (notice_at_once):
    it stat()ed every file there every 0.5 s, 14.9 CPU s in 30 s of an idle server at 5,005
    articles (docs/ and sources/ hold about 25,000 files), half of the two cores."""
    for path in (os.path.abspath(folder) for folder in folders):
        if mkdocs_server(server) and path in server._watch_refs:
            server.observer.unschedule(server._watch_refs.pop(path))
            server._watched_paths.pop(path, None)
