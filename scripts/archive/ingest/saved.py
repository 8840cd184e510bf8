"""A file given to `archive new`, `preview` or `evaluate`, read by what it is (text, or a web
page saved by a browser, whatever its name), and a saved page kept beside its article's text.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import yaml

from ..core.article import RawArticle

if TYPE_CHECKING:
    from .derive import Derivation

# Deriving a page's text (derive.py, webpage.py and what they use) is imported where a page is
# read: a build checks saved_page_agrees() for each article it reads, a page or not (30 ms).


@dataclass(frozen=True)
class Input:
    """A file given to `archive new`, `preview` or `evaluate`, read by its content."""
    raw: RawArticle  # the text the archive reads: the file itself, or the text derived from the page
    data: bytes  # the file's own bytes
    derivation: Derivation | None = None  # set when the file is a saved web page
    facts: object = None  # pagemeta.PageFacts, then

    @property
    def region(self) -> tuple[tuple[int, ...], str, tuple[tuple[int, str], ...]] | None:
        d = self.derivation
        return (d.article, d.extractor, d.set_aside) if d else None


def read_input(reader, path, rules, data: bytes | None = None) -> Input | None:
    """The file as text or as a saved page, whatever its name; None once a problem is reported.
    `rules`: the vocabulary's ExtractionRules (the size limits); `data`: the bytes, if read."""
    from .derive import derive
    from .webpage import ALLOWED, PageError, kind
    most = max(rules.max_bytes, rules.max_page_bytes)
    try:
        data = reader.bytes(path, most) if data is None else data
    except OSError as error:  # Oversized among them: refused by its size, unread
        size = getattr(error, "size", None)
        reader.problem(path, "file", f"is {size:,} bytes; a text may have at most {rules.max_bytes:,} and a saved page "
                       f"{rules.max_page_bytes:,}" if size else error.strerror)
        return None
    what = kind(data)
    if what == "text":
        raw = reader.raw_article(path, rules.max_bytes, data=data)
        return Input(raw, data) if raw else None
    if what != "html":
        reader.problem(path, "file", f"is {what}, not text or a web page; {ALLOWED}")
        return None
    try:
        page, derivation = derive(data, rules.max_page_bytes, rules.max_bytes, rules)
    except PageError as error:
        reader.problem(path, "file", str(error))
        return None
    raw = reader.raw_article(path, rules.max_bytes, data=derivation.text.encode("utf-8"))
    if raw is None:
        return None
    from .pagemeta import facts
    notes = (*derivation.notes, f"the text is derived from the saved page by {derivation.extractor}", *raw.notes)
    return Input(replace(raw, notes=notes), data, derivation, facts(page.root, rules.site_ends))


def saved_page_agrees(reader, record_path, record, page_path) -> bool:
    """A record's source.page and the saved page beside its text tell the same story."""
    if record.page is None:
        if page_path is not None:
            reader.problem(page_path, "file", f"is a saved page but {record_path.name} names none (source.page): "
                           "remove it, or add the article again with archive new")
        return page_path is None
    if page_path is None or page_path.name != record.page.file:
        reader.problem(record_path, "source.page.file", f"{record.page.file!r} is not beside it in sources/articles/ (the saved page is kept with its derived text)")
        return False
    if hashlib.sha256(reader.bytes(page_path)).hexdigest() != record.page.sha256:
        reader.problem(record_path, "source.page.sha256", f"does not match {record.page.file}; saved pages are never edited: restore it")
        return False
    return True


def changed(folder, extraction) -> list[str]:
    """The articles in `folder` whose text the installed extractor would derive otherwise than
    the committed .txt and record say: each is a reviewed change, never a silent one.
    `extraction`: the vocabulary's ExtractionRules (the furniture boxes set aside)."""
    from .derive import derive, ranges
    from .webpage import PageError
    out = []
    for page in sorted(folder.glob("*.html")):
        record = yaml.safe_load((folder / f"{page.stem}.yml").read_text(encoding="utf-8"))
        source = (record or {}).get("source", {}).get("page") or {}
        try:
            _, derivation = derive(page.read_bytes(), 1 << 40, extraction=extraction)
        except PageError:
            out.append(page.stem)
            continue
        text = (folder / f"{page.stem}.txt").read_bytes()
        if (derivation.text.encode("utf-8") != text or ranges(derivation.article) != source.get("article_lines")
                or hashlib.sha256(text).hexdigest() != record["source"]["sha256"]):
            out.append(page.stem)
    return out
