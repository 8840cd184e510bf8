"""Broken and hostile input: clear errors, nothing lost, no injected code.

Every bad input is added to a temporary copy of the archive. The build must report each
problem on one line (file, line or field, what is wrong, what is allowed), exit non-zero
and leave docs/ byte for byte as it was. Hostile but valid text must build, and the built
site must show it as text: no element or attribute that our templates did not make.
"""
from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import frontmatter
import pytest
import yaml

from conftest import ROOT, SLUGS, article_and_record, mkdocs_build, page_text, text_meta, zensical_build
from hostile_support import ARCHIVE_CMD, TEXT, add, build, grow, markup, record_for, refused, root, run, tree  # noqa: F401 (root is a fixture)

PUBLISHERS = ", ".join(p["id"] for p in yaml.safe_load((ROOT / "sources/vocabularies/publishers.yml").read_text(encoding="utf-8")))


def md_page(root: Path, slug: str):
    return frontmatter.load(root / "docs" / "articles" / f"{slug}.md")


# --- raw files ---------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"  \n\t\n\r\n", "\ufeff".encode(), "\u200b\n\u00ad\n".encode()],
                         ids=["empty", "whitespace", "bom-only", "invisible-only"])
def test_empty_file(root, data):
    add(root, "empty", data)
    refused(root, r"^sources/articles/empty\.txt: file: has no text \(it is empty or only whitespace\)$")


def test_only_boilerplate(root):
    add(root, "furniture", ["Follow us on social", "Share", "Newsletter", "Subscribe now to our weekly round-up of news.",
                            "© Copyright 2025 Example Media", "All rights reserved."])
    refused(root,
            r"^sources/articles/furniture\.yml: body: nothing of the article is left after cleaning; check the raw file and the boilerplate rules \(is it only boilerplate\?\)$",
            r"^sources/articles/furniture\.yml: title: the text has no title line; write the title in the record$")


@pytest.mark.parametrize("data, line", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", 3),
    (bytes(range(256)), 1),
    (b"A title\n\nA paragraph\x00with a NUL byte\n", 3),
], ids=["png", "all-bytes", "nul-in-text"])
def test_binary_or_nul(root, data, line):
    add(root, "binary", data)
    refused(root, rf"^sources/articles/binary\.txt: line {line}: contains NUL bytes: this looks like binary data, not text; save the article as plain UTF-8 text$")


def test_random_binary_without_nul(root):
    rng = random.Random(4)
    data = bytes(rng.randrange(1, 256) for _ in range(4000))
    add(root, "noise", data)
    refused(root, r"^sources/articles/noise\.txt: line \d+: is not valid UTF-8: byte 0x[0-9a-f]{2} at offset \d+.*; only UTF-8 text is allowed$")


def test_windows_1252(root):
    data = "\r\n\r\n".join(TEXT[:3] + ["He said \u201cpeace\u201d \u2013 and meant it.", *TEXT[3:]]).encode("cp1252")
    add(root, "cp1252", data)
    offset = data.index(b"\x93")
    lines = refused(root, rf"^sources/articles/cp1252\.txt: line 7: is not valid UTF-8: byte 0x93 at offset {offset} "
                          r"\(it looks like Windows-1252 or Latin-1: convert it, e\.g\. iconv -f cp1252 -t utf-8\); only UTF-8 text is allowed$")
    assert not any("â€" in line for line in lines), "never mojibake"


def test_record_not_utf8(root):
    add(root, "badyaml")
    path = root / "sources/articles/badyaml.yml"
    path.write_bytes(path.read_bytes().replace(b"test editor", "t\u00e9st \u00e9ditor".encode("cp1252")))
    refused(root, r"^sources/articles/badyaml\.yml: file: is not valid UTF-8 \(invalid continuation byte\); YAML files must be UTF-8$")


