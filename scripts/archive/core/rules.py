"""The cleaning and extraction rules' data, as frozen dataclasses: boilerplate rules, publishers'
profiles, the forms of date lines and bylines, and the limits and word lists extraction uses
(sources/boilerplate/, read by ingest/boilerplate.py)."""
from __future__ import annotations

from dataclasses import dataclass


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
