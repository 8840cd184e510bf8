"""Saved web pages: read by their content, their metadata drafted with its basis, their text
derived once and kept beside them, and a hostile page refused in one line.

tests/fixtures/pages/ holds a page of each seed's kind, written from the seeds' own text (the
addresses, dates and one author's name in their metadata are invented for the test): a news
article with JSON-LD, an opinion page with OpenGraph only, and a blog post with no metadata.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_archive
from hostile_support import run

PAGES = ROOT / "tests" / "fixtures" / "pages"
SOURCES = ROOT / "sources"
# Audit events of a program reaching out: a connection, a name looked up, a datagram sent.
CONNECT = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto", "socket.sendmsg", "urllib.Request"}
BODY = "As Russia continues to prosecute its war of aggression against Ukraine"


@pytest.fixture
def root(tmp_path):
    return copy_archive(tmp_path / "archive")


def drafted(root: Path, page: Path, *args: str) -> tuple[dict, str, Path]:
    result = run(root, "new", str(page), *args)
    assert result.returncode == 0, result.stderr
    yml = next(p for p in (root / "sources" / "articles").glob("*.yml")
               if yaml.safe_load(p.read_text(encoding="utf-8")).get("draft"))
    return yaml.safe_load(yml.read_text(encoding="utf-8")), yml.read_text(encoding="utf-8"), yml


def one_line_refusal(result, *patterns: str) -> str:
    assert result.returncode == 1, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[1] == "archive: 1 problem(s); docs/ was not changed", lines
    assert "Traceback" not in result.stderr
    for pattern in patterns:
        assert re.search(pattern, lines[0]), lines[0]
    return lines[0]


def test_news_page_with_json_ld_drafts_its_metadata_with_bases(root):
    out = run(root, "preview", str(PAGES / "news-jsonld.html")).stdout
    assert "  authors:    'Jan Gerber' (the page's JSON-LD author)" in out
    record, text, yml = drafted(root, PAGES / "news-jsonld.html")
    summary = run(root, "new", str(PAGES / "blog-none.html"), "--slug", "another").stdout
    assert "  title:      'Balancing Act: The Complexities of a \"Coalition of the Willing\" in Ukraine' (the page's <title>; check)" in summary
    assert record["title"] == "A Proposed NATO Peacekeeping Mission to Ukraine Could Deepen the Conflict"
    assert "# UNCERTAIN: from the page's JSON-LD headline" in text
    assert record["standfirst"] == "NATO should continue to support peace talks, while staying out of the war."
    assert record["url"] == "https://www.example.org/explainers/nato-peacekeeping-mission"
    assert record["url_basis"] == "From the page's JSON-LD mainEntityOfPage."
    assert record["date"]["value"] == "2022-03-22"  # datePublished, not dateModified, and its own day
    assert record["date"]["basis"].startswith("the page's JSON-LD datePublished (2022-03-22T09:00:00-04:00)")
    assert record["authors"] == [{"name": "Jan Gerber", "basis": "the page's JSON-LD author"}]
    assert record["authors_unknown"] is None
    # A publisher the archive does not know yet: a ready entry for publishers.yml in the draft.
    assert record["publisher"] == {"id": "defense-priorities", "basis": "the page's JSON-LD publisher name: 'Defense Priorities'"}
    assert "#   - id: defense-priorities\n#     name: Defense Priorities\n" in text
    assert {"title", "url", "date", "authors"}.isdisjoint(record["draft"])
    # The page byte for byte, its derived text beside it, and the derivation in the record.
    folder = yml.parent
    page = folder / f"{yml.stem}.html"
    assert page.read_bytes() == (PAGES / "news-jsonld.html").read_bytes()
    derived = (folder / f"{yml.stem}.txt").read_bytes()
    assert record["source"]["sha256"] == hashlib.sha256(derived).hexdigest()
    assert record["source"]["page"] == {"file": page.name, "sha256": hashlib.sha256(page.read_bytes()).hexdigest(),
                                        "extractor": "trafilatura 2.3.1", "article_lines": "13-15, 19-33"}
    assert b"<p>" not in derived and BODY.encode() in derived and b"Privacy policy" in derived


def test_opinion_page_with_opengraph_only_drafts_its_metadata_with_bases(root):
    record, text, _ = drafted(root, PAGES / "opinion-opengraph.html", "--slug", "opinion")  # the seed has its title
    assert record["title"] == "European 'peacekeepers' in Ukraine? A horrible idea."
    assert "# UNCERTAIN: from the page's OpenGraph og:title" in text
    assert record["url"] == "https://www.example.org/2024/12/13/european-peacekeepers-ukraine/"
    assert record["url_basis"] == "From the page's OpenGraph og:url."
    assert record["date"]["value"] == "2024-12-13"
    assert "OpenGraph article:published_time (2024-12-13T16:35:00+00:00)" in record["date"]["basis"]
    # A known publisher, named by og:site_name.
    assert record["publisher"] == {"id": "responsible-statecraft",
                                   "basis": "the page's OpenGraph og:site_name: 'Responsible Statecraft'"}
    # article:author is an address, not a name: the authors are left to decide.
    assert record["authors"] == [] and "authors" in record["draft"]


def test_page_without_metadata_drafts_from_its_title_and_text(root):
    record, text, _ = drafted(root, PAGES / "blog-none.html")
    assert record["title"] == 'Balancing Act: The Complexities of a "Coalition of the Willing" in Ukraine'
    assert "# UNCERTAIN: from the page's <title>" in text
    assert record["url"] is None and {"url", "date", "authors"} <= set(record["draft"])
    assert record["date"]["value"].startswith("DECIDE:")


def test_a_page_stating_no_headline_gets_no_title_claimed_and_its_title_tag_as_a_hint(root, tmp_path):
    # 33 of the public set's pages have no <h1>, og:title or JSON-LD headline; their <title> is
    # the site's name or a title with the site's name added ("Baumgutachten", "Feuerwehr Oldenburg - Ausbildung")
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r"<h1>.*?</h1>", "", (PAGES / "blog-none.html").read_text(encoding="utf-8"), flags=re.S), encoding="utf-8")
    record, text, _ = drafted(root, bare)
    assert record["title"].startswith("DECIDE:") and "title" in record["draft"]
    assert "# The page states no headline (no <h1>, og:title or JSON-LD headline): no title is claimed." in text
    assert "# Its <title> reads 'Balancing Act: The Complexities of a \"Coalition of the Willing\" in Ukraine'." in text


def test_html_named_txt_is_read_as_html(tmp_path):
    page = tmp_path / "saved-page.txt"
    shutil.copy(PAGES / "news-jsonld.html", page)
    result = run(ROOT, "preview", str(page), "--json")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    texts = [x["text"] for x in seen["body"]]
    assert texts[0].startswith(BODY) and not any("<" in t for t in texts)
    assert seen["page"]["title"]["basis"] == "the page's JSON-LD headline"
    assert {r["kind"] for r in seen["removed"]} >= {"page-outside-the-article"}
    assert any(r["text"] == "Privacy policy Terms of use © 2022 Defense Priorities" for r in seen["removed"])


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
    (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
])
def test_neither_text_nor_html_is_refused_in_one_line(tmp_path, root, data, what):
    path = tmp_path / "article.txt"  # the name says text; the bytes decide
    path.write_bytes(data)
    for command in ("preview", "new"):
        one_line_refusal(run(root, command, str(path)), rf"article\.txt: file: is {what}, not text or a web page; allowed: ")
    assert not list((root / "sources" / "articles").glob("article*"))


def test_a_page_saved_from_its_markup_onward_is_html_and_a_dump_quoting_a_tag_is_text():
    from archive.ingest.webpage import kind
    assert kind(b"<style>p { color: red }</style>\n<div><p>One.</p><p>Two.</p><p>Three.</p></div>") == "html"
    assert kind(b"A title\n\nThe article explains that <b> makes text bold.\n") == "text"


def test_other_binary_data_is_refused_at_its_first_nul_byte(tmp_path, root):
    path = tmp_path / "data.html"
    path.write_bytes(b"\x01\x02binary\n\x00data")
    one_line_refusal(run(root, "preview", str(path)), r"data\.html: line 2: contains NUL bytes: this looks like binary data")


# --- a saved page is hostile input ---------------------------------------------------------

def read(data: bytes, name: str = "page.html"):
    """The page through the reader, in-process: (Input or None, problems)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from archive.ingest.saved import read_input
    from archive.ingest.read import Reader
    reader = Reader(SOURCES)
    voc = reader.vocabulary(SOURCES)
    return read_input(reader, Path(name), voc.extraction, data), [str(p) for p in reader.problems], voc


