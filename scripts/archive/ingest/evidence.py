"""External evidence: a page outside the archive, read as a structured citation (publisher,
title, EDTF date, address, the sentence relied on) and checked like every other field; two
citations of one address must agree on what that page is."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..core import dates
from ..core.names import invisible, name_refused
from ..core.vocabulary import Source
from .fields import URL
from ..core.texts import normalise

FIELDS = {"publisher": str, "title": (str, type(None)), "date": (str, type(None)), "url": str, "quote": str}
OPTIONAL = {"authors": list}
SHAPE = ("a mapping: publisher, title (or null when the stored page shows none), date (EDTF, or null when the page states none), url, and quote "
         "(the sentence relied on, verbatim); authors (a list of names) when the page names them")


def external(reader, path: Path, where: str, value) -> Source | None:
    """The source at `where`, or None once its problems are reported."""
    if not isinstance(value, dict):
        reader.problem(path, where, f"must be {SHAPE}; got {type(value).__name__}")
        return None
    e = reader.fields(path, where, value, FIELDS, OPTIONAL)
    if e is None:
        return None
    ok = True
    if e["date"] is not None and (wrong := dates.problem(e["date"])):
        reader.problem(path, f"{where}.date", f"{wrong}; or null when the page states no date")
        ok = False
    if not URL.fullmatch(e["url"]):
        reader.problem(path, f"{where}.url", f"{e['url']!r} is not an http(s) address (spaces, quotes, <, >, {{, }}, |, \\, ^ and ` must be percent-encoded)")
        ok = False
    if "authors" in e and not reader.strings(path, f"{where}.authors", e["authors"], "names"):
        ok = False
    for i, name in enumerate(e.get("authors") or []):
        if isinstance(name, str) and (wrong := name_refused(normalise(name))):
            reader.problem(path, f"{where}.authors[{i}]", wrong)
            ok = False
    if e["title"] and (wrong := invisible(normalise(e["title"]))):
        reader.problem(path, f"{where}.title", wrong.replace("write it", "write the title"))
        ok = False
    for key in ("publisher", "title", "quote"):
        if e[key] is not None and not normalise(e[key]):
            reader.problem(path, f"{where}.{key}", "has no visible text (only invisible characters)")
            ok = False
    if not ok:
        return None
    return Source(normalise(e["publisher"]), e["title"] and normalise(e["title"]), e["date"], e["url"], normalise(e["quote"]),
                  tuple(normalise(a) for a in e.get("authors", [])))


def address(url: str) -> str:
    """One page's address, however it is written: scheme and host in any case, with or without
    a final slash or a fragment."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return f"{parts.netloc.lower()}{path}" + (f"?{parts.query}" if parts.query else "")


def disagreements(reader, cited: list[tuple[Path, str, Source]], against: list[tuple[Path, str, Source]] = ()) -> None:
    """A problem for each citation in `cited` of an address already cited (in `against` or
    earlier in `cited`) with another title or date: one page has one title and one date, so
    one of the two is wrong."""
    first: dict[str, tuple[Path, str, Source]] = {}
    for entry in [*against, *cited]:
        first.setdefault(address(entry[2].url), entry)
    for path, where, source in cited:
        seen_path, seen_where, seen = first[address(source.url)]
        if seen is source:
            continue
        for field in ("title", "date"):
            mine, theirs = getattr(source, field), getattr(seen, field)
            if mine != theirs:
                # Named only here: thousands of citations of the same pages agree.
                elsewhere = seen_where if seen_path == path else f"{reader.name(seen_path)}: {seen_where}"
                reader.problem(path, f"{where}.{field}", f"{mine!r} disagrees with {elsewhere}.{field} ({theirs!r}), "
                                                         f"which cites the same page ({source.url}); make them agree")
