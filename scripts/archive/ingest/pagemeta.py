"""What a saved page says about itself: title, authors, date, address, publisher, standfirst.

Each fact carries its basis, the element it was read from ("the page's JSON-LD
datePublished"), so the draft states where every value comes from. Sources in order of
trust: the article's JSON-LD (schema.org), then OpenGraph and the citation_* tags, then the
plain <meta> tags, <link rel=canonical> and <title>. Nothing is fetched: a value that is only
an address (an author's profile page) is not a name and is not used.
"""
from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass

ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "opinionnewsarticle", "reportagenewsarticle",
                 "analysisnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "scholarlyarticle",
                 "report", "posting", "socialmediaposting", "liveblogposting", "techarticle"}
MAX_JSON = 1_000_000  # characters of one JSON-LD block: more is no page's metadata
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?!\d)")  # "2018-11-28CET11:59" is that day too
# <meta> keys that name a publication date in tags of no common standard (shareaholic's
# article_published_time, Webtrends' DCSext.articleFirstPublished, sw-pubdate), or the day the
# page was made (schema.org's dateCreated): read last, where nothing else dates the page.
PUBLISHED_KEY = re.compile(r"publish|pub-?date|pub_date|date\.issued|(?:^|[:.])(?:date)?created$", re.I)
VENDOR_AUTHOR = re.compile(r"^(?!twitter|smartbanner)\w+[:.]author$", re.I)
READ_KEYS = {"article:published_time", "og:article:published_time", "citation_publication_date", "dc.date.issued", "parsely-pub-date"}
ADDRESS = re.compile(r"https?://\S+$")


@dataclass(frozen=True)
class Fact:
    value: str | tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class PageFacts:
    title: Fact | None = None
    standfirst: Fact | None = None
    authors: Fact | None = None  # value: the names
    date: Fact | None = None  # value: EDTF
    url: Fact | None = None
    publisher: Fact | None = None  # value: the publisher's name as the page gives it
    dates_seen: tuple[Fact, ...] = ()  # every publication date the page states, for the hints
    # Whether the page states a headline (an <h1>, og:title, a JSON-LD headline or citation_title):
    # where it does not, `title` is its <title> at best, and no title is claimed from it.
    headline_stated: bool = True


def clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def json_ld(root) -> list[dict]:
    """The page's schema.org objects, flattened out of lists and @graph."""
    out: list[dict] = []

    def walk(node, depth: int = 0) -> None:
        if depth > 8 or len(out) > 200:
            return
        if isinstance(node, list):
            for x in node[:200]:
                walk(x, depth + 1)
        elif isinstance(node, dict):
            out.append(node)
            walk(node.get("@graph"), depth + 1)
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        if len(script.text) > MAX_JSON:
            continue
        try:
            walk(json.loads(script.text))
        except (ValueError, RecursionError):
            continue  # a broken block says nothing we could trust
    return out


def types(node: dict) -> set[str]:
    t = node.get("@type")
    return {x.lower() for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)}


def names(value, nodes: dict | None, site_ends: frozenset[str]) -> tuple[str, ...]:
    """Person names in a JSON-LD author value (a string, an object or a list of either);
    `nodes`: the page's objects by @id, for an author given as a reference ({"@id": ...} to
    a Person elsewhere in the @graph, as WordPress's Yoast writes it); `site_ends`: as
    pageaddress.site_alone takes them."""
    from .pageaddress import site_alone  # it reads the page's metadata with this module's helpers
    items = value if isinstance(value, list) else [value]
    out = []
    for x in items[:20]:
        if isinstance(x, dict) and "name" not in x and isinstance(x.get("@id"), str):
            x = (nodes or {}).get(x["@id"], x)
        if isinstance(x, dict):
            if "organization" in types(x) and "person" not in types(x):  # Yoast types a site's owner both
                continue
            x = x.get("name")
        for name in map(clean, x if isinstance(x, list) else [x]):
            if name and not ADDRESS.match(name) and not site_alone(name, site_ends) and name not in out:
                out.append(name)
    return tuple(out)


def day(value: str | None) -> str | None:
    """The day an ISO 8601 timestamp states, as written (its own time zone's day)."""
    m = ISO_DAY.match(value or "")
    if not m:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def meta(root, attribute: str, key: str) -> str | None:
    for el in root.iter("meta"):
        if (el.get(attribute) or "").strip().lower() == key:
            if value := clean(el.get("content")):
                return value
    return None


def tag(root, key: str) -> str | None:
    """A <meta> tag's content by its key, as name= or property= (pages write either)."""
    return meta(root, "name", key) or meta(root, "property", key)


def kind(node: dict) -> str:
    return next((t for t in (node.get("@type") if isinstance(node.get("@type"), list) else [node.get("@type")])
                 if isinstance(t, str)), "object")


