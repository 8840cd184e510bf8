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
    ET.SubElement(svg, "title", {"id": "timeline-title"}).text = (
        f"Timeline of {len(site.articles)} articles by publication date ({first}–{last - 1}), one row per overall position")
    ET.SubElement(svg, "rect", {"width": str(WIDTH), "height": str(height), "fill": "#ffffff"})
    for year in range(first, last + 1):
        ET.SubElement(svg, "line", {"x1": f"{x(year * 12):.1f}", "x2": f"{x(year * 12):.1f}", "y1": str(TOP - 10),
                                    "y2": str(height - 30), "stroke": "#999999", "stroke-width": "1"})
        if year < last:
            label = ET.SubElement(svg, "text", {"x": f"{x(year * 12 + 6):.1f}", "y": str(height - 12),
                                                "text-anchor": "middle", "fill": "#222222"})
            label.text = str(year)
    for lane, p in enumerate(positions):
        y = TOP + LANE * lane + LANE / 2
        label = ET.SubElement(svg, "text", {"x": str(LEFT - 10), "y": f"{y + 4:.1f}", "text-anchor": "end", "fill": "#222222"})
        label.text = p.name
        ET.SubElement(svg, "line", {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": f"{y:.1f}", "y2": f"{y:.1f}",
                                    "stroke": "#dddddd", "stroke-width": "1"})
        for a in sorted((a for a in site.articles if a.position == p.id), key=lambda a: a.slug):
            start, end = months(a.date)
            g = ET.SubElement(svg, "g")
            ET.SubElement(g, "title").text = f"{a.title} ({date_label(a.date.value)}, {p.name})"
            if a.date.earliest != a.date.latest:  # the date's uncertainty, drawn as a bar
                ET.SubElement(g, "rect", {"x": f"{x(start):.1f}", "y": f"{y - 2:.1f}", "width": f"{(end - start) * scale:.1f}",
                                          "height": "4", "fill": "#5c6bc0", "fill-opacity": "0.35"})
            ET.SubElement(g, "path", {"d": PATHS[p.shape], "fill": "#1a237e",
                                      "transform": f"translate({x((start + end) / 2):.1f},{y:.1f})"})
    if history:  # the proposals' history, a tick per step (a bar over an interval) in a row of its own
        y = TOP + LANE * len(positions) + LANE / 2
        ET.SubElement(svg, "text", {"x": str(LEFT - 10), "y": f"{y + 4:.1f}", "text-anchor": "end",
                                    "fill": "#222222"}).text = "Proposals"
        for p, o in history:
            start, end = months(o.date)
            g = ET.SubElement(svg, "g")
            ET.SubElement(g, "title").text = (f"{site.voc.origin_event(o.event).name} {o.by}: {p.name} "
                                              f"({date_label(o.date.value)})")
            if o.date.earliest != o.date.latest:
                ET.SubElement(g, "rect", {"x": f"{x(start):.1f}", "y": f"{y - 2:.1f}", "width": f"{(end - start) * scale:.1f}",
                                          "height": "4", "fill": "#6d4c41", "fill-opacity": "0.35"})
            middle = f"{x((start + end) / 2):.1f}"
            ET.SubElement(g, "line", {"x1": middle, "x2": middle, "y1": f"{y - 8:.1f}", "y2": f"{y + 8:.1f}",
                                      "stroke": "#3e2723", "stroke-width": "2"})
    ET.indent(svg)
    return ET.tostring(svg, encoding="utf-8", xml_declaration=True) + b"\n"
