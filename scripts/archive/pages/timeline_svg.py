"""The timeline drawing (timeline.svg): one row per overall position, an article a mark at its
date (a bar over an uncertain date), and a row of the proposals' history. Built with the standard
library's XML writer, so source text is escaped by the serialiser."""
from __future__ import annotations

import calendar
import xml.etree.ElementTree as ET

from ..site.structure import Site, date_label

LANE = 34
LEFT, RIGHT, TOP = 120, 20, 30
WIDTH = 900
PATHS = {  # the marker of each timeline shape named in positions.yml
    "triangle-up": "M0,-7 L7,6 L-7,6 Z",
    "diamond": "M0,-7 L7,0 L0,7 L-7,0 Z",
    "square": "M-6,-6 L6,-6 L6,6 L-6,6 Z",
    "triangle-down": "M-7,-6 L7,-6 L0,7 Z",
    "cross": "M-7,-2 L-2,-2 L-2,-7 L2,-7 L2,-2 L7,-2 L7,2 L2,2 L2,7 L-2,7 L-2,2 L-7,2 Z",
}


def months(date) -> tuple[float, float]:
    """The span a date stands for, in months since year 0, from its earliest day to the end of
    its latest: a year-only date spans its year, an interval its whole interval."""
    def at(day, end: bool = False) -> float:
        return day.year * 12 + day.month - 1 + (day.day - (0 if end else 1)) / calendar.monthrange(day.year, day.month)[1]
    return at(date.earliest), at(date.latest, end=True)


def origins_within(site: Site, first: int, last: int) -> list[tuple]:
    """(proposal, origin) for each step of a proposal's history inside the years drawn."""
    return [(p, o) for p in site.voc.proposals for o in p.origins
            if o.date.earliest.year >= first and o.date.latest.year < last]


def timeline_svg(site: Site) -> bytes:
    positions = site.voc.positions
    first = min((a.date.earliest.year for a in site.articles), default=2022)
    last = max((a.date.latest.year for a in site.articles), default=2022) + 1
    history = origins_within(site, first, last)
    height = TOP + LANE * (len(positions) + bool(history)) + 40
    scale = (WIDTH - LEFT - RIGHT) / ((last - first) * 12)
    x = lambda m: LEFT + (m - first * 12) * scale
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {WIDTH} {height}",
                             "width": str(WIDTH), "height": str(height), "role": "img",
                             "aria-labelledby": "timeline-title", "font-family": "sans-serif", "font-size": "12"})
    # The drawing is written a child of <svg> at a time, each as ET.indent() and ET.tostring() write
    # it inside the whole: an article's mark is kept (Marks) and only a changed one drawn again.
    children: list[bytes] = []

    def add(element: ET.Element) -> ET.Element:
        ET.indent(element, level=1)
        children.append(ET.tostring(element, encoding="utf-8"))
        return element
    children.append(serialised(ET.Element("title", {"id": "timeline-title"}),
                               f"Timeline of {len(site.articles)} articles by publication date ({first}–{last - 1}), one row per overall position"))
    add(ET.Element("rect", {"width": str(WIDTH), "height": str(height), "fill": "#ffffff"}))
    for year in range(first, last + 1):
        add(ET.Element("line", {"x1": f"{x(year * 12):.1f}", "x2": f"{x(year * 12):.1f}", "y1": str(TOP - 10),
                                "y2": str(height - 30), "stroke": "#999999", "stroke-width": "1"}))
        if year < last:
            children.append(serialised(ET.Element("text", {"x": f"{x(year * 12 + 6):.1f}", "y": str(height - 12),
                                                          "text-anchor": "middle", "fill": "#222222"}), str(year)))
    marks = Marks(site)
    for lane, p in enumerate(positions):
        y = TOP + LANE * lane + LANE / 2
        children.append(serialised(ET.Element("text", {"x": str(LEFT - 10), "y": f"{y + 4:.1f}", "text-anchor": "end",
                                                      "fill": "#222222"}), p.name))
        add(ET.Element("line", {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": f"{y:.1f}", "y2": f"{y:.1f}",
                                "stroke": "#dddddd", "stroke-width": "1"}))
        for a in sorted((a for a in site.articles if a.position == p.id), key=lambda a: a.slug):
            children.append(marks.mark(a, p, y, x, scale, (first, last)))
    marks.drawn(children)
    if history:  # the proposals' history, a tick per step (a bar over an interval) in a row of its own
        y = TOP + LANE * len(positions) + LANE / 2
        children.append(serialised(ET.Element("text", {"x": str(LEFT - 10), "y": f"{y + 4:.1f}", "text-anchor": "end",
                                                      "fill": "#222222"}), "Proposals"))
        for p, o in history:
            start, end = months(o.date)
            g = ET.Element("g")
            ET.SubElement(g, "title").text = (f"{site.voc.origin_event(o.event).name} {o.by}: {p.name} "
                                              f"({date_label(o.date.value)})")
            if o.date.earliest != o.date.latest:
                ET.SubElement(g, "rect", {"x": f"{x(start):.1f}", "y": f"{y - 2:.1f}", "width": f"{(end - start) * scale:.1f}",
                                          "height": "4", "fill": "#6d4c41", "fill-opacity": "0.35"})
            middle = f"{x((start + end) / 2):.1f}"
            ET.SubElement(g, "line", {"x1": middle, "x2": middle, "y1": f"{y - 8:.1f}", "y2": f"{y + 8:.1f}",
                                      "stroke": "#3e2723", "stroke-width": "2"})
            add(g)
    head = ET.tostring(svg, encoding="utf-8", xml_declaration=True, short_empty_elements=False)
    return head.removesuffix(b"</svg>") + b"".join(b"\n  " + child for child in children) + b"\n</svg>\n"


