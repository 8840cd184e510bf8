"""Patches to citeproc-py 0.11.1 (pinned exactly in scripts/requirements.lock), each tested in
tests/test_facts.py.

Fixes: without them the official styles print wrong entries. The speed-ups, which change no
byte of output, are in citeproc_speedups.py. Nothing is patched on import: `install()` does it.
"""
from __future__ import annotations

import citeproc.model
import citeproc.string
from citeproc.model import Text

from .citeproc_speedups import speedups


# --- fixes --------------------------------------------------------------------------------

def _initialize(self, given, mark, context, _original=citeproc.model.Name.initialize):
    """CSL 1.0.1's initialize="false" (Chicago spells given names out in full); citeproc-py
    ignores it and initialises every given name."""
    return given if self.get("initialize") == "false" else _original(self, given, mark, context)


def _render_date_range(self, date_range, show_parts=None, context=None):
    """A date range with the parts both ends share said once, where the style's order of parts
    puts them: 'December 12–31, 2024' (Chicago), '2024, December 12–31' (APA). citeproc-py
    0.11.1 loses the shared parts' words and fails on a range within one year."""
    begin, end = date_range.begin, date_range.end
    shown = [p.get("name") for p in self.iterchildren() if p.get("name") in (show_parts or ("year", "month", "day"))]
    if end.is_nil():
        return self.render_single_date(begin, shown, context)
    shared = set()
    for name in ("year", "month", "day"):
        if part(begin, name) is None or part(begin, name) != part(end, name):
            break
        shared.add(name)
    differing = [i for i, name in enumerate(shown) if name not in shared]
    if not differing:
        return self.render_single_date(begin, shown, context)
    if "year" not in shared and "year" not in shown:
        # The ends differ in a year this date does not show (both styles give the year apart,
        # then 'November 23–February'): CSL gives a range across years each end whole
        # ('May 2008/June 2009'), so each end carries its year.
        start, finish = (with_year(self.render_single_date(d, shown, context), d, "day" in shown)
                         for d in (begin, end))
        return start + self.unicode_character("EN DASH") + finish
    first, last = differing[0], differing[-1]
    start = self.render_single_date(begin, [n for i, n in enumerate(shown) if n not in shared or i < first], context)
    finish = self.render_single_date(end, [n for i, n in enumerate(shown) if n not in shared or i > last], context)
    if not start or not finish:
        return start or finish
    # str(): citeproc-py's MixedString (text with markup) has rstrip but no lstrip.
    return str(start).rstrip() + self.unicode_character("EN DASH") + str(finish).lstrip(" ,")


def with_year(text, date, days: bool) -> str:
    """A month or day rendered by the style, with its year as en-US writes it: 'December 12,
    2024', 'December 2024' (both styles here are en-US); the year alone when nothing else is."""
    if not text:
        return str(date.year)
    return f"{str(text).rstrip()}{', ' if days and part(date, 'day') is not None else ' '}{date.year}"


def part(date, name: str):
    try:
        return getattr(date, name)
    except Exception:  # citeproc's dates raise their own error for a part they lack
        return None


_rendered: list | None = None  # the variables a cs:substitute's chosen child has rendered


def _variable(self, item, context, _original=Text._variable):
    text = _original(self, item, context)
    if _rendered is not None and text:
        _rendered.append((self.tag, self.get("variable")))
    return text


def _substitute(self, item, context=None, _original=citeproc.model.Substitute.render, **kwargs):
    """CSL: a variable rendered in place of a missing author is suppressed in the rest of the
    entry. citeproc-py does this only for a variable named directly, not one rendered through a
    macro (APA's title for an article without author), so the title came out twice."""
    global _rendered
    outer, _rendered = _rendered, []
    try:
        text = _original(self, item, context=context, **kwargs)
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, variable in _rendered:
                repressed.setdefault(tag, []).append(variable)
        return text
    finally:
        _rendered = outer


OPENING = "'\"‘“(["  # an opening quotation mark or bracket before a word's first letter


def _capitalize_first(self, _original=citeproc.string.String.capitalize_first):
    """Title case capitalises a word's first letter: citeproc-py upper-cases its first
    character, so a word after an opening quotation mark kept its small letter ("a
    'coalition of the Willing'"). Only quotation marks and brackets are passed over: the
    text is escaped HTML, and an entity ("&lt;") must stay as it is."""
    text = str(self)
    lead = len(text) - len(text.lstrip(OPENING))
    if 0 < lead < len(text):
        return self.__class__(text[:lead] + text[lead].upper() + text[lead + 1:])
    return _original(self)


FIXES = {(citeproc.model.Name, "initialize"): _initialize,
         (citeproc.string.String, "capitalize_first"): _capitalize_first,
         (citeproc.model.Date, "render_date_range"): _render_date_range,
         (Text, "_variable"): _variable,
         (citeproc.model.Substitute, "render"): _substitute}


def install() -> None:
    """Patch citeproc-py, for the whole process: the fixes and the speed-ups
    (citeproc_speedups.py). Called by `citations.Citations` as it parses its first style (so by
    a process that renders a citation), never on import; installing again changes nothing."""
    for (cls, name), method in FIXES.items():
        setattr(cls, name, method)
    speedups(True)
