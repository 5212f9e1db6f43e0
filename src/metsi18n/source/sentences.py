"""English sentence splitting: pysbd, extended for health writing and made faster.

pysbd's English rules get abbreviations common in medical text (approx., ca.) and
two guards (see :func:`split_sentences`). Its abbreviation pass builds a regular
expression per abbreviation found in the text, several hundred distinct ones, which
thrash Python's regex cache, and ``Segmenter.segment`` compiles one more per sentence
to find it again: cProfile of ``load_articles`` on 100 articles put 1.5 s of 3.1 s in
``re._compile``. :class:`_CachedReplacer` does the same substitutions with patterns
compiled once, and :func:`split_sentences` takes the processor's sentences directly;
tests compare the result with pysbd's own path.
"""

from __future__ import annotations

import functools
import re
from typing import ClassVar

import pysbd
from pysbd.lang.english import English

from metsi18n.source.sentence_passes import BOUNDARY_NEEDLE, SentenceProcessor, apply, holds


class _StockMedicalEnglish(English):  # type: ignore[misc]
    """pysbd's English rules, with abbreviations common in health writing."""

    iso_code = "en"

    class Abbreviation(English.Abbreviation):  # type: ignore[misc]
        _EXTRA = ("approx", "ca", "cf", "incl", "max", "min", "vol", "resp", "dept", "est")
        ABBREVIATIONS: ClassVar[list[str]] = sorted(
            set(English.Abbreviation.ABBREVIATIONS) | set(_EXTRA)
        )
        NUMBER_ABBREVIATIONS: ClassVar[list[str]] = sorted(
            set(English.Abbreviation.NUMBER_ABBREVIATIONS)
            | {"approx", "ca", "fig", "max", "min", "vol"}
        )


@functools.lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    segmenter = pysbd.Segmenter(language="en", clean=False)
    segmenter.language_module = _MedicalEnglish
    return segmenter


def stock_segmenter() -> pysbd.Segmenter:
    """The same rules through pysbd's own replacer: the reference for the tests."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    segmenter.language_module = _StockMedicalEnglish
    return segmenter


def split_sentences(text: str) -> list[str]:
    """Split plain English text into sentences (stripped, none empty).

    On top of pysbd's rules, a cut is kept only where white space separates the
    two sentences and the second starts as an English sentence does (not with a
    lowercase letter or punctuation): "may... spread" stays one sentence.
    """
    if not text.strip():
        return []
    if _one_sentence(text):
        return [text.strip()]
    # pysbd's Segmenter.segment() would map each sentence back onto the text with a
    # regex made from the sentence (a new pattern per sentence: 1.2 s of compiles for
    # 1,280 paragraphs); the processor's sentences are found with str.find below.
    return guarded(text, _segmenter().processor(text).process())


#: What can start a cut in pysbd: sentence punctuation, line ends, the closing marks
#: its list and boundary patterns need, and every character of its own rules outside
#: ASCII letters and digits (its markers, which it turns into punctuation or drops).
_CUTTING = frozenset('.!?\r\n)&"' + "«°»ûũƪǃȸȹʼ،ᓰᓱᓳᓴᓷᓸ‘’“”⁃∮∯⌬⎋☄☇☈☉☏☝♝♟♨♬♭✂。「」！（）．？")
#: What pysbd's boundary pattern reads as the start of a quote or aside.
_OPENING = frozenset("'(")


def _one_sentence(text: str) -> bool:
    """True when pysbd cannot cut ``text``: nothing of :data:`_CUTTING` but a final ".".

    pysbd's cuts come from its boundary pattern, which runs only on text with sentence
    punctuation and there, from the first non-space character, reads to the first
    punctuation mark (here the final one) unless that character opens a quote or an
    aside; from "\r" (line ends and list items: these need a ")" or a second "."); from
    a quote after a dash; and from its markers. Such text is one sentence, as pysbd
    would say after a few hundred regex passes: list items and headings mostly are
    (40% of the paragraphs of the 5 MB bench article). Tests compare this with the
    full path.
    """
    body = text.strip()
    if body.endswith("."):
        body = body[:-1]
    # "-' Then": pysbd's quotation-at-end pattern ([!?.-] then a quote, a space, a capital).
    return not _CUTTING.intersection(body) and body[:1] not in _OPENING and "-'" not in body


def guarded(text: str, candidates: list[str]) -> list[str]:
    """pysbd's ``candidates`` for ``text`` with our two guards applied (see above)."""
    sentences: list[str] = []
    starts: list[int] = []
    position = 0
    for candidate in candidates:
        piece = candidate.strip()
        if not piece:
            continue
        found = text.find(piece, position)
        if found < 0:  # pysbd changed the text: do not trust its cuts
            return [text.strip()]
        separated = found > 0 and text[found - 1].isspace()
        starts_well = piece[0].isupper() or piece[0].isdigit() or piece[0] in "\"'“‘(¿¡"
        if sentences and not (separated and starts_well):
            sentences[-1] = text[starts[-1] : found + len(piece)]
        else:
            sentences.append(piece)
            starts.append(found)
        position = found + len(piece)
    return sentences


