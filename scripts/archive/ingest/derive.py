"""An article's text derived from its saved page, once, when it is added.

The page stays in sources/articles/ byte for byte (<slug>.html); what the archive reads is
derived from it and committed beside it (<slug>.txt: the page's visible text, a block a line,
as the seeds' dumps look), and the record's `source.page` says which of those lines
trafilatura kept as the article, and which trafilatura did it. A build reads the .txt and the
record only, so a new trafilatura never changes a published text by itself: deriving again is
a reviewed diff (tests/test_webpage.py names the articles whose derivation would change).

The lines outside the article are not dropped: they are recorded as removed (kind
page-outside-the-article, as the text path's region stage records them), and the archive's own
rules then act inside it. Reading a file by what it is: saved.py.
"""
from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, replace

from ..core.article import RawArticle, Removal
from .boxes import closing_call, lead_ins, set_aside, teasers
from .described import described, described_note, recipe_lines, recipe_note
from .introduced import introduced_groups, introduced_tables, table_note
from .matchback import align
from .metadata import forms, is_date_line, using
from .mixedscript import obfuscated
from .pageaddress import address
from .statedbody import after_body, after_main
from .read import too_long
from .webpage import Block, Page, PageError, dump_text, parse, visible_blocks

MIN_LETTERS = 100  # less article than the shortest news item (about 40 words): a login wall, a teaser, an error page
MAX_LINKED = 0.5  # an "article" more than half link text is a list of links: a section front
HEAD_GAP = 6  # lines of prose between a headline and its text: a standfirst, or two; more is something else
# Words of a standfirst, at the least: a byline, date line, kicker or button is shorter in any language.
# Chosen on the public set's tune half (6, 8, 10, 12, 15 words: F1 0.933 at 6 and 10, 0.934 at 15).
STANDFIRST_WORDS = 10
# A paragraph of running prose the extractor skipped between its lines (skipped_prose): chosen
# on the tune half (15, 20, 30, 40 words): shorter ones bring back promotions and captions.
PROSE_WORDS = 40
PROSE_LINKED = 0.2
CREDIT_WORDS = 16  # a byline or date line under the headline, at the most ("By Jane Roe and John Doe | 3 March 2025, 9:00")
LEAD_ABOVE = 2  # chosen on the tune half (1, 2, 3 lines; 20 or 40 words): +2 text segments, no junk at 2 and 40
SENTENCE_ENDS = tuple('.!?"“”»«\'…)。！？')


@dataclass(frozen=True)
class Derivation:
    text: str  # the page's visible text, a block a line, blank lines between: <slug>.txt
    article: tuple[int, ...]  # the lines of `text` (1-based) that trafilatura keeps as the article
    extractor: str  # e.g. "trafilatura 2.3.1"
    notes: tuple[str, ...]  # how the page's characters were read
    set_aside: tuple[tuple[int, str], ...] = ()  # lines of the extractor's text set aside as furniture, with the evidence


def extractor() -> str:
    import trafilatura
    return f"trafilatura {trafilatura.__version__}"


