"""Argument pages (every quote that makes the argument) and their index."""
from __future__ import annotations

from collections import defaultdict

from ..site import markup
from .listing import Rows, intro, paged
from .proposal import debated, sides
from ..site.reuse import reused_html
from ..site.fragments import at_source
from ..site.structure import Site, argument_path, href, paragraph_path


def quoted(site: Site, argument, uses: list, here: str) -> dict[str, str]:
    """An argument's pages: each quote that makes it, as listed (every listing page is in this
    page's folder, so links are the same). Each page is made from the argument and its quotes,
    each known by its article and its place there (an article's fingerprint is what it was made
    from: its quotes' repr() was a fifth of this function), so one changed article makes again
    the page that quotes it, not the argument's others."""
    quotes = [(site.proposal_names[q.proposal], a, i) for a, q, i in uses]
    opening = reused_html(site, "argument-intro", (argument,), lambda: intro(site, "argument.md", argument=argument))
    return paged(site, here.removesuffix(".md"), argument.claim, quotes, "listings/quotes.html",
                 group=lambda quote: quote[0], intro=opening, meta={"description": argument.description},
                 empty="No article in the archive makes this argument yet.", made=Quotes(site, argument))


class Quotes(Rows):
    """Each quote's entry in an argument's listing (listings/quote_row.html's row), made once: an
    argument's rows are kept a page at a time (Rows), each by the key its article was made with
    and the quote's place in it, so one changed article makes its own rows again, not the
    argument's hundreds."""
    kind = "argument-rows"
    template = "listings/quotes.html"

    def __init__(self, site: Site, argument):
        super().__init__(site, argument.id)

    def name(self, quote, here: str) -> str | None:
        _, a, i = quote
        made = self.site.keys.get(a.slug)
        return made and f"{made} {i}"

    def row(self, quote, here: str) -> str:
        _, a, i = quote
        q, site = a.quotes[i], self.site
        row = site.templates.get("listings/quote_row.html").module.row
        return str(row(q.text, href(paragraph_path(a.slug, q.paragraph), here), site.cards[a.slug],
                       site.direction(a, q), site.cards[a.slug].stances[q.proposal], site.voice(q), at_source(a, q.text)))

    def shown(self, quote, html):
        return quote[0], markup.built_html(html)


# Each byte its complement: a date's characters as 4 bytes each (UTF-32, big-endian) then read
# in the reverse order, a shorter date first where one begins the other, as a tuple of its
# characters' negated code points sorts (the order a page lists dates in), made in C.
FLIPPED = bytes(range(255, -1, -1))


def newest(value: str) -> bytes:
    """A date's value as a key that sorts the latest first (by its text, as written)."""
    return value.encode("utf-32-be", "surrogatepass").translate(FLIPPED)


def debate(site: Site, p, discussing: list, here: str):
    """A proposal's debate on the arguments index, when the articles discussing it changed:
    made again only when its claims as it shows them changed, without quotes (proposal.debated()):
    an article changed but for its arguments leaves it as it was."""
    argued = sides(site, p.id, discussing)
    return reused_html(site, "argument-debate", (p, debated(argued, 0)), lambda: site.templates.rendered(
        "debate.html", site=site, here=here, shown=0, stacked=False, sides=argued))


def argument_pages(site: Site) -> dict[str, str]:
    pages = {}
    voc = site.voc
    counted = []
    proposal_order = {p.id: i for i, p in enumerate(voc.proposals)}
    by_argument: dict[str, list] = defaultdict(list)
    for a in site.articles:
        for i, q in enumerate(a.quotes):
            by_argument[q.argument].append((a, q, i))
    newest_first = {a.slug: newest(a.date.value) for a in site.articles}  # once an article, not a quote
    for argument in voc.arguments:
        here = argument_path(argument.id)
        uses = by_argument[argument.id]
        # By proposal, then newest first.
        uses.sort(key=lambda u: (proposal_order[u[1].proposal], newest_first[u[0].slug]))
        counted.append((argument, len({a.slug for a, _, _ in uses})))
        pages.update(quoted(site, argument, uses, here))
    index = "arguments/index.md"
    debates = []
    for p in voc.proposals:
        discussing = site.discussing[p.id]
        # A proposal's debate is made from the proposal and the articles discussing it (reuse.py).
        debates.append((p, reused_html(site, "argument-debate", (p, discussing), lambda: debate(site, p, discussing, index))))
    unused = [argument for argument, count in counted if not count]
    body = site.templates.get("indexes/arguments.md").render(site=site, proposals=debates, unused=unused, here=index)
    pages["arguments/index.md"] = markup.frontmatter({"title": "Arguments"}, body)
    return pages