@functools.lru_cache(maxsize=4096)
def _pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(source, flags)


_SPACE = re.compile(r"\s")


def _word_starts(text: str, lowered: str) -> str | None:
    r"""The lowercase text after one space, each white-space character made a space.

    pysbd looks for each abbreviation with ``(?:^|\s|\r|\n)word`` (ignoring case): in
    ASCII text, for a word of letters, that finds something exactly when " word" is in
    this string, so most of its 26,000 searches over 695 paragraphs (0.46 of 0.94 s
    in cProfile) can be skipped. None for non-ASCII text, where the regex's Unicode
    case folding (KELVIN SIGN matches "k") is not ``str.lower``.
    """
    if not text.isascii():
        return None
    return " " + _SPACE.sub(" ", lowered)


def _spellings(text: str, starts: str, word: str) -> list[str]:
    """How ``word`` (letters) is written where it begins a word of ASCII ``text``.

    The distinct matches of pysbd's ``(?:^|\\s)word`` search (ignoring case), stripped,
    in order: the search's 12,359 runs over 695 paragraphs were 0.20 of 0.90 s
    (cProfile). ``text`` may hold "∯" for "." already (pysbd's replacements keep every
    other character in place), so positions in ``starts`` still hold.
    """
    found: dict[str, None] = {}
    key = " " + word
    at = starts.find(key)
    while at >= 0:
        found[text[at : at + len(word)]] = None
        at = starts.find(key, at + 1)
    return list(found)


#: The characters that pysbd's case-blind search takes for an ASCII letter although
#: ``str.lower`` does not make them that letter (tests/test_sentences.py checks every
#: code point): where the text has none, "dr" is found case-blind only where "dr" is
#: in the lowercased text.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f")


@functools.lru_cache(maxsize=8)
def _abbreviation_index(abbreviations: tuple[str, ...]) -> tuple[dict[str, list[int]], list[int]]:
    """Positions of the abbreviations made of letters, by word; those of the others."""
    letters: dict[str, list[int]] = {}
    others: list[int] = []
    for position, abbreviation in enumerate(abbreviations):
        word = abbreviation.strip()
        if word.isascii() and word.isalpha():
            letters.setdefault(word, []).append(position)
        else:
            others.append(position)
    return letters, others


def _dotted(abbreviations: tuple[str, ...], text: str, lowered: str) -> list[str]:
    r"""The abbreviations pysbd's pass can change ``text`` for, in pysbd's order.

    The pass only turns the "." after an abbreviation written as a word into "∯" (its
    pattern is ``(?<=\sWORD)\.``): a word of letters that is nowhere followed by "."
    changes nothing, and the text never gains a ".". So of those, only the words in
    front of a "." are kept; the few with other characters ("e.g") always are. On a
    5 MB article this skipped 96% of the words' searches (cProfile: 4.9 of 27 s).
    """
    if any(special in text for special in _FOLDS_TO_ASCII):
        return list(abbreviations)
    letters, others = _abbreviation_index(abbreviations)
    longest = max(map(len, letters), default=0)
    positions = set(others)
    at = lowered.find(".")
    while at >= 0:
        for length in range(1, min(longest, at) + 1):
            found = letters.get(lowered[at - length : at])
            if found is not None:
                positions.update(found)
        at = lowered.find(".", at + 1)
    return [abbreviations[position] for position in sorted(positions)]


