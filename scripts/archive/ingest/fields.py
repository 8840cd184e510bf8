"""The reader's base: problems collected (never raised one by one), YAML files loaded within
their budgets, and mappings checked field by field."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..core.problems import Problem
from ..core.names import invisible, reserved
from .sources import CEILING, Oversized, read_regular
from .yamlfile import MAX_BYTES, Refused, load, too_large

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
URL = re.compile(r"https?://[^\s<>\"'\\{}|^`]+")
INVALID = object()  # what yaml() returns for a file it has already reported as unreadable
PLACEHOLDER = "DECIDE:"  # archive new writes it where an editor must decide; never valid


class FieldReader:
    """Collects every problem instead of stopping at the first.

    `files`, when given, holds files already read (a `snapshot`), so none is read twice.
    """

    def __init__(self, root: Path, files: dict[Path, bytes] | None = None, oversized: dict[Path, int] | None = None):
        self.root = root
        self.problems: list[Problem] = []
        self.cited: list = []  # (path, where, Source): every external source read (evidence.py)
        self.cited_by_vocabularies = 0  # how many of them the vocabularies cite (checked there)
        self.files = files or {}
        self.oversized = oversized or {}
        self.snapshot_only = files is not None  # then a file not in the snapshot is not a source

    def bytes(self, path: Path, limit: int = CEILING) -> bytes:
        """A source file's bytes: from the snapshot, or read now, if it is a regular file of at
        most `limit` bytes (else Oversized, an OSError, before a byte is read)."""
        data = self.files.get(path)
        if path in self.oversized:
            raise Oversized(self.oversized[path])
        if data is None and self.snapshot_only:
            raise FileNotFoundError(2, "is missing")
        if data is None:
            data = read_regular(str(path), limit)
            if isinstance(data, str):
                raise OSError(0, data if data.startswith("cannot") else f"{data}; only regular files are sources")
        return data

    def listing(self, folder: Path) -> list[Path]:
        """The regular files directly in a folder, in order."""
        if self.snapshot_only:
            return sorted(p for p in (*self.files, *self.oversized) if p.parent == folder)
        return sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink()) if folder.is_dir() else []

    def sources_agree(self) -> None:
        """Every source the records cite agrees, on title and date, with every other citation of
        the same page (the vocabularies' among themselves are checked when they are read)."""
        from .evidence import disagreements
        disagreements(self, self.cited[self.cited_by_vocabularies:], self.cited[:self.cited_by_vocabularies])

    def problem(self, file: str | Path, where: str, message: str) -> None:
        self.problems.append(Problem(self.name(file), where, message))

    def name(self, path: str | Path) -> str:
        path = Path(path)
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def text(self, path: Path, what: str) -> str | None:
        """A source file as UTF-8 text (universal newlines), or None once reported."""
        data = self.bytes(path)
        try:
            return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.problem(path, f"line {line}", f"is not valid UTF-8 ({error.reason}); {what} must be UTF-8")
            return None

    def yaml(self, path: Path):
        try:
            data = self.bytes(path, MAX_BYTES)
            text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except Oversized as error:
            refused = too_large(error.size)
            self.problem(path, refused.where, refused.message)
            return INVALID
        except UnicodeDecodeError as error:
            self.problem(path, "file", f"is not valid UTF-8 ({error.reason}); YAML files must be UTF-8")
            return INVALID
        except FileNotFoundError:
            self.problem(path, "file", "is missing")
            return INVALID
        except OSError as error:
            self.problem(path, "file", error.strerror)
            return INVALID
        try:
            return load(text)
        except Refused as refused:
            self.problem(path, refused.where, refused.message)
            return INVALID

    def fields(self, path, where: str, value, required: dict, optional: dict | None = None) -> dict | None:
        """Check a mapping's keys and value types; return it, or None when unusable."""
        optional = optional or {}
        if value is INVALID:
            return None
        if not isinstance(value, dict):
            self.problem(path, where or "file", f"must be a mapping with keys {', '.join(required)}; got {kind(value)}")
            return None
        ok = True
        for key in value:
            if key not in required and key not in optional:
                self.problem(path, join(where, key), f"is not a known field; allowed: {', '.join([*required, *optional])}")
                ok = False
        for key, types in {**required, **optional}.items():
            if key not in value:
                if key in required:
                    self.problem(path, join(where, key), "is missing")
                    ok = False
                continue
            if not isinstance(value[key], types) or isinstance(value[key], bool) and bool not in as_tuple(types):
                self.problem(path, join(where, key), f"must be {describe(types)}; got {kind(value[key])}{quote_hint(value[key])}")
                ok = False
            elif isinstance(value[key], str) and not value[key].strip():
                self.problem(path, join(where, key), "must not be empty")
                ok = False
            elif isinstance(value[key], str) and value[key].startswith(PLACEHOLDER):
                self.problem(path, join(where, key), f"is still a placeholder written by archive new: {value[key]!r}; replace it")
                if where:  # a nested mapping is unusable; at the top level, keep checking the rest
                    ok = False
        return value if ok else None

    def strings(self, path, where: str, value: list, what: str = "strings") -> bool:
        """A list's items are all non-empty strings, or one problem says they are not."""
        wrong = [v for v in value if not isinstance(v, str) or not v.strip()]  # a list, as an item may be None itself
        if not wrong:
            return True
        bad = wrong[0]
        self.problem(path, where, f"must be a list of {what}; got {kind(bad)}{quote_hint(bad)}")
        return False

    def items(self, path: Path, data, required: dict, optional: dict | None = None) -> list[dict]:
        if data is INVALID:
            return []
        if not isinstance(data, list):
            self.problem(path, "file", f"must be a YAML list of entries; got {kind(data)}")
            return []
        entries, seen = [], set()
        for i, item in enumerate(data):
            entry = self.fields(path, f"[{i}]", item, required, optional)
            if entry is None:
                continue
            if "id" in entry:
                if not SLUG.fullmatch(entry["id"]):
                    self.problem(path, f"[{i}].id", f"{entry['id']!r} must be lowercase letters, digits and hyphens")
                    continue
                if why := reserved(entry["id"]):
                    self.problem(path, f"[{i}].id", f"{entry['id']!r} is reserved: {why}; choose another id")
                    continue
                if entry["id"] in seen:
                    self.problem(path, f"[{i}].id", f"{entry['id']!r} is defined twice")
                    continue
                seen.add(entry["id"])
            # What pages show as a heading or a link's text: as a title, no bidi override or
            # other invisible character that would reorder the line it stands in.
            wrong = next(((key, w) for key in ("name", "claim") if isinstance(entry.get(key), str)
                          and (w := invisible(entry[key]))), None)
            if wrong:
                self.problem(path, f"[{i}].{wrong[0]}", wrong[1].replace("write it", f"write the {wrong[0]}"))
                continue
            entries.append(entry)
        return entries


def join(where: str, key) -> str:
    return f"{where}.{key}" if where else str(key)


def as_tuple(types) -> tuple:
    return types if isinstance(types, tuple) else (types,)


def describe(types) -> str:
    names = {str: "a string", int: "a whole number", list: "a list", dict: "a mapping", type(None): "null", bool: "true or false"}
    return " or ".join(names.get(t, t.__name__) for t in as_tuple(types))


def kind(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value}"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


def quote_hint(value) -> str:
    if isinstance(value, (bool, datetime.date, int, float)) or value is None:
        return " (YAML reads unquoted yes/no/null/dates/numbers as such: put the text in quotes)"
    return ""
