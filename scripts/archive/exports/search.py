"""Search stage: the site's search index, made by Pagefind from the normaliser's own records.

The index is written into docs/pagefind/ like any other generated file, so docs/ stays the
whole truth: any engine that copies docs/ (MkDocs with or without our hook, Zensical) ships
a working search. Pagefind splits the index into chunks and fetches only those a query needs.

What is indexed is what a reader searches for: an article's title, standfirst, byline, the
proposals it takes a stance on, and every body paragraph (each with its anchor `p-N`, so a result can point at the paragraph);
a proposal, argument, position or publisher by what it is about (its name, description,
definition). Listings, quotes repeated from the text, citations and records are left out: a
page that only lists articles never competes with the articles' own text.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import threading
from pathlib import Path

from ..core import dates
from ..site.markup import frontmatter, titled
from ..site.structure import templates
from ..core.article import Article
from ..core.problems import Problem, Problems
from ..core.stopping import Stop
from ..core.vocabulary import Vocabulary
from ..core.texts import LINE_CONTROL_RUNS
from ..keys import digest
from .scratch import Scratch
from .search_shards import CACHE, FOLDER, KEYS_FILE, SETTINGS, SHARDS_FILE, Cache, Committed, executable, folder, keys_file, split  # noqa: F401 (CACHE, SHARDS_FILE: for build.py and tests)

# The parts of Pagefind's bundle the site's search page uses; Pagefind's own UIs, its
# highlighter and the language-neutral engine (the index is English) are left out.
UNUSED = re.compile(r"pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)|wasm\.unknown\.pagefind")
# Pagefind decodes the entities of a paragraph's text twice (a paragraph written "AT&amp;T"
# came back "AT&T", "&#x202e;" as U+202E). With each "&" of the text written as this
# non-character, which never reaches a source's text (texts.clean), nothing is left for the
# second decoding; the search page (search.js, AMPERSAND) turns it back into "&".
AMPERSAND = "\ufdd0"


def escaped(value: str) -> str:
    """Source text as HTML text: Pagefind reads it as the text it is, never as markup."""
    return html.escape(LINE_CONTROL_RUNS.sub(" ", value).strip().replace("&", AMPERSAND), quote=True)


def element(tag: str, value: str | None, attributes: str = "") -> str:
    return f"<{tag}{attributes}>{escaped(value)}</{tag}>" if value else ""


def about(**values: str | None) -> str:
    """An article's authors, date and summary, kept with its result for the results list
    (Pagefind metadata) and left out of its text. What kind of page a result is, search.js
    reads from its address (articles/, proposals/...): Pagefind searches metadata too, and a
    kind "article" in every article made "Article 5" find them all."""
    return "".join(f'<span data-pagefind-ignore data-pagefind-meta="{key}">{escaped(value)}</span>'
                   for key, value in values.items() if value)


def page(title: str, *parts: str, weight: float | None = None) -> str:
    """An HTML page for the indexer only (readers never see it). `weight` ranks a whole page
    below the articles' text: its title and description count less than a paragraph."""
    rank = f' data-pagefind-weight="{weight}"' if weight is not None else ""
    body = "".join(parts)
    if weight is not None:
        body = f"<div{rank}>{body}</div>"
    return (f'<html lang="en"><head><title>{escaped(title)}</title></head>'
            f'<body><h1{rank}>{escaped(title)}</h1>{body}</body></html>')


def vocabulary_names(voc: Vocabulary) -> dict[str, str]:
    return {x.id: x.name for x in (*voc.publishers, *voc.proposals, *voc.positions)}


def shown(names: dict[str, str], a: Article) -> tuple[str, str]:
    """What an article's page here shows of the vocabularies: its publisher's name and its
    stances in words. The rest of the page is the article's own (Indexing's fingerprints)."""
    return (names.get(a.publisher, a.publisher),
            "; ".join(f"{names.get(s.proposal, s.proposal)}: {names.get(s.position, s.position)}" for s in a.stances))


