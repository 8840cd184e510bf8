"""Generic cleaning on pages written here for the purpose: each test is a kind of page
furniture the rules must find on a publisher they have never seen, or a line of an article
that looks like furniture and must stay (precision before recall)."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from furniture_support import BODY, VOC, body, page
from hostile_support import run, tree

from archive.core.article import RawArticle, Line
from archive.authoring.preview import analyse

def kinds(seen) -> dict[str, str]:
    return {r.text: r.kind for r in seen.removals}


def test_an_unseen_sites_header_goes_and_its_headline_is_found():
    seen = page("Skip to content", "Menu", "Search", "World", "Europe", "Breaking News",
                "Observers, not soldiers: how a monitoring mission could work", *BODY)
    assert seen.title.text == "Observers, not soldiers: how a monitoring mission could work"
    assert body(seen) == BODY
    assert kinds(seen)["Skip to content"] == "accessibility"


@pytest.mark.parametrize("above", [
    ("Subscribe Search My Account",),  # a menu line shaped like a headline, just above it
    ("Zum Inhalt springen", "Breaking", "Britain confirms it will take part in the European election"),  # a ticker's story
    ("You are here: Home » World » Observers, not soldiers: how a monitoring mission could work",),  # a breadcrumb
    ("Startseite World Observers, not soldiers: how a monitoring mission could work", "3 March 2025"),
    ("← The ceasefire in pictures",),  # the previous post's link: one word of the text, the headline three
])
def test_the_headline_is_the_line_the_text_takes_up_not_the_line_above_it(above):
    """Public set (issue 25): from the text dump the title was the line above the article's
    (a menu, another story) on most wrong pages. The headline is the line whose words the text
    under it takes up, in any language; the lines above it are the page's header."""
    headline = "Observers, not soldiers: how a monitoring mission could work"
    seen = page("Home", "World", *above, headline, *BODY)
    assert seen.title is not None and seen.title.text == headline
    assert body(seen) == BODY


@pytest.mark.parametrize("below", [(), ("Observers, not soldiers: how a monitoring mission could work",)])
def test_a_breadcrumb_trail_on_one_line_leaves_its_last_crumb_as_the_headline(below):
    """Public set, tune half: "home / InfoStream / Eigentumsvorbehalt: ..." was drafted as the
    title, trail and all. The trail goes with the page's header; where the page prints the
    headline again under it, the copy left of the trail goes, not the page's own line."""
    headline = "Observers, not soldiers: how a monitoring mission could work"
    seen = page("Home", "World", f"Startseite » World » Europe » {headline}", *below, *BODY)
    assert seen.title is not None and seen.title.text == headline
    assert seen.title.number == (4 if below else 3)
    assert body(seen) == BODY
    assert kinds(seen)["Startseite » World » Europe »"] == "page-header"


@pytest.mark.parametrize("trail", ["Home World Europe ", "StartseiteWelt", "Inicio Mundo "])
def test_the_line_a_trail_ends_with_right_under_it_is_the_headline_whatever_its_shape(trail):
    """Public set, tune half: "StartseiteNetzwerkWenn das Netzwerk ... schaffen." over that headline, a
    long line ending in a full stop, which the headline's shape and ranking pass over: "Top 5 Windows 10"
    was drafted. A trail opening with the site's home (metadata-lines.yml site_home) names the page's title."""
    headline = "Observers, not soldiers: a monitoring mission could hold the ceasefire line, diplomats in Geneva say."
    seen = page("Top stories", "Peace talks", f"{trail}{headline}", headline, *BODY)
    assert seen.title is not None and seen.title.text == headline
    assert body(seen) == BODY


@pytest.mark.parametrize("trail, labels", [
    ("InicioMundo", ("Especial",)),
    ("Start Chronik Welt ", ("Chronik", "Welt")),
    ("You are here: Home » World » ", ("Search for:",)),
])
def test_the_line_a_trail_ends_with_under_a_label_or_two_is_the_headline(trail, labels):
    """Public set, tune half: "InicioMundo<headline>" over "Especial" and the headline, "Start Chronik
    Österreich <headline>" over two labels, "You are here: Home » ... » <headline>" over a search box:
    the line under them was drafted (another story's headline, a login form's note). The labels go
    with the header. The headline here reads as a sentence, which its shape and ranking pass over."""
    headline = "Observers, not soldiers: a monitoring mission could hold the ceasefire line, diplomats in Geneva say."
    seen = page("Top stories", "Peace talks", f"{trail}{headline}", *labels, headline, *BODY)
    assert seen.title is not None and seen.title.text == headline
    assert body(seen) == BODY


