"""The licence: stated for our data, and the reproduced texts left to their owners, on the
home page, the data page and in the README."""
from __future__ import annotations

import pytest

from conftest import ROOT, text_of

OURS = "Creative Commons Attribution 4.0 International licence (CC BY 4.0)"
THEIRS = "remain the copyright of their authors and publishers"


@pytest.mark.parametrize("page", ["index.html", "data/index.html"])
def test_site_states_the_licence_and_the_owners_copyright(built_site, page):
    text = " ".join(text_of((built_site / page).read_text(encoding="utf-8")).text.split())
    assert OURS in text and THEIRS in text and "research and reference" in text


def test_readme_states_the_licence_and_the_owners_copyright():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "## Licence" in text and "(CC BY 4.0)" in text and THEIRS in text
