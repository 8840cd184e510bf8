"""Saved web pages: what a file is (by its bytes, never its name), and a page's visible text.

A saved page is hostile input. Its size is checked before it is parsed; it is parsed by lxml's
HTML parser, which fetches nothing (no network, no file: `no_network`, and HTML has no external
entities), runs no script and expands no entity declared in the page; libxml2 stops nesting at
255 levels, and a page that reaches that depth is refused rather than read in part. Its
characters come from its bytes: a byte-order mark, then the charset it declares if the bytes
agree, then detection (each noted).

The visible text is the page as a reader sees it, a block a line, as the seeds' dumps look:
what a browser does not show (scripts, styles, the head, forms' controls, hidden elements,
ruby annotations) is left out, and <noscript> is shown: no script runs here. The article within it is trafilatura's reading (region.py).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

MAX_DEPTH = 255  # libxml2's own limit: the parser silently drops what lies deeper
# Reading a page takes time per element: 900,000 took archive preview over two minutes and 1.8 GB.
MAX_ELEMENTS = 100_000
# File signatures of what is neither text nor HTML, with what to call it in the message.
SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or a Word or OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"), (b"\x1f\x8b", "a gzip-compressed file"),
    (b"{\\rtf", "an RTF document"), (b"\x7fELF", "a program"), (b"MZ", "a program"),
    (b"%!PS", "a PostScript document"), (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
)
HTML_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|title|body)\b",
                        re.I | re.S)
MARKUP_START = re.compile(rb"\s*<(?:style|script|link|base|div|section|article|header|nav|main|table|form|p|span|a|ul|ol|h[1-6])\b", re.I)
CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# WHATWG Encoding: these labels mean windows-1252 to every browser.
LATIN_PAGES = frozenset("""ascii latin_1 cp1252 cp1250 cp1254 cp1257 cp437 cp775 cp850 cp852 cp857 cp858 cp860
    cp861 cp863 cp865 iso8859_2 iso8859_3 iso8859_4 iso8859_9 iso8859_10 iso8859_13 iso8859_14 iso8859_15 iso8859_16
    mac_latin2 mac_roman mac_iceland mac_turkish hp_roman8 utf_8""".split())
BROWSER_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254"}
ALLOWED = "allowed: a plain-text dump of one article's page, or a web page saved by a browser (.html)"

SKIP = frozenset("""head script style template svg math iframe frame frameset object embed canvas
    select option datalist textarea input button audio video source track picture img map area link meta
    base dialog rt rp""".split())
BLOCK = frozenset("""address article aside blockquote body caption center dd details div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table
    tbody td tfoot th thead tr ul""".split())
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# What str.split() splits on (nothing above U+3000 is a space), each made a plain space.
SPACES = {c: " " for c in range(0x3001) if chr(c).isspace()}


class PageError(ValueError):
    """The file cannot be read as a page: the message says why and what is allowed."""


def kind(data: bytes) -> str:
    """"html", "text", or what the bytes are instead (for the one-line refusal)."""
    head = data[:4096]
    for signature, what in SIGNATURES:
        if head.startswith(signature):
            return what
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text"
    start = head.removeprefix(b"\xef\xbb\xbf")
    if HTML_START.match(start) or (b"<body" in data[:65536].lower() and b"</" in head) \
            or (MARKUP_START.match(start) and data[:65536].count(b"</") >= 3):  # a fragment saved from the devtools
        return "html"
    return "text"  # the text reader names a NUL byte's line: other binary data ends there


@dataclass(frozen=True)
class Page:
    text: str  # the decoded page
    notes: tuple[str, ...]  # how its characters were worked out
    root: object  # the parsed document (lxml.html.HtmlElement)


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """The page's characters: the byte-order mark, else the declared charset when the bytes
    agree, else UTF-8 when they are valid UTF-8, else charset detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), ("read as UTF-8 (byte-order mark)",)
    declared = None
    if m := CHARSET.search(data[:8192]):
        label = m.group(1).decode("ascii", "replace").lower()
        try:
            declared = codecs.lookup(label).name
        except LookupError:
            declared = None
        declared = BROWSER_ALIASES.get(declared, declared)
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if declared in ("utf-8", None) and utf8 is not None:
        return utf8, (("read as UTF-8 (declared)" if declared else "read as UTF-8 (no charset declared; the bytes are valid UTF-8)"),)
    if declared and declared != "utf-8" and utf8 is not None and not data.isascii():
        # A page saved as UTF-8 that kept its old declaration: the bytes are the evidence.
        return utf8, (f"read as UTF-8: the page declares {declared} but its bytes are valid UTF-8",)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), (f"read as {declared} (declared)",)
        except UnicodeDecodeError:
            pass
    if declared in ("utf-8", None):
        # A UTF-8 page with a few broken bytes (a sequence cut by a truncation): still UTF-8.
        text = data.decode("utf-8", "replace")
        broken = text.count("\ufffd") - data.count("\ufffd".encode())
        if broken <= max(3, len(data) // 10_000):
            return text, (f"read as UTF-8 ({'declared' if declared else 'by its bytes'}); {broken} invalid byte sequence(s) shown as U+FFFD",)
    from charset_normalizer import from_bytes
    best = from_bytes(data[:1_000_000]).best()
    # Browsers read an unlabelled legacy page as windows-1252; detection decides only when it
    # finds another script (Cyrillic, Greek, Arabic, East Asian): on Latin text it guesses
    # among the old code pages at random.
    guess = best.encoding if best and best.encoding not in LATIN_PAGES else "cp1252"
    said = f"declares {declared}, which its bytes do not match" if declared else "declares no charset and is not UTF-8"
    return data.decode(guess, "replace"), (f"read as {guess}: the page {said}; detected from its bytes (check accented letters)",)


def parse(data: bytes, max_bytes: int) -> Page:
    if len(data) > max_bytes:
        raise PageError(f"is {len(data):,} bytes; a saved page may have at most {max_bytes:,} (save it as 'HTML only', without its images)")
    import lxml.html
    text, notes = decode(data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses an encoding declaration in a str
    text = text.replace("\x00", "")
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                                  default_doctype=False, collect_ids=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except Exception as error:  # lxml's ParserError and its kin: a page it cannot read at all
        raise PageError(f"cannot be read as a web page ({type(error).__name__}: {str(error)[:80]}); {ALLOWED}") from None
    if depth(root) >= MAX_DEPTH - 1:
        raise PageError(f"nests elements {MAX_DEPTH} or more deep, where the parser stops reading; no saved article page does that")
    if (elements := sum(1 for _ in root.iter())) > MAX_ELEMENTS:
        raise PageError(f"has {elements:,} elements; a saved article page has at most {MAX_ELEMENTS:,} (the largest of the public set's 1,029 has 10,112)")
    return Page(text, notes, root)


def depth(root) -> int:
    deepest, stack = 0, [(root, 0)]
    while stack:
        el, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in el)
    return deepest


def hidden(el) -> bool:
    return el.get("hidden") is not None or bool(HIDDEN_STYLE.search(el.get("style") or ""))


@dataclass(frozen=True)
class Block:
    text: str  # whitespace collapsed, never empty
    linked: int  # how many of its characters are the text of links
    element: object = field(default=None, compare=False, repr=False)  # the element its first words are in


def collapsed(text: str) -> str:
    """`" ".join(text.split())` without a list of every word: a paragraph of a million words
    made 130 MB of word objects (split, or re.sub's pieces) where this makes two strings.
    A block of ordinary size is split: translate() takes a third longer over a whole page."""
    if len(text) < 100_000:
        return " ".join(text.split())
    text = text.translate(SPACES)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def visible_blocks(root) -> list[Block]:
    """The page's visible text, a block a line, in reading order."""
    blocks: list[Block] = []
    parts: list[tuple[str, bool, object]] = []  # (text, inside a link, the element it is in)

    def flush() -> None:
        text = collapsed("".join(t for t, _, _ in parts))
        if text:
            owner = next(el for t, _, el in parts if t.strip())
            blocks.append(Block(text, min(len(text), sum(len(t.strip()) for t, linked, _ in parts if linked)), owner))
        parts.clear()

    # A stack, not recursion: ("open", el, linked) enters an element, ("shut", el, _) leaves it,
    # ("tail", el, linked) is the text after it in its parent (linked: inside a link).
    body = root.find("body")
    top = body if body is not None else root
    stack = [("tail", top, False), ("open", top, False)]  # text after </body>: a browser shows it too
    while stack:
        step, el, linked = stack.pop()
        if step == "tail":
            parts.append((el.tail or "", linked, el.getparent()))
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else None  # None: a comment or entity
        if step == "shut":
            if tag in BLOCK:
                flush()
            continue
        if tag is None or tag in SKIP or hidden(el):
            continue
        if tag in BLOCK or tag == "br":
            flush()
        inner = linked or (tag == "a" and el.get("href") is not None)
        parts.append((el.text or "", inner, el))
        stack.append(("shut", el, inner))
        for child in reversed(el):
            stack.append(("tail", child, inner))
            stack.append(("open", child, inner))
    flush()
    return blocks


def dump_text(blocks: list[Block]) -> str:
    """Blocks as a dump: a block a line, blank lines between, as the seeds look."""
    return "".join(f"{b.text}\n\n" for b in blocks).removesuffix("\n")


def dump(data: bytes, max_bytes: int) -> str:
    """A saved page as the visible-text dump an editor copies out of a browser: what `archive
    new` derives from a saved page, and what the public set's text path is scored on.
    Raises PageError for what parse() refuses."""
    return dump_text(visible_blocks(parse(data, max_bytes).root))
