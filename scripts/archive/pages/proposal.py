"""Proposal pages (description, stance counts, arguments for and against, articles) and their index."""
from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from ..core import dates
from ..site import markup
from ..site.reuse import reused_html
from .listing import intro, paged
from ..site.structure import PAGE_SIZE, Site, article_path, date_key, date_label, link, page_names, paragraph_path, proposal_path

QUOTES_PER_ARGUMENT = 3  # on a proposal page; the argument's own page has them all
CLAIMS_AT_A_GLANCE = 3  # a side's claims under the page's title; all follow, with their quotes
DIRECTIONS = (("for", "For"), ("against", "Against"))


def proposal_pages(site: Site) -> dict[str, str]:
    pages = {}
    voc = site.voc
    rows = []
    links = stance_links(site)
    for p in voc.proposals:
        here = proposal_path(p.id)
        discussing = by_stance(site, p.id)
        on = site.stances_on(p.id)  # each listed article's stance: site.stance() of each, found once
        stances = [on[a.slug] for a in discussing]
        counts = [(pos, sum(1 for s in stances if s == pos.id), links.get((p.id, pos.id))) for pos in voc.positions]
        rows.append((p, len(discussing), counts))
        # The introduction is made from the proposal, the articles discussing it, where each
        # stance's group is listed, and the articles its text and history cite (reuse.py).
        cited = cited_articles(site, p)
        opening = reused_html(site, "proposal-intro", (p, discussing, counts, cited),
                              lambda: shown_intro(site, p, here, discussing, counts, cited))
        names = {pos.name: pos.id for pos in voc.positions}
        pages.update(paged(site, here.removesuffix(".md"), p.name, discussing, "listings/articles.html",
                           group=lambda a, on=on: site.positions[on[a.slug]].name,
                           anchor=lambda name: stance_anchor(names[name]),
                           intro=opening, meta={"description": p.description}, stance_on=p.id))
    body = site.templates.get("indexes/proposals.md").render(site=site, rows=rows, here="proposals/index.md")
    pages["proposals/index.md"] = markup.frontmatter({"title": "Proposals", "hide": ["toc"]}, body)
    return pages


def shown_intro(site: Site, p, here: str, discussing: list, counts: list, cited: list):
    """The introduction, when the articles discussing the proposal changed: made again only
    when what it shows of them changed (debated()), as most changed articles are in none of
    its quotes."""
    argued = sides(site, p.id, discussing)
    return reused_html(site, "proposal-intro", (p, debated(argued, QUOTES_PER_ARGUMENT), counts, cited),
                       lambda: proposal_intro(site, p, here, argued, counts))


def proposal_intro(site: Site, p, here: str, argued: list, counts: list) -> str:
    """`argued`: sides() of the articles discussing the proposal."""
    debate = site.templates.rendered("debate.html", site=site, here=here, sides=argued, shown=QUOTES_PER_ARGUMENT,
                                     stacked=lopsided([len(uses) for _, _, uses in argued]))
    glance = site.templates.rendered("glance.html", site=site, here=here, counts=counts, sides=argued,
                                     shown=CLAIMS_AT_A_GLANCE,
                                     stacked=lopsided([min(len(uses), CLAIMS_AT_A_GLANCE) for _, _, uses in argued]))
    return intro(site, "proposal.md", p=p, here=here, when=when(p.floated_when), glance=glance,
                 debate=debate, history=history(site, p, here), sources=sources(site, p), cite=citing(site, here))


def cited_articles(site: Site, p) -> list:
    """The articles a proposal's own text names (citing() links each slug in it) and its
    history quotes."""
    words = {e.article for o in p.origins for e in o.basis if e.article}
    for text in strings(p):
        words.update(markup.SLUG.findall(text))
    if (by_slug := site.memo.get("by_slug")) is None:
        by_slug = site.memo["by_slug"] = {a.slug: a for a in site.articles}
    return [by_slug[w] for w in sorted(words) if w in by_slug]


