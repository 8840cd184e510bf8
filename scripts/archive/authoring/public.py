"""`archive evaluate --public PATH`: the normaliser on trafilatura's public evaluation set.

The set (990 saved pages, each with segments its main text must and must not contain; see its
README) is scored as trafilatura scores it: a `with` segment in the text is a true positive,
one missing a false negative; a `without` segment in the text a false positive, one absent a
true negative; precision, recall and F1 over all segments. Whitespace is compared collapsed.

The text path reads each page as the visible-text dump `archive new` derives from a saved page
(ingest/webpage.py: one converter, so the set is read as an editor's page is), made at evaluation time into
a cache outside the repository, and scores what `archive preview` shows as the article's text
(standfirst and body). Beside it, on the same dumps: the dump left untouched, and a baseline
that keeps the longest run of long, punctuated paragraphs. The pages fall in two halves by a
hash of their file name: "tune" (look at these while improving the rules) and "held-out"
(measure only); the figures are given for both.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..core.problems import Problem, Problems
from ..ingest.furniture import ends_sentence, words
from ..ingest.sources import CEILING
from ..ingest.webpage import PageError, dump
from ..core.texts import terminal
from . import public_titles
from .public_titles import check

HALVES = ("tune", "held-out")


@dataclass(frozen=True)
class Page:
    name: str  # the saved page's file name in the set
    url: str
    must: tuple[str, ...]  # segments the main text must contain ("with")
    must_not: tuple[str, ...]  # and must not ("without")

    @property
    def half(self) -> str:
        return HALVES[hashlib.sha256(self.name.encode()).digest()[0] & 1]

    @property
    def key(self) -> str:
        return hashlib.sha256(self.name.encode()).hexdigest()


@dataclass(frozen=True)
class Counts:
    page: str
    half: str
    found: int  # true positives
    missed: int  # false negatives
    kept_junk: int  # false positives
    left_out: int  # true negatives


def pages(evalset: Path) -> list[Page]:
    index = evalset / "evaldata.json"
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Problems([Problem(str(index), "file", f"cannot be read as the set's JSON index ({error})")]) from None
    out = []
    for url, e in data.items() if isinstance(data, dict) else ():
        if not (isinstance(e, dict) and isinstance(e.get("file"), str)
                and all(isinstance(x, str) for key in ("with", "without") for x in e.get(key) or ())):
            raise Problems([Problem(str(index), url, "must map an address to {file: NAME, with: [TEXT...], without: [TEXT...]}")])
        out.append(Page(e["file"], url, tuple(e.get("with") or ()), tuple(e.get("without") or ())))
    if not out:
        raise Problems([Problem(str(index), "file", "lists no pages (a mapping of addresses to {file, with, without})")])
    return out


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    # The converter's own source is part of the key: a change to it makes the dumps again.
    from ..ingest import webpage
    version = hashlib.sha256(Path(webpage.__file__).read_bytes()).hexdigest()[:12]
    return base / "argument-archive" / f"public-dumps-{version}"


def text_dump(evalset: Path, page: Page, cache: Path, max_bytes: int = CEILING) -> Path:
    """The page as a text dump in the cache, made when missing."""
    path = cache / f"p-{page.key[:16]}.txt"
    if not path.is_file():
        saved = evalset / "eval" / f"{page.name}.gz"
        data = inflated(saved) if saved.is_file() else b""
        cache.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        try:
            text = dump(data, max_bytes)
        except PageError:  # a page `archive new` refuses keeps nothing
            text = ""
        part.write_text(text or "(the page has no visible text)\n", encoding="utf-8")
        part.replace(path)
    return path


def inflated(saved: Path) -> bytes:
    """A saved page's HTML, read to at most CEILING bytes: a small file may expand to gigabytes."""
    with gzip.open(saved) as f:
        data = f.read(CEILING + 1)
    if len(data) > CEILING:
        raise Problems([Problem(str(saved), "file", f"expands to more than {CEILING:,} bytes; a saved page may have at most that")])
    return data


def collapse(text: str) -> str:
    return " ".join(text.split())


def count(page: Page, text: str) -> Counts:
    text = collapse(text)
    found = sum(collapse(s) in text for s in page.must)
    kept = sum(collapse(s) in text for s in page.must_not)
    return Counts(page.name, page.half, found, len(page.must) - found, kept, len(page.must_not) - kept)


def longest_run(lines: list[str]) -> list[str]:
    """The baseline: the longest run (in characters) of long (15 words or more), punctuated
    lines, bridging up to two other lines between two of them (a subhead, a caption)."""
    best: list[str] = []
    run: list[str] = []
    gap: list[str] = []
    for line in [*lines, None]:
        if line is not None and words(line) >= 15 and ends_sentence(line):
            run += gap + [line] if run else [line]
            gap = []
            continue
        if line is not None and run and len(gap) < 2:
            gap.append(line)
            continue
        if sum(map(len, run)) > sum(map(len, best)):
            best = run
        run, gap = [], []
    return best


