"""The head of a page from an unseen publisher: who wrote it, and whether it has a standfirst.

Authors are drafted only from a line taken out of the text by its form and its place (a
byline in any of its forms), never from a body sentence that names someone; every such line
stays a hint with its line number and a removal record. A standfirst needs evidence: a
first paragraph is not one just because it comes first.
"""
from __future__ import annotations

import re

import pytest
import yaml

from furniture_support import BODY, body, page
from hostile_support import run

HEADLINE = "Observers, not soldiers: how a monitoring mission could work"


def authors(seen) -> list[str]:
    return list(seen.authors.names) if seen.authors else []


@pytest.mark.parametrize("lines, names, form", [
    ([HEADLINE, "By Jane Roe and John Doe", *BODY], ["Jane Roe", "John Doe"], "Byline"),
    ([HEADLINE, "Writer: Jane Roe", *BODY], ["Jane Roe"], "Byline"),
    ([HEADLINE, "Author avatar", "Jane Roe", *BODY], ["Jane Roe"], "Name line after the author's picture"),
    ([HEADLINE, "Jane Roe, Senior Fellow at the Centre for Eastern Studies", *BODY], ["Jane Roe"], "Name and affiliation line"),
    ([HEADLINE, "Jane Roe", "March 3, 2025", *BODY], ["Jane Roe"], "Name line beside the date line"),
    ([HEADLINE, "March 3, 2025 - Jane Roe - Commentary", *BODY], ["Jane Roe"], "Date line naming the author"),
    # A byline with its date.
    ([HEADLINE, "By Jane Roe, 3 March 2025", *BODY], ["Jane Roe"], "Byline"),
    ([HEADLINE, "By Jane Roe | March 3, 2025", *BODY], ["Jane Roe"], "Date line naming the author"),
    # A weekday's "Mon" is no label "on" (it was taken off, and the date line was not seen).
    ([HEADLINE, "Jane Roe", "Mon 3 Mar 2025 14.02 GMT", *BODY], ["Jane Roe"], "Name line beside the date line"),
    # A date with its author after "by" (WordPress's "Posted on ... by ..."), in the languages seen.
    ([HEADLINE, "Posted on March 3, 2025 by Jane Roe", *BODY], ["Jane Roe"], "Date line naming the author"),
    ([HEADLINE, "Published on 3 March 2025 by Jane Roe", *BODY], ["Jane Roe"], "Date line naming the author"),
    # A byline in another language, alone or with its date ("Por" was drafted as a name; "von ... am ..." stayed in the text).
    ([HEADLINE, "Por Jane Roe", *BODY], ["Jane Roe"], "Byline in its language"),
    ([HEADLINE, "von Anja Schmoll-Trautmann am 14. Mai 2014, 15:40 Uhr", *BODY], ["Anja Schmoll-Trautmann"], "Byline in its language"),
    ([HEADLINE, "Par Jeanne Roux, le 3 mars 2025", *BODY], ["Jeanne Roux"], "Byline in its language"),
    # Two authors, joined by the language's "and" (extraction.name_joiners).
    ([HEADLINE, "Von Roland Brockmann und Sebastian Drescher", *BODY], ["Roland Brockmann", "Sebastian Drescher"], "Byline in its language"),
    ([HEADLINE, "Por Jane Roe y John Doe, 3 de marzo de 2025", *BODY], ["Jane Roe", "John Doe"], "Byline in its language"),
    ([HEADLINE, "Par Jeanne Roux et Paul Martin", *BODY], ["Jeanne Roux", "Paul Martin"], "Byline in its language"),
    ([HEADLINE, "By Jane Roe und John Doe", *BODY], ["Jane Roe", "John Doe"], "Byline"),
    # A name with the author's post after a bar or a dash, beside the date line (the post's words pass for a name:
    # the line was taken for a header label, and no author was drafted).
    ([HEADLINE, "Jane Roe | Senior Correspondent", "March 3, 2025", *BODY], ["Jane Roe"], "Name and affiliation line"),
    ([HEADLINE, "March 3, 2025", "Jane Roe – Chief Political Correspondent", *BODY], ["Jane Roe"], "Name and affiliation line"),
    # ... and on the date line: the post is no second author (it was drafted as one, "Senior Correspondent").
    ([HEADLINE, "Jane Roe | Senior Correspondent | March 3, 2025", *BODY], ["Jane Roe"], "Date line naming the author"),
    # Three names or more in another language's byline, the last joined by its "and" (the line stayed in the text).
    ([HEADLINE, "Von Roland Brockmann, Sebastian Drescher und Anja Roe", *BODY], ["Roland Brockmann", "Sebastian Drescher", "Anja Roe"],
     "Byline in its language"),
    ([HEADLINE, "Par Jeanne Roux, Paul Martin et Anne Leroy, le 3 mars 2025", *BODY], ["Jeanne Roux", "Paul Martin", "Anne Leroy"],
     "Byline in its language"),
    # A byline in capitals: its "and" and its "von" are no part of a name ("VON JANE ROE am ..." stayed
    # in the text; "JANE ROE AND JOHN DOE" was drafted as one author's name). In another language only
    # with its date: a line of capitals after its "by" is as often a title ("PAR LES TEMPS QUI COURENT").
    ([HEADLINE, "BY JANE ROE AND JOHN DOE", *BODY], ["JANE ROE", "JOHN DOE"], "Byline"),
    ([HEADLINE, "VON ROLAND BROCKMANN UND SEBASTIAN DRESCHER am 14. Mai 2014", *BODY], ["ROLAND BROCKMANN", "SEBASTIAN DRESCHER"],
     "Byline in its language"),
    ([HEADLINE, "POR JANE ROE, 3 DE MARZO DE 2025", *BODY], ["JANE ROE"], "Byline in its language"),
    # ... or right under the headline without a date, where it names two names or more of two words or more
    # joined by the language's "and": a title's words are rarely so (such lines stayed in the text).
    ([HEADLINE, "VON ROLAND BROCKMANN UND SEBASTIAN DRESCHER", *BODY], ["ROLAND BROCKMANN", "SEBASTIAN DRESCHER"],
     "Byline in capitals under the headline"),
    ([HEADLINE, "POR JANE ROE, ANA DIAZ Y JOHN DOE", *BODY], ["JANE ROE", "ANA DIAZ", "JOHN DOE"], "Byline in capitals under the headline"),
    # The particles of names are one list (metadata-lines.yml's name_particles) for the byline rule and
    # for a name: "ter" was not the rule's (no byline), "del" was no name's (no author drafted).
    ([HEADLINE, "Von Jan ter Horst", *BODY], ["Jan ter Horst"], "Byline in its language"),
    ([HEADLINE, "Por Ana del Río", *BODY], ["Ana del Río"], "Byline in its language"),
    # A middle initial that is a joining word in another language ("e", "i", "y") stays in the name.
    ([HEADLINE, "By Jane E Roe and John Doe", *BODY], ["Jane E Roe", "John Doe"], "Byline"),
    # Names joined by a slash (the line stayed in the text; "By Jane Roe / John Doe" drafted no author).
    ([HEADLINE, "Por Laura Jordán / Javier Urbina", *BODY], ["Laura Jordán", "Javier Urbina"], "Byline in its language"),
    ([HEADLINE, "By Jane Roe / John Doe", *BODY], ["Jane Roe", "John Doe"], "Byline"),
    # A byline naming its author by one name, a given name or a user name, after another language's "by":
    # right under the headline, or anywhere in the head beside a date or with its own date (such lines
    # stayed in the text or were taken for a header label; none drafted an author: tune pages of the public set).
    ([HEADLINE, "von Kathrin", *BODY], ["Kathrin"], "Byline naming one name"),
    (["von Ulrike", "18.10.2019 16:06 Uhr", HEADLINE, *BODY], ["Ulrike"], "Byline naming one name"),
    (["Von Isabella.DiBiase am Samstag, 19. Oktober 2019 um 11:14 Uhr", HEADLINE, *BODY], ["Isabella.DiBiase"],
     "Byline naming one name"),
    ([HEADLINE, "Von Isabella.DiBiase am Samstag, 19. Oktober 2019 um 11:14 Uhr", *BODY], ["Isabella.DiBiase"],
     "Byline naming one name"),
    ([HEADLINE, "Reuters", "March 3, 2025", *BODY], ["Reuters"], "Agency line in the page's head"),
    ([HEADLINE, *BODY, "J.Roe--TDI"], ["J.Roe"], "Wire sign-off"),
    ([HEADLINE, *BODY, "Jane Roe is a senior fellow at the Centre for Eastern Studies in Warsaw."], ["Jane Roe"],
     "Author's bio after the text"),
])
def test_authors_are_drafted_from_a_byline_in_its_many_forms(lines, names, form):
    seen = page(*lines)
    assert authors(seen) == names
    assert seen.authors.form == form
    assert body(seen) == BODY, "the byline is lifted, the text stays whole"
    assert seen.authors.line.number in {r.line for r in seen.removals} | {seen.found.byline_line and seen.found.byline_line.number,
                                                                          seen.found.bio and seen.found.bio.number}


