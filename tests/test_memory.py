"""Memory: what a build holds at once. Measured with tracemalloc, which counts allocations (the
same on every run, whatever the machine's load); scripts/bench.py measures the processes' peaks
at 5,005 articles (issue 21: every process <= 1 GB)."""
from __future__ import annotations

import os
import tracemalloc

import pytest

from archive.write import write


def peak_while(make, step) -> int:
    """Bytes allocated at the most while `step(made)` runs, above what was allocated after
    `make()` (traced too, so that what the step frees of it counts)."""
    tracemalloc.start()
    try:
        made = make()
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        step(made)
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_writing_the_pages_holds_no_second_copy_of_them(tmp_path):
    """The writer hashed and staged a bytes copy of every page made beside the pages' texts:
    the peak of a cold build at 5,005 articles (995 MB, 260 of them that copy)."""
    def pages() -> dict[str, str]:
        return {f"articles/a{i}.md": f"Europe’s “peacekeepers”, page {i}. " * 20_000 for i in range(20)}
    expected = {rel: text.encode() for rel, text in pages().items()}
    size = sum(map(len, expected.values()))  # about 16 MB
    peak = peak_while(pages, lambda made: write(tmp_path / "docs", made, "inputs"))
    assert peak < size / 4, f"writing {size >> 20} MB of pages allocated {peak >> 20} MB more at once"
    assert {rel: (tmp_path / "docs" / rel).read_bytes() for rel in expected} == expected


def test_the_dataset_is_written_without_copies_of_it(tmp_path):
    """archive.json was joined as text field by field, then again whole: four copies of a
    text of 80 MB at 5,005 copies of the real articles (1,197 MB, the peak of a cold build)."""
    from archive.exports.dataset import Dumped, record_per_line

    def data() -> dict:
        lines = Dumped(f'{{"article": "a{i}", "text": "Europe’s “peacekeepers” would deter {i}"}}' for i in range(200_000))
        return {"title": "An archive", "quotes": lines}
    size = len(record_per_line(data()))  # about 14 MB
    peak = peak_while(data, record_per_line)
    assert peak < 1.5 * size, f"archive.json of {size >> 20} MB made with {peak >> 20} MB allocated at once"


def test_the_writer_keeps_no_page_it_was_given(tmp_path):
    """A build held every page it rendered until it wrote them all (about 215 MB at 5,005 copies
    of the real articles, and under serve through Pagefind's run as well): the writer stages
    each page as it is given and keeps its hash only, so pages given one by one are never all
    in memory at once."""
    from archive.write import Writer

    def pages() -> dict[str, str]:
        return {f"articles/a{i}.md": f"Europe’s “peacekeepers”, page {i}. " * 20_000 for i in range(20)}
    expected = {rel: text.encode() for rel, text in pages().items()}
    size = sum(map(len, expected.values()))  # about 16 MB

    def one_by_one(made: dict[str, str]) -> None:
        with Writer(tmp_path / "docs") as out:
            while made:
                out.add(*made.popitem())
            out.commit("inputs")
    peak = peak_while(pages, one_by_one)
    assert peak < size / 4, f"writing {size >> 20} MB of pages one by one allocated {peak >> 20} MB more at once"
    assert {rel: (tmp_path / "docs" / rel).read_bytes() for rel in expected} == expected


def test_the_benchmark_counts_a_forked_process_not_yet_running_a_program_as_its_parents():
    """A process forked (or vforked) to start another program shares its parent's pages until it
    runs that program: counted apart, a normaliser of 458 MB starting Pagefind showed as 916."""
    import subprocess
    import sys
    import time

    from bench_support import processes

    code = ("import os, sys, time\n"
            "data = bytearray(200 << 20)\n"
            "for i in range(0, len(data), 4096): data[i] = 1\n"  # resident, every page
            "if os.fork() == 0: time.sleep(30)\n"
            "print('forked', flush=True)\n"
            "time.sleep(30)\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert process.stdout.readline() == b"forked\n"
        time.sleep(0.2)
        assert 200 << 20 < processes.group_rss(process.pid) < 300 << 20
    finally:
        os.killpg(process.pid, 9)
        process.wait()


@pytest.mark.build
def test_a_build_that_indexes_later_holds_its_pages_hashes_not_their_bytes(tmp_path):
    """Under serve the normaliser wrote the pages, then kept them until Pagefind was done
    (pending.Pending: about 160 MB of article pages at 5,005 copies of the articles, beside those
    cache.MEMORY keeps for the next save): it keeps each page's SHA-256, as docs/ holds it."""
    import hashlib

    from archive import cache
    from archive.build import Paths, build
    from archive.site.structure import article_path
    from conftest import SLUGS, copy_archive

    root = copy_archive(tmp_path / "a")
    cache.MEMORY.clear()
    try:
        report, pending = build(Paths(root), force=True, index_later=True)
        assert all(pending.made[article_path(slug)] == hashlib.sha256((root / "docs" / article_path(slug)).read_bytes()).hexdigest()
                   for slug in SLUGS)
        assert not [rel for rel, made in pending.made.items() if not isinstance(made, str) or len(made) != 64]
        assert pending.finish() is not None
        assert "archive-search__behind" not in (root / "docs" / "search.md").read_text(encoding="utf-8")
    finally:
        cache.MEMORY.clear()


@pytest.mark.build
def test_a_page_removed_while_the_index_was_made_is_named_and_the_next_build_restores_it(tmp_path):
    """Pending no longer holds the pages' bytes, so it cannot put back a page removed from docs/
    meanwhile: it says which, writes nothing, and the next build (under serve: the next save's,
    since the background failed) makes it again."""
    import pytest

    from archive import cache
    from archive.build import Paths, build
    from archive.core.problems import Problems
    from archive.site.structure import article_path
    from conftest import SLUGS, copy_archive

    root = copy_archive(tmp_path / "a")
    cache.MEMORY.clear()
    try:
        _, pending = build(Paths(root), force=True, index_later=True)
        page = root / "docs" / article_path(SLUGS[0])
        data = page.read_bytes()
        page.unlink()
        with pytest.raises(Problems) as failed:
            pending.finish()
        assert [p.file for p in failed.value.problems] == [str(page)]
        assert "archive-search__behind" in (root / "docs" / "search.md").read_text(encoding="utf-8")
        assert build(Paths(root)) is not None and page.read_bytes() == data
    finally:
        cache.MEMORY.clear()
