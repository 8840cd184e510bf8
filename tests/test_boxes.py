"""Furniture the extractor keeps inside a saved page's article, set aside by what the page's
markup names it (ingest/boxes.py), each line with its evidence; a wrapper that holds the whole
text is no box, and the headline stays whatever box it is in.

The page is tests/fixtures/pages/opinion-opengraph.html (written from a seed's text) with an
author's position in a box as faz.net prints one ("cbx-Author_Position"), the text wrapped in a
"share-zone" as franceculture.fr wraps it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

from archive.core.article import Line, RawArticle
from archive.ingest import boxes
from archive.ingest.derive import clean_region, derive
from archive.ingest.read import Reader
from archive.ingest.webpage import parse, visible_blocks

PAGE = ROOT / "tests" / "fixtures" / "pages" / "opinion-opengraph.html"
SOURCES = ROOT / "sources"
POSITION = "Senior fellow for European security."


def page_with_boxes() -> bytes:
    html = PAGE.read_text(encoding="utf-8")
    text = html.split('<div class="entry-content">')[1].split("</div>")[0]
    paras = re.findall(r"<p>.*?</p>", text, re.S)
    boxed = "".join(paras) + f'<div class="cbx-Author"><p class="cbx-Author_Position">{POSITION}</p></div>'
    html = html.replace(text, boxed).replace('<div class="entry-content">', '<div class="share-zone"><div class="entry-content">', 1)
    return html.replace('</div>\n<div class="appeal">', '</div></div>\n<div class="appeal">', 1).encode()


def test_a_box_the_markup_names_is_set_aside_with_its_evidence_and_the_wrapper_is_not():
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    _, derivation = derive(page_with_boxes(), 1 << 22, extraction=rules)
    lines = derivation.text.split("\n")
    kept = [lines[n - 1] for n in derivation.article]
    aside = {lines[n - 1]: why for n, why in derivation.set_aside}
    assert POSITION not in kept and "'author'" in aside[POSITION] and 'class="cbx-Author_Position"' in aside[POSITION]
    # only that line goes: the paragraphs in the "share-zone" wrapper and the headline all stay
    plain = derive(page_with_boxes(), 1 << 22)[1]  # without the rules nothing is set aside
    assert not plain.set_aside and [lines[n - 1] for n in plain.article] == [*kept, POSITION]
    assert kept[0].startswith("European 'peacekeepers'")
    # the removal record says why, line by line
    raw = RawArticle("p", "p.txt", "0" * 64, len(derivation.text), tuple(Line(n, x) for n, x in enumerate(lines, 1) if x), ())
    cleaned = clean_region(raw, (), rules, None, (derivation.article, derivation.extractor, derivation.set_aside))
    assert [r.evidence for r in cleaned.removals if r.text == POSITION] == [aside[POSITION]]


def test_a_short_line_after_the_article_container_is_set_aside_and_a_box_holding_much_is_not():
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far. "
    html = (f'<html><body><div class="post"><h1>Peacekeepers</h1><div class="entry">{"".join(f"<p>{prose * 3}{n}</p>" for n in range(8))}'
            f'<div class="caption-wide"><p>{prose * 4}</p></div></div>'
            f'<p>Quelle: Landesregierung</p></div></body></html>').encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    aside = boxes.set_aside(blocks, list(range(len(blocks))), frozenset({"aside"}), frozenset({"caption"}))
    assert [blocks[i].text for i in aside] == ["Quelle: Landesregierung"]  # a "caption" box with 10% of the text is no caption
    assert 'after the article\'s main container, <div class="entry">' in aside[len(blocks) - 1]


def test_a_cookie_notice_kept_inside_the_article_is_set_aside_by_its_class():
    # A consent tool's content blocker stands where an embedded map was ("Klicken Sie auf den
    # unteren Button, um den Inhalt von www.komoot.de zu laden.", in a <div class="BorlabsCookie">):
    # the extractor keeps it with the text; its class names it, in any language.
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far. "
    blocker = "Click the button below to load the content of maps.example.com."
    html = (f'<html><body><div class="entry">{"".join(f"<p>{prose * 3}{n}</p>" for n in range(8))}'
            f'<div class="BorlabsCookie"><div class="_brlbs-content-blocker"><p>{blocker}</p></div></div>'
            f'<p>{prose * 3}</p></div></body></html>').encode()
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    blocks = visible_blocks(parse(html, 1 << 20).root)
    aside = boxes.set_aside(blocks, list(range(len(blocks))), rules.furniture_tags, rules.furniture_words)
    assert [blocks[i].text for i in aside] == [blocker] and "'cookie'" in aside[8]


def set_aside_in(html: bytes):
    """The vocabulary's extraction rules, the page's blocks, and those set aside with every line kept."""
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    blocks = visible_blocks(parse(html, 1 << 20).root)
    return rules, blocks, boxes.set_aside(blocks, list(range(len(blocks))), rules.furniture_tags, rules.furniture_words,
                                          rules.furniture_roles)


def test_a_box_whose_aria_role_names_furniture_is_set_aside_in_any_language():
    # A page states what a box is to assistive software by its WAI-ARIA role, whatever its words
    # and class names: a picture's buttons ("Bild anzeigen Bild schließen", backen.de), a login
    # dialog, a gallery's button (independent.co.uk). On the public set's tune half, the boxes so named
    # (generic.yml furniture_roles) hold none of its text segments in 8,203 lines.
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far. "
    html = (f'<html><body><div class="entry">{"".join(f"<p>{prose * 3}{n}</p>" for n in range(8))}'
            f'<div class="picture-toggle" role="button"><span>Bild anzeigen</span> <span>Bild schließen</span></div>'
            f'<p>{prose * 3}</p><div class="modal" role="dialog"><p>Login oder Anlage eines Benutzerkontos</p></div>'
            f'<div role="main note"><p>{prose}</p></div></div></body></html>').encode()
    rules, blocks, aside = set_aside_in(html)
    assert {blocks[i].text: why for i, why in aside.items()}.keys() == {"Bild anzeigen Bild schließen", "Login oder Anlage eines Benutzerkontos"}
    assert "names 'role=\"button\"', <div class=\"picture-toggle\">" in aside[8] and "'role=\"dialog\"'" in aside[10]
    _, derivation = derive(html, 1 << 20, extraction=rules)  # as archive new reads the page
    assert 21 in dict(derivation.set_aside) and not {17, 21} & set(derivation.article) and 23 in derivation.article


def test_a_line_ending_with_a_part_named_as_a_credit_is_a_caption_and_a_byline_is_not():
    # A photo's caption under the headline, its credit set in a span the markup names
    # (viconsortium.com: "... in Las Croabas. <span class="credit">By U.S. CUSTOMS AND BORDER
    # PROTECTION</span>"), in a paragraph no furniture word names: the extractor keeps it, and the
    # text path drafted it as the title. A line that is mostly such a part is a byline and stays,
    # and so does a paragraph whose named part is not at its end.
    said = "Agents found the cargo inside a vessel being removed from the water at the boat ramp."
    text = "The force would need a mandate that Moscow accepts, and none has been offered so far. " * 3
    html = ('<html><body><div class="entry"><p class="summary">' + said + ' <span class="credit video-credit">By U.S. '
            'CUSTOMS</span></p><p>By <a class="author" href="/jane">Jane Roe</a></p>' + f"<p>{text}</p>" * 8
            + f'<p>{text}<span class="credit">(Reuters)</span> {text}</p></div></body></html>').encode()
    rules, blocks, aside = set_aside_in(html)
    assert {blocks[i].text for i in aside} == {f"{said} By U.S. CUSTOMS"}
    assert "ending with a part the page's markup names 'credit', <span class=\"credit video-credit\">" in aside[0]
    assert 1 in dict(derive(html, 1 << 20, extraction=rules)[1].set_aside)  # as archive new reads the page


def test_a_line_printed_twice_in_a_saved_page_stays_where_the_markup_kept_it():
    # A dump's shape makes a line printed twice a photo caption (furniture.printed_twice); in a
    # saved page the markup tells captions (a figure's, set aside above), as basicthinking.de's
    # tweet quoted twice and gaijinpot.com's pull quotes in the public set show.
    rules = Reader(SOURCES).vocabulary(SOURCES)
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any talks."
    twice = "In a culture that values social harmony over individual needs, the risks are borne by few."
    texts = ["Peacekeepers", *(f"{prose} {n}." for n in range(4)), twice, twice, *(f"{prose} {n}." for n in range(4, 8))]
    raw = RawArticle("p", "p.txt", "0" * 64, 1000, tuple(Line(2 * n + 1, x) for n, x in enumerate(texts)), ())
    as_text = clean_region(raw, rules.generic_rules, rules.extraction, None, None)
    assert [r.rule for r in as_text.removals if r.text == twice] == ["generic:caption-printed-twice"] * 2
    lines = tuple(x.number for x in raw.lines)
    as_page = clean_region(raw, rules.generic_rules, rules.extraction, None, (lines, "trafilatura 2.3.1"))
    assert [x.text for x in as_page.kept].count(twice) == 2


@pytest.mark.parametrize("setting, pattern", [
    ("  furniture_words: [caption, 5]\n", r"generic\.yml: extraction\.furniture_words: must be a list of lowercase words; got"),
    ("  furniture_tags: aside\n", r"generic\.yml: extraction\.furniture_tags: must be"),
    ("  furniture_roles: [navigation, {dialog: 1}]\n", r"generic\.yml: extraction\.furniture_roles: must be a list of lowercase words; got"),
    ("  call_addresses: [newsletter, [donate]]\n", r"generic\.yml: extraction\.call_addresses: must be a list of lowercase words; got"),
    ("  text_itemprops: [recipeingredient, 3]\n", r"generic\.yml: extraction\.text_itemprops: must be a list of lowercase words; got"),
])
def test_a_bad_furniture_setting_is_refused_in_one_line(tmp_path, setting, pattern):
    from conftest import copy_archive
    from hostile_support import refused
    root = copy_archive(tmp_path / "archive")
    path = root / "sources" / "boilerplate" / "generic.yml"
    key = setting.split(":")[0]
    text = re.sub(rf"(?m)^{key}:.*\n", lambda m: setting, path.read_text(encoding="utf-8"))
    assert setting in text
    path.write_text(text, encoding="utf-8")
    refused(root, pattern)


def test_a_line_linking_to_another_page_of_the_site_is_set_aside_and_a_link_out_stays():
    # A related-story teaser inside the text ("Czytaj też: ..." on polityka.pl, "VEA TAMBIÉN: ..."
    # on panamaamerica.com.pa in the public set) is a line of link text to another page of the
    # publisher's own site, in any language; a line linking out of the site cites a source and
    # stays, and so does the headline linking to its own page.
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any talks."
    teaser = "Read also: Why the coalition of the willing stalled in Paris"
    source = "Sign the open petition against a ground force in Ukraine here"
    html = ('<html><head><link rel="canonical" href="https://www.example-news.com/2025/03/peace.html"></head><body>'
            '<h1><a href="https://www.example-news.com/2025/03/peace.html">Peacekeepers in Ukraine, a horrible idea</a></h1>'
            '<div class="entry">' + "".join(f"<p>{prose} {n}.</p>" for n in range(4))
            + f'<p>Read also: <a href="/2025/02/coalition.html">Why the coalition of the willing stalled in Paris</a></p>'
            + "".join(f"<p>{prose} {n}.</p>" for n in range(4, 8))
            + f'<p><a href="https://www.openpetition.de/petition/online/no-ground-force">{source}</a></p>'
            + f"<p>{prose} 9.</p></div></body></html>").encode()
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    _, derivation = derive(html, 1 << 22, extraction=rules)
    lines = derivation.text.split("\n")
    kept = [lines[n - 1] for n in derivation.article]
    aside = {lines[n - 1]: why for n, why in derivation.set_aside}
    assert teaser not in kept and "link text" in aside[teaser] and "/2025/02/coalition.html" in aside[teaser]
    assert source in kept and kept[0] == "Peacekeepers in Ukraine, a horrible idea" and len(kept) == 11
    # without the page's address a relative link is still to the same site
    assert teaser in {lines[n - 1] for n, _ in derive(html.replace(b'rel="canonical"', b'rel="x"'), 1 << 22, extraction=rules)[1].set_aside}



def test_a_teaser_headline_inside_its_link_is_set_aside():
    # A related story's headline set as <a href="/..."><h2>...</h2></a> (a card under "Notas
    # relacionadas" on larepublica.net, "next story" on boingboing.net): the link holds the
    # line, so the line's own element holds no link; it is a teaser all the same. A heading
    # inside a link out of the site stays, as any line linking out does.
    teaser = "Hackers offer the government a discount and promise to spare the private sector"
    html = ('<html><head><link rel="canonical" href="https://www.example-news.com/2025/03/peace.html"></head><body><div>'
            f'<p>{PROSE}.</p><article><a href="/2025/02/hackers.html"><h2>{teaser}</h2></a></article>'
            f'<article><a href="https://elsewhere.org/report"><h2>{teaser} in a report elsewhere</h2></a></article></div></body></html>').encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    said = boxes.teasers(blocks, [*range(len(blocks))], "https://www.example-news.com/2025/03/peace.html")
    assert [blocks[i].text for i in said] == [teaser] and "/2025/02/hackers.html" in said[1]

def test_a_lead_in_to_links_of_the_site_or_to_nothing_kept_is_set_aside_with_them():
    # "Auch interessant:" over a list of the site's own stories (basicthinking.de), "Weitere
    # Informationen zum Coronavirus in Thüringen:" over a box the extractor left out (mdr.de):
    # a line ending in a colon introduces what follows; where that is none of the article, or
    # only links to the site's other pages, it goes with them. One that introduces text stays.
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any talks."
    html = ('<html><body><h1>Peacekeepers in Ukraine, a horrible idea</h1><div class="entry">'
            + "".join(f"<p>{prose} {n}.</p>" for n in range(4)) + "<p>The ministers set three conditions:</p>"
            + "".join(f"<p>{prose} {n}.</p>" for n in range(4, 8)) + "<p>Also of interest:</p><ul>"
            + '<li><a href="/2025/02/coalition.html">Coalition</a></li><li><a href="/2025/01/talks.html">Talks in Riyadh</a></li>'
            + '</ul></div><div class="box"><p>More on the war:</p><div class="teasers"><a href="https://elsewhere.org/x">Elsewhere '
            + 'the war goes on and on</a></div></div></body></html>').encode()
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    page, derivation = derive(html, 1 << 22, extraction=rules)
    blocks = visible_blocks(page.root)
    lines = derivation.text.split("\n")
    aside = {lines[n - 1]: why for n, why in derivation.set_aside}
    assert "The ministers set three conditions:" in [lines[n - 1] for n in derivation.article]
    assert "Also of interest:" in [lines[n - 1] for n in derivation.article]  # trafilatura leaves the list out: it may be the text's
    texts = [b.text for b in blocks]
    said = boxes.lead_ins(blocks, [*range(len(blocks))], None)  # as if the extractor kept every line
    assert {texts[i] for i in said} == {"Also of interest:", "Coalition", "Talks in Riyadh"}
    assert "introduces only 2 line(s) of links" in said[texts.index("Also of interest:")]
    more = texts.index("More on the war:")  # a lead-in to a link out of the site stays, and one to what the extractor left out
    assert more not in boxes.lead_ins(blocks, [*range(len(blocks))], None) and more not in boxes.lead_ins(blocks, [*range(more + 1)], None)


def test_a_short_heading_over_two_or_more_links_of_the_site_is_set_aside_with_them():
    # "Saiba Mais" (an <h4>) over a list of the site's own stories, "Mehr zum Thema auf UEPO.de" (an
    # <h3>) over two: a heading introduces what follows as a lead-in ending in a colon does. Over
    # one link, over links out of the site, or over the text, the heading stays.
    site = "".join(f'<li><a href="/2025/0{n}/story.html">Story {n}</a></li>' for n in range(1, 4))
    html = ("<html><body><h3>More on this</h3><ul>" + site + "</ul><h3>One more</h3><p><a href='/2025/one.html'>Another story</a></p>"
            "<h3>Elsewhere</h3><ul><li><a href='https://elsewhere.org/a'>A</a></li><li><a href='https://elsewhere.org/b'>B</a></li></ul>"
            f"<h3>The conditions</h3><p>{PROSE}.</p><p>{PROSE} again.</p></body></html>")
    blocks = visible_blocks(parse(html.encode(), 1 << 20).root)
    said = boxes.lead_ins(blocks, [*range(len(blocks))], None)
    assert [blocks[i].text for i in sorted(said)] == ["More on this", "Story 1", "Story 2", "Story 3"]
    assert "a heading" in said[0] and "3 line(s) of links" in said[0]


def test_a_list_of_the_site_s_links_is_the_article_s_own_and_stays():
    # A list or table of links in the text (a school's courses, a product's parts) is the page's
    # content as often as not: only a paragraph or a heading that links away is a teaser.
    items = "".join(f'<li><a href="/courses/{n}.html">Course number {n} of the second year in the vocational school</a></li>' for n in range(3))
    html = f"<html><body><ul>{items}</ul><p><a href='/news/1.html'>Read also: the second year of the school begins in spring</a></p></body></html>"
    blocks = visible_blocks(parse(html.encode(), 1 << 20).root)
    assert [blocks[i].text for i in boxes.teasers(blocks, [*range(len(blocks))], None)] == ["Read also: the second year of the school begins in spring"]


# A clause, and running prose of 40 words or more made from it (what derive.skipped_prose takes).
PROSE = "The force would need a mandate that Moscow accepts, and none has been offered so far in any of the talks held"
LONG = f"{PROSE} in Paris, in London and in Riyadh this winter, which is why the ministers now say that they will wait for a ceasefire first."


def test_running_prose_the_extractor_skipped_between_its_lines_is_kept_and_noted():
    from archive.ingest.derive import skipped_prose
    prose, long = PROSE, LONG
    html = (f"<html><body><p>{prose} 1.</p><p>{long}</p><p>Short line, left out.</p><p><a href='/x'>{long}</a></p>"
            f"<p>{prose} 2.</p><p>{long}</p></body></html>").encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    assert len(long.split()) >= 40
    # trafilatura kept lines 0 and 4: line 1 is prose between them; 2 is short, 3 a link, 5 after the article
    assert skipped_prose(blocks, [0, 4]) == [1]


def test_running_prose_just_above_the_extractor_s_first_line_is_kept():
    # A story's lead in a box named "teaser-text" (as a news site names its first paragraph):
    # trafilatura leaves it out with the teasers. Prose in the two lines above its first line is
    # the text's; a short line there, or prose further up, is not taken on that evidence.
    from archive.ingest.derive import skipped_prose
    prose, long = PROSE, LONG
    html = (f"<html><body><p>{long}</p><p>Menu line</p><p>{long}</p><div class='teaser-text'><p>{long}</p></div>"
            f"<p>Photo: Jane Roe</p><p>{prose} 1.</p><p>{prose} 2.</p></body></html>").encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    # trafilatura kept lines 5 and 6: line 3 is the lead two lines up; 2 is three up, 4 is short
    assert skipped_prose(blocks, [5, 6]) == [3]


def test_running_prose_between_the_headline_and_a_late_first_line_is_kept():
    # An interview whose first answers trafilatura skips: more lines than a standfirst's few lie
    # between the headline and its first line, so they are not all taken; their prose is.
    from archive.ingest.derive import with_headline
    prose, long = PROSE, LONG
    labels = "".join(f"<p>A label of more than ten words that is no prose at all {n}</p>" for n in range(7))
    html = (f"<html><body><h1>The headline</h1>{labels}<p>{long}</p><p>What did you say then, in the first week of March?</p>"
            f"<p>{long}</p><p>{prose} 1.</p><p>{prose} 2.</p></body></html>").encode()
    page = parse(html, 1 << 20)
    blocks = visible_blocks(page.root)
    assert with_headline(page.root, blocks, [11, 12]) == [0, 8, 10, 11, 12]


def test_a_standfirst_set_as_a_figure_caption_is_kept_and_a_caption_is_not():
    # A news site that prints its lead paragraph, 115 words, as the caption of the photo under
    # the headline (elmostrador.cl in the public set): running prose between the headline and
    # the text is the standfirst whatever element holds it; a caption of a line or two is not.
    _, kept = with_headline_of(f"<h1>The headline</h1><figure><figcaption>{LONG}</figcaption></figure>"
                               f"<figure><figcaption>The ministers in Paris, in March, before the talks began.</figcaption></figure>"
                               f"<p>{PROSE} 1.</p><p>{PROSE} 2.</p>", [3, 4])
    assert kept == [0, 1, 3, 4]


def test_a_line_of_links_under_the_headline_is_no_standfirst():
    # A blog's byline under its headline, "Published on 6 July 2015 by Mark Hosak - Leave a
    # reply", is as long as a standfirst but mostly the text of links (its date, its author, its
    # comments): a standfirst is prose, hardly linked; the extractor's reading stands for it.
    from archive.ingest.derive import with_headline
    byline = ('<p>Published on <a href="/2015/07/06/">6 July 2015</a> by <a href="/author/mark/">Mark Hosak</a> - '
              '<a href="#respond">Leave a reply to this post</a></p>')
    html = (f"<html><body><h1>The headline</h1>{byline}<p>A standfirst of a dozen words or so, saying what the story is.</p>"
            f"<p>{PROSE} 1.</p><p>{PROSE} 2.</p></body></html>").encode()
    page = parse(html, 1 << 20)
    blocks = visible_blocks(page.root)
    assert blocks[1].text.startswith("Published on") and len(blocks[1].text.split()) >= 10
    assert with_headline(page.root, blocks, [3, 4]) == [0, 2, 3, 4]


@pytest.mark.parametrize("last, kept", [
    ("<p><em>Do you want to be informed of our work? <a href='/signup'>Sign up here</a></em></p>", False),
    ("<p><strong>Lust auf mehr?</strong> <em>Melde dich <a href='/newsletter'>hier</a> für unseren Newsletter an!</em></p>", False),
    ("<p><em>The book is published by Penguin at 14.90 euros.</em></p>", True),  # emphasised, but it links nowhere
    ("<p>The ministers will meet again in <a href='https://example.org/x'>Riyadh</a> next month.</p>", True),  # a link, not emphasised
])
def test_a_closing_call_to_readers_set_apart_in_emphasis_with_a_link_is_set_aside(last, kept):
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any of the talks."
    html = f"<html><body><article><p>{prose}</p><p>{prose}</p>{last}</article></body></html>".encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    said = boxes.closing_call(blocks, [0, 1, 2], CALLS)
    assert (2 not in said) is kept
    assert kept or "a call to its readers" in said[2]


CALLS = Reader(SOURCES).vocabulary(SOURCES).extraction.call_addresses


def test_one_of_the_last_lines_linking_to_a_subscription_or_an_app_store_is_set_aside():
    # Not emphasised, and not the very last line: the address it links to says what it calls for.
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any of the talks."
    apps = "<p>For the latest stories download our apps for <a href='https://apps.apple.com/app/id1'>iOS</a>.</p>"
    html = (f"<html><body><article><p>{prose}</p><p>{prose} <a href='/newsletter'>Ministers</a> will meet.</p>{apps}"
            f"<p>{prose} See <a href='/2022/03/talks.html'>the talks</a>.</p></article></body></html>").encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    said = boxes.closing_call(blocks, [0, 1, 2, 3], CALLS)
    assert list(said) == [2] and "apps.apple.com" in said[2]  # line 1 links to a newsletter but is not among the last two
    assert boxes.closing_call(blocks, [0, 1, 2, 3], frozenset()) == {}  # the addresses are data (generic.yml)


def test_a_page_whose_article_sits_in_an_aside_is_read_again_favouring_recall():
    # trafilatura's default reading drops an <aside> whole; a theme that puts the article in one
    # gave "holds no article". Read again favouring recall, the text is found, and the note says how.
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any of the talks held in Paris."
    paras = "".join(f"<p>{prose} {n}</p>" for n in range(4))
    html = f"<html><body><h1>Peacekeepers, again</h1><aside>{paras}</aside></body></html>".encode()
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    _, derivation = derive(html, 1 << 20, extraction=rules)
    lines = derivation.text.split("\n")
    assert [lines[n - 1] for n in derivation.article] == ["Peacekeepers, again", *(f"{prose} {n}" for n in range(4))]
    assert any("read again favouring recall" in note for note in derivation.notes)


FIGURE = "<figure><img src='a.jpg'><figcaption>Figure 4: the ministers in Riyadh</figcaption></figure>"


@pytest.mark.parametrize("tag, furniture, where", [
    # The text path removes a caption by its shape; in a saved page the markup says it (<figcaption>).
    ("figcaption", FIGURE, 1),
    # <address> is the contact of the page or its author ("Created ... Last Modified ...", an office): never body text.
    ("address", "<address>Jane Roe, 1 Main Street, Riyadh</address>", 30),
])
def test_furniture_kept_with_the_article_is_set_aside_by_its_tag(tag, furniture, where):
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    prose = "The force would need a mandate that Moscow accepts, and none has been offered so far in any of the talks held in Paris."
    paragraphs = [f"<p>{prose} {n}</p>" for n in range(30)]
    paragraphs.insert(where, furniture)
    html = f"<html><body><article>{''.join(paragraphs)}</article></body></html>".encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    said = boxes.set_aside(blocks, [*range(len(blocks))], rules.furniture_tags, rules.furniture_words)
    assert list(said) == [where] and f"'{tag}'" in said[where]


def test_a_paragraph_opening_with_the_headline_word_above_it_stays_in_a_saved_pages_text():
    # A travel guide's page "Emden" whose text opens "Emden ist vor allem in Deutschland als ...
    # bekannt" (public set, tune half, and a ski resort's "Ischgl" the same way): by the dump's
    # shape alone, a caption printed once alone and once followed by its credit, so the first
    # paragraph went as a photo credit. A saved page's markup tells its captions.
    from archive.authoring.preview import analyse
    from archive.ingest.saved import read_input
    reader = Reader(SOURCES)
    voc = reader.vocabulary(SOURCES)
    opening = f"Geneva is known above all as the seat of the United Nations in Europe. {LONG}"
    html = (f"<html><head><title>Geneva</title></head><body><h1>Geneva</h1><article><p>{opening}</p>"
            f"<p>{PROSE} 1.</p><p>{PROSE} 2.</p><p>{PROSE} 3.</p></article></body></html>").encode()
    given = read_input(reader, Path("geneva.html"), voc.extraction, html)
    seen = analyse(voc, given.raw, profiles=False, page=given)
    assert opening in [x.text for x in seen.text] and seen.found.credit_line is None


def test_the_standfirst_under_a_headline_of_two_lines_is_kept():
    # A headline whose <h1> holds its kicker as a block of its own ("Tunesien" over "Eine Frau an
    # der Spitze der Regierung", public set, tune half): neither line is the whole <h1>'s text,
    # so the headline was not found above the text and the standfirst under it was lost.
    blocks, kept = with_headline_of("<h1><span><div>Geneva</div></span><div>The ministers meet again</div></h1>"
                                    f"<blockquote><p>{PROSE}, and the standfirst says so.</p></blockquote>"
                                    f"<p>{PROSE} 1.</p><p>{PROSE} 2.</p>", [3, 4])
    assert [b.text for b in blocks[:2]] == ["Geneva", "The ministers meet again"]
    assert kept == [1, 2, 3, 4]


def test_a_standfirst_set_in_a_figure_beside_its_photo_is_kept():
    # A sports federation's page that sets the lead paragraph in the <figure> of its photo
    # (public set, tune half): only a <figcaption> is the photo's caption.
    _, kept = with_headline_of("<h1>The headline</h1><figure class='teaser'><img src='x.jpg' alt=''>"
                               "<p>The ministers meet again in Geneva next week, with a mandate still to agree.</p></figure>"
                               f"<p>{PROSE} 1.</p><p>{PROSE} 2.</p>", [2, 3])
    assert kept == [0, 1, 2, 3]


def with_headline_of(body: str, article: list[int]):
    """The page's blocks, and the article's (indices) with the headline and standfirst derive adds."""
    from archive.ingest.derive import with_headline
    page = parse(f"<html><body>{body}</body></html>".encode(), 1 << 20)
    blocks = visible_blocks(page.root)
    return blocks, with_headline(page.root, blocks, article)
