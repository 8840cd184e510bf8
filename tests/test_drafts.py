"""Drafts that save the editor's time (issue 25 item 4): what `archive new` drafts from a dump."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, copy_archive
from hostile_support import run

CORPUS = ROOT / "tests" / "corpus" / "raw"
NORDIC = ROOT / "tests" / "fixtures" / "nordic-observers.txt"


@pytest.fixture
def root(tmp_path):
    return copy_archive(tmp_path / "archive")


def new(root, path, *args) -> tuple[str, str, dict]:
    result = run(root, "new", str(path), *args)
    assert result.returncode == 0, result.stderr
    yml = next(p for p in (root / "sources" / "articles").glob("*.yml") if "draft:" in p.read_text(encoding="utf-8"))
    text = yml.read_text(encoding="utf-8")
    return result.stdout, text, yaml.safe_load(text)


def test_a_date_stated_in_two_agreeing_forms_is_drafted(root):
    # The National Post page prints "date 2022-03-18" and "Mar 18, 2022".
    _, _, record = new(root, CORPUS / "02_nationalpost.com-poland-nato-peacekeeping.txt")
    assert record["date"] == {"value": "2022-03-18",
                              "basis": "The text states it in forms that agree: '2022-03-18' (line 1); 'Mar 18, 2022' (line 5)."}
    assert "date" not in record["draft"]


def test_dates_that_do_not_agree_are_left_to_decide(root, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("A title\n\nUpdated 2022-03-19\n\nMar 18, 2022\n\n" + "A paragraph of running text, long enough to be the body of the article. " * 3 + "\n", encoding="utf-8")
    _, _, record = new(root, page)
    assert record["date"]["value"].startswith("DECIDE:") and "date" in record["draft"]


def test_the_summary_shows_where_the_last_body_line_ends(root, tmp_path):
    page = tmp_path / "cut.txt"
    body = ["The first paragraph of the article is long enough to be running text, and it ends as sentences do.",
            "The second paragraph goes on about the observer mission along the ceasefire line for a good while, "
            "and then the dump stops in the middle of a wo"]
    page.write_text("Observers for the line\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    out, _, _ = new(root, page)
    last = next(line for line in out.splitlines() if line.strip().startswith("last:"))
    assert last.endswith("in the middle of a wo' (line 5; check)"), last


def test_the_draft_lists_the_arguments_that_fit_the_proposals_found(root):
    _, text, record = new(root, NORDIC)
    found = {p["id"] for p in record["proposals"]}
    arguments = yaml.safe_load((ROOT / "sources" / "vocabularies" / "arguments.yml").read_text(encoding="utf-8"))
    fitting = [a["id"] for a in arguments if found & {*a["used_for"], *a["used_against"]}]
    unrelated = [a["id"] for a in arguments if not found & {*a["used_for"], *a["used_against"]}]
    assert fitting and all(f"#   {a}: " in text for a in fitting)
    assert not any(f"#   {a}: " in text for a in unrelated)


def test_readme_and_draft_agree_on_how_many_arguments_a_record_needs(root):
    _, text, _ = new(root, NORDIC)
    asked = re.search(r"(\d+) to (\d+) arguments", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert asked and f"# {asked.group(1)} to {asked.group(2)} arguments, each" in text


# The proposals each development page names, as an editor reads it (the pages not listed name
# none by name: a report on guarantees in general, a history of deterrence, a review of truce
# literature).
DEV_PROPOSALS = {
    "01_rferl.org-coalition-inches-closer": {"european-reassurance-force", "us-backstop"},
    "02_nationalpost.com-poland-nato-peacekeeping": {"nato-peacekeeping-mission"},  # "peacekeeping mission ... at the next NATO summit"
    "03_unn.ua-uk-coalition-20-countries": {"european-reassurance-force"},
    "04_iz.ru-merz-german-peacekeepers": {"european-reassurance-force"},  # "German peacekeepers"
    "06_gmfus.org-coalition-of-the-willing": {"european-reassurance-force"},
    "08_neweasterneurope.eu-strategically-mature-europe": {"european-reassurance-force"},
    "09_aletihad.ae-russia-rejects-eu-troops": {"european-reassurance-force"},  # "European peacekeeping troops"
    "10_thewest.com.au-bourke-coalition-of-the-willing": {"european-reassurance-force"},
    "11_konturnovosti.com-which-troops-might-join": {"european-reassurance-force"},
    "13_todayheadline.co-coalition-paper-thin": {"european-reassurance-force"},
    "14_apc.org-campaigners-partisan-force": {"european-reassurance-force"},
    "15_caliber.az-china-conditional-troops": {"un-neutral-peacekeeping-force"},  # "a peacekeeping mission ... under a United Nations mandate"
    "16_simonecoppola.com-send-european-soldiers": {"european-reassurance-force"},  # "European troops"
    "17_journaldebruxelles.be-macron-reassurance-force": {"european-reassurance-force"},
    "18_euobserver.com-eu-peacekeeping-pledges": {"european-reassurance-force"},  # "EU countries ... peace-keeping soldiers"
    "19_nation.cymru-starmer-macron-host-meeting": {"european-reassurance-force"},
    "20_essanews.com-kremlin-opposes-nato-troops": {"nato-peacekeeping-mission", "european-reassurance-force"},
}


def recognised(path) -> set[str]:
    from archive.authoring.hints import proposals_mentioned
    from archive.authoring.preview import analyse, read_file
    voc, _, given = read_file(ROOT / "sources", path)
    return {pid for pid, _ in proposals_mentioned(voc, analyse(voc, given.raw, page=given).found)}


@pytest.mark.parametrize("page", sorted(DEV_PROPOSALS))
def test_each_development_page_names_its_proposals(page):
    assert recognised(CORPUS / f"{page}.txt") >= DEV_PROPOSALS[page]


@pytest.mark.parametrize("slug", sorted(p.stem for p in (ROOT / "sources" / "articles").glob("*.yml")))
def test_each_seed_names_the_proposals_its_record_discusses(slug):
    record = yaml.safe_load((ROOT / "sources" / "articles" / f"{slug}.yml").read_text(encoding="utf-8"))
    assert recognised(ROOT / "sources" / "articles" / f"{slug}.txt") >= {p["id"] for p in record["proposals"]}


def test_aliases_match_word_forms_and_terms_near_each_other():
    from archive.authoring.hints import named
    assert named("nato peacekeeping mission", "two nato peace-keeping missions were floated")
    assert named("european ~ peacekeep*", "european leaders discussed sending peacekeepers")
    assert named("peacekeeping mission ~ nato", "a peacekeeping mission in ukraine at the next nato summit")
    assert not named("peacekeeping mission ~ nato", "a peacekeeping mission in ukraine, they said; " + "x " * 40 + "and nato")
    assert named("nato peacekeeping mission", "a nato-peacekeeping mission")


@pytest.mark.parametrize("line, value", [
    ("Veröffentlicht am 14. Mai 2014, 15:40 Uhr", "2014-05-14"),
    ("Aktualisiert: 14.05.2014", "2014-05-14"),
    ("Publicado el 3 de marzo de 2025", "2025-03-03"),
    ("Publié le 3 mars 2025", "2025-03-03"),
    ("Pubblicato il 3 marzo 2025", "2025-03-03"),
    ("Gepubliceerd op 3 maart 2025", "2025-03-03"),
    ("Opublikowano 3 marca 2025", "2025-03-03"),
    ("Stand: März 2014", "2014-03"),
    ("Published Sept. 3, 2025", "2025-09-03"),
    ("Ivana SplitMay 31, 2019 at 12:33 AM", "2019-05-31"),  # a dump glues a name to its date
    ("01.21.2020 07:00 AM", "2020"),  # no day-first date: its year stays a hint
])
def test_a_date_written_in_another_language_is_a_full_date_hint(line, value):
    # The months' names are data (generic.yml extraction.month_names): a German page's
    # "14. Mai 2014" was the year hint 2014 alone.
    from furniture_support import BODY, page
    seen = page("Ein Titel über die Lage in der Ukraine", line, *BODY)
    assert value in [v for v, _, _, _ in seen.date_hints], seen.date_hints


def test_a_word_that_is_no_month_gives_only_its_year():
    from furniture_support import BODY, page
    seen = page("A title about the ceasefire line", "Update 2024: the mission's mandate", *BODY)
    assert [v for v, _, _, _ in seen.date_hints] == ["2024"]


def test_a_language_without_twelve_months_is_refused_in_one_line(tmp_path):
    from conftest import copy_archive
    from hostile_support import refused
    root = copy_archive(tmp_path / "archive")
    path = root / "sources" / "boilerplate" / "months.yml"
    path.write_text(path.read_text(encoding="utf-8") + "xx: [one, two]\n", encoding="utf-8")
    refused(root, r"months\.yml: xx: must list the 12 months")
