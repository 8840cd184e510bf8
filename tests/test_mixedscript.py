"""Lines written in two scripts within their words (ingest/mixedscript.py): advertising and spam
swap Latin letters for Cyrillic or Greek look-alikes ("Аdvеrtіѕе wіth uѕ") to get past filters;
no article's text does. Such a line of a saved page's article is set aside with its evidence;
a line in Ukrainian naming NATO, or one word with a stray letter, stays."""
from __future__ import annotations

from conftest import ROOT

from archive.ingest import mixedscript
from archive.ingest.derive import derive
from archive.ingest.read import Reader
from archive.ingest.webpage import parse, visible_blocks

SOURCES = ROOT / "sources"
PROSE = "The force would need a mandate that Moscow accepts, and none has been offered so far. "
# as breakingbelizenews.com prints its advertising offer under an article (public set, tune half)
ADVERT = "Аdvеrtіѕе wіth thе most visited news site in Веlіzе ~ Wе оffеr fullу сuѕtоmіzаblе dіgіtаl mаrkеtіng расkаgеѕ."
UKRAINIAN = "Україна і NATO домовилися про нову місію спостерігачів у 2025 році."
STRAY = "The Кremlin said nothing more about the proposal on Monday evening."  # one word with a Cyrillic K


def test_a_line_whose_words_mix_scripts_is_set_aside_and_others_stay():
    html = (f'<html><body><article><h1>Peacekeepers</h1>{"".join(f"<p>Part {n}. {PROSE * 3}</p>" for n in range(6))}'
            f'<p>{UKRAINIAN}</p><p>{STRAY}</p><p>{PROSE * 2}</p><p><em>{ADVERT}</em></p></article></body></html>').encode()
    blocks = visible_blocks(parse(html, 1 << 20).root)
    said = mixedscript.obfuscated(blocks, list(range(len(blocks))))
    assert [blocks[i].text for i in said] == [ADVERT]
    assert "'Аdvеrtіѕе'" in said[len(blocks) - 1] and "Latin" in said[len(blocks) - 1]
    rules = Reader(SOURCES).vocabulary(SOURCES).extraction
    _, derivation = derive(html, 1 << 20, extraction=rules)  # as archive new reads the page
    lines = derivation.text.split("\n")
    assert [lines[n - 1] for n, _ in derivation.set_aside] == [ADVERT]
    assert {UKRAINIAN, STRAY} <= {lines[n - 1] for n in derivation.article}