def derive(data: bytes, max_bytes: int, max_text_bytes: int | None = None, extraction=None) -> tuple[Page, Derivation]:
    """Raises PageError when the file is no readable page, its text is longer than
    `max_text_bytes` (checked before the extractor reads it) or it holds no article.
    `extraction`: the ExtractionRules naming the furniture boxes to set aside (boxes.py)."""
    page = parse(data, max_bytes)
    blocks = visible_blocks(page.root)
    # The text derived here is refused over that size anyway (read.py): refuse it before trafilatura
    # and the alignment take hundreds of megabytes to read it.
    size = sum(len(b.text.encode("utf-8")) + 2 for b in blocks) - 1
    if max_text_bytes is not None and size > max_text_bytes:
        raise PageError(too_long(f"its visible text is {size:,} bytes", max_text_bytes))
    kept = trafilatura_text(page.root)
    again = ()
    if sum(c.isalpha() for c in kept) < MIN_LETTERS:
        # Its default reading found no article: the text may sit where a page's furniture usually does
        # (a theme that puts it in an <aside> or <footer>). Read again favouring recall before saying there is none.
        kept = trafilatura_text(page.root, favor_recall=True)
        again = (f"{extractor()} found no article at its default settings; read again favouring recall",)
    article = align([b.text for b in blocks], kept)
    skipped = skipped_prose(blocks, article)
    stated = [i for i in described(page.root, [b.text for b in blocks], article) if i not in skipped]
    notes = (*again, *((f"kept {len(skipped)} paragraph(s) of running prose that {extractor()} left out between or just above "
                        f"the article's lines (line {', '.join(str(2 * i + 1) for i in skipped)})",) if skipped else ()),
             *((described_note(stated, extractor()),) if stated else ()))
    with using(extraction.metadata_forms if extraction else None):  # credit_line(): how bylines and date lines are written
        article = with_headline(page.root, blocks, sorted({*article, *skipped, *stated}))
    if listed := recipe_lines(page.root, blocks, article, extraction.text_itemprops if extraction else frozenset()):
        article, notes = sorted({*article, *listed}), (*notes, recipe_note(listed, extractor()))
    if tabled := introduced_tables(blocks, article) + introduced_groups(blocks, article):  # a table or a group under a colon
        article, notes = sorted({*article, *tabled}), (*notes, table_note(tabled, extractor()))
    letters = sum(c.isalpha() for i in article for c in blocks[i].text)
    if letters < MIN_LETTERS:
        raise PageError(f"holds no article: trafilatura finds {letters} letters of running text on the page "
                        f"(a section front, a login wall or an error page?); save the article's own page")
    linked = sum(blocks[i].linked for i in article) / max(1, sum(len(blocks[i].text) for i in article))
    if linked > MAX_LINKED:
        raise PageError(f"holds no article: {linked:.0%} of the text trafilatura keeps is links "
                        f"(a section front or a list of stories?); save the article's own page")
    aside = set_aside(blocks, article, extraction.furniture_tags, extraction.furniture_words, extraction.furniture_roles) if extraction else {}
    if extraction:
        said = address(page.root)
        site = said.value if said else None
        aside = {**obfuscated(blocks, article), **after_main(blocks, article), **after_body(page.root, blocks, article),
                 **closing_call(blocks, article, extraction.call_addresses), **lead_ins(blocks, article, site), **teasers(blocks, article, site), **aside}
    text = dump_text(blocks)
    return page, Derivation(text, tuple(2 * i + 1 for i in article if i not in aside), extractor(), (*page.notes, *notes),
                            tuple((2 * i + 1, why) for i, why in sorted(aside.items())))


def skipped_prose(blocks: list[Block], article: list[int]) -> list[int]:
    """The paragraphs of running prose that the extractor left out between the article's first
    and last lines, or in the LEAD_ABOVE lines just above its first (a story's lead in a box
    named like a teaser, "teaser-text", which it drops with the teasers). The archive's first
    promise: a paragraph of the text is never dropped without a reason."""
    if not article:
        return []
    kept = set(article)
    return [i for i in range(max(0, article[0] - LEAD_ABOVE), article[-1]) if i not in kept and prose(blocks[i])]


def prose(block: Block) -> bool:
    """A paragraph of running prose: PROSE_WORDS words or more, ending a sentence, hardly linked."""
    return (len(block.text.split()) >= PROSE_WORDS and block.text.endswith(SENTENCE_ENDS)
            and block.linked <= PROSE_LINKED * len(block.text))


def with_headline(root, blocks: list[Block], article: list[int]) -> list[int]:
    """The article and its headline: the page's <h1> printed above it, which trafilatura
    leaves to the metadata, and the standfirst among the few lines between.

    Those lines are a standfirst and the page's furniture: kicker, byline, date, reading time,
    share buttons, a photo's caption and credit. In any language only the standfirst is prose:
    the rest is short, and a caption is its figure's (the markup says so). The authors and
    date come from the page's metadata (pagemeta.py); the lines left out are recorded as
    outside the article, as every line trafilatura does not keep."""
    if not article:
        return article
    headings = {" ".join(h.text_content().split()) for h in root.iter("h1")}
    above = [i for i in range(article[0] + 1) if blocks[i].text in headings or in_h1(blocks[i])]  # trafilatura may keep it
    text = next((i for i in article if above and i > above[-1]), None)
    if text is None:
        return article
    # A caption is a <figcaption>: a page may set its lead paragraph in a <figure> beside the photo.
    captions = [" ".join(el.text_content().split()) for el in root.iter("figcaption")]
    gap = [i for i in range(above[-1] + 1, text) if len(blocks[i].text.split()) >= STANDFIRST_WORDS
           and blocks[i].linked <= PROSE_LINKED * len(blocks[i].text)
           and (prose(blocks[i]) or not any(blocks[i].text in caption for caption in captions))]
    # More lines than a standfirst's few: something else (an interview's first answers the
    # extractor skipped, among labels and teasers), of which only its running prose is the text's.
    gap = gap if len(gap) <= HEAD_GAP else [i for i in gap if prose(blocks[i])]
    # A byline or date line printed there is read as the text path reads it (lifted into the
    # draft's authors and date, with its line): the only byline of a page whose metadata names none.
    credits = [i for i in range(above[-1] + 1, text) if credit_line(blocks[i].text)]
    return sorted({above[-1], *gap, *credits, *article})


