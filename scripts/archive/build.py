"""The pipeline: sources/ read (ingest), then rendered (pages), exported (exports) and written
to docs/ (write). The `archive` command and the MkDocs hook both run it."""
from __future__ import annotations

import gc
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .core.problems import Problems
from .ingest.sources import Tree, snapshot
from .cache import Store
from .keys import digests, seen_digests
from .kept import Kept
from .core.progress import Progress
from .core.stopping import Stop
from .manifest import current, load_manifest
from .write import Writer, entries, links, locked

# The stages are imported when a build has something to do: a no-change re-run needs only the
# sources' hash and the manifest, and importing the rest (citeproc-py, edtf, Jinja, Unicode's
# confusables) took longer than that check.
if TYPE_CHECKING:  # nor the article's and vocabulary's dataclasses (about 0.03 CPU s to make)
    from .core.article import Article
    from .core.vocabulary import Vocabulary

@dataclass(frozen=True)
class Paths:
    root: Path
    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def docs(self) -> Path:
        return self.root / "docs"


def load(paths: Paths, tree: Tree | None = None, store: Store | None = None, made=None,
         kept: Kept | None = None, beside=None, ready=None) -> tuple[Vocabulary, list[Article], str]:
    """Read, clean, extract and merge every article; raise Problems listing all that is wrong.
    `tree`: the sources already read (a snapshot), if they were. Only what it holds is read:
    its regular files. `store`: the articles made before (cache.py), by what they were made from.
    `made(voc, article)`: called with each article as it is read (citations.Ahead). `kept`: what
    the last load worked out (kept.py; the warm normaliser's), reused where its files are the same.
    `beside`: more work for each article where it is read (ingest/reading.py's Beside).
    `ready(voc, articles)`: called once every article is read, without problems, with them in
    the order returned (before any is cited, when few are read, and the checks across records:
    the build then starts the changed shard's Pagefind, a process only, pages/apart.py's Search)."""
    from . import bodies
    from .ingest.merge import authors_apart
    from .ingest.read import Reader
    from .ingest.reading import APART, Job, Read, read_all, read_article

    tree = tree or snapshot(paths.sources)
    reader = Reader(paths.sources, tree.files, tree.oversized)
    folder = paths.sources / "articles"
    reader.not_sources(tree, folder)
    kept = kept or Kept()
    store = store or Store(None, "")
    voc = kept.vocabulary(reader, paths.sources, tree, store)
    raws, records, pages = reader.article_files(folder)
    articles, by_hash, progress = [], {}, Progress(len(raws), "archive: reading")
    context, (store.context, store.entries, store.site) = kept.digests(paths.sources, tree, voc, store)
    stems = sorted(set(raws) & set(records))
    found: dict[str, Read] = {}
    # An article's key is the same wherever the archive is (a clone's committed search shards
    # are found by it: search_shards.Committed); a Read names its files, so it is kept by root.
    read_key: dict[str, str | None] = {}
    cleaning: dict[str, str | None] = {}
    kept_articles = bodies.Articles(store)
    for stem in stems:
        store.made[stem] = kept.key(context, tree, raws[stem], records[stem], pages.get(stem))
        read_key[stem] = store.key(store.made[stem], str(paths.sources))
        cleaning[stem] = kept.cleaning(context, tree, raws[stem])
        job = Job(stem, raws[stem], records[stem], pages.get(stem), cleaning[stem])
        if (hit := bodies.get(kept_articles, stem, read_key[stem], lambda job=job: read_article(reader, voc, job, {}, cleanings).article)) is not None:
            # Read, checked and made before from the same bytes: only the checks across
            # records again, with the sources its record cites; its text read where a page shows it.
            sha256, article, cited = hit
            found[stem] = Read([], sha256, article, [], cited)
            store.touch("cleaned", cleaning[stem])  # kept for the day its record changes

    def put(job: Job, read: Read, here: bool) -> None:
        """Cache an article read without problems (`here` False: the forked reader wrote it)."""
        if read.clean:
            bodies.put(kept_articles, job.stem, read_key[job.stem], read.sha256, read.article, read.cited, here)
        if not here:
            store.touch("cleaned", job.cleaning)

    def cleanings(key: str, parts: tuple, make):
        """A raw text's cleaning made before with the same record `parts` (not with a new
        title), else make()'s; kept on disk only (a warm process needs it when the record changes)."""
        found = store.get("cleaned", key)
        if found is not None and found[0] == repr(parts):
            return found[1]
        cleaned = make()
        store.put("cleaned", key, (repr(parts), cleaned), remember=False)
        return cleaned

    # The others are read (in two processes when there are many: reading.py), in this order.
    jobs = [Job(s, raws[s], records[s], pages.get(s), cleaning[s]) for s in stems if s not in found]
    reads = read_all(reader, voc, jobs, put, cleanings, beside)
    if ready is not None and len(jobs) < APART:  # read in this process either way: first, then `ready`
        taken = list(reads)
        got, reads = {job.stem: read for job, read in taken}, iter(taken)
        if not reader.problems and all(read.clean for read in got.values()):
            ready(voc, [(found.get(s) or got[s]).article for s in stems])
            ready = None  # called once
    for n, stem in enumerate(stems, 1):
        progress.step(n)
        read = found[stem] if stem in found else next(reads)[1]
        reader.problems += read.first
        reader.cited += read.cited
        if read.sha256 is None:
            continue
        if read.sha256 in by_hash:
            reader.problem(raws[stem], "file", f"has the same bytes as {by_hash[read.sha256]}.txt: the article is already in the archive")
            continue
        by_hash[read.sha256] = stem
        reader.problems += read.then
        if read.article is not None:
            articles.append(read.article)
            if made is not None:
                made(voc, read.article)
    if ready is not None and not reader.problems:  # many read (two processes), each cited as read
        ready(voc, list(articles))
    progress.done()
    kept_articles.flush()
    articles = authors_apart(articles, reader.problems)
    reader.sources_agree()
    template = reader.home(paths.sources / "pages" / "home.md")
    if reader.problems:
        raise Problems(reader.problems)
    return voc, articles, template


