"""The Atom feed (feed.xml) of the newest articles, written with the standard library's XML
writer, so source text is escaped by the serialiser."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..site.structure import Site, article_path, date_label, href
from .licence import LICENCE_URL, statement

FEED = "feed.xml"  # at the site's root
FEED_ENTRIES = 50  # a feed carries the newest articles; the dataset has them all
ATOM = "http://www.w3.org/2005/Atom"


def feed(site: Site) -> bytes:
    """An Atom feed of the newest articles. Atom needs a full timestamp: a date known only to the
    month or year is given as the first day of that period, and the entry says so."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = site.voc.title
    ET.SubElement(root, f"{{{ATOM}}}id").text = "tag:argument-archive,2026:feed"
    ET.SubElement(root, f"{{{ATOM}}}link", {"href": "index.html"})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": FEED})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "license", "href": LICENCE_URL})  # RFC 4946
    ET.SubElement(root, f"{{{ATOM}}}rights").text = statement(site.voc.title)
    newest = site.articles[:FEED_ENTRIES]
    ET.SubElement(root, f"{{{ATOM}}}updated").text = stamp(newest[0].date) if newest else "2022-01-01T00:00:00Z"
    for a in newest:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = a.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:argument-archive,2026:articles/{a.slug}"
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": href(article_path(a.slug), FEED)})
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp(a.date)
        for x in a.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = x.name
        if not a.authors:
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "Unknown author"
        precision = "" if a.date.earliest == a.date.latest else f" (published {date_label(a.date.value)}; the exact day is not known)"
        # Atom allows one summary: the editor's line of what the article argues where the record
        # has one, with the publisher's standfirst kept as the entry's content; else the standfirst.
        summary = (a.summary or a.standfirst or "") + precision
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary.strip()
        if a.summary and a.standfirst:
            ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "text"}).text = a.standfirst
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": a.position, "label": site.position_name(a.position)})
        owners = " and ".join(filter(None, (", ".join(x.name for x in a.authors) or "its authors",
                                            site.voc.publisher(a.publisher).name)))
        ET.SubElement(entry, f"{{{ATOM}}}rights").text = (
            f"The article's title and standfirst are the copyright of {owners}, reproduced here for research and reference.")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def stamp(date) -> str:
    """Atom needs one timestamp: the earliest day the date allows (the entry's summary says
    when that is not the known day)."""
    return f"{date.earliest.isoformat()}T00:00:00Z"
