"""dates.read()'s calendar path (plain days, months, years and intervals of them, worked out
without the EDTF grammar) gives what the grammar gives, value for value, errors included."""
from __future__ import annotations

import random

import pytest

from archive.core import dates

pytestmark = pytest.mark.slow

YEARS = ("0000", "0999", "1000", "2023", "2024", "2100")


def single_values() -> list[str]:
    values = set(YEARS)
    for y in YEARS:
        for month in (0, 1, 2, 4, 12, 13):
            values.add(f"{y}-{month:02d}")
            for day in (0, 1, 28, 29, 30, 31, 32):
                values.add(f"{y}-{month:02d}-{day:02d}")
    return sorted(values)


def outcome(read, value: str):
    try:
        return read(value)
    except dates.DateError as error:
        return f"DateError: {error}"


def test_the_calendar_reads_every_plain_value_as_the_grammar_does():
    singles = single_values()
    rng = random.Random(1)
    recent = [v for v in singles if v[:4] in ("2023", "2024")]
    pairs = {f"{rng.choice(singles)}/{rng.choice(singles)}" for _ in range(150)}
    pairs |= {f"{rng.choice(recent)}/{rng.choice(recent)}" for _ in range(150)}  # many real intervals
    odd = ["", "2025-3", "2025/", "/2025", "2025/2026/2027", "2025~", "2025-08~/2025-09", "2025-1-01", "2025-03/2025-03-15"]
    read_by_calendar = 0
    for value in [*singles, *sorted(pairs), *odd]:
        fast = outcome(lambda v: dates.plain_span(v) or dates.parsed_span(v), value)
        assert fast == outcome(dates.parsed_span, value), value
        read_by_calendar += dates.plain_span(value) is not None
    assert read_by_calendar > 80  # the calendar path was taken, and checked
