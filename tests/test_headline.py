"""The headline of a text dump chosen by evidence (ingest/headline.py), on pages built line by
line as an editor's dump stands: a breadcrumb trail ending with the headline is the page's
navigation, not its headline; a site's tagline or a menu entry above the headline gives way to
the line under it that the text takes up more."""
from __future__ import annotations

import re

import pytest

from furniture_support import BODY, page

HEADLINE = "Geneva talks: delegations ready to discuss a monitoring mission"  # the text takes up all its words


def title(seen) -> str | None:
    return seen.title.text if seen.title else None


def test_a_breadcrumb_trail_ending_with_the_headline_is_not_the_headline():
    # The trail repeats the headline's words, so the text takes it up as much; a line that is
    # not the date alone stands between them (extract lifts a date line out of the way).
    seen = page("Tips and tricks", "World", f"You are here: Home » World » {HEADLINE}", "Blackswan Thursday, May 30, 2019",
                HEADLINE, *BODY)
    assert title(seen) == HEADLINE


def test_a_breadcrumb_without_spaces_gives_way_to_the_headline_under_it():
    seen = page("Tips and tricks", "Search", f"HomeWorld{HEADLINE}", "Blackswan Thursday, May 30, 2019", HEADLINE, *BODY)
    assert title(seen) == HEADLINE


def test_a_tagline_sharing_some_words_gives_way_to_the_headline_the_text_takes_up_more():
    # The tagline shares "delegations" and "monitoring" with the text: some evidence, but the
    # headline three lines under it shares more of its words; what stands between is a menu.
    seen = page("Delegations and monitoring: our diplomatic desk", "Politics", "Economy", "Defence", HEADLINE, *BODY)
    assert title(seen) == HEADLINE


def test_the_standfirst_under_the_headline_does_not_displace_it():
    # The line right under the headline takes up more words of the text, as a standfirst does.
    standfirst = "Both delegations said in Geneva on Monday they were ready to discuss a monitoring mission"
    seen = page(HEADLINE, standfirst, *BODY)
    assert title(seen) == HEADLINE


def test_a_photo_caption_under_the_byline_does_not_displace_the_headline():
    # A caption is two sentences (its text and its credit): never a headline, however many of
    # the text's words it repeats.
    caption = "Delegations in Geneva discuss a monitoring mission. (Picture by Jane Roe)"
    seen = page("Geneva talks resume", "By John Doe", "Updated March 3, 2025", caption, *BODY)
    assert title(seen) == "Geneva talks resume"


def test_a_section_label_over_the_headline_gives_way_to_the_headline_over_its_byline():
    # The label shares two words with the text, the headline none; but the headline has the
    # article's byline under it, and the label has none.
    seen = page("Monitoring newsletter: the talks", "Politics", "A week of quiet waiting in Switzerland", "By Jane Roe", *BODY)
    assert title(seen) == "A week of quiet waiting in Switzerland"
    assert seen.authors and list(seen.authors.names) == ["Jane Roe"]


def test_a_line_the_text_barely_takes_up_is_not_claimed_as_the_title():
    # One word of its two content words in the text, no byline or date under it: a label, a
    # menu entry or another story's headline as likely as this one's; the editor decides.
    seen = page("The Geneva Weekly", *BODY)
    assert title(seen) is None
    assert [(r.line, r.kind) for r in seen.removals] == [(1, "page-header")]
    assert [x.text for x in seen.text] == BODY


def test_the_same_line_over_a_byline_is_claimed():
    seen = page("The Geneva Weekly", "By Jane Roe", *BODY)
    assert title(seen) == "The Geneva Weekly"


def test_the_draft_names_the_line_not_claimed_as_a_hint(tmp_path):
    from archive.authoring.draft_record import draft_record
    from furniture_support import VOC
    seen = page("The Geneva Weekly", *BODY)
    draft = draft_record(seen, VOC, tmp_path / "t.txt", seen.raw)
    assert "title" in draft.todo
    assert "# Line 1 reads 'The Geneva Weekly': shaped like a headline, but the text takes up too few of its words" \
           " to claim it." in draft.text
    # The placeholder says a line was seen but not claimed, not that none was found.
    assert "(no title line was claimed)" in draft.text
    assert "no title line was found" not in draft.text


NOTICE = "We are glad you read us online. Unfortunately you use an ad blocker, and we pay our writers with advertising, so please allow it."


def test_a_headline_over_its_byline_under_a_notice_is_the_headline_and_the_notice_stays():
    # The notice is a paragraph before any headline-shaped line, so none was claimed; the line
    # with the byline and date right under it is the article's own header. The notice is not
    # taken out with the header: a paragraph is never dropped unseen.
    seen = page("Sections", NOTICE, "Share article:", "Like", HEADLINE, "BY JANE ROE on 21 April 2020", *BODY)
    assert title(seen) == HEADLINE
    assert NOTICE in [x.text for x in seen.text]


