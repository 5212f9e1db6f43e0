"""pysbd's passes over a paragraph, each step left out where it cannot change the text.

pysbd runs some 70 regular expressions over every paragraph it splits, most of which
need a character the paragraph lacks: a quote, a "!", one of its own markers ("∯"...).
:data:`NEEDLES` names, for each pattern, the strings of which every match holds one
(lookarounds included); where the text holds none, the step would change nothing and is
not run; a few rules whose needle almost every paragraph holds (".") have a cheaper
search first (:data:`GATES`). The tables are written out; tests/test_sentence_passes.py
reads each pattern's structure and checks that every match needs what the table says,
tries each gate against its pattern, and compares the processor with pysbd's own on
random and real text.

:class:`ListItems` is pysbd's list-item pass with its steps skipped likewise;
:class:`SentenceProcessor`, pysbd's processor (``Processor.process`` step for step).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pysbd.between_punctuation import BetweenPunctuation
from pysbd.exclamation_words import ExclamationWords
from pysbd.lang.common import Common, Standard
from pysbd.lists_item_replacer import ListItemReplacer
from pysbd.processor import Processor
from pysbd.utils import Rule, Text

_ABBREVIATION = Standard.Abbreviation
_DOUBLE = Standard.DoublePunctuationRules
_EXCLAMATION = Standard.ExclamationPointRules
_SYMBOLS = Standard.SubSymbolsRules
_ELLIPSIS = Standard.EllipsisRules
_REINSERT = Standard.ReinsertEllipsisRules
_LETTERS = Common.SingleLetterAbbreviationRules
_NUMBERS = Common.Numbers
_AM_PM = Common.AmPmRules
_BETWEEN = BetweenPunctuation
#: pysbd's last step before its boundary pattern: a final "!" marker made "!" again.
_FINAL_EXCLAMATION = "&\u14f4&$"


def _table(
    entries: Iterable[tuple[Rule | str, str | tuple[str, ...]]],
) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for rule, needles in entries:
        pattern = rule.pattern if isinstance(rule, Rule) else rule
        table[pattern] = (needles,) if isinstance(needles, str) else needles
    return table


#: A pattern (pysbd's own text of it) -> strings of which each of its matches holds one.
NEEDLES: dict[str, tuple[str, ...]] = _table(
    [
        (Common.PossessiveAbbreviationRule, "'"),
        (Common.KommanditgesellschaftRule, "KG"),
        (_LETTERS.SingleUpperCaseLetterAtStartOfLineRule, "."),
        (_LETTERS.SingleUpperCaseLetterRule, "."),
        (Common.MULTI_PERIOD_ABBREVIATION_REGEX, "."),
        *((rule, "\u222f") for rule in _AM_PM.All),
        (_NUMBERS.PeriodBeforeNumberRule, "."),
        (_NUMBERS.NumberAfterPeriodBeforeLetterRule, "."),
        (_NUMBERS.NewLineNumberPeriodSpaceLetterRule, "\r"),
        (_NUMBERS.StartLineNumberPeriodRule, "."),
        (_NUMBERS.StartLineTwoDigitNumberPeriodRule, "."),
        (Common.CONTINUOUS_PUNCTUATION_REGEX, ("!", "?")),
        (Common.NUMBERED_REFERENCE_REGEX, (".", "\u222f")),
        (_ABBREVIATION.WithMultiplePeriodsAndEmailRule, "."),
        (Standard.GeoLocationRule, "\u00b0"),
        (Standard.FileFormatRule, "."),
        (Common.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX, "("),
        (Standard.SingleNewLineRule, "\n"),
        (_ELLIPSIS.ThreeSpaceRule, "."),
        (_ELLIPSIS.FourSpaceRule, "."),
        (_ELLIPSIS.FourConsecutiveRule, "..."),
        (_ELLIPSIS.ThreeConsecutiveRule, "..."),
        (_ELLIPSIS.OtherThreePeriodRule, "..."),
        (ExclamationWords.EXCLAMATION_REGEX, ("!", "\u01c3")),
        (_BETWEEN.BETWEEN_SINGLE_QUOTES_REGEX, "'"),
        (_BETWEEN.BETWEEN_SINGLE_QUOTE_SLANTED_REGEX, "\u2018"),
        (_BETWEEN.BETWEEN_DOUBLE_QUOTES_REGEX_2, '"'),
        (_BETWEEN.BETWEEN_SQUARE_BRACKETS_REGEX_2, "["),
        (_BETWEEN.BETWEEN_PARENS_REGEX_2, "("),
        (_BETWEEN.BETWEEN_QUOTE_ARROW_REGEX_2, "\u00ab"),
        (_BETWEEN.BETWEEN_EM_DASHES_REGEX_2, "--"),
        (_BETWEEN.BETWEEN_QUOTE_SLANTED_REGEX_2, "\u201c"),
        (_DOUBLE.FirstRule, "?!"),
        (_DOUBLE.SecondRule, "!?"),
        (_DOUBLE.ThirdRule, "??"),
        (_DOUBLE.ForthRule, "!!"),
        (Standard.QuestionMarkInQuotationRule, "?"),
        *((rule, "!") for rule in _EXCLAMATION.All),
        (ListItemReplacer.ROMAN_NUMERALS_IN_PARENTHESES, "("),
        (ListItemReplacer.SubstituteListPeriodRule, "\u2668"),
        (ListItemReplacer.ListMarkerRule, "\u261d"),
        (_FINAL_EXCLAMATION, "\u14f4"),
        # Each of pysbd's markers, turned back into what it stands for.
        *((rule, rule.pattern.strip("&")) for rule in (*_SYMBOLS.All, Standard.SubSingleQuoteRule)),
        *((rule, rule.pattern[0]) for rule in _REINSERT.All),
        (Common.QUOTATION_AT_END_OF_SENTENCE_REGEX, ('"', "'", "\u201c", "\u201d")),
    ]
)


#: Patterns whose needle is in almost every paragraph pysbd is given ("."), each with a
#: search some 20 times cheaper that finds something wherever the pattern matches: its
#: literal characters with the classes between them, lookarounds read as text (a match
#: of ``(\s\.){3}\s`` holds ``.\s.``). ``^`` without MULTILINE is the text's start.
GATES: dict[str, re.Pattern[str]] = {
    _ELLIPSIS.ThreeSpaceRule.pattern: re.compile(r"\.\s\."),
    _ELLIPSIS.FourSpaceRule.pattern: re.compile(r"\.\s\."),
    # Every file extension it names starts with a lowercase letter.
    Standard.FileFormatRule.pattern: re.compile(r"\s\.[a-z]"),
    _LETTERS.SingleUpperCaseLetterRule.pattern: re.compile(r"\s[A-Z]\."),
    _LETTERS.SingleUpperCaseLetterAtStartOfLineRule.pattern: re.compile(r"\A[A-Z]\."),
    _NUMBERS.StartLineNumberPeriodRule.pattern: re.compile(r"\A\d\."),
    _NUMBERS.StartLineTwoDigitNumberPeriodRule.pattern: re.compile(r"\A\d\d\."),
}


#: What every match of ``AbbreviationReplacer.replace_abbreviation_as_sentence_boundary``'s
#: pattern holds: ``(U∯S|...|I.V)∯(?=\sThe\s|...)``, made from the sentence starters.
BOUNDARY_NEEDLE = "\u222f"


def holds(text: str, pattern: str) -> bool:
    """False when ``pattern`` cannot match in ``text``: it holds none of the needles, or
    the pattern's gate finds nothing."""
    needles = NEEDLES.get(pattern)
    if needles is not None and not any(needle in text for needle in needles):
        return False
    gate = GATES.get(pattern)
    return gate is None or gate.search(text) is not None


