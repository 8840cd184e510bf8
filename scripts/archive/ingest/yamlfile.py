"""YAML sources, loaded within budgets checked before the document is built.

A record nested 100,000 levels deep overflows libyaml's composer (a crash, not an error), a
few thousand levels overflow Python's recursion, and a kilobyte of aliases ("billion laughs")
stands for a billion values. So a file is measured first: its size; then, unless a cheap
bound on its nesting already says it is shallow and it has no anchors, libyaml's event stream
(which keeps its own stack, so depth cannot crash it) gives the exact depth and the number of
values the aliases stand for.
"""
from __future__ import annotations

import datetime
import re

import yaml

from ..core.texts import YAML_CONTROLS, cleaned, has_noncharacters

# libyaml's safe loader: the same safe schema, about ten times faster than PyYAML's own.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000  # the largest vocabulary is about 12 KB, a record about 5 KB
MAX_DEPTH = 64  # a record nests 3 levels, a vocabulary 4
MAX_VALUES = 100_000  # values a file stands for, aliases expanded
YAML_HINT = (" (text containing ': ' or ' #', or starting with a quote, -, [, {, >, |, @, *, &, ! or %,"
             " must be put in double quotes)")


class Loader(SAFE_LOADER):
    """The safe loader, refusing a mapping that states a key twice: YAML 1.2 forbids it, and
    PyYAML keeps the later value silently (two `stance:` lines, and the first is lost)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *anchor` merges keys that the mapping may then override
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # a key YAML allows but Python cannot hash: the loader reports it
                    continue
                if first is not None:
                    raise Refused(f"line {key_node.start_mark.line + 1}",
                                  f"has the key {str(key)!r} twice (first on line {first}); "
                                  "YAML would keep only the later value: state it once")
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class Plain(Loader):
    """The same loader for a document without anchors (so without aliases): its nodes form a
    tree, which is built in one walk, each mapping's keys checked as they are taken. PyYAML's
    own construction (a generator for each mapping, every node remembered) was about a tenth of
    reading an article. Only plain strings, mappings and sequences are built here; every other
    node (a number, a date, a tag) by PyYAML's constructor as before. Anything unusual (a merge
    key, a key that cannot be hashed, any error) sends the whole document to PyYAML's own
    construction instead, which then builds it, or raises, exactly as it did before."""

    def construct_document(self, node):
        try:
            return self.tree(node)
        except Exception:  # noqa: BLE001 - built (or refused) again the usual way, below
            self.constructed_objects, self.recursive_objects, self.state_generators = {}, {}, []
            self.deep_construct = False
        return super().construct_document(node)

    def resolve(self, kind, value, implicit):
        """PyYAML's resolver (the C parser asks it for every node), without its work where the
        answer is known: a collection's tag and a quoted string's are the defaults (this loader
        has no path resolvers), and a plain scalar's tag is kept by its text (the implicit
        resolvers are the class's, and do not change)."""
        if kind is not yaml.ScalarNode:
            return SEQ if kind is yaml.SequenceNode else MAP
        if not implicit[0]:
            return STR
        tag = RESOLVED.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(value) <= 64 and len(RESOLVED) < 50_000:  # keys and short values repeat
                RESOLVED[value] = tag
        return tag

    def tree(self, node):
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode and tag == STR:
            return node.value
        if kind is yaml.MappingNode and tag == MAP:
            out, lines = {}, {}
            for key_node, value_node in node.value:
                if key_node.tag in SPECIAL_KEYS:
                    raise Unusual
                key = self.tree(key_node)
                first = lines.get(key)  # a key that cannot be hashed: TypeError, PyYAML's way then
                if first is not None:
                    raise Unusual
                lines[key] = True
                out[key] = self.tree(value_node)
            return out
        if kind is yaml.SequenceNode and tag == SEQ:
            return [self.tree(child) for child in node.value]
        return self.construct_object(node, deep=True)


class Unusual(Exception):
    """A document Plain leaves to PyYAML's own construction."""


STR, MAP, SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
RESOLVED: dict[str, str] = {}  # a plain scalar's text -> its tag (Plain.resolve)


