"""Adding a sixth article end to end, as a new editor would, on a temporary copy.

tests/fixtures/nordic-observers.txt is an invented op-ed with its own web-page junk
(cookie banner, "Follow us on social", share buttons, newsletter box, related-article
teasers, copyright line); it is not part of the archive.
"""
from __future__ import annotations

import ast
import hashlib
import re

import frontmatter
import pytest
import yaml

from conftest import ROOT, article_and_record, copy_archive, mkdocs_build, page_text, text_meta
from hostile_support import TEXT, refused, run, tree

FIXTURE = ROOT / "tests" / "fixtures" / "nordic-observers.txt"
SLUG = "nordic-observer-mission"
TITLE = "The Nordics Should Lead an Unarmed Observer Mission Along Ukraine's Ceasefire Line"
STANDFIRST = ("A lightly equipped monitoring mission from Finland, Sweden, Norway, Denmark and Iceland could do "
              "what a European reassurance force cannot: watch the line without provoking Moscow.")
JUNK = ["We value your privacy", "Accept all cookies", "Manage cookie preferences", "Follow us on social",
        "Share this article", "Subscribe today", "Related articles", "Why Europe's reassurance force is still on paper",
        "What the OSCE learned in Donbas", "© Copyright 2026 Center for the National Interest", "All rights reserved."]


@pytest.fixture
def root(tmp_path):
    return copy_archive(tmp_path / "archive")


def test_fixture_is_not_in_the_archive():
    data = FIXTURE.read_bytes()
    for path in (ROOT / "sources" / "articles").glob("*.txt"):
        assert path.read_bytes() != data
    assert data.decode().count("\n\n") > 30, "one line a block, blank lines between, like the seeds"


