"""How date lines and bylines are written is data (sources/boilerplate/metadata-lines.yml, with
the months of months.yml): each malformed entry is refused in one line naming it and what is
allowed, and an archive's own entries are the ones its pages are read with."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT
from furniture_support import BODY, page

from archive.authoring.preview import analyse
from archive.core.article import Line, RawArticle
from archive.ingest.read import Reader

HEADLINE = "Observers, not soldiers: how a monitoring mission could work"


def boilerplate(tmp_path, name: str, old: str, new: str):
    """A copy of the archive's sources/ with one entry of boilerplate/<name> rewritten."""
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "sources" / "boilerplate", sources / "boilerplate")
    path = sources / "boilerplate" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return sources


def problems(sources) -> list[str]:
    reader = Reader(sources)
    reader.generic_rules(sources / "boilerplate" / "generic.yml")
    return [str(p) for p in reader.problems]


def test_the_archive_s_own_entries_are_read_without_a_problem(tmp_path):
    sources = boilerplate(tmp_path, "metadata-lines.yml", "date_by: [by]", "date_by: [by]")
    assert problems(sources) == []


@pytest.mark.parametrize("old, new, said", [
    ("date_months: [en]", "date_months: [en, xx]",
     r"date_months\[1\]: 'xx' is not a language of months\.yml; allowed: en, de, fr, es, it, pt, nl, pl, sv$"),
    ("date_months: [en]", "date_months: en", r"date_months: must be a list"),
    ("modified, date, 'on']", "modified, date, on]",
     r"date_labels: must be a list of words; got the boolean true .*quotes"),
    ("date_by: [by]", "date_by: ['by ']", r"date_by: 'by ' has spaces around it or two in a row; allowed: words"),
    ("date_by: [by]", "", r"metadata-lines\.yml: date_by: .*missing"),
    ("  - yesterday\n", "  - '(a+)+'\n", r"date_line_parts\[1\]: repeats a group that itself repeats"),
    ("  - yesterday\n", "  - '[unclosed'\n", r"date_line_parts\[1\]: is not a valid regular expression"),
    ("byline_starts: [By,", "byline_starts: ['',", r"byline_starts: must be a list of words; got"),
    ("byline_words: [by,", "byline_words: [3,", r"byline_words: must be a list of words; got int .*quotes"),
    ("after_name_words: [am,", "after_name_words: [Written  by, am,", r"after_name_words: 'Written  by' has spaces"),
    ("author_posts: [fellow,", "author_posts: [fellow, {editor: 1},", r"author_posts: must be a list of words; got"),
    ("date_weekdays: [Mon,", "date_weekdays: [Mon, ' Tue',", r"date_weekdays: ' Tue' has spaces around it"),
    ("name_particles: [van,", "name_particles: [van, null,", r"name_particles: must be a list of words; got"),
    ("name_joiners: [and,", "name_joiners: [and, 7,", r"name_joiners: must be a list of words; got int"),
])
def test_a_malformed_entry_is_refused_in_one_line(tmp_path, old, new, said):
    found = problems(boilerplate(tmp_path, "metadata-lines.yml", old, new))
    assert len(found) == 1, found
    assert found[0].startswith("sources/boilerplate/metadata-lines.yml: "), found
    assert re.search(said, found[0]), found


def test_a_wrong_months_file_is_refused_once_not_again_for_the_date_line_s_months(tmp_path):
    found = problems(boilerplate(tmp_path, "months.yml", "november, december]\nde:", "november]\nde:"))
    assert found == ["sources/boilerplate/months.yml: en: must list the 12 months, January first, each a name or a list of its forms"]


def test_a_malformed_entry_stops_the_build_in_one_line_and_leaves_docs_alone(tmp_path):
    from conftest import copy_archive
    from hostile_support import refused
    root = copy_archive(tmp_path / "archive")
    path = root / "sources" / "boilerplate" / "metadata-lines.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - yesterday\n", "  - '(a+)+'\n"), encoding="utf-8")
    lines = refused(root, r"^sources/boilerplate/metadata-lines\.yml: date_line_parts\[1\]: repeats a group")
    assert len(lines) == 2, lines


