"""The timeline page: a year a row, a month a column, every article a link in its month (a
date known only to the year in the year's own row; a date known only as an interval over
several months, a bar over those months), and the debate's milestones (when each proposal was
floated); then the same as text. The drawing (timeline_svg.py) stays beside it
as a file to download."""
from __future__ import annotations

import re
from datetime import date

from ..core import dates
from .timeline_marks import Bar, Mark, More, Year
from .timeline_svg import timeline_svg
from . import listing
from .listing import intro, paged
from ..core.dates import MONTHS
from ..site.structure import PAGE_SIZE, Site, article_path, date_key, date_label, href, page_names, proposal_path, year

HERE = "timeline.md"
MILESTONE = "⚑"
# A run of this many years or more with nothing in it is one row ("2016–2021: nothing").
GAP = 2
# At most this many articles in a month's cell (or a year's "month unknown" row), and this many
# lanes of interval bars in a year, so the page stays small at any archive size; the rest are
# counted in a "+N more" link (milestones are always shown: there are few).
MARKS_SHOWN = 12
LANES_SHOWN = 4


WHEN = re.compile(r"(\d{4})(?:-(\d{2}))?")


def when(value: str) -> tuple[int, int | None] | None:
    """(year, month or None) of a date written YYYY, YYYY-MM or YYYY-MM-DD (an interval: its
    start); None for anything else ("early 2025")."""
    m = WHEN.match(value or "")
    return m and (int(m[1]), int(m[2]) if m[2] else None)


