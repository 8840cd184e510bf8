"""Render stage: articles and vocabularies into Markdown pages (path -> text).

Source text is data: everything that comes from an article or a record goes through
`text()` (inline) or `paragraph()` (a block), which escape whatever Markdown or HTML
would otherwise interpret. Only this module writes Markdown syntax.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import yaml

from .model import Article, Vocabulary

PAGE_SIZE = 200  # listing entries per page: keeps index pages small at any archive size
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

_INLINE = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;",
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "{": "\\{", "}": "\\}", "#": "\\#",
})
# Block syntax recognised at the start of a line: lists, rules, admonitions, "1." ...
_LINE_START = re.compile(r"^(?:(?P<mark>[-+!])|(?P<number>\d+)(?P<dot>[.)])|(?P<other>[=:~%^?]))")


def text(value: str) -> str:
    """Escape source text for any inline Markdown context (paragraph, heading, link, table)."""
    escaped = value.translate(_INLINE)
    m = _LINE_START.match(escaped)
    if m is None:
        return escaped
    if m["mark"]:
        start = "\\" + m["mark"]
    elif m["number"]:
        start = m["number"] + "\\" + m["dot"]
    else:
        start = f"&#{ord(m['other'])};"
    return start + escaped[m.end():]


def paragraph(value: str, anchor: str) -> str:
    """A body paragraph with a stable anchor (attr_list); the anchor line is ours, never source text."""
    return f"{text(value)}\n{{: #{anchor} }}\n"


def frontmatter(meta: dict, body: str) -> str:
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return f"---\n{dumped}---\n\n{body.rstrip()}\n"


# --- dates and sorting ---------------------------------------------------------

def date_label(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def newest_first(articles) -> list[Article]:
    # A year-only date sorts after the dated articles of that year: its month is unknown.
    return sorted(articles, key=lambda a: (a.date.value.ljust(10, "0"), a.slug), reverse=True)


# --- page addresses --------------------------------------------------------------

def link(target: str, here: str) -> str:
    """A relative link from page `here` to page `target` (both docs-relative .md paths)."""
    up = here.count("/")
    return "../" * up + target


@dataclass(frozen=True)
class Site:
    voc: Vocabulary
    articles: tuple[Article, ...]

    def position_name(self, id: str) -> str:
        return self.voc.position(id).name


def article_path(slug: str) -> str:
    return f"articles/{slug}.md"


def render(voc: Vocabulary, articles: list[Article], raw: dict[str, bytes], home: str) -> dict[str, str | bytes]:
    site = Site(voc, tuple(newest_first(articles)))
    pages: dict[str, str | bytes] = {}
    ordered = site.articles
    for i, article in enumerate(ordered):
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        pages[article_path(article.slug)] = article_page(site, article, newer, older)
        pages[f"removed/{article.slug}.md"] = removed_page(site, article)
        pages[f"raw/{article.raw_name}"] = raw[article.slug]
    pages.update(listing_pages("articles/index", "Articles", intro_articles(site), ordered, site, "articles"))
    pages.update(proposal_pages(site))
    pages.update(position_pages(site))
    pages.update(author_pages(site))
    pages.update(publisher_pages(site))
    pages["index.md"] = home_page(site, home)
    return pages


# --- shared pieces ------------------------------------------------------------------

def article_entry(site: Site, a: Article, here: str, stance_on: str | None = None) -> str:
    authors = ", ".join(text(x.name) for x in a.authors) or "author unknown"
    publisher = site.voc.publisher(a.publisher).name
    if stance_on:
        pid = next(s.position for s in a.stances if s.proposal == stance_on)
        judgement = f"**{site.position_name(pid)}**"
    else:
        judgement = f"**{site.position_name(a.position)}**"
    return (f"- {date_label(a.date.value)} · [{text(a.title)}]({link(article_path(a.slug), here)}) · "
            f"{authors} · {text(publisher)} · {judgement}")


def listing_pages(base: str, title: str, intro: str, articles, site: Site, section: str,
                  stance_on: str | None = None, meta: dict | None = None) -> dict[str, str]:
    """A list of articles, newest first, split into pages of PAGE_SIZE grouped by year."""
    chunks = [articles[i:i + PAGE_SIZE] for i in range(0, len(articles), PAGE_SIZE)] or [[]]
    pages = {}
    names = [f"{base}.md"] + [f"{base}-page-{k}.md" for k in range(2, len(chunks) + 1)]
    for k, chunk in enumerate(chunks):
        here = names[k]
        lines = [f"# {text(title)}" + (f" (page {k + 1} of {len(chunks)})" if len(chunks) > 1 else ""), ""]
        if k == 0 and intro:
            lines += [intro, ""]
        if not articles:
            lines += ["No article in the archive discusses this yet.", ""]
        year = None
        for a in chunk:
            if a.date.value[:4] != year:
                year = a.date.value[:4]
                lines += ["", f"### {year}", ""]
            lines.append(article_entry(site, a, here, stance_on))
        if len(chunks) > 1:
            nav = []
            if k > 0:
                nav.append(f"[← Newer articles]({link(names[k - 1], here)})")
            if k + 1 < len(chunks):
                nav.append(f"[Older articles →]({link(names[k + 1], here)})")
            lines += ["", " · ".join(nav)]
        page_meta = dict(meta or {})
        page_meta.setdefault("title", title)
        pages[here] = frontmatter(page_meta, "\n".join(lines))
    return pages


def stance_table(site: Site, stances) -> str:
    counts = defaultdict(int)
    for s in stances:
        counts[s] += 1
    rows = ["| Position | Articles |", "| --- | ---: |"]
    for p in site.voc.positions:
        rows.append(f"| {text(p.name)} | {counts[p.id]} |")
    return "\n".join(rows)


def intro_articles(site: Site) -> str:
    return f"All {len(site.articles)} articles in the archive, newest first. Each shows its date, authors, publisher and overall position."


# --- article pages ------------------------------------------------------------------

def article_page(site: Site, a: Article, newer: Article | None, older: Article | None) -> str:
    here = article_path(a.slug)
    voc = site.voc
    meta = {
        "title": a.title,
        "description": a.standfirst or "",
        "authors": [x.name for x in a.authors],
        "authors_unknown": a.authors_unknown,
        "publisher": a.publisher,
        "date": a.date.value,
        "date_precision": a.date.precision,
        "date_basis": a.date.basis,
        "position": a.position,
        "position_basis": a.position_basis,
        "proposals": list(a.proposals),
        "stances": {s.proposal: s.position for s in a.stances},
        "url": a.url,
        "tags": tags_for(site, a),
        "source": {"raw": f"sources/articles/{a.raw_name}", "original_name": a.original_name, "sha256": a.sha256},
    }
    out = [f"# {text(a.title)}", ""]
    if a.standfirst:
        out += [f"*{text(a.standfirst)}*", ""]
    authors = ", ".join(f"[{text(x.name)}]({link(f'authors/{x.slug}.md', here)})" for x in a.authors)
    if not authors:
        authors = f"Unknown ([why]({link('authors/index.md', here)}#unknown)): {text(a.authors_unknown or '')}"
    publisher = voc.publisher(a.publisher)
    out += [
        "## About this article",
        "",
        f"- **Authors:** {authors}",
        f"- **Publisher:** [{text(publisher.name)}]({link(f'publishers/{publisher.id}.md', here)})",
        f"- **Published:** {date_label(a.date.value)} (known to the {a.date.precision}; basis: {text(a.date.basis)})",
        f"- **Overall position:** [{text(site.position_name(a.position))}]({link(f'positions/{a.position}.md', here)}) (basis: {text(a.position_basis)})",
        "- **Proposals discussed:**",
    ]
    for s in a.stances:
        p = voc.proposal(s.proposal)
        out.append(f"    - [{text(p.name)}]({link(f'proposals/{p.id}.md', here)}): "
                   f"[{text(site.position_name(s.position))}]({link(f'positions/{s.position}.md', here)})")
    address = f"<{a.url}>" if a.url else f"unknown ({text(a.url_basis or '')})"
    out += [
        f"- **Original address:** {address}",
        f"- **Source:** the raw page dump [{text(a.raw_name)}]({link(f'raw/{a.raw_name}', here)}) "
        f"(original file `{text(a.original_name).replace(chr(92), '')}`, SHA-256 `{a.sha256}`)",
        f"- **Cleaning:** [{len(a.removals)} lines of page furniture removed]({link(f'removed/{a.slug}.md', here)})",
        "",
    ]
    if a.caption or a.credit:
        out += ["*Image:* " + " ".join(text(x) for x in (a.caption, a.credit and f"({a.credit})") if x), ""]
    if a.byline:
        out += [text(a.byline), ""]
    out += ["## Text", ""]
    for p in a.paragraphs:
        out.append(paragraph(p.text, p.anchor))
    if a.bio:
        out += ["## About the author", "", text(a.bio), ""]
    out += ["## In the archive", ""]
    nav = []
    if newer:
        nav.append(f"Newer: [{text(newer.title)}]({link(article_path(newer.slug), here)})")
    if older:
        nav.append(f"Older: [{text(older.title)}]({link(article_path(older.slug), here)})")
    nav.append(f"[All articles]({link('articles/index.md', here)})")
    out += [f"- {x}" for x in nav]
    return frontmatter(meta, "\n".join(out))


def tags_for(site: Site, a: Article) -> list[str]:
    return [site.position_name(a.position)] + [site.voc.proposal(p).name for p in a.proposals]


def removed_page(site: Site, a: Article) -> str:
    here = f"removed/{a.slug}.md"
    out = [
        f"# Removed from: {text(a.title)}", "",
        f"What the normaliser took out of the raw page dump [{text(a.raw_name)}]({link(f'raw/{a.raw_name}', here)}) "
        f"before publishing [the article]({link(article_path(a.slug), here)}). Each line names the rule "
        "(its file in `sources/boilerplate/` and its id) and the kind of page furniture.", "",
    ]
    if a.reading_notes:
        out += ["## While reading the file", ""] + [f"- {text(n)}" for n in a.reading_notes] + [""]
    out += ["## Removed lines", "", "| Line | Kind | Rule | Text |", "| ---: | --- | --- | --- |"]
    for r in a.removals:
        kind = r.kind + (f" (moved to {r.moved_to})" if r.moved_to else "")
        out.append(f"| {r.line} | {text(kind)} | `{r.rule}` | {text(r.text)} |")
    if not a.removals:
        out.append("| | | | Nothing was removed. |")
    return frontmatter({"title": f"Removed from: {a.title}", "search": {"exclude": True}}, "\n".join(out))


# --- entity pages ----------------------------------------------------------------------

def proposal_pages(site: Site) -> dict[str, str]:
    pages = {}
    index = ["# Proposals", "", "Every proposal discussed in the archive, with how many articles take each position on it.", "",
             "| Proposal | Kind | Articles | " + " | ".join(text(p.name) for p in site.voc.positions) + " |",
             "| --- | --- | ---: | " + " | ".join("---:" for _ in site.voc.positions) + " |"]
    for p in site.voc.proposals:
        here = f"proposals/{p.id}.md"
        discussing = [a for a in site.articles if p.id in a.proposals]
        stances = [s.position for a in discussing for s in a.stances if s.proposal == p.id]
        counts = [sum(1 for s in stances if s == pos.id) for pos in site.voc.positions]
        index.append(f"| [{text(p.name)}]({p.id}.md) | {p.kind} | {len(discussing)} | " + " | ".join(map(str, counts)) + " |")
        intro = [text(p.description), "",
                 f"- **Kind:** {'a proposed deployment' if p.kind == 'deployment' else 'an alternative the authors argue for'}",
                 f"- **Floated by:** {text(p.floated_by) if p.floated_by else 'not stated in the sources'}",
                 f"- **When:** {text(p.floated_when) if p.floated_when else 'not stated in the sources'}",
                 f"- **Basis:** {text(p.floated_basis)}"]
        if p.variants:
            intro += ["- **Variants:**"] + [f"    - **{text(v.name)}:** {text(v.description)}" for v in p.variants]
        intro += ["", "## Stances", "", stance_table(site, stances), "", "## Articles", "",
                  "Newest first, with the stance each article takes on this proposal."]
        pages.update(listing_pages(f"proposals/{p.id}", p.name, "\n".join(intro), discussing, site, "proposals",
                                   stance_on=p.id, meta={"title": p.name, "description": p.description}))
    pages["proposals/index.md"] = frontmatter({"title": "Proposals"}, "\n".join(index))
    return pages


def position_pages(site: Site) -> dict[str, str]:
    pages = {}
    index = ["# Positions", "", "How the archive classifies an article's stance. An article has an overall position and a stance on each proposal it discusses; each is assigned by an editor, with its basis in the record.", "",
             "| Position | Definition | Articles (overall) |", "| --- | --- | ---: |"]
    for p in site.voc.positions:
        holding = [a for a in site.articles if a.position == p.id]
        index.append(f"| [{text(p.name)}]({p.id}.md) | {text(p.definition)} | {len(holding)} |")
        intro = [f"**Definition:** {text(p.definition)}", "", "## Stances on proposals", "",
                 "| Proposal | Articles taking this stance |", "| --- | ---: |"]
        for q in site.voc.proposals:
            n = sum(1 for a in site.articles for s in a.stances if s.proposal == q.id and s.position == p.id)
            intro.append(f"| [{text(q.name)}]({link(f'proposals/{q.id}.md', f'positions/{p.id}.md')}) | {n} |")
        intro += ["", "## Articles with this overall position"]
        pages.update(listing_pages(f"positions/{p.id}", p.name, "\n".join(intro), holding, site, "positions",
                                   meta={"title": p.name, "description": p.definition}))
    pages["positions/index.md"] = frontmatter({"title": "Positions"}, "\n".join(index))
    return pages


def author_pages(site: Site) -> dict[str, str]:
    pages = {}
    by_author = defaultdict(list)
    names = {}
    for a in site.articles:
        for x in a.authors:
            by_author[x.slug].append(a)
            names[x.slug] = x.name
    index = ["# Authors", "", "| Author | Articles |", "| --- | ---: |"]
    for slug in sorted(by_author, key=lambda s: names[s].split()[-1].lower()):
        index.append(f"| [{text(names[slug])}]({slug}.md) | {len(by_author[slug])} |")
        pages.update(listing_pages(f"authors/{slug}", names[slug], "", by_author[slug], site, "authors"))
    unknown = [a for a in site.articles if not a.authors]
    index += ["", "## Author unknown {: #unknown }", "",
              "These articles name no author in the text the archive holds; the archive does not guess. Each record says why."]
    for a in unknown:
        index.append(article_entry(site, a, "authors/index.md") + f" · {text(a.authors_unknown or '')}")
    if not unknown:
        index.append("None.")
    pages["authors/index.md"] = frontmatter({"title": "Authors"}, "\n".join(index))
    return pages


def publisher_pages(site: Site) -> dict[str, str]:
    pages = {}
    index = ["# Publishers", "", "| Publisher | Articles |", "| --- | ---: |"]
    for p in site.voc.publishers:
        published = [a for a in site.articles if a.publisher == p.id]
        index.append(f"| [{text(p.name)}]({p.id}.md) | {len(published)} |")
        intro = f"{text(p.description)}\n\n**How the archive identifies this publisher:** {text(p.basis)}"
        pages.update(listing_pages(f"publishers/{p.id}", p.name, intro, published, site, "publishers",
                                   meta={"title": p.name, "description": p.description}))
    pages["publishers/index.md"] = frontmatter({"title": "Publishers"}, "\n".join(index))
    return pages


# --- home -------------------------------------------------------------------------------

def home_page(site: Site, template: str) -> str:
    latest = "\n".join(article_entry(site, a, "index.md") for a in site.articles[:10])
    proposals = "\n".join(f"- [{text(p.name)}](proposals/{p.id}.md)" for p in site.voc.proposals)
    counts = f"{len(site.articles)} articles · {len(site.voc.proposals)} proposals · {len(site.voc.publishers)} publishers"
    body = (template.replace("<!-- archive:counts -->", counts)
            .replace("<!-- archive:latest -->", latest)
            .replace("<!-- archive:proposals -->", proposals))
    return body if body.startswith("---\n") else frontmatter({"title": "Home"}, body)
