"""The pages Pagefind indexes (exports/search.py runs it), made from the normaliser's own records.

What is indexed is what a reader searches for: an article's title, standfirst, byline, the
proposals it takes a stance on, and every body paragraph (each with its anchor `p-N`, so a result can point at the paragraph);
a proposal, argument, position or publisher by what it is about (its name, description,
definition). Listings, quotes repeated from the text, citations and records are left out: a
page that only lists articles never competes with the articles' own text.
"""
from __future__ import annotations

import html

from ..core import dates
from ..core.article import Article
from ..core.texts import LINE_CONTROL_RUNS, SLUG
from ..core.vocabulary import Vocabulary
from .search_shards import split

# Pagefind decodes the entities of a paragraph's text twice (a paragraph written "AT&amp;T"
# came back "AT&T", "&#x202e;" as U+202E). With each "&" of the text written as this
# non-character, which never reaches a source's text (texts.clean), nothing is left for the
# second decoding; the search page (search.js, AMPERSAND) turns it back into "&".
AMPERSAND = "\ufdd0"


def titled(value: str, titles: dict[str, str]) -> str:
    """Plain text in which each slug of one of our articles, as the pages' links find them
    (site/markup.cited), becomes the article's title in quotes: a reader never meets a slug.
    (Not in markup.py: this module is imported before Pagefind starts, and markup's Jinja is not needed then.)"""
    return SLUG.sub(lambda m: f"“{titles[m.group()]}”" if m.group() in titles else m.group(), value)


def escaped(value: str) -> str:
    """Source text as HTML text: Pagefind reads it as the text it is, never as markup."""
    return html.escape(LINE_CONTROL_RUNS.sub(" ", value).strip().replace("&", AMPERSAND), quote=True)


def element(tag: str, value: str | None, attributes: str = "") -> str:
    return f"<{tag}{attributes}>{escaped(value)}</{tag}>" if value else ""


def about(**values: str | None) -> str:
    """An article's authors, date and summary, kept with its result for the results list
    (Pagefind metadata) and left out of its text. What kind of page a result is, search.js
    reads from its address (articles/, proposals/...): Pagefind searches metadata too, and a
    kind "article" in every article made "Article 5" find them all."""
    return "".join(f'<span data-pagefind-ignore data-pagefind-meta="{key}">{escaped(value)}</span>'
                   for key, value in values.items() if value)


def page(title: str, *parts: str, weight: float | None = None) -> str:
    """An HTML page for the indexer only (readers never see it). `weight` ranks a whole page
    below the articles' text: its title and description count less than a paragraph."""
    rank = f' data-pagefind-weight="{weight}"' if weight is not None else ""
    body = "".join(parts)
    if weight is not None:
        body = f"<div{rank}>{body}</div>"
    return (f'<html lang="en"><head><title>{escaped(title)}</title></head>'
            f'<body><h1{rank}>{escaped(title)}</h1>{body}</body></html>')


def vocabulary_names(voc: Vocabulary) -> dict[str, str]:
    return {x.id: x.name for x in (*voc.publishers, *voc.proposals, *voc.positions)}


def shown(names: dict[str, str], a: Article) -> tuple[str, str]:
    """What an article's page here shows of the vocabularies: its publisher's name and its
    stances in words. The rest of the page is the article's own (Indexing's fingerprints)."""
    return (names.get(a.publisher, a.publisher),
            "; ".join(f"{names.get(s.proposal, s.proposal)}: {names.get(s.position, s.position)}" for s in a.stances))


def article_page(voc: Vocabulary, a: Article, names: dict[str, str] | None = None) -> str:
    """The article as its page shows it above and in the text: title, standfirst, who wrote
    and published it, the proposals it takes a stance on, the paragraphs, the author's note."""
    publisher, stances = shown(names or vocabulary_names(voc), a)
    byline = ", ".join(x.name for x in a.authors)
    credit = "; ".join(filter(None, (byline, publisher)))
    return page(a.title,
                about(author=byline or "author unknown", date=dates.in_words(a.date.value), summary=a.summary),
                element("p", a.standfirst),
                element("p", credit),
                element("p", stances),
                *(element("p", p.text, f' id="{p.anchor}"') for p in a.paragraphs),
                element("p", a.bio))


# Pages about a vocabulary entry count less than the articles: a reader searching a phrase
# wants the text that uses it first, then the page that names it.
ABOUT = 0.5


def vocabulary_pages(voc: Vocabulary, titles: dict[str, str]) -> dict[str, str]:
    """`titles`: each article's title by its slug, which the vocabularies cite (shown as the
    title, as the proposal pages show it)."""
    pages = {}
    for p in voc.proposals:
        variants = (element("p", titled(f"{v.name}: {v.description}", titles)) for v in p.variants)
        pages[f"proposals/{p.id}.html"] = page(p.name, element("p", titled(p.description, titles)),
                                               element("p", titled(p.floated_by or "", titles)), *variants, weight=ABOUT)
    for x in voc.arguments:
        pages[f"arguments/{x.id}.html"] = page(x.claim, element("p", x.description), weight=ABOUT)
    for x in voc.positions:
        pages[f"positions/{x.id}.html"] = page(x.name, element("p", x.definition), weight=ABOUT)
    for x in voc.publishers:
        pages[f"publishers/{x.id}.html"] = page(x.name, element("p", x.description), weight=ABOUT)
    return pages


def records(voc: Vocabulary, articles: list[Article]) -> dict[str, str]:
    """Site URL (relative to the site root) -> the HTML Pagefind indexes for it."""
    names = vocabulary_names(voc)
    pages = {f"articles/{a.slug}.html": article_page(voc, a, names) for a in articles}
    pages.update(vocabulary_pages(voc, {a.slug: a.title for a in articles}))
    return pages


def shards(voc: Vocabulary, articles: list[Article]) -> list[dict[str, str]]:
    """The pages (URL -> HTML) of each shard (search_shards.split)."""
    return split(records(voc, articles))
