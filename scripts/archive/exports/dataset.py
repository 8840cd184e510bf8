"""Render stage, machine-readable side: dataset (JSON, CSV), Atom feed, timeline SVG, citations.

XML and CSV are built with the standard library's writers, never by pasting strings, so
source text is escaped by the serialiser.
"""
from __future__ import annotations

import calendar
import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..site import citations as cite
from ..site.markup import frontmatter
from ..site.structure import Site, article_path, date_label

SCHEMA = Path(__file__).resolve().parents[3] / "sources" / "schema" / "archive.schema.json"
FEED_ENTRIES = 50  # a feed carries the newest articles; the dataset has them all


# --- citations ----------------------------------------------------------------------------

def inverted(name: str) -> str:
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def bibtex_escape(value: str) -> str:
    out = []
    for c in value:
        if c in "{}%&$#_":
            out.append("\\" + c)
        elif c == "\\":
            out.append("\\textbackslash{}")
        elif c in "^~":
            out.append(f"\\{c}{{}}")
        else:
            out.append(c)
    return "".join(out)


def bibtex_name(name: str) -> str:
    """One author for BibTeX's author list: escaped, with "and" inside the name braced (BibTeX
    splits the list at every top-level "and"), and a name that has a comma of its own braced
    whole (BibTeX would read the comma as "Last, First")."""
    if "," in name:
        return "{" + bibtex_escape(name) + "}"
    return re.sub(r"(?i)\band\b", lambda m: "{" + m.group() + "}", bibtex_escape(inverted(name)))


def bibtex_url(url: str) -> str:
    """A URL for BibTeX's verbatim url field: braces, backslashes and whitespace, which that
    field cannot hold (and a valid URL never has), percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def citations(site: Site, a) -> tuple[str, str, str]:
    """Chicago and APA (as HTML, for an HTML block) and BibTeX (plain), all from the article's
    CSL-JSON item (citations.py)."""
    entry = cite.article_item(site.voc, a)
    rendered = cite.CITATIONS.render(entry)
    return rendered["chicago"], rendered["apa"], bibtex(entry, a.date.value)


def bibtex(entry: dict, edtf: str) -> str:
    """A biblatex @online entry from the same CSL-JSON item; biblatex reads EDTF dates."""
    fields = [("title", "{" + bibtex_escape(entry["title"]) + "}")]
    if "author" in entry:
        names = [p.get("literal") or f"{p['given']} {p['family']}" for p in entry["author"]]
        fields.insert(0, ("author", " and ".join(bibtex_name(n) for n in names)))
    fields += [("organization", bibtex_escape(entry["container-title"])), ("date", edtf)]
    if "URL" in entry:
        fields.append(("url", bibtex_url(entry["URL"])))
    return f"@online{{{entry['id']},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"


# --- timeline -----------------------------------------------------------------------------

LANE = 34
LEFT, RIGHT, TOP = 120, 20, 30
WIDTH = 900
PATHS = {  # the marker of each timeline shape named in positions.yml
    "triangle-up": "M0,-7 L7,6 L-7,6 Z",
    "diamond": "M0,-7 L7,0 L0,7 L-7,0 Z",
    "square": "M-6,-6 L6,-6 L6,6 L-6,6 Z",
    "triangle-down": "M-7,-6 L7,-6 L0,7 Z",
    "cross": "M-7,-2 L-2,-2 L-2,-7 L2,-7 L2,-2 L7,-2 L7,2 L2,2 L2,7 L-2,7 L-2,2 L-7,2 Z",
}


def months(date) -> tuple[float, float]:
    """The span a date stands for, in months since year 0, from its earliest day to the end of
    its latest: a year-only date spans its year, an interval its whole interval."""
    def at(day, end: bool = False) -> float:
        return day.year * 12 + day.month - 1 + (day.day - (0 if end else 1)) / calendar.monthrange(day.year, day.month)[1]
    return at(date.earliest), at(date.latest, end=True)


def origins_within(site: Site, first: int, last: int) -> list[tuple]:
    """(proposal, origin) for each step of a proposal's history inside the years drawn."""
    return [(p, o) for p in site.voc.proposals for o in p.origins
            if o.date.earliest.year >= first and o.date.latest.year < last]