def test_a_newsletter_call_gives_way_to_the_headline_over_its_byline_the_text_takes_up():
    # "Get the Geneva Weekly to your inbox" is shaped like a headline, the text takes up none of
    # it and nothing dates it; the headline under its offer has its byline and date.
    seen = page("Get the Geneva Weekly to your inbox daily",
                "Stay on top of the most important diplomatic news each morning, delivered free, with analysis from our correspondents.",
                "Discover our latest picks", HEADLINE, "By Jane Roe", "Feb 21, 2020", *BODY)
    assert title(seen) == HEADLINE



def test_a_date_with_its_author_after_by_is_a_date_line_not_a_headline():
    """A date whose words run on into "by <Name>" gives its author, not a headline's words: the line
    was ranked and taken as the headline (injected under the tune half's headlines, it was drafted as
    the title, or moved the title, on pages whose ranking put it first)."""
    from archive.ingest.dateline import date_line
    assert all(date_line(line) for line in ("Posted on March 3, 2025 by Jane Roe", "Published on 3 March 2025 by Jane Roe",
                                            "Veröffentlicht am 14. Mai 2014 von Anja Schmoll-Trautmann"))
    assert not date_line("2024-01-01 by the ceasefire line")


def test_a_headline_opening_with_a_date_that_runs_on_is_the_headline():
    """A date line is never the headline, but a date that runs on into the headline's words is
    part of it (the hostile-titles build: "2024-01-01 for the ceasefire line" was refused)."""
    from archive.ingest.dateline import date_line
    assert not date_line("2024-01-01 for the ceasefire line")
    assert all(date_line(line) for line in ("4 maja 2021", "2024-01-01: 12:30", "19. Oktober 2019 um 10:15 Uhr", "Published 4 March 2022",
                                            "March 4, 2022 | Updated 10:15", "DATEV Anwalt classic - 15. Februar 2022"))
    headline = "2024-01-01 for a monitoring mission in Geneva"  # 7 words, the text's
    assert title(page("World", headline, *BODY)) == headline


def test_no_date_pattern_finds_a_date_in_a_line_without_digits():
    """dated() and date_line() ask DIGIT before DATE, DAY and YEAR (a search for a date through a
    line of words is costly, and most lines have no digit): right only while every form of a date
    has a digit. A form without one (a month alone, "yesterday") would be lost there: this fails."""
    from pathlib import Path
    from archive.ingest.dateline import DAY, YEAR
    from archive.ingest.metadata import forms
    seeds = Path(__file__).parent / "corpus" / "seeds" / "raw"
    lines = [line for f in sorted(seeds.glob("*.txt")) for line in f.read_text(encoding="utf-8").splitlines()]
    patterns = (forms().date, DAY, YEAR)
    assert sum(any(p.search(line) for p in patterns) for line in lines) >= 3  # the seeds' own dates, with their digits
    undigited = [re.sub(r"\d", "", line) for line in lines] + [
        "March", "Monday, March", "Sept. , ", "Thursday, th of May", "yesterday", "today", "Feb ", "Mar ,"]
    for text in undigited:
        assert not any(p.search(text) for p in patterns), text


@pytest.mark.parametrize("caption", [
    # longer than generic.yml's caption-with-credit takes (160 characters before the credit)
    "Civil protection: volunteers help to evacuate the residents, care for the injured and the sick, set up shelters "
    "near the river and bring food and water to the helpers and to those who lost their homes. Foto: Jane Roe/Agency",
    "Six years after Paris the world is still far from the path it agreed on. picture alliance | Jane Roe",
    "Officers found 475 pounds of cocaine inside a vessel at the boat ramp. By U.S. CUSTOMS AND BORDER PROTECTION",
])
def test_a_caption_ending_with_its_credit_between_the_headline_and_the_text_goes(caption):
    # Public set, tune half (malteser.de, gruene-bundestag.de, viconsortium.com): the lead photo's caption
    # stood between the headline and the text, its credit at its end, and was kept as the text's first
    # paragraph (4 junk segments). Its credit after its last sentence tells it (metadata-lines.yml
    # credit_labels, picture_agencies; a byline in capitals).
    seen = page("Home", HEADLINE, "3 March 2025", caption, *BODY)
    assert title(seen) == HEADLINE
    assert [x.text for x in seen.text] == BODY
    assert next(r for r in seen.removals if r.text == caption).kind == "photo-caption"


def test_a_first_paragraph_naming_a_source_in_its_sentence_stays():
    first = "Officials said the mission would need a mandate, according to a source: the foreign ministry of Norway."
    seen = page("Home", HEADLINE, first, *BODY)
    assert [x.text for x in seen.text] == [first, *BODY]
