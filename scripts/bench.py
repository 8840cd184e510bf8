#!/usr/bin/env python3
"""Scale benchmark: does the archive stay linear from five articles to thousands?

    .venv/bin/python scripts/bench.py [--sizes 5,100,1000,5000] [--keep DIR]

For each size N it generates N synthetic articles from the seeds in sources/articles/ into a
temporary archive (never into sources/), then measures, each in a separate process:

1. `archive build`: wall time and peak memory;
2. the same build again with nothing changed: wall time, and whether it wrote anything;
3. `mkdocs build` (its hook's normaliser run is then a no-op): wall time, peak memory, site
   size, largest and mean article page, largest index (listing) page;
4. the naive setup: the same docs/ with Material's default navigation (mkdocs.yml without
   `nav:` and without the hook): build time, site size, and naive/ours ratios;
5. a bare Material build of the same article pages with bounded navigation (theme, nav of
   the index pages, search, nothing else);
6. at small N, `mkdocs serve`: time from saving an edited record to the page showing it;
7. up to N = 1,000, `zensical build --clean` of the same docs/ (no hook), paired with ours;
8. at --search-sizes, search in Chromium (scripts/bench_search.py), on our site (Pagefind) and
   on the bare build (Material's search): time from the last key to the first results, bytes
   of search files before typing and in all, JavaScript heap.

It prints plain tables, the exponent of time against N (log-log least squares over
N >= 100), the targets met or missed, and the machine. Progress goes to stderr, and only
when stderr is a terminal. Generation time is not part of the figures.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import os
import platform
import pty
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "scripts") not in sys.path:
    sys.path.insert(0, str(REPO / "scripts"))

import bench_search  # noqa: E402  (beside this file)

MANIFEST = ".archive-manifest.json"
ARTICLE_PAGE = re.compile(r"articles/(?!index(?:-page-\d+)?\.html$)[^/]+\.html")
MB, KB = 1024 * 1024, 1024


def say(message: str) -> None:
    """A progress line: on a terminal only, never in CI logs or pipes."""
    if sys.stderr.isatty() and not os.environ.get("CI"):
        print(f"bench: {message}", file=sys.stderr, flush=True)


# --- seeds -------------------------------------------------------------------------------

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
    from archive.clean import clean
    from archive.extract import extract
    from archive.read import Reader, normalise

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
        cleaned = clean(raw, voc.rules_for(record.publisher), voc.extraction.head_max_chars)
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
                 min(t.body_chars for t in templates), (Reader, voc, clean, extract, normalise))


# --- synthetic articles ----------------------------------------------------------------------

SUBJECTS = [
    "A European reassurance force", "NATO peacekeepers", "A UN mission", "Blue helmets in Donbas",
    "The coalition of the willing", "A demilitarised zone", "An American backstop",
    "Western troops in Ukraine", "Observers on the line of contact", "A neutral peacekeeping force",
    "Europe’s “peacekeepers”", "Boots on the ground", "A tripwire brigade", "Security guarantees",
    "A ceasefire monitoring mission", "Reactive deployments", "Arming Kyiv", "Talks with Moscow",
]
CLAIMS = [
    "would freeze the war", "cannot keep a peace that does not exist", "is a trial balloon full of holes",
    "needs Russia’s consent", "will not deter Moscow", "could work, on conditions",
    "is the wrong guarantee for Kyiv", "risks a wider war", "is no substitute for arms",
    "depends on Washington", "would be partial from the outset", "deserves a serious hearing",
    "is a distraction", "would lock in Russia’s conquests", "may be the least bad option",
    "is not what Ukraine needs", "raises more questions than it answers",
]
FRAMES = [
    "{s} {c}", "Why {sl} {c}", "{s} {c} — and Europe knows it", "Analysis: {sl} {c}",
    "Opinion: {sl} {c}", "The case against {sl}", "The case for {sl}", "What if {sl} {c}?",
    "{s}: questions & answers", "Three reasons {sl} {c}", "After the summit: {sl} {c}",
    "“{s} {c}”, says a former envoy", "Is {sl} the answer? Not yet",
]
FIRST = ["Anna", "Jan", "Maria", "Olena", "Pieter", "Sophie", "Tomasz", "Ingrid", "Luca", "Amélie", "Dmytro",
         "Katarzyna", "Henrik", "Claire", "Mykola", "Elena", "Jonas", "Marta", "Oliver", "Zofia", "Rafael",
         "Hanna", "Łukasz", "Sara", "Matteo", "Iryna", "Niels", "Camille", "Andrius", "Ewa", "Bruno", "Lea",
         "Viktor", "Agnieszka", "Samuel", "Nora", "Taras", "Julia", "Emil", "Chiara", "Ólafur", "Rosa",
         "Daniel", "Greta", "Petro", "Laura", "Maksym", "Inès", "Tobias", "Yulia", "Søren", "Alicia",
         "Marek", "Fatima", "George", "Helena", "Ivan", "Lotte", "Paul", "Vera"]
LAST = ["Kowalska", "de Vries", "Schneider", "Bondarenko", "Jansen", "Dubois", "Nowak", "Lindqvist", "Rossi",
        "Moreau", "Shevchenko", "Wiśniewska", "Andersen", "Laurent", "Kovalenko", "Petrova", "Berg",
        "Zielińska", "Hughes", "Mazur", "Costa", "Virtanen", "Horvath", "Fischer", "Melnyk", "Novak",
        "García", "Olsen", "Kaminski", "Martin", "Tkachenko", "Ivanova", "Becker", "Lewandowski", "Brown",
        "Romano", "Hansen", "Bauer", "Marchenko", "Sokolova", "Dvořák", "Nilsson", "Ferreira", "Kuznetsova",
        "Walsh", "Weber", "Rudenko", "Papadopoulos", "Taylor", "Müller", "Lysenko", "Svoboda", "Keller",
        "O’Brien", "Jovanović", "Koch", "Pavlenko", "Meyer", "Evans", "Kovač"]
DOMAINS = {
    "defense-one": "www.defenseone.com", "the-national-interest": "nationalinterest.org",
    "responsible-statecraft": "responsiblestatecraft.org",
    "leiden-security-and-global-affairs-blog": "leidensecurityandglobalaffairs.nl",
}


def name_pool() -> list[str]:
    # Names whose words are all capitalised, so a bio line "Name is a ..." is recognised.
    names = [f"{f} {last}" for f in FIRST for last in LAST if last[0].isupper()]
    random.Random("bench-authors").shuffle(names)
    return names


NAMES = name_pool()


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


PLURAL = ("NATO peacekeepers", "Blue helmets", "Western troops", "Boots", "Security guarantees", "Observers",
          "Reactive deployments", "Talks", "Europe’s “peacekeepers”")
PLURAL_VERBS = {"is": "are", "needs": "need", "depends": "depend", "deserves": "deserve", "raises": "raise",
                "risks": "risk"}


def synthetic_title(rng: random.Random) -> str:
    s, c = rng.choice(SUBJECTS), rng.choice(CLAIMS)
    if s.startswith(PLURAL):
        verb, _, rest = c.partition(" ")
        c = f"{PLURAL_VERBS.get(verb, verb)} {rest}"
    sl = s if s.startswith(("NATO", "Europe", "Blue", "Western", "Boots", "Security", "Arming", "Talks", "Reactive",
                            "Observers")) else s[0].lower() + s[1:]
    frame = rng.choice(FRAMES)
    if s.startswith(PLURAL):
        frame = frame.replace("Is {sl}", "Are {sl}")
    return frame.format(s=s, c=c, sl=sl)


def pick_authors(rng: random.Random) -> list[str]:
    # Log-uniform over the pool: a few prolific authors, a long tail of occasional ones.
    count = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
    chosen: list[str] = []
    while len(chosen) < count:
        name = NAMES[int(len(NAMES) ** rng.random()) - 1]
        if name not in chosen:
            chosen.append(name)
    return chosen


def pick_date(rng: random.Random) -> tuple[str, str, str]:
    year = rng.randint(2022, 2026)
    month = rng.randint(1, 11 if year == 2026 else 12)
    day = rng.randint(1, 28)
    precision = rng.choices(["day", "month", "year"], weights=[60, 25, 15])[0]
    value = {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]
    basis = {"day": "The dateline under the title (synthetic benchmark record).",
             "month": "The text dates itself to this month; the day is not stated (synthetic benchmark record).",
             "year": "Inferred from the events the text refers to; year only (synthetic benchmark record)."}[precision]
    return value, precision, basis


def pick_quote(rng: random.Random, paragraph: str) -> str:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", paragraph)]
    fitting = [s for s in sentences if 40 <= len(s) <= 400]
    if fitting:
        return rng.choice(fitting)
    return paragraph[:200].rsplit(" ", 1)[0].strip()


@dataclass
class Generated:
    slug: str
    raw: bytes
    record: dict
    body: list[str]  # normalised body paragraphs as placed
    title: str


def synthesise(seeds: Seeds, i: int, seed: int, attempt: int = 0) -> Generated:
    """Article number i: the same article at every N (its randomness depends on i only)."""
    rng = random.Random(f"bench-{seed}-{i}-{attempt}")
    _, _, _, _, normalise = seeds.checker
    t = seeds.templates[i % len(seeds.templates)]
    title = synthetic_title(rng)
    lines = list(t.lines)
    for k in t.title_lines:
        lines[k] = title
    if t.standfirst is not None:
        lines[t.standfirst] = rng.choice(seeds.standfirsts)
    has_author_lines = t.byline is not None or t.bio is not None
    unknown = rng.random() < (0.10 if has_author_lines else 0.35)
    authors = [] if unknown else pick_authors(rng)
    if t.byline is not None:
        lines[t.byline] = ("By " + (", ".join(authors[:-1]) + " and " + authors[-1] if len(authors) > 1 else authors[0])
                           if authors else "")
    if t.bio is not None:
        lines[t.bio] = lines[t.bio].replace(t.bio_name, authors[0], 1) if authors else ""
    # The body: paragraphs mixed from every seed, at least as long as the shortest seed.
    pool = list(seeds.paragraphs)
    rng.shuffle(pool)
    want = rng.randint(7, 14)
    body: list[str] = []
    for p in pool:
        body.append(p)
        if len(body) >= want and sum(len(normalise(b)) for b in body) >= seeds.min_body_chars:
            break
    while True:
        new_lines = lines[:t.body_start] + [x for p in body for x in (p, "")][:-1] + lines[t.body_end + 1:]
        text = "\n".join(new_lines) + ("\n" if t.trailing_newline else "")
        raw = text.encode("utf-8")
        if len(raw) >= seeds.min_raw_bytes or len(body) == len(pool):
            break
        body.append(next(p for p in pool if p not in body))
    placed = [normalise(p) for p in body]
    sha = hashlib.sha256(raw).hexdigest()
    slug = f"{slugify(title)[:60].strip('-')}-{i + 1:05d}"

    date, precision, date_basis = pick_date(rng)
    proposals = rng.sample(seeds.proposals, rng.randint(1, min(4, len(seeds.proposals))))
    stances = [{"id": p, "stance": rng.choice(seeds.positions),
                "basis": pick_quote(rng, rng.choice(placed))} for p in proposals]
    arguments, used = [], set()
    for _ in range(rng.randint(3, 6)):
        proposal = rng.choice(proposals)
        fitting = [a for a, ps in seeds.arguments.items() if proposal in ps] or list(seeds.arguments)
        argument = rng.choice(fitting)
        if (argument, proposal) in used:
            continue
        used.add((argument, proposal))
        arguments.append({"id": argument, "proposal": proposal, "quote": pick_quote(rng, rng.choice(placed))})
    if len(arguments) < 3:  # duplicates skipped: top up with other arguments
        for argument in seeds.arguments:
            if len(arguments) >= 3:
                break
            if (argument, proposals[0]) not in used:
                used.add((argument, proposals[0]))
                arguments.append({"id": argument, "proposal": proposals[0], "quote": pick_quote(rng, rng.choice(placed))})
    url = None
    if rng.random() < 0.6:
        url = f"https://{DOMAINS.get(t.publisher, t.publisher + '.example.org')}/{date[:4]}/{slug}"
    if t.byline is not None:
        author_basis = f"Byline on the page: \"{lines[t.byline]}\"."
    elif t.bio is not None:
        author_basis = "The author bio after the article (synthetic benchmark record)."
    else:
        author_basis = "Named on the publisher's author page (synthetic benchmark record)."
    record = {
        "title": title if rng.random() < 0.15 else None,
        "standfirst": None,
        "url": url,
        "url_basis": None if url else "The raw dump does not contain the page address (synthetic benchmark record).",
        "publisher": {"id": t.publisher, "basis": f"Page structure of the seed {t.slug} (synthetic benchmark record)."},
        "date": {"value": date, "precision": precision, "basis": date_basis},
        "authors": [{"name": a, "basis": author_basis} for a in authors],
        "authors_unknown": None if authors else "The page names no author (synthetic benchmark record).",
        "editor": "benchmark generator (synthetic record)",
        "position": {"id": rng.choice(seeds.positions), "basis": pick_quote(rng, rng.choice(placed))},
        "proposals": stances,
        "arguments": arguments,
        "source": {"original_name": f"{i:05d}_{sha[:16]}.txt", "sha256": sha},
    }
    return Generated(slug, raw, record, placed, normalise(title))


def verify(seeds: Seeds, path: Path, article: Generated) -> bool:
    """The archive's own stages find the title and exactly the body paragraphs placed."""
    Reader, voc, clean, extract, _ = seeds.checker
    reader = Reader(path.parent.parent)
    raw = reader.raw_article(path, voc.extraction.max_bytes)
    if raw is None or reader.problems:
        return False
    cleaned = clean(raw, voc.rules_for(article.record["publisher"]["id"]), voc.extraction.head_max_chars)
    found = extract(cleaned, voc.extraction)
    return (found.title is not None and found.title.text == article.title
            and [line.text for line in found.body] == article.body)


