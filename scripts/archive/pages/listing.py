"""Listing pages: entries under group headings, split into pages of PAGE_SIZE entries.

Listings are HTML blocks (entries of escaped text and links to built pages): MkDocs converts a
listing of 200 articles four times faster than the same list in Markdown, and listings are most
of what the index pages hold. Each kind of entry has its template in templates/listings/.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from ..site import markup
from ..site.reuse import reused
from ..site.structure import PAGE_SIZE, Site, link, page_names

NO_ARTICLE = "No article in the archive discusses this yet."


def grouped(entries: Iterable, group: Callable | None) -> list[tuple[str | None, list]]:
    """Consecutive entries with the same group heading (None: one group, no heading)."""
    groups: list[tuple[str | None, list]] = []
    for entry in entries:
        heading = group(entry) if group else None
        if not groups or heading != groups[-1][0]:
            groups.append((heading, []))
        groups[-1][1].append(entry)
    return groups


def paged(site: Site, base: str, title: str, entries: list, rows: str, *, group: Callable | None = None,
          anchor: Callable | None = None, intro: str = "", meta: dict | None = None, empty: str = NO_ARTICLE,
          **context) -> dict[str, str]:
    """`entries` grouped by `group` under headings, listed by the template `rows`, on pages of
    PAGE_SIZE so no page grows with the archive. `intro` (Markdown) opens the first page.
    `anchor(heading)`, when given, is the id of a group's heading (ours, so other pages can link it)."""
    chunks = [entries[i:i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    names = page_names(base, len(chunks))
    page = site.templates.get("listing_page.md")
    # Group headings sit one level below the intro's own sections ("## Articles"), else below the title.
    sections = re.search(r"^## ", intro, re.M) is not None
    pages = {}
    for k, chunk in enumerate(chunks):
        here = names[k]
        suffix = f"(page {k + 1} of {len(chunks)})" if len(chunks) > 1 else ""
        groups = grouped(chunk, group)
        values = dict(
            title=title, suffix=suffix, intro=intro if k == 0 else "",
            empty=empty if not entries else "", level="###" if k == 0 and sections else "##",
            groups=groups, rows=rows, here=here,
            previous=link(names[k - 1], here) if k > 0 else None,
            next=link(names[k + 1], here) if k + 1 < len(chunks) else None, **context)
        # A page whose entries, place and wording are those of a page made before is that page.
        anchors = anchor and [anchor(heading) for heading, _ in groups if heading is not None]
        pages[here] = reused(site, "listing", (values, anchors, meta), lambda: markup.frontmatter(
            {"title": f"{title} {suffix}" if suffix else title, **(meta or {})},
            page.render(site=site, anchor=anchor, **values)))
    return pages


def intro(site: Site, name: str, **context) -> str:
    """The Markdown that opens a page, from its template in templates/intros/."""
    return site.templates.rendered(f"intros/{name}", site=site, **context)


def first_page(base: str, entries: list, wanted: Callable) -> str:
    """The page of a listing (split by `paged`) that holds the first entry for which `wanted` is true."""
    index = next(i for i, entry in enumerate(entries) if wanted(entry))
    return page_names(base, index // PAGE_SIZE + 1)[-1]
