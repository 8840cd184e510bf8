"""The region stage: the article's text found by evidence, every line outside it recorded and
shown with that evidence, and the editor's record able to overrule it."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from hostile_support import run

from archive.ingest.clean import clean
from archive.authoring.preview import analyse, read_raw
from archive.ingest.read import Reader
from archive.ingest.region import KIND

SOURCES = ROOT / "sources"

ARTICLE = [
    "Menu", "News", "World", "Opinion", "Sport",
    "Allies weigh a reassurance force for Ukraine",
    "By Jane Roe",
    "European ministers met in Paris on Thursday to discuss how a force of several thousand troops could be "
    "deployed to Ukraine after a ceasefire, and which of them would take part in it.",
    "The proposal, which Britain and France have led since the spring, would place the troops away from the "
    "front line, where they would train the Ukrainian army and protect its airspace and its ports.",
    "What the plan says",
    "Officials said that the force would not be a peacekeeping mission in the usual sense, because it would "
    "not stand between the two armies and would not have a mandate from the United Nations.",
    "Several governments have said that they would only send troops if the United States promised to support "
    "them from the air, a promise that Washington has so far not given in public.",
    "The talks resume on Monday.",
    "Related stories",
    "Opinion",
    "Why the coalition of the willing is running out of time",
    "12 March 2025",
    "For months the leaders of Europe have promised that a force would be ready on the day the guns fall "
    "silent, but the promise has been made so often, and with so little detail about who would go, how many "
    "and under what orders, that it is now heard in Moscow as a sign of weakness rather than of resolve, and "
    "in Kyiv as one more assurance that may never be kept when it matters.",
    "Read more",
    "Newsletter", "Privacy", "Terms", "Contact",
]


def raw_file(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "page.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def preview_of(path: Path):
    voc, _, raw = read_raw(SOURCES, path)
    return analyse(voc, raw, profiles=False), raw


def test_a_long_teaser_after_the_text_is_removed_and_a_short_final_paragraph_kept(tmp_path):
    p, raw = preview_of(raw_file(tmp_path, ARTICLE))
    text = [x.text for x in p.text]
    assert "The talks resume on Monday." in text
    assert "What the plan says" in text  # a subhead inside the text
    assert not any(t.startswith("For months the leaders") for t in text)
    assert p.title is not None and p.title.text == "Allies weigh a reassurance force for Ukraine"
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    teaser = next(r for t, r in outside.items() if t.startswith("For months the leaders"))
    assert teaser.rule == "region:after-article"
    assert "ends a sentence" in teaser.evidence and "4 paragraphs of running prose" in teaser.evidence
    assert {"Menu", "News", "Opinion", "12 March 2025"} <= set(outside)
    # A line a rule names keeps the rule's kind, with the region's evidence beside it.
    label = next(r for r in p.removals if r.text == "Related stories")
    assert label.kind == "related-articles" and "the article: 4 paragraphs" in label.evidence
    assert p.unaccounted() == []


def test_preview_shows_the_evidence_and_how_to_overrule_it(tmp_path):
    result = run(ROOT, "preview", str(raw_file(tmp_path, ARTICLE)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"{KIND} [region:after-article]: 'For months the leaders" in out
    assert "        evidence: " in out and "function words (en)" in out
    assert "region: {first: LINE, last: LINE" in out


def test_the_records_region_overrules_the_stage(tmp_path):
    """The editor reads the teaser as the article's (say it is its last section): the record's
    region keeps it, and lines outside the record's region are removed with that reason."""
    voc, _, raw = read_raw(SOURCES, raw_file(tmp_path, ARTICLE))
    teaser = next(x for x in raw.lines if x.text.startswith("For months the leaders"))
    first = next(x for x in raw.lines if x.text.startswith("Allies weigh"))
    cleaned = clean(raw, voc.generic_rules, voc.extraction.head_max_chars, voc.extraction.function_words,
                    (first.number, teaser.number))
    assert teaser in cleaned.kept
    menu = next(r for r in cleaned.removals if r.text == "Menu")
    assert menu.kind == KIND and menu.evidence.endswith(f"the record's region: lines {first.number} to {teaser.number}")


