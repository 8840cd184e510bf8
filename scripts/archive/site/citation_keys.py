"""What a build knows of its citations without making any article's CSL-JSON item: the entries
docs/data/citations.json holds, by their items' keys, read from its lines, each parsed only when
shown (entry_lines()); and each article's item key, kept from the last build by the key its
article was made with (Kept). An unchanged article's item is then neither made nor written as
JSON to be looked up: after one changed record at 1,005 articles, 1,005 items made and 2,010
keys written (the articles' and citations.json's entries') were about 0.03 CPU s of the build.
"""
from __future__ import annotations

import json

ITEM = ', "item": '  # what comes before an entry's item on its line: its last key (sort_keys)


def entry_lines(text: str, styles: str) -> dict[str, str] | None:
    """citations.json's entries, articles' and sources', each its item's key -> its line (the
    entry's JSON, Citations.published()'s entry_line()), when `text` is what published() writes
    with the styles' digest `styles`; {} for another digest; None for anything else. The key is
    the line's text of the item: key() writes it as entry_line() does (sorted keys, the same
    separators), and a line breaks nowhere else (JSON escapes a newline in a string)."""
    lines = text.split("\n")
    if len(lines) < 3 or lines[0] != "{" or not lines[1].startswith(' "styles": "'):
        return None
    if lines[1] != f' "styles": "{styles}",':
        return {}
    found = {}
    for line in lines[2:]:
        if not line.startswith("  {"):
            continue
        body = line[2:].removesuffix(",")
        at = body.rfind(ITEM)
        if at < 0 or not body.endswith("}"):
            return None
        found[body[at + len(ITEM):-1]] = body
    return found


def read(path, styles: str, key, seen: dict) -> None:
    """Into `seen`, the entries of a previous build's citations.json (`path`) rendered with the
    styles' digest `styles`, by key(): as entry_lines() finds them where the file is as
    published() writes it, else parsed; anything unreadable is ignored."""
    try:
        text = path.read_text(encoding="utf-8")
        if (lines := entry_lines(text, styles)) is not None:
            seen.update(lines)
            return
        data = json.loads(text)
        if data.get("styles") == styles:
            for entry in [*data["entries"], *data.get("sources", ())]:
                seen[key(entry["item"])] = entry
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass


def parsed(line: str, k: str, key) -> dict | None:
    """A line of entry_lines() as the entry it is, when its item's key() is `k`; else None."""
    try:
        entry = json.loads(line)
        return entry if isinstance(entry, dict) and key(entry["item"]) == k else None
    except (ValueError, KeyError, TypeError):
        return None


class Kept:
    """Each article's item key (citation_pool.key()) by the key its article was made with
    (cache.Store's `made`), kept in the build's cache in one entry under the whole context (the
    vocabularies: a publisher's name, the site's address) and the code, as every entry is: the
    same key, the same record and raw text read the same way, so the same item."""
    kind = "citation-keys"

    def __init__(self, store):
        self.store = store
        self.at = store.hashed([self.kind])
        found = store.get(self.kind, self.at)
        self.kept: dict[str, str] = found if isinstance(found, dict) else {}
        self.now: dict[str, str] = {}

    def get(self, a) -> str | None:
        made = self.store.made.get(a.slug)
        k = made and self.kept.get(made)
        if k:
            self.now[made] = k
        return k or None

    def put(self, a, k: str) -> None:
        if made := self.store.made.get(a.slug):
            self.now[made] = k

    def keep(self) -> None:
        """Once every article was asked for (citations.uncitable())."""
        if self.now != self.kept:
            self.store.put(self.kind, self.at, self.now)
