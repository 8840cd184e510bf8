"""Reading the text-cleaning rules and what they use (sources/boilerplate/): removal kinds, the
generic rules and their extraction settings, the publishers' profiles, each language's function
words, and the headline ranking's fitted weights."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from . import patterns
from .fields import INVALID, FieldReader
from ..core.rules import ExtractionRules, LIFTS, MetadataForms, Profile, Rule
from .sources import CEILING

WEIGHTS = "headline-weights.yml"  # beside generic.yml: the headline ranking's weights, fitted (authoring/fit_headlines.py)
MONTHS = "months.yml"  # beside generic.yml: the months' names by language, for the date hints and date lines
FORMS = "metadata-lines.yml"  # beside generic.yml: how date lines and bylines are written (ingest/metadata.py)
# The word lists of metadata-lines.yml a rule's pattern may name, as {author_posts} (its words as
# listed) or {AUTHOR_POSTS} (in capitals), so that each word is listed once for every rule that
# uses it. date_line_parts are regular expressions, not words: a rule cannot name them.
WORD_LISTS = ("after_name_words", "author_posts", "byline_starts", "byline_words", "date_by", "date_labels",
              "date_weekdays", "name_joiners", "name_particles", "site_home")
NAMED = re.compile(r"\{([A-Za-z_]+)\}")  # never a repeat's bounds ("{2}", "{1,3}"): those are digits


def word_lists(forms: MetadataForms | None) -> dict[str, tuple[str, ...]]:
    """The word lists a rule's pattern may name, by name (none without metadata-lines.yml)."""
    return {key: getattr(forms, key) for key in WORD_LISTS} if forms else {}


def expanded(pattern: str, lists: dict[str, tuple[str, ...]] | None) -> tuple[str, str | None]:
    """The pattern with each list it names replaced by its words' alternatives, one group; and what
    is wrong (a name that is no list), or None. lists=None: metadata-lines.yml was refused (said once)."""
    if lists is None:
        return pattern, None
    for name in NAMED.findall(pattern):
        if name.lower() not in lists or name not in (name.lower(), name.upper()):
            allowed = ", ".join(f"{{{k}}}" for k in sorted(lists)) or f"none ({FORMS} is missing)"
            return pattern, (f"names {{{name}}}, which is no list of {FORMS}; allowed: {allowed}"
                             f" (or a list's name in capitals ({{AUTHOR_POSTS}}): its words in capitals)")
    return NAMED.sub(lambda m: words(lists[m[1].lower()], m[1].isupper()), pattern), None


def words(listed: tuple[str, ...], capitals: bool) -> str:
    return "(?:" + "|".join(re.escape(w.upper() if capitals else w) for w in listed) + ")" if listed else "(?!)"


