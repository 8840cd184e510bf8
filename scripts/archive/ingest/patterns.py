"""Boilerplate and extraction rules are regular expressions an editor writes: checked before
they meet a line. A quantifier on a group that itself repeats, as in `(a+)+$`, backtracks
exponentially: 45 characters took longer than anyone waits. Such rules are refused."""
from __future__ import annotations

import re
import warnings

try:
    from re import _parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover
    import sre_parse

from re._constants import BRANCH, MAXREPEAT, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT

REPEATS = {MAX_REPEAT, MIN_REPEAT}
NESTED = ("repeats a group that itself repeats or has alternatives (as in '(a+)+', '(a*){4}' or '(a|aa)+'): on a"
          " long line that can run for hours; repeat the inner part only (e.g. 'a+'), bound the outer repeat to at"
          " most 3, or use a character class ('[ab]+')")


def problem(pattern: str, groups: tuple[str, ...] = ()) -> str | None:
    """What is wrong with a rule's pattern, or None: it compiles, has the named groups, and
    has no nested repeat."""
    try:
        # A warning Python prints while compiling (a '[' inside a set may mean a nested set in
        # a later Python) would be a second, unformatted line on stderr: it is the problem.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled = re.compile(pattern)
            parsed = sre_parse.parse(pattern)
    except Warning as warning:
        return (f"is read differently by later Pythons ({warning}): write a literal '[' inside"
                " a set as '\\[', and '--', '&&', '~~', '||' inside a set with a backslash too")
    except (re.error, RecursionError, OverflowError) as error:
        return f"is not a valid regular expression: {error}"
    for name in groups:
        if name not in compiled.groupindex:
            return f"must have a group named {name!r}, as in (?P<{name}>...)"
    return NESTED if nested(parsed, outer=1) else None


def nested(items, outer: int) -> bool:
    """True if a repeat sits in a repeat: the inner open-ended inside any outer repeat of more
    than 3, or any inner repeat (or alternatives) inside an open-ended outer one. `outer`: the enclosing repeat's
    upper bound (1 when there is none)."""
    for op, av in items:
        if op in REPEATS or op == POSSESSIVE_REPEAT:
            low, high, sub = av
            if high > 1 and (outer == MAXREPEAT or (high == MAXREPEAT and outer > 3)):
                return True
            if high == MAXREPEAT and op != POSSESSIVE_REPEAT and branches(sub):
                return True
            if op != POSSESSIVE_REPEAT and nested(sub, max(outer, high)):
                return True
        else:
            for sub in children(op, av):
                if nested(sub, outer):
                    return True
    return False


def branches(items) -> bool:
    return any(op == BRANCH or any(branches(sub) for sub in children(op, av)) for op, av in items)


def children(op, av) -> list:
    """The sub-patterns of a parsed item (groups, alternatives, look-arounds, conditionals)."""
    if isinstance(av, sre_parse.SubPattern):
        return [av]
    if isinstance(av, (tuple, list)):
        return [x for x in av if isinstance(x, sre_parse.SubPattern)] + \
               [y for x in av if isinstance(x, list) for y in x if isinstance(y, sre_parse.SubPattern)]
    return []
