"""Proposal pages (description, stance counts, arguments for and against, articles) and their index."""
from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from .. import dates, markup
from .listing import intro, paged
from .site import Site, article_path, date_label, link, paragraph_path, proposal_path, year

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
                        arguments=arguments, shown=QUOTES_PER_ARGUMENT, history=history(site, p, here))
        pages.update(paged(site, here.removesuffix(".md"), p.name, discussing, "listings/articles.html",
                           group=year, intro=opening, meta={"description": p.description}, stance_on=p.id))
    body = markup.template("indexes/proposals.md").render(site=site, rows=rows, here="proposals/index.md")
    pages["proposals/index.md"] = markup.frontmatter({"title": "Proposals"}, body)
    return pages


def when(value: str | None) -> str | None:
    """An EDTF date in words; anything else as written; None when unknown."""
    if value and dates.problem(value) is None:
        return date_label(value)
    return value or None


def history(site: Site, p, here: str) -> list[SimpleNamespace]:
    """The proposal's origins as the page lists them, each with its evidence: a quote linked
    to its paragraph, or external evidence as written."""
    by_slug = {a.slug: a for a in site.articles}
    steps = []
    for o in p.origins:
        quoted = []
        for e in o.basis:
            a = by_slug.get(e.article)
            if a:  # tests hold every quote to be in its article; the link falls back to the page
                number = next((x.number for x in a.paragraphs if e.quote in x.text), None)
                target = paragraph_path(a.slug, number) if number else article_path(a.slug)
                quoted.append(SimpleNamespace(quote=e.quote, title=a.title, link=link(target, here)))
        steps.append(SimpleNamespace(event=site.voc.origin_event(o.event).name, by=o.by, date=date_label(o.date.value),
                                     date_basis=o.date.basis, note=o.note, quoted=quoted,
                                     external=[e.external for e in o.basis if e.external]))
    return steps


def argument_uses(site: Site, proposal: str, discussing, direction: str) -> list[tuple]:
    """(argument, own, others) for every argument made in `direction` of the proposal: the
    quotes where the author makes it, then those where the author reports or concedes it
    (each as (article, quote, voice)); the most made by authors first."""
    own: dict[str, list] = defaultdict(list)
    others: dict[str, list] = defaultdict(list)
    for a in discussing:
        for q in a.quotes:
            if q.proposal == proposal and site.direction(a, q) == direction:
                voice = site.voice(q)
                (others if voice else own)[q.argument].append((a, q, voice))
    order = sorted(own.keys() | others.keys(), key=lambda x: (-len(own[x]), -len(others[x]), x))
    return [(site.voc.argument(x), own[x], others[x]) for x in order]
