"""Render stage: articles and vocabularies into Markdown pages (path -> text).

Source text is data: everything that comes from an article or a record goes through
`text()` (inline Markdown), `html_text()` and `paragraph()` (HTML blocks) or `verbatim()` (a
code block in HTML), which escape whatever Markdown or HTML would otherwise interpret. Only
this module writes Markdown syntax.
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import yaml

from .model import Article, Quote, Vocabulary

# libyaml's safe dumper; the lock pins a PyYAML wheel that has it, so output is the same everywhere.
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Sections that repeat what search already finds elsewhere (quotes of the text, citations,
# provenance) stay out of the search index, which every visitor downloads whole.
NOT_SEARCHED = "{ data-search-exclude }"
# Pages that only list articles: search finds the articles themselves.
LISTING = {"search": {"exclude": True}}
PAGE_SIZE = 200  # listing entries per page: keeps index pages small at any archive size
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

_INLINE = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;",
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "{": "\\{", "}": "\\}", "#": "\\#",
}
# One pass that touches only the (rare) special characters: faster than str.translate.
_SPECIAL = re.compile("[" + re.escape("".join(_INLINE)) + "]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Block syntax recognised at the start of a line: lists, rules, admonitions, "1." ...
_LINE_START = re.compile(r"^(?:(?P<mark>[-+!])|(?P<number>\d+)(?P<dot>[.)])|(?P<other>[=:~%^?]))")


def text(value: str) -> str:
    """Escape source text for any inline Markdown context (paragraph, heading, link, table)."""
    # Inline text has no line breaks: a break would start a new block ("---", "    code").
    # Control characters go too (STX/ETX are Python-Markdown's own placeholder marks), and
    # edge spaces, which would make an indented code block or a hard line break.
    escaped = _SPECIAL.sub(lambda m: _INLINE[m.group()], _CONTROL.sub(" ", value).strip(" "))
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


def html_text(value: str) -> str:
    """Escape source text for an HTML block, which Markdown passes through as written."""
    return html.escape(_CONTROL.sub(" ", value).strip(" "), quote=True)


def paragraph(value: str, anchor: str) -> str:
    """A body paragraph with a stable anchor, as HTML (inside the text's `block()`): Markdown
    leaves an HTML block as it is, so the text needs only HTML escaping. The anchor is ours,
    never source text."""
    return f'<p id="{anchor}">{html_text(value)}</p>'


def verbatim(lines: list[str]) -> str:
    """Lines shown exactly as written (their leading spaces too), as a code block in HTML: the
    same <pre><code> that Markdown makes of an indented block. Control characters become
    spaces, as in text()."""
    shown = "\n".join(_CONTROL.sub(" ", line).rstrip() for line in lines)
    return "<pre><code>" + html.escape(shown, quote=True) + "</code></pre>"


def block(css_class: str, lines: list[str]) -> list[str]:
    """Lines of HTML as one element: Markdown stashes a whole HTML block at once, so one block
    for a section converts about a third faster than a block for each paragraph."""
    return [f'<div class="{css_class}">', *lines, "</div>", ""]


# Material and Zensical print these values into HTML as they are (<title>, the header, the
# description and author meta tags, tag links and tag listings), so they are written as HTML
# text: escaped here, once, and never again at build time. The tags plugin matches the listings'
# tags against them in that form too.
HTML_META = ("title", "description", "author", "authors", "tags")


def html_meta(value):
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [html_meta(x) for x in value]
    return value


def frontmatter(meta: dict, body: str) -> str:
    meta = {key: html_meta(value) if key in HTML_META else value for key, value in meta.items()}
    dumped = yaml.dump(meta, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=10_000,
                       default_flow_style=False)
    return f"---\n{dumped}---\n\n{body.rstrip()}\n"


# --- dates and sorting ---------------------------------------------------------

def date_label(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def date_key(a: Article) -> tuple:
    # A year-only date sorts after the dated articles of that year: its month is unknown.
    return (a.date.value.ljust(10, "0"), a.slug)


def newest_first(articles) -> list[Article]:
    return sorted(articles, key=date_key, reverse=True)


# --- page addresses --------------------------------------------------------------

def link(target: str, here: str) -> str:
    """A relative link from page `here` to page `target` (both docs-relative paths)."""
    return "../" * here.count("/") + target


def href(target: str, here: str) -> str:
    """A link for an HTML block, which Markdown (and MkDocs) leave alone: so it names the built
    page (`.html`; the site is built with use_directory_urls: false), not the Markdown file."""
    path, _, fragment = link(target, here).partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return html.escape(path + (f"#{fragment}" if fragment else ""), quote=True)


def article_path(slug: str) -> str:
    return f"articles/{slug}.md"


@dataclass(frozen=True)
class Site:
    voc: Vocabulary
    articles: tuple[Article, ...]  # newest first

    def position_name(self, id: str) -> str:
        return self.voc.position(id).name

    def stance(self, a: Article, proposal: str) -> str:
        return next(s.position for s in a.stances if s.proposal == proposal)

    def direction(self, a: Article, q: Quote) -> str:
        """Whether a quote argues for or against the proposal it bears on."""
        argument = self.voc.argument(q.argument)
        if q.proposal in argument.used_for and q.proposal not in argument.used_against:
            return "for"
        if q.proposal in argument.used_against and q.proposal not in argument.used_for:
            return "against"
        return "for" if self.stance(a, q.proposal) in ("supports", "conditional") else "against"


def render(voc: Vocabulary, articles: list[Article], home: str) -> dict[str, str | bytes]:
    from . import export
    site = Site(voc, tuple(newest_first(articles)))
    pages: dict[str, str | bytes] = {}
    ordered = site.articles
    for i, article in enumerate(ordered):
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        pages[article_path(article.slug)] = article_page(site, article, newer, older)
    pages.update(paged("articles/index", "Articles", intro_articles(site), ordered,
                       lambda a: a.date.value[:4], lambda a, here: article_entry(site, a, here), meta=LISTING))
    pages.update(proposal_pages(site))
    pages.update(position_pages(site))
    pages.update(author_pages(site))
    pages.update(publisher_pages(site))
    pages.update(argument_pages(site))
    pages.update(matrix_pages(site))
    pages.update(tag_pages(site))
    pages.update(export.timeline(site))
    pages.update(export.dataset(site))
    pages["feed.xml"] = export.feed(site)
    pages["index.md"] = home_page(site, home)
    return pages


# --- shared pieces ------------------------------------------------------------------

def authors_label(a: Article) -> str:
    return ", ".join(html_text(x.name) for x in a.authors) or "author unknown"


# Listings are HTML blocks (entries of escaped text and links to built pages): MkDocs converts a
# listing of 200 articles four times faster than the same list in Markdown, and listings are
# most of what the index pages hold.

def article_entry(site: Site, a: Article, here: str, stance_on: str | None = None) -> str:
    publisher = site.voc.publisher(a.publisher).name
    position = site.stance(a, stance_on) if stance_on else a.position
    return (f'<li>{date_label(a.date.value)} · <a href="{href(article_path(a.slug), here)}">{html_text(a.title)}</a> · '
            f"{authors_label(a)} · {html_text(publisher)} · <strong>{html_text(site.position_name(position))}</strong></li>")


def listing(rows: list[str], header: str | None = None) -> list[str]:
    """Entries as one HTML block: a list, or a table when there is a header row. Kept out of
    search: a listing repeats titles and quotes that search finds in the articles themselves."""
    if header is None:
        return ["<ul data-search-exclude>", *rows, "</ul>", ""]
    return ["<table data-search-exclude>", f"<thead>{header}</thead>", "<tbody>", *rows, "</tbody>", "</table>", ""]


def paged(base: str, title: str, intro: str, entries, group, line, meta: dict | None = None,
          table_header=None, empty: str = "No article in the archive discusses this yet.") -> dict[str, str]:
    """Entries under group headings, split into pages of PAGE_SIZE so no page grows with the archive.

    `line(entry, here)` gives an entry's HTML (a list item, or a table row when
    `table_header(here)` gives the header row).
    """
    chunks = [entries[i:i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    names = [f"{base}.md"] + [f"{base}-page-{k}.md" for k in range(2, len(chunks) + 1)]
    pages = {}
    for k, chunk in enumerate(chunks):
        here = names[k]
        suffix = f" (page {k + 1} of {len(chunks)})" if len(chunks) > 1 else ""
        out = [f"# {text(title)}{suffix}", ""]
        if k == 0 and intro:
            out += [intro, ""]
        if not entries:
            out += [empty, ""]
        # Group headings sit one level below the intro's own sections ("## Articles"), else below the title.
        level = "###" if k == 0 and re.search(r"^## ", intro or "", re.M) else "##"
        header = table_header(here) if table_header else None
        heading, rows = object(), []
        for entry in chunk:
            if group and group(entry) != heading:
                if rows:
                    out += listing(rows, header)
                heading, rows = group(entry), []
                out += [f"{level} {text(heading)}", ""]
            rows.append(line(entry, here))
        if rows:
            out += listing(rows, header)
        if len(chunks) > 1:
            nav = ([f"[← Previous page]({link(names[k - 1], here)})"] if k > 0 else []) + \
                  ([f"[Next page →]({link(names[k + 1], here)})"] if k + 1 < len(chunks) else [])
            out += ["", " · ".join(nav)]
        pages[here] = frontmatter({"title": title + suffix, **(meta or {})}, "\n".join(out))
    return pages


def stance_counts(site: Site, positions: list[str]) -> str:
    rows = ["| Position | Articles |", "| --- | ---: |"]
    for p in site.voc.positions:
        rows.append(f"| {text(p.name)} | {sum(1 for x in positions if x == p.id)} |")
    return "\n".join(rows)


def intro_articles(site: Site) -> str:
    return (f"All {len(site.articles)} articles in the archive, newest first, with date, authors, publisher "
            "and overall position. A date known only to the year is listed after that year's dated articles.")


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
        "position": a.position,
        "proposals": list(a.proposals),
        "stances": {s.proposal: s.position for s in a.stances},
        "arguments": sorted({q.argument for q in a.quotes}),
        "url": a.url,
        "tags": tags_for(site, a),
        "source": {"raw": f"sources/articles/{a.raw_name}", "original_name": a.original_name, "sha256": a.sha256},
    }
    # Below the title, everything is HTML blocks of escaped text and links to built pages:
    # Markdown leaves them as written, and MkDocs converts the page five times faster than the
    # same lists and paragraphs in Markdown. Headings stay Markdown, for the table of contents.
    out = [f"# {text(a.title)}", ""]
    head = [f'<p class="standfirst"><em>{html_text(a.standfirst)}</em></p>'] if a.standfirst else []
    authors = ", ".join(f'<a href="{href(author_link(x.name, x.slug), here)}">{html_text(x.name)}</a>' for x in a.authors)
    if not authors:
        authors = f'unknown (<a href="{href("authors/index.md#unknown", here)}">why</a>)'
    publisher = voc.publisher(a.publisher)
    stances = "; ".join(
        f'<a href="{href(f"proposals/{s.proposal}.md", here)}">{html_text(voc.proposal(s.proposal).name)}</a>: '
        f'<strong><a href="{href(f"positions/{s.position}.md", here)}">{html_text(site.position_name(s.position))}</a></strong>'
        for s in a.stances)
    unknown_day = "" if a.date.precision == "day" else " (day unknown)" if a.date.precision == "month" else " (month unknown)"
    removed = f"{len(a.removals)} line{'' if len(a.removals) == 1 else 's'} removed"
    head += [
        '<ul class="article-meta">',
        f"<li><strong>Authors:</strong> {authors}</li>",
        f'<li><strong>Publisher:</strong> <a href="{href(f"publishers/{publisher.id}.md", here)}">{html_text(publisher.name)}</a></li>',
        f"<li><strong>Published:</strong> {date_label(a.date.value)}{unknown_day}</li>",
        f'<li><strong>Overall position:</strong> <a href="{href(f"positions/{a.position}.md", here)}">'
        f"{html_text(site.position_name(a.position))}</a></li>",
        f"<li><strong>Stances on proposals:</strong> {stances}</li>",
        f'<li><strong>Source:</strong> <a href="{href(f"raw/{a.raw_name}", here)}">raw page dump</a> · '
        f'<a href="#how-this-record-was-made">how this record was made</a> '
        f'(the basis of each field; <a href="#removed-lines">{removed}</a> in cleaning) · '
        + (f'<a href="{html_text(a.url)}">original page</a>' if a.url else "original address unknown") + "</li>",
        "</ul>",
    ]
    if a.caption or a.credit:
        head.append("<p><em>Image:</em> " + " ".join(html_text(x) for x in (a.caption, a.credit and f"({a.credit})") if x) + "</p>")
    if a.byline:
        head.append(f"<p>{html_text(a.byline)}</p>")
    out += block("article-head", head)
    out += ["## Text", ""]
    out += block("article-text", [paragraph(p.text, p.anchor) for p in a.paragraphs])
    if a.bio:
        out += ["## About the author", "", f"<p>{html_text(a.bio)}</p>", ""]
    if a.quotes:
        out += [f"## Arguments made {NOT_SEARCHED}", ""]
        rows = []
        for q in a.quotes:
            argument = voc.argument(q.argument)
            rows.append(f'<li><a href="{href(f"arguments/{argument.id}.md", here)}">{html_text(argument.claim)}</a> '
                        f"({site.direction(a, q)} <em>{html_text(voc.proposal(q.proposal).name)}</em>): "
                        f'“<a href="#p-{q.paragraph}">{html_text(q.text)}</a>”</li>')
        out += block("arguments-made", ["<p>Each argument links to the paragraph it is quoted from.</p>", "<ul>", *rows, "</ul>"])
    out += citation_section(site, a)
    out += record_section(site, a)
    out += [f"## In the archive {NOT_SEARCHED}", ""]
    rows = []
    if newer:
        rows.append(f'<li>Newer article: <a href="{href(article_path(newer.slug), here)}">{html_text(newer.title)}</a></li>')
    if older:
        rows.append(f'<li>Older article: <a href="{href(article_path(older.slug), here)}">{html_text(older.title)}</a></li>')
    rows.append(f'<li><a href="{href("articles/index.md", here)}">All articles</a></li>')
    out += listing(rows)
    return frontmatter(meta, "\n".join(out))


def record_section(site: Site, a: Article) -> list[str]:
    """Provenance: what each piece of metadata rests on, and every line the normaliser took out."""
    voc = site.voc
    out = [f"## How this record was made {NOT_SEARCHED}", ""]
    rows = [f"<li><strong>Author {html_text(x.name)}:</strong> {html_text(x.basis)}</li>" for x in a.authors]
    if not a.authors:
        rows.append(f"<li><strong>Author unknown:</strong> {html_text(a.authors_unknown or '')}</li>")
    rows.append(f"<li><strong>Publisher:</strong> {html_text(a.publisher_basis)}</li>")
    rows.append(f"<li><strong>Date</strong> (known to the {a.date.precision}): {html_text(a.date.basis)}</li>")
    rows.append(f"<li><strong>Overall position:</strong> {html_text(a.position_basis)}</li>")
    for s in a.stances:
        rows.append(f"<li><strong>Stance on {html_text(voc.proposal(s.proposal).name)}</strong> "
                    f"({html_text(site.position_name(s.position))}, assigned by {html_text(s.assigned_by)}): {html_text(s.basis)}</li>")
    if not a.url:
        rows.append(f"<li><strong>Original address unknown:</strong> {html_text(a.url_basis or '')}</li>")
    rows.append(f"<li><strong>Raw file:</strong> <code>sources/articles/{html_text(a.raw_name)}</code>, "
                f"originally <code>{html_text(a.original_name)}</code>, SHA-256 <code>{a.sha256}</code></li>")
    out += block("record", [f"<p>Classified by {html_text(a.editor)}. What each piece of metadata rests on (evidence may quote "
                            "the page's own furniture, such as a copyright line, which is not part of the article):</p>",
                            "<ul>", *rows, "</ul>"])
    if a.reading_notes:
        out += [f"### While reading the file {NOT_SEARCHED}", ""] + listing([f"<li>{html_text(n)}</li>" for n in a.reading_notes])
    out += [f"### Removed lines {NOT_SEARCHED}", ""]
    removed = [f"<p>The normaliser took {len(a.removals)} line{'' if len(a.removals) == 1 else 's'} of page furniture out of "
               f'<a href="{href(f"raw/{a.raw_name}", article_path(a.slug))}">the raw page dump</a>. Each line names the rule '
               "(its file in <code>sources/boilerplate/</code> and its id) and the kind of furniture, then the line as it "
               "was; lines moved to the image credit are shown above.</p>"]
    if a.removals:
        # A code block, not a table: a Markdown table this long took half of MkDocs' time on
        # the page, an HTML table a quarter; a code block a fortieth.
        lines = []
        for r in a.removals:
            kind = r.kind + (f", moved to {r.moved_to}" if r.moved_to else "")
            lines += [f"line {r.line} · {kind} · {r.rule}", f"    {r.text}"]
        removed.append(verbatim(lines))
    return out + block("removed-lines", removed)


def citation_section(site: Site, a: Article) -> list[str]:
    from .export import citations
    chicago, apa, bibtex = citations(site, a)
    return [f"## Cite this article {NOT_SEARCHED}", ""] + block("citations", [
        f"<p><strong>Chicago:</strong> {chicago}</p>", f"<p><strong>APA:</strong> {apa}</p>", "<p><strong>BibTeX:</strong></p>",
        verbatim(bibtex.splitlines()), "<p>Fields the sources do not state are left out, never guessed.</p>"])


def tags_for(site: Site, a: Article) -> list[str]:
    return [site.position_name(a.position)] + [site.voc.proposal(p).name for p in a.proposals]


# --- entity pages ----------------------------------------------------------------------

def proposal_pages(site: Site) -> dict[str, str]:
    pages = {}
    voc = site.voc
    index = ["# Proposals", "", "Every proposal discussed in the archive and how many articles take each position on it.", "",
             "| Proposal | Kind | Articles | " + " | ".join(text(p.name) for p in voc.positions) + " |",
             "| --- | --- | ---: | " + " | ".join("---:" for _ in voc.positions) + " |"]
    for p in voc.proposals:
        here = f"proposals/{p.id}.md"
        discussing = [a for a in site.articles if p.id in a.proposals]
        stances = [site.stance(a, p.id) for a in discussing]
        counts = [sum(1 for s in stances if s == pos.id) for pos in voc.positions]
        index.append(f"| [{text(p.name)}]({p.id}.md) | {p.kind} | {len(discussing)} | " + " | ".join(map(str, counts)) + " |")
        intro = [text(p.description), "",
                 f"- **Kind:** {'a proposed deployment' if p.kind == 'deployment' else 'an alternative the authors argue for'}",
                 f"- **Floated by:** {text(p.floated_by) if p.floated_by else 'not stated in the sources'}",
                 f"- **When:** {when(p.floated_when)}",
                 f"- **Basis:** {text(p.floated_basis)}"]
        if p.variants:
            intro += ["- **Variants:**"] + [f"    - **{text(v.name)}:** {text(v.description)}" for v in p.variants]
        intro += ["", "## Stances", "", stance_counts(site, stances), ""]
        for direction, heading in (("against", "Arguments against"), ("for", "Arguments for")):
            intro += [f"## {heading} {NOT_SEARCHED}", ""] + argument_summary(site, p.id, discussing, direction, here) + [""]
        intro += ["## Articles", "", "Newest first, with the stance each article takes on this proposal."]
        pages.update(paged(f"proposals/{p.id}", p.name, "\n".join(intro), discussing,
                           lambda a: a.date.value[:4], lambda a, h, p=p: article_entry(site, a, h, stance_on=p.id),
                           meta={"description": p.description}))
    pages["proposals/index.md"] = frontmatter({"title": "Proposals"}, "\n".join(index))
    return pages


def when(value: str | None) -> str:
    if not value:
        return "not stated in the sources"
    return date_label(value) if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value) else text(value)


QUOTES_PER_ARGUMENT = 3  # on a proposal page; the argument's own page has them all


def argument_summary(site: Site, proposal: str, discussing, direction: str, here: str) -> list[str]:
    by_argument: dict[str, list] = defaultdict(list)
    for a in discussing:
        for q in a.quotes:
            if q.proposal == proposal and site.direction(a, q) == direction:
                by_argument[q.argument].append((a, q))
    if not by_argument:
        return [f"No article in the archive argues {direction} this proposal yet."]
    out = []
    for argument_id in sorted(by_argument, key=lambda x: (-len(by_argument[x]), x)):
        argument = site.voc.argument(argument_id)
        uses = by_argument[argument_id]
        out.append(f"- **[{text(argument.claim)}]({link(f'arguments/{argument.id}.md', here)})** "
                   f"({len(uses)} article{'s' if len(uses) != 1 else ''})")
        for a, q in uses[:QUOTES_PER_ARGUMENT]:
            out.append(f"    - “{text(q.text)}” ([{text(a.title)}]({link(article_path(a.slug), here)}#p-{q.paragraph}), "
                       f"{date_label(a.date.value)})")
        if len(uses) > QUOTES_PER_ARGUMENT:
            out.append(f"    - [All {len(uses)} quotes]({link(f'arguments/{argument.id}.md', here)})")
    return out


def argument_pages(site: Site) -> dict[str, str]:
    pages = {}
    voc = site.voc
    index = ["# Arguments", "", "The reasons given in the debate, each in a short claim of ours, with how many articles make it. "
             "Each argument page quotes the articles in their own words, linked to the paragraph.", "",
             "| Argument | Used against | Used for | Articles |", "| --- | --- | --- | ---: |"]
    proposal_order = {p.id: i for i, p in enumerate(voc.proposals)}
    for argument in voc.arguments:
        here = f"arguments/{argument.id}.md"
        uses = [(a, q) for a in site.articles for q in a.quotes if q.argument == argument.id]
        uses.sort(key=lambda u: (proposal_order[u[1].proposal], tuple(-ord(c) for c in u[0].date.value)))
        names = lambda ids: ", ".join(f"[{text(voc.proposal(i).name)}]({link(f'proposals/{i}.md', 'arguments/index.md')})" for i in ids) or "—"
        index.append(f"| [{text(argument.claim)}]({argument.id}.md) | {names(argument.used_against)} | "
                     f"{names(argument.used_for)} | {len({a.slug for a, _ in uses})} |")
        intro = f"**Claim:** {text(argument.claim)}\n\n{text(argument.description)}\n\nGrouped by the proposal each quote bears on, newest first."

        def line(use, h):
            a, q = use
            return (f'<li>“{html_text(q.text)}” — <a href="{href(article_path(a.slug), h)}#p-{q.paragraph}">'
                    f"{html_text(a.title)}</a> · {authors_label(a)} · {date_label(a.date.value)} · {site.direction(a, q)} · "
                    f"stance <strong>{html_text(site.position_name(site.stance(a, q.proposal)))}</strong></li>")
        pages.update(paged(f"arguments/{argument.id}", argument.claim, intro, uses,
                           lambda u: voc.proposal(u[1].proposal).name, line,
                           meta={"description": argument.description}, empty="No article in the archive makes this argument yet."))
    pages["arguments/index.md"] = frontmatter({"title": "Arguments"}, "\n".join(index))
    return pages


def position_pages(site: Site) -> dict[str, str]:
    pages = {}
    index = ["# Positions", "", "How the archive classifies a stance. An article has an overall position and a stance on each "
             "proposal it discusses; an editor assigns each, and the article page shows the quote or reasoning it rests on.", "",
             "| Position | Definition | Articles (overall) |", "| --- | --- | ---: |"]
    for p in site.voc.positions:
        here = f"positions/{p.id}.md"
        holding = [a for a in site.articles if a.position == p.id]
        index.append(f"| [{text(p.name)}]({p.id}.md) | {text(p.definition)} | {len(holding)} |")
        intro = [f"**Definition:** {text(p.definition)}", "", "## Stances on proposals", "",
                 "| Proposal | Articles taking this stance |", "| --- | ---: |"]
        for q in site.voc.proposals:
            n = sum(1 for a in site.articles for s in a.stances if s.proposal == q.id and s.position == p.id)
            intro.append(f"| [{text(q.name)}]({link(f'proposals/{q.id}.md', here)}) | {n} |")
        intro += ["", "## Articles with this overall position"]
        pages.update(paged(f"positions/{p.id}", p.name, "\n".join(intro), holding, lambda a: a.date.value[:4],
                           lambda a, h: article_entry(site, a, h), meta={"description": p.definition},
                           empty="No article in the archive has this overall position yet."))
    pages["positions/index.md"] = frontmatter({"title": "Positions"}, "\n".join(index))
    return pages


# Latin letters that NFKD does not split into a base letter and an accent.
UNDECOMPOSED = str.maketrans("łŁøØđĐ", "lLoOdD")


def author_letter(name: str) -> str:
    """The A-Z page an author is listed on: the initial of the surname (the last word), without
    accents; "other" for a surname that does not start with a Latin letter."""
    words = name.split()
    first = (words[-1] if words else name)[:1].translate(UNDECOMPOSED)
    initial = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    return initial if "a" <= initial <= "z" else "other"


def author_link(name: str, slug: str) -> str:
    """An author's entry: a paragraph on their letter's page. One page per letter, not per
    author: an author page was mostly Material's page frame around one or two entries, and
    1,000 articles have about 450 authors."""
    return f"authors/{author_letter(name)}.md#{slug}"


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
    order = sorted(letters, key=lambda x: (x == "other", x))
    index = ["# Authors", "", "Every author in the archive, A to Z by surname, one page per letter; each author's "
             "entry lists their articles, newest first.", "",
             "| Surnames | Authors | Articles |", "| --- | ---: | ---: |"]
    for letter in order:
        here = f"authors/{letter}.md"
        label = "Other initials" if letter == "other" else letter.upper()
        slugs = letters[letter]
        index.append(f"| [{label}]({letter}.md) | {len(slugs)} | {len({a.slug for x in slugs for a in by_author[x]})} |")
        out = [f"# Authors: {label}", "", f"{len(slugs)} author{'s' if len(slugs) != 1 else ''} by surname, each with "
               f"their articles, newest first. [All letters](index.md).", ""]
        for slug in slugs:
            count = len(by_author[slug])
            # An HTML block: the anchor is ours (a slug), the name is escaped source text.
            out += [f'<p id="{slug}"><strong>{html_text(names[slug])}</strong> · {count} '
                    f"article{'s' if count != 1 else ''}</p>", ""]
            out += listing([article_entry(site, a, here) for a in by_author[slug]])
        pages[here] = frontmatter({"title": f"Authors: {label}"}, "\n".join(out))
    unknown = [a for a in site.articles if not a.authors]
    index += ["", "## Author unknown {: #unknown }", "",
              "These articles name no author in the text the archive holds, and the archive does not guess. "
              "Each article page says why the author is unknown.", ""]
    index += listing([article_entry(site, a, "authors/index.md") for a in unknown[:PAGE_SIZE]]) if unknown else ["None."]
    if len(unknown) > PAGE_SIZE:
        index.append(f"\nAnd {len(unknown) - PAGE_SIZE} more: see [all articles](../articles/index.md).")
    pages["authors/index.md"] = frontmatter({"title": "Authors"}, "\n".join(index))
    return pages


def publisher_pages(site: Site) -> dict[str, str]:
    pages = {}
    index = ["# Publishers", "", "| Publisher | Articles |", "| --- | ---: |"]
    for p in site.voc.publishers:
        published = [a for a in site.articles if a.publisher == p.id]
        index.append(f"| [{text(p.name)}]({p.id}.md) | {len(published)} |")
        intro = f"{text(p.description)}\n\n**How the archive identifies this publisher:** {text(p.basis)}"
        pages.update(paged(f"publishers/{p.id}", p.name, intro, published, lambda a: a.date.value[:4],
                           lambda a, h: article_entry(site, a, h), meta={"description": p.description},
                           empty="No article from this publisher yet."))
    pages["publishers/index.md"] = frontmatter({"title": "Publishers"}, "\n".join(index))
    return pages


def tag_pages(site: Site) -> dict[str, str]:
    """Material's tags plugin lists each tag's articles on the tag's own page: one listing per
    tag keeps every tag link pointing at one page, and each page no bigger than its tag."""
    from .merge import slugify
    voc = site.voc
    tags = [(p.name, f"positions/{p.id}.md", "overall position") for p in voc.positions] + \
           [(p.name, f"proposals/{p.id}.md", "proposal discussed") for p in voc.proposals]
    counts = defaultdict(int)
    for a in site.articles:
        for tag in tags_for(site, a):
            counts[tag] += 1
    index = ["# Tags", "", "Every article is tagged with its overall position and with each proposal it discusses.", "",
             "| Tag | Kind | Articles |", "| --- | --- | ---: |"]
    pages = {}
    for name, page, kind in tags:
        slug = slugify(name)
        index.append(f"| [{text(name)}]({slug}.md) | {kind} | {counts[name]} |")
        listing = "{ include: [" + json.dumps(html_meta(name)) + "] }"  # as the tags are written
        pages[f"tags/{slug}.md"] = frontmatter({"title": f"Tag: {name}", "search": {"exclude": True}}, "\n".join([
            f"# Tag: {text(name)}", "",
            f"Articles tagged with this {kind}. [The {kind}'s own page]({link(page, f'tags/{slug}.md')}) says more.", "",
            f"<!-- material/tags {listing} -->" if counts[name] else "No article has this tag yet.",
        ]))
    pages["tags/index.md"] = frontmatter({"title": "Tags"}, "\n".join(index))
    return pages


# --- the stance matrix ---------------------------------------------------------------

def matrix_header(site: Site, here: str) -> str:
    cols = "".join(f'<th><a href="{href(f"proposals/{p.id}.md", here)}">{html_text(p.name)}</a></th>'
                   for p in site.voc.proposals)
    return f"<tr><th>Article</th><th>Date</th>{cols}</tr>"


def matrix_row(site: Site, a: Article, here: str) -> str:
    cells = []
    for p in site.voc.proposals:
        s = next((s.position for s in a.stances if s.proposal == p.id), None)
        cells.append(f"<td>{html_text(site.voc.position(s).symbol)} {html_text(site.position_name(s))}</td>" if s else "<td>·</td>")
    return (f'<tr><td><a href="{href(article_path(a.slug), here)}">{html_text(a.title)}</a></td>'
            f"<td>{date_label(a.date.value)}</td>" + "".join(cells) + "</tr>")


def matrix_legend() -> str:
    return ("Each cell gives the article's stance on the proposal in words (a symbol repeats it); "
            "“·” means the article does not discuss the proposal.")


def matrix_pages(site: Site) -> dict[str, str]:
    return paged("matrix", "Stance matrix", "Articles (rows, newest first) against proposals (columns). " + matrix_legend(),
                 list(site.articles), None, lambda a, h: matrix_row(site, a, h),
                 table_header=lambda here: matrix_header(site, here), meta=LISTING)


# --- home -------------------------------------------------------------------------------

HOME_MATRIX_ROWS = 10


def home_page(site: Site, template: str) -> str:
    latest = "\n".join(listing([article_entry(site, a, "index.md") for a in site.articles[:10]]))
    proposals = "\n".join(f"- [{text(p.name)}](proposals/{p.id}.md)" for p in site.voc.proposals)
    counts = (f"The archive holds **{len(site.articles)} articles** from {len(site.voc.publishers)} publishers, "
              f"discussing {len(site.voc.proposals)} proposals with {len(site.voc.arguments)} kinds of argument.")
    shown = site.articles[:HOME_MATRIX_ROWS]
    matrix = "\n".join([matrix_legend(), ""] + listing([matrix_row(site, a, "index.md") for a in shown],
                                                       matrix_header(site, "index.md"))).rstrip()
    if len(site.articles) > HOME_MATRIX_ROWS:
        matrix += f"\n\nThe {HOME_MATRIX_ROWS} newest articles; [the full matrix](matrix.md) has all {len(site.articles)}."
    body = (template.replace("<!-- archive:counts -->", counts)
            .replace("<!-- archive:latest -->", latest)
            .replace("<!-- archive:proposals -->", proposals)
            .replace("<!-- archive:matrix -->", matrix))
    return body
