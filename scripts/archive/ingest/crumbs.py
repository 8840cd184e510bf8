"""A breadcrumb trail's last crumb is the page's own title. A trail that opens with the site's home
(metadata-lines.yml site_home) and ends with the line right under it ("Home Radtouren Berlin Radtour
durch ...", "StartseiteNetzwerkWenn das Netzwerk ...") names that line the headline, whatever its shape:
a headline may be long, end with a full stop or read as a sentence, which the headline's other evidence
(headline.py, candidates.py) passes over. On the public set's tune half every such pair (8 on 8 pages)
is the page's agreed headline under its trail."""
from __future__ import annotations

from .furniture import words
from .metadata import forms
from ..core.article import Line

CRUMB_LINES = 40  # lines of the page's head where its trail may stand


def crumb_headline(lines: list[Line]) -> int | None:
    """The line a trail opening with the site's home ends with, right under it; None without one."""
    home = forms().home
    for i in range(min(len(lines) - 1, CRUMB_LINES)):
        text, below = lines[i].text, lines[i + 1].text
        if words(below) >= 2 and len(text) > len(below) and text.endswith(below) and home.match(text):
            return i + 1
    return None