def credit_line(text: str) -> bool:
    """A byline ("By Jane Roe") or a date line ("Posted on March 3, 2025 by Jane Roe")."""
    return len(text.split()) <= CREDIT_WORDS and bool(forms().byline_start.match(text) or is_date_line(text))


def in_h1(block: Block) -> bool:
    """A line of the headline where the <h1> holds more than one (a kicker set as a block in it)."""
    el = block.element
    while el is not None and isinstance(el.tag, str):
        if el.tag == "h1":
            return True
        el = el.getparent()
    return False


def trafilatura_text(root, favor_recall: bool = False) -> str:
    import trafilatura
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are about the page, not for the editor
    # A copy: trafilatura prunes the tree it is given.
    return trafilatura.extract(copy.deepcopy(root), include_comments=False, include_tables=True,
                               deduplicate=False, with_metadata=False, output_format="txt", favor_recall=favor_recall) or ""


def ranges(numbers: tuple[int, ...], step: int = 2) -> str:
    """Line numbers as the record writes them: "5-31, 35" (the text's lines are every other one)."""
    out, start, prev = [], None, None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + step:
            prev = n
        else:
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(out)


def read_ranges(text: str) -> tuple[int, ...] | None:
    """The line numbers a `ranges()` string names (odd lines only), or None if it is not one."""
    out = []
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+)(?:-(\d+))?\s*", part)
        if not m:
            return None
        a, b = int(m[1]), int(m[2] or m[1])
        if b < a or a % 2 == 0 or b % 2 == 0:
            return None
        out.extend(range(a, b + 1, 2))
    return tuple(out)


OUTSIDE = "page-outside-the-article"  # region.KIND: the text path's region stage removes as much
SHAPE_KINDS = frozenset(("pull-quote", "menu", "page-header"))  # removals a dump's shape alone decides
# Captions told by the shape of a dump (a line printed twice, a line under the headline): in a
# saved page the markup tells a caption (boxes.py, with_headline), so the extractor's reading stands.
SHAPE_RULES = frozenset(("generic:caption-printed-twice", "generic:caption-under-headline"))


def outside(raw: RawArticle, article: tuple[int, ...], extractor: str,
            set_aside: tuple[tuple[int, str], ...] = ()) -> tuple[RawArticle, tuple[Removal, ...]]:
    """The raw text with only the article's lines, and every other line recorded as removed
    (with the evidence that set it aside, when the page is at hand: `set_aside`)."""
    keep, known = set(article), dict(set_aside)
    why = (f"not in the article read from the page's markup when it was added: outside the text {extractor} kept, "
           f"or furniture inside it that the markup names (a box's tag, class or id; a short line after the article's container)")
    removed = tuple(Removal(x.number, extractor, OUTSIDE, x.text, evidence=known.get(x.number, why))
                    for x in raw.lines if x.number not in keep)
    return replace(raw, lines=tuple(x for x in raw.lines if x.number in keep)), removed


def clean_region(raw: RawArticle, rules, extraction, bounds: tuple[int, int] | None,
                 page: tuple | None):
    """clean.clean() with its region stage (bounds: the record's region, if it sets one); for a
    saved page, the extractor's article instead, the lines outside it recorded as removed
    (`page`: its article's lines, the extractor, and when the page is at hand the lines set
    aside as furniture with their evidence)."""
    from .clean import clean
    from .candidates import ranking
    if page is None:
        return clean(raw, rules, extraction.head_max_chars, extraction.function_words, bounds, ranking(extraction),
                     extraction.comment_words, (extraction.recipe_ingredients, extraction.recipe_method))
    inner, removed = outside(raw, *page)
    whole = (inner.lines[0].number, inner.lines[-1].number) if inner.lines else None
    cleaned = clean(inner, rules, extraction.head_max_chars, extraction.function_words, whole)
    # A dump's shape is all the text rules have to go on: a long line without a full stop between paragraphs
    # (a pull quote), a run of short lines (a menu), lines above the headline. In a saved page the markup has
    # already told those apart: the extractor's reading stands, and those lines stay in the text.
    back = {r.line for r in cleaned.removals if (r.kind in SHAPE_KINDS or r.rule in SHAPE_RULES) and not r.moved_to}
    if back:
        kept = tuple(sorted((*cleaned.kept, *(x for x in inner.lines if x.number in back)), key=lambda x: x.number))
        cleaned = replace(cleaned, kept=kept, removals=tuple(r for r in cleaned.removals if r.line not in back))
    return replace(cleaned, raw=raw, removals=tuple(sorted(cleaned.removals + removed, key=lambda r: r.line)))
