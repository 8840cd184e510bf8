"""The one boundary where source text becomes page text: Markdown and HTML escaping, YAML
frontmatter, and the Jinja2 environment of the page templates (scripts/archive/site/templates/).

Templates are autoescaped. Every `{{ value }}` passes through `escape_html()` (the
environment's `finalize`), so a template cannot print source text unescaped; the only values
that reach a page as they are are the `Markup` objects made in this module, each by a function
that says why it is safe.
"""
from __future__ import annotations

import html
import io
import json
import marshal
import os
import pickle
import re
from pathlib import Path

import jinja2
import yaml
from jinja2.bccache import bc_magic
from markupsafe import Markup

from ..core.texts import CONTROL_RUNS, SLUG
from .template_pack import Pack, PackLoader

# libyaml's safe dumper; the lock pins a PyYAML wheel that has it, so output is the same everywhere.
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
TEMPLATES = Path(__file__).resolve().parent / "templates"

_INLINE = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;",
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "{": "\\{", "}": "\\}", "#": "\\#",
}
# One pass that touches only the (rare) special characters: faster than str.translate.
_SPECIAL = re.compile("[" + re.escape("".join(_INLINE)) + "]")
# Block syntax recognised at the start of a line: lists, rules, admonitions, "1." ...
_LINE_START = re.compile(r"^(?:(?P<mark>[-+!])|(?P<number>\d+)(?P<dot>[.)])|(?P<other>[=:~%^?]))")


def text(value: str) -> str:
    """Escape source text for any inline Markdown context (paragraph, heading, link, table)."""
    # Inline text has no line breaks: a break would start a new block ("---", "    code").
    # Control characters go too (STX/ETX are Python-Markdown's own placeholder marks), and
    # edge spaces, which would make an indented code block or a hard line break.
    escaped = _SPECIAL.sub(lambda m: _INLINE[m.group()], CONTROL_RUNS.sub(" ", value).strip(" "))
    m = _LINE_START.match(escaped)
    if m is None:
        return escaped
    if m["mark"]:
        start = "\\" + m["mark"]
    elif m["number"]:
        start = m["number"] + "\\" + m["dot"]
    else:
        start = f"&#{ord(m['other'])};"
    return start + escaped[m.end():]


def markdown(value: str) -> Markup:
    """Safe: `text()` has escaped everything Markdown or HTML would read as markup. For the
    Markdown parts of a page template (headings, tables): `{{ value | md }}`."""
    return Markup(text(value))


def cited(value: str, resolve) -> Markup:
    """Markdown text in which each slug of one of our articles becomes a link titled with the
    article's title: `resolve(slug)` gives (link, title), or None for a word that is no slug of
    ours. Safe: the text around and the title go through `text()`; the link is ours, made from
    a slug that matched a known article."""
    out, end = [], 0
    for m in SLUG.finditer(value):
        found = resolve(m.group())
        if found is None:
            continue
        target, title = found
        out += [_piece(value[end:m.start()], first=not out), f"[{text(title)}]({target})"]
        end = m.end()
    return Markup("".join(out) + _piece(value[end:], first=False) if out else text(value))


def _piece(value: str, first: bool) -> str:
    """Text before, between or after links: escaped like any inline text, its edge spaces kept
    (one each). Only the first piece starts a line, where "1." or ":" would make a block."""
    if not value.strip():
        return " " if value else ""
    escaped = text(value) if first else _SPECIAL.sub(lambda m: _INLINE[m.group()], CONTROL_RUNS.sub(" ", value).strip())
    return (" " if value[0].isspace() else "") + escaped + (" " if value[-1].isspace() else "")


def html_text(value: str) -> str:
    """Escape source text for an HTML block, which Markdown passes through as written."""
    return html.escape(CONTROL_RUNS.sub(" ", value).strip(" "), quote=True)


def verbatim(lines: list[str]) -> Markup:
    """Lines shown exactly as written (their leading spaces too), as a code block in HTML: the
    same <pre><code> that Markdown makes of an indented block. Control characters become
    spaces, as in text(). Safe: the joined lines are HTML-escaped."""
    shown = "\n".join(CONTROL_RUNS.sub(" ", line).rstrip() for line in lines)
    return Markup("<pre><code>" + html.escape(shown, quote=True) + "</code></pre>")


def built_html(value: str) -> Markup:
    """HTML that our own code built from escaped parts (the citations of `citations.formats()`:
    citations.py escapes every source value before citeproc-py puts it into the style's HTML;
    a fragment a template rendered, kept as text in the build's cache, site/reuse.py). The only
    other way into a page."""
    return Markup(value)


def tag_listing(tag: str) -> Markup:
    """The directive with which Material's tags plugin lists a tag's pages: an HTML comment
    holding a JSON list, the tag as the pages' frontmatter writes it (`html_meta`). Safe:
    escaping leaves no `>` to end the comment early, and `json.dumps` quotes the string."""
    return Markup("<!-- material/tags { include: [" + json.dumps(html_meta(tag)) + "] } -->")


# Material and Zensical print these values into HTML as they are (<title>, the header, the
# description and author meta tags, tag links and tag listings), so they are written as HTML
# text: escaped here, once, and never again at build time. The tags plugin matches the listings'
# tags against them in that form too.
HTML_META = ("title", "description", "author", "authors", "tags")


