"""Reading an article's editorial record, and the dates records and vocabularies carry."""
from __future__ import annotations

import re
from pathlib import Path

from ..core import dates
from .evidence import external
from .fields import URL, FieldReader
from ..core.article import ArgumentUse, Found, Record, SavedPage, Stance
from ..core.vocabulary import DateInfo, Vocabulary
from ..core.names import name_refused
from ..core.texts import normalise

DATE_FORMS = {"year": r"[0-9]{4}", "month": r"[0-9]{4}-[0-9]{2}", "day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}"}
DATE_EXAMPLES = {"year": "YYYY, e.g. '2025'", "month": "YYYY-MM, e.g. '2025-03'", "day": "YYYY-MM-DD, e.g. '2025-03-04'"}


# An article's summary: the editor's one line of what the article argues, shown in lists and
# search results beside the title, so it is short, one line, and words only.
SUMMARY_LONGEST = 200
MARKUP = re.compile(r"<[A-Za-z/!]|\]\(|`|\*\*|__")


def summary_problem(value: str) -> str | None:
    """What is wrong with a record's summary, or None."""
    if not normalise(value):
        return "has no visible text (only invisible characters); write one line of what the article argues, or leave it out"
    if "\n" in value.strip():
        return "must be one line (what the article argues, in a sentence), not several"
    if len(normalise(value)) > SUMMARY_LONGEST:
        return f"is {len(normalise(value))} characters long; at most {SUMMARY_LONGEST}: one line of what the article argues"
    if MARKUP.search(value):
        return "must be plain text: no HTML tags and no Markdown (links, emphasis, code); write the words only"
    return None


