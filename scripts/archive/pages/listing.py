"""Listing pages: entries under group headings, split into pages of PAGE_SIZE entries.

Listings are HTML blocks (entries of escaped text and links to built pages): MkDocs converts a
listing of 200 articles four times faster than the same list in Markdown, and listings are most
of what the index pages hold. Each kind of entry has its template in templates/listings/.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable

from ..site import markup
from ..keys import Unchanged
from ..site.reuse import reused_page
from ..site.structure import PAGE_SIZE, Site, href, link, page_names

NO_ARTICLE = "No article in the archive discusses this yet."


def grouped(entries: Iterable, group: Callable | None) -> list[tuple[str | None, list]]:
    """Consecutive entries with the same group heading (None: one group, no heading)."""
    groups: list[tuple[str | None, list]] = []
    for entry in entries:
        heading = group(entry) if group else None
        if not groups or heading != groups[-1][0]:
            groups.append((heading, []))
        groups[-1][1].append(entry)
    return groups


def paged(site: Site, base: str, title: str, entries: list, rows: str, *, group: Callable | None = None,
          anchor: Callable | None = None, intro: str = "", meta: dict | None = None, empty: str = NO_ARTICLE,
          made: "Rows | None" = None, **context) -> dict[str, str | bytes | Unchanged]:
    """`entries` grouped by `group` under headings, listed by the template `rows`, on pages of
    PAGE_SIZE so no page grows with the archive. `intro` (Markdown) opens the first page.
    `anchor(heading)`, when given, is the id of a group's heading (ours, so other pages can link it).
    A page docs/ holds as made from the same entries is keys.Unchanged (reuse.reused_page).
    `made`: the rows of a page made again, each made once (Rows; a listing of articles' own)."""
    chunks = [entries[i:i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    names = page_names(base, len(chunks))
    page = site.templates.get("listing_page.md")
    # Group headings sit one level below the intro's own sections ("## Articles"), else below the title.
    sections = re.search(r"^## ", intro, re.M) is not None
    pages = {}
    if made is None and rows == ARTICLES:
        made = Rows(site, context.get("stance_on"))
    if made is not None:
        made.names = names
    for k, chunk in enumerate(chunks):
        here = names[k]
        suffix = f"(page {k + 1} of {len(chunks)})" if len(chunks) > 1 else ""
        groups = grouped(chunk, group)
        values = dict(
            title=title, suffix=suffix, intro=intro if k == 0 else "",
            empty=empty if not entries else "", level="###" if k == 0 and sections else "##",
            groups=groups, rows=rows, here=here,
            previous=link(names[k - 1], here) if k > 0 else None,
            next=link(names[k + 1], here) if k + 1 < len(chunks) else None, **context)
        # A page whose entries, place and wording are those of a page made before is that page.
        anchors = anchor and [anchor(heading) for heading, _ in groups if heading is not None]

        def make(values=values, groups=groups, here=here, suffix=suffix):
            if made is not None:  # the same page, its rows made apart (Rows)
                values = {**values, "rows": made.template, "groups": [(heading, made(entries, here)) for heading, entries in groups]}
            return markup.frontmatter({"title": f"{title} {suffix}" if suffix else title, **(meta or {})},
                                      page.render(site=site, anchor=anchor, **values))
        parts = (values, anchors, meta)
        pages[here] = reused_page(site, "listing", parts, here, make)
    if made is not None:
        made.keep()
    return pages


ARTICLES = "listings/articles.html"
MADE_ROWS = "listings/made_rows.html"  # the same list, of rows made by listings/article_row.html


class Rows:
    """The rows of one listing of articles (listings/articles.html), each made once: kept in
    the build's cache a page at a time, as an argument's quotes are (pages/argument.py), each by
    the key its article was made with and the page it is on (its link is relative to that page);
    the entry's own key holds the page, the context and the code. Read only when its page is
    made again: one changed article makes its own row again, not the page's 200, and reads and
    writes the rows of its page, not the listing's thousands."""
    kind = "article-rows"
    template = MADE_ROWS  # what lists the rows made

    def __init__(self, site: Site, stance_on: str | None):
        self.site, self.stance_on = site, stance_on
        self.names: list[str] = []  # the listing's pages (paged())
        self.kept: dict[str, dict] = {}  # page -> its rows as kept, read when the page is made again
        self.made: dict[str, dict[str, str]] = {}  # page -> its rows as made this build

    def key(self, here: str) -> str | None:
        return self.site.cache and self.site.cache.hashed([self.kind, here, repr(self.stance_on)])

    def name(self, a, here: str) -> str | None:
        """A row's name among its page's: None when it has none (made every time)."""
        made = self.site.keys.get(a.slug)
        return made and f"{made} {here}"

    def row(self, a, here: str) -> str:
        row = self.site.templates.get("listings/article_row.html").module.row
        return str(row(self.site, a, href(self.site.cards[a.slug].page, here), self.stance_on))

    def shown(self, entry, html):
        """An entry's row as the template lists it."""
        return markup.built_html(html)

    def __call__(self, entries: list, here: str) -> list:
        """The rows of `entries`, a group of page `here`, as Markup (made from escaped parts by
        the template)."""
        if here not in self.kept:
            found = self.site.cache and self.site.cache.get(self.kind, self.key(here))
            self.kept[here] = found if isinstance(found, dict) else {}
        kept, made = self.kept[here], self.made.setdefault(here, {})
        out = []
        for entry in entries:
            name = self.name(entry, here)
            html = kept.get(name) if name else None
            if html is None:
                html = self.row(entry, here)
            if name:
                made[name] = html
            out.append(self.shown(entry, html))
        return out

    def keep(self) -> None:
        """Keep the rows for the next build: a page's untouched when the page was not made
        again (it was reused whole), else its rows as they are now (all made or read again)."""
        store = self.site.cache
        if store is None:
            return
        for here in self.names:
            if here not in self.kept:
                store.touch(self.kind, self.key(here))
            elif self.made.get(here, {}) != self.kept[here]:
                store.put(self.kind, self.key(here), self.made.get(here, {}))


def intro(site: Site, name: str, **context) -> str:
    """The Markdown that opens a page, from its template in templates/intros/."""
    return site.templates.rendered(f"intros/{name}", site=site, **context)