def article_page(voc: Vocabulary, a: Article, names: dict[str, str] | None = None) -> str:
    """The article as its page shows it above and in the text: title, standfirst, who wrote
    and published it, the proposals it takes a stance on, the paragraphs, the author's note."""
    publisher, stances = shown(names or vocabulary_names(voc), a)
    byline = ", ".join(x.name for x in a.authors)
    credit = "; ".join(filter(None, (byline, publisher)))
    return page(a.title,
                about(author=byline or "author unknown", date=dates.in_words(a.date.value), summary=a.summary),
                element("p", a.standfirst),
                element("p", credit),
                element("p", stances),
                *(element("p", p.text, f' id="{p.anchor}"') for p in a.paragraphs),
                element("p", a.bio))


# Pages about a vocabulary entry count less than the articles: a reader searching a phrase
# wants the text that uses it first, then the page that names it.
ABOUT = 0.5


def vocabulary_pages(voc: Vocabulary, titles: dict[str, str]) -> dict[str, str]:
    """`titles`: each article's title by its slug, which the vocabularies cite (shown as the
    title, as the proposal pages show it)."""
    pages = {}
    for p in voc.proposals:
        variants = (element("p", titled(f"{v.name}: {v.description}", titles)) for v in p.variants)
        pages[f"proposals/{p.id}.html"] = page(p.name, element("p", titled(p.description, titles)),
                                               element("p", titled(p.floated_by or "", titles)), *variants, weight=ABOUT)
    for x in voc.arguments:
        pages[f"arguments/{x.id}.html"] = page(x.claim, element("p", x.description), weight=ABOUT)
    for x in voc.positions:
        pages[f"positions/{x.id}.html"] = page(x.name, element("p", x.definition), weight=ABOUT)
    for x in voc.publishers:
        pages[f"publishers/{x.id}.html"] = page(x.name, element("p", x.description), weight=ABOUT)
    return pages


def records(voc: Vocabulary, articles: list[Article]) -> dict[str, str]:
    """Site URL (relative to the site root) -> the HTML Pagefind indexes for it."""
    names = vocabulary_names(voc)
    pages = {f"articles/{a.slug}.html": article_page(voc, a, names) for a in articles}
    pages.update(vocabulary_pages(voc, {a.slug: a.title for a in articles}))
    return pages


def shards(voc: Vocabulary, articles: list[Article]) -> list[dict[str, str]]:
    """The pages (URL -> HTML) of each shard (search_shards.split)."""
    return split(records(voc, articles))


