"""The author's box after (or beside) the text: a label naming it ("About the author", "Über den
Autor", "Autoreninfo"; generic.yml author-box-label takes it out), the author's name on a line of
its own, then a paragraph about them. The page prints the box apart from the article; dumped as
text it reads as the text's last paragraph. The paragraph is the author's bio (lifted into the
draft's bio, not dropped) only when it is about the name: it holds one of the name's words, goes
on from it in lower case ("ist Gründungspartner der Kanzlei ..."), or, with no name line, opens
with a name. A reader's comment under an "Author" label (a blog's reply by its author) holds none.
A box above the text (a blog's sidebar dumped before its post) is the page's header: the headline
is chosen among those lines, so it is left to the header's rules.
"""
from __future__ import annotations

from ..core.article import Line, Removal
from .furniture import Mark, body_like, words
from .metadata import is_name
from .shape import tokens

LABEL_RULE = "generic:author-box-label"
TEXT_ABOVE = 2  # paragraphs of running text above the label: the box follows the text's start
BIO_WORDS = 8  # a bio is a paragraph: a shorter line under the name is a role ("Senior Writer") or a link
RULE = "generic:author-box"


def boxes(lines: list[Line], removed: dict[int, Removal], next_raw: dict[int, int]) -> dict[int, Mark]:
    marks: dict[int, Mark] = {}
    index = {line.number: i for i, line in enumerate(lines)}
    for label in (n for n, r in removed.items() if r.rule == LABEL_RULE):
        i = index.get(next_raw.get(label))
        if i is None or sum(body_like(line.text) for line in lines[:i]) < TEXT_ABOVE:
            continue
        name = lines[i].text.rstrip(",").strip()
        named = is_name(name)
        j = index.get(next_raw.get(lines[i].number)) if named else i
        if j is None or words(lines[j].text) < BIO_WORDS:
            continue
        bio = lines[j].text
        if named:
            about = bio[:1].islower() or bool({w for w in tokens(name) if len(w) > 2} & set(tokens(bio)))
        else:
            about = is_name(" ".join(bio.split()[:2]))
        if about:
            if named:
                marks[i] = Mark(RULE, "author-bio")
            marks[j] = Mark(RULE, "author-bio", "bio")
    return marks