def generated_files(docs: Path) -> set[str]:
    try:
        return set(json.loads((docs / MANIFEST).read_text(encoding="utf-8"))["files"])
    except (FileNotFoundError, ValueError, KeyError):
        return set()


def prepare(root: Path, repo: Path = REPO) -> Path:
    """An archive folder with everything but the articles (which must not be the repository)."""
    root = root.resolve()
    if root == repo or repo / "sources" in (root, *root.parents) or root in repo.parents:
        raise SystemExit(f"bench: refusing to generate into {root}: use a folder outside the repository")
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(repo / "mkdocs.yml", root / "mkdocs.yml")
    # Every source except the articles (vocabularies, boilerplate, pages, schemas...).
    (root / "sources" / "articles").mkdir(parents=True, exist_ok=True)
    for item in (repo / "sources").iterdir():
        if item.name != "articles":
            (shutil.copytree if item.is_dir() else shutil.copy2)(item, root / "sources" / item.name)
    # Hand-made files of docs/ (assets, overrides...), not the generated pages.
    ours = generated_files(repo / "docs")
    for path in sorted((repo / "docs").rglob("*")):
        rel = path.relative_to(repo / "docs").as_posix()
        if path.is_file() and rel not in ours and rel != MANIFEST:
            (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, root / "docs" / rel)
    (root / "docs" / "overrides").mkdir(parents=True, exist_ok=True)
    if not (root / "scripts").exists():
        (root / "scripts").symlink_to(repo / "scripts")  # the hook's path in mkdocs.yml is relative
    return root


