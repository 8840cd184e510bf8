"""Reading the vocabularies (positions, publishers, voices, origins, proposals, arguments) and the
site's settings; the text-cleaning rules are read by boilerplate.py."""
from __future__ import annotations

from pathlib import Path

from ..core import dates
from ..core.names import INDEX, slugify
from .evidence import disagreements, external
from .fields import SLUG, URL
from ..core.vocabulary import (Argument, Evidence, Origin, OriginEvent, Position, Proposal, Publisher, Variant, Voice,
                               Vocabulary)
from ..core.texts import normalise
from .boilerplate import BoilerplateReader

SHAPES = ("triangle-up", "diamond", "square", "triangle-down", "cross")  # drawn by pages/timeline_svg.py
SHORT_LABEL = 20  # characters in a proposal's short label: a stance matrix column stays narrow


class VocabularyReader(BoilerplateReader):
    def vocabulary(self, sources: Path) -> Vocabulary:
        voc = sources / "vocabularies"
        positions = []
        path = voc / "positions.yml"
        for e in self.items(path, self.yaml(path), {"id": str, "name": str, "definition": str, "order": int,
                                                    "symbol": str, "shape": str}):
            if e["shape"] not in SHAPES:
                self.problem(path, f"{e['id']}.shape", f"{e['shape']!r} is not a timeline shape; allowed: {', '.join(SHAPES)}")
            positions.append(Position(e["id"], e["name"], e["definition"], e["order"], e["symbol"], e["shape"]))
        publishers = [
            Publisher(e["id"], e["name"], e["description"], e["basis"])
            for e in self.items(voc / "publishers.yml", self.yaml(voc / "publishers.yml"),
                                {"id": str, "name": str, "description": str, "basis": str})
        ]
        path = voc / "voices.yml"
        voices = [Voice(e["id"], e["name"], e["definition"], e["authors_own"], e["needs_speaker"])
                  for e in self.items(path, self.yaml(path), {"id": str, "name": str, "definition": str,
                                                               "authors_own": bool, "needs_speaker": bool})]
        path = voc / "origins.yml"
        events = [OriginEvent(e["id"], e["name"], e["definition"], e["symbol"])
                  for e in self.items(path, self.yaml(path), {"id": str, "name": str, "definition": str, "symbol": str})]
        proposals = []
        path = voc / "proposals.yml"
        for e in self.items(path, self.yaml(path), {
            "id": str, "name": str, "kind": str, "description": str, "floated_by": (str, type(None)),
            "floated_when": (str, type(None)), "floated_basis": str, "aliases": list, "variants": list,
        }, {"origins": list, "short": str}):
            if e["kind"] not in ("deployment", "alternative"):
                self.problem(path, f"{e['id']}.kind", f"is {e['kind']!r}; allowed: deployment, alternative")
            if e["floated_when"] is not None and (wrong := dates.problem(e["floated_when"])):
                self.problem(path, f"{e['id']}.floated_when", f"{wrong}; or null when unknown")
                continue
            if not self.strings(path, f"{e['id']}.aliases", e["aliases"]):
                continue
            if len(e.get("short") or "") > SHORT_LABEL:
                self.problem(path, f"{e['id']}.short", f"is {len(e['short'])} characters; allowed: at most {SHORT_LABEL}")
                continue
            variants = [self.fields(path, f"{e['id']}.variants[{j}]", v, {"name": str, "description": str})
                        for j, v in enumerate(e["variants"])]
            proposals.append(Proposal(
                e["id"], e["name"], e["kind"], e["description"], e["floated_by"], e["floated_when"],
                e["floated_basis"], tuple(a.lower() for a in e["aliases"]),
                tuple(Variant(v["name"], v["description"]) for v in variants if v),
                self.origins(path, e["id"], e.get("origins", []), {x.id for x in events}), e.get("short"),
            ))
        disagreements(self, self.cited)
        self.cited_by_vocabularies = len(self.cited)
        path = voc / "arguments.yml"
        arguments = [
            Argument(e["id"], e["claim"], e["description"], tuple(e["used_against"]), tuple(e["used_for"]))
            for e in self.items(path, self.yaml(path), {
                "id": str, "claim": str, "description": str, "used_against": list, "used_for": list})
            if all([self.strings(path, f"{e['id']}.{key}", e[key], "proposal ids") for key in ("used_against", "used_for")])
        ]
        known = {p.id for p in proposals}
        for a in arguments:
            for key in ("used_against", "used_for"):
                for pid in getattr(a, key):
                    if pid not in known:
                        self.problem(path, f"{a.id}.{key}", f"names unknown proposal {pid!r}; known: {', '.join(sorted(known))}")
        self.tag_pages(voc, positions, proposals)
        generic, extraction = self.generic_rules(sources / "boilerplate" / "generic.yml")
        profiles = self.profiles(sources / "boilerplate", {p.id for p in publishers}, extraction.metadata_forms)
        return Vocabulary(tuple(sorted(positions, key=lambda p: p.order)), tuple(publishers),
                          tuple(proposals), tuple(arguments), generic, profiles, extraction,
                          tuple(voices), tuple(events), *self.site(sources / "site.yml"))

    def site(self, path: Path) -> tuple[str, str]:
        """The archive's title (sources/site.yml): what the dataset, the feed, the licence and the
        citations call it; and its address, where it is published, if it states one (citations
        then give each page's full address). "" once reported."""
        site = self.fields(path, "", self.yaml(path), {"title": str}, {"address": str})
        if not site:
            return "", ""
        address = site.get("address", "")
        if address and not (URL.fullmatch(address) and address.endswith("/")):
            self.problem(path, "address", f"{address!r} is not the address of a web folder; allowed: an http(s) "
                         "address ending in '/', where the archive's index.html is published (https://example.org/archive/)")
            address = ""
        return normalise(site["title"]), address

    def origins(self, path: Path, proposal: str, entries: list, events: set[str]) -> tuple[Origin, ...]:
        """A proposal's history: each step with who, an EDTF date and at least one piece of evidence."""
        origins = []
        for j, o in enumerate(entries):
            where = f"{proposal}.origins[{j}]"
            o = self.fields(path, where, o, {"event": str, "by": str, "date": dict, "basis": list}, {"note": str})
            if o is None:
                continue
            if o["event"] not in events:
                self.problem(path, f"{where}.event", f"{o['event']!r} is unknown; allowed: {', '.join(sorted(events))}")
                continue
            if not o["basis"]:
                self.problem(path, f"{where}.basis", "is empty; an origin needs evidence: {article: <slug>, quote: \"<verbatim>\"} or {external: {publisher, title, date, url, quote}}")
                continue
            basis = [self.evidence(path, f"{where}.basis[{k}]", b) for k, b in enumerate(o["basis"])]
            date = self.date(path, o["date"], f"{where}.date")
            if date and all(basis):
                origins.append(Origin(o["event"], o["by"], date, tuple(basis), o.get("note")))
        return tuple(origins)

    def evidence(self, path: Path, where: str, item) -> Evidence | None:
        if isinstance(item, dict) and "external" in item:
            e = self.fields(path, where, item, {"external": (dict, str)})
            source = e and external(self, path, f"{where}.external", e["external"])
            if source:
                self.cited.append((path, f"{where}.external", source))
            return source and Evidence(external=source)
        e = self.fields(path, where, item, {"article": str, "quote": str})
        if e and not SLUG.fullmatch(e["article"]):
            self.problem(path, f"{where}.article", f"{e['article']!r} must be an article's slug (lowercase letters, digits and hyphens)")
            return None
        return e and Evidence(article=e["article"], quote=normalise(e["quote"]))

    def tag_pages(self, folder: Path, positions: list[Position], proposals: list[Proposal]) -> None:
        """Every position and proposal is a tag, whose page is named after its name's slug:
        each needs a page of its own, and none may be the list of tags."""
        pages: dict[str, str] = {}
        for file, what, entries in (("positions.yml", "position", positions), ("proposals.yml", "proposal", proposals)):
            for e in entries:
                slug, where = slugify(e.name), f"{e.id}.name"
                if not slug or slug == INDEX:
                    page = "tags/.md" if not slug else f"tags/{INDEX}.md, the list of tags"
                    self.problem(folder / file, where, f"{e.name!r} would have the tag page {page}; name it in words (Latin letters or digits, or a script slugs transliterate)")
                elif slug in pages:
                    self.problem(folder / file, where, f"{e.name!r} would have the tag page tags/{slug}.md, as {pages[slug]} has; name it differently")
                else:
                    pages[slug] = f"the {what} {e.name!r}"
