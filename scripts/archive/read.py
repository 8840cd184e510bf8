"""Read stage: raw article bytes into normalised lines, YAML sources into validated data."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

import yaml

from .model import (
    Argument, DateInfo, ExtractionRules, Line, Position, Problem, Profile, Proposal,
    Publisher, RawArticle, Record, Rule, Stance, Variant, Vocabulary,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# libyaml's safe loader: the same safe schema, about ten times faster than PyYAML's own.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHAPES = ("triangle-up", "diamond", "square", "triangle-down", "cross")  # drawn by export.timeline_svg
INVALID = object()  # what yaml() returns for a file it has already reported as unreadable
PLACEHOLDER = "DECIDE:"  # archive new writes it where an editor must decide; never valid
DATE_FORMS = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
DATE_EXAMPLES = {"year": "YYYY, e.g. '2025'", "month": "YYYY-MM, e.g. '2025-03'", "day": "YYYY-MM-DD, e.g. '2025-03-04'"}
RULE_KINDS_FILE = "boilerplate/kinds.yml"

# Invisible characters that carry no text; joiners (U+200C/U+200D) do carry meaning in
# some scripts and emoji, so they stay.
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x85")
SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\x00-\x1f\x7f-\x9f]+")
INVISIBLE_NOTE = "removed invisible characters (zero-width space, word joiner, soft hyphen)"
# The control characters in SPACES that str.split() does not count as whitespace: with them
# made spaces, " ".join(line.split()) collapses a line as SPACES does, several times faster.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes in the fewest system calls (open, read, close): on a virtual machine each
    call is dear, and a build of thousands of articles makes tens of thousands of them."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def snapshot(folder: Path, skip: str = "__pycache__") -> dict[Path, bytes]:
    """Every file under a folder (but `skip` folders), read once, in a stable order."""
    files: dict[Path, bytes] = {}

    def walk(path: str) -> None:
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=True):
                    if entry.name != skip:
                        walk(entry.path)
                elif entry.is_file(follow_symlinks=True):
                    files[Path(entry.path)] = read_bytes(entry.path)
    if folder.is_dir():
        walk(str(folder))
    return files


class Reader:
    """Collects every problem instead of stopping at the first.

    `files`, when given, holds files already read (a `snapshot`), so none is read twice.
    """

    def __init__(self, root: Path, files: dict[Path, bytes] | None = None):
        self.root = root
        self.problems: list[Problem] = []
        self.files = files or {}

    def bytes(self, path: Path) -> bytes:
        data = self.files.get(path)
        return read_bytes(path) if data is None else data

    def problem(self, file: str | Path, where: str, message: str) -> None:
        self.problems.append(Problem(self.name(file), where, message))

    def name(self, path: str | Path) -> str:
        path = Path(path)
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    # --- raw articles -------------------------------------------------------

    def raw_article(self, path: Path, max_bytes: int) -> RawArticle | None:
        data = self.bytes(path)
        slug = path.stem
        if not SLUG.fullmatch(slug):
            self.problem(path, "file name", "the slug must be lowercase letters, digits and single hyphens (e.g. my-article.txt)")
        if len(data) > max_bytes:
            self.problem(path, "file", f"is {len(data):,} bytes; an article may have at most {max_bytes:,} (is this really one article?)")
            return None
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            self.problem(path, f"line {line}", "contains NUL bytes: this looks like binary data, not text; save the article as plain UTF-8 text")
            return None
        text, notes = self.decode(path, data)
        if text is None:
            return None
        # normalise() line by line, in one pass over the file: NFC never joins across a line feed.
        if INVISIBLE_NOTE in notes:
            text = INVISIBLE.sub("", text)
        text = unicodedata.normalize("NFC", text)
        if CONTROLS.search(text):
            text = CONTROLS.sub(" ", text)
        lines = tuple(Line(n, t) for n, t in enumerate((" ".join(s.split()) for s in text.split("\n")), 1) if t)
        if not lines:
            self.problem(path, "file", "has no text (it is empty or only whitespace)")
            return None
        return RawArticle(slug, str(path), hashlib.sha256(data).hexdigest(), len(data), lines, notes)

    def decode(self, path: Path, data: bytes) -> tuple[str | None, tuple[str, ...]]:
        notes = []
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            notes.append("removed a UTF-8 byte-order mark")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            byte = data[error.start]
            hint = " (it looks like Windows-1252 or Latin-1: convert it, e.g. iconv -f cp1252 -t utf-8)" if 0x80 <= byte <= 0xFF else ""
            self.problem(path, f"line {line}", f"is not valid UTF-8: byte 0x{byte:02x} at offset {error.start}{hint}; only UTF-8 text is allowed")
            return None, ()
        breaks = LINE_BREAKS.search(text)
        if breaks:
            notes.append("normalised line endings (CR, CRLF or Unicode separators) to LF")
        if text != unicodedata.normalize("NFC", text):
            notes.append("normalised Unicode to NFC")
        if any(c in text for c in "\u200b\u2060\ufeff\u00ad"):
            notes.append(INVISIBLE_NOTE)
        return LINE_BREAKS.sub("\n", text) if breaks else text, tuple(notes)

    # --- YAML ---------------------------------------------------------------

    def yaml(self, path: Path):
        try:
            # As read_text() would: universal newlines.
            text = self.bytes(path).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as error:
            self.problem(path, "file", f"is not valid UTF-8 ({error.reason}); YAML files must be UTF-8")
            return INVALID
        try:
            return yaml.load(text, Loader=SAFE_LOADER)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark else "file"
            self.problem(path, where, f"is not valid YAML: {getattr(error, 'problem', error)}{YAML_HINT}")
            return INVALID
        except ValueError as error:  # an unquoted date that does not exist, e.g. 2025-02-30
            line, value = bad_date(text)
            self.problem(path, f"line {line}" if line else "file",
                         f"is not valid YAML: {value or 'a date'} is not a real date ({error}); write real dates, in quotes")
            return INVALID
        except RecursionError:
            self.problem(path, "file", "is not valid YAML: it is nested too deeply")
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
                if entry["id"] in seen:
                    self.problem(path, f"[{i}].id", f"{entry['id']!r} is defined twice")
                    continue
                seen.add(entry["id"])
            entries.append(entry)
        return entries

    # --- vocabularies and rules -----------------------------------------------

    def vocabulary(self, sources: Path) -> Vocabulary:
        voc = sources / "vocabularies"
        positions = []
        path = voc / "positions.yml"
        for e in self.items(path, self.yaml(path), {"id": str, "name": str, "definition": str, "order": int,
                                                    "symbol": str, "shape": str}):
            if e["shape"] not in SHAPES:
                self.problem(path, f"{e['id']}.shape", f"{e['shape']!r} is not a timeline shape; allowed: {', '.join(SHAPES)}")
            positions.append(Position(e["id"], e["name"], e["definition"], e["order"], e["symbol"], e["shape"]))
        publishers = [
            Publisher(e["id"], e["name"], e["description"], e["basis"])
            for e in self.items(voc / "publishers.yml", self.yaml(voc / "publishers.yml"),
                                {"id": str, "name": str, "description": str, "basis": str})
        ]
        proposals = []
        path = voc / "proposals.yml"
        for i, e in enumerate(self.items(path, self.yaml(path), {
            "id": str, "name": str, "kind": str, "description": str, "floated_by": (str, type(None)),
            "floated_when": (str, type(None)), "floated_basis": str, "aliases": list, "variants": list,
        })):
            if e["kind"] not in ("deployment", "alternative"):
                self.problem(path, f"{e['id']}.kind", f"is {e['kind']!r}; allowed: deployment, alternative")
            variants = [self.fields(path, f"{e['id']}.variants[{j}]", v, {"name": str, "description": str})
                        for j, v in enumerate(e["variants"])]
            proposals.append(Proposal(
                e["id"], e["name"], e["kind"], e["description"], e["floated_by"], e["floated_when"],
                e["floated_basis"], tuple(str(a).lower() for a in e["aliases"]),
                tuple(Variant(v["name"], v["description"]) for v in variants if v),
            ))
        path = voc / "arguments.yml"
        arguments = [
            Argument(e["id"], e["claim"], e["description"], tuple(e["used_against"]), tuple(e["used_for"]))
            for e in self.items(path, self.yaml(path), {
                "id": str, "claim": str, "description": str, "used_against": list, "used_for": list})
        ]
        known = {p.id for p in proposals}
        for a in arguments:
            for key in ("used_against", "used_for"):
                for pid in getattr(a, key):
                    if pid not in known:
                        self.problem(path, f"{a.id}.{key}", f"names unknown proposal {pid!r}; known: {', '.join(sorted(known))}")
        generic, extraction = self.generic_rules(sources / "boilerplate" / "generic.yml")
        profiles = self.profiles(sources / "boilerplate", {p.id for p in publishers})
        return Vocabulary(tuple(sorted(positions, key=lambda p: p.order)), tuple(publishers),
                          tuple(proposals), tuple(arguments), generic, profiles, extraction)

    def rules(self, path: Path, entries, kinds: set[str]) -> tuple[Rule, ...]:
        rules = []
        for i, e in enumerate(self.items(path, entries, {"id": str, "kind": str, "match": str},
                                         {"extent": str, "zone": str, "lift": str, "after": str, "note": str})):
            where = f"rules[{i}] ({e['id']})"
            if e["kind"] not in kinds:
                self.problem(path, f"{where}.kind", f"{e['kind']!r} is not a removal kind; allowed: {', '.join(sorted(kinds))}")
            for key in ("match", "after"):
                if key in e:
                    try:
                        re.compile(e[key])
                    except re.error as error:
                        self.problem(path, f"{where}.{key}", f"is not a valid regular expression: {error}")
                        break
            else:
                if e.get("extent", "line") not in ("line", "rest"):
                    self.problem(path, f"{where}.extent", "allowed: line, rest")
                elif e.get("zone", "any") not in ("any", "head"):
                    self.problem(path, f"{where}.zone", "allowed: any, head")
                elif e.get("lift") not in (None, "caption", "credit"):
                    self.problem(path, f"{where}.lift", "allowed: caption, credit")
                else:
                    rules.append(Rule(e["id"], e["kind"], e["match"], e.get("extent", "line"),
                                      e.get("zone", "any"), e.get("lift"), e.get("after"), self.name(path)))
        return tuple(rules)

    def kinds(self, path: Path) -> set[str]:
        data = self.yaml(path)
        if data is INVALID:
            return set()
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            self.problem(path, "file", "must map each removal kind to a one-line description")
            return set()
        return set(data)

    def generic_rules(self, path: Path) -> tuple[tuple[Rule, ...], ExtractionRules]:
        kinds = self.kinds(path.parent / "kinds.yml")
        data = self.fields(path, "", self.yaml(path), {"extraction": dict, "rules": list}) or {}
        ex = self.fields(path, "extraction", data.get("extraction", {}), {
            "head_max_chars": int, "standfirst_max_chars": int, "title_max_chars": int,
            "byline": str, "bio": str, "max_bytes": int}) or {}
        for key in ("byline", "bio"):
            try:
                re.compile(ex.get(key, ""))
            except re.error as error:
                self.problem(path, f"extraction.{key}", f"is not a valid regular expression: {error}")
                ex = {}
        extraction = ExtractionRules(**ex) if ex else ExtractionRules(250, 400, 300, r"^By (?P<names>.+)$", r"^$", 2_000_000)
        return self.rules(path, data.get("rules", []), kinds), extraction

    def profiles(self, folder: Path, publishers: set[str]) -> tuple[Profile, ...]:
        kinds = self.kinds(folder / "kinds.yml")
        profiles = []
        for path in sorted(folder.glob("*.yml")):
            if path.name in ("generic.yml", "kinds.yml"):
                continue
            data = self.fields(path, "", self.yaml(path), {"publisher": str, "detect": list, "rules": list})
            if not data:
                continue
            if data["publisher"] not in publishers:
                self.problem(path, "publisher", f"{data['publisher']!r} is not in vocabularies/publishers.yml")
            profiles.append(Profile(data["publisher"], tuple(map(str, data["detect"])),
                                    self.rules(path, data["rules"], kinds)))
        return tuple(profiles)

    # --- editorial records --------------------------------------------------

    def record(self, path: Path, voc: Vocabulary) -> Record | None:
        start = len(self.problems)
        data = self.fields(path, "", self.yaml(path), {
            "publisher": dict, "date": dict, "authors": list, "editor": str,
            "position": dict, "proposals": list, "arguments": list, "source": dict,
        }, {
            "title": (str, type(None)), "standfirst": (str, type(None)), "url": (str, type(None)),
            "url_basis": (str, type(None)), "authors_unknown": (str, type(None)), "draft": list,
        })
        if data is None:
            return None
        ok = True
        if data.get("draft"):
            self.problem(path, "draft", "this record is an unfinished draft; decide and fill in: "
                         + ", ".join(map(str, data["draft"])) + " (then delete the draft list)")
            ok = False
        publisher = self.fields(path, "publisher", data["publisher"], {"id": str, "basis": str})
        if publisher and publisher["id"] not in {p.id for p in voc.publishers}:
            self.problem(path, "publisher.id", f"{publisher['id']!r} is unknown; known: {', '.join(p.id for p in voc.publishers)} (add new publishers to vocabularies/publishers.yml)")
            ok = False
        date = self.date(path, data["date"])
        url = data.get("url")
        if url is not None and not re.fullmatch(r"https?://[^\s<>\"']+", url):
            self.problem(path, "url", f"{url!r} is not an http(s) address")
            ok = False
        if url is None and not data.get("url_basis"):
            self.problem(path, "url_basis", "is required when url is unknown: say why it is unknown")
            ok = False
        authors = []
        for i, a in enumerate(data["authors"]):
            a = self.fields(path, f"authors[{i}]", a, {"name": str, "basis": str})
            if a is None:
                ok = False
            elif not any(c.isalnum() for c in a["name"]):
                self.problem(path, f"authors[{i}].name", "must contain a letter or digit")
                ok = False
            else:
                authors.append((normalise(a["name"]), a["basis"]))
        if not authors and not data.get("authors_unknown"):
            self.problem(path, "authors_unknown", "is required when authors is empty: say why the author is unknown")
            ok = False
        positions = {p.id for p in voc.positions}
        position = self.fields(path, "position", data["position"], {"id": str, "basis": str})
        if position and position["id"] not in positions:
            self.problem(path, "position.id", f"{position['id']!r} is unknown; allowed: {', '.join(positions)}")
            ok = False
        stances = self.stances(path, data["proposals"], voc, data["editor"])
        arguments = self.argument_uses(path, data["arguments"], voc, {s.proposal for s in stances or ()})
        for key in ("title", "standfirst"):  # rendered and compared like article text: normalised
            if isinstance(data.get(key), str) and not normalise(data[key]):
                self.problem(path, key, "has no visible text (only invisible characters); write the text, or null")
                ok = False
        source = self.fields(path, "source", data["source"], {"original_name": str, "sha256": str})
        if source and not re.fullmatch(r"[0-9a-f]{64}", source["sha256"]):
            self.problem(path, "source.sha256", "must be 64 lowercase hex digits (sha256sum of the raw file)")
            ok = False
        if not (ok and publisher and date and position and stances is not None and arguments is not None and source) \
                or len(self.problems) > start:
            return None
        return Record(
            self.name(path), *(normalise(data[k]) if data.get(k) else None for k in ("title", "standfirst")),
            url, data.get("url_basis"),
            publisher["id"], publisher["basis"], date, tuple(authors), data.get("authors_unknown"),
            data["editor"], position["id"], position["basis"], stances, arguments,
            source["original_name"], source["sha256"],
        )

    def date(self, path: Path, value) -> DateInfo | None:
        d = self.fields(path, "date", value, {"value": str, "precision": str, "basis": str})
        if d is None:
            return None
        form = DATE_FORMS.get(d["precision"])
        if form is None:
            self.problem(path, "date.precision", f"{d['precision']!r} is not allowed; allowed: {', '.join(DATE_FORMS)}")
            return None
        if not re.fullmatch(form, d["value"]):
            self.problem(path, "date.value", f"{d['value']!r} does not match precision {d['precision']} (write {DATE_EXAMPLES[d['precision']]}, quoted)")
            return None
        import datetime
        parts = [int(x) for x in d["value"].split("-")] + [1, 1]
        try:
            datetime.date(parts[0], parts[1], parts[2])
        except ValueError as error:
            self.problem(path, "date.value", f"{d['value']!r} is not a real date ({error})")
            return None
        return DateInfo(d["value"], d["precision"], d["basis"])

    def stances(self, path: Path, entries: list, voc: Vocabulary, editor: str) -> tuple[Stance, ...] | None:
        known = {p.id for p in voc.proposals}
        positions = {p.id for p in voc.positions}
        stances, ok = [], True
        for i, e in enumerate(entries):
            e = self.fields(path, f"proposals[{i}]", e, {"id": str, "stance": str, "basis": str}, {"assigned_by": str})
            if e is None:
                ok = False
                continue
            if e["id"] not in known:
                self.problem(path, f"proposals[{i}].id", f"{e['id']!r} is not a known proposal; known: {', '.join(sorted(known))}")
                ok = False
            elif e["stance"] not in positions:
                self.problem(path, f"proposals[{i}].stance", f"{e['stance']!r} is unknown; allowed: {', '.join(positions)}")
                ok = False
            elif e["id"] in {s.proposal for s in stances}:
                self.problem(path, f"proposals[{i}].id", f"{e['id']!r} is listed twice")
                ok = False
            else:
                stances.append(Stance(e["id"], e["stance"], e["basis"], e.get("assigned_by", editor)))
        if not entries:
            self.problem(path, "proposals", "must list at least one proposal the article discusses")
            ok = False
        return tuple(stances) if ok else None

    def argument_uses(self, path: Path, entries: list, voc: Vocabulary, proposals: set[str]):
        known = {a.id for a in voc.arguments}
        uses, ok = [], True
        for i, e in enumerate(entries):
            e = self.fields(path, f"arguments[{i}]", e, {"id": str, "proposal": str, "quote": str})
            if e is None:
                ok = False
            elif e["id"] not in known:
                self.problem(path, f"arguments[{i}].id", f"{e['id']!r} is not a known argument; known: {', '.join(sorted(known))}")
                ok = False
            elif e["proposal"] not in proposals:
                self.problem(path, f"arguments[{i}].proposal", f"{e['proposal']!r} is not among this record's proposals ({', '.join(sorted(proposals))})")
                ok = False
            else:
                uses.append((e["id"], e["proposal"], normalise(e["quote"])))
        return tuple(uses) if ok else None


YAML_HINT = (" (text containing ': ' or ' #', or starting with a quote, -, [, {, >, |, @, *, &, ! or %,"
             " must be put in double quotes)")


def bad_date(text: str) -> tuple[int | None, str | None]:
    """The line and value of the first unquoted date YAML cannot construct."""
    import datetime
    try:
        stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    except (yaml.YAMLError, RecursionError):
        return None, None
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", node.value)
            if node.tag == "tag:yaml.org,2002:timestamp" and m:
                try:
                    datetime.date(*map(int, m.groups()))
                except ValueError:
                    return node.start_mark.line + 1, node.value
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None, None


def normalise(text: str) -> str:
    """The whitespace and Unicode normalisation every compared or rendered text gets."""
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", text))
    return SPACES.sub(" ", text).strip()


def join(where: str, key) -> str:
    return f"{where}.{key}" if where else str(key)


def as_tuple(types) -> tuple:
    return types if isinstance(types, tuple) else (types,)


def describe(types) -> str:
    names = {str: "a string", int: "a whole number", list: "a list", dict: "a mapping", type(None): "null", bool: "true or false"}
    return " or ".join(names.get(t, t.__name__) for t in as_tuple(types))


def kind(value) -> str:
    import datetime
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value}"
    if value is None:
        return "nothing (null)"
    return type(value).__name__


def quote_hint(value) -> str:
    import datetime
    if isinstance(value, (bool, datetime.date, int, float)) or value is None:
        return " (YAML reads unquoted yes/no/null/dates/numbers as such: put the text in quotes)"
    return ""