def generate(root: Path, n: int, seed: int = 1, repo: Path = REPO, seeds: Seeds | None = None) -> dict:
    """A complete archive of n synthetic articles in root (which must not be the repository)."""
    seeds = seeds or analyse_seeds(repo)
    root = prepare(root, repo)
    folder = root / "sources" / "articles"
    hashes, first_slugs, retries = set(), [], 0
    for i in range(n):
        for attempt in range(20):
            article = synthesise(seeds, i, seed, attempt)
            sha = article.record["source"]["sha256"]
            if sha in hashes:
                continue
            path = folder / f"{article.slug}.txt"
            path.write_bytes(article.raw)
            if verify(seeds, path, article):
                break
            path.unlink()
            retries += 1
        else:
            raise SystemExit(f"bench: could not generate a valid article number {i}")
        hashes.add(sha)
        text = yaml.safe_dump(article.record, allow_unicode=True, sort_keys=False, width=100)
        (folder / f"{article.slug}.yml").write_text(text, encoding="utf-8")
        if len(first_slugs) < 5:
            first_slugs.append(article.slug)
        if (i + 1) % 500 == 0:
            say(f"generated {i + 1}/{n}")
    return {"root": root, "n": n, "first_slugs": first_slugs, "retries": retries}


def generate_copies(root: Path, n: int, repo: Path = REPO) -> dict:
    """An archive of n copies of the repository's own articles, each with its record's every
    argument, stance and basis, and its raw file's every removed line: heavier than the
    synthetic records, which have three to six arguments and one seed's page junk."""
    root = prepare(root, repo)
    originals = sorted((repo / "sources" / "articles").glob("*.txt"))
    folder = root / "sources" / "articles"
    slugs = []
    for i in range(n):
        original = originals[i % len(originals)]
        copy = i // len(originals)
        # Blank lines at the end are read as nothing, and give each copy bytes (a hash) of its own.
        raw = original.read_bytes() + b"\n" * copy
        record = yaml.safe_load(original.with_suffix(".yml").read_text(encoding="utf-8"))
        record["source"]["sha256"] = hashlib.sha256(raw).hexdigest()
        slug = f"{original.stem}-{copy + 1:04d}"
        (folder / f"{slug}.txt").write_bytes(raw)
        (folder / f"{slug}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100),
                                            encoding="utf-8")
        slugs.append(slug)
    return {"root": root, "n": n, "first_slugs": slugs[:5], "retries": 0}


# --- running and measuring ------------------------------------------------------------------------

@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds: less sensitive than wall time to other load on the machine
    rss_mb: float
    code: int
    out: str
    err: str
    sys: float = 0.0  # the system part of cpu: on a virtual machine, mostly the cost of creating files


def run(cmd: list[str], timeout: float, env: dict | None = None, stderr=None) -> Run:
    """Run cmd as its own process; its wall time and peak resident memory (from wait4)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err if stderr is None else stderr,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)

        def kill():
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), usage.ru_stime)


def archive_cmd() -> list[str]:
    script = Path(sys.executable).parent / "archive"
    return [str(script)] if script.exists() else [sys.executable, "-m", "archive.cli"]


def mkdocs_cmd(config: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def zensical_cmd(config: Path) -> list[str] | None:
    """`zensical build` from scratch (its cache cleared), or None when Zensical is not installed."""
    if importlib.util.find_spec("zensical") is None:
        return None
    return [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config)]


def must(result: Run, what: str) -> Run:
    if result.code != 0:
        raise SystemExit(f"bench: {what} failed (exit {result.code}):\n{result.err[-3000:]}{result.out[-2000:]}")
    return result


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            st = path.stat()
            found[path.relative_to(folder).as_posix()] = (st.st_mtime_ns, st.st_ino, st.st_size)
    return found


# Parts of the built site, for the size breakdown: the first pattern that matches a path wins.
SITE_PARTS = (("article pages", ARTICLE_PAGE), ("search index", re.compile(r"(pagefind|search)/.*")),
              ("raw dumps", re.compile(r"raw/.*")), ("data", re.compile(r"data/.*")),
              ("theme assets", re.compile(r"assets/.*")), ("author pages", re.compile(r"authors/.*")),
              ("other pages", re.compile(r".*")))


# The pages a reader opens to browse, whatever the size of the archive: each should stay small
# (the listings are paged; these are not all), so the report flags any over READER_LIMIT_KB.
READER_PAGES = {"timeline": "timeline.html", "matrix": "matrix.html", "proposals index": "proposals/index.html",
                "articles list": "articles/index.html", "filter data": "articles/articles.js", "search page": "search.html"}
READER_LIMIT_KB = 500


def reader_table(rows: list[dict]) -> str:
    """Sizes of the reader's pages at each N, and a line naming any page over the limit."""
    names = list(READER_PAGES)
    out = [table(["N", *(f"{name} KB" for name in names)],
                 [[str(r["n"]), *(f(r["reader_kb"].get(name), ".1f") for name in names)] for r in rows])]
    over = [f"{name} at N={r['n']} ({r['reader_kb'][name]:.1f} KB)" for name in names for r in rows
            if (r["reader_kb"].get(name) or 0) > READER_LIMIT_KB]
    if over:
        out.append(f"OVER {READER_LIMIT_KB} KB: " + "; ".join(over))
    return "\n".join(out)


