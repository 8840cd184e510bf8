"""Reading the articles that are not cached: each article read, cleaned, extracted and merged on
its own (read_article), in two processes when there are many (a cold build).

Reading is most of a cold build's first half: about 4.5 CPU s at 1,005 articles, one core's
work while the other rendered only the citations. So when at least APART articles are to be
read, a forked process reads the second half of them while this one reads the first, and sends
back what it read (pickled through a pipe). What each article gives (its problems, the sources
it cites) is returned, not left in the reader, so that the build takes them in the articles'
order whichever process read them: its problems and output are those of a reading in one
process. The forked process is used only where forking is safe (no other thread) and a second
core is there; if it fails, this process reads its half too.
"""
from __future__ import annotations

import os
import pickle
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Protocol

from ..core.article import Article
from ..core.forked import leave

APART = 64  # articles: below this, forking costs more than the second core saves


@dataclass(frozen=True)
class Read:
    """One article as read from its files, before the checks across articles."""
    first: list  # problems reading the raw text and the record
    sha256: str | None  # the raw text's; None when it or the record could not be read
    article: Article | None  # None when it could not be made
    then: list  # problems after that (the saved page, merging)
    cited: list  # (path, where, Source) of every external source the record cites

    @property
    def clean(self) -> bool:
        return self.article is not None and not self.first and not self.then


@dataclass(frozen=True)
class Job:
    stem: str
    raw: Path
    record: Path
    page: Path | None  # the saved page beside the text, if any
    cleaning: str | None = None  # the key its raw text's cleaning is kept by (kept.Kept.cleaning)


def read_article(reader, voc, job: Job, rules_cache: dict, cleanings=None) -> Read:
    """Read one article; what it adds to the reader's problems and citations is taken back out
    and returned in the Read. `cleanings(key, parts, make)`: the raw text's cleaning kept by
    the build (job.cleaning, and the record's `parts` it was made with), else make()'s."""
    from .extract import extract
    from .merge import merge
    from .metadata import using
    from .saved import saved_page_agrees

    problems, citing = len(reader.problems), len(reader.cited)
    try:
        raw = reader.raw_article(job.raw, voc.extraction.max_bytes)
        record = reader.record(job.record, voc)
        first = reader.problems[problems:]
        if raw is None or record is None:
            return Read(first, None, None, [], reader.cited[citing:])
        middle, article = len(reader.problems), None
        if saved_page_agrees(reader, job.record, record, job.page):
            page = (record.page.article, record.page.extractor) if record.page else None

            def clean() -> object:
                # Cleaning's modules are imported, and the rules compiled (matching.py), only
                # when a text is cleaned here: a new title cleans nothing (about 30 ms of imports).
                from .derive import clean_region
                if record.publisher not in rules_cache:
                    rules_cache[record.publisher] = voc.rules_for(record.publisher)
                return clean_region(raw, rules_cache[record.publisher], voc.extraction, record.region, page)
            parts = (record.publisher, record.region, page)
            with using(voc.extraction.metadata_forms):  # how this archive's date lines and bylines are written
                cleaned = cleanings(job.cleaning, parts, clean) if cleanings and job.cleaning else clean()
                article = merge(cleaned, extract(cleaned, voc.extraction, captions_by_shape=page is None), record, voc,
                                voc.extraction.title_max_chars, reader.problems)
        return Read(first, raw.sha256, article, reader.problems[middle:], reader.cited[citing:])
    finally:
        del reader.problems[problems:], reader.cited[citing:]


class Beside(Protocol):
    """More work done for each article where it is read (build.py: its citation): when the
    articles are read in two processes, apart(voc) is called before the fork, made(voc, article)
    in the forked process for each article it read, sent() there once at the end; its value
    is given to took() here, before the forked process's articles are taken."""

    def apart(self, voc) -> None: ...
    def made(self, voc, article) -> None: ...
    def sent(self) -> object: ...
    def took(self, value: object) -> None: ...


def read_all(reader, voc, jobs: list[Job], put: Callable[[Job, Read, bool], None],
             cleanings=None, beside: Beside | None = None) -> Iterator[tuple[Job, Read]]:
    """(job, Read) for every job in order: this process's half as it is read, then the forked
    process's (forked now, before the caller starts other processes or threads). put(job, read,
    here) is called for each; `here` False when the forked process read it (and called
    put(job, read, True) there, which wrote the cache). `cleanings`: read_article's."""
    forked = apart(jobs)
    if forked and beside is not None:
        beside.apart(voc)
    child = fork_reader(reader, voc, jobs[len(jobs) // 2:], put, cleanings, beside) if forked else None
    mine = jobs[:len(jobs) // 2] if child else jobs
    return _reads(reader, voc, mine, jobs[len(mine):], child, put, cleanings, beside)


def _reads(reader, voc, mine: list[Job], theirs: list[Job], child, put, cleanings, beside) -> Iterator[tuple[Job, Read]]:
    rules_cache: dict = {}
    for job in mine:
        read = read_article(reader, voc, job, rules_cache, cleanings)
        put(job, read, True)
        yield job, read
    if child is not None and (reads := collect(child, beside)) is not None:
        for job, read in zip(theirs, reads):
            put(job, read, False)
            yield job, read
        return
    for job in theirs:  # the forked process failed: its half is read here
        read = read_article(reader, voc, job, rules_cache, cleanings)
        put(job, read, True)
        yield job, read


def apart(jobs: list[Job]) -> bool:
    if len(jobs) < APART or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # not on Linux
        return (os.cpu_count() or 1) > 1


def fork_reader(reader, voc, jobs: list[Job], put, cleanings=None, beside: Beside | None = None) -> tuple[int, int] | None:
    """A forked process reading `jobs`, its Reads pickled to a pipe: (pid, the pipe's end)."""
    try:
        r, w = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid:
        os.close(w)
        return pid, r
    # The forked process: never returns into the build (core/forked.py's leave, whatever happens).
    status = 1
    try:
        os.close(r)
        rules_cache: dict = {}
        reads = []
        for job in jobs:
            reads.append(read_article(reader, voc, job, rules_cache, cleanings))
            put(job, reads[-1], True)
            if beside is not None and reads[-1].article is not None:
                beside.made(voc, reads[-1].article)
        with os.fdopen(w, "wb") as out:
            pickle.dump((reads, beside and beside.sent()), out, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        leave(status)


def collect(child: tuple[int, int], beside: Beside | None = None) -> list[Read] | None:
    """The forked process's Reads, or None when it failed."""
    pid, r = child
    try:
        with os.fdopen(r, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0:
            return None
        reads, sent = pickle.loads(data)
        if beside is not None:
            beside.took(sent)
        return reads
    except Exception:  # noqa: BLE001 - a failed process's half is read again here
        return None