def article(paragraphs: int = 4, head: str = "", body_extra: str = "") -> str:
    text = "".join(f"<p>{BODY}, paragraph {n} says enough to be running text of an article, with a full stop.</p>"
                   for n in range(paragraphs))
    return f"<html><head>{head}<title>A test page</title></head><body><h1>A test page</h1>{body_extra}<article>{text}</article></body></html>"


def test_size_is_checked_before_parsing(monkeypatch):
    from archive.ingest import webpage
    _, _, voc = read(b"")
    monkeypatch.setattr(webpage, "decode", lambda data: pytest.fail("parsed a page over the size limit"))
    data = article().encode().ljust(voc.extraction.max_page_bytes + 1, b" ")
    given, problems, _ = read(data)
    assert given is None and problems == [f"page.html: file: is {len(data):,} bytes; a saved page may have at most "
                                          f"{voc.extraction.max_page_bytes:,} (save it as 'HTML only', without its images)"]


def test_nothing_the_page_references_is_fetched_or_opened(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN", encoding="utf-8")
    head = (f'<base href="file://{tmp_path}/"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            f'<script src="http://127.0.0.1:9/x.js"></script><link rel="import" href="file://{secret}">')
    extra = (f'<img src="file://{secret}"><iframe src="file://{secret}"></iframe><object data="secret.txt"></object>'
             f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}"/>'
             f'<p>&secret;</p><img src="http://127.0.0.1:9/pixel.gif">')
    page = f'<!DOCTYPE html [<!ENTITY secret SYSTEM "file://{secret}">]>' + article(head=head, body_extra=extra)
    events = []

    def audit(event, args):
        if event in CONNECT or event == "open" and "secret" in str(args[0]):
            events.append((event, args[:1]))
    sys.addaudithook(audit)
    given, problems, voc = read(page.encode())
    from archive.authoring.preview import analyse
    seen = analyse(voc, given.raw, page=given)
    assert not problems and events == []
    assert "SECRET-TOKEN" not in given.derivation.text and any(BODY in x.text for x in seen.found.body)


def test_no_script_runs_and_none_is_read_as_text():
    page = article(head="<script>document.title = 'changed'</script>",
                   body_extra="<script>document.write('<p>INJECTED BY SCRIPT</p>')</script>"
                              "<noscript>This page reads fine without scripts.</noscript>"
                              "<template><p>TEMPLATE TEXT</p></template><style>p { color: red }</style>")
    given, problems, _ = read(page.encode())
    assert not problems
    text = given.derivation.text
    assert "INJECTED" not in text and "document.write" not in text and "TEMPLATE TEXT" not in text and "color" not in text
    assert "This page reads fine without scripts." in text  # what a browser without scripts shows


def test_entity_bomb_is_not_expanded():
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    page = f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]>' + article(body_extra="<p>&l9;&l9;&l9;</p>")
    given, problems, _ = read(page.encode())
    assert not problems
    assert "lollol" not in given.derivation.text and len(given.derivation.text) < 5_000