def site_metrics(site: Path, first_slugs: list[str]) -> dict:
    total, articles, others = 0, [], []
    parts = {name: 0 for name, _ in SITE_PARTS}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        rel = path.relative_to(site).as_posix()
        parts[next(name for name, pattern in SITE_PARTS if pattern.fullmatch(rel))] += size
        if not rel.endswith(".html") or rel.startswith(("search/", "assets/")) or rel in ("404.html", "search.html"):
            continue
        (articles if ARTICLE_PAGE.fullmatch(rel) else others).append((size, rel))
    # The search index: Pagefind's chunks (our site), or Material's one file (the bare build).
    search = site / "search" / "search_index.json"
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file()] or ([search] if search.exists() else [])
    same = [(site / "articles" / f"{s}.html").stat().st_size for s in first_slugs if (site / "articles" / f"{s}.html").exists()]
    return {
        "site_mb": total / MB,
        "parts_mb": {name: size / MB for name, size in parts.items()},
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
        "search_mb": sum(p.stat().st_size for p in index) / MB,
        "article_max_kb": max(articles)[0] / KB if articles else 0.0,
        "article_mean_kb": sum(s for s, _ in articles) / len(articles) / KB if articles else 0.0,
        "first5_mean_kb": sum(same) / len(same) / KB if same else 0.0,
        "index_max_kb": max(others)[0] / KB if others else 0.0,
        "index_max_page": max(others)[1] if others else "",
        "pages": len(articles) + len(others),
        "reader_kb": {name: (site / path).stat().st_size / KB for name, path in READER_PAGES.items() if (site / path).exists()},
    }


def block_removed(config: str, key: str) -> str:
    """mkdocs.yml without one top-level key and its block (text-level: keeps any !tags intact)."""
    out, skipping = [], False
    for line in config.splitlines(keepends=True):
        if re.match(rf"{key}\s*:", line):
            skipping = True
            continue
        if skipping and line.strip() and not line[0].isspace() and not line.lstrip().startswith("#") and not line.startswith("-"):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def nav_block(config: str) -> str:
    lines, inside = [], False
    for line in config.splitlines():
        if re.match(r"nav\s*:", line):
            inside = True
        elif inside and line.strip() and not line[0].isspace() and not line.startswith("-"):
            break
        if inside:
            lines.append(line)
    return "\n".join(lines) + "\n"


def naive_config(root: Path) -> Path:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    path = root / "mkdocs-naive.yml"
    path.write_text(block_removed(block_removed(text, "nav"), "hooks"), encoding="utf-8")
    return path


def bare_setup(root: Path) -> Path:
    """Only the article pages (with their listing) and the home page, plain Material, bounded nav."""
    bare = root / "bare"
    shutil.rmtree(bare, ignore_errors=True)
    docs = bare / "docs"
    (docs / "articles").mkdir(parents=True, exist_ok=True)
    for src in [root / "docs" / "index.md", *sorted((root / "docs" / "articles").glob("*.md"))]:
        dst = docs / src.relative_to(root / "docs")
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    (bare / "mkdocs.yml").write_text(
        "site_name: Bare Material\ndocs_dir: docs\nuse_directory_urls: false\n"
        "theme:\n  name: material\n"
        "nav:\n  - Home: index.md\n  - Articles: articles/index.md\n"
        "plugins:\n  - search\n"
        "markdown_extensions:\n  - attr_list\n  - tables\n"
        "validation:\n  nav: {omitted_files: ignore, not_found: ignore}\n"
        "  links: {not_found: ignore, anchors: ignore, unrecognized_links: ignore, absolute_links: ignore}\n",
        encoding="utf-8")
    return bare / "mkdocs.yml"


