"""Which of the boilerplate rules may match a line, fast: the clean stage (clean.py) asks
for every line of every article, so most lines are let past every rule with one match."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from ..core.rules import Rule


@lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


LENGTH_CLASSES = (40, 100, 250, 600, 1 << 30)
SHORT_LINE = 100


class Ruleset:
    """The rules, and what lets most lines skip them: one pattern matching every line some
    rule matches (most lines match none, and one match instead of one per rule keeps the
    normaliser's time as the rules grow), each rule's longest possible match (a long
    paragraph is not tried against rules for short lines), and, for short lines, which rules
    match them (page furniture repeats on every page of a publisher; running text does not)."""

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules
        self.widths = tuple(width(r.pattern) for r in rules)
        # Rules with `after` need the line before to match too: they are always tried.
        self.after = tuple(i for i, r in enumerate(rules) if r.after)
        # Per rules file (a publisher's, the generic one), so the generic rules' unions are
        # compiled once, not once per publisher.
        files: dict[str, list[tuple[str, int]]] = {}
        for r, w in zip(rules, self.widths):
            if not r.after:
                files.setdefault(r.source, []).append((r.pattern, w))
        self.filters = [length_filters(tuple(plain)) for plain in files.values()]
        self.seen: dict[str, tuple[int, ...]] = {}

    def candidates(self, text: str) -> tuple[int, ...]:
        """The indices of the rules that may match text, in order."""
        known = self.seen.get(text)
        if known is not None:
            return known
        n = len(text)
        length_class = bisect_left(LENGTH_CLASSES, n)
        some_rule = False
        for filters in self.filters:  # a loop, not any(...): this runs for every line
            if filters[length_class].fullmatch(text):
                some_rule = True
                break
        if some_rule:
            known = tuple(i for i, (r, w) in enumerate(zip(self.rules, self.widths))
                          if r.after or w >= n and compiled(r.pattern).fullmatch(text))
        else:
            known = self.after
        if n <= SHORT_LINE:
            if len(self.seen) > 100_000:
                self.seen.clear()
            self.seen[text] = known
        return known


@lru_cache(maxsize=256)
def length_filters(plain: tuple[tuple[str, int], ...]) -> tuple[re.Pattern, ...]:
    """For each length class, the union of the rules that can match its longest lines."""
    floors = (0, *LENGTH_CLASSES[:-1])
    return tuple(compiled(union(tuple(p for p, w in plain if w > floor))) for floor in floors)


_RULESETS: dict[int, tuple[tuple[Rule, ...], Ruleset]] = {}


def ruleset(rules: tuple[Rule, ...]) -> Ruleset:
    # Keyed by the tuple's identity (hashing sixty rules per article costs more than cleaning
    # it); the tuple is kept with its ruleset, so its id cannot be reused while cached.
    cached = _RULESETS.get(id(rules))
    if cached is None or cached[0] is not rules:
        if len(_RULESETS) > 64:
            _RULESETS.clear()
        cached = _RULESETS[id(rules)] = (rules, equal_ruleset(rules))
    return cached[1]


@lru_cache(maxsize=64)
def equal_ruleset(rules: tuple[Rule, ...]) -> Ruleset:
    return Ruleset(rules)


@lru_cache(maxsize=None)
def width(pattern: str) -> int:
    """The longest text the pattern can match (unbounded: very large)."""
    return min(re._parser.parse(pattern).getwidth()[1], 1 << 30)


def union(patterns: tuple[str, ...]) -> str:
    parts = []
    for p in patterns:
        p = re.sub(r"\(\?P<\w+>", "(?:", p)  # group names repeat across rules
        flags = re.match(r"\(\?([aiLmsux]+)\)", p)
        parts.append(f"(?{flags[1]}:{p[flags.end():]})" if flags else f"(?:{p})")
    return "|".join(parts) or "(?!)"


def first_match(rules: tuple[Rule, ...], lines, i: int, text: str, head_end: int, ruleset: Ruleset):
    for k in ruleset.candidates(text):
        rule = rules[k]
        if rule.zone == "head" and i >= head_end:
            continue
        if rule.after and (i == 0 or not compiled(rule.after).fullmatch(lines[i - 1].text)):
            continue
        match = compiled(rule.pattern).fullmatch(text)
        if match:
            return rule, match
    return None, None