class Refused(Exception):
    """A file that is not loaded: `where` is "file" or "line N"."""

    def __init__(self, where: str, message: str):
        super().__init__(message)
        self.where, self.message = where, message


def too_large(size: int) -> Refused:
    return Refused("file", f"is {size:,} bytes; a YAML file may have at most {MAX_BYTES:,} (is this really one record?)")


def load(text: str):
    """The document in `text`, every string cleaned (texts.clean); raises Refused."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise too_large(size)
    if "&" in text or nesting_bound(text) > MAX_DEPTH:
        within_budget(text)
    try:
        data = yaml.load(text, Loader=Loader if "&" in text else Plain)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise Refused(f"line {mark.line + 1}" if mark else "file",
                      f"{entry(text, mark)}is not valid YAML: {getattr(error, 'problem', error)}{hint(text, mark)}") from None
    except ValueError as error:  # an unquoted date that does not exist, e.g. 2025-02-30
        line, value = bad_date(text)
        raise Refused(f"line {line}" if line else "file",
                      f"is not valid YAML: {value or 'a date'} is not a real date ({error}); write real dates, in quotes") from None
    # Escapes in quoted strings ("\x01", "\ud800") make characters the text does not show.
    if "\\" in text or has_noncharacters(text) or YAML_CONTROLS.search(text):
        data = cleaned(data)
    return data


INDENTS = re.compile(r"^ +", re.M)
ENTRY_ID = re.compile(r"\bid: ?['\"]?([\w-]+)")


def line_at(text: str, mark) -> str:
    return text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""


def entry(text: str, mark) -> str:
    """"the entry ID " when the broken line states its entry's id (a rule written on one line)."""
    found = ENTRY_ID.search(line_at(text, mark))
    return f"the entry {found.group(1)} " if found else ""


def hint(text: str, mark) -> str:
    """A ' inside a single-quoted text ends it there ("today's" in a pattern): YAML's own
    message names only the character after it, so say how a quote is written."""
    if "'" in line_at(text, mark):
        return YAML_HINT[:-1] + "; inside single quotes write a ' as '')"
    return YAML_HINT


def nesting_bound(text: str) -> int:
    """At least the document's depth, cheaply: every level is a flow bracket, a sequence or
    complex-key indicator ("- ", "? ", or one ending its line), or a deeper indentation (a
    mapping in a mapping; a sequence may share its parent's indentation, but has its "- ")."""
    flows = text.count("[") + text.count("{")
    indicators = sum(text.count(mark + end) for mark in "-?" for end in " \n\t")
    indent = max(map(len, INDENTS.findall(text)), default=0)
    return flows + indicators + indent + 1


def within_budget(text: str) -> None:
    """Walk libyaml's events: depth and alias expansion within budget, or Refused."""
    sizes: dict[str, int] = {}  # anchor: the values it stands for
    stack: list[list] = [[None, 0]]  # open collections: [anchor, values so far]
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append([event.anchor, 1])
                if len(stack) - 1 > MAX_DEPTH:
                    raise Refused(f"line {event.start_mark.line + 1}",
                                  f"is nested more than {MAX_DEPTH} levels deep; records and vocabularies need a few")
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, size = event.anchor, 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, size = None, sizes.get(event.anchor, 1)
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            stack[-1][1] += size
            if stack[-1][1] > MAX_VALUES:
                raise Refused(f"line {event.start_mark.line + 1}",
                              f"its aliases expand to more than {MAX_VALUES:,} values; write the values out, without & and *")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if "nesting depth" in str(getattr(error, "problem", "")):  # libyaml's own limit, if lower
            raise Refused(f"line {mark.line + 1}" if mark else "file",
                          f"is nested more than {MAX_DEPTH} levels deep; records and vocabularies need a few") from None
        return  # the loader reports it, with its line


def bad_date(text: str) -> tuple[int | None, str | None]:
    """The line and value of the first unquoted date YAML cannot construct."""
    try:
        stack = [yaml.compose(text, Loader=SAFE_LOADER)]
    except (yaml.YAMLError, RecursionError):
        return None, None
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            m = re.match(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", node.value)
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