def test_ten_megabytes(root):
    line = b"A sentence of an implausibly long article, repeated until the file is ten megabytes.\n"
    add(root, "huge", line * (10 * 1024 * 1024 // len(line) + 1))
    refused(root, r"^sources/articles/huge\.txt: file: is 10,485,\d{3} bytes; an article may have at most 2,000,000 \(is this really one article\?\)$")


@pytest.mark.build
def test_hundred_thousand_character_paragraph_builds(root):
    long = " ".join(f"word{i}" for i in range(20000))[:100_000].strip()
    assert len(long) >= 99_990
    add(root, "long-line", TEXT + [long])
    code, lines, _ = build(root)
    assert code == 0, lines
    page = md_page(root, "long-line")
    assert long in page.content


def test_hundred_thousand_character_title(root):
    add(root, "long-title", "x" * 100_000)
    # A 100,000-character line is no headline (issue 15: the draft claims none), so the record must give the title.
    refused(root, r"^sources/articles/long-title\.yml: title: the text has no title line; write the title in the record$")


@pytest.mark.build
def test_bom_crlf_and_invisible_characters(root):
    text = "\ufeff" + "\r\n\r\n".join(TEXT[:3] + [
        "Peace\u200bkeeping with a zero-width space, a soft hy\u00adphen and a\u00a0no-break space, written on Windows.",
        *TEXT[3:]]) + "\r\n"
    add(root, "windows", text)
    code, lines, _ = build(root)
    assert code == 0, lines
    page = (root / "docs/articles/windows.md").read_text(encoding="utf-8")
    for bad in ("\ufeff", "\r", "\u200b", "\u00ad", "\u00a0"):
        assert bad not in page
    assert md_page(root, "windows")["title"] == TEXT[0]
    assert "Peacekeeping with a zero-width space, a soft hyphen and a no-break space" in page
    for note in ("removed a UTF-8 byte-order mark", "normalised line endings", "removed invisible characters"):
        assert note in page


# --- records ------------------------------------------------------------------------------

QUOTE_HINT = r" \(YAML reads unquoted yes/no/null/dates/numbers as such: put the text in quotes\)$"


@pytest.mark.parametrize("line, pattern", [
    ("title: Peace: now", r"line 1: is not valid YAML: mapping values are not allowed (?:here|in this context) \(text containing ': '.*must be put in double quotes\)$"),
    ('title: "unterminated', r"line \d+: is not valid YAML: .*must be put in double quotes\)$"),
    ("title: [x](y)", r"line 1: is not valid YAML: .*must be put in double quotes\)$"),
    ("title: no", r"title: must be a string or null; got the boolean false" + QUOTE_HINT),
    ("title: yes", r"title: must be a string or null; got the boolean true" + QUOTE_HINT),
    ("title: 2024-01-01", r"title: must be a string or null; got the date 2024-01-01" + QUOTE_HINT),
    ("title: 2024-02-30", r"line 1: is not valid YAML: 2024-02-30 is not a real date \(day is out of range for month\); write real dates, in quotes$"),
    ("title: 1.5", r"title: must be a string or null; got float" + QUOTE_HINT),
    ("title: ''", r"title: must not be empty$"),
    ('title: "\\u200b"', r"title: has no visible text \(only invisible characters\); write the text, or null$"),
], ids=["colon", "quote", "link", "no", "yes", "date", "impossible-date", "number", "empty", "invisible"])
def test_yaml_breaking_title_in_record(root, line, pattern):
    data = "\n\n".join(TEXT).encode()
    record = yaml.safe_dump(record_for(data, title="TITLE"), sort_keys=False).replace("title: TITLE", line)
    add(root, "yaml-title", data, record=record)
    refused(root, r"^sources/articles/yaml-title\.yml: " + pattern)


def test_yaml_breaking_author_name(root):
    data = "\n\n".join(TEXT).encode()
    record = yaml.safe_dump(record_for(data), sort_keys=False).replace("name: John Doe", "name: no")
    add(root, "yaml-author", data, record=record)
    refused(root, r"^sources/articles/yaml-author\.yml: authors\[1\]\.name: must be a string; got the boolean false" + QUOTE_HINT)


HEADLINE = " for the ceasefire line"
STANDFIRST = "Standfirst: {} is what the editors wrote above the text."
YAML_TITLES = ["Peace: now", '"Quoted" and \'single\'', "no", "yes", "null", "~", "2024-01-01", "- a dash", "# hash",
               "? question", "key: [1, 2]", "{{ config.site_name }} {% if x %}", "--- rule", "| pipe", "> quote", "1. one",
               "*star* _under_ `code`", "[x](javascript:alert(1))", "<!-- comment -->", "<script>alert(1)</script>"]


@pytest.mark.build
@pytest.mark.parametrize("where", ["record", "raw"])
def test_yaml_breaking_titles_build_and_round_trip(root, where):
    for i, title in enumerate(YAML_TITLES):
        if where == "record":
            add(root, f"title-{i}", TEXT + [f"Paragraph {i}."], title=title, standfirst=title)
        else:
            # In a raw file the hostile text opens a headline: a one- or two-word line above a
            # longer one reads as a section label (issue 15), whatever its characters. The
            # standfirst is a sentence: a short line that ends none, between headline and text,
            # is the page's header (a date, a category) and goes as such (issue 25).
            add(root, f"title-{i}", [title + HEADLINE, STANDFIRST.format(title), *TEXT[2:]])
    code, lines, _ = build(root)
    assert code == 0, lines
    for i, title in enumerate(YAML_TITLES):
        page = text_meta(md_page(root, f"title-{i}").metadata)
        assert page["title"] == (title if where == "record" else title + HEADLINE)
        assert page["description"] == (title if where == "record" else STANDFIRST.format(title))


def test_same_slug_twice(root):
    add(root, "Twin")
    add(root, "twin", TEXT + ["Another paragraph, so the bytes differ."])
    refused(root, r"^sources/articles/Twin\.txt: file name: the slug must be lowercase letters, digits and single hyphens",
            r"^sources/articles/twin\.txt: file name: has the same slug as Twin\.txt; slugs must be unique$")


@pytest.mark.build
def test_same_article_twice(root):
    add(root, "first-copy")
    add(root, "second-copy")
    refused(root, r"^sources/articles/second-copy\.txt: file: has the same bytes as first-copy\.txt: the article is already in the archive$")


def test_raw_file_without_record(root):
    add(root, "orphan", record="")
    refused(root, r"^sources/articles/orphan\.txt: file: has no editorial record: create orphan\.yml beside it \(archive new drafts one\)$")


def test_record_without_raw_file(root):
    add(root, "widow")
    (root / "sources/articles/widow.txt").unlink()
    refused(root, r"^sources/articles/widow\.yml: file: is a record with no raw article: widow\.txt is missing$")


@pytest.mark.parametrize("changes, pattern", [
    ({"publisher": {"id": "daily-bugle"}}, rf"publisher\.id: 'daily-bugle' is unknown; known: {PUBLISHERS} \(add new publishers to vocabularies/publishers\.yml\)$"),
    ({"position": {"id": "ambivalent"}}, r"position\.id: 'ambivalent' is unknown; allowed: .*skeptical"),
    ({"proposals": [{"id": "moon-base", "stance": "neutral", "basis": "b"}]}, r"proposals\[0\]\.id: 'moon-base' is not a known proposal; known: .*us-backstop"),
    ({"proposals": [{"id": "us-backstop", "stance": "meh", "basis": "b"}]}, r"proposals\[0\]\.stance: 'meh' is unknown; allowed: .*supports"),
    ({"arguments": [{"id": "it-is-bad", "proposal": "us-backstop", "quote": "Observer missions"}]}, r"arguments\[0\]\.id: 'it-is-bad' is not a known argument; known: .*diplomacy-needed"),
    ({"arguments": [{"id": "diplomacy-needed", "proposal": "arm-ukraine", "quote": "Observer missions"}]}, r"arguments\[0\]\.proposal: 'arm-ukraine' is not among this record's proposals \(us-backstop\)$"),
    ({"colour": "blue"}, r"colour: is not a known field; allowed: publisher, date, .*draft, .*found_at"),
    ({"editor": None}, r"editor: must be a string; got nothing \(null\)"),
], ids=["publisher", "position", "proposal", "stance", "argument", "argument-proposal", "unknown-field", "null-editor"])
def test_unknown_ids(root, changes, pattern):
    add(root, "unknown", **changes)
    refused(root, r"^sources/articles/unknown\.yml: " + pattern)


@pytest.mark.parametrize("date, pattern", [
    ({"value": "2025-02-30", "precision": "day"}, r"date\.value: '2025-02-30' is not a real date \(day is out of range for month\)$"),
    ({"value": "2025-13", "precision": "month"}, r"date\.value: '2025-13' is not a real date \(month must be in 1\.\.12\)$"),
    ({"value": "2025-1-5", "precision": "day"}, r"date\.value: '2025-1-5' does not match precision day \(write YYYY-MM-DD, e\.g\. '2025-03-04', quoted\)$"),
    ({"value": "2025", "precision": "week"}, r"date\.precision: 'week' is not allowed; allowed: year, month, day$"),
], ids=["feb-30", "month-13", "short", "precision"])
def test_impossible_date(root, date, pattern):
    add(root, "bad-date", date=date)
    refused(root, r"^sources/articles/bad-date\.yml: " + pattern)


def test_impossible_unquoted_date(root):
    data = "\n\n".join(TEXT).encode()
    record = yaml.safe_dump(record_for(data), sort_keys=False).replace("value: '2025-03-04'", "value: 2025-02-30")
    add(root, "unquoted-date", data, record=record)
    line = record.splitlines().index("  value: 2025-02-30") + 1
    refused(root, rf"^sources/articles/unquoted-date\.yml: line {line}: is not valid YAML: 2025-02-30 is not a real date")


@pytest.mark.parametrize("quote", ["This sentence is not in the article.",
                                   "at some length, so that it reads like the body of an article rather than its head. Observer missions"],
                         ids=["absent", "across-paragraphs"])
def test_quote_not_in_text(root, quote):
    add(root, "misquote", arguments=[{"id": "diplomacy-needed", "proposal": "us-backstop", "quote": quote}])
    refused(root, r"^sources/articles/misquote\.yml: arguments\[0\]\.quote: '.*' is not a verbatim passage of one body paragraph "
                  r"of misquote\.txt \(quotes must be copied exactly, within one paragraph\)$")


def test_changed_raw_file(root):
    add(root, "edited")
    path = root / "sources/articles/edited.txt"
    path.write_bytes(path.read_bytes() + b"\n\nA sneaky extra paragraph.")
    refused(root, r"^sources/articles/edited\.yml: source\.sha256: is [0-9a-f]{64} but the raw file edited\.txt has [0-9a-f]{64}; raw files are never edited")


@pytest.mark.build
def test_every_problem_in_one_run(root):
    """Many broken articles at once: the CLI (a subprocess) reports them all, one a line."""
    add(root, "empty", b"")
    add(root, "binary", b"\x00\x01\x02")
    add(root, "cp1252", "caf\u00e9\n".encode("cp1252"))
    add(root, "orphan", record="")
    add(root, "bad-date", date={"value": "2025-02-30"})
    add(root, "unknown", TEXT + ["Different bytes."], position={"id": "ambivalent"}, publisher={"id": "daily-bugle"})
    add(root, "misquote", TEXT + ["Other bytes."], arguments=[{"id": "diplomacy-needed", "proposal": "us-backstop", "quote": "Not there."}])
    before = tree(root / "docs")
    for command in ("build", "check"):
        result = run(root, command)
        assert result.returncode == 1, result.stderr
        lines = result.stderr.splitlines()
        expected = ["empty.txt: file:", "binary.txt: line 1:", "cp1252.txt: line 1:", "orphan.txt: file:",
                    "bad-date.yml: date.value:", "unknown.yml: publisher.id:", "unknown.yml: position.id:",
                    "misquote.yml: arguments[0].quote:"]
        assert len(lines) == len(expected) + 1, lines
        for fragment in expected:
            assert sum(fragment in line for line in lines) == 1, (fragment, lines)
        assert lines[-1] == f"archive: {len(expected)} problem(s); docs/ was not changed"
        assert result.stdout == ""
    assert tree(root / "docs") == before


# --- generated pages edited by hand -------------------------------------------------------

@pytest.mark.build
def test_hand_edited_page_is_not_overwritten(root):
    page = root / "docs" / "articles" / f"{SLUGS[0]}.md"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"## Text", b"## Text\n\nAn editor's note added by hand."))
    edited = page.read_bytes()
    result = run(root, "build")
    assert result.returncode == 1
    assert f"{page}: file: was edited by hand since the last build; archive build will not overwrite it" in result.stderr
    assert page.read_bytes() == edited
    result = run(root, "build", "--force")
    assert result.returncode == 0, result.stderr
    assert page.read_bytes() == original
    assert run(root, "build").stdout.strip() == "archive: docs/ is up to date"


