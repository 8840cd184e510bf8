"""What stands right under a page's headline (headline.py finds it): the byline as a name alone,
a photo's caption ending with a date or its credit, and the short labels between the headline and the text
(a date and time, a category, a reading time, share buttons), which are the page's header."""
from __future__ import annotations

import re

from .furniture import Mark, body_like, ends_sentence, words
from .metadata import forms, in_capitals_after_by, is_name, named_alone, named_in_capitals
from ..core.article import Line


def after_headline(lines: list[Line], h: int) -> dict[int, Mark]:
    """Under the headline: a name-only line is the byline; a line ending with a date and no
    full stop is a photo caption ("... in Edinburgh, January 22, 2026") unless it opens as a
    byline does ("By Jane Roe, 3 March 2025")."""
    marks: dict[int, Mark] = {}
    f = forms()
    for i in range(h + 1, min(h + 4, len(lines))):
        text = lines[i].text
        if i == h + 1 and is_name(text) and not f.byline_start.match(text) and not in_capitals_after_by(text):
            marks[i] = Mark("generic:name-under-headline", "byline", "authors")
        elif i == h + 1 and named_alone(text):  # "von Kathrin": a byline by its place
            marks[i] = Mark("generic:byline-one-name", "byline", "authors")
        elif i == h + 1 and named_in_capitals(text):  # "VON ROLAND BROCKMANN UND SEBASTIAN DRESCHER"
            marks[i] = Mark("generic:byline-in-capitals", "byline", "authors")
        elif text[-1].isdigit() and words(text) >= 6 and not f.byline_start.match(text) and (m := f.date.search(text)) and m.end() == len(text):
            marks[i] = Mark("generic:caption-under-headline", "photo-caption")
    for i in range(h + 1, min(h + HEADER_SPAN, len(lines))):
        if body_like(lines[i].text):
            break
        if i not in marks and words(lines[i].text) >= CAPTION_WORDS and credited(lines[i].text):
            marks[i] = Mark("generic:credited-caption", "photo-caption")
    return marks


CAPTION_WORDS = 6  # words of a caption with its credit, at the least (a credit alone is generic.yml's)
CREDIT_CHARS = 70  # a credit's characters at a line's end, at the most
SENTENCE_GAP = re.compile(r"(?<=[.!?…]) (?=\S)")


def credited(text: str) -> bool:
    """Between the headline and the text's first paragraph, a line ending with a photo's credit
    after its last sentence or a separator (metadata-lines.yml credit_labels, picture_agencies:
    "... Foto: Galli/Malteser", "... Paris-Kurs. picture alliance | Andrew Milligan"), or with a
    byline in capitals ("... in Las Croabas. By U.S. CUSTOMS AND BORDER PROTECTION"): the lead
    photo's caption. It ends with no sentence, which the text's first paragraph does."""
    f = forms()
    start = max(len(text) - CREDIT_CHARS, 0)
    if f.credit.search(text, start):
        return True
    for gap in SENTENCE_GAP.finditer(text, start):
        tail = text[gap.end():]
        if (by := f.by.match(tail)) and tail[by.end():].isupper():
            return True
    return False


LABEL_WORDS = 8  # a line of fewer words, no sentence, in the header is a label, not the text's
HEADER_SPAN = 12  # lines under the headline that are its header, at the most


def header_labels(lines: list[Line], h: int | None, crumbs: frozenset[str] = frozenset()) -> dict[int, Mark]:
    """Between the headline and the text's first paragraph, the short lines that are no
    sentence: a date and time, a category, a reading time, share and print buttons, a photo's
    credit. Not a one-word line (a section's own label: "Introduction"), a byline or a name
    ("Writer: Jane Roe": extract takes the names from it), nor a line ending in a colon (a
    list's lead-in): those stay. A one-word line the page's breadcrumb trail names (crumbs: its
    crumbs) is the section's label, though: it goes."""
    start = h + 1 if h is not None else 0
    end = next((i for i in range(start, min(len(lines), start + HEADER_SPAN)) if body_like(lines[i].text)), None)
    if end is None:
        return {}
    byline_start = forms().byline_start
    return {i: Mark("generic:header-label", "page-header") for i in range(start, end)
            if (2 <= words(lines[i].text) < LABEL_WORDS or lines[i].text in crumbs or h is not None and i == start and dated_first(lines[i].text)) and not ends_sentence(lines[i].text) and not lines[i].text.endswith(":")
            and not byline_start.match(lines[i].text) and not is_name(lines[i].text.rsplit(":", 1)[-1].strip())}


DATED_LABEL_WORDS = 12  # a date line's words, at the most, with what follows it (a first sentence opening with a date is longer, and ends as one)


def dated_first(text: str) -> bool:
    """A line opening with its date right under the headline, with more after it than a label
    has (its author glued to "by", a comment link, the post's topics): the header's date line."""
    m = forms().date.search(text)
    return m is not None and m.start() == 0 and words(text) < DATED_LABEL_WORDS
