"""sentence_passes.py: a rule is left out only where it cannot match, and the processor
that leaves them out gives pysbd's own result."""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pysbd.lang.english import English
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor

from metsi18n.source.sentence_passes import (
    BOUNDARY_NEEDLE,
    GATES,
    NEEDLES,
    NUMBERED_ITEM,
    SentenceProcessor,
    holds,
)
from metsi18n.source.sentences import _MedicalEnglish, _StockMedicalEnglish

from .conftest import FIXTURES, REPO

#: The one pattern of the table pysbd runs ignoring case.
_IGNORING_CASE = {English.MULTI_PERIOD_ABBREVIATION_REGEX}


def _class_chars(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The characters of a class made of single characters only (None otherwise)."""
    chars = set()
    for op, av in items:
        if op is not sre.LITERAL:
            return None
        chars.add(chr(av))
    return chars


def needs(items: Any, needles: tuple[str, ...]) -> bool:
    """True when every match of the parsed sequence ``items`` (lookarounds counted as
    part of the text they read) holds one of ``needles``: some element of it always
    does, a run of literal characters holding a needle being one such element."""
    run = ""

    def run_holds() -> bool:
        return any(needle in run for needle in needles)

    for op, av in list(items):
        if op is sre.LITERAL:
            run += chr(av)
            continue
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = av
            if low >= 1 and len(body) == 1 and body[0][0] is sre.LITERAL:
                run += chr(body[0][1]) * low
                if high == low:
                    continue
        if run_holds():
            return True
        run = ""
        if op is sre.SUBPATTERN and needs(av[3], needles):
            return True
        if op is sre.ATOMIC_GROUP and needs(av, needles):
            return True
        repeated = op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
        if repeated and av[0] >= 1 and needs(av[2], needles):
            return True
        if op is sre.BRANCH and all(needs(branch, needles) for branch in av[1]):
            return True
        if op is sre.ASSERT and needs(av[1], needles):
            return True
        if op is sre.IN:
            chars = _class_chars(av)
            if chars and all(char in needles for char in chars):
                return True
    return run_holds()


def pattern_needs(pattern: str, needles: tuple[str, ...]) -> bool:
    flags = re.IGNORECASE if pattern in _IGNORING_CASE else 0
    if flags:  # a letter may match another case: only uncased needles are sure
        assert all(needle.lower() == needle.upper() for needle in needles)
    return needs(sre_parse.parse(pattern, flags), needles)


def test_every_match_of_each_pattern_holds_one_of_its_needles() -> None:
    assert len(NEEDLES) > 60
    wrong = [pattern for pattern, needles in NEEDLES.items() if not pattern_needs(pattern, needles)]
    assert wrong == []


def test_the_check_of_the_table_refuses_needles_a_match_can_do_without() -> None:
    assert not pattern_needs(r"\.(?=\d)", ("?",))
    assert not pattern_needs(r"a|\.", (".",))  # one branch needs no "."
    assert not pattern_needs(r"x(?!\.)", (".",))  # a negative lookahead needs nothing
    assert not pattern_needs(r"\.?x", (".",))
    assert not pattern_needs(r"[.!]x", (".",))
    assert not pattern_needs(r"\.\.", ("...",))
    assert pattern_needs(r"\.{3}", ("...",))
    assert pattern_needs(r"(?<=[!?])x", ("!", "?"))
    assert pattern_needs(r"(?:a|b)+\.|\.", (".",))


def test_the_abbreviation_boundary_pattern_needs_its_needle() -> None:
    # Made here as pysbd makes it in replace_abbreviation_as_sentence_boundary.
    starters = "|".join(
        rf"(?=\s{word}\s)" for word in English.AbbreviationReplacer.SENTENCE_STARTERS
    )
    pattern = rf"(U∯S|U\.S|U∯K|E∯U|E\.U|U∯S∯A|U\.S\.A|I|i.v|I.V)∯({starters})"
    assert pattern_needs(pattern, (BOUNDARY_NEEDLE,))


def test_a_pattern_not_in_the_table_is_always_run() -> None:
    assert holds("", r"\d+")
    assert not holds("no quotes here", English.QUOTATION_AT_END_OF_SENTENCE_REGEX)


def same_processing(text: str) -> None:
    """Our processor == pysbd's own processor with pysbd's own abbreviation replacer
    (the same rules: the medical English ones). pysbd fails on some text ("\\x1c1. x");
    ours must fail alike."""
    assert _outcome(SentenceProcessor, _MedicalEnglish, text) == _outcome(
        Processor, _StockMedicalEnglish, text
    )


def _outcome(kind: Any, lang: Any, text: str) -> object:
    try:
        return list(kind(text, lang).process())  # ours gives [] for "", pysbd ""
    except ValueError as exc:
        return repr(exc)


#: Words and marks that make pysbd's rules fire: its punctuation, quotes, brackets,
#: ellipses, list marks, abbreviations, and the markers it uses itself.
_PIECES = [
    "The", "liver", "I", "a", "it", "Dr.", "e.g.", "U.S.", "Co.", "KG", "p.m.", "No.", "5",
    "12", "3.5", "a.", "b.", "(a)", "b)", "(ii)", "1.", "2.", "1)", "2)", ".", "..", "...",
    ". . .", "!", "?", "?!", "!!", "??", "!?", "'", "'s", '"', "\u201c", "\u201d", "\u2018",
    "\u2019", "\u00ab", "\u00bb", "(", ")", "[", "]", "[1]", "--", "-", "\u00b0", ".jpg",
    "Yahoo!", "\u01c3Xo", "&", "\u222f", "\u2668", "\u261d", "\u14f4", "&\u14f4&", "\u0238",
    "\u0239", "\u2026", "\u3002", "\uff01", "\n", "\r", ":", ",", "x@y.z", "www.a.b",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30),
    st.lists(st.sampled_from([" ", "", "  ", "\t", "\n"]), max_size=30),
)
def test_the_processor_is_pysbds_on_random_text(pieces: list[str], gaps: list[str]) -> None:
    text = "".join(piece + (gaps[i] if i < len(gaps) else " ") for i, piece in enumerate(pieces))
    same_processing(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" .!?'\"()[]-\u201c\u201d\u222f\u2668\u261daIe1\r", max_size=40))
def test_the_processor_is_pysbds_on_punctuation_soup(text: str) -> None:
    same_processing(text)


def test_the_processor_is_pysbds_on_the_articles() -> None:
    for path in (
        REPO / "source" / "liver-metastases.md",
        FIXTURES / "liver-metastases.original.txt",
    ):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            same_processing(paragraph.replace("\n", " "))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="0123456789. )\t\r-\u2043x", max_size=30))
def test_text_without_a_numbered_item_has_none_for_pysbd(text: str) -> None:
    # The list pass skips pysbd's numbered-list steps where NUMBERED_ITEM finds nothing.
    if NUMBERED_ITEM.search(text) is None:
        assert re.findall(ListItemReplacer.NUMBERED_LIST_REGEX_1, text) == []


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [".", ". ", " .", "\t", "\r", "\n", " ", "A", "Z", "a", "z", "0", "12", ",", ")",
             "jpg", "pdf", "mp3", "x", "I'm"]
        ),
        max_size=14,
    ).map("".join)
)  # fmt: skip
def test_where_a_gate_finds_nothing_its_pattern_matches_nothing(text: str) -> None:
    for pattern, gate in GATES.items():
        if gate.search(text) is None:
            assert re.search(pattern, text) is None, (pattern, text)


def test_each_gate_lets_its_pattern_through_where_it_matches() -> None:
    examples = [" . . . ", "a. . . .", "see .pdf here", " A. x", "A. x", "1. x", "12. x"]
    for pattern, gate in GATES.items():
        matched = [text for text in examples if re.search(pattern, text)]
        assert matched, pattern  # the random test above can reach each pattern's matches
        assert all(gate.search(text) for text in matched), pattern