def progress_check(root: Path, timeout: float) -> dict:
    """`archive check` with stderr on a terminal shows progress; in a pipe and in CI it is quiet."""
    base = {k: v for k, v in os.environ.items() if k != "CI"}
    seen = {}
    for label, env in (("tty", base), ("tty_ci", {**base, "CI": "true"})):
        master, slave = pty.openpty()
        chunks: list[bytes] = []

        def drain():
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError:
                    return
                if not data:
                    return
                chunks.append(data)
        thread = threading.Thread(target=drain, daemon=True)
        thread.start()
        proc = subprocess.Popen(archive_cmd() + ["--root", str(root), "check"], stdout=subprocess.DEVNULL,
                                stderr=slave, stdin=subprocess.DEVNULL, env=env)
        proc.wait(timeout)
        os.close(slave)
        thread.join(5)
        os.close(master)
        seen[label] = b"".join(chunks).decode("utf-8", "replace")
    pipe = subprocess.run(archive_cmd() + ["--root", str(root), "check"], capture_output=True, text=True,
                          env=base, timeout=timeout)
    return {"tty_shows": "/" in seen["tty"], "ci_quiet": not seen["tty_ci"].strip(),
            "pipe_quiet": not pipe.stderr.strip()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch_page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def serve_check(root: Path, slug: str, timeout: float) -> dict:
    """Seconds from saving an edited record to `mkdocs serve` serving the changed page."""
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    url = f"http://127.0.0.1:{port}/articles/{slug}.html"
    try:
        start = time.perf_counter()
        while fetch_page(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                log.seek(0)
                return {"serve_s": None, "serve_error": log.read().decode("utf-8", "replace")[-1500:]}
            time.sleep(0.1)
        startup = time.perf_counter() - start
        time.sleep(1.0)  # let the first build's own follow-up rebuild settle
        record_path = root / "sources" / "articles" / f"{slug}.yml"
        record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
        token = f"Edited title {int(time.time())}"
        record["title"] = token
        edited = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
        start = time.perf_counter()
        record_path.write_text(edited, encoding="utf-8")
        while True:
            page = fetch_page(url)
            if page and token in page:
                return {"serve_s": time.perf_counter() - start, "serve_startup_s": startup}
            if proc.poll() is not None or time.perf_counter() - start > 60:
                log.seek(0)
                return {"serve_s": None, "serve_error": log.read().decode("utf-8", "replace")[-1500:]}
            time.sleep(0.05)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        log.close()


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def best_of(times: int, make_run, before=None) -> Run:
    """The fastest of several runs (least disturbed by other load); peak memory is the largest seen."""
    runs = []
    for k in range(max(1, times)):
        if before and k:
            before()
        runs.append(make_run())
    fastest = min(runs, key=lambda r: r.wall)
    return Run(fastest.wall, min(r.cpu for r in runs), max(r.rss_mb for r in runs), fastest.code, fastest.out, fastest.err,
               fastest.sys)


# Deleting thousands of files costs this machine's file system (ext4 on a virtual disk) most of a
# second of kernel time, which lands in whatever runs next: a timed build. So the benchmark never
# deletes between timed runs; it moves folders aside (a rename) and deletes them all after the
# last timed run of each N, then waits for the disk (sync).

def set_aside(folder: Path) -> Path | None:
    if not folder.exists():
        return None
    trash = folder.parent / ".bench-trash"
    trash.mkdir(exist_ok=True)
    return folder.rename(trash / f"{folder.name}-{time.monotonic_ns()}")


def empty_trash(root: Path) -> None:
    shutil.rmtree(root / ".bench-trash", ignore_errors=True)
    os.sync()


def reset_docs(docs: Path, keep: tuple[str, ...] = ()) -> None:
    """A docs/ without any generated page (nor the manifest), for another build from scratch: a
    new folder holding only what the normaliser does not write (the theme overrides, assets),
    and the generated files named in `keep`."""
    generated = (generated_files(docs) | {MANIFEST}) - set(keep)
    old = set_aside(docs)
    docs.mkdir()
    for path in sorted(old.rglob("*")):
        rel = path.relative_to(old).as_posix()
        if path.is_file() and rel not in generated:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / rel)
    os.sync()


def measure_normaliser(root: Path, n: int, args) -> dict:
    """A cold `archive build` (best of --repeat, each from a docs/ without generated pages),
    a re-run with nothing changed, a build after a template change (every page written again,
    the citations cached) and, when the generator held an article back, one adding it."""
    r: dict = {"n": n}
    cmd = archive_cmd() + ["--root", str(root)]
    docs = root / "docs"
    say(f"N={n}: archive build" + (f", best of {args.repeat}" if args.repeat > 1 else ""))
    first = best_of(args.repeat, lambda: must(run(cmd + ["build"], args.timeout, env={"CI": ""}), "archive build"),
                    before=lambda: reset_docs(docs))
    r.update(norm_s=first.wall, norm_cpu=first.cpu, norm_sys=first.sys, norm_mb=first.rss_mb,
             norm_files=len(generated_files(docs)), norm_quiet=not first.err.strip())
    before = snapshot(docs)
    say(f"N={n}: archive build again, nothing changed")
    again = best_of(args.repeat, lambda: must(run(cmd + ["build"], args.timeout), "archive build (re-run)"))
    after = snapshot(docs)
    r.update(rerun_s=again.wall, rerun_cpu=again.cpu, rerun_mb=again.rss_mb,
             rerun_wrote=sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)))
    say(f"N={n}: archive build --force after a template change (every page again; the citations cached)")
    def after_template_change() -> Run:
        reset_docs(docs, keep=(CITATIONS,))  # every page written again (the files are new to the manifest: --force)
        return must(run(cmd + ["build", "--force"], args.timeout), "archive build --force")
    changed = best_of(args.repeat, after_template_change)
    r.update(template_s=changed.wall, template_cpu=changed.cpu, template_mb=changed.rss_mb)
    if (root / HELD_BACK).is_dir():
        say(f"N={n}: archive build with one article added (its citation not cached)")
        added = best_of(args.repeat, lambda: add_held_back(root, cmd, args), before=lambda: take_back(root, cmd, args))
        take_back(root, cmd, args)
        r.update(added_s=added.wall, added_cpu=added.cpu, added_mb=added.rss_mb)
    after = snapshot(docs)
    r["docs_mb"] = sum(s for _, _, s in after.values()) / MB
    r["_after"] = after
    return r


# "One article added": the generator makes N + 1 articles and holds one back, in
# held-back/<its slug>/; the build that puts it into the archive is timed, each time after an
# untimed build of the N others (which also drops its citation from the cache).
HELD_BACK = "held-back"
CITATIONS = "data/citations.json"


def hold_back(root: Path, keep: list[str]) -> None:
    """Move the last article (not one of `keep`) out of the sources."""
    folder = root / "sources" / "articles"
    stem = max(p.stem for p in folder.glob("*.yml") if p.stem not in keep)
    (root / HELD_BACK / stem).mkdir(parents=True)
    for path in folder.glob(f"{stem}.*"):
        path.rename(root / HELD_BACK / stem / path.name)


def add_held_back(root: Path, cmd: list[str], args) -> Run:
    for path in (root / HELD_BACK).glob("*/*"):
        path.rename(root / "sources" / "articles" / path.name)
    return must(run(cmd + ["build"], args.timeout), "archive build (one article added)")


def take_back(root: Path, cmd: list[str], args) -> None:
    """The held-back article out of the sources again, and docs/ built without it (untimed)."""
    for held in (root / HELD_BACK).iterdir():
        for path in (root / "sources" / "articles").glob(f"{held.name}.*"):
            path.rename(held / path.name)
    must(run(cmd + ["build"], args.timeout), "archive build (the held-back article taken out)")