@pytest.mark.parametrize("headline", ["Peanut Butter Truffles", "Rat der Stadt Ahlen"])
def test_a_headline_shaped_as_a_name_over_a_date_line_naming_its_author_stays_the_headline(headline):
    # The line beside a date line was lifted as its byline when it reads as a name, the headline too:
    # the draft lost its headline (the injection of such a line under the public set's tune pages'
    # headlines changed the headline on 26 of 490). A date line that names its author needs no other.
    seen = page(headline, "Posted on March 3, 2025 by Jane Roe", *BODY)
    assert seen.title.text == headline
    assert authors(seen) == ["Jane Roe"]
    assert body(seen) == BODY


@pytest.mark.parametrize("line", [
    "Jane Roe, a senior fellow at the Centre for Eastern Studies, said on Monday that observers would be enough.",
    "Jane Roe is a senior fellow at the Centre, and she has argued for an observer mission since the spring of 2025.",
    "Reuters reported that the talks would resume on Thursday in Geneva.",
    "Von der Leyen said in Brussels that observers would need a mandate from the Council first.",
    "Por Jane Roe y John Doe, la misión de observadores es posible si Moscú la acepta.",
])
def test_no_author_is_taken_from_a_body_sentence(line):
    seen = page(HEADLINE, BODY[0], line, *BODY[1:])
    assert authors(seen) == []
    assert line in body(seen)


