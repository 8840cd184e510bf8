"""Lines whose words are written in two scripts at once, in any language.

Advertising and spam swap Latin letters for look-alikes from Cyrillic or Greek ("Аdvеrtіѕе
wіth uѕ", with a Cyrillic А, е, і, ѕ) so that filters do not read them; an article's own text is
written in one script a word, whatever its language (Ukrainian naming "NATO" keeps the two
apart). A line of a saved page's article with MIXED_WORDS such words or more is set aside with
that evidence; in a text dump, such a line inside the article's region is taken out as an
advertisement (clean.arrange). On the public set's tune half: 2 lines of its 106,474 hold such
words, an advertising offer kept with an article's text (2 junk segments) and a spam comment.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIXED_WORDS = 2  # one word may be a typing slip; two are written so on purpose
WORD = re.compile(r"[^\W\d_]+")
# Anything but Latin letters and the punctuation set with them: where a line has none, no word in
# it can mix scripts, and most lines of a page in a Latin-written language are let past in C.
BEYOND_LATIN = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20ac]")
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")  # the alphabets whose letters look alike


@lru_cache(maxsize=4096)
def script(letter: str) -> str | None:
    name = unicodedata.name(letter, "")
    return next((s for s in SCRIPTS if name.startswith(s + " ")), None)


def mixed(word: str) -> bool:
    return len({s for c in word if (s := script(c))}) > 1


def obfuscated(blocks, article: list[int]) -> dict[int, str]:
    """The blocks of `article` (indices into `blocks`) with MIXED_WORDS words or more that mix
    scripts, each with its evidence."""
    out: dict[int, str] = {}
    for i in article:
        text = blocks[i].text
        if text.isascii() or not BEYOND_LATIN.search(text):
            continue
        words = [w for w in WORD.findall(text) if not w.isascii() and mixed(w)]
        if len(words) >= MIXED_WORDS:
            scripts = sorted({script(c) for c in words[0] if script(c)})
            out[i] = (f"{len(words)} words written in two scripts at once ({words[0]!r}: "
                      f"{' and '.join(s.title() for s in scripts)} letters), as advertising and spam write "
                      f"to get past filters: not the article's text, though the extractor kept it")
    return out