def facts(root, site_ends: frozenset[str]) -> PageFacts:
    """`site_ends`: the vocabulary's extraction.site_ends (pageaddress.site_alone)."""
    from .pageaddress import address, signed_elsewhere, site_alone  # it reads the page's metadata with this module's helpers
    nodes = json_ld(root)
    article = next((n for n in nodes if types(n) & ARTICLE_TYPES), None) or {}
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    pick = lambda *candidates: next((Fact(v, b) for v, b in candidates if v), None)
    publisher = article.get("publisher")
    title_tag = next((clean(t.text_content()) for t in root.iter("title")), None)
    dates = [Fact(d, f"the page's {where} ({raw})") for raw, where in (
        (clean(article.get("datePublished")), "JSON-LD datePublished"),
        (meta(root, "property", "article:published_time"), "OpenGraph article:published_time"),
        (meta(root, "name", "citation_publication_date"), "citation_publication_date tag"),
        (meta(root, "itemprop", "datepublished"), "itemprop datePublished"),
        (meta(root, "name", "date"), "<meta name=date>"),
        (tag(root, "dc.date.issued") or tag(root, "dcterms.date"), "Dublin Core date"),
    ) if raw and (d := day(raw))]
    # Less usual places, read only where the usual ones say nothing: the WebPage object that
    # WordPress's Yoast dates instead of an Article (or a Recipe, a forum post, a radio
    # episode), and other sites' own tags.
    other = next((n for n in nodes if n is not article and day(clean(n.get("datePublished")))), {})
    dates = dates or [Fact(d, f"the page's {where} ({raw})") for raw, where in (
        (clean(other.get("datePublished")), f"JSON-LD {kind(other)} datePublished"),
        (tag(root, "og:article:published_time") or meta(root, "name", "article:published_time"), "article:published_time tag"),
        (tag(root, "dc.date"), "Dublin Core date"),
        (meta(root, "name", "parsely-pub-date"), "<meta name=parsely-pub-date>"),
        *published_tags(root),
    ) if raw and (d := day(raw))]
    authors = names(article.get("author") or article.get("creator"), ids, site_ends)
    by = next((n for n in nodes if n is not article and names(n.get("author"), ids, site_ends)), {})
    own = address(root, article)
    tag_authors = tuple((a, basis) for a, basis in author_tags(root) if a and not ADDRESS.match(a) and not a.startswith("@")
                        and not signed_elsewhere(a, own.value if own else None) and not site_alone(a, site_ends))
    citation = tuple(clean(el.get("content")) for el in root.iter("meta")
                     if (el.get("name") or "").lower() == "citation_author" and clean(el.get("content")))
    return PageFacts(
        title=pick((clean(article.get("headline")), "the page's JSON-LD headline"),
                   (meta(root, "property", "og:title"), "the page's OpenGraph og:title"),
                   (meta(root, "name", "citation_title"), "the page's citation_title tag"),
                   (title_tag, "the page's <title>")),
        standfirst=pick((clean(article.get("description")), "the page's JSON-LD description"),
                        (meta(root, "property", "og:description"), "the page's OpenGraph og:description"),
                        (meta(root, "name", "description"), "the page's <meta name=description>")),
        authors=pick((authors, "the page's JSON-LD author"), (citation, "the page's citation_author tags"),
                     (names(by.get("author"), ids, site_ends), f"the page's JSON-LD {kind(by)} author"),
                     (tuple(a for a, _ in tag_authors[:1]), tag_authors[0][1] if tag_authors else "")),
        date=agreed(dates),
        url=own,
        publisher=pick((clean(publisher.get("name")) if isinstance(publisher, dict) else None, "the page's JSON-LD publisher name"),
                       (meta(root, "property", "og:site_name"), "the page's OpenGraph og:site_name"),
                       (meta(root, "name", "citation_publisher"), "the page's citation_publisher tag"),
                       (meta(root, "name", "application-name"), "the page's <meta name=application-name>")),
        dates_seen=tuple(dates),
        headline_stated=bool(clean(article.get("headline")) or meta(root, "property", "og:title")
                             or meta(root, "name", "citation_title") or any(clean(h.text_content()) for h in root.iter("h1"))),
    )


def author_tags(root) -> list[tuple[str | None, str]]:
    """The author <meta> tags pages use, with their basis, in order of trust."""
    return [(meta(root, "name", "author"), "the page's <meta name=author>"),
            (meta(root, "property", "article:author"), "the page's OpenGraph article:author"),
            (meta(root, "itemprop", "author"), "the page's <meta itemprop=author>"),
            (next((tag(root, k) for k in ("dc.creator", "dcterms.creator", "dc:creator", "dcterms:creator") if tag(root, k)), None),
             "the page's Dublin Core creator"),
            (meta(root, "name", "parsely-author"), "the page's <meta name=parsely-author>"),
            (tag(root, "dc.author"), "the page's Dublin Core author"),
            (tag(root, "og:article:author"), "the page's og:article:author tag"),
            *vendor_authors(root)]


def vendor_authors(root) -> list[tuple[str | None, str]]:
    """Author tags under a vendor's prefix (vr:author, sailthru.author), but not the site's
    Twitter account nor an app banner's maker: read last."""
    return [(clean(el.get("content")), f"the page's <meta {attr}={key}>") for el in root.iter("meta")
            for attr in ("name", "property") if VENDOR_AUTHOR.search(key := (el.get(attr) or "").strip())]


def published_tags(root) -> list[tuple[str | None, str]]:
    return [(clean(el.get("content")), f"<meta {attr}={key}>") for el in root.iter("meta")
            for attr in ("name", "property", "itemprop") if PUBLISHED_KEY.search(key := (el.get(attr) or "").strip())
            and key.lower() not in READ_KEYS]


def web(value) -> str | None:
    value = clean(value)
    return value if value and re.fullmatch(r"https?://[^\s<>\"'\\{}|^`]+", value) else None


def agreed(dates: list[Fact]) -> Fact | None:
    """The publication date: the day all the page's statements agree on, with every one as its
    basis; an interval from the earliest to the latest when they differ (time zones do that)."""
    if not dates:
        return None
    days = sorted({d.value for d in dates})
    bases = "; ".join(d.basis for d in dates)
    if len(days) == 1:
        said = "states it" if len(dates) == 1 else f"agree ({len(dates)} statements)"
        return Fact(days[0], f"{bases}: the page's own metadata {said}")
    return Fact(f"{days[0]}/{days[-1]}", f"{bases}: the page's own metadata disagrees; between the earliest and the latest")
