"""A saved web page as the visible-text dump an editor copies out of a browser.

For measuring the text path on pages saved as HTML (the public evaluation set): each page is
turned into what the seeds and the development set are, the page's visible text with one
block a line (the reader drops the blank lines between them). lxml's HTML parser (libxml2)
reads the markup; the text is walked out the way a browser's innerText lays it out: block
elements (paragraphs, headings, list items, table rows, divisions) start a new line, inline
elements run on, and what a browser does not show (head, scripts, styles, templates, hidden
elements) is left out. trafilatura's html2txt was not used: it joins the whole page into one
line, so no block would be a paragraph.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

BLOCKS = frozenset("""address article aside blockquote body br caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol
    p pre section summary table tbody tfoot thead tr ul""".split())
CELLS = frozenset(("td", "th"))
UNSEEN = frozenset("""head script style noscript template svg math iframe object embed canvas select
    datalist audio video map title meta link""".split())
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode(data: bytes) -> str:
    """The page's characters: UTF-8 when it is valid UTF-8, else the charset its meta tag
    names, else Windows-1252 (what browsers assume for an unlabelled page)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    named = CHARSET.search(data[:4096])
    for encoding in ((named[1].decode("ascii"),) if named else ()) + ("cp1252",):
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            continue
    return data.decode("latin-1")


def hidden(element) -> bool:
    return (element.get("hidden") is not None or element.get("aria-hidden") == "true" and element.tag in BLOCKS
            or bool(HIDDEN_STYLE.search(element.get("style") or "")) or element.get("type") == "hidden")


def dump(data: bytes) -> str:
    """The visible text of an HTML page, a block a paragraph, blank lines between blocks."""
    text = XML_DECLARATION.sub("", decode(data))
    if not text.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return ""
    blocks: list[str] = []
    current: list[str] = []

    def close() -> None:
        line = " ".join("".join(current).split())
        if line:
            blocks.append(line)
        current.clear()

    def edge(tag: str | None) -> None:
        """Where an element begins or ends: a block ends the line, a table cell a word."""
        if tag in BLOCKS:
            close()
        elif tag in CELLS:
            current.append(" ")

    # A stack, not recursion: a page nests as deep as it likes. ("open", e) enters an element,
    # ("shut", e) leaves it, ("tail", e) is the text after it in its parent.
    def walk(top) -> None:
        stack = [("open", top)]
        while stack:
            step, element = stack.pop()
            if step == "tail":
                current.append(element.tail)
                continue
            tag = element.tag.lower() if isinstance(element.tag, str) else None
            if step == "shut":
                edge(tag)
                continue
            if tag is None or tag in UNSEEN or hidden(element):
                continue  # comments, processing instructions and what a browser does not show
            edge(tag)
            if element.text:
                current.append(element.text)
            stack.append(("shut", element))
            for child in reversed(element):
                if child.tail:
                    stack.append(("tail", child))
                stack.append(("open", child))

    body = root.find("body")
    walk(body if body is not None else root)
    close()
    return "\n\n".join(blocks) + "\n" if blocks else ""