@functools.lru_cache(maxsize=256)
def _plan(
    pattern: str,
) -> tuple[re.Pattern[str], tuple[str, ...] | None, re.Pattern[str] | None]:
    """A rule's pattern compiled, its needles and its gate (None: always run)."""
    return re.compile(pattern), NEEDLES.get(pattern), GATES.get(pattern)


def apply(text: str, *rules: Rule) -> str:
    """``Text(text).apply(*rules)``, the rules that cannot match left out (:func:`holds`,
    written out: this runs some 160,000 times for a 5 MB article)."""
    for rule in rules:
        compiled, needles, gate = _plan(rule.pattern)
        if needles is not None:
            for needle in needles:
                if needle in text:
                    break
            else:
                continue
        if gate is not None and gate.search(text) is None:
            continue
        text = compiled.sub(rule.replacement, text)
    return str(text)


#: pysbd's ALPHABETICAL_LIST_WITH_PERIODS, ``(?<=^)[a-z](?=\.)|(?<=\A)...|(?<=\s)...``,
#: as one alternative: the same matches (no MULTILINE: ^ is the start), fewer steps.
_LETTER_THEN_PERIOD = re.compile(r"(?<![^\s])[a-z](?=\.)")
#: What each alternative of pysbd's NUMBERED_LIST_REGEX_1 needs: a digit, then "."
#: and a white space or ")" (its lookaheads ``(?=\.\s)``, ``(?=\.\))``).
NUMBERED_ITEM = re.compile(r"\d\.[\s)]")