@pytest.mark.parametrize("line", ["PAR LES TEMPS QUI COURENT", "POR ESO INFORMAR ES", "VON KRIEG UND FRIEDEN"])
@pytest.mark.parametrize("dated", [False, True])
def test_a_line_of_capitals_after_another_language_s_by_under_the_headline_names_no_author(line, dated):
    """In capitals every word passes for a name's: such a line under the headline, without the date
    that tells a byline ("VON JANE ROE am 14. Mai 2014"), is as often a show's or a section's title
    (tune pages of the public set); it was drafted as the author, "by" and all."""
    assert authors(page(HEADLINE, line, *(["March 3, 2025"] if dated else []), *BODY)) == []


@pytest.mark.parametrize("lines", [
    [HEADLINE, *BODY, "Datenschutzerklärung :", "von Google"],  # a consent notice's provider, far from the headline
    [HEADLINE, *BODY[:2], "von Kathrin", *BODY[2:]],  # no date beside it, not under the headline
])
def test_a_line_naming_one_name_after_by_without_a_byline_s_place_or_date_names_no_author(lines):
    assert authors(page(*lines)) == []


def test_a_source_credit_or_reporting_credit_stays_a_hint_not_an_author():
    seen = page(HEADLINE, *BODY, "(Reporting by Jane Roe; Editing by John Doe)", "Source: AFP")
    assert authors(seen) == []
    assert [(field, x.text) for field, x in seen.metadata()] == [
        ("authors", "(Reporting by Jane Roe; Editing by John Doe)"), ("authors", "Source: AFP")]


def test_the_strongest_byline_wins_and_the_others_stay_hints():
    seen = page(HEADLINE, "Reuters", "By Jane Roe", *BODY, "(Reporting by John Doe)")
    assert authors(seen) == ["Jane Roe"]
    assert {x.text for _, x in seen.metadata()} >= {"Reuters", "(Reporting by John Doe)"}


