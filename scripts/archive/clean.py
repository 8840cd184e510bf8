"""Clean stage: apply boilerplate rules to an article's lines, recording every removal."""
from __future__ import annotations

import re
from functools import lru_cache

from .model import CleanArticle, RawArticle, Removal, Rule


@lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def clean(raw: RawArticle, rules: tuple[Rule, ...], head_max_chars: int) -> CleanArticle:
    lines = raw.lines
    head_end = next((i for i, line in enumerate(lines) if len(line.text) > head_max_chars), len(lines))
    kept, removals, lifted = [], [], []
    rest: Rule | None = None
    for i, line in enumerate(lines):
        if rest is not None:
            removals.append(Removal(line.number, rule_id(rest), rest.kind, line.text))
            continue
        rule = first_match(rules, lines, i, head_end)
        if rule is None:
            if kept and kept[-1].text == line.text:
                removals.append(Removal(line.number, "generic:repeated-line", "repeated-text", line.text))
            else:
                kept.append(line)
        elif rule.lift:
            value = compiled(rule.pattern).fullmatch(line.text).groupdict().get("value") or line.text
            lifted.append((rule.lift, type(line)(line.number, value.strip())))
            removals.append(Removal(line.number, rule_id(rule), rule.kind, line.text, moved_to=rule.lift))
        else:
            removals.append(Removal(line.number, rule_id(rule), rule.kind, line.text))
            if rule.extent == "rest":
                rest = rule
    return CleanArticle(raw, tuple(kept), tuple(removals), tuple(lifted))


def first_match(rules: tuple[Rule, ...], lines, i: int, head_end: int) -> Rule | None:
    text = lines[i].text
    for rule in rules:
        if rule.zone == "head" and i >= head_end:
            continue
        if rule.after and (i == 0 or not compiled(rule.after).fullmatch(lines[i - 1].text)):
            continue
        if compiled(rule.pattern).fullmatch(text):
            return rule
    return None


def rule_id(rule: Rule) -> str:
    # The rules file's stem tells an editor where to look: "responsible-statecraft:rs-donation".
    stem = rule.source.rsplit("/", 1)[-1].removesuffix(".yml")
    return f"{stem}:{rule.id}"
