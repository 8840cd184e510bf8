"""Pages made before, reused when what they are made from is the same (the build's cache,
cache.py, which the build hands the site): a page of a listing is made from its entries, its
place and its wording, besides the context and the code that every key holds.

An entry is known by what it is made of (fingerprint()): an article by the key it was made
with (its raw file's, record's and saved page's bytes) and its authors' slugs; a vocabulary
entry by its id (the vocabularies are in the context); plain values by their value. A value
that cannot be fingerprinted (a function) leaves the page unkept: made every time.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from markupsafe import Markup

from ..core.article import Article, Quote
from .markup import built_html


LABELS = "date-labels"  # the cache's kind and key (date_labels)


class Unknown(Exception):
    """A value a page is made from that has no fingerprint."""


def fingerprint(value, keys: dict[str, str], out: list[str], memo: dict | None = None) -> None:
    """`memo`: id -> (value, its fingerprint) of the build's data classes fingerprinted before
    (an article's card is in every listing that shows it; each value is held, so no id is reused),
    and slug -> (article, said()) of the articles."""
    memo = {} if memo is None else memo
    kind = type(value)  # the kinds most pages are made of first, by their exact type
    if kind is str:
        out += (str(len(value)), value)
    elif kind is tuple or kind is list:
        out.append("(")
        for item in value:
            # A listing's articles and an argument's quotes (its proposal's name, the article,
            # the quote's place there), tens of thousands a build: said here as the calls below
            # would say them, without a call each.
            inner = type(item)
            if inner is Article:
                found = memo.get(item.slug)
                out.append(found[1] if found is not None and found[0] is item else said(item, keys, memo))
            elif inner is tuple and len(item) == 3 and type(item[1]) is Article and type(item[0]) is str \
                    and type(item[2]) is int:
                name, a, place = item
                found = memo.get(a.slug)
                out += ("(", str(len(name)), name, found[1] if found is not None and found[0] is a else said(a, keys, memo),
                        repr(place), ")")
            else:
                fingerprint(item, keys, out, memo)
        out.append(")")
    elif kind is Article or isinstance(value, Article):
        out.append(said(value, keys, memo))
    elif kind is Quote:  # plain fields only: its repr() says them all
        out.append(repr(value))
    elif isinstance(value, str):
        out += (str(len(value)), value)  # the length first: no two lists of strings read the same
    elif value is None or isinstance(value, (int, float)):
        out.append(repr(value))
    elif isinstance(value, (tuple, list)):
        out.append("(")
        for item in value:
            fingerprint(item, keys, out, memo)
        out.append(")")
    elif isinstance(value, dict):
        out.append("{")
        for item in value.items():
            fingerprint(item, keys, out, memo)
        out.append("}")
    elif dataclasses.is_dataclass(value) and hasattr(value, "id"):  # a vocabulary's entry
        out.append(f"{type(value).__name__}:{value.id}")
    elif dataclasses.is_dataclass(value):
        known = memo.get(id(value)) if memo is not None else None
        if known is not None and known[0] is value:
            out.append(known[1])
            return
        part = [type(value).__name__]
        fields = getattr(value, "__dict__", None)  # its fields in their order; a slotted class has none
        fingerprint(tuple(fields.values()) if fields is not None else
                    [getattr(value, f.name) for f in dataclasses.fields(value)], keys, part, memo)
        joined = "\n".join(part)  # the key joins its parts with "\n" too: the same key as part by part
        if memo is not None and value.__dataclass_params__.frozen:  # a frozen one cannot change meanwhile
            memo[id(value)] = (value, joined)
        out.append(joined)
    else:
        raise Unknown(type(value).__name__)


def said(a: Article, keys: dict[str, str], memo: dict) -> str:
    """An article in a key: the key it was made with and its authors' slugs, a line each (the
    same lines as each said apart); worked out once a build, as an article is listed on about
    seven pages and quoted on others."""
    if a.slug not in keys:
        raise Unknown(a.slug)
    memo[a.slug] = (a, "\n".join([keys[a.slug], *(x.slug for x in a.authors)]))
    return memo[a.slug][1]


def entry_key(site, kind: str, parts) -> str | None:
    """The key of what is made from `parts`; None when one of them has no fingerprint."""
    out: list[str] = [kind]
    try:
        fingerprint(parts, site.keys, out, site.memo.setdefault("fingerprints", {}))
    except Unknown:
        return None
    return site.cache.hashed(["\n".join(out)])


def reused_page(site, kind: str, parts, rel: str, make: Callable[[], str]):
    """The page `rel` of docs/, made from `parts` (make() makes its text): the cache's, or
    keys.Unchanged when docs/ holds it as the last build made it from the same parts (not
    read: the writer compares its hash), as an article page (cache.Store.page)."""
    store = site.cache
    return make() if store is None else store.page(kind, entry_key(site, kind, parts), rel, make)


def reused(site, kind: str, parts, make: Callable[[], object]):
    """make()'s value (pages, a page's text), or the same made before from the same `parts`."""
    store = site.cache
    if store is None or (key := entry_key(site, kind, parts)) is None:
        return make()
    pages = store.get(kind, key)
    if pages is None:
        pages = make()
        store.put(kind, key, pages)
    return pages


def reused_html(site, kind: str, parts, make: Callable[[], Markup]) -> Markup:
    """reused() for a template's output that goes into another template: kept as plain text
    (the cache unpickles no class of Jinja's or markupsafe's), made Markup again. Safe: it was
    Markup when made (markup.Templates.rendered)."""
    return built_html(reused(site, kind, parts, lambda: str(make())))


def date_labels(site, label: Callable[[str], str]) -> dict[str, str]:
    """Slug -> `label` of its article's date as written (structure.Site.dates): each date's
    words kept in the build's cache by the date (its key holds the code), so a build does not
    say the dates of the whole archive again (about 0.004 CPU s at 1,005 articles)."""
    store = site.cache
    found = store.get(LABELS, LABELS) if store is not None else None
    kept = found if isinstance(found, dict) else {}
    made = {value: kept.get(value) or label(value) for value in {a.date.value for a in site.articles}}
    if store is not None and made != kept:
        store.put(LABELS, LABELS, made)
    return {a.slug: made[a.date.value] for a in site.articles}