@pytest.mark.parametrize("trail", ["RTL>news>", "News › Europe ›", "World » Europe » Peace talks »"])
def test_the_crumb_a_trail_leaves_open_is_the_line_under_it(trail):
    """Public set, tune half: "RTL>news>" over the headline, then its kicker, standfirst, caption and
    date; the line over the text was drafted. A trail of short crumbs ending with its separator
    (metadata-lines.yml trail_separators) leaves the page's own title to the line under it."""
    headline = "Observers, not soldiers: how a monitoring mission could work"
    seen = page("Menu", trail, headline, "Who will watch the line?", "A mission without soldiers",
                "Ministers meet in Geneva on Monday.", "20 March 2025 - 15:00", "Diplomats weigh a monitoring mission", *BODY)
    assert seen.title is not None and seen.title.text == headline


def test_a_crumb_of_the_trail_printed_under_the_headline_is_its_section_s_label():
    """Public set, tune half: "Tonight News > Unterhaltung > Promis >" over the headline, then "Promis"
    (a junk segment there): a one-word line stays in the text as a section's own label ("Introduction"),
    unless the trail names it."""
    headline = "Observers, not soldiers: how a monitoring mission could work"
    seen = page("Menu", "Tonight News > World > Diplomacy >", headline, "Diplomacy", *BODY)
    assert seen.title is not None and seen.title.text == headline
    assert body(seen) == BODY and kinds(seen)["Diplomacy"] == "page-header"


def test_a_trail_closed_by_arrows_or_markup_leaves_no_crumb_open():
    from archive.ingest.crumbs import open_trail
    assert not open_trail("Spanien -> D.O. Montsant ->") and not open_trail('<a href="" title=""> <abbr title="">')
    assert not open_trail("Home > News") and open_trail("Tonight News > Unterhaltung > Promis >")


def test_no_headline_claimed_where_the_page_starts_with_its_text():
    seen = page(*BODY)
    assert seen.title is None and body(seen) == BODY


@pytest.mark.parametrize("line", [
    "Veröffentlicht am 6. Juli 2025 von Jane Roe",
    "Pubblicato il 19 Febbraio 2025 Ultima modifica 19 Febbraio 2025 12:02",
    "Aktualisiert: 11.04.2025, 10:27",
    "Publicado el 21 de abril de 2025 a las 22:04h",
])
def test_a_date_line_under_its_label_in_other_languages_goes(line):
    """Public set, tune half: 3 junk segments kept on such lines in German and Italian (the English
    labels are metadata.py's)."""
    seen = page("Observers, not soldiers for the ceasefire line", line, *BODY)
    assert kinds(seen)[line] == "date-line"
    assert body(seen) == BODY


def test_metadata_lines_are_lifted_not_dropped():
    seen = page("Observers, not soldiers for the ceasefire line", "Jane Roe", "Published: 3 March 2025 | Updated: 4 March 2025",
                "GENEVA (Reuters)", *BODY, "(Reporting by John Doe; Editing by Ann Smith)")
    moved = {x.text: field for field, x in seen.metadata()}
    assert moved == {"Jane Roe": "authors", "Published: 3 March 2025 | Updated: 4 March 2025": "date",
                     "GENEVA (Reuters)": "dateline", "(Reporting by John Doe; Editing by Ann Smith)": "authors"}
    assert body(seen) == BODY


def test_a_caption_printed_twice_and_a_summary_box_go():
    caption = "Foreign ministers arrive for the meeting in Geneva on March 3, 2025, before the talks began."
    seen = page("Observers, not soldiers for the ceasefire line", caption, caption, "Key points",
                "• Talks resumed in Geneva", "• A mission needs a mandate", *BODY)
    assert body(seen) == BODY
    assert kinds(seen)[caption] == "photo-caption" and kinds(seen)["Key points"] == "summary-box"