_FOR_NUMBER = re.compile("for\\s\\d{1,2}\u2668\\s[a-z]")


def _marks_across_lines(text: str, mark: str) -> bool:
    """``re.search(mark + ".+\\r.+" + mark, text)`` for text without "\\n", in one pass.

    pysbd's pattern backtracks from each mark to the end of the text (quadratic: a
    paragraph "1. x 2. y ..." of 80 KB took 3 s); a match needs two marks with a "\\r"
    at least two characters from each, so the first and the last mark decide.
    """
    first, last = text.find(mark), text.rfind(mark)
    return first >= 0 and last - first >= 4 and text.find("\r", first + 2, last - 1) >= 0


class ListItems(ListItemReplacer):  # type: ignore[misc]
    """pysbd's list-item pass, its steps skipped where they cannot change the text.

    Each step is pysbd's own; a step is left out only when its patterns cannot match:
    a list marked by letters needs two such letters, one in parentheses a ")", a
    numbered one a digit before "." or ")" (or pysbd's own marks, already there).
    This pass was 12% of export's time on a 5 MB article (py-spy).
    """

    text: str
    _letters: tuple[str, list[str]]

    def add_line_breaks_for_alphabetical_list_with_periods(
        self, roman_numeral: bool = False
    ) -> str:
        alphabet = self.ROMAN_NUMERALS if roman_numeral else self.LATIN_NUMERALS
        # Asked for the letters, then for the roman numerals: one search while the
        # text has not changed between the two.
        letters = self.__dict__.get("_letters")
        if letters is None or letters[0] is not self.text:
            letters = self._letters = (self.text, _LETTER_THEN_PERIOD.findall(self.text))
        items = [item for item in letters[1] if item in alphabet]
        if len(items) < 2:  # one item alone is never taken for a list
            return str(self.text)
        return str(super().add_line_breaks_for_alphabetical_list_with_periods(roman_numeral))

    def add_line_breaks_for_alphabetical_list_with_parens(self, roman_numeral: bool = False) -> str:
        if ")" not in self.text:
            return str(self.text)
        return str(super().add_line_breaks_for_alphabetical_list_with_parens(roman_numeral))

    # pysbd re-substitutes the whole text once per list item found, though a letter's
    # or number's substitution, once done, finds nothing more to change (what it
    # matched loses the "." or is no longer before the ")"): "a. x b. y ..." in one
    # 40 KB paragraph took 5.4 s, four times that of 20 KB. Within one scan each item
    # is now substituted once. (Letters in parentheses keep pysbd's way: substituting
    # "a)" again adds another line break.)
    _done: set[tuple[object, ...]]

    def iterate_alphabet_array(
        self, regex: str, parens: bool = False, roman_numeral: bool = False
    ) -> str:
        self._done = set()
        return str(super().iterate_alphabet_array(regex, parens, roman_numeral))

    def replace_alphabet_list(self, a: str) -> str:
        if ("letter", a) in self._done:
            return str(self.text)
        self._done.add(("letter", a))
        return str(super().replace_alphabet_list(a))

    def scan_lists(self, regex1: str, regex2: str, replacement: str, strip: bool = False) -> None:
        self._done = set()
        super().scan_lists(regex1, regex2, replacement, strip)

    def substitute_found_list_items(
        self, regex: str, each: int, strip: bool, replacement: str
    ) -> None:
        key = ("number", regex, each, strip, replacement)
        if key in self._done:  # "1." became "1♨", "1)" "1☝)": no match left for 1
            return
        self._done.add(key)
        super().substitute_found_list_items(regex, each, strip, replacement)

    def add_line_breaks_for_numbered_list_with_periods(self) -> None:
        text = self.text
        if "\n" in text:  # not after _Processor, which made every line end "\r"
            super().add_line_breaks_for_numbered_list_with_periods()
        elif (
            "\u2668" in text
            and not _marks_across_lines(text, "\u2668")
            and not _FOR_NUMBER.search(text)
        ):
            self.text = Text(text).apply(
                self.SpaceBetweenListItemsFirstRule, self.SpaceBetweenListItemsSecondRule
            )

    def add_line_breaks_for_numbered_list_with_parens(self) -> None:
        text = self.text
        if "\n" in text:
            super().add_line_breaks_for_numbered_list_with_parens()
        elif "\u261d" in text and not _marks_across_lines(text, "\u261d"):
            self.text = Text(text).apply(self.SpaceBetweenListItemsThirdRule)

    def format_numbered_list_with_periods(self) -> None:
        # Without an item (NUMBERED_ITEM) there is nothing to mark, and the later steps
        # need pysbd's mark "♨".
        if "\u2668" in self.text or NUMBERED_ITEM.search(self.text):
            super().format_numbered_list_with_periods()

    def format_numbered_list_with_parens(self) -> None:
        if ")" in self.text or "\u261d" in self.text:
            super().format_numbered_list_with_parens()


