"""The dataset's CSV tables (exports/dataset.py), written with the standard library's writer,
never by pasting strings, so source text is escaped by the serialiser."""
from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: dict) -> dict:
    """A row whose text cells a spreadsheet would run as formulas get a leading apostrophe
    (the README's stated policy): drop that one apostrophe to get the text back."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for k, v in row.items()}


def table(rows: list[dict], columns: list[str]) -> str:
    """A CSV table: its header, then `rows`."""
    out = io.StringIO()
    # RFC 4180: records end in CRLF, so a field holding a CR or an LF is quoted.
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(spreadsheet_safe(row) for row in rows)
    return out.getvalue()


def csv_lines(rows: list[dict], columns: list[str]) -> str:
    """Rows of a CSV table without its header (a table's rows are its rows' lines one after another)."""
    return table(rows, columns).split("\r\n", 1)[1]