@pytest.mark.parametrize("line, kind", [
    ("Read more: Why Europe's reassurance force is still on paper", "related-articles"),
    # The same in other languages (public set: 13 junk segments fewer kept on the 990 pages, no text lost).
    ("Lesen Sie auch: Warum die Beobachtermission noch auf dem Papier steht", "related-articles"),
    ("Czytaj też: Misja obserwacyjna wciąż tylko na papierze", "related-articles"),
    ("Zobacz także", "related-articles"),
    ("Verwandte Artikel", "related-articles"),
    ("Diese Seite teilen", "share-buttons"),
    ("Hinterlasse eine Antwort", "comment-counter"),
    ("Zurück zur Übersicht", "accessibility"),
    ("Get the Example Weekly newsletter", "newsletter"),
    ("Für Links auf dieser Seite erhält die Redaktion ggf. eine Provision vom Händler.", "disclaimer"),
    ("This post contains affiliate links. We may earn a commission when you buy through them.", "disclaimer"),
    ("Please understand that comments are moderated and not all of them can be published.", "comment-counter"),
    ("Externer Inhalt", "social-embed"),
    ("Newer Post Older Post Home", "related-articles"),
    ("Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert", "comment-counter"),
    ("Um neue Beiträge per E-Mail zu erhalten, hier die E-Mail-Adresse eingeben.", "newsletter"),
    ("Get our free newsletter — sign up for daily updates in your inbox.", "newsletter"),
    ("Dieser Artikel wurde automatisch übersetzt.", "translation-notice"),
    ("5 min read", "reading-time"),
    ("21 minutes - 4312 words", "reading-time"),
    ("12 Comments", "comment-counter"),
    ("Download the full report (PDF)", "call-to-action"),
    ("Support our journalism: donate today.", "donation-appeal"),
    ("The views expressed in this article are those of the author and do not reflect the position of the site.", "disclaimer"),
    ("View this post on Instagram", "social-embed"),  # an embedded post's frame, not the post
    # Credits the public set showed kept in the text (tune half): a label in German, a credit
    # without a colon, a credit whose name has a dot in it.
    ("Bild: Jane Roe", "photo-caption"),
    ("Photo by Jane Roe on Unsplash", "photo-caption"),
    ("Observers at the checkpoint near the ceasefire line on Monday. Foto: newsroom.example.com", "photo-caption"),
    ("Foreign ministers arrive for the talks in Geneva Jane Roe / Getty Images", "photo-caption"),
    # Links to the posts before and after this one, told by their arrows, not their words (public
    # set, tune half: 3 junk segments kept, no text segment on such a line).
    ("← Why the observers never left Vienna", "post-navigation"),
    ("Ceasefire talks resume in Geneva →", "post-navigation"),
    (">> Ceasefire talks resume in Geneva <<", "post-navigation"),
    ("↓ Zu den Kommentaren", "post-navigation"),  # a link down the page, to its comments (public set, tune half)
    # A caption ending with its copyright holder, nothing after it (public set, tune half: 4 junk
    # segments kept, no text segment on such a line).
    ("Observers at the checkpoint near the ceasefire line on Monday. © Jane Roe / Example Agency", "photo-caption"),
    ("Checkpoint© Jane Roe/newsroom.example.com", "photo-caption"),
    # A credit after a comma or a dash, in lower case (public set, tune half: 1 junk segment kept).
    ("Jane Roe, photo: Archives of the Ministry", "photo-caption"),
    ("Observers at the checkpoint near the ceasefire line - Fotos: Jane Roe", "photo-caption"),
    # A figure's caption under its label, and a credit alone in brackets (tune half: 5 junk segments
    # kept, no text segment on such a line).
    ("Figure 3: Observers per kilometre of the ceasefire line, 2022 to 2025", "photo-caption"),
    ("Abbildung: Beobachterposten an der Waffenstillstandslinie im Winter", "photo-caption"),
    ("(Foto: Jane Roe (bearbeitet durch example.com))", "photo-caption"),
    # A credit glued to its caption (tune half: 2 junk segments kept, no text segment on such a line).
    ("Observers at the checkpoint near the ceasefire lineJane Roe", "photo-caption"),
    # Calls to the reader that promise the next texts in the reader's inbox, ask for an address,
    # or ask for support, in their shapes (public set, tune half: 8 junk segments kept, no text
    # segment on such a line).
    ("Receive the week's reports from the ceasefire line directly in your inbox.", "newsletter"),
    ("Get our analysis of the talks straight to your inbox every Friday", "newsletter"),
    ("Mehr lesen? Lass dir die wichtigsten Berichte jede Woche in deinen Posteingang liefern.", "newsletter"),
    ("Toutes nos analyses de la mission dans votre boîte mail.", "newsletter"),
    ("Missing our reports? Enter your email below to receive them as they appear.", "newsletter"),
    ("Sign up to get the best of our coverage every week.", "newsletter"),
    ("If you found this useful, would you consider supporting our work? Thanks!", "donation-appeal"),
    ("We rely on your support to keep this reporting free for all", "donation-appeal"),
    # A post's closed comments, a reader's comment's header, a shop's empty cart, the link to an
    # article's one-page view, a call to download it as a PDF in German (public set, tune half:
    # one junk segment kept on each, no text segment on such a line).
    ("Keine Kommentare Kommentare sind geschlossen.", "comment-counter"),
    ("Comment by Jane Roe — 17.07, 2025 @ 13:04", "comment-counter"),
    ("Ihr Warenkorb ist leer", "widget"),
    ("Auf einer Seite lesen", "post-navigation"),
    ("Diesen Bericht als PDF herunterladen", "call-to-action"),
    # A "read also" label closed by an ellipsis, not a colon (public set, tune half: the teaser under
    # "Lee también..." was kept as text, one junk segment).
    ("Lee también...", "related-articles"),
    ("Leggi anche…", "related-articles"),
    # The usual "related" labels in French, Spanish, Italian, Dutch, Polish, German and Portuguese, written
    # from the languages, not from a page (public set: held-out 169 -> 166 junk segments kept, no text lost).
    ("Sur le même sujet", "related-articles"),
    ("Articles en relation", "related-articles"),
    ("Por si no lo viste", "related-articles"),
    ("Articoli correlati", "related-articles"),
    ("Lees ook:", "related-articles"),
    ("Przeczytaj także", "related-articles"),
    ("Das könnte Sie auch interessieren", "related-articles"),
    # Eighth session, written from the languages and the software, not from a page (public set, tune half:
    # 16 junk segments kept, no text segment on such a line; held-out totals unchanged): "read more" and
    # "more on" labels, a teaser under "Puedes ver:", a German picture label, an embed's consent
    # placeholder, German footer links, a prompt to answer in the comments, news by e-mail, a
    # magazine's buttons, an appeal naming its amount or opening with its question.
    ("Weiterlesen:", "related-articles"),
    ("Mehr zu Waffenstillstand und Beobachtern", "related-articles"),
    ("Más sobre la misión de observación", "related-articles"),
    ("Infórmate más", "related-articles"),
    ("PUEDES VER: ¿Quién vigila la línea de alto el fuego?", "related-articles"),
    ("Beitragsbild: Beobachterposten an der Waffenstillstandslinie", "photo-caption"),
    ("Klicken Sie auf den unteren Button, um den Inhalt von maps.example.com zu laden.", "social-embed"),
    ("Click the button below to load the content of video.example.com.", "social-embed"),
    ("Impressum & Datenschutz", "footer"),
    ("Verraten Sie gerne in den Kommentaren: Würden Sie Beobachter schicken?", "comment-counter"),
    ("Let us know in the comments what you think of the plan.", "comment-counter"),
    ("Get the Ceasefire Daily by email and never miss a report from the line.", "newsletter"),
    ("Wenn du per E-Mail über neue Berichte informiert werden willst, trag dich hier ein.", "newsletter"),
    ("Votre adresse e-mail est uniquement utilisée pour vous envoyer nos lettres d'information.", "newsletter"),
    ("Ausgabe kaufen", "call-to-action"),
    ("Leserbrief schreiben", "call-to-action"),
    ("Unterstütze unsere Arbeit bereits mit 2,50 € im Monat!", "donation-appeal"),
    ("Gefällt dir unser Magazin? Wir finanzieren uns allein über unsere Leserinnen und Leser, ohne Werbung.", "donation-appeal"),
    # Then (tune half: 5 junk segments kept, no text segment on such a line; held-out totals unchanged): a
    # post's neighbours in German, Spanish, French, a caption ending with its licence, more "read also" forms,
    # the magazine's current issue.
    ("Weiter Nächster Beitrag: Beobachter an der Linie, ein Jahr danach", "related-articles"),
    ("Entrada anterior", "related-articles"),
    ("Article précédent : Les observateurs de Vienne", "related-articles"),
    ("Beobachterposten an der Waffenstillstandslinie, 1995 /public domain", "photo-caption"),
    ("Lesen Sie auch die folgenden Beiträge:", "related-articles"),
    ("Noch mehr Infos für dich", "related-articles"),
    ("Die aktuelle Ausgabe", "call-to-action"),
    # Then (tune half: 3 junk segments kept, no text segment on such a line): a list's count of what it
    # shows, a quiz's button, a recipe page's buttons run together.
    ("Es werden die Berichte 1 bis 10 von insgesamt 19 angezeigt!", "widget"),
    ("Showing 1–12 of 45 results", "widget"),
    ("Teste dein Wissen!", "call-to-action"),
    ("Zum Rezept Drucken Pinnen", "call-to-action"),
    # Then (ninth session, tune half: 6 junk segments kept, no text segment on such a line): a subscription's call
    # closing on "cancel any time", an affiliate notice's other forms, a sign-up box's label joined by hyphens, a
    # magazine's issue "available" at the kiosk, a call to download the site's apps, a suggested citation.
    ("Good journalism costs money. Support us for 5 euros a month. Cancel anytime.", "call-to-action"),
    ("Unabhängiger Journalismus für alle. Jederzeit kündbar.", "call-to-action"),
    ("Tú también puedes apoyar el periodismo. Cancela cuando quieras.", "call-to-action"),
    ("We recommend the best products through an independent review process, and advertisers do not influence our picks.", "disclaimer"),
    ("We may receive compensation if you visit partners we recommend.", "disclaimer"),
    ("EXAMPLE-WHATSAPP-Newsletter", "newsletter"),
    ("Die aktuelle Ausgabe jetzt am Kiosk, im Abo und als E-Paper erhältlich.", "call-to-action"),
    ("For breaking news and the latest stories, download the Example News apps for iOS and Android.", "call-to-action"),
    ("Suggested citation: Roe, Jane: Observers on the ceasefire line, Example Blog, 2025/3/3.", "citation-note"),
    ("Zitiervorschlag: Jane Roe, Beobachter an der Waffenstillstandslinie, Example Blog, 3.3.2025", "citation-note"),
    # Then (tune half: 5 junk segments kept, no text segment on such a line): a caption whose credit names no one
    # ("Bild via"), a call to click, a line of tags joined by slashes, a file's link with its size, a picture licence.
    ("Observers on the ceasefire line, March 2025, Bild via", "photo-caption"),
    ("Jetzt auch digital! Einfach hier klicken und für das E-Paper registrieren!", "call-to-action"),
    ("Politics / ceasefire / observers / peace talks", "section-label"),
    ("Themen: Beobachter, Waffenstillstand, Genf Download (123 KB)", "call-to-action"),
    ("Schreiben vom 3. März 2025PDF | 38 KB | Datei ist nicht barrierefrei", "call-to-action"),
    ("Die Bilder in diesem Blog stehen unter einer Creative Commons Namensnennung-Lizenz.", "copyright"),
    # Public set (tune half): written with look-alike letters of another alphabet (Cyrillic А, е, і, ѕ, о, у, с, х among
    # Latin ones) so that no filter reads it, inside the text: an advertisement (ingest/mixedscript.py, as on saved pages).
    ("Аdvеrtіѕе wіth thе most visited news site in our country ~ Wе оffеr fullу сuѕtоmіzаblе аnd flехіblе packages.",
     "advertisement"),
    # What the author does, alone on its line under their name in the author's box (public set: faz, motorsport-magazin).
    ("Redakteur in der Wirtschaft.", "author-bio"),
    ("Motorsport-Magazin.com Redakteur", "author-bio"),
    ("Senior Writer", "author-bio"),
])
def test_furniture_inside_the_text_goes(line, kind):
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], line, *BODY[1:])
    assert body(seen) == BODY
    assert kinds(seen)[line] == kind


