"""The text of a drafted record: every field an editor decides, with what the normaliser
found (marked UNCERTAIN, with its line), placeholders starting with `DECIDE:` (which never
validate) where it found nothing, and the hints that help decide. The `draft:` list names
the fields still to decide, so `archive build` refuses the record until they are.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .hints import addresses, agreeing_day, proposals_mentioned, snippet
from ..ingest.pagemeta import Fact
from ..ingest.metadata import names, using
from ..core.article import RawArticle
from ..core.vocabulary import Vocabulary
from ..ingest.read import PLACEHOLDER
from ..core.texts import terminal

YAML_PRINTABLE = re.compile("[^\x09\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Draft:
    text: str  # the record, as written to <slug>.yml
    todo: tuple[str, ...]  # the fields still to decide
    mentioned: tuple[tuple[str, list[str]], ...]  # proposals whose aliases occur: (id, aliases)


def draft_record(seen, voc: Vocabulary, path: Path, raw: RawArticle, slug: str | None = None) -> Draft:
    """`seen`: the preview.Preview of the raw file; `slug`: the article's (names a saved page's file)."""
    publisher, publisher_notes, found, title = seen.publisher, list(seen.publisher_notes), seen.found, seen.title
    todo: list[str] = []
    blocks: list[str] = [
        f"# Drafted by `archive new` from {comment_text(path.name)} on {datetime.date.today().isoformat()}.",
        "# Every value starting with DECIDE: is a placeholder that fails validation, and `draft:`",
        "# lists the fields still to decide. Fill them in, delete the draft list, run `archive build`.",
        "# Values marked UNCERTAIN were extracted automatically: check them against the text.",
        "",
    ]
    add = blocks.append
    facts = seen.page.facts if seen.page else None
    if facts and not facts.headline_stated:
        todo.append("title")
        # Its <title> is the site's name, or a title with the site's name added: a hint, no claim.
        add(block("title", f"{PLACEHOLDER} the article's title (the page states no headline)",
                  ["The page states no headline (no <h1>, og:title or JSON-LD headline): no title is claimed.",
                   *([f"Its <title> reads {facts.title.value!r}."] if facts.title else []),
                   *([f"Line {title.number} reads {title.text!r}."] if title else [])]))
    elif facts and facts.title:
        add(block("title", facts.title.value, [f"UNCERTAIN: from {facts.title.basis}; check it against the page."]))
    elif title:
        add(block("title", title.text, [f"UNCERTAIN: extracted from line {title.number}. Set it to null to use the extracted title."]))
    else:
        todo.append("title")
        hint = unclaimed_title(seen)
        add(block("title", f"{PLACEHOLDER} the article's title (no title line was {'claimed' if hint else 'found'})", hint))
    printed = facts and facts.standfirst and any(x.text == facts.standfirst.value for x in seen.raw.lines)
    if printed:
        add(block("standfirst", facts.standfirst.value, [f"UNCERTAIN: from {facts.standfirst.basis}, which the page prints too."]))
    elif found.standfirst:
        add(block("standfirst", found.standfirst.text, [f"UNCERTAIN: extracted from line {found.standfirst.number}; null if the article has none."]))
    else:
        add(block("standfirst", None, ["No standfirst found; write one only if the article has one."]))

    urls = addresses(raw)
    if facts and facts.url:
        add(block("url", facts.url.value, ["UNCERTAIN: the address the saved page states for itself."]))
        add(block("url_basis", f"From {facts.url.basis}."))
    else:
        todo.append("url")
        add(block("url", None, ["The page's address (https://...), or null with url_basis saying why it is unknown."]
                        + ([f"Addresses in the text: " + "; ".join(f"{u} (line {n})" for u, n in urls[:5])] if urls else ["No address appears in the text."])))
        add(block("url_basis", f"{PLACEHOLDER} why the address is unknown, or null when url is set"))

    named = facts.publisher if facts else None
    known = next((p for p in voc.publishers if named and p.name.casefold() == named.value.casefold()), None)
    if known:
        add(block("publisher", {"id": known.id, "basis": f"{named.basis}: {named.value!r}"},
                  ["UNCERTAIN: the page's metadata names this publisher; check it."]))
    elif named:
        todo.append("publisher")
        entry = new_publisher(named)
        add(block("publisher", {"id": entry["id"], "basis": f"{named.basis}: {named.value!r}"},
                  [f"{named.value!r} is not yet in vocabularies/publishers.yml. A ready entry to add there",
                   "(write its description, check the rest):"]
                  + [f"  {line}" for line in yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000).splitlines()]))
    elif publisher:
        add(block("publisher", {"id": publisher, "basis": publisher_notes[0]},
                  ["UNCERTAIN: detected by the publisher's boilerplate profile; check it."]))
    else:
        todo.append("publisher")
        known = ", ".join(p.id for p in voc.publishers)
        add(block("publisher", {"id": f"{PLACEHOLDER} one of {known} (or add one to vocabularies/publishers.yml)",
                                "basis": f"{PLACEHOLDER} quote what in the text identifies the publisher"},
                  publisher_notes or ["No publisher's boilerplate was recognised."]))

    hints = seen.date_hints
    lifted = seen.metadata()
    with using(voc.extraction.metadata_forms):  # a date line's names, as this archive's date lines are written
        named = {x.number for field, x in lifted if field == "date" and names(x.text)}
    moved = lambda *fields: [f"  line {x.number} ({field}): {snippet(x.text)}" for field, x in lifted
                             if field in fields or "authors" in fields and x.number in named and field == "date"]
    stated = facts.date if facts else None
    agreeing = None if stated else agreeing_day(raw.lines, voc.extraction.month_names)
    if agreeing:
        value, written = agreeing
        stated = Fact(value, "The text states it in forms that agree: " + "; ".join(f"{form!r} (line {n})" for form, n in written) + ".")
    if stated:
        add(block("date", {"value": stated.value, "basis": stated.basis},
                  ["UNCERTAIN: the publication date the page states; check it against the page."]
                  + ([f"Dates found in the text: " + ", ".join(f"{v} (line {n})" for v, _, n, _ in hints)] if hints else [])))
    else:
        todo.append("date")
        add(block("date", {"value": f"{PLACEHOLDER} an EDTF date, quoted: a day '2025-03-04', month '2025-03', year '2025', "
                                    "interval '2025-11-23/2026-02' (between two dates), '2025-08~' (about) or '2025?' (uncertain)",
                           "basis": f"{PLACEHOLDER} where the date comes from; mark outside knowledge and external evidence as such"},
                  (["Date lines and datelines moved out of the text (a site's own today's-date widget is not among them):"]
                   + moved("date", "dateline") if moved("date", "dateline") else [])
                  + (["Dates found in the text (hints only; none was chosen):"]
                     + [f"  {value} ({precision}): line {n}: {snippet(text)}" for value, precision, n, text in hints]
                     if hints else ["No date was found in the text."])))

    credit = seen.authors
    named = moved("authors", "bio", "format")
    named = ["Lines moved out of the text that may name them:"] + named if named else []
    if facts and facts.authors:
        add(block("authors", [{"name": n, "basis": facts.authors.basis} for n in facts.authors.value],
                  ["UNCERTAIN: the authors the saved page's metadata names; check them."] + named))
        add(block("authors_unknown", None))
    elif credit:
        add(block("authors", [{"name": n, "basis": credit.basis} for n in credit.names],
                  [f"UNCERTAIN: names drafted from line {credit.line.number} ({credit.form.lower()}); check them."] + named))
        add(block("authors_unknown", None))
    else:
        todo.append("authors")
        add(block("authors", [], ["No byline was found. List authors as - {name: ..., basis: ...}, or say why unknown below."] + named))
        add(block("authors_unknown", f"{PLACEHOLDER} why the author is unknown, or null when authors are listed"))

    todo.append("editor")
    add(block("editor", f"{PLACEHOLDER} who classified this article, and when (e.g. \"Jane Roe, May 2026\")"))
    positions = ", ".join(p.id for p in voc.positions)
    todo.append("position")
    add(block("position", {"id": f"{PLACEHOLDER} one of {positions}",
                           "basis": f"{PLACEHOLDER} quote the sentence that shows the article's overall position"}))

    mentioned = proposals_mentioned(voc, found)
    todo.append("proposals")
    add(block("proposals", [{"id": pid, "stance": f"{PLACEHOLDER} one of {positions}",
                             "basis": f"{PLACEHOLDER} quote the sentence that shows the stance"} for pid, _ in mentioned],
              ["Proposals whose aliases occur in the text (remove those the article does not discuss):"]
              + [f"  {pid}: {', '.join(repr(a) for a in aliases)}" for pid, aliases in mentioned]
              if mentioned else ["No proposal's aliases occur in the text: add the proposals it discusses",
                                 f"(known: {', '.join(p.id for p in voc.proposals)})."]))
    found_ids = {pid for pid, _ in mentioned}
    fitting = [a for a in voc.arguments if found_ids & {*a.used_for, *a.used_against}]
    add(block("arguments", [], ["3 to 8 arguments, each - {id: <argument id>, proposal: <proposal id>, voice: own, quote: <verbatim passage of one paragraph>}",
                                "voice: own (the author's argument), reported, conceded or rebutted (then add speaker: whose view it is)"]
              + (["Arguments known for the proposals found (vocabularies/arguments.yml):"]
                 + [f"  {a.id}: {snippet(a.claim, 70)}" + "".join(f"; {side} {', '.join(p for p in ids if p in found_ids)}"
                                                               for side, ids in (("against", a.used_against), ("for", a.used_for)) if found_ids & set(ids))
                    for a in fitting] if fitting else [])))
    derived = seen.page.derivation if seen.page else None
    if derived:
        import hashlib
        from ..ingest.derive import ranges
        add(block("source", {"original_name": terminal(path.name), "sha256": raw.sha256,
                             "page": {"file": f"{slug or path.stem}.html", "sha256": hashlib.sha256(seen.page.data).hexdigest(),
                                      "extractor": derived.extractor, "article_lines": ranges(derived.article)}},
                  ["The saved page's original name; the SHA-256 of the text derived from it (the .txt);",
                   "the page kept byte for byte, the extractor that derived the text and the lines it keeps",
                   "as the article (the rest is recorded as removed): do not edit."]))
    else:
        # The name as it can be shown: the article page prints it, and a control or bidi character
        # in a file's name would break or reverse that line (written as escapes, \x1b, \u202e).
        add(block("source", {"original_name": terminal(path.name), "sha256": raw.sha256}, ["The raw file's original name and SHA-256: do not edit."]))
    add(block("draft", todo, ["Delete this list once every field above is decided."]))
    text = "\n".join(blocks) + "\n"
    assert yaml.safe_load(text)["source"]["sha256"] == raw.sha256
    return Draft(text, tuple(todo), tuple(mentioned))


def new_publisher(named) -> dict:
    """A ready vocabularies/publishers.yml entry for a publisher the archive does not know yet."""
    slug = make_slug(named.value, Path("publisher"), "")
    return {"id": slug, "name": named.value, "description": f"{PLACEHOLDER} what the publisher is (one sentence)",
            "basis": f"{named.basis[0].upper()}{named.basis[1:]}: {named.value!r}."}


def make_slug(title: str, path: Path, sha256: str) -> str:
    for source in (title, path.stem):
        ascii_text = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
        words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
        slug = ""
        for word in words:
            if len(slug) + len(word) + 1 > 60:
                break
            slug = f"{slug}-{word}" if slug else word
        if slug:
            return slug[:60].strip("-")
    return f"article-{sha256[:8]}"


def drafted_title(facts, title) -> str | None:
    """The title the draft claims: the page's own metadata first, else the text's title line;
    none for a saved page that states no headline (its <title> is only given as a hint)."""
    if facts and not facts.headline_stated:
        return None
    return facts.title.value if facts and facts.title else title.text if title else None


def unclaimed_title(seen) -> list[str]:
    """The page header's last headline-shaped line (ingest/headline.py leaves one unclaimed
    when the text takes up too few of its words): a hint, not a claim."""
    from ..ingest.headline import headline_like
    header = [r for r in seen.removals if r.rule == "generic:above-headline" and headline_like(r.text, False)]
    return [f"Line {header[-1].line} reads {header[-1].text!r}: shaped like a headline, but the text takes up too few"
            " of its words to claim it."] if header else []


def block(key: str, value, notes: list[str] = ()) -> str:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return "\n".join([*(f"# {comment_text(n)}" for n in notes), dumped.rstrip("\n")])


def comment_text(text: str) -> str:
    """Any text, safe on one YAML comment line (no line breaks, nothing YAML refuses)."""
    text = re.sub(r"[\r\n\x85\u2028\u2029]+", " ", text)
    return YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


