"""Text as it enters the archive: every string read from a source passes through here once.

`clean()` is the one boundary for characters no output format may carry: XML 1.0 (the feed,
the timeline) forbids C0 controls, lone surrogates and U+FFFE/U+FFFF; HTML and CSV readers
choke on them too. `normalise()` adds what every compared or rendered text gets: NFC, no
invisible characters, single spaces.
"""
from __future__ import annotations

import re
import unicodedata

# Invisible characters that carry no text; joiners (U+200C/U+200D) do carry meaning in
# some scripts and emoji, so they stay.
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
INVISIBLE_NOTE = "removed invisible characters (zero-width space, word joiner, soft hyphen)"
# A word that could be one of our articles' slugs (vocabularies cite articles by slug).
SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")
LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x85")
SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x00-\x1f\x7f-\x9f]+")
# The control characters in SPACES that str.split() does not count as whitespace: with them
# made spaces, " ".join(line.split()) collapses a line as SPACES does, several times faster.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# Unicode's non-characters (U+FDD0..U+FDEF and the last two code points of every plane) and
# lone surrogates (a YAML escape such as "\ud800" makes one): never text, never encodable.
NONCHARACTERS = re.compile("[\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
                           + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17))
                           + "]")
NONCHARACTER_NOTE = "removed non-characters (such as U+FFFE, U+FFFF)"
# Searching for that exact set is slow (about 0.4 ms for a 10 KB article: the class of astral
# characters); this finds every candidate six times faster: the BMP ones exactly, and any
# character from U+1FFFE up, which the exact set then confirms.
CANDIDATES = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]|[\U0001fffe-\U0010ffff]")
# Controls a text read from YAML may not keep: all C0 but tab and line feed, DEL, all C1.
YAML_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# C0 and C1 controls, DEL and the Unicode line and paragraph separators: what breaks a line
# or acts rather than shows, wherever source text is written out.
_BREAKING = "\x00-\x1f\x7f-\x9f\u2028\u2029"
# The bidi marks, embeddings, overrides and isolates: they reorder what follows them.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# A run of breaking controls: one space in a page's Markdown (site.markup). The page keeps the
# bidi characters, which an article's own right-to-left names may need.
CONTROL_RUNS = re.compile(f"[{_BREAKING}]+")
# A run of breaking or bidi controls: one space in a line shown on its own, out of the page's
# context (a search result, exports.search), where a stray override would reorder the line.
LINE_CONTROL_RUNS = re.compile(f"[{_BREAKING}{_BIDI}]+")
# What a terminal acts on rather than shows: C0 and C1 controls (escape sequences set the
# window's title or clear the screen; a line feed forges a second line), DEL, and the bidi
# and line-separator characters that reorder or break what follows them.
TERMINAL_CONTROLS = re.compile(f"[{_BREAKING}{_BIDI}]")


def terminal(text: str) -> str:
    """Text as printed to a terminal: each control written as Python writes it in a string,
    \\x1b, \\n, \\u202e, so a file name or a line of an article cannot drive the terminal."""
    return TERMINAL_CONTROLS.sub(lambda m: repr(m[0])[1:-1], text)


def has_noncharacters(text: str) -> bool:
    return CANDIDATES.search(text) is not None and NONCHARACTERS.search(text) is not None


def clean(text: str) -> str:
    """A string from a YAML source, with non-characters removed and controls made spaces
    (line feeds and tabs stay: a block scalar's lines are the editor's)."""
    if has_noncharacters(text):
        text = NONCHARACTERS.sub("", text)
    if YAML_CONTROLS.search(text):
        text = YAML_CONTROLS.sub(" ", text)
    return text


def cleaned(value):
    """Every string in a loaded YAML document (keys too), cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [cleaned(v) for v in value]
    if isinstance(value, dict):
        return {cleaned(k): cleaned(v) for k, v in value.items()}
    return value


def normalise(text: str) -> str:
    """The whitespace and Unicode normalisation every compared or rendered text gets."""
    if has_noncharacters(text):
        text = NONCHARACTERS.sub("", text)
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", text))
    return SPACES.sub(" ", text).strip()