def strings(value) -> list[str]:
    """Every text in a vocabulary entry, its fields' fields included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in strings(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [t for name in value.__dataclass_fields__ for t in strings(getattr(value, name))]
    return []


def citing(site: Site, here: str):
    """Vocabulary text for page `here`, each slug of one of our articles a link with its title."""
    def resolve(slug: str):
        card = site.cards.get(slug)
        return card and (link(card.page, here), card.title)
    return lambda value: markup.cited(value, resolve)


def stance_anchor(position: str) -> str:
    return f"stance-{position}"


def by_stance(site: Site, proposal: str) -> list:
    """The articles discussing a proposal, grouped by their stance on it (in the positions'
    order), newest first within each (made once a build: three kinds of page list them)."""
    found = site.memo.get(("by_stance", proposal))
    if found is None:
        order = {pos.id: pos.order for pos in site.voc.positions}
        newest = sorted(site.discussing.get(proposal, ()), key=date_key, reverse=True)
        on = site.stances_on(proposal)
        found = site.memo[("by_stance", proposal)] = sorted(newest, key=lambda a: order[on[a.slug]])
    return found


def stance_links(site: Site) -> dict[tuple[str, str], str]:
    """(proposal, position) -> where the proposal's page lists the articles taking that stance;
    only for stances some article takes."""
    if (links := site.memo.get("stance_links")) is not None:
        return links
    links = site.memo["stance_links"] = {}
    for p in site.voc.proposals:
        first: dict[str, int] = {}  # each stance's first article in the listing (one pass, not one a position)
        on = site.stances_on(p.id)
        for i, a in enumerate(by_stance(site, p.id)):
            first.setdefault(on[a.slug], i)
        for pos in (pos for pos in site.voc.positions if pos.id in first):
            page = page_names(proposal_path(p.id).removesuffix(".md"), first[pos.id] // PAGE_SIZE + 1)[-1]
            links[p.id, pos.id] = f"{page}#{stance_anchor(pos.id)}"
    return links


def when(value: str | None) -> str | None:
    """An EDTF date in words; anything else as written; None when unknown."""
    if value and dates.problem(value) is None:
        return date_label(value)
    return value or None


def history(site: Site, p, here: str) -> list[SimpleNamespace]:
    """The proposal's origins as the page lists them, each with its evidence: a quote linked
    to its paragraph, or the sentence relied on in an external source, with its number in the
    page's list of sources."""
    by_slug = {a.slug: a for a in site.articles}
    numbers = cited(p)
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
                                     external=[(e.external, numbers[e.external]) for e in o.basis if e.external],
                                     date_sources=[numbers[s] for s in o.date.sources]))
    return steps


def sources(site: Site, p) -> list[SimpleNamespace]:
    """The external sources the proposal's history rests on, numbered in the order it cites
    them, each cited in Chicago author-date (the same CSL machinery as the articles) with the
    sentence relied on."""
    from ..site.citations import source_chicago
    return [SimpleNamespace(number=n, source=s, chicago=markup.built_html(source_chicago(site.citations, s)))
            for s, n in cited(p).items()]


def cited(p) -> dict:
    """Each external source of the proposal's history and its number, from 1."""
    from ..site.citations import history_sources
    numbers: dict = {}
    for source in history_sources(p):
        numbers.setdefault(source, len(numbers) + 1)
    return numbers


def sides(site: Site, proposal: str, discussing) -> list[tuple]:
    """(direction, heading, uses) for each side of the debate over a proposal, both from one
    pass over the articles: uses are (argument, own, others) for every argument made on that
    side, the quotes where the author makes it, then those where the author reports or concedes
    it (each as (article, quote, voice)); the most made by authors first."""
    found = {direction: (defaultdict(list), defaultdict(list)) for direction, _ in DIRECTIONS}
    made = quotes_on(site, proposal)
    for a in discussing:
        for q, way, voice in made.get(a.slug, ()):
            if way in found:
                found[way][1 if voice else 0][q.argument].append((a, q, voice))
    return [(direction, heading, ordered(site, *found[direction])) for direction, heading in DIRECTIONS]


def debated(argued: list[tuple], shown: int) -> list[tuple]:
    """What debate.html and glance.html show of sides() `argued` with `shown` quotes a claim:
    each side's claims in order, how many articles make each and report it, and its first
    `shown` quotes (their articles' titles, dates and paragraphs). A page's fragment keyed by
    this, not by every article discussing the proposal, is not made again when one changed
    article is among none of those quotes."""
    return [(direction, heading, [(argument, len(own), len(others), (own + others)[:shown]) for argument, own, others in uses])
            for direction, heading, uses in argued]


def lopsided(lengths: list[int]) -> bool:
    """Whether the sides, this many claims each, read better one under the other at full width
    than side by side: when one has under half the other's (a column of one claim beside four
    screens of the other's is mostly blank space)."""
    return min(lengths) * 2 < max(lengths)


def ordered(site: Site, own: dict[str, list], others: dict[str, list]) -> list[tuple]:
    """One side's uses (sides()), from its quotes by argument: the authors' own and others'."""
    order = sorted(own.keys() | others.keys(), key=lambda x: (-len(own[x]), -len(others[x]), x))
    return [(site.arguments[x], own[x], others[x]) for x in order]


def quotes_on(site: Site, proposal: str) -> dict[str, list[tuple]]:
    """Slug -> (quote, direction, voice) for each of the article's quotes on the proposal, in
    its order: worked out once a build, for both sides and the two pages that list them (the
    proposal's and the arguments' index), each in its own order of the articles."""
    found = site.memo.get(("quotes_on", proposal))
    if found is None:
        found = site.memo[("quotes_on", proposal)] = {}
        for a in site.discussing.get(proposal, ()):
            made = [(q, site.direction(a, q), site.voice(q)) for q in a.quotes if q.proposal == proposal]
            if made:
                found[a.slug] = made
    return found
