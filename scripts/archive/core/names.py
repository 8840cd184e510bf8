"""The names of generated pages, in one place: which a slug or an id may not take, and slugs
made from names.

In every folder the renderer writes `index.md` (the folder's listing) and splits listings
into pages `<base>-page-2.md`, `-page-3.md`... (page_name, used by site/structure.py). An article slug, or an id of a
proposal, position, publisher or argument, named like one of those would replace that page
or be replaced by it; a tag page is named after the slug of its tag's name.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from slugify import slugify as _slugify

INDEX = "index"
PAGE = "-page-"
RESERVED = re.compile(rf"{INDEX}|.*{PAGE}[0-9]+")
# Ids that headings on an author's letter page take ("# Authors: A"): an author's anchor must not.
LETTER_HEADINGS = frozenset({f"authors-{c}" for c in "abcdefghijklmnopqrstuvwxyz"} | {"authors-other-initials", "authors"})


# Latin letters that NFKD does not split into a base letter and an accent.
UNDECOMPOSED = str.maketrans("łŁøØđĐ", "lLoOdD")


def author_letter(name: str) -> str:
    """The A-Z page an author is listed on: the initial of the surname (the last word), without
    accents; "other" for a surname that does not start with a Latin letter."""
    words = name.split()
    first = (words[-1] if words else name)[:1].translate(UNDECOMPOSED)
    initial = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    return initial if "a" <= initial <= "z" else "other"


def page_name(base: str, k: int) -> str:
    """The k-th page (from 1) of a listing whose first page is `<base>.md`."""
    return f"{base}.md" if k == 1 else f"{base}{PAGE}{k}.md"


def reserved(name: str) -> str | None:
    """Why a slug or id may not be used for a page of its own, or None."""
    if name == INDEX:
        return f"{INDEX} is the name of every folder's listing page"
    if RESERVED.fullmatch(name):
        return f"names ending in {PAGE}<number> are the later pages of split listings"
    return None


def slugify(text: str) -> str:
    """A lowercase ASCII slug of a name: other scripts transliterated (Cyrillic, Greek, CJK...),
    accents dropped; empty when nothing is left."""
    return _slugify(text)


# --- author names: one person, one entry -----------------------------------------------------
# Two names an editor cannot tell apart on the page must not become two authors, and two
# different names must not become one. So a name may not mix scripts within a word (a Cyrillic
# "а" in a Latin name looks the same) nor carry invisible format characters (but the joiners
# some scripts need); names equal after NFKC and case folding must be written the same way in
# every record; and different names whose slugs collide get numbered slugs (see author_slugs).

JOINERS = "\u200c\u200d"
SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "CJK": "CJK", "HANGUL": "CJK"}


def script(c: str) -> str:
    word = unicodedata.name(c, "UNKNOWN").split()[0]
    return SCRIPT_FAMILIES.get(word, word)


MAX_NAME = 120  # characters: the longest names of people and bodies in the seeds have about 60
NAME_SEPARATOR = ";"  # data/articles.csv joins an article's authors with "; "


def invisible(text: str) -> str | None:
    """What a format character other than a joiner does in a name or title (a bidi override
    reverses the rest of the line; a mark is unseen), or None."""
    for c in text:
        if unicodedata.category(c) == "Cf" and c not in JOINERS:
            return f"contains an invisible character (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}); write it without it"
    return None


def name_refused(name: str) -> str | None:
    """What is wrong with an author's name as a field's message (the name quoted), or None."""
    if len(name) > MAX_NAME:
        return f"is {len(name):,} characters; a name may have at most {MAX_NAME}"
    wrong = name_problem(name)
    return wrong and f"{name!r} {wrong}"


def name_problem(name: str) -> str | None:
    """What makes an author's name ambiguous to read, or None."""
    if wrong := invisible(name):
        return wrong.replace("write it", "write the name")
    if NAME_SEPARATOR in name:
        return (f"contains {NAME_SEPARATOR!r}, which separates authors in data/articles.csv; "
                "give each author an entry of their own")
    for word in name.split():
        scripts = list(dict.fromkeys(script(c) for c in word if c.isalpha()))
        if len(scripts) > 1:
            return (f"mixes {' and '.join(s.title() for s in scripts)} letters in one word ({word!r}): a look-alike "
                    "letter? write each word in one script")
    return None


def identity(name: str) -> str:
    """What two names that read the same share: NFKC, case folded, without format characters,
    each letter that looks like a Latin one read as that letter (so "Сосо" in Cyrillic and
    "Coco" in Latin, each in one script, are one name written two ways)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join("".join(latin_look(c) for c in folded if unicodedata.category(c) != "Cf").split())


@functools.lru_cache(maxsize=None)
def latin_look(c: str) -> str:
    """The Latin letter a letter of another script is confusable with (Unicode's confusables
    data, through confusable_homoglyphs), or the letter itself."""
    if c.isascii() or not c.isalpha():
        return c
    # Imported for the first letter that is not ASCII: loading its data took about 0.1 s of
    # every run, and most names are ASCII.
    from confusable_homoglyphs import confusables
    for found in confusables.is_confusable(c, preferred_aliases=["latin"]) or ():
        for glyph in found["homoglyphs"]:
            if glyph["c"].isascii() and glyph["c"].isalpha():
                return glyph["c"].casefold()
    return c


def author_slugs(names, taken=LETTER_HEADINGS) -> dict[str, str]:
    """A unique slug per name, the same for the same set of names: a name whose slug no other
    name has keeps it; names sharing one are numbered in the order of their code points
    (the first keeps the plain slug), skipping any slug already given."""
    groups: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        groups.setdefault(slugify(name) or "author", []).append(name)
    slugs = {group[0]: base for base, group in groups.items() if len(group) == 1 and base not in taken}
    used = set(taken) | set(slugs.values())
    for base, group in sorted(groups.items()):
        for name in group:
            if name in slugs:
                continue
            slug, k = base, 1
            while slug in used:
                k += 1
                slug = f"{base}-{k}"
            slugs[name] = slug
            used.add(slug)
    return slugs