def timeline_svg(site: Site) -> bytes:
    positions = site.voc.positions
    first = min((a.date.earliest.year for a in site.articles), default=2022)
    last = max((a.date.latest.year for a in site.articles), default=2022) + 1
    history = origins_within(site, first, last)
    height = TOP + LANE * (len(positions) + bool(history)) + 40
    scale = (WIDTH - LEFT - RIGHT) / ((last - first) * 12)
    x = lambda m: LEFT + (m - first * 12) * scale
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {WIDTH} {height}",
                             "width": str(WIDTH), "height": str(height), "role": "img",
                             "aria-labelledby": "timeline-title", "font-family": "sans-serif", "font-size": "12"})
    ET.SubElement(svg, "title", {"id": "timeline-title"}).text = (
        f"Timeline of {len(site.articles)} articles by publication date ({first}–{last - 1}), one row per overall position")
    ET.SubElement(svg, "rect", {"width": str(WIDTH), "height": str(height), "fill": "#ffffff"})
    for year in range(first, last + 1):
        ET.SubElement(svg, "line", {"x1": f"{x(year * 12):.1f}", "x2": f"{x(year * 12):.1f}", "y1": str(TOP - 10),
                                    "y2": str(height - 30), "stroke": "#999999", "stroke-width": "1"})
        if year < last:
            label = ET.SubElement(svg, "text", {"x": f"{x(year * 12 + 6):.1f}", "y": str(height - 12),
                                                "text-anchor": "middle", "fill": "#222222"})
            label.text = str(year)
    for lane, p in enumerate(positions):
        y = TOP + LANE * lane + LANE / 2
        label = ET.SubElement(svg, "text", {"x": str(LEFT - 10), "y": f"{y + 4:.1f}", "text-anchor": "end", "fill": "#222222"})
        label.text = p.name
        ET.SubElement(svg, "line", {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": f"{y:.1f}", "y2": f"{y:.1f}",
                                    "stroke": "#dddddd", "stroke-width": "1"})
        for a in sorted((a for a in site.articles if a.position == p.id), key=lambda a: a.slug):
            start, end = months(a.date)
            g = ET.SubElement(svg, "g")
            ET.SubElement(g, "title").text = f"{a.title} ({date_label(a.date.value)}, {p.name})"
            if a.date.earliest != a.date.latest:  # the date's uncertainty, drawn as a bar
                ET.SubElement(g, "rect", {"x": f"{x(start):.1f}", "y": f"{y - 2:.1f}", "width": f"{(end - start) * scale:.1f}",
                                          "height": "4", "fill": "#5c6bc0", "fill-opacity": "0.35"})
            ET.SubElement(g, "path", {"d": PATHS[p.shape], "fill": "#1a237e",
                                      "transform": f"translate({x((start + end) / 2):.1f},{y:.1f})"})
    if history:  # the proposals' history, a tick per step (a bar over an interval) in a row of its own
        y = TOP + LANE * len(positions) + LANE / 2
        ET.SubElement(svg, "text", {"x": str(LEFT - 10), "y": f"{y + 4:.1f}", "text-anchor": "end",
                                    "fill": "#222222"}).text = "Proposals"
        for p, o in history:
            start, end = months(o.date)
            g = ET.SubElement(svg, "g")
            ET.SubElement(g, "title").text = (f"{site.voc.origin_event(o.event).name} {o.by}: {p.name} "
                                              f"({date_label(o.date.value)})")
            if o.date.earliest != o.date.latest:
                ET.SubElement(g, "rect", {"x": f"{x(start):.1f}", "y": f"{y - 2:.1f}", "width": f"{(end - start) * scale:.1f}",
                                          "height": "4", "fill": "#6d4c41", "fill-opacity": "0.35"})
            middle = f"{x((start + end) / 2):.1f}"
            ET.SubElement(g, "line", {"x1": middle, "x2": middle, "y1": f"{y - 8:.1f}", "y2": f"{y + 8:.1f}",
                                      "stroke": "#3e2723", "stroke-width": "2"})
    ET.indent(svg)
    return ET.tostring(svg, encoding="utf-8", xml_declaration=True) + b"\n"


# --- dataset ------------------------------------------------------------------------------