@pytest.mark.parametrize("region, message", [
    ("{first: 9, last: 3, basis: x}", "region: first (9) and last (3) must be raw line numbers, first at least 1 and not after last"),
    ("{first: 1, last: 3}", "region.basis: is missing"),
    ("{first: '1', last: 3, basis: x}", "region.first: must be"),
])
def test_a_wrong_region_in_a_record_is_one_line_naming_the_field(tmp_path, region, message):
    reader = Reader(SOURCES)
    voc = reader.vocabulary(SOURCES)
    record = ROOT / "sources" / "articles" / "why-a-peacekeeping-force-wont-help-ukraine.yml"
    path = tmp_path / record.name
    path.write_text(record.read_text(encoding="utf-8") + f"region: {region}\n", encoding="utf-8")
    assert reader.record(path, voc) is None
    assert any(message in str(p) for p in reader.problems), reader.problems


def test_a_right_region_in_a_record_is_read(tmp_path):
    reader = Reader(SOURCES)
    voc = reader.vocabulary(SOURCES)
    record = ROOT / "sources" / "articles" / "why-a-peacekeeping-force-wont-help-ukraine.yml"
    path = tmp_path / record.name
    path.write_text(record.read_text(encoding="utf-8") + "region: {first: 3, last: 40, basis: the editor's reading}\n", encoding="utf-8")
    assert reader.record(path, voc).region == (3, 40), reader.problems


def test_a_page_without_running_prose_loses_nothing_to_the_region(tmp_path):
    p, raw = preview_of(raw_file(tmp_path, ["Menu", "News", "Home page", "Contact us"]))
    assert not any(r.kind == KIND for r in p.removals)


def test_the_draft_names_the_prose_left_outside(tmp_path):
    """archive new says which paragraphs of running prose the region left out, and how to keep them."""
    import shutil
    root = tmp_path / "archive"
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    page = raw_file(tmp_path, ARTICLE)
    result = run(root, "new", str(page), "--slug", "allies-weigh-a-force")
    assert result.returncode == 0, result.stderr
    teaser = next(n for n, text in enumerate(page.read_text(encoding="utf-8").split("\n"), 1) if text.startswith("For months"))
    assert (f"    outside:  1 paragraph of running prose left outside the article (line {teaser}): if the article's, "
            "write region: {first: LINE, last: LINE, basis: \"why\"} in the record") in result.stdout


SPLIT_FIRST = [
    "The ministers agreed in principle that a force would be sent, but they left open how many troops each "
    "country would provide and who would command them once they had arrived.",
    "Britain and France said that they would each send a brigade, while the smaller members of the coalition "
    "offered staff officers, engineers and the use of their air bases.",
]
GALLERY = [line for n, caption in enumerate(["Paris, Élysée Palace", "Ministers arriving", "The press conference",
                                               "Macron and Starmer", "The Ukrainian delegation", "Outside the palace",
                                               "Journalists waiting", "The final statement"], 1)
           for line in (f"Photo {n} of 8", caption)]
SPLIT_SECOND = [
    f"In the {n} part of the talks the ministers turned to the question of air cover, which several of them "
    "said was the condition on which everything else depended, and to the role of the United States." for n in
    ("first", "second", "third", "fourth", "fifth")
]


def test_an_article_split_by_a_gallery_keeps_both_parts_and_leaves_the_gallery_out(tmp_path):
    # The part before the gallery weighs less than the gallery costs, and the gallery is longer
    # than a header: as one stretch the article would lose that part; an earlier stretch of
    # prose is the article's too.
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, *GALLERY, *SPLIT_SECOND,
             "Related stories", "Why the coalition of the willing is running out of time", "Newsletter", "Privacy"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, *SPLIT_SECOND]
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    assert set(GALLERY) <= set(outside)
    assert outside["Photo 1 of 8"].rule == "region:between-article"
    assert "in 2 stretches" in outside["Photo 1 of 8"].evidence
    assert p.title is not None and p.title.text == "Allies weigh a reassurance force for Ukraine"
    assert p.unaccounted() == []


LEAD_IN = "Before any of them sends troops, the ministers want six things settled:"
ITEMS = ["a ceasefire signed by both sides,", "air cover from the United States,", "a mandate from a treaty,",
         "rules of engagement,", "a headquarters in Kyiv,", "and a date when the troops go home."]
