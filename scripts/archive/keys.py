"""The build cache's keys: what each thing a build makes is made from (cache.py keeps them).

An article is read with the reading context (reading_digest: every source outside
sources/articles/ but what only pages show); an article page shows the vocabulary entries its
article names (uses(), entry_digests()); every other page is keyed with the whole context.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .ingest.sources import RACY_NS, Tree, snapshot, statuses
from .ingest.unread import sha, unread

CODE = Path(__file__).resolve().parent  # the normaliser's code, templates included


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def digests(sources: Path, tree: Tree | None = None) -> tuple[str, str]:
    """(inputs, code): one hash of everything a build reads (the sources and the normaliser's
    own code, templates included), and one of the code alone. `tree`: the sources' snapshot,
    when already read."""
    return combined(file_hashes(sources, tree or snapshot(sources)), file_hashes(CODE, snapshot(CODE)))


def combined(sources: dict[str, str], code: dict[str, str] | str) -> tuple[str, str]:
    """`code`: the code's file_hashes(), or their listed() digest."""
    parts = [listed(sources), code if isinstance(code, str) else listed(code)]
    return hashlib.sha256(" ".join(parts).encode()).hexdigest(), parts[1]


def listed(found: dict[str, str]) -> str:
    return hashlib.sha256("\0".join(f"{name}\0{hashed}" for name, hashed in sorted(found.items())).encode()).hexdigest()


def file_hashes(folder: Path, contents: Tree) -> dict[str, str]:
    """Each file's name under `folder` -> its SHA-256 (a file left unread: the one recorded,
    ingest/unread.py); a file too large to read, or not a regular file, by what it is."""
    # A name under the folder by the text of its Path (a snapshot's are the folder's text
    # and a slash before it), not relative_to(): a new Path each cost 0.16 s at 5,005 articles.
    cut = len(os.path.join(str(folder), ""))
    found = {str(path)[cut:]: sha(contents.files, path) for path in contents.files}
    found.update((str(path)[cut:], f"\2{size}") for path, size in contents.oversized.items())
    found.update((str(path)[cut:], f"\1{what}") for path, what in contents.others)
    return found