def build(paths: Paths, force: bool = False, index_later: bool = False, remember: bool = True, stop: Stop | None = None):
    """Regenerate docs/ from sources/. Returns None when everything was already current, else
    the Report of what was written. What was made before is reused from the cache (cache.py:
    in memory when this process built before, as under `mkdocs serve`, else from .cache/).
    `index_later`: write the pages first, with the search index as it was and the search page
    saying it is behind, and return (Report, Pending): Pending.finish() then indexes and writes
    the index (the last step of a build: docs/ is then as a build without `index_later` leaves
    it). `stop`: set from another thread, the build raises core.stopping.Stopped at its next
    article, page or stage, having written nothing."""
    stop = stop or Stop()
    # Read once, hashed here, parsed by load(); not read when no file's status changed since
    # the build that hashed them (tree None), unless there is something to build.
    inputs, code, tree = seen_digests(paths.sources, paths.root / ".cache" / "archive" / "sources-states.pickle")
    store = Store(paths.root, code, remember)  # remember: this process builds again (serve)
    store.stop = stop  # checked at each entry it is asked for
    with locked(paths.docs, stop=stop), ExitStack() as leaving:
        manifest = load_manifest(paths.docs)
        # After one changed record, its shard's Pagefind reads the shard's other pages at once,
        # beside the rest (exports/search_ahead.py): Indexing takes it over if the guess was right.
        from .exports.search_ahead import guessed
        guess = guessed(paths.root, tree, paths.sources) if tree is not None and not index_later and manifest.get("inputs") != inputs else None
        if guess is not None:
            leaving.callback(guess.close)  # unless Indexing took it over
        listed = list(entries(paths.docs))  # docs/ walked once, for the links and the writer
        if problems := links(paths.docs, listed):
            raise Problems(problems)
        states = store.states()
        if not force and (now := current(paths.docs, manifest, inputs, states)) is not None:
            if now != states:  # files read again: remember them as they are
                store.save_states(now)
            return None
        if tree is None:  # the files as they are now, hashed again: what this build is made of
            tree = snapshot(paths.sources)
            inputs = digests(paths.sources, tree)[0]
        # What load() needs; the rendering's stages (Jinja's templates) are imported once it has
        # returned: the changed shard's Pagefind starts in load(), as soon as it can.
        from .site import citations
        from .pages.apart import Beside, Search
        from .exports import search as search_stage
        # A build makes hundreds of thousands of small objects and no reference cycles worth
        # collecting: the cyclic collector's passes cost about 5% of a cold build at 1,000 articles.
        # Left as found after: a one-shot `archive build` turns it off for good (cli.main).
        collecting = gc.isenabled()
        gc.disable()
        ahead = citations.Ahead(paths.sources / citations.CSL, paths.docs / citations.CACHE_FILE, store)
        out = Writer(paths.docs, states, force, manifest, listed)  # each page staged as made, only its hash kept
        try:
            # Pagefind runs beside the rendering, unless it is to run after the pages are written.
            # With many pages to make, forked processes drive Pagefind and make the article pages
            # (pages/apart.py), forked while no other thread runs; else the changed shard's
            # Pagefind is started as soon as the last article not cached is read (load's `ready`),
            # its thread once load() returns (the citation pool forks only while none runs).
            index = None if index_later else Search(store, lambda voc, articles, at_once, later: search_stage.Indexing(
                voc, articles, paths.root / search_stage.CACHE, store.made, store.code, stop, paths.docs, at_once, later,
                guess if later else None))
            try:
                # The citations not rendered before are rendered beside the reading (citations.Ahead).
                voc, articles, template = load(paths, tree, store, ahead.made, beside=ahead, ready=index and index.ready)
            except BaseException:
                if index is not None:
                    index.close()
                raise
            fork = not (index and index.early) and Beside.worth(store, len(articles))
            indexing = index and index.start(voc, articles, fork)
            theirs = None
            try:
                stop.check()
                from .pages import render as render_stage, standalone
                from .exports.dataset import SCHEMA, dataset
                from .exports.feed import FEED, feed
                from .site.structure import Site, newest_first
                from .site.markup import keep_compiled
                keep_compiled(store.folder and store.folder / "jinja", store.code)
                cites = ahead.citations(voc)  # this build's, once those rendered beside are in
                if problems := citations.uncitable(cites, voc, articles):
                    raise Problems(problems)
                site = Site(voc, tuple(newest_first(articles)), cites, cache=store, keys=store.made)
                # The forked process makes the article pages, about as much as the rest and the dataset.
                theirs = Beside(store, fork, lambda: render_stage.article_pages(site, store))
                for kind in render_stage.render(site, template):  # written a kind at a time
                    out.update(kind)
                out.update(dataset(site, paths.sources / SCHEMA))
                out.update(theirs.get())
                stop.check()
                out.add(FEED, feed(site))
                stop.check()
            except BaseException:
                for part in (theirs, indexing):  # the forked pages' process, Pagefind's thread
                    if part is not None:
                        part.close()
                raise
            out.update(standalone.files(voc, articles, tree.files, paths.sources / "articles"))
            if indexing is not None:
                out.update(indexing.files())
                out.update(search_stage.search_page())
                return store.kept(out.commit(inputs))
            out.settle()
            made = dict(out.new)  # the pages' hashes: Pending writes them again
            # The index as it was, so that it is neither removed nor taken for stale; no inputs
            # recorded, so that an `archive build` meanwhile does the whole build.
            for rel in (rel for rel in manifest["files"] if rel.startswith(f"{search_stage.FOLDER}/")):
                out.keep(rel)
            out.update(search_stage.search_page(behind=True))
            report = store.kept(out.commit(None))
            from .pending import Pending  # only when the index comes later (under serve)
            return report, Pending(paths, inputs, voc, articles, made, store, stop)
        finally:
            out.discard()
            ahead.close()
            if collecting:
                gc.enable()