@pytest.mark.parametrize("line", [
    # A sentence of the text about cancelling or compensation is no call (the calls above open or close on them).
    "Customers of the monitoring service can cancel at any time, the company said in a statement on Monday.",
    "We may receive compensation for the losses of last year, the minister told the delegations in Geneva.",
    "Markets",  # a one-word subhead
    "The editor said the talks would resume in Geneva on Monday.",  # a sentence naming an editor
    "Weitere Informationen zur Mission gibt es bei den Vereinten Nationen in Genf.",  # a sentence, not the label
    "Why would Moscow accept observers at all?",  # a rhetorical question
    "The author is clearly right about one thing: nobody wants to send soldiers.",
    "Reuters reported that the talks would resume in Geneva on Monday, citing two diplomats.",
    "“We are ready to discuss monitoring,” the foreign minister said on March 3, 2025.",
    "Support for the mission has grown since the spring, polls show.",
    # A paragraph ending in a German closing quotation mark, not a pull quote without its stop.
    "„Für die Beobachter ist das ein Auftrag ohne Mandat, und sie wissen es auch selbst, seit dem Frühjahr.“",
    # A copyright sign inside a sentence that goes on is no credit.
    "The photograph © 2019 Jane Roe was printed by every paper that spring, and nobody asked who took it.",
    # A brand's inner capital at a sentence's end is no glued credit.
    "The observers' reports were written in programs such as Adobe Photoshop and AutoDesk Revit.",
    # The same words in reported running text: what a scam or an agency sends is no call to the reader.
    "Fake invoices arrive straight to your inbox, the agency warned on Monday, and they look real.",
    "Die Behörde warnte, die gefälschten Rechnungen landeten direkt in Ihrem Posteingang.",
    "The ministry never asks anyone to enter your email address on such a site, its spokeswoman said.",
    # A sentence that opens on such a label and goes on is the text's, not a date line.
    "Veröffentlicht am 6. Juli 2025 wurde der Bericht der Beobachter.",
    # A sentence that reports a comment is the text's.
    "Comment by the minister on Monday at 10:30 set off the row in Geneva.",
    # A sentence about a figure is the text's.
    "Figure 3 shows how few observers each kilometre of the ceasefire line would have had in 2025.",
    # A credit word after a colon inside a sentence is no credit.
    "She held up the photo: it showed the checkpoint at night, and nobody in the room said a word.",
    # A sentence that opens on such a label and goes on is the text's.
    "Lees ook het rapport van de waarnemers, dat maandag in Wenen verscheen.",
    # The same words in the text's own sentences: a headline-like line about more of something, an
    # observer who writes e-mails, support that grows by an amount, a question the text asks.
    "Mehr zu tun gibt es für die Beobachter im Winter, wenn die Linie verschneit ist.",
    "More on that later in the report, the minister said, and moved on to the budget.",
    "The observers get their orders by email from Vienna, and they answer them the same day.",
    "Support for the mission rose from 40 to 52 percent in the spring, polls show.",
    "Gefällt dir unser Plan? fragte der Minister, und niemand im Saal antwortete ihm.",
    "Der nächste Beitrag der Beobachter soll im Frühjahr in Wien erscheinen, sagte die Sprecherin.",
    "The photographs were released into the public domain by the ministry in 1995.",
    "Test your knowledge of the ceasefire line before you go, the instructors told the new observers.",
    # Two alphabets in one sentence, each word in one of them; a Latin "i" typed once for the Ukrainian "і".
    "Компанія Apple та Microsoft підтримали місію спостерігачів, повідомив міністр у Женеві в понеділок.",
    "Мiсія спостерігачів почне роботу навесні, якщо сторони погодяться на мандат і кордон лінії.",
    # French quotation marks are no arrows.
    "« Nous sommes prêts à discuter d'une mission d'observation, et nous le disons depuis le printemps », a déclaré le ministre.",
])
def test_article_lines_that_look_like_furniture_stay(line):
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], line, *BODY[1:])
    assert body(seen) == [BODY[0], line, *BODY[1:]]


