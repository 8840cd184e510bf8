"""CSL-JSON items, what every citation is made from: an article's (with its publisher's name,
its EDTF date as a CSL date and where the archive keeps it) and an external source's."""
from __future__ import annotations

from ..core import dates

ARCHIVED = "archived"  # an item's key (not CSL's): the archive's page, where the text was consulted


def item(a, publisher: str, address: str = "") -> dict:
    """The CSL-JSON item of an article: what every citation format is made from. `address`:
    the archive's (site.yml), so the archived copy is its page's full address; without one, the
    page's place from the archive's root, the same wherever the citation is shown or copied."""
    entry = {"id": a.slug, "type": "webpage", "title": a.title, "container-title": publisher,
             "issued": issued(a.date.value), ARCHIVED: f"{address}articles/{a.slug}.html"}
    if a.authors:
        entry["author"] = [person(x.name) for x in a.authors]
    if a.url:
        entry["URL"] = a.url
    return entry


def article_item(voc, a) -> dict:
    return item(a, voc.publisher(a.publisher).name, voc.address)


def source_item(source) -> dict:
    """The CSL-JSON item of an external source (model.Source): cited like an article."""
    entry = {"id": "source", "type": "webpage", "container-title": source.publisher, "URL": source.url}
    if source.title:
        entry["title"] = source.title
    if source.date:
        entry["issued"] = issued(source.date)
    if source.authors:
        entry["author"] = [person(name) for name in source.authors]
    return entry


def person(name: str) -> dict:
    parts = name.split()
    return {"family": parts[-1], "given": " ".join(parts[:-1])} if len(parts) > 1 else {"literal": name}


def issued(value: str) -> dict:
    """An EDTF value as a CSL date: a range for an interval; CSL has one qualifier, circa,
    for both approximate (~) and uncertain (?) values. An interval within one year whose ends
    differ in precision ('2022-03-24/2022-03') is given by its first and last day ('March
    24–31, 2022'): a range of a day and a month has no words in CSL."""
    ends = [[int(x) for x in end.rstrip("~?%").split("-")] for end in value.split("/")]
    if len(ends) == 2 and ends[0][0] == ends[1][0] and len(ends[0]) != len(ends[1]):
        span = dates.read(value)
        ends = [[d.year, d.month, d.day] for d in (span.earliest, span.latest)]
    date = {"date-parts": ends}
    if any(mark in value for mark in "~?%"):
        date["circa"] = True
    return date