def test_the_archive_s_own_entries_are_the_ones_its_pages_are_read_with(tmp_path):
    """A date whose author follows the French "par": no date line with the archive's entries (its
    date_by names "by" alone), one naming Jane Roe once the archive's data adds "par"."""
    lines = (HEADLINE, "Posted on March 3, 2025 par Jane Roe", *BODY)
    assert page(*lines).authors is None
    sources = boilerplate(tmp_path, "metadata-lines.yml", "date_by: [by]", "date_by: [by, par]")
    reader = Reader(sources)
    rules, extraction = reader.generic_rules(sources / "boilerplate" / "generic.yml")
    assert reader.problems == []
    from furniture_support import VOC
    from dataclasses import replace
    voc = replace(VOC, extraction=extraction)
    raw = RawArticle("t", "t.txt", "0" * 64, 0, tuple(Line(n, t) for n, t in enumerate(lines, 1)), ())
    seen = analyse(voc, raw)
    assert seen.authors and seen.authors.names == ("Jane Roe",)
    assert page(*lines).authors is None, "the repository's own entries again outside that archive"


def read_with(sources, *lines):
    """What the archive of `sources` drafts from a page of these lines."""
    from dataclasses import replace
    from furniture_support import VOC
    reader = Reader(sources)
    rules, extraction = reader.generic_rules(sources / "boilerplate" / "generic.yml")
    assert reader.problems == []
    voc = replace(VOC, generic_rules=rules, extraction=extraction)
    raw = RawArticle("t", "t.txt", "0" * 64, 0, tuple(Line(n, t) for n, t in enumerate((HEADLINE, *lines, *BODY), 1)), ())
    return analyse(voc, raw)


def test_a_word_of_a_post_is_listed_once_for_the_date_line_and_the_author_s_post_rule(tmp_path):
    """generic.yml's author-affiliation rule names metadata-lines.yml's author_posts: a post
    added there is one the rule takes ("Jane Roe | Senior Strategist" names Jane Roe)."""
    line = "Jane Roe | Senior Strategist"
    assert page(HEADLINE, line, *BODY).authors is None
    seen = read_with(boilerplate(tmp_path, "metadata-lines.yml", "author_posts: [fellow,", "author_posts: [strategist, fellow,"), line)
    assert seen.authors and seen.authors.names == ("Jane Roe",)


def test_the_words_joining_two_names_are_listed_once_for_every_byline(tmp_path):
    """metadata-lines.yml's name_joiners split the names of extraction.byline's line and of the
    byline-in-language rule (there as written and in capitals): Danish "og" added there is both's."""
    sources = boilerplate(tmp_path, "metadata-lines.yml", "name_joiners: [and,", "name_joiners: [og, and,")
    for line in ("By Kari Nordmann og Ola Nordmann", "Av Kari Nordmann og Ola Nordmann",
                 "AV KARI NORDMANN OG OLA NORDMANN, 3. mars 2025"):
        seen = read_with(sources, line)
        assert seen.authors and [n.casefold() for n in seen.authors.names] == ["kari nordmann", "ola nordmann"], line


def test_a_byline_s_opening_is_listed_once_for_the_head_and_the_byline_rule(tmp_path):
    """extraction.byline names metadata-lines.yml's byline_starts: "Text by" added there opens a
    byline whose name is drafted."""
    line = "Text by Jane Roe"
    assert page(HEADLINE, line, *BODY).authors is None
    seen = read_with(boilerplate(tmp_path, "metadata-lines.yml", "byline_starts: [By,", "byline_starts: [Text by, By,"), line)
    assert seen.authors and seen.authors.names == ("Jane Roe",)


def test_a_rule_naming_no_list_is_refused_in_one_line(tmp_path):
    found = problems(boilerplate(tmp_path, "generic.yml", "(?i:{author_posts})", "(?i:{author_post})"))
    assert len(found) == 1, found
    assert re.fullmatch(r"sources/boilerplate/generic\.yml: rules\[\d+\] \(author-affiliation\)\.match: names \{author_post\},"
                        r" which is no list of metadata-lines\.yml; allowed: \{after_name_words\}, .*\{name_joiners\}, .*"
                        r"(or a list's name in capitals \(\{AUTHOR_POSTS\}\): its words in capitals)?", found[0]), found


