"""Golden tests: each of the five seeds becomes the page an editor expects, without its junk."""
from __future__ import annotations

import frontmatter
import pytest
import yaml

from conftest import ROOT, SLUGS, article_and_record, markdown_article_and_record, page_text, text_meta

GOLDEN = yaml.safe_load((ROOT / "tests" / "golden" / "seeds.yml").read_text(encoding="utf-8"))


def test_every_seed_has_a_golden_entry():
    assert sorted(GOLDEN) == SLUGS
    assert len(SLUGS) == 5


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_frontmatter(built_docs, slug):
    """The page a build makes now, not the committed one (which a wrong title would not reach)."""
    want = GOLDEN[slug]
    page = text_meta(frontmatter.load(built_docs / "articles" / f"{slug}.md").metadata)
    assert page["title"] == want["title"]
    assert page["description"] == want["standfirst"]
    assert page["authors"] == want["authors"]
    assert page["publisher"] == want["publisher"]
    assert page["position"] in {"supports", "conditional", "neutral", "skeptical", "opposes"}
    assert page["proposals"], "every article discusses at least one proposal"
    assert page["source"]["raw"] == f"sources/articles/{slug}.txt"
    if not want["authors"]:
        assert page["authors_unknown"], "an unknown author must say why"


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_body_in_built_html(built_site, slug):
    want = GOLDEN[slug]
    html = page_text(built_site / "articles" / f"{slug}.html")
    paragraphs = [html.element(f"p-{n}") for n in range(1, want["paragraphs"] + 2)]
    assert all(paragraphs[: want["paragraphs"]]), "every body paragraph has its anchor"
    assert not paragraphs[want["paragraphs"]], "no paragraph beyond the article's own"
    assert paragraphs[0].startswith(want["first"])
    assert want["last"] in paragraphs[want["paragraphs"] - 1]
    positions = [html.text.index(p) for p in paragraphs[: want["paragraphs"]]]
    assert positions == sorted(positions), "the paragraphs are shown in the article's order"
    if "credit" in want:
        assert want["credit"] in html.text


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_junk_is_gone(built_site, built_docs, slug):
    """Page junk is out of the article as the page presents it (its record, below, lists it)."""
    markdown, _ = markdown_article_and_record((built_docs / "articles" / f"{slug}.md").read_text(encoding="utf-8"))
    html, _ = article_and_record(built_site / "articles" / f"{slug}.html")
    for junk in GOLDEN[slug]["junk"]:
        assert junk not in markdown, junk
        assert junk not in html.text, junk


@pytest.mark.build
@pytest.mark.parametrize("slug", SLUGS)
def test_removed_junk_is_recorded(built_site, slug):
    """What the normaliser dropped is shown in the record at the end of the article's page."""
    _, record = article_and_record(built_site / "articles" / f"{slug}.html")
    for junk in GOLDEN[slug]["junk"]:
        assert junk in record.text, junk