def records(site: Site) -> dict:
    voc = site.voc
    articles, stances, quotes = [], [], []
    for a in sorted(site.articles, key=lambda a: a.slug):
        page = article_path(a.slug).removesuffix(".md") + ".html"
        articles.append({
            "slug": a.slug, "title": a.title, "standfirst": a.standfirst,
            "authors": [{"name": x.name, "basis": x.basis} for x in a.authors],
            "authors_unknown": a.authors_unknown,
            "publisher": a.publisher, "publisher_basis": a.publisher_basis,
            "url": a.url, "url_basis": a.url_basis, "found_at": a.found_at and vars(a.found_at),
            "date": date_record(a.date),
            "position": {"id": a.position, "basis": a.position_basis},
            "editor": a.editor, "page": page, "paragraphs": len(a.paragraphs),
            "raw": {"file": f"sources/articles/{a.raw_name}", "original_name": a.original_name, "sha256": a.sha256},
        })
        for s in a.stances:
            stances.append({"article": a.slug, "proposal": s.proposal, "position": s.position,
                            "basis": s.basis, "assigned_by": s.assigned_by})
        for q in a.quotes:
            quotes.append({"article": a.slug, "argument": q.argument, "proposal": q.proposal,
                           "direction": site.direction(a, q), "voice": q.voice, "speaker": q.speaker,
                           "text": q.text, "paragraph": q.paragraph,
                           "anchor": f"p-{q.paragraph}", "page": f"{page}#p-{q.paragraph}"})
    return {
        "title": "Peacekeeping in Ukraine: an argument archive",
        "licence": {"name": LICENCE_ID, "title": LICENCE_TITLE, "url": LICENCE_URL, "statement": LICENCE},
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
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: dict) -> dict:
    """A row whose text cells a spreadsheet would run as formulas get a leading apostrophe
    (the README's stated policy): drop that one apostrophe to get the text back."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for k, v in row.items()}


def evidence_record(e) -> dict:
    """A quote from one of our articles, or an external source with every field (null when unknown)."""
    if e.external:
        return {"external": {**vars(e.external), "authors": list(e.external.authors)}}
    return {"article": e.article, "quote": e.quote}


def date_record(d) -> dict:
    """A date in the dataset: the EDTF value as the record gives it, and the days it spans."""
    return {"value": d.value, "precision": d.precision, "basis": d.basis,
            "earliest": d.earliest.isoformat(), "latest": d.latest.isoformat()}


def table(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    # RFC 4180: records end in CRLF, so a field holding a CR or an LF is quoted.
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(spreadsheet_safe(row) for row in rows)
    return out.getvalue()


def record_per_line(data: dict) -> str:
    """JSON with each record on a line of its own: readable, a diff names the record that
    changed, and json's C encoder (which indent= switches off) writes it ten times faster."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            fields.append(f" {dump(key)}: [\n  " + ",\n  ".join(dump(x) for x in value) + "\n ]")
        else:
            fields.append(f" {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def dataset(site: Site) -> dict[str, str | bytes]:
    data = records(site)
    flat_articles = [{**a, "authors": "; ".join(x["name"] for x in a["authors"]), "date": a["date"]["value"],
                      "date_precision": a["date"]["precision"], "date_earliest": a["date"]["earliest"],
                      "date_latest": a["date"]["latest"], "position": a["position"]["id"],
                      "sha256": a["raw"]["sha256"]} for a in data["articles"]]
    flat_arguments = [{**x, "used_against": " ".join(x["used_against"]), "used_for": " ".join(x["used_for"])}
                      for x in data["arguments"]]
    files = {
        "data/archive.json": record_per_line(data),
        "data/archive.schema.json": SCHEMA.read_text(encoding="utf-8"),
        cite.CACHE_FILE: cite.CITATIONS.published([cite.article_item(site.voc, a) for a in site.articles]),
        "data/articles.csv": table(flat_articles, ["slug", "title", "date", "date_precision", "date_earliest", "date_latest",
                                                   "authors", "authors_unknown",
                                                   "publisher", "position", "url", "page", "sha256"]),
        "data/stances.csv": table(data["stances"], ["article", "proposal", "position", "basis", "assigned_by"]),
        "data/quotes.csv": table(data["quotes"], ["article", "argument", "proposal", "direction", "voice", "speaker",
                                                "paragraph", "page", "text"]),
        "data/proposals.csv": table(data["proposals"], ["id", "name", "kind", "floated_by", "floated_when", "description"]),
        "data/arguments.csv": table(flat_arguments, ["id", "claim", "used_against", "used_for", "description"]),
        "data/positions.csv": table(data["positions"], ["id", "name", "order", "definition"]),
        "data/publishers.csv": table(data["publishers"], ["id", "name", "description"]),
    }
    files["data/datapackage.json"] = json.dumps(package(), ensure_ascii=False, indent=1) + "\n"
    rows = "\n".join(f"| [{name}]({name}) | {what} |" for name, what, _ in FILES)
    files["data/index.md"] = frontmatter({"title": "Data"}, "\n".join([
        "# Data", "",
        f"The whole archive as a dataset: {len(data['articles'])} articles, {len(data['stances'])} stances and "
        f"{len(data['quotes'])} quotes. Quotes point to the paragraph anchor of their article page "
        "(`articles/<slug>.html#p-<n>`). Unknown values are `null` (JSON) or empty (CSV), with the reason in the "
        "matching `_basis` or `authors_unknown` field.", "",
        "| File | Contents |", "| --- | --- |", rows, "",
        "The [Atom feed](../feed.xml) lists the newest articles by publication date.", "",
        "## Licence", "",
        LICENCE,
    ]))
    return files


LICENCE_ID, LICENCE_TITLE = "CC-BY-4.0", "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
OURS = ("The archive's own work, the records of each article, the vocabularies (proposals, arguments, positions, "
        "publishers) and this dataset, is published under the Creative Commons Attribution 4.0 International "
        "licence (CC BY 4.0): share and adapt it for any purpose, crediting \"Peacekeeping in Ukraine: an argument "
        "archive\".")
THEIRS = ("The articles' texts, the raw pages they come from, and the titles and quotes taken from them "
          "(in this dataset too) are not ours and not under that licence: they remain the copyright of their "
          "authors and publishers, and are reproduced here for research and reference.")
LICENCE = f"{OURS} {THEIRS}"
# Files of the dataset: (name in data/, what it holds, what in it is not ours).
FILES = [
    ("archive.json", "everything below in one file: positions, publishers, proposals, arguments, articles (with every basis), stances, quotes",
     "the articles' titles and standfirsts and the quotes"),
    ("archive.schema.json", "the JSON Schema (draft 2020-12) that archive.json follows", None),
    ("citations.json", "per article, its CSL-JSON item and its Chicago and APA entries (HTML), made by citeproc-py",
     "the articles' titles"),
    ("articles.csv", "one row per article", "the title column"),
    ("stances.csv", "one row per article and proposal: the stance, its basis and who assigned it", None),
    ("quotes.csv", "one row per quoted argument, with the paragraph it comes from", "the text column"),
    ("proposals.csv", "the proposals", None), ("arguments.csv", "the arguments", None),
    ("positions.csv", "the positions", None), ("publishers.csv", "the publishers", None),
    ("datapackage.json", "these files described as a Data Package (frictionlessdata.io), with their licence", None),
]


def package() -> dict:
    """The dataset as a Frictionless Data Package: CSV has no place for a licence, so this file,
    the usual companion of CSV files, names each file, its licence, and what in it is not ours."""
    def resource(name: str, what: str, theirs: str | None) -> dict:
        kind = name.rsplit(".", 1)[1]
        note = f" Not ours: {theirs}, which remain the copyright of their authors and publishers, reproduced here " \
               "for research and reference." if theirs else ""
        return {"name": name.removesuffix("." + kind).replace(".", "-"), "path": name, "format": kind,
                "mediatype": {"csv": "text/csv", "json": "application/json"}[kind], "encoding": "utf-8",
                "description": what[0].upper() + what[1:] + "." + note}
    return {"name": "peacekeeping-in-ukraine-argument-archive", "title": "Peacekeeping in Ukraine: an argument archive",
            "description": LICENCE,
            "licenses": [{"name": LICENCE_ID, "path": LICENCE_URL, "title": LICENCE_TITLE}],
            "resources": [resource(*f) for f in FILES if f[0] != "datapackage.json"]}


# --- feed ----------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def feed(site: Site) -> bytes:
    """An Atom feed of the newest articles. Atom needs a full timestamp: a date known only to the
    month or year is given as the first day of that period, and the entry says so."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = "Peacekeeping in Ukraine: an argument archive"
    ET.SubElement(root, f"{{{ATOM}}}id").text = "tag:argument-archive,2026:feed"
    ET.SubElement(root, f"{{{ATOM}}}link", {"href": "index.html"})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": "feed.xml"})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "license", "href": LICENCE_URL})  # RFC 4946
    ET.SubElement(root, f"{{{ATOM}}}rights").text = LICENCE
    newest = site.articles[:FEED_ENTRIES]
    ET.SubElement(root, f"{{{ATOM}}}updated").text = stamp(newest[0].date) if newest else "2022-01-01T00:00:00Z"
    for a in newest:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = a.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:argument-archive,2026:articles/{a.slug}"
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": article_path(a.slug).removesuffix(".md") + ".html"})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp(a.date)
        for x in a.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = x.name
        if not a.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "Unknown author"
        precision = "" if a.date.earliest == a.date.latest else f" (published {date_label(a.date.value)}; the exact day is not known)"
        summary = (a.standfirst or "") + precision
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary.strip()
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": a.position, "label": site.position_name(a.position)})
        owners = " and ".join(filter(None, (", ".join(x.name for x in a.authors) or "its authors",
                                            site.voc.publisher(a.publisher).name)))
        ET.SubElement(entry, f"{{{ATOM}}}rights").text = (
            f"The article's title and standfirst are the copyright of {owners}, reproduced here for research and reference.")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def stamp(date) -> str:
    """Atom needs one timestamp: the earliest day the date allows (the entry's summary says
    when that is not the known day)."""
    return f"{date.earliest.isoformat()}T00:00:00Z"