LAST = ("None of these has been settled yet, and the officials who spoke after the meeting said that they did not "
        "expect the first of them to be settled before the summer.")


def test_a_list_the_text_introduces_and_the_paragraph_after_it_are_the_articles(tmp_path):
    # Six short items cost more than the paragraph after them weighs: read by their shape alone,
    # the text would end at the lead-in. A line of the text ending in a colon says a list
    # follows; its items (words of the text, its punctuation) are the article's, and so is the
    # paragraph after them. The menu after it is not an item: no function words, no punctuation.
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, LEAD_IN, *ITEMS, LAST,
             "Newsletter", "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, LEAD_IN, *ITEMS, LAST]
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    assert {"Podcasts", "Privacy", "Terms", "Contact"} <= set(outside)
    assert outside["Podcasts"].rule == "region:after-article"
    assert p.unaccounted() == []



MARKED = ["– a ceasefire line drawn on a map,", "– observers from neutral countries", "– a mandate of one year",
          "– a report to the Security Council every month"]


def test_marked_items_under_a_short_lead_in_after_the_last_paragraph_are_the_articles(tmp_path):
    # Public set (tune half): "Aus dem Inhalt:" and its items, each marked with a dash, after a
    # post's last paragraph were left outside, a text segment among them. A lead-in of three words
    # may be a label ("Read more:"), but items that carry a list's marks say a list follows. The
    # same short label over unmarked lines (a menu) is not one.
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, "What they want:", *MARKED,
             "Related:", "Newsletter", "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, "What they want:", *MARKED]
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    assert {"Podcasts", "Privacy", "Terms", "Contact"} <= set(outside)
    assert p.unaccounted() == []


TIMETABLE = ["Saturday 11:00 warm-up", "Saturday 12:00 contest", "Saturday 18:30 prize-giving", "Sunday 23:00 afterparty"]


def test_a_timetable_the_text_introduces_is_the_articles_its_lines_told_by_their_figures(tmp_path):
    # Public set (tune half): a post's timetable under "So sieht der vorläufige Timetable aus:" was
    # left outside, and a price list under a lead-in ("... au 12 janvier 2020 à 11h :"): "Warm Up
    # 11:00 Uhr" has neither function words nor punctuation, so it read as a menu's entry and ended
    # the list. A figure (an hour, a price, a quantity) says it is the list's; a menu's entries carry
    # words. The menu after it is still outside.
    lead_in = "This is the provisional timetable for the day of the contest:"
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, lead_in, *TIMETABLE,
             "Newsletter", "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, lead_in, *TIMETABLE]
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    assert {"Podcasts", "Privacy", "Terms", "Contact"} <= set(outside)
    assert p.unaccounted() == []


def test_a_list_whose_lead_in_stands_one_line_below_the_last_paragraph_is_the_articles(tmp_path):
    # Public set (tune half): "Hier geht's zur Facebook Veranstaltung" between a post's last
    # paragraph and the lead-in of its timetable; the list was reached only right under the
    # paragraph. One line of the text's words (function words, printed once) may stand between;
    # a menu's entry ("Newsletter": no function words) may not, and the list under it stays outside.
    link, items = "The event has its own page on Facebook", ITEMS[:-1]  # no item a paragraph of prose
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, link, LEAD_IN, *items,
             "Newsletter", "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, link, LEAD_IN, *items]
    assert p.unaccounted() == []
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, "Newsletter", LEAD_IN, *items,
             "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == SPLIT_FIRST
    assert p.unaccounted() == []


BLURB = ("Our newsroom has covered the war in Ukraine since the first day of the invasion, with reporters in Kyiv, "
         "Kharkiv and Odesa and a desk in Brussels that follows the talks.")
OPENING = ("The ministers met again on Tuesday, and this time they brought their chiefs of staff, who had drawn up "
           "a table of what each country could send.")
TABLE = [cell for n in range(1, 11) for cell in (f"Country {n}", f"{n * 100} troops", "yes")]
BODY_PARAGRAPHS = [
    f"In the {n} round of talks the chiefs of staff compared what their armies could spare, and found that the "
    "numbers fell short of what the planners had asked for by several thousand troops and most of the helicopters."
    for n in ("first", "second", "third", "fourth", "fifth", "sixth")
]


