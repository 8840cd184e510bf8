"""A quote's link to the quoted sentence on the page it was published on: a URL text fragment
(WICG, "URL Fragment Text Directives": `#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`),
which a browser that supports it scrolls to and highlights; others open the page."""
from __future__ import annotations

import string

WORDS = 6  # a longer quote is linked by its first and last words: textStart,textEnd

# What each byte of the UTF-8 text becomes: urllib's quote() with no safe characters (as
# RFC 3986 says, ASCII letters, digits and _.~ unreserved, every other byte %XX) and '-' encoded
# too. A table read by map() does in C what quote() does a byte at a time in Python: its calls
# were a tenth of rendering the pages at 1,000 articles.
UNRESERVED = frozenset((string.ascii_letters + string.digits + "_.~").encode())
ENCODED = tuple(chr(b) if b in UNRESERVED else f"%{b:02X}" for b in range(256))


def directive_text(text: str) -> str:
    """A textStart or textEnd, percent-encoded: only ASCII letters, digits and _.~ stay as they
    are, and '-' is encoded too, because '-', ',' and '&' delimit the directive's parts (a
    prefix ends '-,', a suffix starts ',-', directives are joined by '&')."""
    return "".join(map(ENCODED.__getitem__, text.encode()))


def text_fragment(url: str, text: str) -> str:
    """The page's address with a text directive for `text` (any fragment of its own dropped:
    the directive goes after the '#')."""
    words = text.split()
    if len(words) <= 2 * WORDS:
        directive = directive_text(" ".join(words))
    else:
        directive = directive_text(" ".join(words[:WORDS])) + "," + directive_text(" ".join(words[-WORDS:]))
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


def at_source(a, text: str) -> tuple[str, str] | None:
    """(link, words) to the quoted sentence where the article's text is published: its own
    address, or the address where the same text was found (found_at); None when neither is known."""
    if a.url:
        return text_fragment(a.url, text), "on the original page"
    if a.found_at:
        return text_fragment(a.found_at.url, text), "where the same text was found"
    return None