class Plain(pickle.Unpickler):
    """seen_digests' record: dicts, lists, texts and numbers only (pickled: JSON's were 4 ms of
    each build after one changed record at 1,005 articles); a pickle naming anything is refused."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} in a record of plain values")


def seen_digests(sources: Path, record: Path) -> tuple[str, str, Tree | None]:
    """digests(), and the sources' snapshot they were taken from; None in its place when every
    file's status (inode, size, times) under sources/ and the code is the one `record` (a
    file in .cache/) holds from the build that read and hashed them: a no-change build need
    not read and hash 80 MB at 5,000 articles. A status recorded within RACY_NS of a file's
    change is not trusted; any other file, folder or link found, or one missing, and all is
    read, but for the files whose status and SHA-256 it holds (ingest/unread.py)."""
    started = time.time_ns()  # before the statuses: a file changed after it is read again
    now = {"sources": statuses(sources), "code": statuses(CODE)}
    tree, code = None, None
    try:
        with open(record, "rb") as file:
            known = Plain(file).load()
        trusted = known["at"] - RACY_NS
        same = [part for part, found in now.items() if found is not None and known["statuses"][part] == found
                and all(s is None or s[3] < trusted for s in found.values())]
        if len(same) == len(now):
            return known["inputs"], known["code"], None
        if "code" in same:  # the code's files as hashed then: not read again (1.5 MB)
            code = known["code"]
        if now["sources"] is not None:
            tree = unread(sources, now["sources"], known["statuses"]["sources"] or {}, known["hashes"], known["at"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, pickle.UnpicklingError):
        pass
    tree = tree or snapshot(sources)
    hashes = file_hashes(sources, tree)
    inputs, code = combined(hashes, code or file_hashes(CODE, snapshot(CODE)))
    if None not in now.values():
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            part = record.with_name(f"{record.name}.{os.getpid()}")  # whole or not there: builds may race
            part.write_bytes(pickle.dumps({"at": started, "statuses": now, "inputs": inputs, "code": code, "hashes": hashes},
                                          protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(part, record)
        except OSError:
            pass  # a cache: the next build reads everything again
    return inputs, code, tree


def inputs_digest(sources: Path, tree: Tree | None = None) -> str:
    return digests(sources, tree)[0]


def context_digest(sources: Path, tree: Tree, leave_out=lambda rel: False) -> str:
    """One hash of every source an article is read with besides its own files: the
    vocabularies, rules, boilerplate, styles and pages (less those `leave_out(relative name)`)."""
    # The folder by the name's text: a Path's parent for each of thousands of articles cost more
    # than the hash of the rest.
    articles = str(sources / "articles")
    return digest(*(part for path in sorted(tree.files) if os.path.dirname(str(path)) != articles
                    and not leave_out(rel := path.relative_to(sources).as_posix()) for part in (rel, tree.files[path])))


# What pages show of the vocabularies and the site, but reading an article does not use: the
# entries' names, descriptions and claims, the site's title, the home page, the citation
# styles, the dataset's schema. A record names entries by id (reading_digest keeps the ids).
PRESENTED_FILES = {f"vocabularies/{name}.yml" for name in ("positions", "publishers", "proposals", "arguments", "origins")} \
    | {"site.yml"}
PRESENTED_FOLDERS = ("pages/", "csl/", "schema/")
KINDS = ("positions", "publishers", "proposals", "arguments", "voices", "origin_events")


def presented(rel: str) -> bool:
    return rel in PRESENTED_FILES or rel.startswith(PRESENTED_FOLDERS)


def reading_digest(sources: Path, tree: Tree, voc) -> str:
    """The context an article is read with (its key's first part): every source outside
    sources/articles/ but what only pages show (presented()), and of those the vocabularies'
    ids, which a record must name, and the voices whole (a voice says whether it needs a
    speaker). A changed name, description or claim thus leaves every article as it was read."""
    ids = [f"{kind}:" + " ".join(x.id for x in getattr(voc, kind)) for kind in KINDS if kind != "voices"]
    return digest(context_digest(sources, tree, presented), *ids, repr(voc.voices))


def entry_digests(voc) -> dict[tuple[str, str], str]:
    """(kind, id) -> a hash of the vocabulary entry as read: the dependency record of
    everything a page shows of it."""
    return {(kind, x.id): digest(repr(x)) for kind in KINDS for x in getattr(voc, kind)}


def uses(a) -> list[tuple[str, str]]:
    """The vocabulary entries an article names: its article page shows each of them (a name,
    a claim, a position's symbol, whether an argument is for or against)."""
    found = [("publishers", a.publisher), ("positions", a.position)]
    for s in a.stances:
        found += [("proposals", s.proposal), ("positions", s.position)]
    for q in a.quotes:
        found += [("arguments", q.argument), ("proposals", q.proposal), ("voices", q.voice)]
    return found


def entries_digest(entries: dict[tuple[str, str], str], a) -> str:
    """One hash of the vocabulary entries the article names, as entry_digests() gave them (an
    entry not in the vocabularies by its name). Each named once: an article names the same
    few entries in each of its quotes, and this runs for every article page at every build."""
    return digest(*sorted(entries.get(e) or repr(e) for e in set(uses(a))))


def presented_digests(sources: Path, tree: Tree, voc) -> tuple[str, dict, str]:
    """(the whole context, entry_digests(), the site's part of every article page): Store's
    context, entries and site."""
    csl = str(sources / "csl")
    styles = sorted((path.name, tree.files[path]) for path in tree.files if os.path.dirname(str(path)) == csl)
    site = digest(voc.title, voc.address, *(" ".join(x.id for x in getattr(voc, kind)) for kind in KINDS),
                  *(part for style in styles for part in style))
    return digest(str(sources), context_digest(sources, tree)), entry_digests(voc), site


def made_key(context: str, tree: Tree, *paths: Path | None) -> str | None:
    """The key of an article: the context, and the names and SHA-256 of its raw file, its
    record and its saved page (when it has one). None when one of them was not read (too large)."""
    parts = [context]
    for path in paths:
        if path is None:
            parts.append("-")
            continue
        if path not in tree.files:
            return None
        parts += [path.name, sha(tree.files, path)]
    return digest(*parts)


@dataclass(frozen=True)
class Unchanged:
    """A page made from the same cache entry as the one docs/ holds from the last build: its
    SHA-256 then, and how to make its bytes (needed only if the file changed meanwhile, and is
    to be written again). The writer compares the hash; the entry is not read."""
    sha256: str
    make: Callable[[], str | bytes]