def test_a_paragraph_without_its_full_stop_stays():
    """Public set (issue 25): a paragraph whose dump line ends in a link, a list item or code
    has no closing punctuation, and was taken for a pull quote, which dropped 9 text segments
    on the tune half. A pull quote is one sentence, or repeats the article's; this paragraph
    has two, and is said once."""
    line = ("Earlier this month the largest province declared a state of emergency over the fires. "
            "Its governor asked the capital for help in a statement on the province's website")
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], line, *BODY[1:])
    assert body(seen) == [BODY[0], line, *BODY[1:]]


def test_a_pull_quote_printed_again_in_the_text_goes():
    quote = "A monitoring mission would need several hundred observers and a clear mandate from the Security Council"
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], quote, *BODY[1:])
    assert body(seen) == BODY
    assert kinds(seen)[quote] == "pull-quote"


def test_a_paragraph_ending_with_the_next_quotations_opening_mark_stays():
    """Public set (issue 25, tune half): a paragraph the dump ends with the opening mark of the
    quotation that goes on in the next block ('... the minister said. “') ends as a sentence
    ends; it was taken for a pull quote, a sentence without its full stop (a text segment lost)."""
    line = ("“Our observers watch the ceasefire line every day and report what they see,” "
            "the minister said on Monday. “")
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], line, *BODY[1:])
    assert body(seen) == [BODY[0], line, *BODY[1:]]


