"""Titles, authors and dates drafted for the public set's pages (`archive evaluate --public`).

The set scores text only, so the expected title is the page's own headline where the page
agrees with itself: the text of one of its <h1>, its OpenGraph og:title and its JSON-LD
headline, when at least two of the three say the same (whitespace and case aside). A page
with none of the three states no headline: a title drafted there is claimed without one
(drafting from <title> alone is such a claim). A page where only one says it, or where they
disagree, is counted apart and not scored: which is right is a judgement, not a fact.

Authors and date: a page carries them when its markup states them in any of the usual
places (JSON-LD author or datePublished on any object, <meta> names and properties for an
author, creator, publication date), found here by their names, independently of what
pagemeta.py reads; the draft has them when pagemeta states them, each with its basis. An
author is a name: an Organization, an empty name, a reference to nothing on the page, the
site's Twitter account (twitter:creator) or an app banner's maker is none, nor a value
signed with another site's address (a web agency's "Medianotions, www.medianotions.de" in a
creator tag, "facebook.com/vegolosi"): ingest/pageaddress.signed_elsewhere, as pagemeta drafts;
nor a site's address alone ("tagesschau.de"): pageaddress.site_alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

AUTHOR_KEY = re.compile(r"(?:^|[:._-])(?:author|creator)s?$", re.I)
DATE_KEY = re.compile(r"publish|pub[_-]?date|date[_-]?published|issued|^date$|dc\.date|dcterms\.date|created", re.I)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ADDRESS = re.compile(r"https?://", re.I)
# Author-named tags that name no author: the site's Twitter account, and the maker of the app
# a smart banner advertises ("Jetzt in der App" on mannschaft.com).
NOT_AUTHORS = frozenset(("twitter:creator", "smartbanner:author", "smartbanner.author"))


@dataclass(frozen=True)
class TitleCheck:
    page: str
    half: str
    stated: str  # "agreed", "single", "disagreeing" or "none": what the page says its headline is
    expected: str | None  # the agreed headline
    drafted: str | None  # the title the path drafts
    authors_carried: bool = False
    authors_drafted: bool = False
    date_carried: bool = False
    date_drafted: bool = False

    @property
    def right(self) -> bool:
        return self.expected is not None and same(self.drafted, self.expected)


def same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def headline(root) -> tuple[str, str | None]:
    """(stated, the agreed headline or None) from the page's <h1>, og:title and JSON-LD headline."""
    from ..ingest.pagemeta import ARTICLE_TYPES, clean, json_ld, meta, types
    h1 = [t for t in (clean(h.text_content()) for h in root.iter("h1")) if t]
    og = meta(root, "property", "og:title")
    ld = next((clean(n.get("headline")) for n in json_ld(root) if types(n) & ARTICLE_TYPES and clean(n.get("headline"))), None)
    said = [x for x in (og, ld) if x]
    if not h1 and not said:
        return "none", None
    for value in said:  # og:title or the JSON-LD headline, with an <h1> or the other saying the same
        if any(same(value, h) for h in h1) or sum(same(value, x) for x in said) > 1:
            return "agreed", value
    return ("single", None) if len(h1) + len(said) == 1 else ("disagreeing", None)


def carried(root, site_ends: frozenset[str]) -> tuple[bool, bool]:
    """(authors, date): whether the page's markup states them anywhere usual (`site_ends`: as
    pageaddress.site_alone takes them)."""
    from ..ingest.pageaddress import address, signed_elsewhere, site_alone
    from ..ingest.pagemeta import json_ld
    nodes = json_ld(root)
    own = address(root)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    authors = any(person(n.get("author") or n.get("creator"), by_id, site_ends) for n in nodes)
    date = any(isinstance(n.get("datePublished"), str) and ISO_DAY.match(n["datePublished"]) for n in nodes)
    for el in root.iter("meta"):
        key = el.get("name") or el.get("property") or el.get("itemprop") or ""
        content = (el.get("content") or "").strip()
        if content and AUTHOR_KEY.search(key) and key.lower() not in NOT_AUTHORS \
                and not ADDRESS.match(content) and not content.startswith("@") \
                and not signed_elsewhere(content, own.value if own else None) and not site_alone(content, site_ends):  # not a handle, a site's signature or name
            authors = True
        if content and DATE_KEY.search(key) and ISO_DAY.match(content):
            date = True
    return authors, date


