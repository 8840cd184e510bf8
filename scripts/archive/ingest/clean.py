"""Clean stage: apply boilerplate rules to an article's lines, recording every removal.

First the rules (data in sources/boilerplate/), line by line; then the furniture that only
its neighbours and place give away (furniture.py), the date lines and bylines around the
headline (metadata.py), and the headline itself: what stands above it is the page's header.
Every line taken out is recorded with its rule and kind; metadata is lifted, not dropped.
Which rules may match a line is matching.py's to say, fast.
"""
from __future__ import annotations

from . import authorbox, furniture, headline as headlines, metadata, region
from .crumbs import crumbs_above
from .mixedscript import obfuscated
from .matching import Ruleset, first_match, ruleset
from .furniture import Mark
from .titled import Evidence
from ..core.article import CleanArticle, Line, RawArticle, Removal
from ..core.rules import Rule


def clean(raw: RawArticle, rules: tuple[Rule, ...], head_max_chars: int, function_words=(),
          bounds: tuple[int | None, int | None] | None = None, ranking=None, comment_words=frozenset(),
          recipe_headings=(frozenset(), frozenset())) -> CleanArticle:
    """bounds: the record's region (first and last raw line), when the editor wrote one;
    ranking: the headline's (candidates.Ranking), fitted on the public set; comment_words:
    the words after a count that head the readers' comments (generic.yml); recipe_headings: the
    words of a recipe's ingredients' and method's headings (generic.yml, ingest/recipe.py)."""
    prefilter = ruleset(rules)

    def named(i: int) -> bool:
        rule, match = first_match(rules, raw.lines, i, raw.lines[i].text, 0, prefilter)
        return rule is not None and not (match.groupdict().get("keep") or "").strip()

    lines, outside, titled = region.region(raw.lines, function_words, *(bounds or (None, None)), ranking=ranking, named=named,
                                           comment_words=comment_words, recipe_headings=recipe_headings)
    removals, lifted = named_outside(raw, outside, rules, prefilter)
    head_end = next((i for i, line in enumerate(lines) if len(line.text) > head_max_chars), len(lines))
    kept = []
    rest: Rule | None = None
    for i, line in enumerate(lines):
        if rest is not None:
            removals.append(Removal(line.number, rest_id, rest.kind, line.text))
            continue
        while True:
            rule, match = first_match(rules, lines, i, line.text, head_end, prefilter)
            if rule is None:
                kept.append(line)
                break
            keep = (match.groupdict().get("keep") or "").strip()
            text = (line.text[:match.start("keep")] + line.text[match.end("keep"):]).strip() if keep else line.text
            if not text:  # the rule would remove nothing of this line
                kept.append(line)
                break
            if rule.lift:
                value = match.groupdict().get("value") or text
                lifted.append((rule.lift, Line(line.number, value.strip())))
            removals.append(Removal(line.number, rule_id(rule), rule.kind, text, moved_to=rule.lift))
            if keep:  # the rest of the line goes on, through the rules again
                line = Line(line.number, keep)
                continue
            if rule.extent == "rest":
                rest, rest_id = rule, rule_id(rule)
            break
    kept, headline = arrange(kept, removals, lifted, lines, head_end, titled, raw.lines)
    name_by_neighbours(raw, removals)
    removals.sort(key=lambda r: r.line)
    return CleanArticle(raw, tuple(kept), tuple(removals), tuple(lifted), headline)


def named_outside(raw: RawArticle, outside: tuple[Removal, ...], rules: tuple[Rule, ...],
                  prefilter: Ruleset) -> tuple[list[Removal], list[tuple[str, Line]]]:
    """The removals outside the article's region. A line a rule names whole keeps that rule's
    kind, with the region's evidence beside it ("cookie-banner" says more than "outside");
    a line the rule lifts into the record (the lead image's credit printed after the text)
    is lifted as it would be inside."""
    at = {line.number: i for i, line in enumerate(raw.lines)}
    out, lifted = [], []
    for r in outside:
        rule, match = first_match(rules, raw.lines, at[r.line], r.text, 0, prefilter)
        if rule is None or (match.groupdict().get("keep") or "").strip():
            out.append(r)
            continue
        out.append(Removal(r.line, rule_id(rule), rule.kind, r.text, moved_to=rule.lift, evidence=r.evidence))
        if rule.lift:
            lifted.append((rule.lift, Line(r.line, (match.groupdict().get("value") or r.text).strip())))
    return out, lifted


