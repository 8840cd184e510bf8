"""Proposal pages (description, stance counts, arguments for and against, articles) and their index."""
from __future__ import annotations

import re
from collections import defaultdict

from .. import markup
from .listing import intro, paged
from .site import Site, date_label, proposal_path, year

QUOTES_PER_ARGUMENT = 3  # on a proposal page; the argument's own page has them all
DIRECTIONS = (("against", "Arguments against"), ("for", "Arguments for"))


def proposal_pages(site: Site) -> dict[str, str]:
    pages = {}
    voc = site.voc
    rows = []
    for p in voc.proposals:
        here = proposal_path(p.id)
        discussing = [a for a in site.articles if p.id in a.proposals]
        stances = [site.stance(a, p.id) for a in discussing]
        counts = [(pos, sum(1 for s in stances if s == pos.id)) for pos in voc.positions]
        rows.append((p, len(discussing), counts))
        arguments = [(direction, heading, argument_uses(site, p.id, discussing, direction))
                     for direction, heading in DIRECTIONS]
        opening = intro(site, "proposal.md", p=p, here=here, when=when(p.floated_when), counts=counts,
                        arguments=arguments, shown=QUOTES_PER_ARGUMENT)
        pages.update(paged(site, here.removesuffix(".md"), p.name, discussing, "listings/articles.html",
                           group=year, intro=opening, meta={"description": p.description}, stance_on=p.id))
    body = markup.template("indexes/proposals.md").render(site=site, rows=rows, here="proposals/index.md")
    pages["proposals/index.md"] = markup.frontmatter({"title": "Proposals"}, body)
    return pages


def when(value: str | None) -> str | None:
    """A date as a date label; anything else ("early 2025") as written; None when unknown."""
    if value and re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return date_label(value)
    return value or None


def argument_uses(site: Site, proposal: str, discussing, direction: str) -> list[tuple]:
    """(argument, [(article, quote), ...]) for every argument made in `direction` of the
    proposal, the most used first."""
    by_argument: dict[str, list] = defaultdict(list)
    for a in discussing:
        for q in a.quotes:
            if q.proposal == proposal and site.direction(a, q) == direction:
                by_argument[q.argument].append((a, q))
    order = sorted(by_argument, key=lambda x: (-len(by_argument[x]), x))
    return [(site.voc.argument(x), by_argument[x]) for x in order]
