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
from ..site.reuse import entry_key, reused, reused_page
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
          kept: bool = True, **context) -> dict[str, str | bytes | Unchanged]:
    """`entries` grouped by `group` under headings, listed by the template `rows`, on pages of
    PAGE_SIZE so no page grows with the archive. `intro` (Markdown) opens the first page.
    `anchor(heading)`, when given, is the id of a group's heading (ours, so other pages can link it).
    A page docs/ holds as made from the same entries is keys.Unchanged (reuse.reused_page);
    `kept` False: its text all the same, for pages kept in a cache entry of their caller's."""
    chunks = [entries[i:i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    names = page_names(base, len(chunks))
    page = site.templates.get("listing_page.md")
    # Group headings sit one level below the intro's own sections ("## Articles"), else below the title.
    sections = re.search(r"^## ", intro, re.M) is not None
    pages = {}
    made = Rows(site, context.get("stance_on"), chunks, names) if rows == ARTICLES else None
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
                values = {**values, "rows": MADE_ROWS, "groups": [(heading, made(entries, here)) for heading, entries in groups]}
            return markup.frontmatter({"title": f"{title} {suffix}" if suffix else title, **(meta or {})},
                                      page.render(site=site, anchor=anchor, **values))
        parts = (values, anchors, meta)
        pages[here] = reused_page(site, "listing", parts, here, make) if kept else reused(site, "listing", parts, make)
    if made is not None:
        made.keep()
    return pages


def reused_pages(site, kind: str, parts, make: Callable[[], dict]) -> dict:
    """reused() for an entry of several pages of docs/ (path -> text): each keys.Unchanged when
    docs/ holds every page the last build made from the same entry, which is then not read."""
    store = site.cache
    if store is None or (key := entry_key(site, kind, parts)) is None:
        return make()
    name = store.name(key)
    if (made := site.memo.get("made_from")) is None:  # entry -> the pages the last build made of it
        made = site.memo["made_from"] = {}
        for rel, (entry, sha256) in store.before.items():
            made.setdefault(entry, []).append((rel, sha256))
    before = made.get(name, ())
    if before and all(isinstance(sha256, str) for _, sha256 in before):
        store.touch(kind, key)
        held: list[dict] = []

        def page(rel: str):
            if not held:
                held.append(store.entry(kind, key) or make())
            return held[0][rel]
        pages = {rel: Unchanged(sha256, lambda rel=rel: page(rel)) for rel, sha256 in before}
    else:
        pages = reused(site, kind, parts, make)
    for rel in pages:
        store.outputs[rel] = [name, None]
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

    def __init__(self, site: Site, stance_on: str | None, chunks: list, names: list[str]):
        self.site, self.stance_on, self.chunks, self.names = site, stance_on, chunks, names
        self.kept: dict[str, dict] = {}  # page -> its rows as kept, read when the page is made again
        self.made: dict[str, dict[str, str]] = {}  # page -> its rows as made this build

    def key(self, here: str) -> str | None:
        return self.site.cache and self.site.cache.hashed(["article-rows", here, repr(self.stance_on)])

    def name(self, a, here: str) -> str | None:
        made = self.site.keys.get(a.slug)
        return made and f"{made} {here}"

    def __call__(self, entries: list, here: str) -> list:
        """The rows of `entries`, a group of page `here`, as Markup (made from escaped parts by
        the template)."""
        if here not in self.kept:
            found = self.site.cache and self.site.cache.get("article-rows", self.key(here))
            self.kept[here] = found if isinstance(found, dict) else {}
        kept, made = self.kept[here], self.made.setdefault(here, {})
        row = self.site.templates.get("listings/article_row.html").module.row
        out = []
        for a in entries:
            name = self.name(a, here)
            html = kept.get(name) if name else None
            if html is None:
                html = str(row(self.site, a, href(self.site.cards[a.slug].page, here), self.stance_on))
            if name:
                made[name] = html
            out.append(markup.built_html(html))
        return out

    def keep(self) -> None:
        """Keep the rows for the next build: a page's untouched when the page was not made
        again (it was reused whole), else its rows as they are now (all made or read again)."""
        store = self.site.cache
        if store is None:
            return
        for here in self.names:
            if here not in self.kept:
                store.touch("article-rows", self.key(here))
            elif self.made.get(here, {}) != self.kept[here]:
                store.put("article-rows", self.key(here), self.made.get(here, {}))


def intro(site: Site, name: str, **context) -> str:
    """The Markdown that opens a page, from its template in templates/intros/."""
    return site.templates.rendered(f"intros/{name}", site=site, **context)