def test_nesting_bomb_is_refused_in_one_line():
    page = "<html><body>" + "<div>" * 100_000 + article() + "</div>" * 100_000 + "</body></html>"
    given, problems, _ = read(page.encode())
    assert given is None and problems == ["page.html: file: nests elements 255 or more deep, where the parser stops reading; "
                                          "no saved article page does that"]


def test_a_page_of_one_huge_paragraph_is_refused_within_a_small_memory(tmp_path):
    """One paragraph of about 1.2 million words (9.5 MB, within the saved page's budget, but
    far more text than an article may have): refused in one line before trafilatura and the
    alignment read it (they took the process to 550 MB), in a process that may hold 200 MB."""
    import resource
    import subprocess

    from hostile_support import ARCHIVE_CMD
    sentence = "Observers on the ceasefire line’s eastern end report what they see, day after day. "
    paragraph = sentence * (9_500_000 // len(sentence.encode()))
    page = tmp_path / "huge.html"
    page.write_text(f"<html><head><title>Huge</title></head><body><h1>Huge</h1><p>{paragraph}</p></body></html>", encoding="utf-8")
    limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (200 << 20, 200 << 20))
    result = subprocess.run([*ARCHIVE_CMD, "--root", str(ROOT), "preview", str(page)], capture_output=True, text=True,
                            timeout=120, preexec_fn=limit)
    assert "MemoryError" not in result.stderr, result.stderr[-2000:]
    one_line_refusal(result, r"huge\.html: file: its visible text is 9,\d{3},\d{3} bytes; an article may have at most "
                             r"2,000,000 \(is this really one article\?\)$")


