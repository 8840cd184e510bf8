"""The articles index: every article, newest first, under year headings, with a filter form
(proposal, stance, position, publisher, author, year, order) that reader.js applies from the
article data written beside the page (articles/articles.js, a script: it loads from file://
too, where a JSON fetch would not). Without JavaScript the form reloads the page, which lists
every article."""
from __future__ import annotations

import json

from .listing import intro, paged
from ..site.structure import ARTICLES_INDEX, Site, article_path, href, year

DATA = "articles/articles.js"
SLUG = "{slug}"  # no slug has braces
ROWS = "filter-rows"  # the cache's kind (filter_rows)


def overall(site: Site) -> list[tuple]:
    """(position, how many articles hold it overall), in the positions' order."""
    return [(pos, sum(1 for a in site.articles if a.position == pos.id)) for pos in site.voc.positions]


def authors(site: Site) -> list[str]:
    """Every author's name once, A to Z by surname."""
    names = {x.name for a in site.articles for x in a.authors}
    return sorted(names, key=lambda n: (n.split()[-1].lower(), n.lower()))


def filter_data(site: Site) -> str:
    """The articles as reader.js filters them, newest first, compact (it grows with the archive):
    each article a list [title, slug, date, year, author numbers, publisher number, position
    number, [proposal number, position number, ...], and the editor's summary if it has one], the
    numbers indexes into tables written once; reader.js expands it. json.dumps writes the strings (ASCII only, so no line separator
    can end a JavaScript line); the file is a script assigning one value, never inserted into a page."""
    voc = site.voc
    proposals, positions, publishers = ([p.id for p in table] for table in (voc.proposals, voc.positions, voc.publishers))
    names = sorted({x.name for a in site.articles for x in a.authors})
    number = {kind: {key: i for i, key in enumerate(keys)} for kind, keys in
              (("proposal", proposals), ("position", positions), ("publisher", publishers), ("author", names))}
    data = {
        "proposals": [[p.id, p.name] for p in voc.proposals],
        "positions": [[p.id, p.name] for p in voc.positions],
        "publishers": [[p.id, p.name] for p in voc.publishers],
        "authors": names,
        "link": href(article_path(SLUG), ARTICLES_INDEX).split(SLUG),  # before and after the slug
    }
    # The articles' rows last: json.dumps's own text of the whole, each row as it writes it.
    tables = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    rows = filter_rows(site, number, tables)
    return f"window.archiveArticles = {tables[:-1]},\"articles\":[{','.join(rows)}]}};\n"


def filter_row(site: Site, a, number: dict) -> str:
    row = [a.title, a.slug, site.dates[a.slug], year(a), [number["author"][x.name] for x in a.authors],
           number["publisher"][a.publisher], number["position"][a.position],
           [n for s in a.stances for n in (number["proposal"][s.proposal], number["position"][s.position])]]
    return json.dumps(row + ([a.summary] if a.summary else []),  # the summary only when the editor gave one
                      ensure_ascii=True, separators=(",", ":"))


def filter_rows(site: Site, number: dict, tables: str) -> list[str]:
    """Each article's row of the filter data, made once: kept in the build's cache by the key
    its article was made with and its authors' slugs; the entry's key holds the tables the
    numbers index (`tables`), the context and the code. A new title serialises one row, not
    the archive's thousand (about 0.009 CPU s at 1,005 articles)."""
    store = site.cache
    if store is None:
        return [filter_row(site, a, number) for a in site.articles]
    key = store.hashed([ROWS, tables])
    found = store.get(ROWS, key)
    kept = found if isinstance(found, dict) else {}
    made, rows = {}, []
    for a in site.articles:
        name = site.keys.get(a.slug) and " ".join([site.keys[a.slug], *(x.slug for x in a.authors)])
        row = (name and kept.get(name)) or filter_row(site, a, number)
        if name:
            made[name] = row
        rows.append(row)
    if made != kept:
        store.put(ROWS, key, made)
    return rows


def article_listing(site: Site) -> dict[str, str]:
    """All articles, newest first, under year headings, the filter form first."""
    years = sorted({year(a) for a in site.articles}, reverse=True)
    opening = intro(site, "articles.md", counts=overall(site), authors=authors(site), years=years,
                    source=href(DATA, ARTICLES_INDEX))
    pages = paged(site, ARTICLES_INDEX.removesuffix(".md"), "Articles", list(site.articles), "listings/articles.html",
                  group=year, intro=opening, stance_on=None)
    pages[DATA] = filter_data(site)
    return pages