def test_a_paragraph_printed_under_its_own_pull_quote_stays():
    """Public set (issue 25, tune half): a pull quote printed just above the paragraph that ends with
    it was taken, with that paragraph, for a caption printed twice (a text segment lost). The
    paragraph holds a whole sentence more, before the quote: it is the text's; the quote goes."""
    quote = "A monitoring mission would need several hundred observers and a clear mandate to work."
    paragraph = "The talks on the ceasefire line went on through the night in Geneva. " + quote
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], quote, paragraph, *BODY[1:])
    assert body(seen) == [BODY[0], paragraph, *BODY[1:]]
    assert kinds(seen)[quote] == "pull-quote"


def test_a_post_the_article_quotes_stays_and_its_frame_goes():
    """Public set (issue 25): the post an article embeds, and who posted it when, were taken out
    with the embed's frame as social-embed (3 text segments on the tune half)."""
    post = ["We are ready to discuss monitoring on the ceasefire line. pic.twitter.com/Ab12Cd34Ef",
            "— Jane Roe (@janeroe) March 3, 2025"]
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], BODY[1], "View this post on Instagram", *post, BODY[2])
    assert body(seen) == [BODY[0], BODY[1], *post, BODY[2]]
    assert kinds(seen)["View this post on Instagram"] == "social-embed"