def spanned(value: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(year, month) of the first and last month of an interval over more than one month;
    None for any other date (a day, a month, a year, a qualified date: placed as written)."""
    if dates.problem(value) is not None:
        return None
    span = dates.read(value)
    start, end = (span.earliest.year, span.earliest.month), (span.latest.year, span.latest.month)
    return (start, end) if span.precision == "interval" and start != end else None


def cell_id(at: tuple[int, int | None]) -> str:
    """The id, in the text listing, of the first (newest) article of a cell: "t-2025-03", "t-2025"."""
    return f"t-{at[0]}" + (f"-{at[1]:02d}" if at[1] else "")


def cell_targets(entries: list) -> dict[tuple, tuple[str, str]]:
    """(year, month or None) -> (slug, link) of the first article placed there in the text
    listing (newest first, paged): a cell's articles not drawn are its newest, so they follow."""
    targets = {}
    for i, a in enumerate(entries):
        if (at := when(a.date.value)) and at not in targets:
            page = page_names("timeline", i // PAGE_SIZE + 1)[-1]
            targets[at] = (a.slug, href(f"{page}#{cell_id(at)}", HERE))
    return targets


def shown(found: list[tuple], at: tuple, targets: dict, where: str) -> tuple[tuple[Mark, ...], More | None]:
    """A cell's marks: milestones first, then its first MARKS_SHOWN articles by date; the
    rest counted, linked to where the text listing has them."""
    ordered = [m for _, m in sorted(found, key=lambda x: x[0])]
    milestones = [m for m in ordered if m.kind == "milestone"]
    articles = [m for m in ordered if m.kind != "milestone"]
    if len(articles) <= MARKS_SHOWN:
        return tuple(ordered), None
    hidden = len(articles) - MARKS_SHOWN
    more = More(hidden, targets[at][1], f"{hidden} more articles {where}, newest first in the list as text")
    return tuple(milestones + articles[:MARKS_SHOWN]), more


def years(site: Site, targets: dict) -> list[Year]:
    """The grid's rows; `targets` (cell_targets) says where the text listing has a cell's rest."""
    marks: dict[tuple[int, int | None], list[tuple]] = {}
    intervals: list[tuple[tuple[int, int], tuple[int, int], Mark]] = []

    starts: dict[Mark, tuple] = {}  # each mark's place in its year's list: its date's start, then rank

    def place(value: str, rank: int, mark: Mark):
        if dates.problem(value) is None:
            starts[mark] = (dates.read(value).earliest, rank)
        if over := spanned(value):
            intervals.append((*over, mark, when(value)))
        elif at := when(value):
            marks.setdefault(at, []).append((rank, mark))

    link = href(article_path("{slug}"), HERE).split("{slug}")  # before and after the slug (no slug has braces)
    for a in sorted(site.articles, key=date_key):
        position = site.positions[a.position]
        words = site.dates[a.slug]
        mark = Mark("marker", a.slug.join(link), f"{a.title} ({words}, {position.name})", position.symbol, position.id,
                    a.title, words)
        # An article's date was read when its record was (its span is in a.date): place() as read again.
        d = a.date
        starts[mark] = (d.earliest, 1)
        start, end = (d.earliest.year, d.earliest.month), (d.latest.year, d.latest.month)
        if d.precision == "interval" and start != end:
            intervals.append((start, end, mark, when(d.value)))
        elif at := when(d.value):
            marks.setdefault(at, []).append((1, mark))
    floated = next((e for e in site.voc.origin_events if e.id == "floated"), None)
    for p in site.voc.proposals:
        # Each step of the proposal's history; the date it was floated when it has none.
        steps = [(o.date.value, f"{site.voc.origin_event(o.event).name} {o.by}", site.voc.origin_event(o.event).symbol)
                 for o in p.origins] or \
            ([(p.floated_when, f"first floated{' by ' + p.floated_by if p.floated_by else ''}",
               floated.symbol if floated else MILESTONE)] if p.floated_when else [])
        for value, what, symbol in steps:
            words = date_label(value)
            place(value, 0, Mark("milestone", href(proposal_path(p.id), HERE), f"{p.name}: {what} ({words})", symbol,
                                 text=p.name, when=words, step=f"{what[:1].lower()}{what[1:]}"))
    bars = lanes(intervals)
    if not marks and not bars:
        return []
    # Milestones first in their month, then articles by date (a stable, deterministic stack).
    placed = {at: shown(found, at, targets, f"in {MONTHS[at[1] - 1]} {at[0]}" if at[1] else f"of {at[0]}, month unknown")
              for at, found in marks.items()}
    busy = {y for y, _ in placed} | set(bars)
    rows, empty = [], []
    for y in range(min(busy), max(busy) + 1):
        if y not in busy:
            empty.append(y)
            continue
        rows += gap(empty)
        empty = []
        drawn, more = bars_shown(bars.get(y, []), targets, y)
        undated, undated_more = placed.get((y, None), ((), None))
        months = tuple((MONTHS[m - 1], *placed.get((y, m), ((), None))) for m in range(1, 13))
        drawn_marks = [x for _, cell, _ in months for x in cell] + list(undated) + [b.mark for b in drawn if b.lead]
        entries = tuple(sorted(drawn_marks, key=lambda x: starts.get(x, (date.max, 0))))
        rows.append(Year(str(y), months, undated, drawn, undated_more, more, max((b.lane + 1 for b in drawn), default=0),
                         entries))
    return rows


def bars_shown(bars: list[Bar], targets: dict, y: int) -> tuple[tuple[Bar, ...], More | None]:
    """A year's bars in its first LANES_SHOWN lanes; the intervals starting this year in the
    lanes below counted, linked to the text listing at the newest of them (the others follow)."""
    hidden = [b for b in bars if b.lane >= LANES_SHOWN and b.mark.kind != "milestone" and b.lead]
    drawn = tuple(b for b in bars if b.lane < LANES_SHOWN or b.mark.kind == "milestone")
    if not hidden:
        return drawn, None
    newest = max(b.at for b in hidden)
    return drawn, More(len(hidden), targets[newest][1],
                       f"{len(hidden)} more articles of {y} dated between two months, newest first in the list as text")


def lanes(intervals: list) -> dict[int, list[Bar]]:
    """Each interval cut into a bar per year it covers, each bar in the lowest lane of its year
    free over its months (intervals in date order, then by length: a deterministic stack)."""
    by_year: dict[int, list[Bar]] = {}
    # Each lane of a year as a mask of the months its bars cover, bit m - 1 for month m: finding
    # a free lane compares integers instead of every bar already placed (quadratic: 13 s of a
    # 1,000-article build whose dates were mostly intervals).
    occupied: dict[int, list[int]] = {}
    # A lane only fills: the lanes a bar of a year's months did not fit in stay full for the
    # next bar of the same months, which looks from the lane after the last one's (linear, not
    # quadratic, where many intervals span the same months).
    tried: dict[tuple[int, int], int] = {}
    for (y0, m0), (y1, m1), mark, at in sorted(intervals, key=lambda x: (x[0], x[1])):
        for y in range(y0, y1 + 1):
            first, last = (m0 if y == y0 else 1), (m1 if y == y1 else 12)
            months = (1 << last) - (1 << (first - 1))
            masks = occupied.setdefault(y, [])
            start = tried.get((y, months), 0)
            lane = next((n for n in range(start, len(masks)) if not masks[n] & months), len(masks))
            tried[y, months] = lane + 1
            if lane == len(masks):
                masks.append(0)
            masks[lane] |= months
            by_year.setdefault(y, []).append(Bar(mark, first, last, lane, lead=y == y0, continues=y < y1, at=at))
    return by_year


def gap(empty: list[int]) -> list[Year]:
    if not empty:
        return []
    if len(empty) < GAP:
        return [Year(str(y), tuple((name, (), None) for name in MONTHS), ()) for y in empty]
    return [Year(f"{empty[0]}–{empty[-1]}", (), ())]


class Rows(listing.Rows):
    """The timeline's rows as text (listings/timeline_row.html), each made once and kept a page
    at a time (listing.Rows), each by its article's key, its page and its id."""
    kind = "timeline-rows"

    def __init__(self, site: Site, anchors: dict[str, str]):
        super().__init__(site, None)
        self.anchors = anchors

    def name(self, a, here: str) -> str | None:
        made = self.site.keys.get(a.slug)
        return made and f"{made} {here} {self.anchors.get(a.slug)}"

    def row(self, a, here: str) -> str:
        return str(self.site.templates.get("listings/timeline_row.html").module.row(self.site, a, here, self.anchors.get(a.slug)))


def timeline_pages(site: Site) -> dict[str, str | bytes]:
    targets = cell_targets(list(site.articles))
    grid = site.templates.rendered("timeline.html", site=site, years=years(site, targets))
    anchors = {slug: cell_id(at) for at, (slug, _) in targets.items()}
    pages: dict[str, str | bytes] = paged(site, "timeline", "Timeline", list(site.articles), "listings/timeline.html",
                                          group=year, intro=intro(site, "timeline.md", grid=grid),
                                          meta={"hide": ["toc"]}, anchors=anchors, made=Rows(site, anchors))
    pages["timeline.svg"] = timeline_svg(site)
    return pages