class _Between(BetweenPunctuation):  # type: ignore[misc]
    """pysbd's pass over quotes, brackets and dashes, each kind looked for only where
    the text holds its opening mark."""

    def sub_punctuation_between_quotes_and_parens(self, txt: str) -> str:
        for pattern, kind in _BETWEEN_STEPS:
            # The single quotes' step searches two more patterns first; each needs a "'".
            if holds(txt, pattern):
                txt = getattr(self, "sub_punctuation_between_" + kind)(txt)
        return str(txt)


#: pysbd's steps of :class:`BetweenPunctuation`, in its order: the pattern, the step.
_BETWEEN_STEPS = (
    (_BETWEEN.BETWEEN_SINGLE_QUOTES_REGEX, "single_quotes"),
    (_BETWEEN.BETWEEN_SINGLE_QUOTE_SLANTED_REGEX, "single_quote_slanted"),
    (_BETWEEN.BETWEEN_DOUBLE_QUOTES_REGEX_2, "double_quotes"),
    (_BETWEEN.BETWEEN_SQUARE_BRACKETS_REGEX_2, "square_brackets"),
    (_BETWEEN.BETWEEN_PARENS_REGEX_2, "parens"),
    (_BETWEEN.BETWEEN_QUOTE_ARROW_REGEX_2, "quotes_arrow"),
    (_BETWEEN.BETWEEN_EM_DASHES_REGEX_2, "em_dashes"),
    (_BETWEEN.BETWEEN_QUOTE_SLANTED_REGEX_2, "quotes_slanted"),
)


