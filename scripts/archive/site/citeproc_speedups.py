"""Speed-ups of citeproc-py 0.11.1 (pinned exactly in scripts/requirements.lock): citeproc-py
asks the style the same questions for every entry (does this macro call a variable? which
macro has this name? which term? does this element set a font? which conditions has this
cs:if?); the answers depend only on the style, so each is worked out once per style element.
Most cs:choose test only the entry's type and which variables it has: the branch taken is
worked out once for each such shape of entry (about 110 cs:if tested per entry before).
They change no byte of output: a test renders every committed citation with and without them
(`speedups(False)`), another asks citeproc-py again for every answer kept. Installed by
citeproc_patches.install(), never on import.
"""
from __future__ import annotations

import functools

import citeproc.model
import citeproc.string
from citeproc.model import CitationStylesElement, Choose, Formatted, If, Parent, Text
from citeproc.source import VariableError
from citeproc.string import join

from . import citeproc_choose
from citeproc.source import CitationItem


# An answer is kept on the element's Python object. lxml makes a new object for an element
# whenever none is held (and the new one knows nothing), so an answer lives exactly as long as
# the object it describes: never stale. Citations holds every element of its styles
# (`elements()`), so each answer is worked out once. citeproc-py itself keeps state on these
# objects (a style's locales, a layout's suppressed variables).

def structural(method):
    """A method whose answer depends only on the style (the element and the arguments), never
    on the entry being rendered."""
    name = f"_{method.__qualname__}"

    @functools.wraps(method)
    def once(self, *args, **kwargs):
        memo = vars(self)
        key = (name, args, tuple(kwargs.items())) if args or kwargs else name  # (a call spelt in another order is worked out again)
        try:
            return memo[key]
        except KeyError:
            answer = memo[key] = method(self, *args, **kwargs)
            return answer
    return once


def elements(style) -> list:
    """Every element of a parsed style and of its locales, to be held while it renders."""
    found = list(style.root.iter())
    for locale in style.root.locales:
        if locale.getroottree() is not style.root.getroottree():
            found.extend(locale.iter())
    return found


def _type(self, item):
    """cs:if type="...": the answer for each type of entry worked out once (typed())."""
    return self.typed(dict.get(item.reference, "type"))


def _typed(self, kind) -> list[bool]:
    return [t.lower() == kind for t in self.get("type").split()]


def _variables(self) -> tuple[str, ...]:
    return tuple(v.replace("-", "_") for v in self.get("variable").split())


def _if_variable(self, item):
    """cs:if variable="...": the style's names split and spelt as citeproc-py's once."""
    reference = item.reference
    return [("locator" in item) if v == "locator" else (v in reference) for v in self.variables()]


def _children(self) -> tuple:
    """An element's children, each with whether it is a cs:choose. Only cs:macro, cs:layout,
    cs:if and cs:else render their children this way, and citeproc-py changes the children of
    none of them (it inserts only into a cs:names)."""
    return tuple((child, isinstance(child, Choose)) for child in self.iterchildren())


def _render_children(self, item, delimiter="", **kwargs):
    """Parent.render_children over the children listed once (children())."""
    output = []
    for child, choose in vars(self).get("__children") or self.children():
        try:
            text = child.render(item, delimiter=delimiter, **kwargs) if choose else child.render(item, **kwargs)
            if text is not None:
                output.append(text)
        except VariableError:
            pass
    if output:
        return join(output, delimiter)
    return None


class Cited(CitationItem):
    """A citation item that finds its reference once: citeproc-py looks it up through three
    objects on every use (half a million times for 1,000 articles). Found on first use, then
    an attribute of the object: `reference` is a non-data descriptor here, so Python reads
    the object's own __dict__ before it."""

    class _Reference:
        def __get__(self, cited, owner=None):
            if cited is None:
                return self
            found = vars(cited)["reference"] = cited.bibliography.source[cited.key]
            return found

    reference = _Reference()

    @functools.cached_property
    def shape(self) -> tuple:
        """What a cs:choose whose tests read only the entry's type and which variables it has
        decides by (Choose.branch()). citeproc-py never changes a reference."""
        return dict.get(self.reference, "type"), frozenset(self.reference)


PLAIN = (("font-style", "normal"), ("font-variant", "normal"), ("font-weight", "normal"),
         ("text-decoration", "none"), ("vertical-align", "baseline"))


def _styled(self) -> bool:
    """Whether the element sets a font style, variant, weight, decoration or alignment."""
    return any(self.get(name, plain) != plain for name, plain in PLAIN)


def _format(self, string, _original=Formatted.format):
    """Formatted.format: an element that sets no font attribute returns the text as it is
    (each of the five steps would: 20 element lookups per entry for nothing)."""
    if self.styled():
        return _original(self, string)
    return str(string) if isinstance(string, (int, float)) else string


