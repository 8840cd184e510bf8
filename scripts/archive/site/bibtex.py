"""BibTeX (biblatex) of an article, from the same CSL-JSON item as its Chicago and APA entries
(citations.py). BibTeX has no library that escapes for it, so the escaping is here, in one place."""
from __future__ import annotations

import re


def bibtex_escape(value: str) -> str:
    out = []
    for c in value:
        if c in "{}%&$#_":
            out.append("\\" + c)
        elif c == "\\":
            out.append("\\textbackslash{}")
        elif c in "^~":
            out.append(f"\\{c}{{}}")
        else:
            out.append(c)
    return "".join(out)


def bibtex_name(person: dict) -> str:
    """One author for BibTeX's author list, from the CSL name (csl.person splits it):
    escaped, with "and" inside the name braced (BibTeX splits the list at every top-level
    "and"), and a name that has a comma of its own braced whole (BibTeX would read the comma as
    "Last, First")."""
    name = person.get("literal") or f"{person['given']} {person['family']}"
    if "," in name:
        return "{" + bibtex_escape(name) + "}"
    last_first = person.get("literal") or f"{person['family']}, {person['given']}"
    return re.sub(r"(?i)\band\b", lambda m: "{" + m.group() + "}", bibtex_escape(last_first))


def bibtex_url(url: str) -> str:
    """A URL for BibTeX's verbatim url field: braces, backslashes and whitespace, which that
    field cannot hold (and a valid URL never has), percent-encoded."""
    return re.sub(r"[{}\\\s]", lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def bibtex(entry: dict, edtf: str) -> str:
    """A biblatex @online entry from the same CSL-JSON item; biblatex reads EDTF dates."""
    fields = [("title", "{" + bibtex_escape(entry["title"]) + "}")]
    if "author" in entry:
        fields.insert(0, ("author", " and ".join(bibtex_name(p) for p in entry["author"])))
    fields += [("organization", bibtex_escape(entry["container-title"])), ("date", edtf)]
    if "URL" in entry:
        fields.append(("url", bibtex_url(entry["URL"])))
    return f"@online{{{entry['id']},\n" + ",\n".join(f"  {k} = {{{v}}}" for k, v in fields) + "\n}"