@pytest.mark.parametrize("box", [
    ("About the author", "Jane Roe", "Jane Roe is a senior fellow at the Geneva Centre and a former observer with the OSCE mission."),
    ("AUTHOR", "Dr. John Doe", "is a founding partner of the law firm Doe and Partners in Berlin and advises governments on the law of armed conflict."),
    ("Author info", "John Doe heads the foreign desk and was for many years a correspondent in Kyiv and in Moscow for the paper."),
])
def test_the_author_s_box_after_the_text_is_lifted_as_the_bio(box):
    """Public set (issue 25): the author's box after the text (its label, the name, a paragraph about
    them) read as the text's last paragraph (3 junk segments on the tune half)."""
    seen = page("Observers, not soldiers for the ceasefire line", *BODY, *box)
    assert body(seen) == BODY
    assert {x.text: field for field, x in seen.metadata()}.get(box[-1]) == "bio"
    assert kinds(seen)[box[0]] == "author-bio"


def test_a_reply_under_the_author_s_label_that_is_not_about_them_stays():
    reply = "I think you are right about the mandate, but nobody in the capitals has said who would command it."
    seen = page("Observers, not soldiers for the ceasefire line", *BODY[:2], "Author", "Jane Roe", reply, BODY[2])
    assert body(seen) == [*BODY[:2], "Jane Roe", reply, BODY[2]]


@pytest.mark.parametrize("label", ["Weitere Informationen", "Weitere Inhalte:", "Diese Artikel könnten dich ebenfalls interessieren:"])
def test_other_stories_under_a_german_label_of_up_to_six_words_go(label):
    """Public set (issue 25): a box of other stories inside or after the text, under "Weitere
    Informationen" or a six-word "Diese Artikel könnten dich ebenfalls interessieren:" (2 junk
    segments on the tune half): the label and the headlines under it go."""
    teasers = ["Was Sie zum Coronavirus wissen müssen", "Richtig frühstücken: Die besten Tipps für einen flachen Bauch"]
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], label, *teasers, *BODY[1:])
    assert body(seen) == BODY
    assert {kinds(seen)[x] for x in (label, *teasers)} == {"related-articles"}