def test_the_part_of_the_text_nearest_the_strongest_stretch_is_not_skipped_for_a_stronger_one_further_up(tmp_path):
    # The opening paragraph weighs less than the site's blurb above it, and a long table parts
    # it from the rest: looking only for the strongest stretch before the rest found the blurb
    # and never came back to the opening. Each stretch of prose before the strongest is weighed.
    lines = ["Home", "News", "World", "Opinion", "Video", BLURB, *(f"Section {n}" for n in range(1, 16)),
             "Allies count their troops", OPENING, *TABLE, *BODY_PARAGRAPHS, "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    text = [x.text for x in p.text]
    assert OPENING in text and text[-6:] == BODY_PARAGRAPHS
    assert "Privacy" not in text and p.unaccounted() == []


APPEAL = ("If you value reporting like this, join the thousands of readers who support our work every month: it "
          "takes two minutes, and every gift, however small, keeps our journalism free for everyone to read.")


def test_a_short_text_after_the_share_bar_that_ends_the_article_is_left_outside(tmp_path):
    # After the article's last paragraph a share bar, then an appeal of running prose: it
    # outweighs the share bar's three lines, so by the sum alone it was the article's. Past a
    # run of three lines that are not prose, what weighs less than a fifth of the text is
    # another text; the editor sees it removed, with its evidence, and can overrule it.
    lines = ["Allies count their troops", "By Jane Roe", *BODY_PARAGRAPHS, "Share", "Facebook", "Email", APPEAL,
             "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == BODY_PARAGRAPHS
    appeal = next(r for r in p.removals if r.text == APPEAL)
    assert appeal.rule == "region:after-article" and "ends a sentence" in appeal.evidence
    assert p.unaccounted() == []


def test_a_closing_line_ending_in_an_emoji_or_emoticon_ends_a_sentence(tmp_path):
    # Informal prose ends a sentence with a smiley as often as with a full stop: the blog's last
    # line is the article's, the share bar after it is not.
    for last in ("And that, for once, felt like the right decision 😉", "And that, for once, felt like the right decision :)"):
        lines = ["Allies count their troops", "By Jane Roe", *BODY_PARAGRAPHS[:3], last, "Share", "Facebook", "Email"]
        p, _ = preview_of(raw_file(tmp_path, lines))
        assert [x.text for x in p.text] == [*BODY_PARAGRAPHS[:3], last]


HEADLINE_FAR_ABOVE = [
    "Menu", "News", "World",
    "Ministers weigh a European force for Ukraine",
    "Share", "Facebook", "Twitter", "Email", "Print", "Listen", "Comments", "Save", "Gift",
    "Photo: a French soldier at a training ground near Lviv",
    "Subscribe now",
    *ARTICLE[7:13],
    "Newsletter", "Privacy", "Terms", "Contact",
]


def test_the_headline_is_found_above_the_region_by_the_words_the_text_takes_up(tmp_path):
    """A share bar and a menu's worth of short lines part the headline from the text: the region's
    header stops at them, and the headline is the short line above whose words the text repeats
    (ministers, European, force, Ukraine), not "Subscribe now" or the photo's caption."""
    p, raw = preview_of(raw_file(tmp_path, HEADLINE_FAR_ABOVE))
    assert p.title is not None and p.title.text == "Ministers weigh a European force for Ukraine"
    outside = {r.text: r for r in p.removals}
    assert outside["Facebook"].kind == KIND and outside["Menu"].kind == KIND
    assert p.unaccounted() == []


def test_a_headline_shaped_line_the_text_does_not_take_up_gives_way_to_one_it_does(tmp_path):
    """The first headline-shaped line is a site's motto the text never repeats; the article's
    headline stands far above, beyond the share bar: that one, by the text's words."""
    lines = ["Menu", "News", "World", "Ministers weigh a European force for Ukraine",
             "Share", "Facebook", "Twitter", "Email", "Print", "Listen",
             "The news that matters to you every day", *ARTICLE[7:13]]
    p, raw = preview_of(raw_file(tmp_path, lines))
    assert p.title is not None and p.title.text == "Ministers weigh a European force for Ukraine"


def test_short_labels_between_the_headline_and_the_text_are_the_page_s_header(tmp_path):
    """A date, a category, a reading time, print buttons between the headline and the first
    paragraph are no sentence of the text: removed as page-header with their rule; the byline
    stays for its names."""
    lines = ["Menu", "News", "World", "Opinion", "Sport", ARTICLE[5], "Thursday, 12 March 2025, 10:40",
             "Defence & Security", "5 min read", "Jump to comments Print", "By Jane Roe", *ARTICLE[7:13]]
    p, raw = preview_of(raw_file(tmp_path, lines))
    assert p.title.text == ARTICLE[5]
    labels = {r.text: r for r in p.removals if r.rule == "generic:header-label"}
    assert set(labels) == {"Defence & Security", "Jump to comments Print"}, p.removals  # "5 min read" has a rule of its own
    assert all(r.kind == "page-header" for r in labels.values())
    assert p.found.byline == ("Jane Roe",)
    assert p.text[0].text == ARTICLE[7]
    assert p.unaccounted() == []



def test_a_line_printed_again_under_the_first_paragraphs_is_not_the_headline(tmp_path):
    """An embed's label printed three times among the paragraphs ("View this post on Instagram")
    is not a headline printed twice: taking it for one dropped the paragraphs above it as the
    page's header."""
    embed = "View this post on Instagram"
    lines = ["Menu", "News", ARTICLE[5], ARTICLE[7], ARTICLE[8], embed, "A post shared by Jane Roe (@janeroe)",
             ARTICLE[10], embed, ARTICLE[11], embed, ARTICLE[12]]
    p, raw = preview_of(raw_file(tmp_path, lines))
    text = [x.text for x in p.text]
    assert ARTICLE[7] in text and ARTICLE[8] in text
    assert p.title is None or p.title.text != embed


def test_a_short_final_sentence_with_only_known_furniture_after_it_is_the_articles(tmp_path):
    # "Talks resume Monday." has none of the language's function words, so by its shape alone it
    # could be a button's label, and it was left outside with the share bar after it. But it ends
    # a sentence right after the last paragraph, and every line after it to the dump's end is
    # furniture a rule names (share buttons, a newsletter label, the copyright): no other text
    # follows that it could belong to. It is the article's closing line; the rules still name
    # the furniture after it.
    last = "Talks resume Monday."
    furniture = ["Share", "Email", "Print", "Newsletter", "© 2025 Example Media. All rights reserved."]
    p, _ = preview_of(raw_file(tmp_path, [*ARTICLE[:12], last, *furniture]))
    assert [x.text for x in p.text][-2:] == [ARTICLE[11], last]
    removed = {r.text: r for r in p.removals}
    assert all(removed[f].kind != KIND for f in furniture), removed
    assert p.unaccounted() == []


MINUTES = [
    "– The force will be led by Britain and France, with its headquarters in Paris for the first year.",
    "– A second meeting of the chiefs in May",
    "Dates",
    "– 2 May: chiefs of staff, London",
    "– 9 May: ministers, Paris",
    "– 27 May: leaders, Brussels",
]


def test_a_list_the_text_ends_in_runs_on_to_its_last_item(tmp_path):
    # Public set (tune half): an association's minutes ended at their first dashed item, long
    # enough to read as a paragraph; the short items after it, a subhead ("Termine") and the dates
    # under it were left outside. The next item of the list the text ends in (the same bullet,
    # or the next number) within a few lines is the text's; the menu after the last is not.
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST,
             "What the ministers agreed on Thursday:", *MINUTES, "Newsletter", "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, "What the ministers agreed on Thursday:", *MINUTES]
    outside = {r.text for r in p.removals if r.kind == KIND}
    assert {"Podcasts", "Privacy", "Terms", "Contact"} <= outside
    assert p.unaccounted() == []


def test_a_numbered_list_runs_on_only_to_its_next_number(tmp_path):
    # Public set (tune half): a list of jokes ended at "47. What is a computer's favorite snack?";
    # its answer ("Computer chips!!") and a reader's credit under it read as furniture, and the
    # jokes from 48 on were left outside. The list runs on by its numbers; "7. ..." after the
    # menu is not the next number, and stays outside.
    jokes = ["1. Why did the minister bring a ladder to the summit in Paris this week?", "Higher talks", "Reader Jane K",
             "2. What do the generals call a ceasefire?", "Long lunch",
             "3. Why do diplomats never play hide and seek?", "Never found"]
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, *jokes,
             "Podcasts", "7. Why the coalition of the willing is running out of time", "Privacy", "Terms"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    text = [x.text for x in p.text]
    assert text[:len(SPLIT_FIRST) + 6] == [*SPLIT_FIRST, *jokes[:6]]
    assert "7. Why the coalition of the willing is running out of time" not in text
    assert p.unaccounted() == []


def test_a_numbered_table_of_contents_does_not_split_the_text(tmp_path):
    # Public set (tune half): an article's numbered table of contents ("1. Schmerz und seine Funktion",
    # ... "8. Fazit") cost as much as a menu between its opening paragraph and the rest, and the first
    # section's paragraph under it, running on into two lines of a list, was left outside. Lines
    # numbered in sequence are a list whatever introduces them (shape.numbered): a menu is not
    # numbered. Eleven entries: more lines than a header's (edges.HEADER_LINES) between the two.
    sections = ["What the plan says", "Who would go", "Under whose orders", "What Moscow says", "What Kyiv wants",
                "What Washington offers", "The air cover", "The ports", "The money", "The mandate", "What comes next"]
    opening = ("Whether a European force can keep a ceasefire in Ukraine has been argued over since the spring, and "
               "the answers depend on who is asked and on what the force would be asked to do.")
    first = ("The plan that Britain and France put to their allies would place several thousand troops away from the "
             "front line, where it would do two things that the Ukrainian army cannot yet do alone:")
    things = ["training the army's new brigades and", "guarding the airspace over the ports."]
    rest = [f"In its {n} part the plan says that the force would stay for as long as the ceasefire held, and that "
            "it would be replaced by Ukrainian units once they had been trained and equipped for the task." for n in
            ("second", "third", "fourth", "fifth", "sixth", "seventh")]
    toc = [f"{n}. {title}" for n, title in enumerate(sections, 1)]
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", opening, "Contents", *toc,
             sections[0], first, *things, *rest, "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [opening, "Contents", *toc, sections[0], first, *things, *rest]
    assert p.unaccounted() == []


def test_a_numbered_list_between_two_parts_of_the_text_does_not_part_them(tmp_path):
    # Public set (tune half): a post's favourites missing from a ranking ("Phil Anselmo, Pantera"), then
    # "Here's the full list from Hit Parader." over "01. Robert Plant" ... "100. Ray Gillen": the names
    # parted the text's two stretches, and with the list there were far more than a header's worth of
    # lines between them, so the list was left outside. A list's items are the text's own: only the
    # other lines between two stretches count against joining them (region.joined).
    countries = ["Britain", "France", "Poland", "Estonia", "Latvia", "Lithuania", "Finland", "Sweden", "Norway",
                 "Denmark", "Netherlands", "Belgium", "Czechia", "Romania", "Canada", "Australia"]
    ranking = [f"{n}. {country}" for n, country in enumerate(countries, 1)]
    between = ["Missing from it", "Spain", "Italy", "Greece", "The ministry's list"]
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST, *between, *ranking,
             *BODY_PARAGRAPHS, "Podcasts", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, *between, *ranking, *BODY_PARAGRAPHS]
    assert p.unaccounted() == []


def test_a_recipe_s_card_after_the_blog_text_is_the_articles(tmp_path):
    # Public set (tune half): a baking blog's post, then its recipe card after a print button, a rating
    # and the times: the ingredients are no running prose and the method's sentences a stretch after the
    # strongest, so both were left outside. A heading naming the ingredients over lines that open with a
    # quantity, then one naming the method, say the page is a recipe: its card is the article's, what
    # parts the ingredients from the method (a shop's call, the nutrition facts) is not, and the
    # related recipes after the method are not.
    post = ["My grandmother baked this lemon cake on every Sunday in spring, and the smell of it still takes me "
            "back to her kitchen whenever I open the oven door.",
            "It is the simplest cake I know: the batter is mixed in one bowl, spread on a tray and baked for less "
            "than half an hour, so it is ready before the guests are.",
            "The glaze is what makes it special, because the lemon juice soaks into the warm cake and keeps it "
            "moist for days if you store it in a tin."]
    facts = ["Prep time: 10 min", "Serves: 12"]  # stated right over the ingredients: the card's
    ingredients = ["Ingredients", "300 g butter", "200 g sugar", "6 eggs", "350 g flour", "Zest of two lemons"]
    method = ["Method", "Heat the oven to 175 degrees and grease a baking tray.",
              "Beat the butter and sugar until pale, then add the eggs one by one.",
              "Spread the batter on the tray and bake it for about 25 minutes."]
    lines = ["Menu", "Recipes", "Cakes", "Blog", "Contact", "Lemon sheet cake", "By Jane Roe", *post,
             "Print recipe", "Pin", "4.5 from 200 ratings", *facts, *ingredients,
             "Like this recipe? Add the ingredients to your basket and we deliver them.", "Nutrition", "Energy 380 kcal",
             *method, "Related recipes", "Lemon tart", "Lemon muffins", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*post, *facts, *ingredients, *method]
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    call = outside["Like this recipe? Add the ingredients to your basket and we deliver them."]
    assert call.rule == "region:between-article" and "a recipe's card" in call.evidence
    assert {"4.5 from 200 ratings", "Nutrition", "Energy 380 kcal", "Lemon tart", "Lemon muffins"} <= set(outside)
    assert p.unaccounted() == []


def test_a_recipe_s_card_right_under_the_headline_keeps_its_ingredients(tmp_path):
    # Public set (tune half): a recipe's page with no blog text, its card straight under the headline.
    # The head's rules took the ingredients for the header's labels (short lines that are no sentence
    # between the headline and the first paragraph); the card's lines are the text's wherever they stand.
    ingredients = ["Ingredients", "1 whole chicken", "2 tablespoons vegetable oil", "1 medium onion, chopped",
                   "250 g minced lamb", "1 tablespoon ground cinnamon", "2 cups rice, soaked in water for an hour"]
    method = ["How to prepare", "Roast the chicken in a hot oven for about fifty minutes until it is golden brown.",
              "Meanwhile, cook the onion in the oil in a large pan until it is almost golden in colour.",
              "Add the lamb and the spices, then the rice and the water, and simmer it covered until done.",
              "Spoon the rice onto a platter and arrange the pieces of the roasted chicken over it."]
    lines = ["Menu", "Recipes", "Brands", "Contact", "Roasted chicken with oriental rice", *ingredients,
             "Like this recipe? Add the ingredients to your basket and we deliver them.", "Nutrition", "Energy 780 kcal",
             *method, "Related recipes", "Lemon chicken", "Chicken risotto", "Privacy", "Terms"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert p.title.text == "Roasted chicken with oriental rice"
    assert [x.text for x in p.text] == [*ingredients, *method]
    assert p.unaccounted() == []


def test_posts_the_text_embeds_after_its_last_paragraph_are_the_articles(tmp_path):
    # Public set (tune half): a post ended with a paragraph and the reactions it collects, each an embedded
    # post with its credit under it ("— Jane Roe (@janeroe) ..."); the posts are no running prose, so they
    # were left outside. A credit within a dozen lines of the text's last line, nothing between printed
    # again, makes the post above it the article's, as a post inside the text is; the menu after is not.
    posts = ["The ministers talk, the soldiers wait. #Ukraine #ceasefire", "pic.twitter.com/abc123",
             "— Jane Roe (@janeroe) March 3, 2025",
             "Nobody in Kyiv will believe a promise without air cover behind it.",
             "— John Doe (@johndoe) March 4, 2025"]
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST,
             "This is what people wrote when the talks ended:", *posts,
             "Podcasts", "Newsletter", "Privacy", "Terms", "Contact"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, "This is what people wrote when the talks ended:", *posts]
    outside = {r.text for r in p.removals if r.kind == KIND}
    assert {"Podcasts", "Privacy", "Terms", "Contact"} <= outside
    assert p.unaccounted() == []


def test_a_slideshow_the_text_holds_is_the_articles_to_its_last_slide(tmp_path):
    # Public set (tune half): a news site's slideshow counted "1/5" to "5/5", each slide a heading, its
    # text, and an image credit and agency printed on every slide; those repeated lines weighed as a
    # menu, and the slides after the second were left outside. A count from 1 to N in order is one
    # slideshow: every slide is the article's down to the first line the page prints again; the
    # repeated credits and the teasers after it are not.
    slides = [
        ("Who would go", "Britain and France have said that they would send troops, and several smaller armies "
                         "have said that they might join them once a ceasefire holds."),
        ("Under whose orders", "The force would answer to a headquarters in Paris, not to NATO, because several of "
                               "its members fear that a NATO flag would be read in Moscow as a provocation."),
        ("Where it would stand", "The troops would stay far from the front line, in the west of the country, where "
                                 "they would train the army and guard the ports and the power stations."),
        ("What it would cost", "Nobody has said how much the force would cost, or who would pay for it, and the "
                               "finance ministers have not yet been asked."),
        ("What comes next", "The defence ministers meet again in a month, when each of them is to say how many "
                            "troops their country would send and for how long."),
    ]
    shown = []
    for n, (heading, text) in enumerate(slides, 1):
        shown += [f"{n}/5", heading, text]
    lines = ["Allies weigh a reassurance force for Ukraine", "By Jane Roe", *SPLIT_FIRST]
    for n, (heading, text) in enumerate(slides, 1):
        lines += [f"{n}/5", heading, text, "Image credit: Ministry of Defence", "Agencies"]
    lines += ["Popular slideshows", "Ten tanks that changed the war", "Privacy", "Terms"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert [x.text for x in p.text] == [*SPLIT_FIRST, *shown]
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    assert "a slideshow of 5 slides" in outside["Ten tanks that changed the war"].evidence
    assert {"Agencies", "Privacy", "Terms"} <= set(outside)
    assert p.unaccounted() == []


def test_the_posts_of_a_thread_whose_first_post_is_the_text_are_the_articles(tmp_path):
    # Public set (tune half): a forum's thread, its posts counted "#1", "#2", ... each under its author's
    # box (name, rank, "Member since", post count, printed on each of their posts). The first post was
    # found as the text and the replies were left outside: the boxes between them weigh as a menu. A
    # count from "#1" whose first post the text starts right under is a thread: each post is the
    # article's down to the next author's box, the last to its last sentence; the related threads after
    # it are not.
    box = {"Jane": ["J", "Jane", "Senior member", "Member since", "3 March 2014", "Posts", "2,206", "From", "Lyon", "1 March 2025"],
           "John": ["JD", "John", "Member", "Member since", "9 June 2017", "Posts", "1,158", "From", "Leeds", "2 March 2025"]}
    posts = [("Jane", ["Has anyone here heard what the ministers agreed in Paris about the force for Ukraine?",
                       "The reports I read say that several thousand troops would go, but nobody says from where."]),
             ("John", ["As far as I know Britain and France would send most of them, and the rest would come later.",
                       "The smaller armies want to see the mandate first, which makes sense to me."]),
             ("Jane", ["Thanks, that helps. I had read that Poland would send troops too, but it seems not."]),
             ("John", ["Poland said it would rather guard its own border and help with the logistics."])]
    lines = ["Forum", "Search", "Log in", "Register", "Will Europe send troops to Ukraine?"]
    text = []
    for n, (author, said) in enumerate(posts, 1):
        lines += [*box[author], f"#{n}", *said]
        text += [f"#{n}", *said]
    lines += ["Jane's signature: peace first", "Similar threads", "Why the coalition of the willing is running out of time?",
              "Share", "Privacy", "Terms"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    kept = [x.text for x in p.text]
    assert kept[:2] == posts[0][1] and kept[-4:] == text[-4:] and "#2" in kept and posts[1][1][0] in kept
    outside = {r.text: r for r in p.removals if r.kind == KIND}
    assert "a thread of 4 posts" in outside["Privacy"].evidence and "Jane" in outside
    assert {"Similar threads", "Why the coalition of the willing is running out of time?", "Privacy"} <= set(outside)
    assert p.unaccounted() == []
