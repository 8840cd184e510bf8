"""Archives to measure, in a folder outside the repository: N synthetic articles (each checked
to read back as it was made), or N copies of the five real articles with every argument and
removed line of their records."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import yaml

from .run import say
from .seeds import REPO, Seeds, analyse_seeds
from .synthetic import Generated, synthesise


MANIFEST = ".archive-manifest.json"


def verify(seeds: Seeds, path: Path, article: Generated) -> bool:
    """The archive's own stages find the title and exactly the body paragraphs placed."""
    Reader, voc, clean_region, extract, _ = seeds.checker
    reader = Reader(path.parent.parent)
    raw = reader.raw_article(path, voc.extraction.max_bytes)
    if raw is None or reader.problems:
        return False
    # The build's own cleaning (its region stage included), so that what passes here is what it reads.
    cleaned = clean_region(raw, voc.rules_for(article.record["publisher"]["id"]), voc.extraction, None, None)
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
