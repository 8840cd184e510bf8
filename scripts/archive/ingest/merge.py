"""Merge stage: join what was extracted from an article with its editor's record."""
from __future__ import annotations

from dataclasses import replace

from ..core.names import author_slugs, identity, invisible, slugify
from ..core.article import Article, Author, CleanArticle, Extracted, Paragraph, Quote, Record
from ..core.problems import Problem
from ..core.vocabulary import Vocabulary


def merge(clean: CleanArticle, found: Extracted, record: Record, voc: Vocabulary,
          title_max_chars: int, problems: list[Problem]) -> Article | None:
    raw = clean.raw
    start = len(problems)

    def problem(where: str, message: str) -> None:
        problems.append(Problem(record.path, where, message))

    if record.sha256 != raw.sha256:
        problem("source.sha256", f"is {record.sha256} but the raw file {raw.slug}.txt has {raw.sha256}; raw files are never edited: restore it, or update the record if the file was replaced on purpose")
    title = record.title or (found.title.text if found.title else None)
    if not title:
        problem("title", "the text has no title line; write the title in the record")
    elif len(title) > title_max_chars:
        problem("title", f"the extracted title is {len(title):,} characters (at most {title_max_chars}); write the real title in the record's title field")
    elif wrong := invisible(title):
        problem("title", wrong.replace("write it", "write the title"))
    paragraphs = tuple(Paragraph(n, line.number, line.text) for n, line in enumerate(found.body, 1))
    if not paragraphs:
        problem("body", "nothing of the article is left after cleaning; check the raw file and the boilerplate rules (is it only boilerplate?)")
    quotes = []
    for i, use in enumerate(record.arguments):
        where = [p for p in paragraphs if use.quote in p.text]
        if not where:
            problem(f"arguments[{i}].quote", f"{shorten(use.quote)!r} is not a verbatim passage of one body paragraph of {raw.slug}.txt (quotes must be copied exactly, within one paragraph)")
        else:
            quotes.append(Quote(use.argument, use.proposal, use.quote, where[0].number, use.voice, use.speaker))
    if len(problems) > start:
        return None
    return Article(
        slug=raw.slug, title=title, standfirst=record.standfirst or (found.standfirst.text if found.standfirst else None),
        authors=tuple(Author(name, slugify(name), basis) for name, basis in record.authors),
        authors_unknown=record.authors_unknown, publisher=record.publisher,
        publisher_basis=record.publisher_basis, url=record.url, url_basis=record.url_basis, found_at=record.found_at,
        date=record.date, position=record.position, position_basis=record.position_basis,
        editor=record.editor, stances=record.stances, quotes=tuple(quotes), paragraphs=paragraphs,
        byline=found.byline_line.text if found.byline_line else None,
        bio=found.bio.text if found.bio else None,
        caption=found.caption.text if found.caption else None, credit=found.credit,
        removals=clean.removals, raw_name=f"{raw.slug}.txt", original_name=record.original_name,
        sha256=raw.sha256, reading_notes=raw.notes, summary=record.summary,
    )


def authors_apart(articles: list[Article], problems: list[Problem]) -> list[Article]:
    """The articles with every author's slug unique (names.author_slugs); a name that reads
    the same as another but is written differently is a problem."""
    first: dict[str, tuple[str, str]] = {}  # identity: (name as first written, record)
    for a in sorted(articles, key=lambda a: a.slug):
        for i, x in enumerate(a.authors):
            seen = first.setdefault(identity(x.name), (x.name, record_path(a)))
            if seen[0] != x.name:
                problems.append(Problem(record_path(a), f"authors[{i}].name", f"{x.name!r} is written {seen[0]!r} in {seen[1]}: write an author's name the same way in every record (letter case, invisible characters and compatibility forms such as full-width letters only change how it looks)"))
    slugs = author_slugs(x.name for a in articles for x in a.authors)
    # Most slugs are those merge() gave: only an article with a renumbered author is remade.
    return [replace(a, authors=tuple(replace(x, slug=slugs[x.name]) for x in a.authors))
            if any(x.slug != slugs[x.name] for x in a.authors) else a for a in articles]


def record_path(a: Article) -> str:
    return f"sources/articles/{a.slug}.yml"


def shorten(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