def person(value, by_id: dict, site_ends: frozenset[str], depth: int = 0) -> bool:
    """Whether a JSON-LD author value names someone: a name, not an Organization alone, an
    empty name or a reference to no object on the page."""
    if isinstance(value, list):
        return any(person(x, by_id, site_ends, depth) for x in value[:20])
    if isinstance(value, str):
        from ..ingest.pageaddress import site_alone
        return bool(value.strip()) and not ADDRESS.match(value.strip()) and not site_alone(value, site_ends)
    if not isinstance(value, dict) or depth > 2:
        return False
    kinds = {k.lower() for k in (value.get("@type") if isinstance(value.get("@type"), list) else [value.get("@type")]) if isinstance(k, str)}
    if "organization" in kinds and "person" not in kinds:
        return False
    if "name" not in value and isinstance(value.get("@id"), str):
        return value["@id"] in by_id and person(by_id[value["@id"]], by_id, site_ends, depth + 1)
    return person(value.get("name"), by_id, site_ends, depth + 1)


def check(page, data: bytes, drafted: str | None, facts=None, site_ends: frozenset[str] = frozenset()) -> TitleCheck:
    """The page's TitleCheck; `facts` (pagemeta.PageFacts) when the path read the saved page,
    and `site_ends` the vocabulary's (pageaddress.site_alone) that read them."""
    from ..ingest.webpage import PageError, parse
    try:
        root = parse(data, 1 << 30).root
    except PageError:
        return TitleCheck(page.name, page.half, "none", None, drafted)
    stated, expected = headline(root)
    authors, date = carried(root, site_ends) if facts is not None else (False, False)
    return TitleCheck(page.name, page.half, stated, expected, drafted, authors,
                      bool(facts and facts.authors), date, bool(facts and facts.date))


def figures(checks: list[TitleCheck]) -> dict[str, float | int]:
    """right: share of pages with an agreed headline whose drafted title is it; not_wrong: of
    those, the share whose draft is it or claims none (left to the editor: a question, not a
    wrong claim); unclaimed: share of pages stating no headline where no title is drafted;
    authors, date: share of pages carrying them whose draft has them (with their basis)."""
    agreed = [c for c in checks if c.stated == "agreed"]
    none = [c for c in checks if c.stated == "none"]
    with_authors = [c for c in checks if c.authors_carried]
    with_date = [c for c in checks if c.date_carried]
    share = lambda k, n: round(k / n, 4) if n else 1.0
    return {"agreed": len(agreed), "right": share(sum(c.right for c in agreed), len(agreed)),
            "not_wrong": share(sum(c.right or c.drafted is None for c in agreed), len(agreed)),
            "stating_none": len(none), "unclaimed": share(sum(c.drafted is None for c in none), len(none)),
            "single_or_disagreeing": len(checks) - len(agreed) - len(none),
            "carrying_authors": len(with_authors), "authors": share(sum(c.authors_drafted for c in with_authors), len(with_authors)),
            "carrying_date": len(with_date), "date": share(sum(c.date_drafted for c in with_date), len(with_date))}


FLOOR_KEYS = ("right", "not_wrong", "unclaimed", "authors", "date")


def report(checks: list[TitleCheck], halves: tuple[str, ...], metadata: bool) -> str:
    rows = [f"{'titles':<12} {'half':<9} {'agreed':>6} {'right':>6} {'not wrong':>9} {'no headline':>11} {'none claimed':>12} {'unscored':>8}"
            + (f" {'w/ authors':>10} {'drafted':>7} {'w/ date':>7} {'drafted':>7}" if metadata else "")]
    for half in (*halves, "all"):
        f = figures([c for c in checks if half == "all" or c.half == half])
        rows.append(f"{'archive':<12} {half:<9} {f['agreed']:>6} {f['right']:>6.3f} {f['not_wrong']:>9.3f} {f['stating_none']:>11} {f['unclaimed']:>12.3f} "
                    f"{f['single_or_disagreeing']:>8}" + (f" {f['carrying_authors']:>10} {f['authors']:>7.3f} {f['carrying_date']:>7} {f['date']:>7.3f}" if metadata else ""))
    return "\n".join(rows)
