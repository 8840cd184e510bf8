"""The licence: stated for our data, and the reproduced texts left to their owners, on the
home page, the data page and in the README."""
from __future__ import annotations

import pytest

from conftest import ROOT, text_of

OURS = "Creative Commons Attribution 4.0 International licence (CC BY 4.0)"
THEIRS = "remain the copyright of their authors and publishers"


@pytest.mark.build
@pytest.mark.parametrize("page", ["index.html", "data/index.html"])
def test_site_states_the_licence_and_the_owners_copyright(built_site, page):
    text = " ".join(text_of((built_site / page).read_text(encoding="utf-8")).text.split())
    assert OURS in text and THEIRS in text and "research and reference" in text


def test_readme_states_the_licence_and_the_owners_copyright():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "## Licence" in text and "(CC BY 4.0)" in text and THEIRS in text


# --- in the dataset and the feed, which travel without the site ----------------------------------

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
ATOM = "{http://www.w3.org/2005/Atom}"


def words(value: str) -> str:
    return " ".join(value.split())


@pytest.mark.build
def test_dataset_json_carries_the_licence(built_site):
    import json

    data = json.loads((built_site / "data" / "archive.json").read_text(encoding="utf-8"))
    licence = data["licence"]
    assert licence["url"] == CC_BY and licence["name"] == "CC-BY-4.0"
    assert OURS in words(licence["statement"]) and THEIRS in words(licence["statement"])


@pytest.mark.build
def test_every_csv_file_is_described_with_its_licence(built_site):
    """CSV has no place for metadata: data/datapackage.json (a Frictionless Data Package, the
    usual companion of CSV files) names every file of the dataset and its licence, and which
    columns hold text that is not ours."""
    import json

    package = json.loads((built_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": CC_BY,
                                    "title": "Creative Commons Attribution 4.0 International"}]
    assert OURS in words(package["description"]) and THEIRS in words(package["description"])
    listed = {r["path"] for r in package["resources"]}
    files = {p.name for p in (built_site / "data").iterdir() if p.suffix in (".csv", ".json") and p.name != "datapackage.json"}
    assert listed == files
    for resource in package["resources"]:
        if resource["path"] in ("articles.csv", "quotes.csv", "archive.json", "citations.json"):
            assert "copyright of their authors and publishers" in resource["description"], resource


@pytest.mark.build
def test_feed_carries_the_licence_and_each_entry_its_owners_copyright(built_site):
    import json
    import xml.etree.ElementTree as ET

    data = json.loads((built_site / "data" / "archive.json").read_text(encoding="utf-8"))
    names = {p["id"]: p["name"] for p in data["publishers"]}
    publisher = {a["slug"]: names[a["publisher"]] for a in data["articles"]}
    feed = ET.parse(built_site / "feed.xml").getroot()
    rights = words(feed.find(f"{ATOM}rights").text)
    assert OURS in rights and THEIRS in rights
    assert [l.get("href") for l in feed.findall(f"{ATOM}link") if l.get("rel") == "license"] == [CC_BY]
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        slug = entry.find(f"{ATOM}id").text.rsplit("/", 1)[-1]
        text = words(entry.find(f"{ATOM}rights").text)
        assert publisher[slug] in text and "research and reference" in text, text


def test_the_rights_lines_hold_source_text_as_text():
    """An author or publisher named with markup reaches the feed's rights line as text: the
    XML writer escapes it, and it parses back exactly."""
    import xml.etree.ElementTree as ET
    from dataclasses import replace

    from archive.exports import feed as export
    from archive.build import Paths, load
    from archive.site.structure import Site

    voc, articles, _ = load(Paths(ROOT))
    hostile = '</rights><x a="1">&amp; <![CDATA[ ]]>'
    article = articles[0]
    voc = replace(voc, publishers=tuple(replace(p, name=hostile) if p.id == article.publisher else p for p in voc.publishers))
    feed = ET.fromstring(export.feed(Site(voc, (article,))))
    (entry,) = feed.findall(f"{ATOM}entry")
    assert hostile in entry.find(f"{ATOM}rights").text and entry.find(f"{ATOM}x") is None
