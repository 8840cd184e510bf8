"""The page templates: autoescaped, with every way around the escaping in one module, and the
render stage split into small modules with no import cycle."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from archive.site import markup
from archive.site.structure import templates as templates_of_a_build
from conftest import ROOT

ARCHIVE = ROOT / "scripts" / "archive"
TEMPLATES = sorted(p for p in (ARCHIVE / "site" / "templates").rglob("*") if p.is_file())


def test_templates_are_autoescaped_through_one_function():
    templates = templates_of_a_build()
    assert templates.environment.autoescape is True
    assert templates.environment.finalize == templates.escape_html
    page = templates.environment.from_string('<p title="{{ x }}">{{ x }}</p>').render(x='<b onclick="x">&\'')
    assert page == '<p title="&lt;b onclick=&quot;x&quot;&gt;&amp;&#x27;">&lt;b onclick=&quot;x&quot;&gt;&amp;&#x27;</p>'


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ARCHIVE / "site" / "templates").as_posix())
def test_no_template_turns_escaping_off(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\|\s*safe\b|autoescape\s+false|\bMarkup\b|\{%-?\s*raw", text), path


def test_markup_is_made_only_in_markup_py():
    makers = [p.relative_to(ARCHIVE).as_posix() for p in ARCHIVE.rglob("*.py") if re.search(r"\bMarkup\(", p.read_text())]
    assert makers == ["site/markup.py"]


def test_a_template_printing_none_fails_instead_of_printing_nothing():
    with pytest.raises(TypeError):
        templates_of_a_build().environment.from_string("{{ x }}").render(x=None)


def test_export_does_not_import_render():
    code = "import sys, archive.exports.dataset, archive.exports.feed; print('archive.pages.render' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("path", sorted((ARCHIVE / "pages").glob("*.py")) + [ARCHIVE / "site" / "markup.py"],
                         ids=lambda p: p.name)
def test_render_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 250