def measure(root: Path, info: dict, args) -> dict:
    n = info["n"]
    r = measure_normaliser(root, n, args)
    after = r.pop("_after")
    docs = root / "docs"
    if args.normaliser_only:
        empty_trash(root)
        return r
    # The machine's speed drifts by tens of per cent over minutes, so every comparison is made
    # pair by pair: our build, then straight after it the build compared with it, and the ratio
    # of each pair; the median of the pairs is reported (and the fastest run of each as time).
    site = root / "site"
    config = bare_setup(root) if n <= args.bare_max else None
    bare_site = root / "site-bare"
    ours_runs, bare_runs, zensical_pairs = [], [], []
    zensical = zensical_cmd(root / "mkdocs.yml") if n <= args.zensical_max else None
    for k in range(max(1, args.repeat)):
        say(f"N={n}: mkdocs build ({k + 1} of {max(1, args.repeat)})" + (", then the bare build" if config else "")
            + (", then zensical build" if zensical else ""))
        set_aside(site)
        ours_runs.append(must(run(mkdocs_cmd(root / "mkdocs.yml", site), args.timeout), "mkdocs build"))
        if k == 0:
            r.update(site_metrics(site, info["first_slugs"]))
            if n in args.search_sizes:
                say(f"N={n}: search in Chromium, typing {bench_search.QUERY!r}")
                r["search"] = bench_search.measure(site)
            r["hook_wrote"] = sorted(k for k, v in snapshot(docs).items() if after.get(k) != v)
        if config:
            set_aside(bare_site)
            bare_runs.append(must(run(mkdocs_cmd(config, bare_site), args.timeout), "bare mkdocs build"))
            if k == 0 and n in args.search_sizes:
                say(f"N={n}: Material's search on the bare build, in Chromium")
                r["search_bare"] = bench_search.measure(bare_site)
        if zensical:  # the same docs/ (Zensical runs no hook, and needs none), into root/site
            set_aside(site)
            zensical_pairs.append((ours_runs[-1], must(run(zensical, args.timeout), "zensical build")))
    ours = min(ours_runs, key=lambda x: x.wall)
    if zensical_pairs:
        best = min((z for _, z in zensical_pairs), key=lambda x: x.wall)
        r.update(zensical_s=best.wall, zensical_cpu=min(z.cpu for _, z in zensical_pairs),
                 zensical_mb=max(z.rss_mb for _, z in zensical_pairs),
                 zensical_ours=median([z.wall / o.wall for o, z in zensical_pairs]),
                 zensical_issues="No issues found" not in best.out + best.err)
    r.update(mkdocs_s=ours.wall, mkdocs_cpu=min(x.cpu for x in ours_runs), mkdocs_mb=max(x.rss_mb for x in ours_runs))
    if config:
        m = site_metrics(bare_site, info["first_slugs"])
        bare = min(bare_runs, key=lambda x: x.wall)
        r.update(bare_s=bare.wall, bare_cpu=min(x.cpu for x in bare_runs), bare_mb=max(x.rss_mb for x in bare_runs),
                 bare_site_mb=m["site_mb"],
                 ours_bare=median([o.wall / b.wall for o, b in zip(ours_runs, bare_runs)]),
                 ours_bare_cpu=median([o.cpu / b.cpu for o, b in zip(ours_runs, bare_runs)]),
                 ours_bare_range=(min(o.wall / b.wall for o, b in zip(ours_runs, bare_runs)),
                                  max(o.wall / b.wall for o, b in zip(ours_runs, bare_runs))))
        set_aside(bare_site)
        set_aside(root / "bare")
    set_aside(site)
    if n >= 100 and not args.no_progress_check and not getattr(args, "_progress_done", False):
        say(f"N={n}: progress output on a terminal, in CI and in a pipe")
        r["progress"] = progress_check(root, args.timeout)
        args._progress_done = True
    if n <= args.naive_max:
        naive_site = root / "site-naive"
        pairs = []
        for k in range(max(1, args.repeat)):
            say(f"N={n}: our build, then the naive mkdocs build, Material's default navigation ({k + 1} of {max(1, args.repeat)})")
            set_aside(site)
            paired = must(run(mkdocs_cmd(root / "mkdocs.yml", site), args.timeout), "mkdocs build")
            set_aside(naive_site)
            pairs.append((paired, must(run(mkdocs_cmd(naive_config(root), naive_site), args.naive_timeout), "naive mkdocs build")))
        m = site_metrics(naive_site, info["first_slugs"])
        naive = min((x for _, x in pairs), key=lambda x: x.wall)
        r.update(naive_s=naive.wall, naive_cpu=min(x.cpu for _, x in pairs), naive_mb=max(x.rss_mb for _, x in pairs),
                 naive_site_mb=m["site_mb"], naive_article_max_kb=m["article_max_kb"],
                 naive_ours=median([x.wall / o.wall for o, x in pairs]),
                 naive_ours_cpu=median([x.cpu / o.cpu for o, x in pairs]),
                 naive_ours_range=(min(x.wall / o.wall for o, x in pairs), max(x.wall / o.wall for o, x in pairs)))
        set_aside(naive_site)
        set_aside(site)
    if n <= args.serve_max:
        say(f"N={n}: mkdocs serve, edit one record")
        r.update(serve_check(root, info["first_slugs"][0], args.timeout))
    empty_trash(root)
    return r


# --- reporting ------------------------------------------------------------------------------------

