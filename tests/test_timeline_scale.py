"""The timeline at any size: a month holding more articles than a cell shows draws MARKS_SHOWN
of them and a "+N more" link to where the text listing has the rest; a year with more lanes of
interval bars than LANES_SHOWN likewise. Every article stays reachable from the timeline page
or the listing page the link leads to. A synthetic archive, built for real."""
from __future__ import annotations

import re
import subprocess

import pytest
import yaml

from archive.pages.timeline import LANES_SHOWN, MARKS_SHOWN
from bench_support import corpus, run

pytestmark = [pytest.mark.build, pytest.mark.slow]

IN_MARCH, SPANNING = MARKS_SHOWN + 9, LANES_SHOWN + 3


def crowded_archive(root):
    """An archive whose March 2025 holds IN_MARCH articles and whose 2024 has SPANNING
    articles dated only as lying between February and June (each its own lane)."""
    corpus.generate(root, IN_MARCH + SPANNING)
    records = sorted((root / "sources" / "articles").glob("*.yml"))
    for i, path in enumerate(records):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if i < IN_MARCH:
            record["date"].update(value=f"2025-03-{i % 28 + 1:02d}", precision="day")
        else:
            record["date"]["value"] = "2024-02/2024-06"
            record["date"].pop("precision", None)
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    done = subprocess.run(run.archive_cmd() + ["--root", str(root), "build"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return {p.stem for p in records[:IN_MARCH]}, {p.stem for p in records[IN_MARCH:]}


def slugs(html: str) -> list[str]:
    return re.findall(r'href="articles/([^"#]+)\.html"', html)


def followed(docs, link: str) -> list[str]:
    """The articles the listing page a "+N" link names lists from the id it names on."""
    page, _, ident = link.partition("#")
    text = (docs / page.replace(".html", ".md")).read_text(encoding="utf-8")
    start = text.index(f'id="{ident}"')
    return slugs(text[start:])


def test_a_crowded_month_shows_the_cap_and_links_the_rest(tmp_path):
    march, spanning = crowded_archive(tmp_path / "archive")
    docs = tmp_path / "archive" / "docs"
    page = (docs / "timeline.md").read_text(encoding="utf-8")
    grid = page[page.index('<ol class="timeline-years">'):page.index("## The same, as text")]

    (cell,) = [c for c in re.findall(r'<li class="timeline-month">(.*?)</li>\n', grid)
               if set(slugs(c)) & march and 'class="month-name">Mar<' in c]
    drawn = slugs(cell)
    assert len(drawn) == MARKS_SHOWN and set(drawn) <= march, drawn
    (more,) = re.findall(r'<a class="more" href="([^"]+)" title="([^"]+)">\+(\d+)</a>', cell)
    link, title, count = more
    assert int(count) == IN_MARCH - MARKS_SHOWN and f"{count} more articles in March 2025" in title
    assert march - set(drawn) <= set(followed(docs, link)), "an article of the month is on neither page"

    (year,) = [y for y in grid.split('<li class="timeline-year">') if set(slugs(y)) & spanning]
    bars = [s for s in re.findall(r'<a class="marker [^"]*\bspan\b[^"]*" href="articles/([^"]+)\.html"', year)]
    assert len(bars) == LANES_SHOWN and set(bars) <= spanning, bars
    # The same "+N" link stands in the drawing and in the year's list under it (a phone's view).
    (more,) = set(re.findall(r'<a class="more" href="([^"]+)" title="([^"]+)">\+(\d+)</a>', year))
    link, title, count = more
    assert int(count) == SPANNING - LANES_SHOWN
    assert spanning - set(bars) <= set(followed(docs, link)), "an interval of the year is on neither page"
