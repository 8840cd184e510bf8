"""citeproc-py's cs:choose, faster (a speed-up of citeproc_speedups.py, which installs it): most
cs:choose of both styles test only the entry's type and which variables it has (its shape), so
the branch an entry takes is worked out once for each shape, with citeproc-py's own tests,
instead of testing each cs:if of each entry (about 110 an entry, most failing, each failing
with an exception)."""
from __future__ import annotations

import types

from citeproc.model import Choose, Else, If

# citeproc-py's own, as imported (before citeproc_speedups installs anything).
ORIGINAL_RENDER, ORIGINAL_TYPE, ORIGINAL_VARIABLE = Choose.render, If._type, If._variable

SHAPED = {"type", "variable", "match"}  # a cs:if with only these attributes tests the entry's shape


def decided(self) -> bool:
    """Whether the branch this cs:choose takes depends only on the entry's shape."""
    return all(isinstance(c, Else) or (isinstance(c, If) and set(c.attrib) <= SHAPED
                                       and "locator" not in c.get("variable", "").split())
               for c in self.getchildren())


class _Shaped(dict):
    """The reference of an entry of a given shape, as citeproc-py's cs:if tests read it (branch())."""

    def __init__(self, shape):
        super().__init__(dict.fromkeys(shape[1]))
        self.type = shape[0]


def branch(self, shape):
    """The child of a cs:choose (decided()) an entry of this shape renders, or None: the
    first whose tests pass (citeproc-py's own), as If.render combines them."""
    probe = types.SimpleNamespace(reference=_Shaped(shape))
    for child in self.getchildren():
        if isinstance(child, Else):
            return child
        results = [*(ORIGINAL_TYPE(child, probe) if "type" in child.attrib else ()),
                   *(ORIGINAL_VARIABLE(child, probe) if "variable" in child.attrib else ())]
        match = child.get("match")
        if (any(results) if match == "any" else not any(results) if match == "none" else all(results)):
            return child
    return None


def render(self, item, context=None, delimiter="", **kwargs):
    """Choose.render: where the branch depends only on the entry's shape, it is found once for
    each shape (a hundred cs:if tested per entry, most failing, each with an exception)."""
    decided = vars(self).get("_decided")  # citeproc_speedups.structural's key
    if decided is None:
        decided = self.decided()
    if decided:
        branch = self.branch(item.shape)
        if branch is None:
            return None
        return branch.render_children(item, context=context, delimiter=delimiter, **kwargs)
    return ORIGINAL_RENDER(self, item, context=context, delimiter=delimiter, **kwargs)