def exponent(rows: list[dict], key: str) -> float | None:
    points = [(math.log(r["n"]), math.log(r[key])) for r in rows if r["n"] >= 100 and r.get(key)]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    cpu = platform.processor() or platform.machine()
    ram = None
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
        ram = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration):
        pass

    def v(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "os": platform.platform(),
            "python": platform.python_version(), "mkdocs": v("mkdocs"), "material": v("mkdocs-material"),
            "pyyaml": v("PyYAML")}


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def f(value, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def ratio(a, b, spec=".1f") -> str:
    return f"{a / b:{spec}}x" if a and b else "-"


def report(rows: list[dict], args, command: str, load: tuple[str, str]) -> str:
    out = [f"$ {command}", ""]
    out.append("Normaliser (archive build, a separate process each time: wall and CPU seconds, peak RSS MB)")
    out.append(normaliser_table(rows))
    out.append("(System time is the kernel's, mostly creating the files; on this virtual machine it varies from run "
               "to run far more than the user time does.)")
    copies = getattr(args, "copies_rows", [])
    if copies:
        out += ["", "Normaliser on copies of the five real articles (each with every argument, stance, basis and "
                "removed line of its record and raw file; the synthetic records above are lighter)"]
        out.append(normaliser_table(copies))
    if args.normaliser_only:
        out += ["", "Targets"] + [f"  [{'met' if ok else 'MISSED'}] {text}" for ok, text in normaliser_targets(rows, copies)]
        return "\n".join(out + machine_lines(load))
    out += ["", "Site (mkdocs build with the hook, whose normaliser run is a no-op; sizes of the built site)"]
    out.append(table(
        ["N", "build s", "build CPU s", "build MB", "site MB", "search MB", "pages", "article max KB", "article mean KB",
         "same 5 articles KB", "index max KB", "largest index page"],
        [[str(r["n"]), f(r["mkdocs_s"]), f(r["mkdocs_cpu"]), f(r["mkdocs_mb"], ".0f"), f(r["site_mb"], ".1f"),
          f(r["search_mb"], ".1f"), str(r["pages"]), f(r["article_max_kb"], ".1f"), f(r["article_mean_kb"], ".1f"),
          f(r["first5_mean_kb"], ".1f"), f(r["index_max_kb"], ".1f"), r["index_max_page"]]
         for r in rows]))
    out += ["", "Site size by part, MB (and KB per article)"]
    names = [name for name, _ in SITE_PARTS]
    out.append(table(["N", *names], [[str(r["n"]), *(f"{r['parts_mb'][name]:.1f} ({r['parts_mb'][name] * KB / r['n']:.0f})"
                                                    for name in names)] for r in rows]))
    out += ["", f"The reader's pages, KB (the articles list: its first page, the listings being paged; flagged over "
            f"{READER_LIMIT_KB} KB)"]
    out.append(reader_table(rows))
    searched = [(r, r[key]) for r in rows for key in ("search_bare", "search") if r.get(key)]
    if searched:
        out += ["", f"Search in Chromium, served from 127.0.0.1, cold cache, typing {bench_search.QUERY!r} key by key "
                "(scripts/bench_search.py)"]
        out.append(table(
            ["N", "search", "first results s after the last key", "index KB before typing", "search KB in all",
             "search requests", "JS heap MB (page and workers)"],
            [[str(r["n"]), x["search"] + (" (bare build)" if x is r.get("search_bare") else " (ours)"),
              f(x["first_results_s"]), f(x["before_kb"], ".0f"), f(x["query_kb"], ".0f"), str(x["requests"]),
              f(x["heap_mb"], ".1f")] for r, x in searched]))
    out += ["", f"Naive setup: the same docs/ with Material's default navigation, no hook (run for N <= {args.naive_max}).",
            "Bare: plain Material, bounded nav, search only, the article pages (with their listing) and the home page."]
    out.append(table(
        ["N", "naive s", "naive CPU s", "naive MB", "naive site MB", "naive article KB", "naive/ours time (wall, CPU; range of pairs)",
         "naive/ours size", "bare s", "bare CPU s", "bare site MB", "ours/bare time (wall, CPU; range of pairs)"],
        [[str(r["n"]), f(r.get("naive_s")), f(r.get("naive_cpu")), f(r.get("naive_mb"), ".0f"),
          f(r.get("naive_site_mb"), ".1f"), f(r.get("naive_article_max_kb"), ".1f"),
          f"{r['naive_ours']:.2f}x, {r['naive_ours_cpu']:.2f}x; {r['naive_ours_range'][0]:.2f}-{r['naive_ours_range'][1]:.2f}"
          if r.get("naive_s") else "not run",
          ratio(r.get("naive_site_mb"), r["site_mb"]) if r.get("naive_s") else "not run",
          f(r.get("bare_s")), f(r.get("bare_cpu")), f(r.get("bare_site_mb"), ".1f"),
          f"{r['ours_bare']:.2f}x, {r['ours_bare_cpu']:.2f}x; {r['ours_bare_range'][0]:.2f}-{r['ours_bare_range'][1]:.2f}"
          if r.get("bare_s") else "not run"]
         for r in rows]))
    out.append("Ratios are taken pair by pair (each compared build straight after one of ours) and the median "
               "of the pairs given, so that drifts in the machine's speed cancel out.")
    if any(r.get("zensical_s") for r in rows):
        out += ["", f"Zensical: `zensical build --clean` of the same docs/ (no hook), run for N <= {args.zensical_max}."]
        out.append(table(["N", "zensical s", "zensical CPU s", "zensical MB", "zensical/ours time (wall, median of pairs)",
                          "issues reported"],
                         [[str(r["n"]), f(r["zensical_s"]), f(r["zensical_cpu"]), f(r["zensical_mb"], ".0f"),
                           f"{r['zensical_ours']:.2f}x", "some" if r["zensical_issues"] else "none"]
                          for r in rows if r.get("zensical_s")]))
    out.append("")
    ex = {key: exponent(rows, key) for key in ("norm_s", "norm_cpu", "mkdocs_s", "mkdocs_cpu", "norm_mb")}
    out.append(f"Exponent b of time ~ N^b (log-log least squares over N >= 100): normaliser {f(ex['norm_s'])} "
               f"(CPU {f(ex['norm_cpu'])}), mkdocs build {f(ex['mkdocs_s'])} (CPU {f(ex['mkdocs_cpu'])}); "
               f"normaliser peak memory {f(ex['norm_mb'])}")
    for r in rows:
        if r.get("hook_wrote"):
            out.append(f"WARNING N={r['n']}: the hook rewrote {len(r['hook_wrote'])} files during mkdocs build "
                       "(the normaliser's code changed during the run?): that build time includes a normaliser run")
        if "progress" in r:
            p = r["progress"]
            out.append(f"Progress (archive check, N={r['n']}): on a terminal {'shown' if p['tty_shows'] else 'NOT shown'}; "
                       f"terminal with CI=true {'quiet' if p['ci_quiet'] else 'NOT quiet'}; pipe "
                       f"{'quiet' if p['pipe_quiet'] else 'NOT quiet'}")
        if "serve_s" in r:
            out.append(f"mkdocs serve (N={r['n']}): edited record shown after {f(r['serve_s'])} s"
                       + (f" (server ready after {f(r.get('serve_startup_s'))} s)" if r.get("serve_s") else
                          f" -- failed: {r.get('serve_error', '')[-300:]}"))
    out += ["", "Targets"] + [f"  [{'met' if ok else 'MISSED' if ok is False else 'n/a'}] {text}"
                              for ok, text in targets(rows, ex["norm_s"])]
    out += [f"  [{'met' if ok else 'MISSED'}] {text}" for ok, text in normaliser_targets([], copies)]
    return "\n".join(out + machine_lines(load))


def normaliser_table(rows: list[dict]) -> str:
    return table(
        ["N", "build s", "build CPU s", "of which system s", "files written", "build MB", "re-run s", "re-run CPU s",
         "re-run wrote", "template change s", "template change CPU s", "one added s", "one added CPU s", "docs MB",
         "quiet in pipe"],
        [[str(r["n"]), f(r["norm_s"]), f(r["norm_cpu"]), f(r.get("norm_sys")), str(r.get("norm_files", "-")),
          f(r["norm_mb"], ".0f"), f(r["rerun_s"]), f(r["rerun_cpu"]),
          str(len(r["rerun_wrote"])) + " files", f(r.get("template_s")), f(r.get("template_cpu")), f(r.get("added_s")),
          f(r.get("added_cpu")), f(r["docs_mb"], ".1f"), "yes" if r["norm_quiet"] else "NO"] for r in rows])


def normaliser_targets(rows: list[dict], copies: list[dict]) -> list[tuple[bool, str]]:
    """The normaliser's targets at N=1000: on the synthetic records (rows) and on copies of the real ones."""
    found = []
    for label, group in (("", rows), (" on copies of the real articles", copies)):
        k = next((r for r in group if r["n"] == 1000), None)
        if k:
            found.append((k["norm_s"] < 2, f"N=1000 normaliser under 2 s{label}, first build: {k['norm_s']:.2f} s "
                          f"(CPU {k['norm_cpu']:.2f} s, of which system {k.get('norm_sys', 0):.2f} s)"))
            for key, what in (("template", "after a template change"), ("added", "with one article added")):
                if k.get(f"{key}_s") is not None:
                    found.append((k[f"{key}_s"] < 2, f"N=1000 normaliser under 2 s{label}, {what}: {k[f'{key}_s']:.2f} s "
                                  f"(CPU {k[f'{key}_cpu']:.2f} s)"))
    return found


def machine_lines(load: tuple[str, str]) -> list[str]:
    m = machine()
    return ["", f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; {m['os']}; Python {m['python']}, "
            f"MkDocs {m['mkdocs']}, Material {m['material']}, PyYAML {m['pyyaml']}",
            f"Load average (1 min) at start {load[0]}, at end {load[1]}: wall times include any other load on the "
            "machine; CPU times much less so"]


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def targets(rows: list[dict], ex_norm: float | None) -> list[tuple[bool | None, str]]:
    by = {r["n"]: r for r in rows}
    k = by.get(1000)
    small, big = (rows[0], rows[-1]) if len(rows) > 1 else (None, None)
    found: list[tuple[bool | None, str]] = []
    if k:
        if k.get("naive_s"):
            found.append((k["naive_ours"] >= 5, f"N=1000 site build >= 5x faster than naive: "
                          f"{k['naive_ours']:.2f}x (CPU {k['naive_ours_cpu']:.2f}x; pairs {k['naive_ours_range'][0]:.2f}"
                          f"-{k['naive_ours_range'][1]:.2f})"))
        if k.get("bare_s"):
            found.append((k["ours_bare"] <= 1.5, f"N=1000 site build within 1.5x of bare Material: "
                          f"{k['ours_bare']:.2f}x (CPU {k['ours_bare_cpu']:.2f}x; pairs {k['ours_bare_range'][0]:.2f}"
                          f"-{k['ours_bare_range'][1]:.2f})"))
        found.append((k["site_mb"] < 40, f"N=1000 site under 40 MB: {k['site_mb']:.1f} MB"))
        found += normaliser_targets([k], [])
        found.append((k["rerun_s"] < 0.5 and not k["rerun_wrote"], f"N=1000 no-change re-run under 0.5 s, writing nothing: "
                      f"{k['rerun_s']:.2f} s (CPU {k['rerun_cpu']:.2f} s), {len(k['rerun_wrote'])} files written"))
    if small and big and small["first5_mean_kb"]:
        change = abs(big["first5_mean_kb"] / small["first5_mean_kb"] - 1)
        found.append((change <= 0.10, f"article page size independent of N (same 5 articles, N={small['n']} vs N={big['n']}): "
                      f"{small['first5_mean_kb']:.1f} vs {big['first5_mean_kb']:.1f} KB ({change:.1%})"))
    worst = max(rows, key=lambda r: r["index_max_kb"])
    found.append((worst["index_max_kb"] < 500, f"index pages under 500 KB: largest {worst['index_max_kb']:.0f} KB "
                  f"({worst['index_max_page']}, N={worst['n']})"))
    if 5000 in by and by[5000].get("search"):
        x = by[5000]["search"]
        found.append((x["first_results_s"] < 1, f"N=5000 search: first results within 1 s of the last key: {x['first_results_s']:.2f} s"))
        found.append((x["before_kb"] == 0, f"N=5000 search: nothing of the index fetched before the reader types: "
                      f"{x['before_kb']:.0f} KB"))
        found.append((x["query_kb"] < 1024, f"N=5000 search: under 1 MB of search files for a query, cold cache: "
                      f"{x['query_kb'] / 1024:.2f} MB"))
        found.append((x["heap_mb"] < 50, f"N=5000 search: JavaScript heap under 50 MB: {x['heap_mb']:.1f} MB"))
    if 5000 in by:
        found.append((by[5000]["norm_mb"] < 1024, f"normaliser peak memory at N=5000 under 1 GB: {by[5000]['norm_mb']:.0f} MB"))
    if ex_norm is not None:
        found.append((ex_norm <= 1.15, f"normaliser time linear in N: exponent {ex_norm:.2f}"))
    for r in rows:
        if "serve_s" in r:
            found.append((r["serve_s"] is not None and r["serve_s"] < 3, f"mkdocs serve shows an edited record in under 3 s at N={r['n']}: "
                          f"{f(r['serve_s'])} s"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,100,1000,5000", help="comma-separated article counts (default %(default)s)")
    parser.add_argument("--keep", type=Path, help="generate into DIR/n<N> and keep it (default: a temporary folder, removed)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generator (default %(default)s)")
    parser.add_argument("--naive-max", type=int, default=1000,
                        help="largest N for the naive build, which grows with N squared (default %(default)s)")
    parser.add_argument("--bare-max", type=int, default=10**9, help="largest N for the bare Material build")
    parser.add_argument("--zensical-max", type=int, default=1000,
                        help="largest N for the Zensical build (default %(default)s)")
    parser.add_argument("--serve-max", type=int, default=5, help="largest N for the mkdocs serve check (default %(default)s)")
    parser.add_argument("--no-progress-check", action="store_true", help="skip the terminal/CI/pipe progress check")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each timed build this many times and keep the fastest")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed for each command")
    parser.add_argument("--naive-timeout", type=float, default=7200, help="seconds allowed for a naive build")
    parser.add_argument("--search-sizes", default="1000,5000",
                        help="sizes at which search is measured in Chromium (default %(default)s; empty: none)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--copies", default="1000",
                        help="comma-separated article counts for the normaliser on copies of the five real articles, "
                             "with all their arguments and removals ('' for none; default %(default)s)")
    parser.add_argument("--normaliser-only", action="store_true",
                        help="measure the normaliser only (archive build and its re-run), not mkdocs")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.search_sizes = {int(s) for s in args.search_sizes.split(",") if s.strip()}
    seeds = analyse_seeds()
    load_start = loadavg()
    rows = []
    for n in sizes:
        root = (args.keep / f"n{n}") if args.keep else Path(tempfile.mkdtemp(prefix=f"archive-bench-{n}-"))
        if args.keep and root.exists():
            shutil.rmtree(root)
        try:
            say(f"N={n}: generating into {root}")
            info = {**generate(root, n + 1, args.seed, seeds=seeds), "n": n}
            hold_back(root, keep=info["first_slugs"])
            os.sync()  # the generated sources on disk before the first timed run
            rows.append(measure(root, info, args))
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
                os.sync()  # the deletions done before the next N's timed runs
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    args.copies_rows = []
    for n in sorted({int(s) for s in args.copies.split(",") if s.strip()}):
        root = (args.keep / f"copies{n}") if args.keep else Path(tempfile.mkdtemp(prefix=f"archive-bench-copies-{n}-"))
        if args.keep and root.exists():
            shutil.rmtree(root)
        try:
            say(f"N={n}: copying the real articles into {root}")
            generate_copies(root, n + 1)
            hold_back(root, keep=[])
            os.sync()
            r = measure_normaliser(root, n, args)
            r.pop("_after")
            empty_trash(root)
            args.copies_rows.append(r)
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
                os.sync()
    command = "scripts/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(report(rows, args, command.strip(), (load_start, loadavg())))
    skipped = [n for n in sizes if n > args.naive_max]
    if skipped:
        print(f"\nThe naive build was not run for N = {', '.join(map(str, skipped))} (--naive-max {args.naive_max}): "
              "its time and size grow with the square of N.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
