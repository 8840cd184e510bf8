"""Plain-text tables and the formatting of figures in them."""
from __future__ import annotations


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.rjust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def f(value, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def ratio(a, b, spec=".1f") -> str:
    return f"{a / b:{spec}}x" if a and b else "-"
