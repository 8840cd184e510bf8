"""Property tests of the normaliser: whatever the text, a clear error or a faithful page.

For any raw text and any record text, reading, cleaning, extracting and merging either
reports problems (one line each, naming file and place) or gives an article whose page
- has frontmatter that python-frontmatter loads back to exactly the dict render produced,
- renders (with mkdocs.yml's Markdown extensions) every body paragraph verbatim, under its
  anchor, with the title as the only <h1> text,
- contains no element or attribute that the text brought in: only the tags and
  attributes the templates use, no on* attributes, no javascript:/data: links;
and no raw line is lost: each is kept (and shown) or recorded as removed.
"""
from __future__ import annotations

import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import frontmatter
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from archive.site import markup
from archive.pages.article import article_page
from archive.site.citations import CSL, Citations
from archive.site.structure import Site, templates
from archive.ingest.clean import clean
from archive.ingest.extract import extract
from archive.ingest.merge import merge
from archive.ingest.read import LINE_BREAKS, Reader, normalise
from conftest import ROOT, examples, text_meta, to_html

SOURCES = ROOT / "sources"
_reader = Reader(SOURCES)
VOC = _reader.vocabulary(SOURCES)
CITATIONS = Citations(SOURCES / CSL, VOC.title)
assert not _reader.problems, _reader.problems

