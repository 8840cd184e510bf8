"""Memory: what a build holds at once. Measured with tracemalloc, which counts allocations (the
same on every run, whatever the machine's load); scripts/bench.py measures the processes' peaks
at 5,005 articles (issue 21: every process <= 1 GB)."""
from __future__ import annotations

import os
import tracemalloc

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


def test_a_build_holds_its_pages_as_utf8_until_they_are_written(tmp_path, monkeypatch):
    """A page of ours is a text of two bytes a character (one curly quote is enough) and about
    one as UTF-8: held as texts from rendering to writing, the pages of 5,005 copies of the real
    articles took 360 MB. `write` sees what the build held (its pages dict, before it encodes)."""
    import sys

    from archive import build as build_module
    from archive.build import Paths, build
    from conftest import copy_archive

    root = copy_archive(tmp_path / "a")
    held = {}
    real = build_module.write
    monkeypatch.setattr(build_module, "write", lambda docs, pages, *a, **k: held.update(
        {rel: (sys.getsizeof(v), len(v if isinstance(v, bytes) else v.encode())) for rel, v in pages.items()})
        or real(docs, pages, *a, **k))
    build(Paths(root), force=True, remember=False)
    pages = {rel: sizes for rel, sizes in held.items() if rel.endswith(".md")}
    assert len(pages) > 50
    in_memory, utf8 = (sum(s[i] for s in pages.values()) for i in (0, 1))
    assert in_memory < 1.1 * utf8, f"{len(pages)} pages of {utf8:,} bytes held in {in_memory:,}"


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


def test_a_warm_process_holds_each_article_page_once(tmp_path):
    """Under serve the normaliser keeps what it made for the next save (cache.MEMORY) and, until
    Pagefind is done, the pages it wrote (build.Pending): each article page was held as a text
    in the one and as UTF-8 in the other (about 265 and 160 MB at 5,005 copies of the articles)."""
    from archive import cache
    from archive.build import Paths, build
    from archive.site.structure import article_path
    from conftest import SLUGS, copy_archive

    root = copy_archive(tmp_path / "a")
    cache.MEMORY.clear()
    try:
        report, pending = build(Paths(root), force=True, index_later=True)
        kept = {id(page) for page in cache.MEMORY["article-pages"].values()}
        assert all(id(pending.pages[article_path(slug)]) in kept for slug in SLUGS)
    finally:
        cache.MEMORY.clear()
