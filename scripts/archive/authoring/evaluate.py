"""`archive evaluate`: how well the normaliser reads pages from publishers it has no profile for.

Each page of the corpus (tests/corpus/raw/NAME.txt) has an editor's reading beside it
(tests/corpus/expected/NAME.yml, every string verbatim from the raw file). Per page and in
total it counts: body intact (its first and last sentence in the standfirst or text), title
right (or rightly none), standfirst right (or rightly none), authors drafted right (the names
the editor reads in the page, or none), junk samples kept in the text, metadata lines lifted
out of it, and body lines lost. tests/corpus/floors.yml holds the totals reached so far; falling below one
fails the command and the test that runs it.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.problems import Problem, Problems
from .preview import Preview, analyse, read_file
from ..ingest.yamlfile import Refused, load
from ..core.texts import terminal

HIGHER = ("bodies_intact", "titles_right", "standfirsts_right", "authors_right", "metadata_lifted")  # floors: at least
LOWER = ("junk_kept", "body_lines_lost", "lines_unaccounted")  # ceilings: at most


@dataclass(frozen=True)
class Score:
    page: str
    body_intact: bool
    title_right: bool
    title: str | None
    standfirst_right: bool
    standfirst: str | None
    authors_right: bool
    authors: tuple[str, ...]
    junk_kept: tuple[str, ...]
    junk_samples: int
    metadata_lifted: int
    metadata_lines: int
    metadata_missed: tuple[str, ...]
    body_lines_lost: tuple[int, ...]
    lines_unaccounted: int


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def score(name: str, p: Preview, want: dict) -> Score:
    text = [x.text for x in p.text]
    raw = {x.number: x.text for x in p.raw.lines}
    within = lambda s: any(norm(s) in t for t in text)
    body_intact = within(want["first_body_sentence"]) and within(want["last_body_sentence"])
    title_right = (p.title is None) if want["title"] is None else (p.title is not None and p.title.text == norm(want["title"]))
    standfirst = p.found.standfirst.text if p.found.standfirst else None
    standfirst_right = standfirst == (norm(want["standfirst"]) if want.get("standfirst") else None)
    authors = tuple(p.authors.names) if p.authors else ()
    authors_right = [norm(a) for a in authors] == [norm(a) for a in want.get("authors") or []]
    junk, kept = [norm(s) for s in want.get("junk_samples") or []], []
    for s in junk:
        whole_line = s in raw.values()
        if any(t == s if whole_line else s in t for t in text):
            kept.append(s)
    metadata = [norm(s) for s in want.get("non_body_metadata") or []]
    lifted_texts = {x.text for _, x in p.metadata()}
    missed = tuple(s for s in metadata if s not in lifted_texts or s in text)
    # Body lines: every raw line from the first body sentence's to the last one's, except
    # the junk and metadata lines among them.
    first = next((n for n, t in raw.items() if norm(want["first_body_sentence"]) in t), None)
    last = next((n for n, t in raw.items() if norm(want["last_body_sentence"]) in t), None)
    shown = {x.number for x in p.text}
    lost = ()
    if first and last:
        lost = tuple(n for n in range(first, last + 1)
                     if n in raw and raw[n] not in junk and raw[n] not in metadata and n not in shown)
    return Score(name, body_intact, title_right, p.title.text if p.title else None, standfirst_right, standfirst,
                 authors_right, authors, tuple(kept), len(junk),
                 len(metadata) - len(missed), len(metadata), missed, lost, len(p.unaccounted()))


def corpus_yaml(path: Path):
    """An expectation or the floors: loaded as every source is (a key stated twice refused)."""
    try:
        return load(path.read_text(encoding="utf-8"))
    except Refused as refused:
        raise Problems([Problem(str(path), refused.where, refused.message)]) from None


def evaluate_corpus(sources: Path, corpus: Path, profiles: bool = True) -> list[Score]:
    scores = []
    for path in sorted((corpus / "raw").glob("*.txt")):
        expected = corpus / "expected" / f"{path.stem}.yml"
        if not expected.is_file():
            raise Problems([Problem(str(path), "file", f"has no expectations: write {expected.name} beside the others in expected/")])
        want = corpus_yaml(expected)
        voc, _, given = read_file(sources, path)
        scores.append(score(path.stem, analyse(voc, given.raw, profiles, given), want))
    if not scores:
        raise Problems([Problem(str(corpus), "raw/", "holds no page dumps (*.txt) to evaluate")])
    return scores


def totals(scores: list[Score]) -> dict[str, int]:
    return {
        "pages": len(scores),
        "bodies_intact": sum(s.body_intact for s in scores),
        "titles_right": sum(s.title_right for s in scores),
        "standfirsts_right": sum(s.standfirst_right for s in scores),
        "authors_right": sum(s.authors_right for s in scores),
        "junk_kept": sum(len(s.junk_kept) for s in scores),
        "junk_samples": sum(s.junk_samples for s in scores),
        "metadata_lifted": sum(s.metadata_lifted for s in scores),
        "metadata_lines": sum(s.metadata_lines for s in scores),
        "body_lines_lost": sum(len(s.body_lines_lost) for s in scores),
        "lines_unaccounted": sum(s.lines_unaccounted for s in scores),
    }


def below_floors(total: dict[str, int], floors: dict) -> list[str]:
    out = []
    for key, floor in floors.items():
        if key in HIGHER and total[key] < floor:
            out.append(f"{key} is {total[key]}, below its floor {floor}")
        elif key in LOWER and total[key] > floor:
            out.append(f"{key} is {total[key]}, above its ceiling {floor}")
    return out


def report(scores: list[Score], total: dict[str, int]) -> str:
    yes = lambda b: "yes" if b else "NO"
    rows = [f"{'page':<52} {'body':>4} {'title':>5} {'standfirst':>10} {'authors':>7} {'junk kept':>9} {'metadata':>8} {'lost':>4}"]
    for s in scores:
        rows.append(f"{terminal(s.page)[:52]:<52} {yes(s.body_intact):>4} {yes(s.title_right):>5} {yes(s.standfirst_right):>10} {yes(s.authors_right):>7} "
                    f"{len(s.junk_kept):>4} of {s.junk_samples:<2} {s.metadata_lifted:>3} of {s.metadata_lines:<2} {len(s.body_lines_lost):>4}")
        for j in s.junk_kept:
            rows.append(f"    junk kept: {j[:90]!r}")
        for m in s.metadata_missed:
            rows.append(f"    metadata not lifted: {m[:90]!r}")
        if s.body_lines_lost:
            rows.append(f"    body lines lost: {', '.join(map(str, s.body_lines_lost))}")
        if not s.title_right:
            rows.append(f"    title drafted: {s.title!r}")
        if not s.standfirst_right:
            rows.append(f"    standfirst drafted: {(s.standfirst or '')[:90]!r}" if s.standfirst else "    standfirst drafted: none")
        if not s.authors_right:
            rows.append(f"    authors drafted: {', '.join(s.authors) or 'none'}")
    t = total
    rows += ["", f"total ({t['pages']} pages): bodies intact {t['bodies_intact']}/{t['pages']}, "
                 f"titles right {t['titles_right']}/{t['pages']}, standfirsts right {t['standfirsts_right']}/{t['pages']}, "
                 f"authors right {t['authors_right']}/{t['pages']}, junk kept {t['junk_kept']} of {t['junk_samples']}, "
                 f"metadata lifted {t['metadata_lifted']}/{t['metadata_lines']}, body lines lost {t['body_lines_lost']}, "
                 f"lines unaccounted {t['lines_unaccounted']}"]
    return "\n".join(rows)


def evaluate(paths, corpus: Path | None, as_json: bool, generic_only: bool = False) -> int:
    corpus = Path(corpus) if corpus else paths.root / "tests" / "corpus"
    scores = evaluate_corpus(paths.sources, corpus, profiles=not generic_only)
    total = totals(scores)
    floors_path = corpus / "floors.yml"
    floors = corpus_yaml(floors_path) if floors_path.is_file() else {}
    failed = below_floors(total, floors or {})
    if as_json:
        print(json.dumps({"pages": [asdict(s) for s in scores], "total": total, "failed": failed}, ensure_ascii=False, indent=1))
    else:
        print(report(scores, total))
        for line in failed:
            print(f"archive: evaluate: {line} ({floors_path.name})")
    return 1 if failed else 0