CONDITIONS = {"type": lambda self, item, context: self._type(item),
              "variable": lambda self, item, context: self._variable(item),
              "is-numeric": lambda self, item, context: self._is_numeric(item),
              "is-uncertain-date": lambda self, item, context: self._is_uncertain_date(item),
              "locator": lambda self, item, context: self._locator(item),
              "position": lambda self, item, context: self._position(item, context)}


def _tests(self) -> tuple:
    """cs:if's conditions, in citeproc-py's order, and its match mode."""
    return tuple(CONDITIONS[name] for name in CONDITIONS if name in self.attrib), self.get("match")


def _if_render(self, item, context=None, delimiter="", **kwargs):
    """If.render with the element's conditions read once (six attribute lookups per cs:if, a
    hundred cs:if per entry)."""
    tests, match = self.tests()
    results = []
    for test in tests:
        results += test(self, item, context)
    if match == "any":
        result = any(results)
    elif match == "none":
        result = not any(results)
    else:
        result = all(results)
    if not result:
        raise citeproc.model.ConditionFailed
    return self.render_children(item, context=context, delimiter=delimiter, **kwargs)


def _default_language(self) -> str:
    return self.get_root().get("default-locale", "en")[:2]


def _text_process(self, item, context=None, **kwargs):
    """Text.process without an exception raised and caught for each cs:text of an entry
    without a language (all of ours): the language is looked up, not tried."""
    if context is None:
        context = self
    reference = item.reference
    kind, default = vars(self).get("__text_plan") or self.text_plan()
    language = reference["language"][:2] if "language" in reference else default
    if kind == "variable":
        text = self._variable(item, context)
    elif kind == "macro":
        text = self.get_macro(self.get("macro")).render(item, context)
    elif kind == "term":
        text = self._term(item)
    elif kind == "value":
        text = citeproc.string.String(self.preformat(self.get("value")))
    return text, language


def _text_plan(self) -> tuple:
    """Which of a cs:text's attributes says what it prints, in citeproc-py's order, and the
    style's default language."""
    return next((name for name in ("variable", "macro", "term", "value") if name in self.attrib), None), self.default_language()


ORIGINALS = {(Parent, "calls_variable"): Parent.calls_variable,
             (Text, "calls_variable"): Text.calls_variable,
             (CitationStylesElement, "xpath_search"): CitationStylesElement.xpath_search,
             (CitationStylesElement, "get_root"): CitationStylesElement.get_root,
             (If, "_type"): If._type,
             (CitationStylesElement, "get_locale_option"): CitationStylesElement.get_locale_option,
             (CitationStylesElement, "get_term"): CitationStylesElement.get_term,
             (Formatted, "format"): Formatted.format,
             (If, "render"): If.render,
             (Text, "process"): Text.process,
             (If, "_variable"): If._variable,
             (Parent, "render_children"): Parent.render_children,
             (CitationStylesElement, "get_macro"): CitationStylesElement.get_macro,
             (CitationStylesElement, "get_layout"): CitationStylesElement.get_layout,
             (Choose, "render"): citeproc_choose.ORIGINAL_RENDER}
FASTER = {(Parent, "calls_variable"): structural(Parent.calls_variable),
          (Text, "calls_variable"): structural(Text.calls_variable),
          (CitationStylesElement, "xpath_search"): structural(CitationStylesElement.xpath_search),
          (CitationStylesElement, "get_root"): structural(CitationStylesElement.get_root),
          (If, "_type"): _type,
          (CitationStylesElement, "get_locale_option"): structural(CitationStylesElement.get_locale_option),
          (CitationStylesElement, "get_term"): structural(CitationStylesElement.get_term),
          (Formatted, "format"): _format,
          (If, "render"): _if_render,
          (Text, "process"): _text_process,
          (If, "_variable"): _if_variable,
          (Parent, "render_children"): _render_children,
          (CitationStylesElement, "get_macro"): structural(CitationStylesElement.get_macro),
          (CitationStylesElement, "get_layout"): structural(CitationStylesElement.get_layout),
          (Choose, "render"): citeproc_choose.render}


TYPED, VARIABLES = structural(_typed), structural(_variables)
STYLED, TESTS, DEFAULT_LANGUAGE = structural(_styled), structural(_tests), structural(_default_language)
CHILDREN, TEXT_PLAN, DECIDED, BRANCH = structural(_children), structural(_text_plan), structural(citeproc_choose.decided), structural(citeproc_choose.branch)
ANSWERS = (TYPED, VARIABLES, STYLED, TESTS, DEFAULT_LANGUAGE, CHILDREN, TEXT_PLAN, DECIDED, BRANCH)  # the helpers whose answers are kept


def speedups(on: bool) -> None:
    """Install (or, for the test that compares the output, remove) the speed-ups."""
    (If.typed, If.variables, Formatted.styled, If.tests, CitationStylesElement.default_language,
     Parent.children, Text.text_plan, Choose.decided, Choose.branch) = ANSWERS
    for (cls, name), method in (FASTER if on else ORIGINALS).items():
        setattr(cls, name, method)
