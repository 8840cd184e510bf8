"""A saved page's own address, and the addresses other values carry (pagemeta.py, boxes.py)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .pagemeta import ARTICLE_TYPES, Fact, clean, json_ld, meta, types, web

# A site's address within a value: "www.w-commerce.de", "symple.ch", "facebook.com/vegolosi".
SITE_NAMED = re.compile(r"(?<![\w.@-])(?:https?://)?((?:[\w-]+\.)+[a-z]{2,})(?![\w-])")


def address(root, article: dict | None = None) -> Fact | None:
    """The page's own address as its metadata states it (`article`: its JSON-LD article, if
    already found), with its basis; None where it states none."""
    if article is None:
        article = next((n for n in json_ld(root) if types(n) & ARTICLE_TYPES), None) or {}
    entity = article.get("mainEntityOfPage")
    canonical = next((clean(l.get("href")) for l in root.iter("link")
                      if "canonical" in (l.get("rel") or "").lower().split()), None)
    return next((Fact(v, b) for v, b in (
        (web(article.get("url")), "the page's JSON-LD url"),
        (web(entity.get("@id") if isinstance(entity, dict) else entity), "the page's JSON-LD mainEntityOfPage"),
        (web(canonical), "the page's <link rel=canonical>"),
        (web(meta(root, "property", "og:url")), "the page's OpenGraph og:url")) if v), None)


def signed_elsewhere(value: str, own: str | None) -> bool:
    """Whether an author tag's value carries the address of a site other than the page's own
    (`own`, its address): a web agency's signature ("Web Commerce GmbH www.w-commerce.de") or an
    account ("facebook.com/vegolosi"), who made the site or holds the account, not the writer."""
    ours = (urlsplit(own).hostname or "").removeprefix("www.") if own else ""
    return any(host.lower().removeprefix("www.") != ours for host in SITE_NAMED.findall(value))


def site_alone(value: str, ends: frozenset[str]) -> bool:
    """Whether an author tag's value is nothing but a site's address, the page's own or another's
    ("tagesschau.de" on tagesschau.de): it says where the text is published, not who wrote it.
    A site's name ends in a country's two-letter code or in one of `ends` (the vocabulary's
    extraction.site_ends); a user name ("robert.stitz", "edilson.la.rosa", a JSON-LD author of
    homify.de, libero.pe) looks like a host but does not."""
    m = SITE_NAMED.fullmatch(value.strip().rstrip("/").lower())
    end = m.group(1).rsplit(".", 1)[-1] if m else ""
    return bool(m) and (len(end) == 2 or end in ends)
