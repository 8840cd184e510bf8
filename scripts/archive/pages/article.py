"""Article pages: metadata panel, text, arguments made, citations, record (templates/article.md).

The template gets the article and, worked out here, every link and name it shows: a template's
function calls cost several times a Python call, and an article page has about fifty."""
from __future__ import annotations

import re

from types import SimpleNamespace

from ..site import markup
from ..site import citations
from ..site.fragments import at_source
from ..core.names import slugify
from ..core.article import Article
from .removals import removed_lines
from ..site.structure import (
    ARTICLES_INDEX, plural, AUTHORS_UNKNOWN, Site, argument_path, article_path, author_link, date_label, href, position_path,
    proposal_path, publisher_path, raw_path, raw_source, tag_path,
)

KINDS_NAMED = 3  # in the removed lines' one-line summary; the rest are "other furniture"


def article_page(site: Site, a: Article, newer: Article | None, older: Article | None) -> str:
    meta = {
        "title": a.title,
        "description": a.standfirst or "",
        "authors": [x.name for x in a.authors],
        "authors_unknown": a.authors_unknown,
        "publisher": a.publisher,
        "date": a.date.value,
        "date_precision": a.date.precision,
        "position": a.position,
        "proposals": list(a.proposals),
        "stances": {s.proposal: s.position for s in a.stances},
        "arguments": sorted({q.argument for q in a.quotes}),
        "url": a.url,
        "tags": site.tags(a),
        # The tag chips would repeat the stances line; the tags are listed under "In the archive".
        "hide": ["tags"],
        "source": {"raw": raw_source(a.raw_name), "original_name": a.original_name, "sha256": a.sha256},
    }
    body = site.templates.get("article.md").render(a=a, v=view(site, a, newer, older))
    return markup.frontmatter(meta, body)


# What a byline has besides its names: "By", "and", separators.
BYLINE_WORDS = re.compile(r"(?i)\b(?:by|and|with)\b|[\s,;&|·]+")


def view(site: Site, a: Article, newer: Article | None, older: Article | None) -> SimpleNamespace:
    """What the page shows besides the article's own fields: links, names, citations."""
    here = article_path(a.slug)
    card = site.cards[a.slug]
    chicago, apa, bibtex = citations.formats(site.citations, site.voc, a)
    return SimpleNamespace(
        date=card.date,
        date_unknown=date_unknown(a),
        byline_adds=byline_adds(a),
        authors=[(href(author_link(x.name, x.slug), here), x.name, x.basis) for x in a.authors],
        authors_unknown=href(AUTHORS_UNKNOWN, here),
        publisher=(href(publisher_path(a.publisher), here), card.publisher),
        position=(href(position_path(a.position), here), site.voc.position(a.position)),
        stances=[(href(proposal_path(s.proposal), here), site.proposal_names[s.proposal],
                  href(position_path(s.position), here), site.voc.position(s.position), s.assigned_by, s.basis)
                 for s in a.stances],
        raw=href(raw_path(a.raw_name), here),
        raw_source=raw_source(a.raw_name),
        found_when=a.found_at and date_label(a.found_at.date),
        date_sources=[(markup.built_html(citations.source_chicago(site.citations, s)), s.quote) for s in a.date.sources],
        arguments=arguments_made(site, a, here),
        chicago=markup.built_html(chicago), apa=markup.built_html(apa), bibtex=bibtex.splitlines(),
        removed=removed_lines(a.removals),
        removed_summary=removed_summary(a),
        tags=[(href(tag_path(slugify(name)), here), name) for name in site.tags(a)],
        newer=newer and (href(article_path(newer.slug), here), newer.title),
        older=older and (href(article_path(older.slug), here), older.title),
        all_articles=href(ARTICLES_INDEX, here),
    )


def byline_adds(a: Article) -> bool:
    """Whether the article's byline says more than the authors row above it (a role, an
    affiliation), not only "By" and the same names: "By Andreas Umland" under "Authors:
    Andreas Umland" is said twice. A byline that adds nothing is shown in the record instead."""
    rest = a.byline or ""
    for author in a.authors:
        rest = rest.replace(author.name, " ")
    return bool(BYLINE_WORDS.sub("", rest))


def date_unknown(a: Article) -> str:
    """What of the publication date the sources leave open, when its words do not say it: an
    interval over months says "between" and needs nothing more."""
    start, end = a.date.earliest, a.date.latest
    if a.date.precision == "month":
        return "day unknown"
    if a.date.precision == "year":
        return "month unknown"
    if start == end:
        return ""
    if (start.year, start.month) == (end.year, end.month):
        return "the day is not known"
    # "between 23 November 2025 and the end of February 2026" says it: adding "(the day, month
    # and year are not known)" read as a contradiction of the day it gives.
    return ""


def arguments_made(site: Site, a: Article, here: str) -> list[tuple]:
    """The quotes grouped by what they argue: ((direction, proposal link, proposal name),
    [(argument link, claim, paragraph, quote, voice, at source), ...]), in the order the article
    makes them (the voice None where the argument is the author's own; at source: the link to
    the quoted sentence where the text is published and its words, None where unknown)."""
    groups: dict[tuple, list] = {}
    for q in a.quotes:
        key = (site.direction(a, q), href(proposal_path(q.proposal), here), site.proposal_names[q.proposal])
        groups.setdefault(key, []).append((href(argument_path(q.argument), here), site.arguments[q.argument].claim,
                                           q.paragraph, q.text, site.voice(q), at_source(a, q.text)))
    return list(groups.items())


def removed_summary(a: Article) -> str:
    """One line for the folded removed lines: how many, and of what ("33 lines of cookie banner,
    close button and related articles removed"), the most frequent kinds first."""
    if not a.removals:
        return "No line removed"
    counts: dict[str, int] = {}
    for r in a.removals:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    kinds = [k.replace("-", " ") for k in sorted(counts, key=lambda k: (-counts[k], k))]
    if len(kinds) > KINDS_NAMED:
        kinds = kinds[:KINDS_NAMED] + ["other furniture"]
    named = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return f"{plural(len(a.removals), 'line')} of {named} removed"
