"""Read stage: raw article bytes into normalised lines, YAML sources into validated data.

The reader is put together from one module per concern: `sources` (only regular files),
`yamlfile` (budgets before parsing), `texts` (the one place characters are cleaned),
`fields` (checking mappings), `vocab` (vocabularies and rules) and `records` (a record).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .fields import INVALID, PLACEHOLDER, SLUG  # noqa: F401 (used by draft.py and tests)
from ..core.article import Line, RawArticle
from ..core.names import reserved
from .records import DATE_EXAMPLES, DATE_FORMS, RecordReader  # noqa: F401
from .sources import Oversized, read_bytes, snapshot  # noqa: F401
from ..core.texts import (  # noqa: F401
    CONTROLS, INVISIBLE, INVISIBLE_NOTE, LINE_BREAKS, NONCHARACTER_NOTE, NONCHARACTERS, SPACES, has_noncharacters, normalise,
)
from .vocabularies import SHAPES, VocabularyReader  # noqa: F401
from .yamlfile import YAML_HINT, Refused, bad_date, load  # noqa: F401

MAX_SLUG = 100  # characters: a page's file name is the slug plus ".html", well within a file system's 255 bytes
RULE_KINDS_FILE = "boilerplate/kinds.yml"
FRONTMATTER = re.compile(r"---\n(.*?\n)---\n", re.S)  # as python-frontmatter (and MkDocs) find it
# The longest page dump seen has a few hundred lines; a file of a hundred thousand is not one
# article, and cleaning it would take seconds (time grows with the lines, not the bytes).
MAX_LINES = 100_000


def slug_refused(slug: str) -> str | None:
    """Why a well-formed slug cannot name an article (as `check` and `new --slug` say it), or None."""
    if why := reserved(slug):
        return f"the slug {slug!r} is reserved: {why}"
    if len(slug) > MAX_SLUG:
        return f"the slug is {len(slug)} characters; at most {MAX_SLUG} are allowed"
    return None


def too_long(size: str, most: int) -> str:
    return f"{size}; an article may have at most {most:,} (is this really one article?)"


class Reader(RecordReader, VocabularyReader):
    """Collects every problem instead of stopping at the first."""

    def raw_article(self, path: Path, max_bytes: int, max_lines: int = MAX_LINES, data: bytes | None = None) -> RawArticle | None:
        """`data`: the text when it is not the file's bytes (derived from a saved page)."""
        try:
            data = self.bytes(path, max_bytes) if data is None else data
        except Oversized as error:
            self.problem(path, "file", too_long(f"is {error.size:,} bytes", max_bytes))
            return None
        except OSError as error:
            self.problem(path, "file", error.strerror)
            return None
        slug = path.stem
        if not SLUG.fullmatch(slug):
            self.problem(path, "file name", "the slug must be lowercase letters, digits and single hyphens (e.g. my-article.txt)")
        elif why := slug_refused(slug):
            self.problem(path, "file name", f"{why}; choose another file name")
        if len(data) > max_bytes:
            self.problem(path, "file", too_long(f"is {len(data):,} bytes", max_bytes))
            return None
        if (n := data.count(b"\n") + (not data.endswith(b"\n"))) > max_lines:  # before the cleaning that takes time per line
            self.problem(path, "file", too_long(f"has {n:,} lines", max_lines))
            return None
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            self.problem(path, f"line {line}", "contains NUL bytes: this looks like binary data, not text; save the article as plain UTF-8 text")
            return None
        text, notes = self.decode(path, data)
        if text is None:
            return None
        # normalise() line by line, in one pass over the file: NFC never joins across a line feed.
        if INVISIBLE_NOTE in notes:
            text = INVISIBLE.sub("", text)
        if NONCHARACTER_NOTE in notes:
            text = NONCHARACTERS.sub("", text)
        text = unicodedata.normalize("NFC", text)
        if CONTROLS.search(text):
            text = CONTROLS.sub(" ", text)
        lines = tuple(Line(n, t) for n, t in enumerate((" ".join(s.split()) for s in text.split("\n")), 1) if t)
        if not lines:
            self.problem(path, "file", "has no text (it is empty or only whitespace)")
            return None
        return RawArticle(slug, str(path), hashlib.sha256(data).hexdigest(), len(data), lines, notes)

    def decode(self, path: Path, data: bytes) -> tuple[str | None, tuple[str, ...]]:
        notes = []
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            notes.append("removed a UTF-8 byte-order mark")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            byte = data[error.start]
            hint = " (it looks like Windows-1252 or Latin-1: convert it, e.g. iconv -f cp1252 -t utf-8)" if 0x80 <= byte <= 0xFF else ""
            self.problem(path, f"line {line}", f"is not valid UTF-8: byte 0x{byte:02x} at offset {error.start}{hint}; only UTF-8 text is allowed")
            return None, ()
        breaks = LINE_BREAKS.search(text)
        if breaks:
            notes.append("normalised line endings (CR, CRLF or Unicode separators) to LF")
        if text != unicodedata.normalize("NFC", text):
            notes.append("normalised Unicode to NFC")
        if any(c in text for c in "\u200b\u2060\ufeff\u00ad"):
            notes.append(INVISIBLE_NOTE)
        if has_noncharacters(text):
            notes.append(NONCHARACTER_NOTE)
        return LINE_BREAKS.sub("\n", text) if breaks else text, tuple(notes)

    def not_sources(self, tree, folder: Path) -> None:
        """Report what `tree` (sources.snapshot) found that is no source: a link, a device, a
        folder inside sources/articles/ (`folder`)."""
        for path, what in tree.others:
            self.problem(path, "file", f"{what}; only regular files are sources (copy the file in, do not link it)")
        for path in tree.folders:
            if path.parent == folder:
                self.problem(path, "folder", "is a folder; sources/articles/ holds only files (.txt articles and .yml records)")

    def article_files(self, folder: Path) -> tuple[dict[str, Path], dict[str, Path], dict[str, Path]]:
        """sources/articles/'s raw texts, records and saved pages, each by its slug; what does
        not pair up or belong there reported."""
        files = self.listing(folder)
        raws = {p.stem: p for p in files if p.suffix == ".txt"}
        records = {p.stem: p for p in files if p.suffix == ".yml"}
        for stem in sorted(set(raws) - set(records)):
            self.problem(raws[stem], "file", f"has no editorial record: create {stem}.yml beside it (archive new drafts one)")
        for stem in sorted(set(records) - set(raws)):
            self.problem(records[stem], "file", f"is a record with no raw article: {stem}.txt is missing")
        lowered = {}
        for stem in raws:
            if stem.lower() in lowered:
                self.problem(raws[stem], "file name", f"has the same slug as {lowered[stem.lower()].name}; slugs must be unique")
            lowered[stem.lower()] = raws[stem]
        pages = {p.stem: p for p in files if p.suffix == ".html"}
        for stem in sorted(set(pages) - set(raws)):
            self.problem(pages[stem], "file", f"is a saved page without its derived text {stem}.txt; add a page with archive new, which derives it")
        for other in (p for p in files if p.suffix not in (".txt", ".yml", ".html")):
            self.problem(other, "file", "is not an article (.txt), a saved page it was derived from (.html) or a record (.yml); "
                                        "only those belong in sources/articles/")
        return raws, records, pages

    def home(self, path: Path) -> str | None:
        """The home page's Markdown, cleaned like every other text; None once reported."""
        from ..core.texts import clean
        try:
            text = self.text(path, "home.md") if path.exists() or path.is_symlink() else "# Argument archive\n"
        except OSError as error:
            self.problem(path, "file", error.strerror)
            return None
        if text is not None and (front := FRONTMATTER.match(text)):
            try:  # MkDocs reads it; what it would silently drop or misread is refused here
                load("\n" + front[1])  # the opening --- as an empty line: line numbers are the file's
            except Refused as refused:
                self.problem(path, refused.where, refused.message)
                return None
        return None if text is None else clean(text)
