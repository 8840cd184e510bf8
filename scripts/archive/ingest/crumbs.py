"""A breadcrumb trail's last crumb is the page's own title. A trail that opens with the site's home
(metadata-lines.yml site_home; after a label: "You are here: Home » ...") and ends with the line right
under it, or under a label or two ("Home Radtouren Berlin Radtour durch ...", "StartseiteNetzwerkWenn
das Netzwerk ...", "InicioMundo<headline>" over "Especial"), names that line the headline, whatever its
shape: a headline may be long, end with a full stop or read as a sentence, which the headline's other
evidence (headline.py, candidates.py) passes over. So does a trail of short crumbs left open by its
last separator ("RTL>news>"): the crumb it leaves open is the line under it. On the public set's tune
half, on every page agreeing on its headline where a trail names one (8 pages), that is the headline."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .furniture import words
from .metadata import forms
from ..core.article import Line

LABEL = re.compile(r"[^:]{1,30}:\s*")  # a trail's label before the home ("You are here: Home » ...", "Sie sind hier: Startseite > ...")
CRUMB_LINES = 40  # lines of the page's head where its trail may stand
LABELS = 2  # short lines between a trail and the line it ends with, at the most: a kicker, a section's name, a search box
LABEL_WORDS = 2  # words of such a label, at the most


def crumb_headline(lines: Sequence[Line], start: int = 0, stop: int | None = None, span: int = CRUMB_LINES) -> tuple[int, int] | None:
    """(the trail's index, the headline's) for the first trail of the head that names its headline;
    None without one. From start, for a headline above stop (titled.evidence: the first paragraph)."""
    home = forms().home
    stop = len(lines) if stop is None else stop
    for i in range(start, min(stop - 1, start + span)):
        text = lines[i].text
        if open_trail(text) and words(lines[i + 1].text) >= 2:
            return i, i + 1
        if forms().here.fullmatch(text) and (found := printed_again(lines, i + 1)) is not None:
            return i, found
        if not (home.match(text) or (label := LABEL.match(text)) and home.match(text, label.end())):
            continue
        for j in range(i + 1, min(stop, i + 2 + LABELS)):
            below = lines[j].text
            if words(below) >= 2 and len(text) > len(below) and text.endswith(below):
                return i, j
            if words(below) > LABEL_WORDS:
                break
    return None


HERE_CRUMBS = 8  # lines under a trail's label where its last crumb may stand
AGAIN = 3  # lines under the last crumb where the page prints it again as its headline


def printed_again(lines: Sequence[Line], start: int) -> int | None:
    """Under a trail's label on a line of its own ("Sie sind hier:"), the first crumb of two words or
    more the page prints again within AGAIN lines: the last, the page's own title over its headline."""
    texts = [line.text for line in lines[start:start + HERE_CRUMBS + AGAIN]]
    return next((start + k for k, text in enumerate(texts[:HERE_CRUMBS]) if words(text) >= 2 and text in texts[k + 1:k + 1 + AGAIN]), None)


def crumbs_above(page: Sequence[Line], number: int) -> frozenset[str]:
    """The crumbs of a trail among the page's lines right above the line numbered number (the
    headline), split by its separators ("Tonight News > Unterhaltung > Promis >"): the labels under
    the headline that name its section (under_headline.header_labels)."""
    at = next((i for i, line in enumerate(page) if line.number == number), 0)
    return frozenset(crumb for line in page[max(at - LABELS - 1, 0):at] if open_trail(line.text) or forms().home.match(line.text)
                     for crumb in forms().trail.split(line.text.strip()) if crumb)


CRUMB_WORDS = 3  # words of a crumb in a trail left open, at the most
CRUMB_CHARS = 40


def open_trail(text: str) -> bool:
    """A trail of two or more short crumbs, each closed by a separator (metadata-lines.yml
    trail_separators: "RTL>news>", "News › Politik ›"): the crumb it leaves open is the page's own
    title, printed on the line under it. Not "Spanien -> D.O. Montsant ->" (an arrow closes those
    crumbs), nor markup ("<a href>")."""
    found, text = forms(), text.strip()
    if not text.endswith(found.trail_ends):  # most lines: no split needed to say no
        return False
    parts = found.trail.split(text)
    return len(parts) >= 3 and parts[-1] == "" and all(
        1 <= words(p) <= CRUMB_WORDS and len(p) <= CRUMB_CHARS and p[:1].isalnum() and p[-1:].isalnum() for p in parts[:-1])
