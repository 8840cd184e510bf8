"""The site model: where each entity's page is, how pages link to each other, and the few
facts about articles that several pages share (dates as shown, order, stances, tags).

Paths are docs-relative Markdown paths ("proposals/x.md"); `link()` makes a relative
Markdown link of one, `href()` a link to the built page for an HTML block.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..core import dates
from . import markup
from .fragments import at_source
from ..core.article import Article, Quote
from ..core.vocabulary import Argument, Position, Vocabulary, Voice
from ..core.names import author_letter, page_name

if TYPE_CHECKING:
    from .cards import Card
    from .citations import Citations

PAGE_SIZE = 200  # listing entries per page: keeps index pages small at any archive size


# --- where each entity's page is -------------------------------------------------------

def article_path(slug: str) -> str:
    return f"articles/{slug}.md"


def paragraph_path(slug: str, number: int) -> str:
    return f"articles/{slug}.md#p-{number}"


def proposal_path(id: str) -> str:
    return f"proposals/{id}.md"


def position_path(id: str) -> str:
    return f"positions/{id}.md"


def publisher_path(id: str) -> str:
    return f"publishers/{id}.md"


def argument_path(id: str) -> str:
    return f"arguments/{id}.md"


def tag_path(slug: str) -> str:
    return f"tags/{slug}.md"


def raw_path(raw_name: str) -> str:
    """The raw page dump as published in docs/ (by standalone.py, from sources/)."""
    return f"raw/{raw_name}"


def raw_source(raw_name: str) -> str:
    """The raw page dump in the repository."""
    return f"sources/articles/{raw_name}"


def author_letter_path(letter: str) -> str:
    return f"authors/{letter}.md"


def author_link(name: str, slug: str) -> str:
    """An author's entry: a paragraph on their letter's page. One page per letter, not per
    author: an author page was mostly Material's page frame around one or two entries, and
    1,000 articles have about 450 authors."""
    return f"{author_letter_path(author_letter(name))}#{slug}"


ARTICLES_INDEX = "articles/index.md"
MATRIX = "matrix.md"
AUTHORS_INDEX = "authors/index.md"
AUTHORS_UNKNOWN = AUTHORS_INDEX + "#unknown"


def page_names(base: str, count: int) -> list[str]:
    """A listing split into `count` pages: the first keeps the base name (names.py reserves
    these names, so no slug or id can take one)."""
    return [page_name(base, k) for k in range(1, count + 1)]


# --- links between pages -----------------------------------------------------------------

def link(target: str, here: str) -> str:
    """A relative link from page `here` to page `target` (both docs-relative paths)."""
    return "../" * here.count("/") + target


def local_link(target: str, here: str) -> str:
    """Like `link()`, but a page in the same folder is named alone ("x.md", not "../f/x.md")."""
    folder, _, name = target.rpartition("/")
    return name if folder == here.rpartition("/")[0] else link(target, here)


def href(target: str, here: str) -> str:
    """A link for an HTML block, which Markdown (and MkDocs) leave alone: so it names the built
    page (`.html`; the site is built with use_directory_urls: false), not the Markdown file.
    Not escaped: templates escape what they print."""
    path, _, fragment = link(target, here).partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + (f"#{fragment}" if fragment else "")


# --- dates and order -----------------------------------------------------------------------

def date_label(value: str) -> str:
    """An EDTF date as a reader says it: '7 December 2024', 'between 23 November 2025 and
    February 2026', 'about August 2025'."""
    return dates.in_words(value)


def date_key(a: Article) -> tuple:
    # By the earliest day a date allows: a date known only to the year or month, or an
    # interval, is listed after the articles dated within it.
    return (a.date.earliest, a.date.latest, a.slug)


def newest_first(articles) -> list[Article]:
    return sorted(articles, key=date_key, reverse=True)


def year(a: Article) -> str:
    return str(a.date.earliest.year)


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural_form or word + 's'}"


# --- the site -------------------------------------------------------------------------------