def figures(counts: list[Counts]) -> dict[str, float | int]:
    tp, fn = sum(c.found for c in counts), sum(c.missed for c in counts)
    fp, tn = sum(c.kept_junk for c in counts), sum(c.left_out for c in counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": len(counts), "true_positives": tp, "false_negatives": fn, "false_positives": fp,
            "true_negatives": tn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score_text(sources: Path, evalset: Path, chosen: list[Page], titles: list | None = None) -> dict[str, list[Counts]]:
    """Per method (archive, untouched, longest-run), each page's counts on its text dump;
    `titles`, when given, gets each page's public_titles.TitleCheck (the title drafted from the dump)."""
    from .preview import analyse
    from ..ingest.read import Reader
    reader = Reader(sources)
    voc = reader.vocabulary(sources)
    if reader.problems:
        raise Problems(reader.problems)
    cache = cache_dir()
    out: dict[str, list[Counts]] = {"archive": [], "untouched": [], "longest-run": []}
    for page in chosen:
        raw = Reader(sources).raw_article(text_dump(evalset, page, cache, voc.extraction.max_page_bytes), voc.extraction.max_bytes)
        lines = [x.text for x in raw.lines] if raw else []
        # A dump the reader refuses (too large) keeps nothing: every segment it must hold is missed.
        seen = analyse(voc, raw) if raw else None
        # Scored as the article's page shows it, and as public_html scores the saved page: title,
        # standfirst, body. Without the title, a headline drafted right counted as a segment lost.
        shown = (*((seen.title,) if seen.title else ()), *seen.text) if seen else ()
        if titles is not None:
            saved = evalset / "eval" / f"{page.name}.gz"
            titles.append(check(page, inflated(saved) if saved.is_file() else b"", seen.title.text if seen and seen.title else None))
        out["archive"].append(count(page, "\n".join(x.text for x in shown)))
        out["untouched"].append(count(page, "\n".join(lines)))
        out["longest-run"].append(count(page, "\n".join(longest_run(lines))))
    return out


def score_html(sources: Path, evalset: Path, chosen: list[Page], titles: list | None = None) -> dict[str, list[Counts]]:
    from .public_html import score_html
    return score_html(sources, evalset, chosen, titles)


READERS = {"text": score_text, "html": score_html}  # how a path reads the set's pages
FLOOR_KEYS = ("precision", "recall", "f1")


def below(total: dict, floors: dict) -> list[str]:
    return [f"{key} is {total[key]}, below its floor {floors[key]}" for key in FLOOR_KEYS
            if key in floors and total[key] < floors[key]]


def report(results: dict[str, list[Counts]], per_page: bool) -> str:
    rows = []
    if per_page:
        rows.append(f"{'page':<60} {'half':<8} {'with found':>10} {'without kept':>12}")
        for c in results["archive"]:
            rows.append(f"{terminal(c.page)[:60]:<60} {c.half:<8} {c.found:>4} of {c.found + c.missed:<3} {c.kept_junk:>6} of {c.kept_junk + c.left_out:<3}")
        rows.append("")
    rows.append(f"{'method':<12} {'half':<9} {'pages':>5} {'precision':>9} {'recall':>7} {'F1':>6}")
    for method, counts in results.items():
        for half in (*HALVES, "all"):
            f = figures([c for c in counts if half == "all" or c.half == half])
            rows.append(f"{method:<12} {half:<9} {f['pages']:>5} {f['precision']:>9.3f} {f['recall']:>7.3f} {f['f1']:>6.3f}")
    return "\n".join(rows)


def evaluate_public(paths, evalset: Path, path: str, as_json: bool, pages_shown: bool) -> int:
    """Score the path on the whole set against its floors in tests/corpus/public-floors.yml;
    exit 1 below one."""
    from .evaluate import corpus_yaml
    evalset = Path(evalset)
    if not (evalset / "evaldata.json").is_file():
        raise Problems([Problem(str(evalset), "folder", "holds no evaldata.json; give the folder of trafilatura's evaluation set (../shared/evalsets/trafilatura)")])
    checks: list = []
    results = READERS[path](paths.sources, evalset, pages(evalset), checks)
    total = figures(results["archive"])
    floors_path = paths.root / "tests" / "corpus" / "public-floors.yml"
    all_floors = (corpus_yaml(floors_path) if floors_path.is_file() else {}) or {}
    failed = below(total, all_floors.get(path, {}))
    drafted = public_titles.figures(checks)
    failed += [f"titles: {key} is {drafted[key]}, below its floor {floor}" for key, floor in all_floors.get(f"{path}-titles", {}).items()
               if key in public_titles.FLOOR_KEYS and drafted[key] < floor]
    if as_json:
        print(json.dumps({"pages": {m: [c.__dict__ for c in cs] for m, cs in results.items()},
                          "total": {m: figures(cs) for m, cs in results.items()}, "titles": drafted,
                          "failed": failed}, ensure_ascii=False, indent=1))
    else:
        print(report(results, pages_shown))
        print(public_titles.report(checks, HALVES, path == "html"))
        for line in failed:
            print(f"archive: evaluate: the {path} path on the public set: {line} ({floors_path.name})")
    return 1 if failed else 0
