"""One article's data through the stages, as frozen dataclasses: its raw lines, what cleaning
removed, what extraction found, the editor's record and the article the pages are made from."""
from __future__ import annotations

from dataclasses import dataclass, field

from .vocabulary import DateInfo


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the raw file
    text: str  # NFC, whitespace collapsed, stripped; never empty


@dataclass(frozen=True)
class RawArticle:
    slug: str
    path: str
    sha256: str
    size: int
    lines: tuple[Line, ...]
    notes: tuple[str, ...]  # what reading changed, e.g. "removed a byte-order mark"


@dataclass(frozen=True)
class Removal:
    line: int
    rule: str
    kind: str
    text: str
    moved_to: str | None = None  # set when the line was lifted into a metadata field
    evidence: str | None = None  # what put it there, when no rule's words did (region.py)


@dataclass(frozen=True)
class CleanArticle:
    raw: RawArticle
    kept: tuple[Line, ...]
    removals: tuple[Removal, ...]
    lifted: tuple[tuple[str, Line], ...]  # (field, line) pairs lifted by rules
    headline: Line | None = None  # the page's headline among the kept lines, or None if it has none


@dataclass(frozen=True)
class Extracted:
    title: Line | None
    standfirst: Line | None
    byline: tuple[str, ...]
    byline_line: Line | None
    bio: Line | None
    caption: Line | None
    credit: str | None
    credit_line: Line | None
    body: tuple[Line, ...]


@dataclass(frozen=True)
class Author:
    name: str
    slug: str
    basis: str


@dataclass(frozen=True)
class Stance:
    proposal: str
    position: str
    basis: str
    assigned_by: str


@dataclass(frozen=True)
class Quote:
    argument: str
    proposal: str
    text: str
    paragraph: int  # 1-based index of the body paragraph it comes from
    voice: str = "own"  # who is speaking: an id from vocabularies/voices.yml
    speaker: str | None = None  # whose view it is, when the author reports or concedes one


@dataclass(frozen=True)
class ArgumentUse:
    """An argument as a record lists it: the quote, the proposal it bears on, who is speaking."""
    argument: str
    proposal: str
    quote: str
    voice: str = "own"
    speaker: str | None = None


@dataclass(frozen=True)
class SavedPage:
    """An article added as a saved web page: the page kept byte for byte, and how its text
    (the .txt beside it) was derived."""
    file: str  # <slug>.html in sources/articles/
    sha256: str
    extractor: str  # e.g. "trafilatura 2.3.1"
    article: tuple[int, ...]  # the text's lines the extractor kept as the article


@dataclass(frozen=True)
class Record:
    """An editor's record of one article, validated."""
    path: str
    title: str | None
    standfirst: str | None
    url: str | None
    url_basis: str | None
    publisher: str
    publisher_basis: str
    date: DateInfo
    authors: tuple[tuple[str, str], ...]  # (name, basis)
    authors_unknown: str | None
    editor: str
    position: str
    position_basis: str
    stances: tuple[Stance, ...]
    arguments: tuple[ArgumentUse, ...]
    original_name: str
    sha256: str
    found_at: "Found | None" = None
    # The article's first and last raw line, when the editor reads the page otherwise than
    # the region stage did (region.py): what lies outside is removed, what lies inside kept.
    region: tuple[int, int] | None = None
    page: SavedPage | None = None  # set when the article was added as a saved web page
    summary: str | None = None  # the editor's one line of what the article argues


@dataclass(frozen=True)
class Found:
    """An address the dump does not state, where an external search found the same text: the
    address, when it was found (EDTF) and how."""
    url: str
    date: str
    basis: str


@dataclass(frozen=True)
class Paragraph:
    number: int
    line: int
    text: str

    @property
    def anchor(self) -> str:
        return f"p-{self.number}"


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    standfirst: str | None
    authors: tuple[Author, ...]
    authors_unknown: str | None
    publisher: str
    publisher_basis: str
    url: str | None
    url_basis: str | None
    date: DateInfo
    position: str
    position_basis: str
    editor: str
    stances: tuple[Stance, ...]
    quotes: tuple[Quote, ...]
    paragraphs: tuple[Paragraph, ...]
    byline: str | None
    bio: str | None
    caption: str | None
    credit: str | None
    removals: tuple[Removal, ...]
    raw_name: str
    original_name: str
    sha256: str
    reading_notes: tuple[str, ...] = field(default=())
    found_at: Found | None = None  # an address the dump does not state, found outside it
    summary: str | None = None  # the editor's one line of what the article argues (the record's)

    @property
    def proposals(self) -> tuple[str, ...]:
        return tuple(s.proposal for s in self.stances)
