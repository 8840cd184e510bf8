"""The vocabularies' data, as frozen dataclasses: positions, publishers, proposals, voices,
arguments, and the dated basis they and the articles share; the cleaning and extraction rules'
are in rules.py."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from .rules import ExtractionRules, Profile, Rule


@dataclass(frozen=True)
class DateInfo:
    """A date as the sources give it, in EDTF (dates.py), with what it rests on."""
    value: str  # a day, month, year or interval, possibly approximate (~) or uncertain (?)
    precision: str  # "day", "month", "year"; "interval", "approximate", "uncertain" ...
    basis: str
    earliest: datetime.date  # the first and last day the value allows
    latest: datetime.date
    sources: tuple["Source", ...] = ()  # external pages the basis rests on, cited


@dataclass(frozen=True)
class Position:
    id: str
    name: str
    definition: str
    order: int
    symbol: str  # repeats the position in the stance matrix, so colour is never needed
    shape: str  # its marker on the timeline


@dataclass(frozen=True)
class Publisher:
    id: str
    name: str
    description: str
    basis: str


@dataclass(frozen=True)
class Variant:
    name: str
    description: str


@dataclass(frozen=True)
class Source:
    """A page outside the archive that a claim rests on, cited like an article: its publisher,
    title, date (EDTF; None when the page states none) and address, with the sentence relied on
    kept verbatim so that a reviewer can find it on the page."""
    publisher: str
    title: str | None  # None when the stored page shows none
    date: str | None
    url: str
    quote: str
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What an origin rests on: a verbatim quote from one of our articles, or an external
    source, never both."""
    article: str | None = None
    quote: str | None = None
    external: Source | None = None


@dataclass(frozen=True)
class Origin:
    """One step in where a proposal comes from: who floated, revived or formalised it, and when."""
    event: str  # an id from vocabularies/origins.yml
    by: str
    date: DateInfo
    basis: tuple[Evidence, ...]  # at least one
    note: str | None = None  # the editor's reasoning, e.g. how a year was inferred


@dataclass(frozen=True)
class Proposal:
    id: str
    name: str
    kind: str  # "deployment" or "alternative"
    description: str
    floated_by: str | None
    floated_when: str | None
    floated_basis: str
    aliases: tuple[str, ...]
    variants: tuple[Variant, ...]
    origins: tuple[Origin, ...] = ()
    short: str | None = None  # a column label for the stance matrix; the name when absent

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class Voice:
    """Who is speaking when an article states an argument: only `own` counts as the author's."""
    id: str
    name: str
    definition: str
    authors_own: bool
    needs_speaker: bool


@dataclass(frozen=True)
class OriginEvent:
    id: str
    name: str  # "first floated by", said before the origin's `by`
    definition: str
    symbol: str = "⚑"  # its mark on the timeline


@dataclass(frozen=True)
class Argument:
    id: str
    claim: str
    description: str
    used_against: tuple[str, ...]
    used_for: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    positions: tuple[Position, ...]
    publishers: tuple[Publisher, ...]
    proposals: tuple[Proposal, ...]
    arguments: tuple[Argument, ...]
    generic_rules: tuple[Rule, ...]
    profiles: tuple[Profile, ...]
    extraction: ExtractionRules
    voices: tuple[Voice, ...] = ()
    origin_events: tuple[OriginEvent, ...] = ()
    title: str = ""  # the archive's (sources/site.yml)
    address: str = ""  # where the archive is published, ending in "/" (sources/site.yml); "" when not stated

    def voice(self, id: str) -> Voice:
        return next(v for v in self.voices if v.id == id)

    def origin_event(self, id: str) -> OriginEvent:
        return next(e for e in self.origin_events if e.id == id)

    def position(self, id: str) -> Position:
        return next(p for p in self.positions if p.id == id)

    def publisher(self, id: str) -> Publisher:
        return next(p for p in self.publishers if p.id == id)

    def proposal(self, id: str) -> Proposal:
        return next(p for p in self.proposals if p.id == id)

    def argument(self, id: str) -> Argument:
        return next(a for a in self.arguments if a.id == id)

    def rules_for(self, publisher: str | None) -> tuple[Rule, ...]:
        own = tuple(r for p in self.profiles if p.publisher == publisher for r in p.rules)
        # Publisher rules first: they know their page better than the generic ones.
        return own + self.generic_rules
