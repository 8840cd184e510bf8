"""The vocabularies' data, as frozen dataclasses: positions, publishers, proposals, voices,
arguments, the cleaning and extraction rules, and the dated basis they and the articles share."""
from __future__ import annotations

import datetime
from dataclasses import dataclass


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


# Where a rule may move a line instead of dropping it: the image's caption and credit are
# shown on the article's page; the rest become hints in the draft of `archive new`.
LIFTS = ("caption", "credit", "authors", "date", "dateline", "bio", "format")


@dataclass(frozen=True)
class Rule:
    """A boilerplate rule: which lines the cleaner removes (or lifts into metadata)."""
    id: str
    kind: str
    pattern: str
    extent: str = "line"  # "line": this line; "rest": this line and all after it
    zone: str = "any"  # "any", or "head": only before the first body-length line
    lift: str | None = None  # a metadata field the line moves to instead of being dropped
    after: str | None = None  # the previous kept line must match this pattern
    source: str = ""  # the rules file, for messages and the removal record


@dataclass(frozen=True)
class Profile:
    """A publisher's boilerplate, plus how to recognise the publisher in a new article."""
    publisher: str
    detect: tuple[str, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class MetadataForms:
    """How the lines around a headline are written (boilerplate/metadata-lines.yml): a date line's
    months (each month's forms, January first), the labels and the parts it may carry beside its
    date (regular expressions), the word before its author; a byline's openings (as written), the
    words it opens with in any case, the words after its first name; the words of an author's post;
    the weekdays' shortest forms before a date, the particles of names; the words joining two names.
    ingest/metadata.py compiles them; a rule's pattern may name a list of words (ingest/boilerplate.py)."""
    months: tuple[tuple[str, ...], ...]
    date_labels: tuple[str, ...]
    date_line_parts: tuple[str, ...]
    date_by: tuple[str, ...]
    byline_starts: tuple[str, ...]
    byline_words: tuple[str, ...]
    after_name_words: tuple[str, ...]
    author_posts: tuple[str, ...] = ()
    date_weekdays: tuple[str, ...] = ()
    name_particles: tuple[str, ...] = ()
    name_joiners: tuple[str, ...] = ()
    site_home: tuple[str, ...] = ()
    trail_separators: tuple[str, ...] = ()
    trail_labels: tuple[str, ...] = ()
    credit_labels: tuple[str, ...] = ()
    picture_agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractionRules:
    head_max_chars: int
    standfirst_max_chars: int
    title_max_chars: int
    byline: str
    bio: str
    max_bytes: int
    # A paragraph opening with a dateline ("WARSAW —") is a news story's lead, not a standfirst.
    dateline_opening: str = r"(?!)"
    # Removal kinds the page prints in its header: one right under a line says that line
    # was the standfirst, not the text's first paragraph.
    standfirst_closers: frozenset[str] = frozenset()
    # Per language, the words running prose is dense with (boilerplate/function-words.yml).
    function_words: tuple[tuple[str, frozenset[str]], ...] = ()
    # A saved web page carries its markup, styles and scripts: several times its text.
    max_page_bytes: int = 10_000_000
    # A saved page's boxes its markup names as furniture: tags, and words of a class or id (ingest/boxes.py).
    furniture_tags: frozenset[str] = frozenset()
    furniture_words: frozenset[str] = frozenset()
    furniture_roles: frozenset[str] = frozenset()  # WAI-ARIA roles ("navigation", "dialog")
    text_itemprops: frozenset[str] = frozenset()  # schema.org microdata naming the article's text ("recipeingredient"; ingest/described.py)
    # What a link in the article's last lines names in its address when the line calls on its readers (boxes.closing_call).
    call_addresses: frozenset[str] = frozenset()
    # The word after a count that makes a line the readers' comments' heading ("36 Comments"; ingest/comments.py).
    comment_words: frozenset[str] = frozenset()
    # The headings of a recipe's ingredients and of its method (ingest/recipe.py: its card is the article's).
    recipe_ingredients: frozenset[str] = frozenset()
    recipe_method: frozenset[str] = frozenset()
    # How a site's name ends besides a country's two-letter code ("com", "org"): a value that is
    # a site's address alone names no author (ingest/pageaddress.site_alone).
    site_ends: frozenset[str] = frozenset()
    # The months' names in the languages met, January first (boilerplate/months.yml): date hints.
    month_names: tuple[tuple[str, ...], ...] = ()
    # The words a byline joins two authors' names with ("and", "und", "y"): where its names are split
    # (metadata-lines.yml's name_joiners, in lower case).
    name_joiners: frozenset[str] = frozenset({"and", "&"})
    # The ranking of a dump's lines as its headline (ingest/candidates.py; boilerplate/headline-weights.yml):
    # a weight per feature in candidates.NAMES' order, and the least share of the ranking the first line must hold;
    # the share under which a line the rules take is doubted, and the share its first must hold to replace it.
    headline_weights: tuple[float, ...] = ()
    headline_least: float = 1.0
    headline_doubt: float = 0.0
    headline_firm: float = 1.0
    # The forms of date lines and bylines (boilerplate/metadata-lines.yml); None: the repository's own.
    metadata_forms: MetadataForms | None = None


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
