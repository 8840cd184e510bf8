"""shape.sentence_ended searches for a sentence's end only where a match can start (just before
the closing marks that end a line): it must say what SENTENCE_END searched from every character says."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from archive.ingest.shape import CLOSING, SENTENCE_END, sentence_ended

# Every character the pattern names, and others.
ALPHABET = ".!?…。！？؟:;-)D(" + CLOSING + "\ufe0f\u2600\u27bf\U0001F300\U0001FAFF\U0001F600 aZ\n1,"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=12), st.text(max_size=30))
def test_a_sentence_end_is_found_as_the_pattern_finds_it(tail, head):
    for text in (tail, head + tail, tail + head):
        assert sentence_ended(text) == bool(SENTENCE_END.search(text)), repr(text)


def test_closing_marks_are_the_patterns():
    assert f"[{CLOSING.replace(']', '')}" in SENTENCE_END.pattern.replace("\\", "")
    for text in ("He said so.”", "Really?!’)", "Fine :-)", "Fine :-)”", "Fine :-D", "Sad ;-(»", "Well:-D”)", "a smile 😀\ufe0f”»", "no end here", "end:", ""):
        assert sentence_ended(text) == bool(SENTENCE_END.search(text))
