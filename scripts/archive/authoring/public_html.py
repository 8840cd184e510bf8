"""`archive evaluate --public PATH --as html`: the saved-page path on trafilatura's public set.

Each page of the set is read as the saved page it is, the way `archive new` reads one (the
extractor's article, then the archive's own rules inside it; no publisher profile, as for a
publisher the archive does not know), and scored as public.py scores the text path, on what
the article's page would show as its text: title, standfirst and body. A page the archive
refuses (no article found) keeps nothing. Beside it, on the same pages: trafilatura alone
(its own text output), and readability-lxml where it is installed (it is not a dependency:
`pip install readability-lxml` for the measurement).

trafilatura alone is read once per page and kept (peer_cache): it took about half the
command's time, and the same call on the same bytes by the same trafilatura gives the same
text. The archive's own reading of the page cannot stand in for it: the archive gives
trafilatura the tree it parsed itself (its decoding, comments removed) and reads again
favouring recall where that finds no article; on 7 of the set's 990 pages the text differs,
on one (an empty default reading) the counts too.
"""
from __future__ import annotations

import gzip
import hashlib
import inspect
import os
from pathlib import Path

from ..core.problems import Problems
from .public import Counts, Page, cache_dir, count
from .public_titles import check


def archive_text(sources: Path, voc, data: bytes, name: str) -> str:
    return archive_reading(sources, voc, data, name)[0]


def archive_reading(sources: Path, voc, data: bytes, name: str):
    """(the text scored, the title `archive new` drafts, the page's metadata or None)."""
    from ..ingest.saved import read_input
    from ..ingest.read import Reader
    from .draft_record import drafted_title
    from .preview import analyse
    given = read_input(Reader(sources), Path(name), voc.extraction, data)
    if given is None:
        return "", None, None
    seen = analyse(voc, given.raw, profiles=False, page=given)
    facts = given.facts
    title = drafted_title(facts, seen.title)  # as draft_record.py drafts it
    return "\n".join(x.text for x in (seen.title, *seen.text) if x), title, facts


def trafilatura_text(data: bytes) -> str:
    import trafilatura
    return trafilatura.extract(data, include_comments=False) or ""


def peer_cache() -> Path:
    """Where trafilatura's own text of each page is kept: its version and the call
    (trafilatura_text's source) name the folder, so either changed reads the pages again."""
    import trafilatura
    call = hashlib.sha256(inspect.getsource(trafilatura_text).encode()).hexdigest()[:12]
    return cache_dir().parent / f"public-trafilatura-{trafilatura.__version__}-{call}"


def trafilatura_alone(data: bytes, cache: Path) -> str:
    """trafilatura's own text of the page, kept in `cache` under the hash of the page's bytes."""
    path = cache / f"t-{hashlib.sha256(data).hexdigest()[:32]}.txt"
    if path.is_file():
        return path.read_bytes().decode("utf-8", "surrogatepass")
    text = trafilatura_text(data)
    cache.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(f".{os.getpid()}.part")  # written whole, then renamed: another run may read it
    part.write_bytes(text.encode("utf-8", "surrogatepass"))
    part.replace(path)
    return text


def readability_text(data: bytes) -> str:
    import lxml.html
    from readability import Document
    summary = Document(data).summary(html_partial=True)
    blocks = lxml.html.fromstring(summary).iter("p", "li", "h1", "h2", "h3", "h4", "pre", "td", "blockquote") if summary else ()
    return "\n".join(" ".join(x.text_content().split()) for x in blocks)


def score_html(sources: Path, evalset: Path, chosen: list[Page], titles: list | None = None) -> dict[str, list[Counts]]:
    """Per method (archive, trafilatura, readability when installed), each page's counts;
    `titles`, when given, gets each page's public_titles.TitleCheck."""
    import logging
    from ..ingest.read import Reader
    logging.getLogger("readability").setLevel(logging.CRITICAL)
    reader = Reader(sources)
    voc = reader.vocabulary(sources)
    if reader.problems:
        raise Problems(reader.problems)
    def archive(data: bytes, name: str) -> str:
        text, title, facts = archive_reading(sources, voc, data, name)
        if titles is not None:
            titles.append(check(page, data, title, facts, voc.extraction.site_ends))
        return text
    peers = peer_cache()
    methods = {"archive": archive,
               "trafilatura": lambda data, name: trafilatura_alone(data, peers)}
    try:
        import readability  # noqa: F401
        methods["readability"] = lambda data, name: readability_text(data)
    except ImportError:
        pass
    out: dict[str, list[Counts]] = {m: [] for m in methods}
    for page in chosen:
        saved = evalset / "eval" / f"{page.name}.gz"
        data = gzip.decompress(saved.read_bytes()) if saved.is_file() else b""
        for method, text in methods.items():
            out[method].append(count(page, text(data, page.name)))
    return out
