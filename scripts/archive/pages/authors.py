"""Authors A to Z: a page per surname initial, an anchored entry per author listing their
articles, and an index that also lists the articles whose author is unknown."""
from __future__ import annotations

from collections import defaultdict

from ..site import markup
from ..site.reuse import reused_page
from .listing import MADE_ROWS, Rows
from ..core.names import author_letter
from ..site.structure import AUTHORS_INDEX, PAGE_SIZE, Site, author_letter_path


def author_pages(site: Site) -> dict[str, str]:
    pages = {}
    by_author: dict[str, list] = defaultdict(list)
    names = {}
    for a in site.articles:
        for x in a.authors:
            by_author[x.slug].append(a)
            names[x.slug] = x.name
    letters: dict[str, list[str]] = defaultdict(list)
    for slug in sorted(by_author, key=lambda s: (names[s].split()[-1].lower(), names[s].lower(), s)):
        letters[author_letter(names[slug])].append(slug)
    rows = []
    letter_page = site.templates.get("authors_letter.md")
    for letter in sorted(letters, key=lambda x: (x == "other", x)):
        here = author_letter_path(letter)
        label = "Other initials" if letter == "other" else letter.upper()
        slugs = letters[letter]
        rows.append((here, label, [(slug, names[slug], len(by_author[slug])) for slug in slugs]))
        authors = [(slug, names[slug], by_author[slug]) for slug in slugs]

        made = Rows(site, None)  # each author's articles listed by rows made once
        made.names = [here]

        def make(here=here, label=label, authors=authors, made=made):
            listed = [(slug, name, made(entries, here)) for slug, name, entries in authors]
            body = letter_page.render(site=site, here=here, label=label, authors=listed, rows=MADE_ROWS)
            return markup.frontmatter({"title": f"Authors: {label}"}, body)
        # A letter's page is made from its authors and their articles (reuse.py).
        pages[here] = reused_page(site, "listing", ("authors", here, label, authors), here, make)
        made.keep()
    unknown = [a for a in site.articles if not a.authors]

    def index() -> str:
        body = site.templates.get("indexes/authors.md").render(
            site=site, here=AUTHORS_INDEX, rows=rows, entries=unknown[:PAGE_SIZE], more=len(unknown[PAGE_SIZE:]),
            stance_on=None)
        return markup.frontmatter({"title": "Authors"}, body)
    pages[AUTHORS_INDEX] = reused_page(site, "listing", ("authors", rows, unknown[:PAGE_SIZE], len(unknown)),
                                       AUTHORS_INDEX, index)
    return pages