LEDE = ("President Emmanuel Macron said on Thursday that France and Britain were leading efforts to send a "
        "reassurance force to Ukraine after any end to the fighting.")


def standfirst(seen) -> str | None:
    return seen.found.standfirst.text if seen.found.standfirst else None


def test_a_first_paragraph_as_long_as_the_others_is_not_a_standfirst():
    seen = page(HEADLINE, LEDE, *BODY)
    assert standfirst(seen) is None
    assert body(seen) == [LEDE, *BODY]


def test_a_short_line_under_the_headline_is_the_standfirst():
    seen = page(HEADLINE, "Probably not. But the temptation is strong.", *BODY)
    assert standfirst(seen) == "Probably not. But the temptation is strong."


def test_a_line_closed_by_the_header_s_byline_or_date_is_the_standfirst():
    seen = page(HEADLINE, LEDE, "By Jane Roe", *BODY)
    assert standfirst(seen) == LEDE
    seen = page(HEADLINE, LEDE, "March 3, 2025", *BODY)
    assert standfirst(seen) == LEDE


def test_a_lead_opening_with_a_dateline_is_never_a_standfirst():
    for dateline in ("WARSAW — ", "KYIV -- ", "Oslo, 19 March 2022 (TDI): "):
        seen = page(HEADLINE, dateline + "Poland will propose a mission.", "By Jane Roe", *BODY)
        assert standfirst(seen) is None, dateline
        assert body(seen)[0] == dateline + "Poland will propose a mission."


def test_without_a_headline_the_first_line_is_the_text_unless_the_header_closes_it():
    assert standfirst(page(*BODY)) is None
    seen = page("Jane Roe", "June 24, 2026", "A gap between common sense and politics.", "Join us on Telegram", *BODY)
    assert seen.title is None
    assert standfirst(seen) == "A gap between common sense and politics."


def test_the_draft_lists_the_drafted_authors_with_the_hint_and_its_line(tmp_path):
    from conftest import copy_archive
    root = copy_archive(tmp_path / "archive")
    raw = tmp_path / "observers.txt"
    raw.write_text("\n\n".join([HEADLINE, "Author avatar", "Jane Roe", *BODY, "(Reporting by John Doe)"]) + "\n", encoding="utf-8")
    result = run(root, "new", str(raw), "--slug", "observers")
    assert result.returncode == 0, result.stderr
    assert "authors:    Jane Roe (name line after the author's picture, line 5; check)" in result.stdout
    text = (root / "sources" / "articles" / "observers.yml").read_text(encoding="utf-8")
    record = yaml.safe_load(text)
    assert record["authors"] == [{"name": "Jane Roe", "basis": "Name line after the author's picture \"Jane Roe\" (line 5)."}]
    assert record["authors_unknown"] is None and "authors" not in record["draft"]
    assert "#   line 5 (authors): 'Jane Roe'" in text and "#   line 13 (authors): '(Reporting by John Doe)'" in text


@pytest.mark.parametrize("setting, pattern", [
    ("  standfirst_closers: [byline, nonsense]\n", r"generic\.yml: extraction\.standfirst_closers: 'nonsense' is not a kind in kinds\.yml"),
    ("  standfirst_closers: byline\n", r"generic\.yml: extraction\.standfirst_closers: must be"),
    ("  dateline_opening: '(a+)+'\n", r"generic\.yml: extraction\.dateline_opening: repeats a group"),
])
def test_a_bad_standfirst_setting_is_refused_in_one_line(tmp_path, setting, pattern):
    from conftest import copy_archive
    from hostile_support import refused
    root = copy_archive(tmp_path / "archive")
    path = root / "sources" / "boilerplate" / "generic.yml"
    text = path.read_text(encoding="utf-8")
    key = setting.split(":")[0]
    text = re.sub(rf"(?m)^{key}:.*\n(?: {{20,}}.*\n)?", lambda m: setting, text)  # with its continuation line
    assert setting in text
    path.write_text(text, encoding="utf-8")
    refused(root, pattern)


# --- after the text: a list of other stories, each closed by the same toggle ---------------