def serialised(element: ET.Element, text: str) -> bytes:
    """An element holding only `text` (escaped by the serialiser), as a child of <svg>."""
    element.text = text
    return ET.tostring(element, encoding="utf-8")


class Marks:
    """Each article's mark (its <g>), drawn once: kept together in the build's cache by what it
    is drawn from (its title, date and position, its row and the years drawn), so a new title
    draws its own mark again, not the other 1,000."""

    def __init__(self, site: Site):
        self.store = site.cache
        self.key = self.store and self.store.hashed(["timeline-svg-marks"])
        found = self.store and self.store.get("timeline-svg", self.key)
        self.kept = found if isinstance(found, dict) else {}
        self.made: dict[str, bytes] = {}
        self.new: dict[str, ET.Element] = {}

    def mark(self, a, p, y: float, x, scale: float, years: tuple) -> bytes | str:
        """The mark as written, or the name it is drawn under by drawn()."""
        name = repr((a.title, a.date.value, p.name, p.shape, y, years))
        if (drawn := self.kept.get(name)) is not None:
            self.made[name] = drawn
            return drawn
        start, end = months(a.date)
        g = self.new[name] = ET.Element("g")
        ET.SubElement(g, "title").text = f"{a.title} ({date_label(a.date.value)}, {p.name})"
        if a.date.earliest != a.date.latest:  # the date's uncertainty, drawn as a bar
            ET.SubElement(g, "rect", {"x": f"{x(start):.1f}", "y": f"{y - 2:.1f}", "width": f"{(end - start) * scale:.1f}",
                                      "height": "4", "fill": "#5c6bc0", "fill-opacity": "0.35"})
        ET.SubElement(g, "path", {"d": PATHS[p.shape], "fill": "#1a237e",
                                  "transform": f"translate({x((start + end) / 2):.1f},{y:.1f})"})
        return name

    def drawn(self, children: list) -> None:
        """The marks not kept written at once (a call of ET.tostring() each took three times as
        long as the whole drawing) into `children`, in place of their names; kept for the next build."""
        if self.new:
            holder = ET.Element("svg")
            holder.extend(self.new.values())
            ET.indent(holder)  # each <g> as inside the drawing: a child of <svg>
            # Cut between the marks: a "<" in a title is written "&lt;", so "</g>" ends a mark.
            written = ET.tostring(holder, encoding="utf-8").removeprefix(b"<svg>\n  ").removesuffix(b"\n</svg>")
            self.made.update(zip(self.new, (g + b"</g>" for g in written.removesuffix(b"</g>").split(b"</g>\n  "))))
            for i, child in enumerate(children):
                if type(child) is str:
                    children[i] = self.made[child]
        if self.store is not None and self.made != self.kept:
            self.store.put("timeline-svg", self.key, self.made)