@pytest.mark.parametrize("declared, encoding, note", [
    ('<meta charset="iso-8859-1">', "utf-8", "read as UTF-8: the page declares cp1252 but its bytes are valid UTF-8"),
    ("", "cp1252", "declares no charset and is not UTF-8; detected from its bytes"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', "cp1252", "read as cp1252 (declared)"),
    ('<meta charset="utf-8">', "cp1252", "declares utf-8, which its bytes do not match"),
])
def test_wrong_or_missing_charset_is_detected(declared, encoding, note):
    words = "Jarosław Kaczyński said the café in Zürich would stay open; Müller disagreed."
    page = article(head=declared, body_extra=f"<p>{words * 3}</p>")
    given, problems, _ = read(page.encode(encoding, "replace"))
    assert not problems
    if encoding == "utf-8":
        assert words in given.derivation.text
    else:  # cp1252 has no ł or ń: the rest must come through
        assert "café in Zürich would stay open; Müller disagreed." in given.derivation.text
    assert any(note in n for n in given.raw.notes), given.raw.notes


def test_a_utf8_page_with_one_broken_byte_stays_utf8():
    words = "Jarosław Kaczyński said the café in Zürich would stay open; Müller disagreed."
    page = article(head='<meta charset="utf-8">', body_extra=f"<p>{words}</p><p>cut short: papieros\xc3</p>").encode()
    page = page.replace("\xc3".encode(), b"\xc3")  # the lone lead byte of a cut sequence
    given, problems, _ = read(page)
    assert not problems and words in given.derivation.text
    assert "read as UTF-8 (declared); 1 invalid byte sequence(s) shown as U+FFFD" in given.raw.notes


@pytest.mark.parametrize("body, reason", [
    ("".join(f'<li><a href="/story/{n}">Headline of another story number {n} about the war in Ukraine and Europe</a></li>'
             for n in range(40)), "\\d+% of the text trafilatura keeps is links"),
    ("<div class='wall'><h2>Subscribe to continue reading</h2><p>Log in or create an account to read this article.</p>"
     "<form><input name='email'><button>Log in</button></form></div>", "trafilatura finds \\d+ letters of running text"),
])
def test_page_without_an_article_says_so_in_one_line(tmp_path, root, body, reason):
    page = tmp_path / "front.html"
    page.write_text(f"<html><head><title>World news</title></head><body><h1>World</h1><ul>{body}</ul></body></html>", encoding="utf-8")
    one_line_refusal(run(root, "new", str(page)), rf"front\.html: file: holds no article: {reason}")
    assert not list((root / "sources" / "articles").glob("world*"))


# --- the build reads the derived text; the page is kept and checked ------------------------

def finish(yml: Path) -> None:
    """Decide what the draft left open, as an editor would."""
    record = yaml.safe_load(yml.read_text(encoding="utf-8"))
    record["publisher"] = {"id": "defense-one", "basis": "Test."}
    record["editor"] = "Test editor, December 2026"
    record["position"] = {"id": "opposes", "basis": "Test."}
    record["proposals"] = [{"id": record["proposals"][0]["id"], "stance": "opposes", "basis": "Test."}]
    del record["draft"]
    yml.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_build_reads_the_derived_text_and_checks_the_page(root):
    _, _, yml = drafted(root, PAGES / "news-jsonld.html", "--slug", "saved-page")
    finish(yml)
    assert run(root, "check").returncode == 0, run(root, "check").stderr
    folder = yml.parent
    page = folder / "saved-page.html"
    page.write_bytes(page.read_bytes().replace(b"Privacy policy", b"Privacy notice"))
    one_line_refusal(run(root, "check"), r"saved-page\.yml: source\.page\.sha256: does not match saved-page\.html")
    page.unlink()
    one_line_refusal(run(root, "check"), r"saved-page\.yml: source\.page\.file: 'saved-page\.html' is not beside it")
    (folder / "stray.html").write_bytes(b"<html></html>")
    result = run(root, "check")
    assert "stray.html: file: is a saved page without its derived text stray.txt" in result.stderr


def test_a_changed_derivation_is_named(root):
    from archive.ingest.read import Reader
    from archive.ingest.saved import changed
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    assert changed(SOURCES / "articles", rules) == []  # every committed derivation is what the extractor gives now
    _, _, yml = drafted(root, PAGES / "opinion-opengraph.html", "--slug", "opinion")
    assert changed(yml.parent, rules) == []
    text = yml.parent / "opinion.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("horrible", "terrible"), encoding="utf-8")
    assert changed(yml.parent, rules) == ["opinion"]


def test_a_page_whose_metadata_names_no_author_drafts_the_byline_it_prints(root):
    # A byline and date under the headline, and no author in the metadata: the line is read
    # as a dump's is (lifted, with its line), not set aside as outside the article.
    record, text, _ = drafted(root, PAGES / "blog-byline.html")
    assert record["authors"] == [{"name": "Jane Roe",
                                  "basis": 'Date line naming the author "By Jane Roe | March 3, 2025" (line 5).'}]
    assert record["date"]["value"] == "2025-03-03"
    assert "Jane Roe" not in (record.get("standfirst") or "")
