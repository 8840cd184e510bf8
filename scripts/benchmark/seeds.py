"""The five seed articles read by the archive's own stages, to learn each page's structure:
where the title, standfirst, byline, bio and body sit among its junk lines."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Template:
    """A seed article's page structure: its junk lines, and where title, body... sit in them."""
    slug: str
    publisher: str
    lines: list[str]  # the raw file's lines
    title_lines: list[int]  # 0-based indexes of every line printing the title
    standfirst: int | None
    byline: int | None
    bio: int | None
    bio_name: str | None  # the name the bio line starts with
    body_start: int
    body_end: int  # inclusive
    body: list[str]  # raw text of the body paragraphs
    trailing_newline: bool
    raw_bytes: int
    body_chars: int


@dataclass
class Seeds:
    templates: list[Template]
    positions: list[str]
    proposals: list[str]
    arguments: dict[str, set[str]]  # argument id -> proposals it is used for or against
    paragraphs: list[str]  # every seed's body paragraphs, raw text
    standfirsts: list[str]
    min_raw_bytes: int
    min_body_chars: int
    checker: object = None  # (Reader, voc) to verify generated articles, when available


def analyse_seeds(repo: Path = REPO) -> Seeds:
    """Run the archive's own read/clean/extract stages on each seed to learn its structure."""
    from archive.ingest.derive import clean_region
    from archive.ingest.extract import extract
    from archive.ingest.read import Reader, normalise

    sources = repo / "sources"
    reader = Reader(sources)
    voc = reader.vocabulary(sources)
    if reader.problems:
        raise SystemExit("bench: the repository's vocabularies have problems:\n" + "\n".join(map(str, reader.problems)))
    templates = []
    for raw_path in sorted((sources / "articles").glob("*.txt")):
        raw = reader.raw_article(raw_path, voc.extraction.max_bytes)
        record = reader.record(raw_path.with_suffix(".yml"), voc)
        if raw is None or record is None:
            continue
        cleaned = clean_region(raw, voc.rules_for(record.publisher), voc.extraction, record.region, None)
        found = extract(cleaned, voc.extraction)
        if not found.body or found.title is None:
            continue
        data = raw_path.read_bytes()
        text = data.decode("utf-8")
        lines = text.split("\n")
        trailing = text.endswith("\n")
        if trailing:
            lines = lines[:-1]
        body_start, body_end = found.body[0].number - 1, found.body[-1].number - 1
        title = found.title.text
        title_lines = [i for i in range(body_start) if normalise(lines[i]) == title]
        bio_name = None
        if found.bio is not None:
            m = re.fullmatch(voc.extraction.bio, found.bio.text)
            bio_name = m["name"] if m and "name" in m.groupdict() else None
        templates.append(Template(
            raw_path.stem, record.publisher, lines, title_lines,
            found.standfirst.number - 1 if found.standfirst else None,
            found.byline_line.number - 1 if found.byline_line else None,
            found.bio.number - 1 if found.bio and bio_name else None, bio_name,
            body_start, body_end, [lines[line.number - 1] for line in found.body], trailing,
            len(data), sum(len(line.text) for line in found.body)))
    if not templates:
        raise SystemExit("bench: no usable seed in sources/articles/")
    paragraphs = list(dict.fromkeys(p for t in templates for p in t.body))
    standfirsts = [t.lines[t.standfirst] for t in templates if t.standfirst is not None]
    arguments = {a.id: set(a.used_against) | set(a.used_for) for a in voc.arguments}
    return Seeds(templates, [p.id for p in voc.positions], [p.id for p in voc.proposals], arguments,
                 paragraphs, standfirsts, min(t.raw_bytes for t in templates),
                 min(t.body_chars for t in templates), (Reader, voc, clean_region, extract, normalise))