def test_a_list_of_one_word_items_inside_the_text_stays():
    items = ["France", "Britain", "Poland", "Finland"]
    seen = page("Observers, not soldiers for the ceasefire line", BODY[0], *items, *BODY[1:])
    assert body(seen) == [BODY[0], *items, *BODY[1:]]


@pytest.mark.slow
def test_preview_prints_the_draft_and_writes_nothing(tmp_path):
    fixture = ROOT / "tests" / "fixtures" / "nordic-observers.txt"
    before = tree(ROOT / "sources"), tree(ROOT / "docs")
    result = run(ROOT, "preview", str(fixture), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"]["text"].startswith("The Nordics Should Lead") and data["unaccounted"] == []
    assert data["body"][-1]["text"].startswith("The Nordic governments should put this proposal")
    # The label by its rule, the headlines under it by their neighbour, outside the region as inside it.
    assert data["removed_by_kind"]["related-articles"] == 4
    shown = {x["line"] for x in data["body"]} | {data["title"]["line"], data["standfirst"]["line"]}
    shown |= {x["line"] for x in data["metadata"]} | {x["line"] for x in data["removed"]}
    raw = fixture.read_text(encoding="utf-8").split("\n")
    assert shown == {n for n, text in enumerate(raw, 1) if text.strip()}
    text = run(ROOT, "preview", str(fixture))
    assert text.returncode == 0 and text.stdout.startswith("title:      \"The Nordics Should Lead")
    assert (tree(ROOT / "sources"), tree(ROOT / "docs")) == before


@pytest.mark.slow
@pytest.mark.parametrize("data, pattern", [
    (None, r"missing\.txt: file: does not exist or is not a file"),
    (b"Title\n\nA NUL\x00 byte", r"bad\.txt: line 3: contains NUL bytes"),
    (b"", r"bad\.txt: file: has no text"),
])
def test_preview_refuses_bad_input_in_one_line(tmp_path, data, pattern):
    import re
    path = tmp_path / ("missing.txt" if data is None else "bad.txt")
    if data is not None:
        path.write_bytes(data)
    result = run(ROOT, "preview", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(pattern, result.stderr.splitlines()[0]), result.stderr


@pytest.mark.slow
def test_preview_into_a_closed_pipe_is_no_error():
    """`archive preview FILE | head -1`: the reader stops reading; no traceback, exit 0."""
    import os
    import subprocess
    from hostile_support import ARCHIVE_CMD
    fixture = ROOT / "tests" / "fixtures" / "nordic-observers.txt"
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first write fails with EPIPE
    try:
        result = subprocess.run([*ARCHIVE_CMD, "--root", str(ROOT), "preview", str(fixture)],
                                stdout=write_end, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    finally:
        os.close(write_end)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr


# --- issue 22 item 2: cleaning time grows with the page, not with its square ------------------

from benchmark.cleaning import SHAPES  # noqa: E402 (scripts/benchmark/, the benchmark that times 2 MB of each)

FURNITURE = {kind: line for kind, line in SHAPES.items() if kind != "body"}  # each kind a stage looks for


def seconds_to_analyse(kind: str, n: int) -> float:
    import time
    line = FURNITURE[kind]
    raw = RawArticle("t", "t.txt", "0" * 64, 0, tuple(Line(i + 1, line(i, n)) for i in range(n)), ())
    start = time.process_time()
    analyse(VOC, raw)
    return time.process_time() - start


@pytest.mark.slow
@pytest.mark.parametrize("kind", FURNITURE)
def test_cleaning_time_grows_linearly_with_each_kind_of_furniture(kind):
    """Ratios, not seconds (the 2 MB figures are in scripts/bench.py): from 4,000 to 64,000
    lines, each doubling may at most double the time, with room for a loaded machine (4x the
    linear growth). A stage that scans the page for each line quadruples per doubling and
    fails by 32,000 lines, before it takes minutes."""
    base = min(seconds_to_analyse(kind, 4_000) for _ in range(3))
    for n in (8_000, 16_000, 32_000, 64_000):
        growth = seconds_to_analyse(kind, n) / base
        assert growth <= 4 * n / 4_000, f"{kind}: {n:,} lines take {growth:.1f} times as long as 4,000"
