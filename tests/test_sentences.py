"""sentences.py: the cached abbreviation pass splits exactly as pysbd's own replacer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n.source.sentences import (
    _spellings,
    _word_starts,
    guarded,
    split_sentences,
    stock_segmenter,
)

from .conftest import FIXTURES, REPO

TRICKY = [
    "Take it with food, e.g. bread or rice, twice a day. Then rest.",
    "Dr. Smith treats patients in the U.S. He is a surgeon. Mr. Jones agrees.",
    "The dose is approx. 2.5 mg per day. It was ca. 3 cm across. See Fig. 2 and p. 4.",
    "Symptoms (e.g. fatigue, etc.) vary. Prof. Lee met Gen. Grant at 3 p.m. in St. Louis.",
    "Co. Ltd. and Corp. were founded in Jan. 1999; cf. Art. 5 and No. 7. Inc. is next.",
    "I.V. drugs and i.v. lines. Approx. half of them. APPROX. 5 mg. Vs. this.",
    "Braces {dr} Who and dr. who met Dr. Who. Then {a} B a. c and {No} X no. 5 here.",
]


def same_split(text: str) -> None:
    """The fast path (cached patterns, no span mapping) == pysbd's own path, guards applied."""
    assert split_sentences(text) == guarded(text, list(stock_segmenter().segment(text)))


def test_same_split_on_tricky_sentences() -> None:
    for text in TRICKY:
        same_split(text)


def test_same_split_on_the_article_and_the_original() -> None:
    for path in (
        REPO / "source" / "liver-metastases.md",
        FIXTURES / "liver-metastases.original.txt",
    ):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            same_split(paragraph.replace("\n", " "))


words = st.sampled_from(
    [
        "approx.",
        "ca.",
        "e.g.",
        "i.e.",
        "Dr.",
        "dr.",
        "U.S.",
        "St.",
        "no.",
        "No.",
        "p.",
        "fig.",
        "Fig.",
        "vs.",
        "etc.",
        "Inc.",
        "mg",
        "2.5",
        "3",
        "(",
        ")",
        "cancer",
        "The",
        "liver",
        "It",
        "spreads.",
        "I",
        "a",
        "al.",
        "Co.",
        "?",
        "!",
        "...",
        "Ms.",
        "co",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(words, min_size=1, max_size=25))
def test_same_split_on_random_abbreviation_soup(tokens: list[str]) -> None:
    same_split(" ".join(tokens))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        words | st.sampled_from(["DR.", "Kelvin", "\u212aelvin", "ﬁg.", "Übers."]), max_size=20
    ),
    st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\x1c", "\u00a0", "\u2003"]), max_size=20),
)
def test_same_split_with_any_white_space_and_case(tokens: list[str], gaps: list[str]) -> None:
    # The shortcut that skips pysbd's searches holds for ASCII text only; mixed white
    # space, KELVIN SIGN (which the regex matches as "k") and ligatures take the long way.
    text = "".join(token + (gaps[i] if i < len(gaps) else " ") for i, token in enumerate(tokens))
    same_split(text)


def test_the_word_start_shortcut_agrees_with_the_regex_it_skips() -> None:
    texts = [
        "dr. Who",
        "Dr.\tWho",
        "x\x1cdr. y",
        "adr. x",
        "DR",
        "\u212a",
        "a\u00a0dr.",
        "Dr Dr dR",
    ]
    for text in texts:
        starts = _word_starts(text, text.lower())
        for word in ("dr", "k", "a", "y"):
            found = re.findall(r"(?:^|\s|\r|\n)" + word, text, flags=re.IGNORECASE)
            if starts is None:
                assert not text.isascii()
                continue
            assert (" " + word in starts) == bool(found), (text, word)
            spelled = list(dict.fromkeys(match.strip() for match in found))
            assert _spellings(text, starts, word) == spelled, (text, word)