class BoilerplateReader(FieldReader):
    def rules(self, path: Path, entries, kinds: set[str], lists: dict[str, tuple[str, ...]] | None = None) -> tuple[Rule, ...]:
        """The rules of a file; `lists`: the word lists their patterns may name (word_lists())."""
        rules = []
        for i, e in enumerate(self.items(path, entries, {"id": str, "kind": str, "match": str},
                                         {"extent": str, "zone": str, "lift": str, "after": str, "note": str})):
            where = f"rules[{i}] ({e['id']})"
            if e["kind"] not in kinds:
                self.problem(path, f"{where}.kind", f"{e['kind']!r} is not a removal kind; allowed: {', '.join(sorted(kinds))}")
            found = {key: expanded(e[key], lists) for key in ("match", "after") if key in e}
            for key, (pattern, wrong) in found.items():
                wrong = wrong or patterns.problem(pattern)
                if wrong:
                    self.problem(path, f"{where}.{key}", wrong)
                    break
            else:
                if e.get("extent", "line") not in ("line", "rest"):
                    self.problem(path, f"{where}.extent", "allowed: line, rest")
                elif e.get("zone", "any") not in ("any", "head"):
                    self.problem(path, f"{where}.zone", "allowed: any, head")
                elif e.get("lift") not in (None, *LIFTS):
                    self.problem(path, f"{where}.lift", f"allowed: {', '.join(LIFTS)}")
                else:
                    after = found["after"][0] if "after" in found else None
                    rules.append(Rule(e["id"], e["kind"], found["match"][0], e.get("extent", "line"),
                                      e.get("zone", "any"), e.get("lift"), after, self.name(path)))
        return tuple(rules)

    def kinds(self, path: Path) -> set[str]:
        data = self.yaml(path)
        if data is INVALID:
            return set()
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            self.problem(path, "file", "must map each removal kind to a one-line description")
            return set()
        return set(data)

    def generic_rules(self, path: Path) -> tuple[tuple[Rule, ...], ExtractionRules]:
        kinds = self.kinds(path.parent / "kinds.yml")
        data = self.fields(path, "", self.yaml(path), {"extraction": dict, "rules": list})
        # A file that is not a mapping is reported once: its extraction's fields are not missing too.
        data, unread = data or {}, data is None
        ex = {} if unread else self.fields(path, "extraction", data.get("extraction", {}), {
            "head_max_chars": int, "standfirst_max_chars": int, "title_max_chars": int,
            "byline": str, "bio": str, "max_bytes": int},
            {"dateline_opening": str, "standfirst_closers": list, "max_page_bytes": int,
             "furniture_tags": list, "furniture_words": list, "furniture_roles": list, "text_itemprops": list, "call_addresses": list, "site_ends": list,
             "comment_words": list, "recipe_ingredients": list, "recipe_method": list}) or {}
        if ex.get("max_bytes", 0) > CEILING:
            self.problem(path, "extraction.max_bytes", f"is {ex['max_bytes']:,}; at most {CEILING:,} bytes are read of any source")
            ex = {}
        unknown = [k for k in ex.get("standfirst_closers", []) if not isinstance(k, str) or k not in kinds]
        if unknown:
            self.problem(path, "extraction.standfirst_closers", f"{unknown[0]!r} is not a kind in kinds.yml; allowed: {', '.join(sorted(kinds))}")
            ex = {}
        elif "standfirst_closers" in ex:
            ex["standfirst_closers"] = frozenset(ex["standfirst_closers"])
        for key in ("furniture_tags", "furniture_words", "furniture_roles", "text_itemprops", "call_addresses", "site_ends", "comment_words",
                    "recipe_ingredients", "recipe_method"):
            if key in ex and not self.strings(path, f"extraction.{key}", ex[key], "lowercase words"):
                ex = {}
                break
            if key in ex:
                ex[key] = frozenset(w.lower() for w in ex[key])
        months = self.month_forms(path.parent / MONTHS)
        forms = self.metadata_forms(path.parent / FORMS, months)
        lists = self.lists(path.parent, forms)
        for key, groups in (("byline", ("names",)), ("bio", ()), ("dateline_opening", ())):
            if key in ex:
                ex[key], wrong = expanded(ex[key], lists)
                wrong = wrong or patterns.problem(ex[key], groups)
                if wrong:
                    self.problem(path, f"extraction.{key}", wrong)
                    ex = {}
                    break
        extraction = ExtractionRules(**ex) if ex else ExtractionRules(250, 400, 300, r"^By (?P<names>.+)$", r"^$", 2_000_000)
        extraction = replace(extraction, function_words=self.function_words(path.parent / "function-words.yml"),
                             month_names=() if months is None else tuple(tuple(sorted({n for f in months.values() for n in f[m]})) for m in range(12)),
                             metadata_forms=forms, **self.headline_weights(path.parent / WEIGHTS),
                             **({"name_joiners": frozenset(w.lower() for w in forms.name_joiners)} if forms else {}))
        return self.rules(path, data.get("rules", []), kinds, lists), extraction

    def lists(self, folder: Path, forms: MetadataForms | None) -> dict[str, tuple[str, ...]] | None:
        """The word lists the rules of `folder` may name; None when metadata-lines.yml was refused
        (said once already: no rule is refused again for naming its lists)."""
        return word_lists(forms) if forms or not (folder / FORMS).is_file() else None

    def headline_weights(self, path: Path) -> dict:
        """The headline ranking's weights (ingest/candidates.py), one per feature it names."""
        from .candidates import NAMES
        if not path.is_file():
            return {}
        data = self.fields(path, "", self.yaml(path), {"least": float, "doubt": float, "firm": float, "weights": dict}) or {}
        weights = data.get("weights", {})
        wrong = next((k for k in [*weights, *NAMES] if k not in NAMES or not isinstance(weights.get(k), (int, float))), None)
        if wrong is not None:
            self.problem(path, f"weights.{wrong}", f"must be a number, for each of the features {', '.join(NAMES)} and no other")
            return {}
        return {"headline_weights": tuple(float(weights[k]) for k in NAMES), "headline_least": data["least"],
                "headline_doubt": data["doubt"], "headline_firm": data["firm"]} if data else {}

    def function_words(self, path: Path) -> tuple[tuple[str, frozenset[str]], ...]:
        data = self.yaml(path)
        if data is INVALID:
            return ()
        if not isinstance(data, dict):
            self.problem(path, "file", "must map each language's code to a list of its function words")
            return ()
        out = []
        for lang, words in data.items():
            if not isinstance(words, list):
                self.problem(path, str(lang), "must be a list of words")
            elif self.strings(path, str(lang), words, "words (quote yes, no, on and off)"):
                out.append((str(lang), frozenset(w.lower() for w in words)))
        return tuple(out)

    def month_forms(self, path: Path) -> dict[str, tuple[tuple[str, ...], ...]] | None:
        """Each language's months in months.yml, January first, each month's forms in lower case
        (a name or a list of its forms); None once a problem is reported."""
        data = self.yaml(path) if path.is_file() else {}
        if data is INVALID:
            return None
        if not isinstance(data, dict):
            self.problem(path, "file", "must map each language's code to its 12 months' names, January first")
            return None
        out = {}
        for lang, names in data.items():
            forms = [[n] if isinstance(n, str) else n for n in names] if isinstance(names, list) else []
            if len(forms) != 12 or not all(isinstance(f, list) and f and self.strings(path, str(lang), f, "names") for f in forms):
                self.problem(path, str(lang), "must list the 12 months, January first, each a name or a list of its forms")
                return None
            out[str(lang)] = tuple(tuple(n.lower() for n in f) for f in forms)
        return out

    def metadata_forms(self, path: Path, months: dict[str, tuple[tuple[str, ...], ...]] | None) -> MetadataForms | None:
        """The forms of date lines and bylines (metadata-lines.yml), each entry checked: a malformed
        one is refused in one line naming it and what is allowed; None then (or with no file)."""
        if not path.is_file() or months is None:  # a months.yml that is wrong is reported already
            return None
        keys = ("date_months", "date_labels", "date_line_parts", "date_by", "byline_starts", "byline_words", "after_name_words",
                "author_posts", "date_weekdays", "name_particles", "name_joiners", "site_home", "trail_separators", "trail_labels",
                "credit_labels", "picture_agencies")
        data = self.fields(path, "", self.yaml(path), dict.fromkeys(keys, list))
        if not data or not all(self.strings(path, key, data[key], "words" if key != "date_line_parts" else "regular expressions")
                               for key in keys):
            return None
        for key in keys[:2] + keys[3:]:
            if bad := next((w for w in data[key] if w != " ".join(w.split())), None):
                self.problem(path, key, f"{bad!r} has spaces around it or two in a row; allowed: words, one space between them")
                return None
        for i, lang in enumerate(data["date_months"]):
            if lang not in months:
                self.problem(path, f"date_months[{i}]", f"{lang!r} is not a language of {MONTHS}; allowed: {', '.join(months) or 'none (months.yml lists none)'}")
                return None
        for i, part in enumerate(data["date_line_parts"]):
            if wrong := patterns.problem(part):
                self.problem(path, f"date_line_parts[{i}]", wrong)
                return None
        return MetadataForms(tuple(tuple(dict.fromkeys(n for lang in data["date_months"] for n in months[lang][m])) for m in range(12)),
                             *(tuple(data[key]) for key in keys[1:]))

    def profiles(self, folder: Path, publishers: set[str], forms: MetadataForms | None = None) -> tuple[Profile, ...]:
        """The publishers' profiles; `forms`: metadata-lines.yml as read, whose lists their rules may name."""
        kinds = self.kinds(folder / "kinds.yml")
        lists = self.lists(folder, forms)
        profiles = []
        for path in sorted(p for p in self.listing(folder) if p.suffix == ".yml"):
            if path.name in ("generic.yml", "kinds.yml", "function-words.yml", MONTHS, WEIGHTS, FORMS):
                continue
            data = self.fields(path, "", self.yaml(path), {"publisher": str, "detect": list, "rules": list})
            if not data or not self.strings(path, "detect", data["detect"]):
                continue
            if data["publisher"] not in publishers:
                self.problem(path, "publisher", f"{data['publisher']!r} is not in vocabularies/publishers.yml")
            profiles.append(Profile(data["publisher"], tuple(data["detect"]), self.rules(path, data["rules"], kinds, lists)))
        return tuple(profiles)