@pytest.mark.build
def test_hand_made_file_in_the_way_is_not_overwritten(root):
    mine = root / "docs" / "articles" / "observers.md"
    mine.write_text("# My own notes\n", encoding="utf-8")
    add(root, "observers")
    refused(root, rf"^{re.escape(str(mine))}: file: exists but was not written by the normaliser; archive build will not overwrite it")
    assert mine.read_text(encoding="utf-8") == "# My own notes\n"
    code, lines, _ = build(root, "--force")
    assert code == 0, lines
    assert md_page(root, "observers")["title"] == TEXT[0]


# --- builds killed mid-write -------------------------------------------------------------

def snapshot(docs: Path) -> dict[str, bytes]:
    return {str(p.relative_to(docs)): p.read_bytes() for p in docs.rglob("*") if p.is_file() and p.name != ".archive-manifest.json"}


def manifest_pending(docs: Path) -> bool:
    try:
        return json.loads((docs / ".archive-manifest.json").read_text(encoding="utf-8"))["inputs"] is None
    except (OSError, ValueError, KeyError):
        return False


def timed_build(root: Path) -> tuple[float, float]:
    """Build in a subprocess: (seconds until it began writing, seconds until it ended)."""
    docs, started, writing = root / "docs", time.monotonic(), 0.0
    process = subprocess.Popen([*ARCHIVE_CMD, "--root", str(root), "build"], stdout=subprocess.DEVNULL)
    while process.poll() is None:
        if not writing and manifest_pending(docs):
            writing = time.monotonic() - started
        time.sleep(0.0005)
    assert process.returncode == 0
    return writing, time.monotonic() - started


