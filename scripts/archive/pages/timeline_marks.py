"""What the timeline page draws (timeline.py makes them, its template shows them): an
article's or a step's mark, a cell's "+N more", an interval's bar within a year, and a year's row."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    kind: str  # "marker" (an article) or "milestone" (a step in a proposal's history)
    link: str
    label: str  # what the mark says on hover and to a screen reader
    symbol: str  # an article's position, or the kind of step (origins.yml)
    stance: str = ""  # an article's overall position (its colour)
    text: str = ""  # what the year's list links: the article's title, or the proposal's name
    when: str = ""  # its date in words
    step: str = ""  # a milestone's step, after the proposal's name: "first floated by ..."


@dataclass(frozen=True)
class More:
    """The articles of a cell not drawn: how many, and where the text listing below the grid
    lists them. That listing, not the articles list filtered by date, because it is a plain
    link to an id we write: it works without JavaScript and from file://, where the filters
    (reader.js reading the address) may not run."""
    count: int
    link: str
    label: str


@dataclass(frozen=True)
class Bar:
    """An interval's part within one year: from month `first` to month `last` (1 to 12), in
    lane `lane` (0 up) under the months. The first part of an interval is its link for the
    keyboard and screen readers; a part continuing it in a later year is for the eye and the
    mouse only."""
    mark: Mark
    first: int
    last: int
    lane: int
    lead: bool
    continues: bool  # into the next year
    at: tuple = ()  # where the text listing has it: when() of its date


@dataclass(frozen=True)
class Year:
    label: str
    months: tuple[tuple[str, tuple[Mark, ...], More | None], ...]  # (month name, marks, more), twelve; empty for a gap
    undated: tuple[Mark, ...]  # known only to the year
    bars: tuple[Bar, ...] = ()
    undated_more: More | None = None
    bars_more: More | None = None
    lanes: int = 0  # lanes of bars drawn
    entries: tuple[Mark, ...] = ()  # every mark drawn in the year, in date order: its list as text