def name_by_neighbours(raw: RawArticle, removals: list[Removal]) -> None:
    """Outside the region too, furniture its neighbours name keeps its kind: the teasers after
    the donation appeal are "related-articles", a cookie dialog's rest "cookie-banner" (the
    finders look at the lines still only "outside", beside everything removed so far)."""
    numbers = [line.number for line in raw.lines]
    next_raw = dict(zip(numbers, numbers[1:]))
    for find in (furniture.cookie_dialog, furniture.teasers, furniture.teaser_list):
        at = {r.line: k for k, r in enumerate(removals) if r.kind == region.KIND}
        if not at:
            return
        lines = [line for line in raw.lines if line.number in at]
        removed = {r.line: r for r in removals if r.kind != region.KIND}
        marks = find(lines, removed) if find is furniture.teaser_list else find(lines, removed, next_raw)
        for i, mark in marks.items():
            r = removals[at[lines[i].number]]
            removals[at[r.line]] = Removal(r.line, mark.rule, mark.kind, r.text, moved_to=mark.moved_to, evidence=r.evidence)


def arrange(kept: list[Line], removals: list[Removal], lifted: list, lines, head_end: int,
            titled: Evidence | None = None, page: tuple[Line, ...] = ()) -> tuple[list[Line], Line | None]:
    """The furniture known by its neighbours, the metadata around the headline, and the headline:
    the one found by its shape and place, unless the text does not take its words up and
    takes up those of another line above it (titled: the region's evidence)."""
    numbers = [line.number for line in lines]
    next_raw = dict(zip(numbers, numbers[1:]))
    removed = {r.line: r for r in removals}

    def take(marks: dict[int, Mark]) -> None:
        nonlocal kept
        if not marks:
            return
        for i, mark in sorted(marks.items()):
            line = kept[i]
            removals.append(Removal(line.number, mark.rule, mark.kind, line.text, moved_to=mark.moved_to))
            removed[line.number] = removals[-1]
            if mark.moved_to:
                lifted.append((mark.moved_to, line))
        kept = [line for i, line in enumerate(kept) if i not in marks]

    # Words written in two scripts at once ("Аdvеrtіѕе wіth uѕ"): advertising written to get past filters.
    take({i: Mark("generic:mixed-script", "advertisement") for i in obfuscated(kept, range(len(kept)))})
    take(furniture.cookie_dialog(kept, removed, next_raw))
    take(furniture.printed_twice(kept, removed, next_raw))
    take(furniture.summary_boxes(kept))
    take(furniture.name_after_avatar(kept, removed, next_raw))
    take(authorbox.boxes(kept, removed, next_raw))
    head = sum(1 for line in kept if line.number <= (lines[head_end].number if head_end < len(lines) else numbers[-1]))
    take({i: Mark(*m) for i, m in metadata.lift(kept, min(head, 12)).items()})
    # A date taken out under the headline (as a widget: "Thursday, 12 March 2025") is its date line too.
    h, top = headlines.chosen(kept, {r.line for r in removals if r.moved_to or headlines.dated(r.text)}, titled)
    marks = {i: Mark("generic:above-headline", "page-header") for i in top}
    if h is not None:
        marks.update({i: Mark("generic:repeated-headline", "repeated-text")
                      for i in range(h + 2, min(h + 12, len(kept))) if kept[i].text == kept[h].text})
        marks.update(headlines.after_headline(kept, h))
        headline = kept[h]
    else:
        headline = None
    take(marks)
    if titled:  # the region stage's evidence (not with the record's region, nor a saved page's)
        labels = headlines.header_labels(kept, next((i for i, line in enumerate(kept) if line is headline), None),
                                         crumbs_above(page or lines, headline.number) if headline else frozenset())
        take({i: mark for i, mark in labels.items() if kept[i].number not in titled.card})  # a recipe's ingredients under the headline are no labels
    take(furniture.teasers(kept, removed, next_raw))
    take(furniture.teaser_list(kept, removed))
    start = next((i for i, line in enumerate(kept) if line is headline), -1) + 1
    take(furniture.menus(kept, start))
    take(furniture.pull_quotes(kept, start, page or lines))
    return kept, headline


def rule_id(rule: Rule) -> str:
    # The rules file's stem tells an editor where to look: "responsible-statecraft:rs-donation".
    stem = rule.source.rsplit("/", 1)[-1].removesuffix(".yml")
    return f"{stem}:{rule.id}"