@pytest.mark.build
@pytest.mark.slow
def test_killed_build_leaves_old_or_new_pages(root):
    grow(root, 12)
    docs = root / "docs"
    vocab = root / "sources/vocabularies/proposals.yml"
    old_vocab = vocab.read_text(encoding="utf-8")
    new_vocab = old_vocab.replace("name: US backstop", "name: American backstop", 1)
    assert new_vocab != old_vocab
    assert build(root)[0] == 0
    state = {"old": snapshot(docs)}
    vocab.write_text(new_vocab, encoding="utf-8")
    writing, finished = timed_build(root)
    assert finished > writing > 0, "the build must mark the manifest pending while it writes"
    state["new"] = snapshot(docs)
    changed = [rel for rel in state["old"].keys() | state["new"].keys() if state["old"].get(rel) != state["new"].get(rel)]
    assert len(changed) > 50, "the change must touch many pages"

    rng = random.Random(20261122)
    first = min(rel for rel in changed if rel in state["old"] and rel in state["new"])  # pages are written in order
    mixed = attempt = 0
    while attempt < 3 or not mixed and attempt < 10:
        target = "old" if attempt % 2 == 0 else "new"
        attempt += 1
        vocab.write_text(old_vocab if target == "old" else new_vocab, encoding="utf-8")
        process = subprocess.Popen([*ARCHIVE_CMD, "--root", str(root), "build"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            # Writing has begun once the manifest is pending and the first changed page is new.
            if manifest_pending(docs) and (docs / first).read_bytes() == state[target][first]:
                break
            time.sleep(0.0002)
        time.sleep(rng.uniform(0, 0.3) * (finished - writing))
        # Popen.kill, not os.kill: a build that ended while the loop polled is already reaped,
        # and its pid is gone (ProcessLookupError) or, worse, another process's.
        process.kill()
        process.wait()

        now = snapshot(docs)
        for rel, data in now.items():
            if re.fullmatch(r"(.*/)?\..*\.tmp", rel):
                continue  # a temp file, never a page: the next build removes it
            assert data in (state["old"].get(rel), state["new"].get(rel)), f"{rel} is neither its old nor its new version"
        json.loads((docs / ".archive-manifest.json").read_text(encoding="utf-8"))
        pages = {rel: data for rel, data in now.items() if not rel.endswith(".tmp")}
        if any(pages.get(rel) == state["old"].get(rel) for rel in changed) and any(pages.get(rel) == state["new"].get(rel) for rel in changed):
            mixed += 1

        code, lines, _ = build(root)  # the next build finishes the job
        assert code == 0, lines
        assert snapshot(docs) == state[target]
    assert mixed, "at least one kill should land in the middle of writing"


# --- hostile text that must build, and the built site ----------------------------------

HOSTILE_TITLE = 'Peace: "yes", no; null 2024-01-01 <script>alert("t")</script></title><b onmouseover=alert(1)>x</b> {{ config.site_name }} {% raw %} # | > --- 1. * [x](javascript:y) <!--'
HOSTILE_STANDFIRST = 'Standfirst " onmouseover="alert(1)" <img src=x onerror=alert(2)> [x](javascript:alert(3)) & &amp; {{ 7*7 }}'
HOSTILE_AUTHORS = ["<script>alert('author')</script>", "Jane {{ Doe }} [x](javascript:alert(1))",
                   "# Hash | pipe <img src=x onerror=alert(1)>", 'no', '" onfocus="alert(1)']
HOSTILE_BODY = [
    "<script>alert(1)</script> The first paragraph is long enough to be body text and has <img src=x onerror=alert(1)> in it.",
    "A [link](javascript:alert(1)) and <a href=\"javascript:alert(2)\">an anchor</a> and <iframe src=\"data:text/html;base64,PHNjcmlwdD4=\"></iframe>.",
    "Jinja {{ 7*7 }} and {% for x in y %}loop{% endfor %} and {# comment #} stay text.",
    "# Heading-like paragraph with | pipes | and *stars* and _under_ and `code` and ![img](data:text/html,<script>alert(1)</script>)",
    "> quote-like paragraph",
    "--- is not a rule",
    "1. numbered paragraph",
    "* bullet paragraph",
    "| a | b |",
    "<!-- a comment --> &lt;script&gt; &amp; done.",
    "{: onclick=\"alert(1)\" } an attribute list attempt",
    "!!! danger \"admonition attempt\"",
    "<https://example.org> autolink and <mailto:x@y> and <style>body{display:none}</style>",
    "<svg onload=alert(1)><math><mi xlink:href=\"javascript:alert(1)\">x</mi></math></svg>",
]


# Page furniture that a generic rule removes: it reaches the page only in the table of removed lines.
HOSTILE_REMOVED = ("Subscribe now </td></tr></table><script>alert('removed')</script> <img src=x onerror=alert(1)> "
                   "{{ 7*7 }} | --- # [x](javascript:alert(1))")


def hostile_text() -> str:
    # The date line under the standfirst is the header's evidence that it is one (extract.is_standfirst).
    return "\n\n".join(["Follow us on social", HOSTILE_TITLE, HOSTILE_STANDFIRST, "March 3, 2025", *HOSTILE_BODY, HOSTILE_REMOVED])


def hostile_region() -> dict:
    """The record's region, from the headline to the last body line (raw line numbers: a blank
    line between blocks). The short Markdown-like lines after the third paragraph are no running
    prose, and the region stage would leave them outside; the editor's region keeps them, so
    every one of them must reach the page, as text."""
    lines = hostile_text().split("\n")
    return {"first": lines.index(HOSTILE_TITLE) + 1, "last": lines.index(HOSTILE_BODY[-1]) + 1,
            "basis": "The editor read the page: <b>every</b> line from the headline to the last is the article's {{ x }}."}


def normalise_script(text: str) -> str:
    return re.sub(r'"base": ?"[./]*"', '"base": "."', re.sub(r"\s+", " ", text)).strip()


@pytest.mark.build
@pytest.mark.parametrize("engine", ["mkdocs", pytest.param("zensical", marks=pytest.mark.tools)])
def test_hostile_article_builds_and_the_site_shows_it_as_text(root, engine, request):
    built_site = request.getfixturevalue({"mkdocs": "built_site", "zensical": "zensical_site"}[engine])
    data = hostile_text().encode()
    add(root, "hostile", data, title=None, standfirst=None, url="https://example.org/a?b=1&c=%3Cscript%3E",
        authors=[{"name": n, "basis": "<script>alert('basis')</script> {{ x }}"} for n in HOSTILE_AUTHORS],
        editor="<b>editor</b> {{ e }}", position={"id": "neutral", "basis": "<img src=x onerror=alert(1)>"},
        proposals=[{"id": "us-backstop", "stance": "neutral", "basis": "[x](javascript:alert(1)) {% x %}"},
                   {"id": "un-neutral-peacekeeping-force", "stance": "supports", "basis": "<!-- c -->"}],
        arguments=[{"id": "diplomacy-needed", "proposal": "us-backstop", "quote": "and <a href=\"javascript:alert(2)\">an anchor</a>"}],
        source={"original_name": "<script>x</script>.txt"}, url_basis="<b>", region=hostile_region())
    code, lines, _ = build(root)
    assert code == 0, lines
    page = text_meta(md_page(root, "hostile").metadata)
    assert page["title"] == HOSTILE_TITLE
    assert page["description"] == HOSTILE_STANDFIRST
    assert page["authors"] == HOSTILE_AUTHORS

    site = root / "site"
    result = mkdocs_build(root, site) if engine == "mkdocs" else zensical_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert engine == "mkdocs" or "No issues found" in result.stdout + result.stderr, result.stdout + result.stderr

    baseline = markup(built_site)
    allowed_src = {src for m in baseline.values() for src, _ in m.scripts if src}
    allowed_inline = {normalise_script(text) for m in baseline.values() for src, text in m.scripts if not src}
    allowed_tags = set().union(*(m.tags for m in baseline.values()))
    pages = markup(site)
    assert "articles/hostile.html" in pages
    for rel, m in pages.items():
        assert m.tags <= allowed_tags | {"table", "thead", "tbody", "tr", "th", "td"}, (rel, m.tags - allowed_tags)
        for src, text in m.scripts:
            if src:
                assert src in allowed_src, (rel, src)
            else:
                assert normalise_script(text) in allowed_inline, (rel, text[:200])
        for tag, name, value in m.attrs:
            assert not name.lower().startswith("on"), (rel, tag, name, value)
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (rel, tag, name, value)
    for path in [*site.rglob("*.xml"), *site.rglob("*.svg")]:
        tree_ = ET.parse(path)  # well-formed
        for element in tree_.iter():
            assert not element.tag.rsplit("}", 1)[-1].lower() == "script", path
            for name, value in element.attrib.items():
                assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (path, name)
                assert not re.match(r"\s*(javascript|data):", value, re.I), (path, name, value)

    text = page_text(site / "articles" / "hostile.html")
    for hostile in [HOSTILE_TITLE, HOSTILE_STANDFIRST, *HOSTILE_AUTHORS, *HOSTILE_BODY]:
        assert " ".join(hostile.split()) in text.text, hostile
    for n, paragraph in enumerate(HOSTILE_BODY, 1):
        assert text.element(f"p-{n}") == " ".join(paragraph.split())
    article, record = article_and_record(site / "articles" / "hostile.html")
    assert HOSTILE_REMOVED in record.text and HOSTILE_REMOVED not in article.text
    html = (site / "articles" / "hostile.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "&lt;script&gt;" in title
    description = re.search(r'<meta name="description" content="([^"]*)">', html).group(1)
    assert "&quot; onmouseover=&quot;" in description
