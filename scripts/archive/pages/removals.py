"""The removed lines as an article page shows them: every line accounted for, within a budget.

One entry per distinct removal (rule, kind, why, text), with every line number it took out:
a page of 40,000 "a b" lines made 80,000 entries (7.7 MB of page); now it makes two, each
naming its lines as runs ("lines 1–79999 every 2nd"). Nothing is dropped: each number is
there, and the raw file beside the page is whole.
"""
from __future__ import annotations

from ..core.article import Removal

MIN_RUN = 3  # numbers in an evenly spaced run written as first–last; fewer are listed


def removed_lines(removals: tuple[Removal, ...]) -> list[str]:
    """The code block's lines: what removed each group and where, then its text."""
    groups: dict[tuple, list[int]] = {}
    for r in removals:
        groups.setdefault((r.kind, r.moved_to, r.rule, r.evidence, r.text), []).append(r.line)
    lines = []
    for (kind, moved_to, rule, evidence, text), numbers in groups.items():
        kind += f", moved to {moved_to}" if moved_to else ""
        why = f" ({evidence})" if evidence else ""
        lines += [f"{where(numbers)} · {kind} · {rule}{why}", f"    {text}"]
    return lines


def where(numbers: list[int]) -> str:
    """'line 7', 'lines 3, 9, 12', 'lines 2–40, 51–99 every 2nd (44 lines)'."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    parts = runs(sorted(numbers))
    count = f" ({len(numbers):,} lines)" if len(parts) < len(numbers) else ""
    return f"lines {', '.join(parts)}{count}"


def runs(numbers: list[int]) -> list[str]:
    """Sorted numbers as evenly spaced runs, greedily from the first."""
    parts, i = [], 0
    while i < len(numbers):
        j = i + 1
        if j < len(numbers):
            step = numbers[j] - numbers[i]
            while j + 1 < len(numbers) and numbers[j + 1] - numbers[j] == step:
                j += 1
        if j - i + 1 >= MIN_RUN:
            every = f" every {ordinal(step)}" if step > 1 else ""
            parts.append(f"{numbers[i]}–{numbers[j]}{every}")
            i = j + 1
        else:
            parts.append(str(numbers[i]))
            i += 1
    return parts


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