SETTINGS = settings(max_examples=examples(100), deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class Html(HTMLParser):
    """Tags, attributes, all text, and the text of each element with an id."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.parts: list[str] = []
        self.by_id: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []
        self.comments: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        ident = dict(attrs).get("id")
        if ident:
            self.by_id.setdefault(ident, [])
        if tag not in self.VOID:
            self.open.append((tag, ident))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        self.parts.append(data)
        for _, ident in self.open:
            if ident:
                self.by_id[ident].append(data)

    def handle_comment(self, data):
        self.comments.append(data)

    def text_of(self, ident: str) -> str:
        return squash("".join(self.by_id.get(ident, [])))


def squash(s: str) -> str:
    return " ".join(s.split())


def swallowed_examples(test):
    for text in SWALLOWED:
        test = example(text)(test)
    return test


def swallowed_lines(test):
    for text in SWALLOWED:
        test = example([text])(test)
    return test


# --- strategies ---------------------------------------------------------------------------

HOSTILE = [
    "#", "# ", ">", "> ", "---", "***", "___", "|", "| a | b |", "1.", "1)", "*", "* ", "-", "- ", "+ ",
    "[x](y)", "[x](javascript:alert(1))", "![i](data:text/html,x)", "<!--", "-->", "<script>",
    "</script>", "<img src=x onerror=alert(1)>", "<a href='javascript:alert(1)'>", "{{", "}}",
    "{{ config }}", "{%", "%}", "{% raw %}", "{: #x onclick=y }", "`", "```", "~~~", "\\", "&",
    "&amp;", "&#60;", "&lt;", "<http://x.y>", "!!! note", "??? x", ": def", "=", "===", "    ",
    "\t", "  ", "'", '"', ": ", "no", "yes", "null", "~", "2024-01-01", "- ", "? ", "%YAML",
    "\u00a0", "\u200b", "\ufeff", "\u00ad", "\u2028", "\x85", "\x02", "\x03", "\x1b",
    "\x7f", "é", "e\u0301", "Ж", "中", "🙂", "\U0001f600", "\ufffe", "By ", "Share",
    "Follow us on social", "Dear RS readers: thanks", "© Copyright 2024 X",
]
# Lines Markdown turns into nothing at all (a link reference definition, an abbreviation
# definition, an attribute list, an HTML comment): if escaping ever let one through, the text
# would vanish without an error. Each is an explicit example of the render tests below.
SWALLOWED = [
    "[1]: https://example.org/page", "[a]: <https://example.org> 'Title'", "[^1]: a footnote",
    "*[HTML]: Hyper Text Markup Language", "{: .lead #intro }", "{: #x onclick=y }", "<!-- a comment -->",
    "<!--\nspanning lines\n-->", "[x]:\n  https://example.org/next-line",
]
HOSTILE += SWALLOWED
chunk = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6))
inline = st.lists(chunk, max_size=12).map("".join)
plain_words = st.lists(st.sampled_from(["peace", "force", "Kyiv", "line", "troops", "the", "a"]),
                       min_size=3, max_size=12).map(" ".join)
mixed = st.tuples(plain_words, inline, plain_words).map(" ".join)  # mostly text, some hostile
line = st.one_of(inline, plain_words, mixed, mixed)
newline = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028"])


@st.composite
def raw_texts(draw) -> bytes:
    if draw(st.integers(0, 19)) == 7:
        return draw(st.binary(max_size=200))  # anything at all: must be a clear error or text
    lines = draw(st.lists(line, min_size=draw(rarely(st.just(3), st.just(0))), max_size=10))
    seps = draw(st.lists(newline, min_size=len(lines), max_size=len(lines)))
    text = "".join(l + s for l, s in zip(lines, seps))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text).encode("utf-8")


def rarely(common, rare):
    """Mostly `common`, sometimes `rare` (not at 0, where Hypothesis starts and shrinks to)."""
    return st.integers(0, 19).flatmap(lambda n: rare if n == 7 else common)


optional_text = rarely(st.one_of(st.none(), mixed), inline)


@st.composite
def records(draw, raw: bytes) -> dict:
    proposals = draw(st.lists(st.sampled_from([p.id for p in VOC.proposals]), min_size=1, max_size=3, unique=True))
    positions = [p.id for p in VOC.positions]
    names = draw(st.lists(rarely(mixed, inline), max_size=3))
    record = {
        "title": draw(optional_text),
        "standfirst": draw(optional_text),
        "url": draw(rarely(st.sampled_from([None, "https://example.org/x?a=1&b=%3Cc%3E#d"]),
                           st.sampled_from(["https://example.org/a b", "javascript:alert(1)", "data:text/html,x"]))),
        "url_basis": draw(inline) or "unknown",
        "publisher": {"id": draw(st.sampled_from([p.id for p in VOC.publishers])), "basis": draw(inline) or "b"},
        "date": {"value": "2025-03-04", "precision": "day", "basis": draw(inline) or "b"},
        "authors": [{"name": n, "basis": draw(inline) or "b"} for n in names],
        "authors_unknown": draw(inline) or "unknown" if not names else None,
        "editor": draw(inline) or "e",
        "position": {"id": draw(st.sampled_from(positions)), "basis": draw(inline) or "b"},
        "proposals": [{"id": p, "stance": draw(st.sampled_from(positions)), "basis": draw(inline) or "b"} for p in proposals],
        "arguments": [],
        "source": {"original_name": draw(inline) or "x.txt", "sha256": hashlib.sha256(raw).hexdigest()},
    }
    if draw(st.booleans()):
        # A quote: a piece of one raw line (it may have been cleaned away: then a clear error).
        text = raw.decode("utf-8", "replace")
        pieces = [l for l in re.split(r"[\r\n\u2028\x85]+", text) if l.strip()]
        if pieces:
            piece = draw(st.sampled_from(pieces))
            start = draw(st.integers(0, len(piece)))
            argument = draw(st.sampled_from(VOC.arguments))
            proposal = proposals[0]
            record["arguments"] = [{"id": argument.id, "proposal": proposal, "quote": piece[start:] or piece}]
    return record


# --- the pipeline, as cli.load runs it for one article ----------------------------------

def pipeline(folder: Path, raw: bytes, record: dict):
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    raw_path, record_path = articles / "prop.txt", articles / "prop.yml"
    raw_path.write_bytes(raw)
    record_path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reader = Reader(folder)
    article_raw = reader.raw_article(raw_path, VOC.extraction.max_bytes)
    rec = reader.record(record_path, VOC)
    if article_raw is None or rec is None:
        return reader.problems, None
    cleaned = clean(article_raw, VOC.rules_for(rec.publisher), VOC.extraction.head_max_chars)
    found = extract(cleaned, VOC.extraction)
    article = merge(cleaned, found, rec, VOC, VOC.extraction.title_max_chars, reader.problems)
    return reader.problems, (article_raw, cleaned, found, article)


def render_article(article):
    captured = []
    real = markup.frontmatter

    def spy(meta, body):
        captured.append(meta)
        return real(meta, body)

    with mock.patch.object(markup, "frontmatter", spy):
        page = article_page(Site(VOC, (article,), CITATIONS), article, None, None)
    return page, captured[-1]


def allowed_markup() -> tuple[set[str], set[str]]:
    """Tags and attribute names of the seed articles' pages: what our templates produce."""
    tags, attrs = set(), set()
    for path in sorted((ROOT / "docs" / "articles").glob("*.md")):
        post = frontmatter.load(path)
        html = Html(to_html(post.content))
        tags |= set(html.tags)
        attrs |= {a for _, a, _ in html.attrs}
    return tags | {"h1", "h2", "p", "em", "strong", "a", "ul", "li", "code"}, attrs | {"href", "id"}


ALLOWED_TAGS, ALLOWED_ATTRS = allowed_markup()


def check_problems(problems):
    assert problems
    for p in problems:
        line = str(p)
        assert "\n" not in line and "\r" not in line, f"a problem must be one line: {line!r}"
        assert p.file and p.where and p.message
        assert p.file.endswith((".txt", ".yml")), line


def check_page(raw, cleaned, found, article, record):
    # Nothing lost: every raw line is kept or recorded as removed, and every kept line is
    # shown as something (title, standfirst, byline, bio, caption, credit or a paragraph).
    assert {l.number for l in raw.lines} == {l.number for l in cleaned.kept} | {r.line for r in cleaned.removals}
    shown = {x.number for x in (found.title, found.standfirst, found.byline_line, found.bio, found.caption, found.credit_line) if x}
    assert {l.number for l in cleaned.kept} <= shown | {l.number for l in found.body}

    page, meta = render_article(article)
    post = frontmatter.loads(page)
    assert text_meta(post.metadata) == meta, "frontmatter must load back to exactly what render wrote, as text"
    assert meta["title"] == article.title
    html = Html(to_html(post.content))
    for p in article.paragraphs:
        assert html.text_of(p.anchor) == squash(p.text), p
    h1 = [i for i, t in enumerate(html.tags) if t == "h1"]
    assert len(h1) == 1
    assert set(html.tags) <= ALLOWED_TAGS, set(html.tags) - ALLOWED_TAGS
    assert not html.comments
    for tag, name, value in html.attrs:
        assert name in ALLOWED_ATTRS and not name.startswith("on"), (tag, name, value)
        if name in ("href", "src"):
            assert not re.match(r"\s*(javascript|data|vbscript):", value or "", re.I), value
    text = squash(" ".join(html.parts))
    assert squash(article.title) in text
    for author in article.authors:
        assert squash(author.name) in text


@SETTINGS
@given(st.data())
def test_any_text_is_a_clear_error_or_a_faithful_page(tmp_path, data):
    raw = data.draw(raw_texts(), label="raw")
    record = data.draw(records(raw), label="record")
    problems, result = pipeline(tmp_path, raw, record)
    if result is None or result[3] is None:
        check_problems(problems)
        return
    assert not problems
    check_page(*result, record)


@SETTINGS
@given(st.data())
def test_article_text_from_the_raw_file_is_shown_as_text(tmp_path, data):
    """Hostile text in the raw file only (title, standfirst, byline and body lines)."""
    title, standfirst, body = data.draw(inline), data.draw(inline), data.draw(st.lists(line, min_size=1, max_size=6))
    byline = data.draw(st.sampled_from(["", "By Jane Roe and Ян Ковальчук", "By <script>x</script> & {{ Doe }}"]))
    text = "\n\n".join(x for x in [title, standfirst, byline, *body] if x)
    raw = text.encode("utf-8")
    record = data.draw(records(raw))
    record.update(title=None, standfirst=None, arguments=[])
    problems, result = pipeline(tmp_path, raw, record)
    if result is None or result[3] is None:
        check_problems(problems)
        return
    check_page(*result, record)


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(st.one_of(inline, st.text()))
@swallowed_examples
def test_text_renders_as_exactly_itself(s):
    """markup.text(s) as a paragraph shows exactly s (whitespace normalised), in one <p>."""
    html = Html(to_html(markup.text(s)))
    assert set(html.tags) <= {"p"}, (s, html.tags)
    assert not html.comments
    want = squash(re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", s))
    assert squash("".join(html.parts)) == want


# The markup of the article template's text and removed lines, in the templates' environment.
TEMPLATES = templates()
PARAGRAPH = TEMPLATES.environment.from_string('<div class="text">\n<p id="{{ anchor }}">{{ s }}</p>\n</div>')
VERBATIM = TEMPLATES.environment.from_string('<div class="removed">\n{{ lines | verbatim }}\n</div>')


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(st.one_of(inline, st.text()))
@swallowed_examples
def test_a_paragraph_renders_as_exactly_itself(s):
    """A paragraph printed by a template (autoescaped, in an HTML block) shows exactly s, in one
    <p> with our anchor, whatever Markdown or HTML s contains, and the Markdown after it is
    still Markdown."""
    block = PARAGRAPH.render(s=s, anchor="p-7")
    html = Html(to_html("Before.\n\n" + block + "\n\n*After.*"))
    assert html.tags == ["p", "div", "p", "p", "em"], (s, html.tags)
    assert [(t, k, v) for t, k, v in html.attrs] == [("div", "class", "text"), ("p", "id", "p-7")]
    assert not html.comments
    want = squash(re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", s))
    assert html.text_of("p-7") == want


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(st.lists(st.one_of(inline, st.text()), min_size=1, max_size=4))
@swallowed_lines
def test_verbatim_lines_render_as_exactly_themselves(lines):
    """markup.verbatim(lines) (the removed lines) shows each line as written, leading spaces
    included, in one code block."""
    out = to_html("Before.\n\n" + VERBATIM.render(lines=lines) + "\n\n*After.*")
    html = Html(out)
    shown = [re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", line).rstrip() for line in lines]
    assert html.tags == ["p", "div", "pre", "code", "p", "em"], (lines, html.tags)
    code = re.search(r"(?s)<pre><code>(.*)</code></pre>", out).group(1)
    assert Html(code).tags == [] and unescape(code) == "\n".join(shown)


@settings(max_examples=examples(200), deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from(["title", "description", "authors", "x"]),
                       st.one_of(inline, st.text(), st.lists(inline, max_size=3), st.none()), min_size=1))
def test_frontmatter_round_trips(meta):
    page = markup.frontmatter(meta, "# Body\n\n---\n\ntext")
    post = frontmatter.loads(page)
    assert text_meta(post.metadata) == meta
    assert post.content.startswith("# Body")


@pytest.mark.parametrize("title", ["Peace: now", '"quoted"', "'single'", "no", "yes", "null", "~", "2024-01-01",
                                   "- dash", "# hash", "{{ x }}", "{% if %}", "---", "a\n---\nb", "key: [1, 2]",
                                   "<script>alert(1)</script>", "\ufeffbom", "tab\there"])
def test_yaml_breaking_titles_round_trip(title):
    page = markup.frontmatter({"title": title}, "body")
    assert text_meta(frontmatter.loads(page).metadata) == {"title": title}


# Characters that the reader treats specially: every kind of space, line break, control and
# invisible character, and a letter with a combining accent (NFC).
AWKWARD = st.sampled_from(list(" \t\x0b\x0c\r\n\x1c\x1d\x1e\x1f\x01\x08\x0e\x1b\x7f\x84\x85\x86\x9f\xa0"
                               "\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u2060\ufeff\u00ad"
                               "ae\u0301\u00e9"))


@SETTINGS
@given(st.text(AWKWARD | st.characters(blacklist_characters="\x00"), min_size=1))
def test_raw_lines_are_each_line_normalised(tmp_path, s):
    """The reader's one-pass normalisation of a whole file gives, line for line, what
    normalise() gives each line on its own."""
    path = tmp_path / "x.txt"
    path.write_bytes(s.encode("utf-8"))
    reader = Reader(tmp_path)
    raw = reader.raw_article(path, 10**6)
    text = s[1:] if s.startswith("\ufeff") else s
    expected = [(n, normalise(line)) for n, line in enumerate(LINE_BREAKS.sub("\n", text).split("\n"), 1)]
    expected = [(n, line) for n, line in expected if line]
    if not expected:
        assert raw is None and reader.problems
        return
    assert [(line.number, line.text) for line in raw.lines] == expected