APPEAL = "Dear readers: our reporting depends on you. Please consider a donation so we can keep covering the war."
TEASERS = [
    "Analysis | Europe", "Kaja Kallas",
    "EU avoids risky precedent in Ukraine aid deal", "Europe",
    "The European Union's leaders began their crucial summit on Thursday aimed at converging around the proposal.",
    "keep readingShow less",
    "Military contractors reap big profits in war-to-homeland pipeline", "Military Industrial Complex",
    "By leveraging the dual-use nature of many of their products, contractors have found a second market at home.",
    "keep readingShow less",
    "Why Russians haven't risen up to stop the war", "Europe",
    "After its emergence from the Soviet collapse, the new Russia grappled with the complex issue of national identity.",
    "The war has significantly changed public attitudes toward this question, and led to a consolidation of opinion.",
    "keep readingShow less",
]


def test_a_list_of_teasers_after_the_donation_appeal_goes():
    seen = page(HEADLINE, *BODY, APPEAL, *TEASERS)
    assert body(seen) == BODY
    kinds = {r.text: r.kind for r in seen.removals}
    assert set(TEASERS) <= set(kinds)
    assert {kinds[t] for t in TEASERS[1:]} == {"related-articles"}


def test_one_toggle_alone_takes_nothing():
    more = "Diplomats in Brussels said the mission could begin within weeks of a ceasefire being signed by both sides."
    seen = page(HEADLINE, *BODY, more, "Read more", "Officials added that the mandate would be reviewed every six months by the council.")
    assert more in body(seen) and body(seen)[-1].startswith("Officials added")


def test_the_text_after_a_mid_article_appeal_stays_when_it_is_longer_than_a_teaser():
    rest = [f"Paragraph {n} of the article goes on after the appeal, with its argument and its evidence set out in full." for n in range(4)]
    seen = page(HEADLINE, *BODY, APPEAL, *rest, *TEASERS[2:])
    assert body(seen)[:len(BODY) + len(rest)] == [*BODY, *rest]


def test_sections_too_long_for_teasers_between_toggles_stay():
    section = [f"Sentence {n} of a long section that the page folds away behind a toggle, and it is the article's own text." for n in range(4)]
    other = [line.replace("Sentence", "Line") for line in section[:2]]
    seen = page(HEADLINE, *BODY, "Read more", *section, "Read more", *other, "Read more")
    assert body(seen) == [*BODY, *section, *other]


def test_a_sentence_printed_twice_near_the_top_is_not_taken_for_the_headline():
    """A headline printed again marks the headline; a sentence of the text printed again (a
    pull quote, a caption) does not, and what stands above it is the text, not the header."""
    seen = page(HEADLINE, *BODY, BODY[1], "Officials added that the mandate would be reviewed every six months by the council.")
    assert seen.title.text == HEADLINE
    assert body(seen)[:3] == BODY


def test_a_name_after_a_logo_is_not_an_author_but_after_the_author_s_picture_it_is():
    seen = page("Site logo", "Foreign Policy Research Institute", HEADLINE, *BODY)
    assert authors(seen) == []
    seen = page(HEADLINE, "Author's photo", "Jane Roe", *BODY)
    assert authors(seen) == ["Jane Roe"]
    assert {r.text: r.kind for r in seen.removals} == {"Author's photo": "author-picture", "Jane Roe": "byline"}


@pytest.mark.parametrize("line", [
    "September 15, 2020 byMobasir hassan Post a Comment",  # the date, the author glued to "by", the comment link
    "March 3, 2025 Politics Ukraine, peacekeeping, NATO, ceasefire lines",  # the date and the post's topics
])
def test_a_date_line_with_more_after_it_right_under_the_headline_is_the_page_s_header(line):
    # A date opening the line right under the headline is the header's date line, however many
    # words follow it: it is no text of the article (it was kept as its first paragraph).
    seen = page(HEADLINE, line, *BODY)
    assert seen.title and seen.title.text == HEADLINE
    assert body(seen) == BODY
    assert any(r.text == line and r.kind == "page-header" for r in seen.removals)
    # A first sentence opening with a date stays the text's.
    lede = "March 3, 2025 was the day the talks on a monitoring mission began in Warsaw."
    assert body(page(HEADLINE, lede, *BODY))[0] == lede
