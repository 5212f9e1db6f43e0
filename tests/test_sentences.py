"""sentences.py: the cached abbreviation pass splits exactly as pysbd's own replacer."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n.source.sentence_passes import _marks_across_lines
from metsi18n.source.sentences import (
    _FOLDS_TO_ASCII,
    _one_sentence,
    _segmenter,
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
    # Lists inside a paragraph: pysbd cuts before their items.
    "Choose a. rice b. bread c. soup. Or a. only. Then x. y. and b. alone.",
    "Steps: (a) rest (b) drink (c) sleep. Also a) one b) two. And (i) this (ii) that (iv) no.",
    "Take 1. water 2. salt 3. sugar. Then 1) mix 2) stir. See 7. Take 12.5 mg at 3. Done.",
    "Roman i. first ii. second iii. third. Then v. x. and vi. xi. More.",
    "No list here, only (brackets) and 5 mg. A single a. letter. And I. alone.",
]


def same_split(text: str) -> None:
    """The fast path (cached patterns, no span mapping) == pysbd's own path, guards applied.

    pysbd itself fails on "\x1c1. x" (int() of its match); the article reader refuses
    such control characters, and the fast path must fail alike.
    """
    assert _outcome(split_sentences, text) == _outcome(
        lambda text: guarded(text, list(stock_segmenter().segment(text))), text
    )


def _outcome(split: Callable[[str], list[str]], text: str) -> object:
    try:
        return split(text)
    except ValueError as exc:
        return repr(exc)


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
        "a.",
        "b.",
        "(a)",
        "b)",
        "(ii)",
        "iii.",
        "1.",
        "2.",
        "1)",
        "2)",
        "cf.",
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


def test_only_the_listed_characters_match_an_ascii_letter_case_blind_but_lower_otherwise() -> None:
    # The abbreviation shortcut keeps a word only where "word." is in text.lower(): exact
    # while no character of the text matches a letter case-blind yet lowercases otherwise.
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [
        chr(point)
        for point in range(128, sys.maxunicode + 1)
        if (letter.fullmatch(chr(point)) and not chr(point).lower().isascii())
        or (letter.fullmatch(chr(point)) and len(chr(point).lower()) != 1)
    ]
    assert sorted(odd) == sorted(_FOLDS_TO_ASCII)


def test_the_shortcuts_take_the_long_way_around_those_characters() -> None:
    for special in _FOLDS_TO_ASCII:
        same_split(f"Ask D{special}. Smith. Then re{special}t. Or no{special}. 5 more. Drs. x.")


def test_the_list_pass_with_pysbds_own_marks_in_the_text_is_pysbds() -> None:
    # pysbd turns a "♨" already in the text into "∯" (so the sentences no longer map
    # back and the whole text is one sentence either way); the shortcuts must not skip
    # the steps that do it.
    from pysbd.processor import Processor

    from metsi18n.source.sentences import _MedicalEnglish

    for text in (
        "Marks kept: \u2668 and \u261d here. 1\u2668 2\u261d x.",
        "Only \u261d. Then more.",
        "Only \u2668 here. Then more.",
        "a. one b. two \u2668 and 1) x 2) y. End.",
    ):
        ours = _MedicalEnglish.Processor(text, _MedicalEnglish).process()
        assert ours == Processor(text, _MedicalEnglish).process(), text
        same_split(text.replace("\u2668", "").replace("\u261d", ""))


pieces = st.sampled_from(
    [
        "Dr", "etc", "e.g", "i.e", "U.S", "no", "approx", "St", "a", "b", "i", "ii", "I",
        "Take", "rest", "1", "2", "12", "3:30", "5,000", "'", "'s", "don't", "(", ",",
        ":", ";", "-", "--", "/", "*", "#", "%", "mg", "Über", "naïve", "ß", "\u212a",
        "ﬁ", "x", "Yahoo", "www", "a.m", "-'", "Then", "C", "\u2026", "\x0b",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(pieces, min_size=1, max_size=15),
    st.lists(st.sampled_from([" ", "", "  ", "\t", "\u00a0"]), max_size=15),
    st.sampled_from(["", ".", " .", ". ", "  "]),
)
def test_text_taken_for_one_sentence_is_one_sentence_for_pysbd(
    words: list[str], gaps: list[str], end: str
) -> None:
    text = "".join(word + (gaps[i] if i < len(gaps) else " ") for i, word in enumerate(words))
    text += end
    if not text.strip() or not _one_sentence(text):
        return
    full = guarded(text, _segmenter().processor(text).process())
    assert full == [text.strip()]
    same_split(text)


def test_the_one_sentence_shortcut_leaves_cuttable_text_to_pysbd() -> None:
    assert _one_sentence("Cool the burn under running water.")
    assert _one_sentence("What to do")
    assert not _one_sentence("Rest. Then drink.")
    assert not _one_sentence("Choose a) rice b) bread")
    assert not _one_sentence("'Stop' Then go.")
    assert not _one_sentence("He said \u201cno\u201d Then left.")
    assert not _one_sentence("Done!")
    assert not _one_sentence("Rest -' Then go.")  # pysbd cuts after the quote


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="\u2668\u261dx \r", max_size=30))
def test_marks_across_lines_is_pysbds_pattern(text: str) -> None:
    for mark in ("\u2668", "\u261d"):
        expected = re.search(mark + ".+\r.+" + mark, text) is not None
        assert _marks_across_lines(text, mark) == expected


def test_each_list_item_of_a_long_paragraph_is_substituted_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pysbd substitutes the whole text again for every item found (quadratic in a long
    # paragraph of list-like letters or numbers); the work is counted, not timed.
    from pysbd.lists_item_replacer import ListItemReplacer

    calls: list[object] = []
    for name in ("replace_alphabet_list", "substitute_found_list_items"):
        stock = getattr(ListItemReplacer, name)

        def counted(self: object, *args: object, _stock: Any = stock) -> object:
            calls.append(args[:2])
            return _stock(self, *args)

        monkeypatch.setattr(ListItemReplacer, name, counted)
    letters = " ".join(f"{chr(97 + i % 26)}. item {i}" for i in range(26 * 40))
    numbers = " ".join(f"{i % 30 + 1}. item {i}" for i in range(30 * 40))
    split_sentences(letters)
    assert 0 < len(calls) <= 26  # once per letter, not per item (1,040)
    calls.clear()
    split_sentences(numbers)
    assert 0 < len(calls) <= 30
    same_split(letters[:400])
    same_split(numbers[:400])
