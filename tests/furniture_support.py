"""A page of lines as the cleaning stages see it, for the tests of furniture and of the head
(test_furniture, test_head): the lines analysed with the seeds' vocabularies, each accounted for."""
from __future__ import annotations

from conftest import ROOT

from archive.build import Paths
from archive.core.article import RawArticle, Line
from archive.authoring.preview import analyse
from archive.ingest.read import Reader

_READER = Reader(Paths(ROOT).sources)
VOC = _READER.vocabulary(Paths(ROOT).sources)
# A rule the pattern guard refuses is left out of VOC: without this, its test rows would run
# against a vocabulary that silently lacks it (session 9: tag-slashes vanished that way).
assert not _READER.problems, "the repository's vocabularies are refused: " + "; ".join(map(str, _READER.problems))
BODY = [
    "The ceasefire talks resumed in Geneva on Monday, with both delegations saying they were ready to discuss monitoring.",
    "Diplomats said a monitoring mission would need several hundred observers and a clear mandate from the Security Council.",
    "The question of who would lead such a mission remained open, and several capitals signalled reluctance to commit troops.",
]


def page(*lines: str):
    raw = RawArticle("t", "t.txt", "0" * 64, 0, tuple(Line(n, t) for n, t in enumerate(lines, 1) if t), ())
    seen = analyse(VOC, raw)
    assert seen.unaccounted() == [], "every line is shown or recorded as removed"
    return seen


def body(seen) -> list[str]:
    """The article's text: standfirst (a first paragraph may be taken for one) and body."""
    return [x.text for x in seen.text]