def test_a_publisher_s_rule_names_the_lists_too_and_one_naming_no_list_is_refused(tmp_path):
    sources = boilerplate(tmp_path, "metadata-lines.yml", "date_by: [by]", "date_by: [by]")
    folder = sources / "boilerplate"
    (folder / "example.yml").write_text(
        "publisher: example\ndetect: [example.org]\nrules:\n"
        "  - {id: post, kind: byline, match: 'Jane Roe, (?i:{author_posts})', after: '(?i:{AUTHOR_POSTS})'}\n"
        "  - {id: typo, kind: byline, match: 'Jane Roe, {author_post}'}\n", encoding="utf-8")
    reader = Reader(sources)
    _, extraction = reader.generic_rules(folder / "generic.yml")
    profiles = reader.profiles(folder, {"example"}, extraction.metadata_forms)
    found = [str(p) for p in reader.problems if "example.yml" in str(p)]  # the others' publishers are not given
    assert len(found) == 1 and found[0].startswith(
        "sources/boilerplate/example.yml: rules[1] (typo).match: names {author_post}, which is no list of metadata-lines.yml"), found
    post = next(p for p in profiles if p.publisher == "example").rules[0]
    assert re.fullmatch(post.pattern, "Jane Roe, Editor") and re.fullmatch(post.after, "CORRESPONDENT")
    assert not re.fullmatch(post.pattern, "Jane Roe, Gardener")


def test_a_trail_s_opening_is_listed_once_for_the_rule_and_the_headline(tmp_path):
    """generic.yml's breadcrumb-trail rule names metadata-lines.yml's site_home, as crumbs.py does:
    the site's home in another language added there opens a trail the rule takes."""
    line = "Etusivu / Maailma / Observers on the ceasefire line"
    assert "Etusivu / Maailma /" not in {r.text for r in page(HEADLINE, line, *BODY).removals}
    seen = read_with(boilerplate(tmp_path, "metadata-lines.yml", "site_home: [home,", "site_home: [etusivu, home,"), line)
    assert {r.text: r.kind for r in seen.removals}["Etusivu / Maailma /"] == "page-header"


def test_a_separator_added_to_trail_separators_leaves_a_trail_s_crumb_open(tmp_path):
    """crumbs.open_trail splits a trail by metadata-lines.yml's trail_separators: a trail left open by
    another separator ("World · Europe ·") names the line under it the headline once that separator is listed."""
    from archive.ingest.crumbs import open_trail
    from archive.ingest.metadata import using
    sources = boilerplate(tmp_path, "metadata-lines.yml", 'trail_separators: [">",', 'trail_separators: ["·", ">",')
    reader = Reader(sources)
    _, extraction = reader.generic_rules(sources / "boilerplate" / "generic.yml")
    assert reader.problems == [] and not open_trail("World · Europe ·")
    with using(extraction.metadata_forms):
        assert open_trail("World · Europe ·") and open_trail("World > Europe >")


def test_an_archive_s_forms_are_compiled_when_first_asked_for(tmp_path, monkeypatch):
    """using() compiles none of an archive's forms until forms() is asked for them (the article of
    a new title, whose cleaning is kept, asks for none); then they are the archive's, an inner
    using() its own, until each block ends."""
    from archive.ingest import metadata
    from archive.ingest.metadata import forms, using
    made = []
    real = metadata.compiled
    monkeypatch.setattr(metadata, "compiled", lambda found: (made.append(found), real(found))[1])
    sources = boilerplate(tmp_path, "metadata-lines.yml", 'trail_separators: [">",', 'trail_separators: ["·", ">",')
    _, extraction = Reader(sources).generic_rules(sources / "boilerplate" / "generic.yml")
    own = forms()  # this repository's (compiled by own(), once)
    made.clear()
    with using(extraction.metadata_forms):
        assert made == []
        archive_s = forms()
        assert made == [extraction.metadata_forms] and archive_s.trail_ends[0] == "·" and forms() is archive_s
        with using(None):
            assert forms() is own
        assert forms() is archive_s and len(made) == 1
    assert forms() is own and len(made) == 1
