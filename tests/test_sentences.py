"""sentences.py: the cached abbreviation pass splits exactly as pysbd's own replacer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n.sentences import guarded, split_sentences, stock_segmenter

from .conftest import FIXTURES, REPO

TRICKY = [
    "Take it with food, e.g. bread or rice, twice a day. Then rest.",
    "Dr. Smith treats patients in the U.S. He is a surgeon. Mr. Jones agrees.",
    "The dose is approx. 2.5 mg per day. It was ca. 3 cm across. See Fig. 2 and p. 4.",
    "Symptoms (e.g. fatigue, etc.) vary. Prof. Lee met Gen. Grant at 3 p.m. in St. Louis.",
    "Co. Ltd. and Corp. were founded in Jan. 1999; cf. Art. 5 and No. 7. Inc. is next.",
    "I.V. drugs and i.v. lines. Approx. half of them. APPROX. 5 mg. Vs. this.",
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
