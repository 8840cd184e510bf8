"""Under `mkdocs serve`, the saved article's page first (issue 21): the warm normaliser reads and
checks every source as a build does (so a bad save is refused with the same one-line problems
and docs/ untouched), renders only the pages of the articles whose files changed and of their
neighbours (which show their titles), and writes them, with the search page saying the index is
behind. The whole build follows at once in the background (serve.py) and leaves docs/ as
`archive build` would; until it has, the manifest records no inputs, so that an `archive build`
meanwhile does the whole build.

Only a change inside sources/articles/ that keeps the set of articles is taken this way: a new,
renamed or removed article, or a changed vocabulary, rule or template, changes pages across the
site, which the whole build makes first.
"""
from __future__ import annotations

from pathlib import Path

from .build import Paths, load
from . import cache
from .cache import Store
from .kept import Kept
from .core.problems import Problems
from .ingest.sources import Tree, read_bytes
from .manifest import hand_edited, load_manifest, sha
from .write import atomic_write, encode, locked, write_manifest

FIRST_MAX = 10  # changed articles: more (a changed vocabulary changes them all) is the whole build's work


# The citations docs/ held at the first save, and those rendered since, kept for the next saves:
# by the context (the styles and the archive's title are in it; the code is the process's own).
CITATIONS: dict[str, object] = {}


def pages_first(paths: Paths, before: dict[str, str] | None, tree: Tree, code: str,
                kept: Kept | None = None) -> tuple[dict[str, str], list[str] | None]:
    """(each article's key as load() made it, the docs/ files written), or None for the files
    when the whole build must come first: `before` (the keys of the pages in docs/) is None, or
    the set of articles changed, or nothing did (or too many did). `tree`: the sources' snapshot;
    `code`: the code's digest (cache.digests); `kept`: what the last load worked out (kept.py).
    Raises Problems as a build would."""
    from .exports.search import search_page
    from .pages.article import article_page
    from .site import citations
    from .site.csl import article_item
    from .site.structure import Site, article_path, newest_first, raw_path

    store = Store(paths.root, code)
    voc, articles, _ = load(paths, tree, store, kept=kept)
    # The articles stay in this process for the next save (and the background build it forks);
    # the rest of the cache is the whole build's.
    cache.MEMORY["articles"] = store.used.get("articles", {})
    # Every source outside sources/articles/ too: a vocabulary entry's name is on article pages.
    made = {**store.made, "": store.context}
    if before is None or made.keys() != before.keys() or made[""] != before[""]:
        return made, None
    changed = {slug for slug, key in made.items() if key != before[slug]}  # "" is not among them
    if not changed or len(changed) > FIRST_MAX:
        return made, None
    if (cites := CITATIONS.get(store.context)) is None:
        cites = citations.Citations(paths.sources / citations.CSL, voc.title)
        cites.load(paths.docs / citations.CACHE_FILE)
        CITATIONS.clear()
        CITATIONS[store.context] = cites
    by_slug = {a.slug: a for a in articles}
    cites.prepare([article_item(voc, by_slug[slug]) for slug in sorted(changed)])
    if problems := citations.uncitable(cites, voc, [by_slug[slug] for slug in sorted(changed)]):
        raise Problems(problems)
    ordered = newest_first(articles)
    at = {a.slug: i for i, a in enumerate(ordered)}
    shown = sorted({j for slug in changed for j in (at[slug] - 1, at[slug], at[slug] + 1) if 0 <= j < len(ordered)})
    # An article page shows its own article and names its neighbours: the site of those
    # articles makes it as the whole site does (whose cards of every article cost 0.15 s at 5,005).
    site = Site(voc, tuple(ordered[i] for i in shown), cites)
    pages: dict[str, str | bytes] = dict(search_page(behind=True))
    for i in shown:
        a = ordered[i]
        pages[article_path(a.slug)] = article_page(site, a, ordered[i - 1] if i > 0 else None,
                                                   ordered[i + 1] if i + 1 < len(ordered) else None)
        if a.slug in changed:
            pages[raw_path(a.raw_name)] = tree.files[paths.sources / "articles" / a.raw_name]
    return made, write_first(paths.docs, pages)


def write_first(docs: Path, pages: dict[str, str | bytes]) -> list[str]:
    """Write the pages whose bytes changed, each atomically; the manifest first counts both the
    old and the new bytes as ours (a hand edit is still refused) and records no inputs."""
    with locked(docs):
        manifest = load_manifest(docs)
        encoded = {rel: encode(content) for rel, content in pages.items()}
        new = {rel: sha(data) for rel, data in encoded.items()}
        old = {rel: sha(read_bytes(docs / rel)) for rel in encoded if (docs / rel).is_file()}
        if problems := hand_edited(docs, manifest, new, old):
            raise Problems(problems)
        changed = {rel: data for rel, data in encoded.items() if old.get(rel) != new[rel]}
        if changed:
            known = manifest["files"]
            write_manifest(docs, None, {**known, **{rel: sorted({*known.get(rel, ()), new[rel]}) for rel in changed}})
            for rel, data in sorted(changed.items()):
                atomic_write(docs / rel, data)
        return sorted(changed)