def html_meta(value):
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [html_meta(x) for x in value]
    return value


def frontmatter(meta: dict, body: str) -> str:
    meta = {key: html_meta(value) if key in HTML_META else value for key, value in meta.items()}
    dumped = yaml.dump(meta, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=10_000,
                       default_flow_style=False)
    return f"---\n{dumped}---\n\n{body.rstrip()}\n"


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates, by source: each build's environment starts from them instead of
    compiling every template again (about 0.25 s of CPU a build, which `mkdocs serve` pays at
    each save). Holds nothing a build could see: only the code of a template text. `folder`
    (set by the build: .cache/archive/jinja) keeps them on disk too, for a one-shot
    `archive build`; Jinja's bucket checks its own version and Python's, and the key is the
    template's name and a hash of its text. Like Python's own __pycache__ beside the code, the
    folder is trusted as the code is: what is in it runs."""

    def __init__(self):
        self.code: dict[str, bytes] = {}
        self.folder: Path | None = None
        self.pack: Pack | None = None  # keep_compiled()

    def load_bytecode(self, bucket) -> None:
        data = self.code.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = self.code[bucket.key] = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if data is not None:
            try:  # Bucket.load_bytecode's steps, but marshal.loads: load() reads its file a few bytes at a time (2 ms for 31 templates)
                head = io.BytesIO(data)
                if head.read(len(bc_magic)) != bc_magic or pickle.load(head) != bucket.checksum:
                    return bucket.reset()
                bucket.code = marshal.loads(memoryview(data)[head.tell():])
            except Exception:  # noqa: BLE001 - a cut-short or foreign entry is a miss, compiled again
                bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = data = bucket.bytecode_to_string()
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                tmp = self.folder / f".{bucket.key}.{os.getpid()}"
                tmp.write_bytes(data)
                os.replace(tmp, self.folder / bucket.key)
            except OSError:
                pass  # not kept: the next build compiles it again


_COMPILED = _Compiled()


def keep_compiled(folder: Path | None, code: str = "") -> None:
    """Keep compiled templates in `folder` too (None: in memory only), in one pack by `code` (template_pack.py)."""
    _COMPILED.folder = folder
    if folder is None or not code:
        _COMPILED.pack = None
    elif _COMPILED.pack is None or (_COMPILED.pack.folder, _COMPILED.pack.digest) != (folder, code):
        _COMPILED.pack = Pack(folder, code)


class Templates:
    """One build's page templates: a Jinja2 environment over templates/, autoescaped through
    `escape_html()`, with the globals and filters it is given (site/structure.py gives where
    each page is and how to link it), and the build's escaped strings."""

    def __init__(self, globals: dict, filters: dict, folder: Path = TEMPLATES):
        # Page text repeats (a title is listed on a dozen pages): escaping each string once is
        # a quarter of the render stage at 1,000 articles.
        self.escaped: dict[str, Markup | str] = {}
        self.environment = jinja2.Environment(
            loader=PackLoader(folder, _COMPILED.pack if folder == TEMPLATES else None),
            autoescape=True,
            finalize=self.escape_html,
            undefined=jinja2.StrictUndefined,  # a misspelt name fails the build instead of printing nothing
            trim_blocks=True, lstrip_blocks=True,  # template indentation and tag lines never reach a page
            bytecode_cache=_COMPILED,
            # An environment lives for one build, whose templates do not change: without this,
            # each of the ~15,000 templates asked for at 1,000 articles was checked on disk (a stat).
            auto_reload=False,
        )
        self.environment.filters.update(md=markdown, join=self.joined, verbatim=verbatim, tag_listing=tag_listing,
                                        **filters)
        self.environment.globals.update(globals)

    def escape_html(self, value) -> Markup | str:
        """Every `{{ }}` of a template (its `finalize`). Safe: `html_text()` escapes & < > " ',
        after removing control characters. `Markup` values made by this module pass as they are.
        Escaped text holding no '&' held none of those characters: it is given as a plain str,
        which the autoescaping then finds nothing to escape in (markupsafe's quick path for a
        str; a Markup costs it two more Python calls, for each of 300,000 values at 1,000
        articles)."""
        if isinstance(value, Markup):
            return value
        if value is None:
            raise TypeError("a template printed None: say what is unknown instead")
        value = str(value)
        done = self.escaped.get(value)
        if done is None:
            done = html_text(value)
            done = self.escaped[value] = Markup(done) if "&" in done else done
        return done

    def joined(self, values, separator: str) -> Markup:
        """Values escaped one by one, then joined (the `join` filter: Jinja's own escapes with
        markupsafe, which writes quotes differently). Safe: each value and the separator escaped."""
        return Markup(html.escape(separator, quote=True).join([self.escape_html(v) for v in values]))

    def get(self, name: str) -> jinja2.Template:
        return self.environment.get_template(name)

    def rendered(self, name: str, **context) -> Markup:
        """A template's output, for a place in another template. Safe: every value it printed
        went through `escape_html()` or is `Markup` from this module."""
        return Markup(self.get(name).render(**context))
