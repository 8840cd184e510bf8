"""Who wrote it: the names `archive new` drafts into a record's `authors`, and from which line.

The clean and extract stages lift byline-like lines out of the text, each recorded as a
removal and shown to the editor as a hint with its line number. Names are drafted only from
the line with the strongest evidence, by its form and its place on the page, in the order of
FORMS: a "By" line, a byline in another language, one naming its author by one name
("von Kathrin", "Von Isabella.DiBiase am ...": under the headline or beside a date), names
in capitals joined by the language's "and" under the headline, a name-only
line beside the date line, the names a date line carries, a
name-only line under the headline or after the author's avatar, a "Name, Senior Fellow at Y"
or "Name | Senior Correspondent" line in the head (the post is no name, on a date line too), an
agency's name alone in the head, a wire sign-off ("S.Vandenberghe--JdB"),
the name opening the author's bio after the text. Lines that only might name authors (a
"Source: AFP" credit, "(Reporting by ...; Editing by ...)", a dateline's agency) stay hints:
they name where a story came from or who helped, not its byline. Nothing is taken from the
body's sentences: every line used here was taken out of the text first, by its form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .metadata import is_name, joined, named_alone, named_in_capitals, names
from ..core.article import CleanArticle, Extracted, Line
from ..core.rules import ExtractionRules

# Rule id (after the rules file's stem) -> how the line names the authors, strongest first.
FORMS = {
    "byline-in-language": "Byline in its language",
    "byline-one-name": "Byline naming one name",
    "byline-in-capitals": "Byline in capitals under the headline",
    "name-beside-date": "Name line beside the date line",
    "date-line": "Date line naming the author",
    "name-under-headline": "Name line under the headline",
    "name-after-avatar": "Name line after the author's picture",
    "author-affiliation": "Name and affiliation line",
    "agency-byline": "Agency line in the page's head",
    "wire-signoff": "Wire sign-off",
}
# A publication's name glued after the author's: "Latika M Bourke The Nightly".
PUBLICATION_AFTER_NAME = re.compile(r" (?=The [A-Z])")


@dataclass(frozen=True)
class Credit:
    names: tuple[str, ...]
    line: Line  # the raw line, whole
    form: str  # how that line names them: the basis an editor checks

    @property
    def basis(self) -> str:
        return f'{self.form} "{self.line.text}" (line {self.line.number}).'


def credit(cleaned: CleanArticle, found: Extracted, rules: ExtractionRules) -> Credit | None:
    """The authors the page's own byline-like lines name, from the strongest one; None if none does."""
    if found.byline and found.byline_line:
        return Credit(found.byline, found.byline_line, "Byline")
    values = {(field, line.number): line.text for field, line in cleaned.lifted}
    candidates: list[tuple[int, Credit]] = []
    order = list(FORMS)
    for r in cleaned.removals:
        rule = r.rule.rsplit(":", 1)[-1]
        if r.moved_to == "date" and (found_names := tuple(n for n in names(r.text) if is_name(n))):
            candidates.append((order.index("date-line"), Credit(found_names, Line(r.line, r.text), FORMS["date-line"])))
        elif r.moved_to == "authors" and rule in FORMS:
            value = values.get(("authors", r.line), r.text)
            found_names = split_names(value, rule, rules.name_joiners)
            if found_names:
                candidates.append((order.index(rule), Credit(found_names, Line(r.line, r.text), FORMS[rule])))
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1].line.number))[1]
    return from_bio(found, rules)


def split_names(value: str, rule: str, joiners: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The names a lifted line holds: one person's name or two joined ("Jane Roe und John Doe"),
    an agency's, or a sign-off's "A/B"."""
    if rule == "agency-byline":
        return (value,)
    if rule == "byline-one-name":  # a given name or a user name: no name of two words (is_name)
        return tuple(filter(None, [named_alone(value)]))
    if rule == "byline-in-capitals":
        return named_in_capitals(value)
    parts = value.split("/") if rule == "wire-signoff" else joined(PUBLICATION_AFTER_NAME.split(value)[0], joiners)
    parts = [p.strip() for p in parts if p.strip()]
    if rule == "wire-signoff":
        return tuple(parts)
    return tuple(p for p in parts if is_name(p))


def from_bio(found: Extracted, rules: ExtractionRules) -> Credit | None:
    """The name opening the author's bio after the text ("Jan Gerber is a Research Associate ...")."""
    if not found.bio:
        return None
    match = re.fullmatch(rules.bio, found.bio.text)
    name = match.groupdict().get("name") if match else None
    return Credit((name,), found.bio, "Author's bio after the text") if name and is_name(name) else None
