"""Argument pages (every quote that makes the argument) and their index."""
from __future__ import annotations

from collections import defaultdict

from ..site import markup
from .listing import intro, paged, reused_pages
from .proposal import sides
from ..site.reuse import reused_html
from ..site.fragments import at_source
from ..site.structure import Site, argument_path, href, paragraph_path


def quoted(site: Site, argument, uses: list, here: str) -> dict[str, str]:
    """An argument's pages: each quote that makes it, as listed (every listing page is in this
    page's folder, so links are the same)."""
    quotes = [(site.voc.proposal(q.proposal).name, row) for (_, q, _), row in zip(uses, rows(site, argument, uses, here))]
    return paged(site, here.removesuffix(".md"), argument.claim, quotes, "listings/quotes.html",
                 group=lambda quote: quote[0],
                 intro=intro(site, "argument.md", argument=argument),
                 meta={"description": argument.description},
                 empty="No article in the archive makes this argument yet.", kept=False)  # in the "argument" entry


def rows(site: Site, argument, uses: list, here: str) -> list:
    """Each quote's entry in the listing (listings/quotes.html's row), made once: an argument's
    rows are kept together in the build's cache, each by the key its article was made with and
    the quote's place in it (the entry's own key holds the vocabularies and the code), so one
    changed article makes its own rows again, not the argument's hundreds."""
    row = site.templates.get("listings/quote_row.html").module.row
    store, key = site.cache, rows_key(site, argument)
    kept = (store and store.get("argument-rows", key)) or {}
    made, out = {}, []
    for a, q, i in uses:
        name = site.keys.get(a.slug) and f"{site.keys[a.slug]} {i}"
        html = kept.get(name) if name else None
        if html is None:
            html = str(row(q.text, href(paragraph_path(a.slug, q.paragraph), here), site.cards[a.slug],
                           site.direction(a, q), site.cards[a.slug].stances[q.proposal], site.voice(q), at_source(a, q.text)))
        if name:
            made[name] = html
        out.append(markup.built_html(html))
    if store and made != kept:
        store.put("argument-rows", key, made)
    return out


def rows_key(site: Site, argument) -> str | None:
    return site.cache and site.cache.hashed(["argument-rows", argument.id])


def argument_pages(site: Site) -> dict[str, str]:
    pages = {}
    voc = site.voc
    counted = []
    proposal_order = {p.id: i for i, p in enumerate(voc.proposals)}
    by_argument: dict[str, list] = defaultdict(list)
    for a in site.articles:
        for i, q in enumerate(a.quotes):
            by_argument[q.argument].append((a, q, i))
    newest_first = {a.slug: tuple(-ord(c) for c in a.date.value) for a in site.articles}  # once an article, not a quote
    for argument in voc.arguments:
        here = argument_path(argument.id)
        uses = by_argument[argument.id]
        # By proposal, then newest first.
        uses.sort(key=lambda u: (proposal_order[u[1].proposal], newest_first[u[0].slug]))
        counted.append((argument, len({a.slug for a, _, _ in uses})))
        # An argument's pages are made from the argument and the quotes that make it (reuse.py),
        # each known by its article and its place there (an article's fingerprint is what it was
        # made from: its quotes' repr() was a fifth of this function).
        made_of = (argument, [(a, i) for a, _, i in uses])
        pages.update(reused_pages(site, "argument", made_of, lambda: quoted(site, argument, uses, here)))
        if site.cache is not None:  # its rows stay for the next change, though unread when the pages were reused
            site.cache.touch("argument-rows", rows_key(site, argument))
    index = "arguments/index.md"
    debates = []
    for p in voc.proposals:
        discussing = site.discussing[p.id]
        # A proposal's debate is made from the proposal and the articles discussing it (reuse.py).
        debates.append((p, reused_html(site, "argument-debate", (p, discussing), lambda: site.templates.rendered(
            "debate.html", site=site, here=index, shown=0, stacked=False, sides=sides(site, p.id, discussing)))))
    unused = [argument for argument, count in counted if not count]
    body = site.templates.get("indexes/arguments.md").render(site=site, proposals=debates, unused=unused, here=index)
    pages["arguments/index.md"] = markup.frontmatter({"title": "Arguments"}, body)
    return pages
