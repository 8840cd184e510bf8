"""`archive new`: copy a raw article into sources/ and draft its editorial record.

The draft holds everything the normaliser can extract (title, standfirst, byline, the
publisher recognised by its boilerplate, proposals whose aliases occur) and marks what it
cannot know. Every field an editor must decide gets a placeholder starting with
`DECIDE:` (which never validates) and is named in the record's `draft:` list, so
`archive build` refuses the record until the editor has filled it in.
"""
from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from pathlib import Path

import yaml

from .metadata import names
from .model import Line, Problem, Problems, Vocabulary
from .read import PLACEHOLDER, SLUG, Reader

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# Dates written in the text: each is a hint for the editor, never chosen silently.
DATE_PATTERNS = (
    ("day", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("day", re.compile(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? (?P<year>\d{4})\b", re.I)),
    ("day", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r",? (?P<year>\d{4})\b", re.I)),
    ("month", re.compile(r"\b" + _MONTH + r",? (?P<year>\d{4})\b", re.I)),
    ("year", re.compile(r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?P<year>\d{4})\b", re.I)),
    ("year", re.compile(r"\b(?P<year>(?:19[5-9]|20\d)\d)\b")),
)
URL = re.compile(r"https?://[^\s<>\"'()\[\]]+")
YAML_PRINTABLE = re.compile("[^\x09\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MAX_HINTS = 12


def new(paths, path: Path, slug: str | None) -> int:
    """Copy `path` to sources/articles/<slug>.txt and draft <slug>.yml; print what is left to decide."""
    reader = Reader(paths.sources)
    voc = reader.vocabulary(paths.sources)
    if reader.problems:
        raise Problems(reader.problems)
    path = Path(path)
    if not path.exists() or path.is_dir():  # a pipe or device is named by raw_article, never opened blocking
        raise Problems([Problem(str(path), "file", "does not exist or is not a file; give the path of the raw text file to add")])
    folder = paths.sources / "articles"
    # A raw file already put in sources/articles/ by hand: draft its record where it is.
    in_place = path.resolve().parent == folder.resolve()
    if in_place and slug not in (None, path.stem):
        raise Problems([Problem("--slug", repr(slug), f"a file already in sources/articles/ keeps its name as its slug ({path.stem!r}); rename the file instead")])
    if in_place and (folder / f"{path.stem}.yml").exists():
        raise Problems([Problem(reader.name(path), "file", f"already has its record, {path.stem}.yml: edit that instead")])
    raw = reader.raw_article(path, voc.extraction.max_bytes)
    # A file outside the archive gets its slug below: its own name does not matter.
    problems = [p for p in reader.problems if in_place or p.where != "file name"]
    if raw is None or problems:
        raise Problems(problems)
    slug = path.stem if in_place else slug
    data = path.read_bytes()
    for other in sorted(folder.glob("*.txt")):
        if in_place and other.resolve() == path.resolve():
            continue
        try:
            other_bytes = reader.bytes(other)  # a named pipe here would block a plain read forever
        except OSError as error:
            raise Problems([Problem(reader.name(other), "file", error.strerror)]) from None
        if hashlib.sha256(other_bytes).hexdigest() == raw.sha256:
            raise Problems([Problem(str(path), "file", f"has the same bytes as {reader.name(other)}: the article is already in the archive")])

    from .preview import analyse, authors_found, removed_by_kind
    seen = analyse(voc, raw)
    publisher, publisher_notes, cleaned, found, title = seen.publisher, list(seen.publisher_notes), seen.cleaned, seen.found, seen.title
    if not found.body:
        raise Problems([Problem(str(path), "file", "nothing of the article is left after removing boilerplate "
                                "(is it only page furniture?); allowed: a file holding one article's text")])
    slug_given = slug is not None
    slug = slug if slug is not None else make_slug(title.text if title else "", path, raw.sha256)
    if not SLUG.fullmatch(slug):
        raise Problems([Problem("--slug", repr(slug), "is not a slug; allowed: lowercase letters, digits and single hyphens, e.g. nordic-observer-mission")])
    taken = [p for p in folder.iterdir() if p.stem.lower() == slug and not (in_place and p.resolve() == path.resolve())]
    if taken:
        raise Problems([Problem(reader.name(taken[0]), "file", f"already exists: slug {slug!r} is taken; choose another with --slug")])

    todo: list[str] = []
    blocks: list[str] = [
        f"# Drafted by `archive new` from {comment_text(path.name)} on {datetime.date.today().isoformat()}.",
        "# Every value starting with DECIDE: is a placeholder that fails validation, and `draft:`",
        "# lists the fields still to decide. Fill them in, delete the draft list, run `archive build`.",
        "# Values marked UNCERTAIN were extracted automatically: check them against the text.",
        "",
    ]
    add = blocks.append
    if title:
        add(block("title", title.text, [f"UNCERTAIN: extracted from line {title.number}. Set it to null to use the extracted title."]))
    else:
        todo.append("title")
        add(block("title", f"{PLACEHOLDER} the article's title (no title line was found)"))
    if found.standfirst:
        add(block("standfirst", found.standfirst.text, [f"UNCERTAIN: extracted from line {found.standfirst.number}; null if the article has none."]))
    else:
        add(block("standfirst", None, ["No standfirst found; write one only if the article has one."]))

    urls = first_unique((m.group(0).rstrip(".,;:"), line.number) for line in raw.lines for m in URL.finditer(line.text))
    todo.append("url")
    add(block("url", None, ["The page's address (https://...), or null with url_basis saying why it is unknown."]
                        + ([f"Addresses in the text: " + "; ".join(f"{u} (line {n})" for u, n in urls[:5])] if urls else ["No address appears in the text."])))
    add(block("url_basis", f"{PLACEHOLDER} why the address is unknown, or null when url is set"))

    if publisher:
        add(block("publisher", {"id": publisher, "basis": publisher_notes[0]},
                  ["UNCERTAIN: detected by the publisher's boilerplate profile; check it."]))
    else:
        todo.append("publisher")
        known = ", ".join(p.id for p in voc.publishers)
        add(block("publisher", {"id": f"{PLACEHOLDER} one of {known} (or add one to vocabularies/publishers.yml)",
                                "basis": f"{PLACEHOLDER} quote what in the text identifies the publisher"},
                  publisher_notes or ["No publisher's boilerplate was recognised."]))

    hints = seen.date_hints
    lifted = seen.metadata()
    moved = lambda *fields: [f"  line {x.number} ({field}): {snippet(x.text)}" for field, x in lifted
                             if field in fields or "authors" in fields and field == "date" and names(x.text)]
    todo.append("date")
    add(block("date", {"value": f"{PLACEHOLDER} an EDTF date, quoted: a day '2025-03-04', month '2025-03', year '2025', "
                                "interval '2025-11-23/2026-02' (between two dates), '2025-08~' (about) or '2025?' (uncertain)",
                       "basis": f"{PLACEHOLDER} where the date comes from; mark outside knowledge and external evidence as such"},
              (["Date lines and datelines moved out of the text (a site's own today's-date widget is not among them):"]
               + moved("date", "dateline") if moved("date", "dateline") else [])
              + (["Dates found in the text (hints only; none was chosen):"]
                 + [f"  {value} ({precision}): line {n}: {snippet(text)}" for value, precision, n, text in hints]
                 if hints else ["No date was found in the text."])))

    credit = seen.authors
    named = moved("authors", "bio", "format")
    named = ["Lines moved out of the text that may name them:"] + named if named else []
    if credit:
        add(block("authors", [{"name": n, "basis": credit.basis} for n in credit.names],
                  [f"UNCERTAIN: names drafted from line {credit.line.number} ({credit.form.lower()}); check them."] + named))
        add(block("authors_unknown", None))
    else:
        todo.append("authors")
        add(block("authors", [], ["No byline was found. List authors as - {name: ..., basis: ...}, or say why unknown below."] + named))
        add(block("authors_unknown", f"{PLACEHOLDER} why the author is unknown, or null when authors are listed"))

    todo.append("editor")
    add(block("editor", f"{PLACEHOLDER} who classified this article, and when (e.g. \"Jane Roe, May 2026\")"))
    positions = ", ".join(p.id for p in voc.positions)
    todo.append("position")
    add(block("position", {"id": f"{PLACEHOLDER} one of {positions}",
                           "basis": f"{PLACEHOLDER} quote the sentence that shows the article's overall position"}))

    mentioned = proposals_mentioned(voc, found)
    todo.append("proposals")
    add(block("proposals", [{"id": pid, "stance": f"{PLACEHOLDER} one of {positions}",
                             "basis": f"{PLACEHOLDER} quote the sentence that shows the stance"} for pid, _ in mentioned],
              ["Proposals whose aliases occur in the text (remove those the article does not discuss):"]
              + [f"  {pid}: {', '.join(repr(a) for a in aliases)}" for pid, aliases in mentioned]
              if mentioned else ["No proposal's aliases occur in the text: add the proposals it discusses",
                                 f"(known: {', '.join(p.id for p in voc.proposals)})."]))
    add(block("arguments", [], ["Optional: - {id: <argument id>, proposal: <proposal id>, voice: own, quote: <verbatim passage of one paragraph>}",
                                "voice: own (the author's argument), reported, conceded or rebutted (then add speaker: whose view it is)"]))
    add(block("source", {"original_name": path.name, "sha256": raw.sha256}, ["The raw file's original name and SHA-256: do not edit."]))
    add(block("draft", todo, ["Delete this list once every field above is decided."]))
    record = "\n".join(blocks) + "\n"
    assert yaml.safe_load(record)["source"]["sha256"] == raw.sha256

    txt, yml = folder / f"{slug}.txt", folder / f"{slug}.yml"
    if not in_place:
        with open(txt, "xb") as f:
            f.write(data)
    try:
        with open(yml, "x", encoding="utf-8") as f:
            f.write(record)
    except BaseException:
        if not in_place:
            txt.unlink(missing_ok=True)
        raise

    print(f"archive: {'found' if in_place else 'added'} {reader.name(txt)} ({len(data):,} bytes) and drafted {reader.name(yml)}")
    for note in raw.notes:
        print(f"  note: {note}")
    show = lambda line: f"{snippet(line.text)} (line {line.number}; check)" if line else "none found"
    print(f"  title:      {show(title)}")
    print(f"  standfirst: {show(found.standfirst)}")
    print(f"  authors:    {authors_found(seen)}")
    for field, x in lifted:
        print(f"  moved out:  {field}, line {x.number}: {snippet(x.text)}")
    print(f"  publisher:  {publisher + ' (detected from its boilerplate; check)' if publisher else 'undecided'}")
    print(f"  date hints: {', '.join(f'{v} (line {n})' for v, _, n, _ in hints) or 'none'}")
    print(f"  proposals:  {', '.join(pid for pid, _ in mentioned) or 'none recognised'}")
    print(f"  body:       {len(found.body)} paragraphs; {len(cleaned.removals)} lines of page furniture removed")
    print(f"    first:    {show(found.body[0])}")
    print(f"    last:     {show(found.body[-1])}")
    print(f"    removed:  {removed_by_kind(seen)}")
    print("    (page furniture left in the body? `archive preview FILE` shows every line's fate; add rules to")
    print("     sources/boilerplate/, delete the draft and run archive new again)")
    print(f"  slug:       {slug} ({'given with --slug' if slug_given else 'made from the title' if title else 'made from the file name'}; "
          "to change it, delete the two files and run archive new again with --slug another-slug)")
    print(f"archive: still to decide in {reader.name(yml)}: {', '.join(todo)}")
    print("  Replace every DECIDE: placeholder, delete the draft list, then run `archive build`.")
    return 0


# --- what the text tells -----------------------------------------------------------

def detect_publisher(voc: Vocabulary, lines: tuple[Line, ...]) -> tuple[str | None, list[str]]:
    """The one publisher whose profile's detect strings occur in the text, with the evidence."""
    hits: dict[str, list[str]] = {}
    for profile in voc.profiles:
        for needle in profile.detect:
            line = next((l for l in lines if needle in l.text), None)
            if line:
                hits.setdefault(profile.publisher, []).append(
                    f"{needle!r} appears on line {line.number}: {snippet(line.text)} "
                    f"(detected by archive new from boilerplate/{profile.publisher}.yml)")
    if len(hits) == 1:
        publisher, evidence = next(iter(hits.items()))
        return publisher, ["; ".join(evidence)]
    return None, [f"Candidate {p}: {e[0]}" for p, e in hits.items()]


def date_hints(lines: tuple[Line, ...]) -> list[tuple[str, str, int, str]]:
    hints, seen = [], set()
    for line in lines:
        spans: list[tuple[int, int]] = []
        for precision, pattern in DATE_PATTERNS:
            for m in pattern.finditer(line.text):
                if any(a <= m.start() < b for a, b in spans):
                    continue  # "March 24, 2022" is not also the year hint "2022"
                spans.append(m.span())
                value = date_value(m, precision)
                if value and value not in seen:
                    seen.add(value)
                    hints.append((value, precision, line.number, line.text))
    return hints[:MAX_HINTS]


def date_value(m: re.Match, precision: str) -> str | None:
    year = int(m["year"])
    if precision == "year":
        return str(year)
    month = m["month"]
    month = int(month) if month.isdigit() else next(i for i, name in enumerate(MONTHS, 1) if name.startswith(month.lower().rstrip(".")[:3]))
    try:
        datetime.date(year, month, int(m["day"]) if precision == "day" else 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{int(m['day']):02d}" if precision == "day" else "")


def proposals_mentioned(voc: Vocabulary, found) -> list[tuple[str, list[str]]]:
    lines = [x for x in (found.title, found.standfirst, *found.body) if x]
    text = "\n".join(line.text for line in lines).lower()
    out = []
    for p in voc.proposals:
        aliases = [a for a in p.aliases if a and a in text]
        if aliases:
            out.append((p.id, aliases))
    return out


# --- writing -----------------------------------------------------------------------------

def make_slug(title: str, path: Path, sha256: str) -> str:
    for source in (title, path.stem):
        ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
        words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
        slug = ""
        for word in words:
            if len(slug) + len(word) + 1 > 60:
                break
            slug = f"{slug}-{word}" if slug else word
        if slug:
            return slug[:60].strip("-")
    return f"article-{sha256[:8]}"


def block(key: str, value, notes: list[str] = ()) -> str:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return "\n".join([*(f"# {comment_text(n)}" for n in notes), dumped.rstrip("\n")])


def comment_text(text: str) -> str:
    """Any text, safe on one YAML comment line (no line breaks, nothing YAML refuses)."""
    text = re.sub(r"[\r\n\x85\u2028\u2029]+", " ", text)
    return YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def snippet(text: str, n: int = 100) -> str:
    return repr(text if len(text) <= n else text[: n - 1] + "…")


def first_unique(items):
    seen, out = set(), []
    for value, n in items:
        if value not in seen:
            seen.add(value)
            out.append((value, n))
    return out