class Indexing:
    """Pagefind indexing the records, shard by shard, one process at a time, from a thread:
    started before the pages are rendered, so that on a machine with two cores it runs beside
    them; `files()` waits for it. A shard whose pages are those of a shard indexed before is
    taken from `cache` (a folder; None: none) or `docs` (Committed) instead (Pagefind: scratch.py).
    `made`: the key each article was made with (build.load), `code`: the digest of the
    normaliser's code (keys.digests). `stop` set: Pagefind is ended, files() raises Stopped."""

    def __init__(self, voc: Vocabulary, articles: list[Article], cache: Path | None = None,
                 made: dict[str, str] | None = None, code: str = "", stop: Stop | None = None, docs: Path | None = None):
        binary = executable()
        if binary is None:
            raise Problems([Problem("scripts/requirements.lock", "pagefind",
                                    "the search index needs Pagefind's binary (pip package pagefind[bin]); run scripts/dev")])
        # Pagefind's command reads a folder of pages. (Its Python API answers one page per 0.1 s,
        # which is minutes at a few thousand articles.)
        self.binary, self.process, self.errors, self.stopped = str(binary), None, [], False
        self.cache, self.committed = Cache(cache), Committed(docs)
        # Each page known by a fingerprint of what it is made from, so that a shard whose pages
        # are as before is known without making them (0.11 CPU s at 1,005 articles, most of a
        # one-record build's search stage): an article's page by the key its article was made
        # with, the names it shows and the code; the pages about the vocabularies by their bytes.
        self.voc, self.names = voc, vocabulary_names(voc)
        pages: dict[str, str | Article] = {}  # in records()' order: the order Pagefind is given them in
        prints = {}
        for a in articles:
            url, key = f"articles/{a.slug}.html", (made or {}).get(a.slug)
            pages[url] = a if key else article_page(voc, a, self.names)
            prints[url] = digest(code, key, *shown(self.names, a)) if key else digest(pages[url])
        for url, content in vocabulary_pages(voc, {a.slug: a.title for a in articles}).items():
            pages[url], prints[url] = content, digest(content)
        self.shards = [(n, shard) for n, shard in enumerate(split(pages)) if shard]
        self.keys = {n: Cache.key(self.binary, UNUSED.pattern, {url: prints[url] for url in shard})
                     for n, shard in self.shards}
        self.found: dict[int, dict[str, bytes]] = {}
        self.indexed: list[int] = []  # the shards Pagefind indexed (the others came from the cache)
        self.tmp, self.halt = Scratch(cache and cache.parent / "pagefind-work"), stop or Stop()
        self.halt.tell(self.stop)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        root = self.tmp.path
        for i, (n, pages) in enumerate(self.shards):
            if self.stopped:
                return
            # A shard's pages are let go once on disk or found in the cache: all of them kept
            # to the end of the build cost about 70 MB at 5,005 articles.
            self.shards[i] = (n, {})
            if (cached := self.cache.get(self.keys[n]) or self.committed.get(n, self.keys[n])) is not None:
                self.found[n] = cached
                continue
            for url, content in pages.items():
                path = root / f"site-{n}" / url
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content if isinstance(content, str) else article_page(self.voc, content, self.names),
                                encoding="utf-8")
            del pages
            self.process = subprocess.Popen(
                [self.binary, "--site", str(root / f"site-{n}"), "--output-path", str(root / f"out-{n}"), *SETTINGS],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if self.stopped:  # stop() came before this process was there to end
                self.process.kill()
            _, errors = self.process.communicate()
            if self.process.returncode != 0:
                self.errors.append(errors.strip()[-500:] or f"exit {self.process.returncode}")
                return
            out = root / f"out-{n}"
            self.found[n] = {path.relative_to(out).as_posix(): path.read_bytes()
                             for path in sorted(out.rglob("*")) if path.is_file() and not UNUSED.fullmatch(path.name)}
            self.indexed.append(n)
            self.cache.put(self.keys[n], self.found[n])

    def files(self) -> dict[str, bytes]:
        """docs-relative path -> bytes of every file of the search index."""
        try:
            self.thread.join()
            if self.errors or self.stopped:
                self.halt.check()
                raise Problems([Problem(self.binary, "pagefind", f"failed to index the site: "
                                        f"{self.errors[0] if self.errors else 'stopped'}")])
            others = [f"shard-{n}/" for n, _ in self.shards if n > 0]
            found = {f"{FOLDER}/{SHARDS_FILE}": json.dumps(others).encode(), f"{FOLDER}/{KEYS_FILE}": keys_file(self.keys, self.found)}
            for n, files in sorted(self.found.items()):
                found.update({f"{folder(n)}/{rel}": data for rel, data in sorted(files.items())})
            self.cache.prune(set(self.keys.values()))
            return found
        finally:
            self.close()

    def stop(self) -> None:
        """Stop indexing (from another thread: files() then raises Problems, or Stopped)."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()

    def close(self) -> None:
        self.stop()
        self.thread.join()
        self.tmp.cleanup()


def index(voc: Vocabulary, articles: list[Article], cache: Path | None = None) -> dict[str, bytes]:
    """docs-relative path -> bytes of every file of the search index."""
    return Indexing(voc, articles, cache).files()


# The search page: a form that works as a plain link target (search.html?q=...) and the place
# where results appear; the script comes with every page (mkdocs.yml, extra_javascript). Under file:// the browser refuses the index's
# fetches, so the script says so instead of searching (see docs/assets/javascripts/search.js).
def search_page(behind: bool = False) -> dict[str, str]:
    """docs/search.md (site/templates/search.md); `behind`: under `mkdocs serve`, the edited
    pages are served before Pagefind has indexed them, and until it has the page says so
    (build.Pending)."""
    return {"search.md": frontmatter({"title": "Search"}, templates().get("search.md").render(behind=behind))}
