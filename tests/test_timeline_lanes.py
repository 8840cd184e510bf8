"""The timeline's lanes (a bar per year an interval covers, each in the lowest lane of its year
free over its months) placed by month masks are those of the plain definition: every bar
compared with every bar already placed. Random intervals, many of them overlapping."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.pages.timeline import Bar, Mark, lanes
from conftest import examples


def by_definition(intervals: list) -> dict[int, list[Bar]]:
    by_year: dict[int, list[Bar]] = {}
    for (y0, m0), (y1, m1), mark, at in sorted(intervals, key=lambda x: (x[0], x[1])):
        for y in range(y0, y1 + 1):
            first, last = (m0 if y == y0 else 1), (m1 if y == y1 else 12)
            taken = by_year.setdefault(y, [])
            lane = next(n for n in range(len(taken) + 1)
                        if not any(b.lane == n and b.first <= last and first <= b.last for b in taken))
            taken.append(Bar(mark, first, last, lane, lead=y == y0, continues=y < y1, at=at))
    return by_year


@st.composite
def interval(draw, i):
    start = (draw(st.integers(2022, 2025)), draw(st.integers(1, 12)))
    end = (draw(st.integers(start[0], 2026)), draw(st.integers(1, 12)))
    if end < start:
        end = (start[0], start[1])
    return (start, end, Mark("marker", f"articles/a{i}.html", f"a{i}", "x"), start)


@settings(max_examples=examples(200), deadline=None)
@given(st.integers(0, 60).flatmap(lambda n: st.tuples(*(interval(i) for i in range(n)))))
def test_lanes_as_defined(intervals):
    assert lanes(list(intervals)) == by_definition(list(intervals))