class RecordReader(FieldReader):
    def record(self, path: Path, voc: Vocabulary) -> Record | None:
        start = len(self.problems)
        data = self.fields(path, "", self.yaml(path), {
            "publisher": dict, "date": dict, "authors": list, "editor": str,
            "position": dict, "proposals": list, "arguments": list, "source": dict,
        }, {
            "title": (str, type(None)), "standfirst": (str, type(None)), "url": (str, type(None)),
            "url_basis": (str, type(None)), "authors_unknown": (str, type(None)), "draft": list,
            "found_at": dict,
            "region": dict,
            "summary": (str, type(None)),
        })
        if data is None:
            return None
        ok = True
        if data.get("draft"):
            self.problem(path, "draft", "this record is an unfinished draft; decide and fill in: "
                         + ", ".join(map(str, data["draft"][:20])) + " (then delete the draft list)")
            ok = False
        publisher = self.fields(path, "publisher", data["publisher"], {"id": str, "basis": str})
        if publisher and publisher["id"] not in {p.id for p in voc.publishers}:
            self.problem(path, "publisher.id", f"{publisher['id']!r} is unknown; known: {', '.join(p.id for p in voc.publishers)} (add new publishers to vocabularies/publishers.yml)")
            ok = False
        date = self.date(path, data["date"])
        url = data.get("url")
        if url is not None and not URL.fullmatch(url):
            self.problem(path, "url", f"{url!r} is not an http(s) address (spaces, quotes, <, >, {{, }}, |, \\, ^ and ` must be percent-encoded)")
            ok = False
        found = self.found_at(path, data["found_at"], url) if "found_at" in data else None
        if "found_at" in data and found is None:
            ok = False
        if url is None and not data.get("url_basis"):
            self.problem(path, "url_basis", "is required when url is unknown: say why it is unknown")
            ok = False
        authors = []
        for i, a in enumerate(data["authors"]):
            a = self.fields(path, f"authors[{i}]", a, {"name": str, "basis": str})
            if a is None:
                ok = False
            elif not any(c.isalnum() for c in a["name"]):
                self.problem(path, f"authors[{i}].name", "must contain a letter or digit")
                ok = False
            elif wrong := name_refused(normalise(a["name"])):
                self.problem(path, f"authors[{i}].name", wrong)
                ok = False
            else:
                authors.append((normalise(a["name"]), a["basis"]))
        if not data["authors"] and not data.get("authors_unknown"):
            self.problem(path, "authors_unknown", "is required when authors is empty: say why the author is unknown")
            ok = False
        positions = {p.id for p in voc.positions}
        position = self.fields(path, "position", data["position"], {"id": str, "basis": str})
        if position and position["id"] not in positions:
            self.problem(path, "position.id", f"{position['id']!r} is unknown; allowed: {', '.join(positions)}")
            ok = False
        stances = self.stances(path, data["proposals"], voc, data["editor"])
        arguments = self.argument_uses(path, data["arguments"], voc, {s.proposal for s in stances or ()})
        for key in ("title", "standfirst"):  # rendered and compared like article text: normalised
            if isinstance(data.get(key), str) and not normalise(data[key]):
                self.problem(path, key, "has no visible text (only invisible characters); write the text, or null")
                ok = False
        region = self.region(path, data["region"]) if "region" in data else None
        if "region" in data and region is None:
            ok = False
        if isinstance(data.get("summary"), str) and (wrong := summary_problem(data["summary"])):
            self.problem(path, "summary", wrong)
            ok = False
        source = self.fields(path, "source", data["source"], {"original_name": str, "sha256": str}, {"page": dict})
        if source and not re.fullmatch(r"[0-9a-f]{64}", source["sha256"]):
            self.problem(path, "source.sha256", "must be 64 lowercase hex digits (sha256sum of the raw file)")
            ok = False
        page = self.saved_page(path, source["page"]) if source and "page" in source else None
        if source and "page" in source and page is None:
            ok = False
        if not (ok and publisher and date and position and stances is not None and arguments is not None and source) \
                or len(self.problems) > start:
            return None
        return Record(
            self.name(path), *(normalise(data[k]) if data.get(k) else None for k in ("title", "standfirst")),
            url, data.get("url_basis"),
            publisher["id"], publisher["basis"], date, tuple(authors), data.get("authors_unknown"),
            data["editor"], position["id"], position["basis"], stances, arguments,
            source["original_name"], source["sha256"], found, region, page,
            summary=normalise(data["summary"]) if data.get("summary") else None,
        )

    def saved_page(self, path: Path, value) -> SavedPage | None:
        """source.page: the saved page the text was derived from (derive.py)."""
        from .derive import read_ranges
        d = self.fields(path, "source.page", value, {"file": str, "sha256": str, "extractor": str, "article_lines": str})
        if d is None:
            return None
        lines = read_ranges(d["article_lines"])
        if not lines:
            self.problem(path, "source.page.article_lines", f"{d['article_lines']!r} is not a list of odd line numbers and ranges such as \"5-31, 35\" (written by archive new: do not edit)")
            return None
        if not re.fullmatch(r"[0-9a-f]{64}", d["sha256"]):
            self.problem(path, "source.page.sha256", "must be 64 lowercase hex digits (sha256sum of the saved page)")
            return None
        return SavedPage(d["file"], d["sha256"], d["extractor"], lines)

    def found_at(self, path: Path, value: dict, url: str | None) -> Found | None:
        """An address the dump does not state, where an external search found the same text."""
        f = self.fields(path, "found_at", value, {"url": str, "date": str, "basis": str})
        if f is None:
            return None
        ok = True
        if url is not None:
            self.problem(path, "found_at", "is for an address the dump does not state; this record's url is known")
            ok = False
        if not URL.fullmatch(f["url"]):
            self.problem(path, "found_at.url", f"{f['url']!r} is not an http(s) address (spaces, quotes, <, >, {{, }}, |, \\, ^ and ` must be percent-encoded)")
            ok = False
        if wrong := dates.problem(f["date"]):
            self.problem(path, "found_at.date", f"{wrong} (when the search found it)")
            ok = False
        return Found(f["url"], f["date"], f["basis"]) if ok else None

    def region(self, path: Path, value: dict) -> tuple[int, int] | None:
        """The editor's reading of where the article stands: its first and last raw line
        (as `archive preview` numbers them), and why."""
        r = self.fields(path, "region", value, {"first": int, "last": int, "basis": str})
        if r is None:
            return None
        if not 1 <= r["first"] <= r["last"]:
            self.problem(path, "region", f"first ({r['first']!r}) and last ({r['last']!r}) must be raw line numbers, first at least 1 and not after last")
            return None
        return r["first"], r["last"]

    def date(self, path: Path, value, where: str = "date") -> DateInfo | None:
        """An EDTF date (dates.py) with its basis. `precision`, from older records, must agree."""
        d = self.fields(path, where, value, {"value": str, "basis": str}, {"precision": str, "sources": list})
        if d is None:
            return None
        sources = [external(self, path, f"{where}.sources[{i}]", v) for i, v in enumerate(d.get("sources", []))]
        if not all(sources):
            return None
        self.cited += [(path, f"{where}.sources[{i}]", s) for i, s in enumerate(sources)]
        if "precision" in d:
            form = DATE_FORMS.get(d["precision"])
            if form is None:
                self.problem(path, f"{where}.precision", f"{d['precision']!r} is not allowed; allowed: {', '.join(DATE_FORMS)}")
                return None
            if not re.fullmatch(form, d["value"]):
                self.problem(path, f"{where}.value", f"{d['value']!r} does not match precision {d['precision']} (write {DATE_EXAMPLES[d['precision']]}, quoted)")
                return None
        try:
            span = dates.bounded(d["value"])
        except dates.DateError as error:
            self.problem(path, f"{where}.value", str(error))
            return None
        return DateInfo(d["value"], span.precision, d["basis"], span.earliest, span.latest, tuple(sources))

    def stances(self, path: Path, entries: list, voc: Vocabulary, editor: str) -> tuple[Stance, ...] | None:
        known = {p.id for p in voc.proposals}
        positions = {p.id for p in voc.positions}
        stances, ok = [], True
        for i, e in enumerate(entries):
            e = self.fields(path, f"proposals[{i}]", e, {"id": str, "stance": str, "basis": str}, {"assigned_by": str})
            if e is None:
                ok = False
                continue
            if e["id"] not in known:
                self.problem(path, f"proposals[{i}].id", f"{e['id']!r} is not a known proposal; known: {', '.join(sorted(known))}")
                ok = False
            elif e["stance"] not in positions:
                self.problem(path, f"proposals[{i}].stance", f"{e['stance']!r} is unknown; allowed: {', '.join(positions)}")
                ok = False
            elif e["id"] in {s.proposal for s in stances}:
                self.problem(path, f"proposals[{i}].id", f"{e['id']!r} is listed twice")
                ok = False
            else:
                stances.append(Stance(e["id"], e["stance"], e["basis"], e.get("assigned_by", editor)))
        if not entries:
            self.problem(path, "proposals", "must list at least one proposal the article discusses")
            ok = False
        return tuple(stances) if ok else None

    def argument_uses(self, path: Path, entries: list, voc: Vocabulary, proposals: set[str]):
        known = {a.id for a in voc.arguments}
        voices = {v.id: v for v in voc.voices}
        uses, ok = [], True
        for i, e in enumerate(entries):
            e = self.fields(path, f"arguments[{i}]", e, {"id": str, "proposal": str, "quote": str},
                            {"voice": str, "speaker": str})
            voice = voices.get(e.get("voice", "own")) if e else None
            if e is None:
                ok = False
            elif voice is None:
                self.problem(path, f"arguments[{i}].voice", f"{e['voice']!r} is unknown; allowed: {', '.join(voices)}")
                ok = False
            elif voice.needs_speaker and "speaker" not in e:
                self.problem(path, f"arguments[{i}].speaker", f"is required when the voice is {voice.id}: say whose view it is (e.g. \"Russian officials\", \"proponents\")")
                ok = False
            elif not voice.needs_speaker and "speaker" in e:
                self.problem(path, f"arguments[{i}].speaker", f"is only for a view that is not the author's own; the voice is {voice.id}")
                ok = False
            elif e["id"] not in known:
                self.problem(path, f"arguments[{i}].id", f"{e['id']!r} is not a known argument; known: {', '.join(sorted(known))}")
                ok = False
            elif e["proposal"] not in proposals:
                self.problem(path, f"arguments[{i}].proposal", f"{e['proposal']!r} is not among this record's proposals ({', '.join(sorted(proposals))})")
                ok = False
            else:
                uses.append(ArgumentUse(e["id"], e["proposal"], normalise(e["quote"]), voice.id, e.get("speaker")))
        return tuple(uses) if ok else None