class SentenceProcessor(Processor):  # type: ignore[misc]
    """pysbd's processor, ``Processor.process`` step for step, with :class:`ListItems`,
    each regex rule run only where :func:`holds` says it can match."""

    text: str

    def process(self) -> list[str]:
        if not self.text:
            return list(self.text)
        self.text = self.text.replace("\n", "\r")
        self.text = ListItems(self.text).add_line_break()
        self.replace_abbreviations()
        self.replace_numbers()
        self.replace_continuous_punctuation()
        self.replace_periods_before_numeric_references()
        lang = self.lang
        self.text = apply(
            self.text,
            lang.Abbreviation.WithMultiplePeriodsAndEmailRule,
            lang.GeoLocationRule,
            lang.FileFormatRule,
        )
        return list(self.split_into_segments())

    def replace_numbers(self) -> None:
        self.text = apply(self.text, *self.lang.Numbers.All)

    def replace_continuous_punctuation(self) -> None:
        if holds(self.text, self.lang.CONTINUOUS_PUNCTUATION_REGEX):
            super().replace_continuous_punctuation()

    def replace_periods_before_numeric_references(self) -> None:
        if holds(self.text, self.lang.NUMBERED_REFERENCE_REGEX):
            super().replace_periods_before_numeric_references()

    def check_for_parens_between_quotes(self) -> None:
        if holds(self.text, self.lang.PARENS_BETWEEN_DOUBLE_QUOTES_REGEX):
            super().check_for_parens_between_quotes()

    def between_punctuation_processor(self, txt: str) -> BetweenPunctuation:
        return _Between(txt)

    def split_into_segments(self) -> list[str]:
        lang = self.lang
        self.check_for_parens_between_quotes()
        pieces = self.rm_none_flatten(self.text.split("\r"))
        pieces = [apply(piece, lang.SingleNewLineRule, *lang.EllipsisRules.All) for piece in pieces]
        pieces = self.rm_none_flatten([self.check_for_punctuation(piece) for piece in pieces])
        sentences: list[str] = []
        for piece in pieces:
            made = self.post_process_segments(apply(piece, *lang.SubSymbolsRules.All))
            if made and isinstance(made, str):
                sentences.append(made)
            elif isinstance(made, list):
                sentences.extend(made)
        return [apply(sentence, lang.SubSingleQuoteRule) for sentence in sentences]

    def post_process_segments(self, txt: str) -> str | list[str]:
        # pysbd: re.search(r"\A[a-zA-Z]*\Z", txt) for a text of 3 characters or more.
        if len(txt) > 2 and txt.isascii() and txt.isalpha():
            return txt
        lang = self.lang
        txt = apply(txt, *lang.ReinsertEllipsisRules.All)
        pattern = lang.QUOTATION_AT_END_OF_SENTENCE_REGEX
        if holds(txt, pattern) and re.search(pattern, txt):
            return re.split(lang.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX, txt)
        return txt.replace("\n", "").strip()

    def process_text(self, txt: str) -> list[str]:
        lang = self.lang
        if txt[-1] not in lang.Punctuations:
            txt += "\u0238"
        if holds(txt, ExclamationWords.EXCLAMATION_REGEX):
            txt = ExclamationWords.apply_rules(txt)
        txt = self.between_punctuation(txt)
        if not re.match(lang.DoublePunctuationRules.DoublePunctuation, txt):
            txt = apply(txt, *lang.DoublePunctuationRules.All)
        txt = apply(txt, lang.QuestionMarkInQuotationRule, *lang.ExclamationPointRules.All)
        if holds(txt, ListItemReplacer.ROMAN_NUMERALS_IN_PARENTHESES):
            txt = ListItemReplacer(txt).replace_parens()
        return self.sentence_boundary_punctuation(txt)

    def sentence_boundary_punctuation(self, txt: str) -> list[str]:
        lang = self.lang
        for name in ("ReplaceColonBetweenNumbersRule", "ReplaceNonSentenceBoundaryCommaRule"):
            rule = getattr(lang, name, None)
            if rule is not None:
                txt = Text(txt).apply(rule)
        if holds(txt, _FINAL_EXCLAMATION):
            txt = re.sub(_FINAL_EXCLAMATION, "!", txt)
        return [match.group() for match in _plan(lang.SENTENCE_BOUNDARY_REGEX)[0].finditer(txt)]
