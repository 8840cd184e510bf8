"""Readers' comments under the article (ingest/comments.py): a heading with a count and a run
of header lines with a date and time end the article's region; a text that quotes a reader
or counts comments in a sentence stays whole."""
from __future__ import annotations

from test_region import ARTICLE, preview_of, raw_file

from archive.ingest.region import KIND

TEXT = ARTICLE[:12]  # the menu, the headline, the byline, the text up to "The talks resume on Monday."
LAST = TEXT[10]  # the article's last long paragraph
READER = ("I think the author is right that the force would need American support from the air, because "
          "without it no government in Europe will send its soldiers so close to the front line, {}.")


def comments(heading: str, stamps: list[str]) -> list[str]:
    out = [heading]
    for k, stamp in enumerate(stamps):
        out += [stamp, READER.format(f"and this is the reader's comment number {k + 1}"), "Reply"]
    return out


def test_readers_comments_go_with_their_evidence(tmp_path):
    stamps = ["Ben 19. Juni 2018 um 15:28 Uhr - Antworten", "Anne 19 June 2018 at 20:41",
              "Jo 2018-06-21 23:00", "Ben 22. Juni 2018 um 9:29 Uhr - Antworten"]
    p, _ = preview_of(raw_file(tmp_path, TEXT + comments("4 Comments", stamps)))
    text = [x.text for x in p.text]
    assert LAST in text
    assert not any(t.startswith("I think the author") for t in text), text
    gone = next(r for r in p.removals if r.text.startswith("I think the author"))
    assert gone.kind == KIND and gone.rule == "region:after-article"
    assert "readers' comments: the heading '4 Comments'" in gone.evidence and "4 header lines with a date and time" in gone.evidence


def test_a_text_that_quotes_a_reader_or_counts_comments_stays_whole(tmp_path):
    quoted = ["The article drew 45 comments in its first hour, and the editors answered 12 of them on 19 June 2018 at 15:28.",
              READER.format("one reader wrote on 19 June 2018 at 15:28"),
              "Another wrote on 20 June 2018 at 10:29 that the plan was too vague to be judged, and a third agreed with him at 11:40 on 20 June 2018.",
              "The editors closed the discussion on 21 June 2018 at 23:00 and promised to come back to it."]
    lines = TEXT[:-1] + quoted + [TEXT[-1]]
    p, _ = preview_of(raw_file(tmp_path, lines))
    text = [x.text for x in p.text]
    assert all(q in text for q in quoted) and LAST in text
    assert not any("readers' comments" in (r.evidence or "") for r in p.removals)


def test_dated_lines_under_a_counted_headline_are_no_comments(tmp_path):
    """A headline that holds a number ("13 ideas ...") over a dated byline and price lines."""
    lines = TEXT[:5] + ["13 ideas for a reassurance force", "Jane Roe, 02.01.2023, 11:08",
                        *TEXT[7:11], "Price may be higher now. Price of 02.01.2023 12:53", TEXT[11],
                        "Price may be higher now. Price of 02.01.2023 10:46"]
    p, _ = preview_of(raw_file(tmp_path, lines))
    assert LAST in [x.text for x in p.text]
    assert not any("readers' comments" in (r.evidence or "") for r in p.removals)


PARAGRAPH = ("The minister told the conference that her country would send engineers and staff officers, but no "
             "combat troops, until the United States had said in public what it would do from the air{}.")


def test_numbered_items_over_dated_lines_are_no_comments(tmp_path):
    """A count opening a line over dated lines is not enough: the text's own numbered list of speakers,
    each with the place and time they spoke, stays whole (the count names no comments)."""
    items = [line for k, name in enumerate(["Jane Roe, Estonia", "John Doe, Finland", "Ann Berg, Sweden", "Eva Lind, Norway"], 1)
             for line in (f"{k} {name}", f"Paris, 12 March 2025, 1{k}:40", PARAGRAPH.format(f", speaker {k} said"))]
    lines = TEXT[:11] + items + [TEXT[11]]
    p, _ = preview_of(raw_file(tmp_path, lines))
    text = [x.text for x in p.text]
    assert all(PARAGRAPH.format(f", speaker {k} said") in text for k in range(1, 5)), text
    assert not any("readers' comments" in (r.evidence or "") for r in p.removals)


def test_a_forums_post_count_over_its_posts_is_no_comments(tmp_path):
    """A forum thread's posts are its text: "3 posts" over them names posts, not comments."""
    posts = [line for k, user in enumerate(["anne", "ben", "carl"], 1)
             for line in (f"Post by {user} » 21.01.2025, 0{k}:42", PARAGRAPH.format(f", as {user} put it"))]
    lines = TEXT[:11] + ["3 posts • Page 1 of 1", *posts]
    p, _ = preview_of(raw_file(tmp_path, lines))
    text = [x.text for x in p.text]
    assert all(PARAGRAPH.format(f", as {user} put it") in text for user in ("anne", "ben", "carl")), text


def test_a_bad_comment_words_setting_is_refused_in_one_line(tmp_path):
    import re
    from conftest import copy_archive
    from hostile_support import refused
    root = copy_archive(tmp_path / "archive")
    path = root / "sources" / "boilerplate" / "generic.yml"
    text = re.sub(r"(?ms)^  comment_words: \[.*?\]\n", "  comment_words: [comments, 36]\n", path.read_text(encoding="utf-8"))
    assert "comment_words: [comments, 36]" in text
    path.write_text(text, encoding="utf-8")
    refused(root, r"generic\.yml: extraction\.comment_words: must be a list of lowercase words; got")
