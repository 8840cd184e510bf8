"""The timeline page: a year a row, a month a column, every article a link in its month (a
date known only to the year in the year's own row), and the debate's milestones (when each
proposal was floated); then the same as text. The drawing export.timeline_svg stays beside it
as a file to download."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import markup
from ..export import timeline_svg
from .listing import intro, paged
from ..dates import MONTHS
from .site import Site, article_path, date_key, date_label, href, link, proposal_path, year

HERE = "timeline.md"
MILESTONE = "⚑"
# A run of this many years or more with nothing in it is one row ("2016–2021: nothing").
GAP = 2


@dataclass(frozen=True)
class Mark:
    kind: str  # "marker" (an article) or "milestone" (a proposal floated)
    link: str
    label: str  # what the mark says on hover and to a screen reader
    symbol: str


@dataclass(frozen=True)
class Year:
    label: str
    months: tuple[tuple[str, tuple[Mark, ...]], ...]  # (month name, marks), twelve; empty for a gap
    undated: tuple[Mark, ...]  # known only to the year


def when(value: str) -> tuple[int, int | None] | None:
    """(year, month or None) of a date written YYYY, YYYY-MM or YYYY-MM-DD (an interval: its
    start); None for anything else ("early 2025")."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?", value or "")
    return m and (int(m[1]), int(m[2]) if m[2] else None)


def years(site: Site) -> list[Year]:
    marks: dict[tuple[int, int | None], list[tuple]] = {}
    for a in sorted(site.articles, key=date_key):
        at = when(a.date.value)
        position = site.voc.position(a.position)
        label = f"{a.title} ({date_label(a.date.value)}, {position.name})"
        marks.setdefault(at, []).append((1, Mark("marker", href(article_path(a.slug), HERE), label, position.symbol)))
    for p in site.voc.proposals:
        # Each step of the proposal's history; the date it was floated when it has none.
        steps = [(o.date.value, f"{site.voc.origin_event(o.event).name} {o.by}") for o in p.origins] or \
            ([(p.floated_when, f"first floated{' by ' + p.floated_by if p.floated_by else ''}")] if p.floated_when else [])
        for value, what in steps:
            at = when(value)
            if at:
                label = f"{p.name}: {what} ({date_label(value)})"
                marks.setdefault(at, []).append((0, Mark("milestone", href(proposal_path(p.id), HERE), label, MILESTONE)))
    if not marks:
        return []
    # Milestones first in their month, then articles by date (a stable, deterministic stack).
    placed = {at: tuple(m for _, m in sorted(found, key=lambda x: x[0])) for at, found in marks.items()}
    span = range(min(y for y, _ in placed), max(y for y, _ in placed) + 1)
    rows, empty = [], []
    for y in span:
        if not any(at[0] == y for at in placed):
            empty.append(y)
            continue
        rows += gap(empty)
        empty = []
        rows.append(Year(str(y), tuple((MONTHS[m - 1], placed.get((y, m), ())) for m in range(1, 13)), placed.get((y, None), ())))
    return rows


def gap(empty: list[int]) -> list[Year]:
    if not empty:
        return []
    if len(empty) < GAP:
        return [Year(str(y), tuple((name, ()) for name in MONTHS), ()) for y in empty]
    return [Year(f"{empty[0]}–{empty[-1]}", (), ())]


def timeline_pages(site: Site) -> dict[str, str | bytes]:
    grid = markup.rendered("timeline.html", site=site, years=years(site), milestone=MILESTONE)
    steps = sorted(((o.date.earliest, o.date.latest, date_label(o.date.value), site.voc.origin_event(o.event).name,
                     o.by, p.name, link(proposal_path(p.id), HERE)) for p in site.voc.proposals for o in p.origins),
                   key=lambda step: step[:2])
    pages: dict[str, str | bytes] = paged(site, "timeline", "Timeline", list(site.articles), "listings/timeline.html",
                                          group=year, intro=intro(site, "timeline.md", grid=grid, steps=steps),
                                          meta={"hide": ["toc"]})
    pages["timeline.svg"] = timeline_svg(site)
    return pages
