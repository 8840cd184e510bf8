"""The dataset in data/: the whole archive as JSON (one record a line) and CSV tables, its JSON
Schema, the citations, and a Data Package naming each file and its licence.

CSV is written by tables.py (the standard library's writer, never by pasting strings).
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Callable

from ..keys import Unchanged
from ..site import citations as cite
from ..site.csl import article_item, source_item
from ..site.markup import frontmatter
from ..site.structure import Site, article_path, href
from .datapackage import FILES, package
from .dataset_runs import Joined, kept_runs
from .tables import csv_lines, table
from .licence import LICENCE_ID, LICENCE_TITLE, LICENCE_URL, statement

SCHEMA = Path("schema") / "archive.schema.json"  # in sources/


ARTICLE_COLUMNS = ["slug", "title", "date", "date_precision", "date_earliest", "date_latest", "authors",
                   "authors_unknown", "publisher", "position", "url", "page", "sha256"]
STANCE_COLUMNS = ["article", "proposal", "position", "basis", "assigned_by"]
QUOTE_COLUMNS = ["article", "argument", "proposal", "direction", "voice", "speaker", "paragraph", "page", "text"]


RUN = 512  # records of archive.json joined at a time (record_per_line)


class Dumped(list):
    """Records already written as JSON, one a line (record_per_line)."""


def article_share(site: Site, a) -> tuple:
    """One article's lines in archive.json (its record, its stances, its quotes) and its rows of
    the three CSV tables: made once for an article, then reused while it does not change
    (dataset_runs.py)."""
    page = href(article_path(a.slug), "index.md")  # from the site's root
    article = {
        "slug": a.slug, "title": a.title, "standfirst": a.standfirst, "summary": a.summary,
        "authors": [{"name": x.name, "basis": x.basis} for x in a.authors],
        "authors_unknown": a.authors_unknown,
        "publisher": a.publisher, "publisher_basis": a.publisher_basis,
        "url": a.url, "url_basis": a.url_basis, "found_at": a.found_at and vars(a.found_at),
        "date": date_record(a.date),
        "position": {"id": a.position, "basis": a.position_basis},
        "editor": a.editor, "page": page, "paragraphs": len(a.paragraphs),
        "raw": {"file": f"sources/articles/{a.raw_name}", "original_name": a.original_name, "sha256": a.sha256},
    }
    stances = [{"article": a.slug, "proposal": s.proposal, "position": s.position,
                "basis": s.basis, "assigned_by": s.assigned_by} for s in a.stances]
    quotes = [{"article": a.slug, "argument": q.argument, "proposal": q.proposal,
               "direction": site.direction(a, q), "voice": q.voice, "speaker": q.speaker,
               "text": q.text, "paragraph": q.paragraph,
               "anchor": f"p-{q.paragraph}", "page": f"{page}#p-{q.paragraph}"} for q in a.quotes]
    flat = {**article, "authors": "; ".join(x["name"] for x in article["authors"]), "date": article["date"]["value"],
            "date_precision": article["date"]["precision"], "date_earliest": article["date"]["earliest"],
            "date_latest": article["date"]["latest"], "position": article["position"]["id"],
            "sha256": article["raw"]["sha256"]}
    # As UTF-8: a text of ours takes two bytes a character (one curly quote is enough), and the
    # 5,005 shares are all held while archive.json and the tables are made.
    rows = [csv_lines(rows, columns).encode() for rows, columns in
            (([flat], ARTICLE_COLUMNS), (stances, STANCE_COLUMNS), (quotes, QUOTE_COLUMNS))]
    return (dump(article).encode(), [dump(x).encode() for x in stances], [dump(x).encode() for x in quotes], *rows,
            cite.entry_line(site.citations.render(article_item(site.voc, a))),  # its line in citations.json
            tuple(hashlib.sha256(x).hexdigest() for x in rows),  # what its rows are (unchanged())
            tuple((cite.key(item), item) for item in map(source_item, a.date.sources)))  # its date's sources (sources_cited())


def records(site: Site) -> tuple[dict, dict[str, tuple[Callable[[], list[bytes]], list[str]]], list[str], list[dict]]:
    """archive.json's records, the CSV tables' rows (a run of articles at a time, made when
    asked for, and each run's rows' digest), citations.json's articles' lines and the sources
    it cites (sources_cited())."""
    voc = site.voc
    made = kept_runs(site, sorted(site.articles, key=lambda a: a.slug), article_share)  # by slug: the citations' ids
    articles, stances, quotes = (Joined([run[i] for run in made], sum(run[7][i] for run in made)) for i in range(3))
    csv_rows = {"articles.csv": (lambda: [run[3] for run in made], [run[5][0] for run in made]),
                "stances.csv": (lambda: made.rows(0), [run[5][1] for run in made]),
                "quotes.csv": (lambda: made.rows(1), [run[5][2] for run in made])}
    return {
        "title": voc.title,
        "licence": {"name": LICENCE_ID, "title": LICENCE_TITLE, "url": LICENCE_URL, "statement": statement(voc.title)},
        "positions": [{"id": p.id, "name": p.name, "definition": p.definition, "order": p.order} for p in voc.positions],
        "voices": [{"id": v.id, "name": v.name, "definition": v.definition, "authors_own": v.authors_own} for v in voc.voices],
        "origin_events": [{"id": e.id, "name": e.name, "definition": e.definition} for e in voc.origin_events],
        "publishers": [{"id": p.id, "name": p.name, "description": p.description, "basis": p.basis} for p in voc.publishers],
        "proposals": [{"id": p.id, "name": p.name, "kind": p.kind, "description": p.description,
                       "floated_by": p.floated_by, "floated_when": p.floated_when, "floated_basis": p.floated_basis,
                       "origins": [{"event": o.event, "by": o.by, "date": date_record(o.date), "note": o.note,
                                    "basis": [evidence_record(e) for e in o.basis]}
                                   for o in p.origins],
                       "variants": [{"name": v.name, "description": v.description} for v in p.variants]}
                      for p in voc.proposals],
        "arguments": [{"id": x.id, "claim": x.claim, "description": x.description,
                       "used_against": list(x.used_against), "used_for": list(x.used_for)} for x in voc.arguments],
        "articles": articles, "stances": stances, "quotes": quotes,
    }, csv_rows, [run[4] for run in made], sources_cited(site, made)


def sources_cited(site: Site, made: list[tuple]) -> list[dict]:
    """The CSL-JSON item of every external source a page cites, each once: the articles' dates'
    from their runs (each item and its key made once an article, not 800 a build at 1,005),
    then the proposals' histories' (pages/proposal.py)."""
    found = {k: item for run in made for k, item in run[6]}
    for s in (s for p in site.voc.proposals for s in cite.history_sources(p)):
        found.setdefault(cite.key(item := source_item(s)), item)
    return list(found.values())


def evidence_record(e) -> dict:
    """A quote from one of our articles, or an external source."""
    if e.external:
        return {"external": source_record(e.external)}
    return {"article": e.article, "quote": e.quote}


def source_record(s) -> dict:
    """An external source with every field (null when unknown)."""
    return {**vars(s), "authors": list(s.authors)}


def date_record(d) -> dict:
    """A date in the dataset: the EDTF value as the record gives it, and the days it spans."""
    return {"value": d.value, "precision": d.precision, "basis": d.basis,
            "earliest": d.earliest.isoformat(), "latest": d.latest.isoformat(),
            "sources": [source_record(s) for s in d.sources]}


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def record_per_line(data: dict) -> bytes:
    """JSON with each record on a line of its own: readable, a diff names the record that
    changed, and json's C encoder (which indent= switches off) writes it ten times faster.
    Written as UTF-8 a record at a time: joined as text, archive.json (80 MB as text at 5,005
    copies of the real articles) was made four times over, the peak of a cold build. Records
    Dumped already may be UTF-8 (article_share's) or text; Joined ones are runs of them."""
    out = io.BytesIO()
    out.write(b"{\n")
    for n, (key, value) in enumerate(data.items()):
        out.write(b",\n " if n else b" ")
        if isinstance(value, Joined) and value.runs:
            out.write(f"{dump(key)}: [\n  ".encode())
            for i, run in enumerate(value.runs):
                out.write(b",\n  " if i else b"")
                out.write(run)
            out.write(b"\n ]")
        elif isinstance(value, list) and value:
            out.write(f"{dump(key)}: [\n  ".encode())
            lines = value if isinstance(value, Dumped) else [dump(x) for x in value]
            # Joined RUN records at a time, not written one by one (21,000 writes at 1,005
            # articles), nor all at once (a copy of the largest list beside the file).
            for i in range(0, len(lines), RUN):
                out.write(b",\n  " if i else b"")
                out.write(b",\n  ".join([x if isinstance(x, bytes) else x.encode() for x in lines[i:i + RUN]]))
            out.write(b"\n ]")
        else:
            out.write(f"{dump(key)}: {dump([] if isinstance(value, Joined) else value)}".encode())
    out.write(b"\n}\n")
    return out.getvalue()


def dataset(site: Site, schema: Path) -> dict[str, str | bytes]:
    """data/'s files; `schema`: the dataset's JSON Schema (sources/schema/archive.schema.json)."""
    data, csv_rows, cited, sources = records(site)
    flat_arguments = [{**x, "used_against": " ".join(x["used_against"]), "used_for": " ".join(x["used_for"])}
                      for x in data["arguments"]]
    files = {
        "data/archive.json": record_per_line(data),
        "data/archive.schema.json": schema.read_text(encoding="utf-8"),
        cite.CACHE_FILE: site.citations.published([], sources, cited),
        **{f"data/{name}": unchanged(site, f"data/{name}", csv_rows[name][1],
                                     lambda rows=csv_rows[name][0], columns=columns: b"".join([table([], columns).encode(), *rows()]))
           for name, columns in (("articles.csv", ARTICLE_COLUMNS), ("stances.csv", STANCE_COLUMNS), ("quotes.csv", QUOTE_COLUMNS))},
        "data/proposals.csv": table(data["proposals"], ["id", "name", "kind", "floated_by", "floated_when", "description"]),
        "data/arguments.csv": table(flat_arguments, ["id", "claim", "used_against", "used_for", "description"]),
        "data/positions.csv": table(data["positions"], ["id", "name", "order", "definition"]),
        "data/publishers.csv": table(data["publishers"], ["id", "name", "description"]),
    }
    files["data/datapackage.json"] = json.dumps(package(site.voc.title), ensure_ascii=False, indent=1) + "\n"
    body = site.templates.get("data.md").render(data=data, files=FILES, licence=statement(site.voc.title))
    files["data/index.md"] = frontmatter({"title": "Data"}, body)
    return files


def unchanged(site: Site, rel: str, prints: list[str], make):
    """make()'s bytes, or keys.Unchanged when docs/ holds `rel` as the last build made it from
    rows of the same digests (`prints`, each run's): neither joined nor hashed again (a new
    title leaves stances.csv and quotes.csv, 3.5 MB at 1,005 articles, as they were)."""
    store = site.cache
    if store is None:
        return make()
    name = store.name(store.hashed(["dataset-file", rel, " ".join(prints)]))  # one part: a part costs a call
    store.outputs[rel] = [name, None]  # what the next build compares (cache.Store.kept)
    before = store.before.get(rel)
    if before and before[0] == name and isinstance(before[1], str):
        return Unchanged(before[1], make)
    return make()