def templates() -> markup.Templates:
    """A build's templates, given what they may use besides their own values: where pages are
    and how to link them, and dates as a reader says them."""
    return markup.Templates(globals=dict(
        href=href, link=link, local_link=local_link, article_path=article_path, paragraph_path=paragraph_path,
        proposal_path=proposal_path, position_path=position_path, publisher_path=publisher_path,
        argument_path=argument_path, raw_path=raw_path, raw_source=raw_source, tag_path=tag_path,
        author_link=author_link, authors_unknown=AUTHORS_UNKNOWN, articles_index=ARTICLES_INDEX,
        authors_index=AUTHORS_INDEX, matrix=MATRIX, plural=plural, at_source=at_source), filters={"date": date_label})


@dataclass(frozen=True)
class Site:
    """One build's site: what it publishes, and what the build keeps while making it (its
    templates with their escaped strings, its citations)."""
    voc: Vocabulary
    articles: tuple[Article, ...]  # newest first
    citations: Citations | None = None  # the build's (citations.py); only pages that cite need it
    templates: markup.Templates = field(default_factory=templates, repr=False)
    # What pages were made from before (site/reuse.py): the build's cache, and each article's
    # key in it (slug -> what the article was made from).
    cache: object = field(default=None, repr=False, compare=False)
    keys: dict = field(default_factory=dict, repr=False, compare=False)
    # What several pages work out from the articles, once a build (pages/proposal.py's).
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def discussing(self) -> dict[str, list[Article]]:
        """Proposal id -> the articles that take a stance on it, newest first (in one pass:
        the proposal, position and argument pages each list them)."""
        found: dict[str, list[Article]] = {p.id: [] for p in self.voc.proposals}
        for a in self.articles:
            for s in a.stances:
                found.setdefault(s.proposal, []).append(a)
        return found

    @cached_property
    def cards(self) -> dict[str, Card]:
        from .cards import cards  # (it links pages as this module says)
        return cards(self)

    @cached_property
    def dates(self) -> dict[str, str]:
        """Slug -> the article's date as a reader says it (its card's): every listing shows it."""
        from .reuse import date_labels  # each date's words kept from the last build
        return date_labels(self, date_label)

    # The vocabularies' entries by id: the listings ask tens of thousands of times a build, and
    # the vocabulary's own lookups search its list each time.
    @cached_property
    def positions(self) -> dict[str, Position]:
        return {p.id: p for p in self.voc.positions}

    @cached_property
    def voices(self) -> dict[str, Voice]:
        return {v.id: v for v in self.voc.voices}

    def position_name(self, id: str) -> str:
        return self.positions[id].name

    def stance(self, a: Article, proposal: str) -> str:
        known = self.stances_on(proposal).get(a.slug)
        return known or next(s.position for s in a.stances if s.proposal == proposal)

    def stances_on(self, proposal: str) -> dict[str, str]:
        """Slug -> the position its article takes on the proposal (its first stance on it), for
        the site's articles: found once a build, not in each of 25,000 calls at 1,005 articles."""
        if (known := self.memo.get("stances")) is None:
            known = self.memo["stances"] = {}
            for x in self.articles:
                for s in reversed(x.stances):
                    known.setdefault(s.proposal, {})[x.slug] = s.position
        return known.get(proposal, {})

    @cached_property
    def proposal_names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.voc.proposals}

    @cached_property
    def arguments(self) -> dict[str, Argument]:
        return {x.id: x for x in self.voc.arguments}

    def direction(self, a: Article, q: Quote) -> str:
        """Whether a quote argues for or against the proposal it bears on."""
        argument = self.arguments[q.argument]
        if q.proposal in argument.used_for and q.proposal not in argument.used_against:
            return "for"
        if q.proposal in argument.used_against and q.proposal not in argument.used_for:
            return "against"
        return "for" if self.stance(a, q.proposal) in ("supports", "conditional") else "against"

    def voice(self, q: Quote) -> str:
        """Who is speaking, for a quote that is not the author's own argument ("" when it is):
        "reported: Moscow", "conceded: the scheme's proponents"."""
        voice = self.voices[q.voice]
        return "" if voice.authors_own else f"{voice.name.lower()}: {q.speaker}"

    def tags(self, a: Article) -> list[str]:
        """An article's tags: its overall position and each proposal it discusses."""
        return [self.position_name(a.position)] + [self.proposal_names[p] for p in a.proposals]