class _CachedReplacer(English.AbbreviationReplacer):  # type: ignore[misc]
    """pysbd's abbreviation pass, each per-abbreviation pattern compiled once."""

    text: str

    def replace(self) -> str:
        """pysbd's ``AbbreviationReplacer.replace`` step for step, each rule run only
        where it can match (:func:`~metsi18n.source.sentence_passes.apply`)."""
        lang = self.lang
        self.text = apply(
            self.text,
            lang.PossessiveAbbreviationRule,
            lang.KommanditgesellschaftRule,
            *lang.SingleLetterAbbreviationRules.All,
        )
        lines = self.text.splitlines(True)
        self.text = "".join(self.search_for_abbreviations_in_string(line) for line in lines)
        if holds(self.text, lang.MULTI_PERIOD_ABBREVIATION_REGEX):
            self.replace_multi_period_abbreviations()
        self.text = apply(self.text, *lang.AmPmRules.All)
        if BOUNDARY_NEEDLE in self.text:  # what pysbd's pattern, made here, needs
            self.text = self.replace_abbreviation_as_sentence_boundary()
        return str(self.text)

    def search_for_abbreviations_in_string(self, text: str) -> str:
        lowered = text.lower()
        starts = _word_starts(text, lowered)
        every = tuple(self.lang.Abbreviation.ABBREVIATIONS)
        for abbreviation in _dotted(every, text, lowered):
            word = abbreviation.strip()
            if word not in lowered:
                continue
            # pysbd's "next character" pattern wants the word in literal braces, "{dr} X":
            # where the text holds none, its answer is empty, so skip the regex.
            following: list[str] = []
            if "{" + word + "} " in text:
                following = _pattern(r"(?<={" + re.escape(word) + "} ).{1}").findall(text)
            # pysbd puts the word into this pattern as written (unescaped).
            pattern = _pattern(r"(?:^|\s|\r|\n)" + word, re.IGNORECASE)
            if following:  # pysbd's way: each match with the character after it
                for index, match in enumerate(pattern.findall(text)):
                    text = self.scan_for_replacements(text, match, index, following)
                continue
            if starts is not None and word.isalpha():
                found = _spellings(text, starts, word)  # what the search would find
            else:
                found = list(dict.fromkeys(match.strip() for match in pattern.findall(text)))
            # With no next characters every match is replaced, and replacing a match
            # again changes nothing: once per spelling does what pysbd does per match
            # (cProfile, 695 paragraphs: 10,728 replacement passes, 0.23 s of 0.94 s).
            for match in found:
                text = self.scan_for_replacements(text, match, 0, following)
        return text

    def scan_for_replacements(self, txt: str, am: str, ind: int, char_array: list[str]) -> str:
        following = char_array[ind] if ind < len(char_array) else ""
        word = am.strip()
        key = word.lower()
        if str(following).isupper() and key not in self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS:
            return txt
        if key in self.lang.Abbreviation.PREPOSITIVE_ABBREVIATIONS:
            source = r"(?<=\s" + word + r")\.(?=(\s|:\d+))"
        elif key in self.lang.Abbreviation.NUMBER_ABBREVIATIONS:
            source = r"(?<=\s" + word + r")\.(?=(\s\d|\s+\())"
        else:
            source = (
                r"(?<=\s"
                + re.escape(word)
                + r")\.(?=((\.|\:|-|\?|,)|(\s([a-z]|I\s|I'm|I'll|\d|\())))"
            )
        return _pattern(source).sub("∯", " " + txt)[1:]


class _MedicalEnglish(_StockMedicalEnglish):
    """The medical English rules with the cached abbreviation pass, and the processor
    that runs pysbd's rules only where they can match."""

    Processor = SentenceProcessor

    class AbbreviationReplacer(_CachedReplacer):
        pass
