"""The quick line breaking against the general one it must always agree with."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n.po.linebreak import (
    ClassLetters,
    _state_machine_breaks,
    fast_line_breaks,
    line_breaks,
)

PRINTABLE = "".join(map(chr, range(0x20, 0x7F)))
GRAPHIC = PRINTABLE[1:]
PLAIN = ClassLetters(False)
WIDE = ClassLetters(True)


def opportunities(text: str, classes: ClassLetters) -> list[int]:
    """Every break opportunity: at width 1 each line holds exactly one piece."""
    return line_breaks(text, set(), 0, 1, classes)


def test_ascii_pairs_and_spaced_pairs_exhaustively() -> None:
    for x, y in itertools.product(GRAPHIC, repeat=2):
        for text in (x + y, f"{x} {y}", f"{x}  {y}", f" {x}{y}", f"{x}{y} "):
            expected = opportunities(text, PLAIN)
            assert fast_line_breaks(text, set(), 0, 1, PLAIN) == expected, text
            assert _state_machine_breaks(text, set(), 0, 1, False) == expected, text


def test_ascii_triples_exhaustively() -> None:
    for triple in itertools.product(PRINTABLE, repeat=3):
        text = "".join(triple)
        expected = opportunities(text, PLAIN)
        assert fast_line_breaks(text, set(), 0, 1, PLAIN) == expected, text


ascii_heavy = st.text(
    alphabet=st.sampled_from("abc xyz  019-/.,:;!?()[]{}'\"<>&#%$+\\|_~=*@^`"), max_size=300
) | st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=200)
words = st.lists(
    st.text(alphabet="abcdefghij", min_size=1, max_size=25)
    | st.sampled_from([" ", "  ", "-", "/", ", ", ". ", "(", ")", "%s", "\\n", '\\"']),
    max_size=60,
).map("".join)
mixed = st.lists(
    st.sampled_from(
        [
            *'ab -.,(\t\n\\"\u00a0\u00ad\u200b\u200d\u0301',
            *"日本語。、「」",
            "한국어",
            *"مرحبا",
            *("😀", "👍🏽", "🇫🇷", "\u2028", "\u3000", "é"),
        ]
    ),
    max_size=120,
).map("".join)


@st.composite
def cases(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> tuple[str, set[int], int, int]:
    text = draw(texts)
    forbidden = draw(st.sets(st.integers(0, len(text)), max_size=8))
    width = draw(st.sampled_from([1, 2, 5, 10, 18, 30, 77, 79, 200]) | st.integers(1, 120))
    startcol = draw(st.integers(0, width + 10))
    return text, forbidden, startcol, width


@settings(max_examples=3000, deadline=None)
@given(case=cases(ascii_heavy | words))
def test_ascii_matches_the_general_breaking(case: tuple[str, set[int], int, int]) -> None:
    text, forbidden, startcol, width = case
    expected = line_breaks(text, forbidden, startcol, width, PLAIN)
    assert fast_line_breaks(text, forbidden, startcol, width, PLAIN) == expected
    assert fast_line_breaks(text, forbidden, startcol, width, WIDE) == expected
    if text.isprintable():
        assert _state_machine_breaks(text, forbidden, startcol, width, False) == expected


@settings(max_examples=1000, deadline=None)
@given(case=cases(mixed | st.text(max_size=80)))
def test_other_text_matches_the_general_breaking(case: tuple[str, set[int], int, int]) -> None:
    text, forbidden, startcol, width = case
    for classes in (PLAIN, WIDE):
        expected = line_breaks(text, forbidden, startcol, width, classes)
        assert fast_line_breaks(text, forbidden, startcol, width, classes) == expected