@pytest.mark.build
def test_sixth_article_end_to_end(root):
    folder = root / "sources" / "articles"
    docs_before = tree(root / "docs")

    # 1. A first try, as a new editor would, with no rules for this publisher's page furniture:
    # the generic cleaning finds the real title, standfirst and byline, and the body ends at
    # its last paragraph (the related-article headlines under "Related articles" are teasers).
    first = run(root, "new", str(FIXTURE))
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "publisher:  the-national-interest (detected from its boilerplate; check)" in out
    assert re.search(r"date hints: .*2026 \(line \d+\)", out)
    assert "european-reassurance-force" in out and "demilitarised-zone" in out
    assert f"title:      {TITLE!r}".replace("'", '"', 2) in out or f"title:      {TITLE!r}" in out, out
    assert "authors:    Ingrid Solberg, Mikko Aaltonen (byline, line 19" in out
    assert "body:       8 paragraphs" in out
    assert "'The Nordic governments should put this proposal on the table" in out.split("    last:")[1].splitlines()[0]
    assert "moved out:  format, line 13: 'Opinion'" in out
    assert re.search(r"removed: .*cookie-banner 4.*related-articles 4", out)
    made = "the-nordics-should-lead-an-unarmed-observer-mission-along"
    assert f"  slug:       {made} (made from the title; to change it, delete the two files and run archive new again with --slug" in out
    assert re.search(rf"still to decide in sources/articles/{made}\.yml: .*date.*position.*proposals", out)
    record = yaml.safe_load((folder / f"{made}.yml").read_text(encoding="utf-8"))
    assert (record["title"], record["standfirst"]) == (TITLE, STANDFIRST)
    # The editor prefers a shorter slug: deletes the draft and drafts again with --slug.
    (folder / f"{made}.yml").unlink()
    (folder / f"{made}.txt").unlink()

    # 2. The real draft.
    result = run(root, "new", str(FIXTURE), "--slug", SLUG)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"added sources/articles/{SLUG}.txt" in out
    title = re.findall(r"^  title: +(.+) \(line \d+; check\)$", out, re.M)
    assert len(title) == 1 and ast.literal_eval(title[0]) == TITLE, title
    assert "authors:    Ingrid Solberg, Mikko Aaltonen (byline, line" in out
    assert "body:       8 paragraphs" in out
    assert f"still to decide in sources/articles/{SLUG}.yml: url, date, editor, position, proposals" in out
    assert (folder / f"{SLUG}.txt").read_bytes() == FIXTURE.read_bytes(), "copied byte for byte"
    text = (folder / f"{SLUG}.yml").read_text(encoding="utf-8")
    assert "# UNCERTAIN" in text and "# Dates found in the text (hints only; none was chosen):" in text
    record = yaml.safe_load(text)
    assert record["title"] == TITLE
    assert record["standfirst"] == STANDFIRST
    assert [a["name"] for a in record["authors"]] == ["Ingrid Solberg", "Mikko Aaltonen"]
    assert record["publisher"]["id"] == "the-national-interest"
    assert record["source"] == {"original_name": "nordic-observers.txt", "sha256": hashlib.sha256(FIXTURE.read_bytes()).hexdigest()}
    assert record["draft"] == ["url", "date", "editor", "position", "proposals"]
    assert record["date"]["value"].startswith("DECIDE:"), "a date is never chosen silently"
    proposals = [p["id"] for p in record["proposals"]]
    assert {"european-reassurance-force", "demilitarised-zone", "us-backstop", "arm-ukraine"} <= set(proposals)
    assert all(p["stance"].startswith("DECIDE:") for p in record["proposals"])

    # 3. The build refuses the unfinished draft and names what is missing.
    lines = refused(root, rf"^sources/articles/{SLUG}\.yml: draft: this record is an unfinished draft; decide and fill in: "
                          r"url, date, editor, position, proposals \(then delete the draft list\)$",
                    rf"^sources/articles/{SLUG}\.yml: date\.value: is still a placeholder written by archive new",
                    rf"^sources/articles/{SLUG}\.yml: editor: is still a placeholder written by archive new")
    assert tree(root / "docs") == docs_before
    # Deleting the draft list without deciding is refused too: every placeholder is named.
    bare = dict(record)
    del bare["draft"]
    (folder / f"{SLUG}.yml").write_text(yaml.safe_dump(bare, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = refused(root, rf"^sources/articles/{SLUG}\.yml: position\.id: is still a placeholder",
                    rf"^sources/articles/{SLUG}\.yml: proposals\[0\]\.stance: is still a placeholder")
    assert not any("draft" in line for line in lines)

    # 4. The editor decides.
    record.update(
        url=None,
        url_basis="The raw dump does not contain the page address.",
        date={"value": "2026", "precision": "year",
              "basis": "Year only: the footer reads \"© Copyright 2026\"; the text looks back on plans \"discussed since 2025\"."},
        editor="test editor, November 2026",
        position={"id": "supports", "basis": "The Nordic governments should put this proposal on the table before the next round of talks."},
        proposals=[
            {"id": "un-neutral-peacekeeping-force", "stance": "supports",
             "basis": "the five Nordic states could propose an unarmed observer mission"},
            {"id": "european-reassurance-force", "stance": "skeptical",
             "basis": "The result is a plan that reassures no one and deters nothing."},
            {"id": "demilitarised-zone", "stance": "supports",
             "basis": "an unarmed observer mission, staffed by a few hundred monitors, that would patrol a demilitarized zone along the ceasefire line"},
            {"id": "arm-ukraine", "stance": "supports",
             "basis": "Arming Ukraine must continue whatever happens at the negotiating table."},
        ],
        arguments=[
            {"id": "no-russian-consent", "proposal": "european-reassurance-force",
             "quote": "Moscow has said from the start that it will treat any Western soldier on Ukrainian soil as a legitimate target"},
            {"id": "arming-ukraine-is-guarantee", "proposal": "european-reassurance-force",
             "quote": "None of this replaces the most important guarantee of all: a Ukrainian army that is strong enough to defend itself."},
        ],
    )
    del record["draft"]
    (folder / f"{SLUG}.yml").write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # 5. The build succeeds, and so does MkDocs.
    result = run(root, "build")
    assert result.returncode == 0, result.stderr
    page = frontmatter.load(root / "docs" / "articles" / f"{SLUG}.md")
    meta = text_meta(page.metadata)
    assert meta["title"] == TITLE and meta["description"] == STANDFIRST
    assert meta["authors"] == ["Ingrid Solberg", "Mikko Aaltonen"]
    assert page["publisher"] == "the-national-interest"
    text = page.content.split("\n## Text\n")[1].split("\n## ")[0]
    for junk in JUNK:
        assert junk not in text, junk  # (a record's basis may quote it; the article text may not)
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    html = page_text(site / "articles" / f"{SLUG}.html")
    assert html.element("p-1").startswith("Every ceasefire plan for Ukraine discussed since 2025")
    assert html.element("p-8").startswith("The Nordic governments should put this proposal on the table")
    assert not html.element("p-9")
    assert "Ingrid Solberg is a senior fellow" in html.text
    body = " ".join(html.element(f"p-{n}") for n in range(1, 9))
    for junk in JUNK:
        assert junk not in body, junk
    _, shown = article_and_record(site / "articles" / f"{SLUG}.html")
    for junk in JUNK:
        assert junk in shown.text, junk
    for proposal in record["proposals"]:
        linked = (site / "proposals" / f"{proposal['id']}.html").read_text(encoding="utf-8")
        assert f'href="../articles/{SLUG}.html"' in linked, proposal["id"]
    for author, letter in (("ingrid-solberg", "s"), ("mikko-aaltonen", "a")):
        entry = page_text(site / "authors" / f"{letter}.html")
        assert entry.element(author).startswith(("Ingrid Solberg", "Mikko Aaltonen")), author
        html = (site / "authors" / f"{letter}.html").read_text(encoding="utf-8")
        after = html[html.index(f'id="{author}"'):]
        assert f'href="../articles/{SLUG}.html"' in after[:after.index("</ul>")], author


# --- archive new refuses what build would refuse ----------------------------------------

def new_refused(root, path, *patterns, slug=None):
    before = tree(root / "sources"), tree(root / "docs")
    result = run(root, "new", str(path), *(["--slug", slug] if slug else []))
    assert result.returncode == 1, result.stdout
    lines = result.stderr.splitlines()
    assert lines[-1] == f"archive: {len(lines) - 1} problem(s); docs/ was not changed"
    for pattern in patterns:
        assert any(re.search(pattern, line) for line in lines), (pattern, lines)
    assert (tree(root / "sources"), tree(root / "docs")) == before, "nothing is written"
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("data, pattern", [
    (b"", r"new\.txt: file: has no text"),
    (b"Title\n\nBody with a NUL\x00 byte", r"new\.txt: line 3: contains NUL bytes"),
    ("Title\n\nHe said \u201cpeace\u201d.".encode("cp1252"), r"new\.txt: line 3: is not valid UTF-8: byte 0x93 .*Windows-1252"),
    (b"Follow us on social\nShare\nNewsletter\n", r"new\.txt: file: nothing of the article is left after removing boilerplate"),
    (b"x" * 2_000_001, r"new\.txt: file: is 2,000,001 bytes; an article may have at most 2,000,000"),
], ids=["empty", "nul", "cp1252", "boilerplate", "too-big"])
def test_new_refuses_bad_input(root, tmp_path, data, pattern):
    path = tmp_path / "new.txt"
    path.write_bytes(data)
    new_refused(root, path, pattern)


@pytest.mark.slow
def test_new_refuses_a_taken_slug_an_article_already_there_and_a_bad_slug(root, tmp_path):
    path = tmp_path / "Some File Name.TXT"
    path.write_text("\n\n".join(TEXT), encoding="utf-8")
    new_refused(root, path, r"sources/articles/why-a-peacekeeping-force-wont-help-ukraine\.txt: file: already exists: slug .* is taken; choose another with --slug",
                slug="why-a-peacekeeping-force-wont-help-ukraine")
    new_refused(root, path, r"^--slug: 'Not A Slug': is not a slug; allowed: lowercase letters, digits and single hyphens", slug="Not A Slug")
    new_refused(root, ROOT / "sources/articles/why-a-peacekeeping-force-wont-help-ukraine.txt",
                r"has the same bytes as sources/articles/why-a-peacekeeping-force-wont-help-ukraine\.txt: the article is already in the archive")
    new_refused(root, tmp_path / "missing.txt", r"missing\.txt: file: does not exist or is not a file")
    result = run(root, "new", str(path))
    assert result.returncode == 0, result.stderr
    assert (root / "sources/articles/observers-not-soldiers-for-the-ceasefire-line.yml").exists()


# (A headline that is only a date would be taken for the page's date line: "2024-01-01: 12:30"
# is as hostile to YAML and reads as a headline.)
# "2024-01-01: 12:30" (a date and a time, read as the headline because a byline is under it) and
# "2024-01-01 talks: 12:30" (a headline's words running on from its date): mappings to YAML.
HOSTILE_TITLES = ['Peace: "yes", no', "no", "null", "2024-01-01: 12:30", "2024-01-01 talks: 12:30", "- dash", "# {{ x }} {% y %}", "<script>alert(1)</script>",
                  "'single' \"double\" \\ back", "key: [1, {2: 3}]", "@at *star &amp !bang %pct `tick` |pipe >gt"]


@pytest.mark.slow
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_new_drafts_round_trip_hostile_titles(root, tmp_path, title):
    path = tmp_path / "hostile.txt"
    path.write_text("\n\n".join([title, "By <b>Evil</b> Author: no", *TEXT[3:]]), encoding="utf-8")
    result = run(root, "new", str(path), "--slug", "hostile")
    assert result.returncode == 0, result.stderr
    record = yaml.safe_load((root / "sources/articles/hostile.yml").read_text(encoding="utf-8"))
    assert record["title"] == title
    assert record["authors"][0]["name"] == "<b>Evil</b> Author: no"


@pytest.mark.slow
def test_new_drafts_a_record_for_a_raw_file_already_in_place(root):
    """An editor who drops the raw file into sources/articles/ first, as build suggests."""
    folder = root / "sources" / "articles"
    (folder / "observers.txt").write_text("\n\n".join(TEXT), encoding="utf-8")
    refused(root, r"^sources/articles/observers\.txt: file: has no editorial record: create observers\.yml beside it \(archive new drafts one\)$")
    result = run(root, "new", str(folder / "observers.txt"))
    assert result.returncode == 0, result.stderr
    assert "found sources/articles/observers.txt" in result.stdout
    assert yaml.safe_load((folder / "observers.yml").read_text(encoding="utf-8"))["title"] == TEXT[0]
    refused(root, r"^sources/articles/observers\.yml: draft: this record is an unfinished draft")
    again = run(root, "new", str(folder / "observers.txt"))
    assert again.returncode == 1 and "already has its record, observers.yml" in again.stderr


@pytest.mark.slow
@pytest.mark.parametrize("given", ["beside", "as FILE"])
def test_new_with_a_named_pipe_in_sources_articles_answers_in_one_line(root, given):
    """A named pipe blocks whoever reads it: `archive new` neither reads one given as FILE nor
    one it meets in sources/articles/ while looking for the same article, and says which."""
    import os
    import subprocess
    from hostile_support import ARCHIVE_CMD
    pipe = root / "sources" / "articles" / "pipe.txt"
    os.mkfifo(pipe)
    args = [str(pipe)] if given == "as FILE" else [str(FIXTURE)]
    docs_before = tree(root / "docs")
    try:
        result = subprocess.run([*ARCHIVE_CMD, "--root", str(root), "new", *args],
                                capture_output=True, text=True, cwd=root, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("archive new hung on the named pipe")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "sources/articles/pipe.txt: file: is a named pipe; only regular files are sources", lines
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in pipe.parent.iterdir() if p.name.startswith("nordic")) == []
    assert tree(root / "docs") == docs_before


@pytest.mark.slow
def test_preview_of_a_named_pipe_answers_in_one_line(tmp_path):
    import os
    import subprocess
    from hostile_support import ARCHIVE_CMD
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    try:
        result = subprocess.run([*ARCHIVE_CMD, "--root", str(ROOT), "preview", str(pipe)],
                                capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("archive preview hung on the named pipe")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith("pipe.txt: file: is a named pipe; only regular files are sources"), result.stderr


# --- issue 22 item 6: names and text printed to a terminal carry no control characters -------

EVIL_NAME = "bad\x1b]0;OWNED\x07\x1b[2J\nsecond line: fake\u202etxt.txt"
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.mark.slow
@pytest.mark.parametrize("command", ["preview", "new"])
@pytest.mark.parametrize("data", [b"Title\n\nA NUL\x00 byte", b""], ids=["nul", "empty"])
def test_a_file_name_cannot_drive_the_terminal(root, tmp_path, command, data):
    path = tmp_path / EVIL_NAME
    path.write_bytes(data)
    result = run(root, command, str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not TERMINAL_CONTROLS.search(result.stderr + result.stdout), ascii(result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[-1] == "archive: 1 problem(s); docs/ was not changed", lines
    assert lines[0].startswith(str(tmp_path) + "/bad\\x1b]0;OWNED\\x07\\x1b[2J\\nsecond line: fake\\u202etxt.txt: "), ascii(lines[0])


@pytest.mark.slow
@pytest.mark.parametrize("command", ["preview", "new"])
def test_text_printed_by_preview_and_new_cannot_drive_the_terminal(root, tmp_path, command):
    path = tmp_path / "text.txt"
    path.write_text("\n\n".join([TEXT[0] + " \u202e\u2066reversed", *TEXT[1:], TEXT[3] + " \u202eand\u2069 back"]), encoding="utf-8")
    result = run(root, command, str(path), *(["--slug", "text"] if command == "new" else []))
    assert result.returncode == 0, result.stderr
    assert not TERMINAL_CONTROLS.search(result.stderr + result.stdout), ascii(result.stdout)
    # preview prints each paragraph whole; new, the first and last cut to 100 characters, and the title
    assert ("\\u202eand\\u2069 back" if command == "preview" else "\\u202e\\u2066reversed") in result.stdout


# --- issue 22 item 7: --slug is checked as `check` checks a slug, before anything is written --

@pytest.mark.slow
@pytest.mark.parametrize("slug, pattern", [
    ("index", r"^--slug: 'index': the slug 'index' is reserved"),
    ("foo-page-2", r"^--slug: 'foo-page-2': the slug 'foo-page-2' is reserved"),
    ("a" * 101, r"^--slug: 'a{80}…': the slug is 101 characters; at most 100 are allowed"),
    ("a" * 300, r"^--slug: 'a{80}…': the slug is 300 characters; at most 100 are allowed"),
])
def test_new_refuses_a_slug_check_would_refuse_before_writing(root, tmp_path, slug, pattern):
    path = tmp_path / "new.txt"
    path.write_text("\n\n".join(TEXT), encoding="utf-8")
    lines = new_refused(root, path, pattern, slug=slug)
    assert len(lines) == 2 and "Traceback" not in "".join(lines)


def test_a_file_name_with_controls_is_recorded_as_it_can_be_shown(root, tmp_path):
    """The record keeps the raw file's original name, which the article page shows: its controls
    and bidi characters as escapes, not a reversed or broken line on the page."""
    path = tmp_path / EVIL_NAME
    path.write_text("\n\n".join(TEXT), encoding="utf-8")
    result = run(root, "new", str(path), "--slug", "evil-name")
    assert result.returncode == 0, result.stderr
    record = yaml.safe_load((root / "sources/articles/evil-name.yml").read_text(encoding="utf-8"))
    assert record["source"]["original_name"] == "bad\\x1b]0;OWNED\\x07\\x1b[2J\\nsecond line: fake\\u202etxt.txt"
