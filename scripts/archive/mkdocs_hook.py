"""MkDocs hook: the archive's link between the normaliser and MkDocs/Material.

- runs the normaliser before every build; `mkdocs build` fails on bad sources, while
  `mkdocs serve` reports them and keeps serving the last good pages;
- watches sources/ while serving;
- escapes frontmatter values that Material prints into HTML unescaped;
- lets search find words with diacritics when typed without them ("Kaczynski");
- saves work that changes nothing in the output: the navigation list and search dialog are
  rendered once, HTML blocks skip Markdown, search skips the parts it leaves out anyway.
"""
from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

from archive.cli import Paths, build
from archive.model import Problems
from archive.read import Reader

log = logging.getLogger("mkdocs.hooks.archive")
_command = "build"

# Material prints these meta values with no escaping (titles in <title>, the header and the
# search results, description and author in attributes, tags in tag links).
ESCAPED_META = ("title", "description", "author", "authors", "tags")


def on_startup(command, dirty):
    global _command
    _command = command


def root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    # The allowed tags are the vocabulary's names: a tag outside it fails the build.
    tags = config.plugins.get("material/tags")
    if tags is not None:
        sources = root(config) / "sources"
        voc = Reader(sources).vocabulary(sources)
        tags.config.tags_allowed = [escape(x.name) for x in (*voc.positions, *voc.proposals)]
    return config


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


def on_files(files, config):
    # The raw page dumps are published as they are, straight from sources/: a copy in docs/
    # would store every article twice in the repository.
    for path in sorted((root(config) / "sources" / "articles").glob("*.txt")):
        files.append(File.generated(config, f"raw/{path.name}", abs_src_path=str(path)))
    return files


def on_serve(server, config, builder):
    server.watch(str(root(config) / "sources"))
    return server


# The navigation's item list of the pages outside the navigation, by folder (see
# docs/overrides/partials/nav.html); emptied at every build, so serve never shows a stale one.
_navigation: dict[str, str] = {}


def on_env(env, config, files):
    _navigation.clear()
    env.globals["archive_nav"] = _navigation
    return env


# Material's search parses each page's HTML in Python, the parts it leaves out of the index too:
# an article's arguments, citations, record and removed lines, an index page's listings. That
# was a sixth of the build at 1,000 articles. So search reads a view of the page without them:
# a heading marked data-search-exclude up to the next heading that is not, and a listing.
SEARCH_EXCLUDED = re.compile(
    r"<h[1-6]\b[^>]*\sdata-search-exclude\b.*?(?=<h[1-6]\b(?![^>]*\sdata-search-exclude\b)|\Z)"
    r"|<(ul|table) data-search-exclude>.*?</\1>", re.S)
_whole_content: dict[str, str] = {}


def search_view(content: str) -> str:
    return SEARCH_EXCLUDED.sub("", content)


@event_priority(50)  # before the search plugin indexes the page
def _search_reads_its_view(context, page, config, nav):
    _whole_content[page.file.src_uri] = page.content
    page.content = search_view(page.content)
    return context


@event_priority(-50)  # after the search plugin, before the template renders the whole page
def _page_gets_its_whole_content(context, page, config, nav):
    page.content = _whole_content.pop(page.file.src_uri)
    # Pages outside the navigation make no item active, and Material's links are relative to
    # the page's folder: so their lists are the same for every page in one folder.
    folder = page.url.rpartition("/")[0]
    context["nav_key"] = None if any(item.active for item in nav.items) else f"folder:{folder}"
    return context


on_page_context = CombinedEvent(_search_reads_its_view, _page_gets_its_whole_content)


def escape(value):
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [escape(x) for x in value]
    return value


# An HTML block of the normaliser's pages: a line that opens a div, list or table, up to the line
# that closes it, between blank lines. Markdown passes such a block through as it is, but first
# parses it twice (its own HTML block scan, then MkDocs' scan for anchor ids): about a sixth of
# the build. So the block sits out the conversion and comes back into the HTML unchanged.
HTML_BLOCK = re.compile(r"(?:(?<=\n\n)|\A)<(div|ul|table)\b[^>\n]*>\n.*?\n</\1>(?=\n\n|\n?\Z)", re.S)
PLACEHOLDER = "<!--archive-html-block-{}-->"
PLACED = re.compile(r"<!--archive-html-block-(\d+)-->")
ANCHOR_ID = re.compile(r'\bid="([^"]+)"')  # the normaliser's attributes are always double-quoted
_blocks: dict[str, list[str]] = {}


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


@event_priority(100)  # before the tags plugin reads the tags
def on_page_markdown(markdown, page, config, files):
    for key in ESCAPED_META:
        if key in page.meta:
            page.meta[key] = escape(page.meta[key])
    markdown, _blocks[page.file.src_uri] = set_aside(markdown)
    return markdown


@event_priority(100)  # before any other plugin sees the content
def on_page_content(content, page, config, files):
    blocks = _blocks.pop(page.file.src_uri, [])
    if not blocks:
        return content
    # MkDocs checks links to anchors against the ids it found in the page's HTML.
    page.present_anchor_ids = (page.present_anchor_ids or set()) | {
        i for block in blocks for i in ANCHOR_ID.findall(block)}
    return put_back(content, blocks)


# A line break followed by indentation or blank lines renders exactly as one line break, except
# where white space is kept as written (pre, textarea) or may matter to code (script).
INDENTATION = re.compile(r"\n[ \t\r\n]+")  # not \s, which would also take a no-break space
VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)


def on_post_page(output, page, config):
    """Drop the indentation of the theme's templates: about 3 KB of every page, which shows
    across thousands of pages. Text renders the same; pre, textarea and script are untouched."""
    parts = VERBATIM.split(output)
    # split() returns text, then per match the whole element and the tag name captured inside it.
    return "".join(part if i % 3 else INDENTATION.sub("\n", part) for i, part in enumerate(parts) if i % 3 != 2)


WORD = re.compile(r"\w+")
ACCENTED = re.compile(r"[^\W\x00-\x7f]")  # a letter (or digit) outside ASCII
TAG = re.compile(r"<[^>]+>")
# Letters that carry no combining mark to drop, so NFKD alone does not fold them.
FOLD = str.maketrans("łŁøØđĐßæÆœŒ", "lLoOdDsaAoO")


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word).translate(FOLD)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@event_priority(-50)  # after the search plugin writes its index, before the offline plugin inlines it
def on_post_build(config):
    """Index each page's words with diacritics a second time, folded, in a field of their own,
    so a search for "Kaczynski" finds "Kaczyński". The displayed text is unchanged."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        text = doc.get("title", "") + " " + doc.get("text", "")
        if not ACCENTED.search(text):
            continue  # most sections: no letter outside ASCII, nothing to fold
        words = set(WORD.findall(TAG.sub(" ", text)))
        folded = sorted({fold(w) for w in words if not w.isascii()} - {w.lower() for w in words})
        if folded:
            doc["folded"] = " ".join(folded)
    index["config"].setdefault("fields", {}).setdefault("folded", {"boost": 1.0})
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
