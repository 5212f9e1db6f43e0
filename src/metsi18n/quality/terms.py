"""Glossary terms found in text by lemma, not by string, and the ``terminology`` rules.

Each word is reduced once to a set of keys: its lemma (simplemma's dictionaries), its
Snowball stem, and the stem of its lemma; a term's word matches a text's word when
their key sets meet, so "jaterními metastázami" holds "jaterní metastázy" and
"metastasiertem Leberkrebs" holds "metastasierter Leberkrebs". Arabic words lose their
clitics first (و ف ب ك ل and the article ال) and alef forms are unified. Languages
written without spaces (Japanese, Chinese, Thai...) match by substring after NFKC
normalization (half-width katakana and full-width Latin fold to one form). Words are
read once per text, terms are looked up by their first word: the cost grows with the
text, not with the size of the glossary.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from metsi18n.quality.glossary import ADMITTED, FORBIDDEN, PREFERRED, SOURCE_LANGUAGE, Glossary
from metsi18n.quality.glossary import Term as Record

#: Languages written without spaces between words: matched by substring.
SUBSTRING_LANGUAGES = frozenset({"ja", "zh", "yue", "th", "lo", "km", "my", "ko"})
#: Snowball's name for each language it stems.
_SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "nb": "norwegian", "ne": "nepali", "nl": "dutch", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish", "fa": "persian",
}  # fmt: skip
_WORD_RE = re.compile(r"\w+")
_ARABIC_MARKS_RE = re.compile("[\u064b-\u0652\u0670\u0640]")
_ARABIC_ALEF_RE = re.compile("[أإآ]")
_ARABIC_CLITICS_RE = re.compile("^[وف]?(?:[بكل]?ال|لل)")


def base(language: str) -> str:
    """``pt`` for ``pt_BR`` or ``pt-BR``."""
    return re.split(r"[-_]", language, maxsplit=1)[0].lower()


@functools.cache
def _simplemma_languages() -> frozenset[str]:
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return frozenset(SUPPORTED_LANGUAGES)


def method(language: str) -> str:
    """How words of ``language`` are matched: what the README's table says."""
    code = base(language)
    if code in SUBSTRING_LANGUAGES:
        return "substring (NFKC)"
    parts = [
        name
        for name, known in (
            ("simplemma lemma", code in _simplemma_languages()),
            ("Snowball stem", code in _SNOWBALL),
        )
        if known
    ]
    return " + ".join(parts) if parts else "exact words (case-folded)"


@functools.cache
def _lemmatizer() -> Any:
    """simplemma reading its dictionaries as streams: 40% less time to load one (a
    check loads one per language), lookups a little slower (each word is looked up
    once, see :func:`word_keys`)."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.stream_dictionary_factory import (
        StreamDictionaryFactory,
    )

    factory = StreamDictionaryFactory(cache_max_size=64)
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))


@functools.cache
def _stemmer(code: str) -> Any:
    if code not in _SNOWBALL:
        return None
    import snowballstemmer

    return snowballstemmer.stemmer(_SNOWBALL[code])


@functools.lru_cache(maxsize=1 << 17)
def word_keys(word: str, code: str) -> frozenset[str]:
    """The keys of one case-folded word of language ``code`` (a base code: ``pt``)."""
    if code == "ar":
        word = _ARABIC_ALEF_RE.sub("ا", _ARABIC_MARKS_RE.sub("", word))
    keys = {word}
    if code == "ar":
        bare = _ARABIC_CLITICS_RE.sub("", word)
        if len(bare) >= 2:
            keys.add(bare)
    lemmas = set(keys)
    if code in _simplemma_languages():
        lemmatize = _lemmatizer().lemmatize
        lemmas |= {lemmatize(key, lang=code).casefold() for key in keys}
    stemmer = _stemmer(code)
    if stemmer is not None:
        lemmas |= {str(stemmer.stemWord(key)) for key in lemmas}
    return frozenset(lemmas)


#: A word of a text: (start, end, keys). A plain tuple: texts have many words, and
#: making a NamedTuple for each was a tenth of matching's time.
Token = tuple[int, int, frozenset[str]]
_START: Final = 0
_END: Final = 1
_KEYS: Final = 2


@dataclass(frozen=True)
class Analysis:
    """A text read once for matching: its words (or, without spaces, its folded text)."""

    text: str
    tokens: tuple[Token, ...] = ()
    folded: str = ""


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@functools.lru_cache(maxsize=8192)
def analyse(text: str, language: str) -> Analysis:
    """``text`` of ``language`` read into words and keys (cached: one reading per text)."""
    code = base(language)
    if code in SUBSTRING_LANGUAGES:
        return Analysis(text, folded=_fold(text))
    folded = unicodedata.normalize("NFC", text)
    tokens = tuple(
        (m.start(), m.end(), word_keys(m.group(0).casefold(), code))
        for m in _WORD_RE.finditer(folded)
    )
    return Analysis(text, tokens)


@dataclass(frozen=True)
class Match:
    """A glossary record found in a text, from character ``start`` to ``end``."""

    record: Record
    start: int
    end: int


@dataclass
class Index:
    """The records of one language, looked up by their first word's keys."""

    language: str
    records: Sequence[Record]
    _by_key: dict[str, list[tuple[tuple[frozenset[str], ...], Record]]] = field(
        default_factory=dict
    )
    _substrings: list[tuple[str, Record]] = field(default_factory=list)
    _first_keys: frozenset[str] = frozenset()
    #: Whether a forbidden record is among them: then every text is searched.
    forbidden: bool = False

    def __post_init__(self) -> None:
        for record in self.records:
            analysis = analyse(record.term, self.language)
            if analysis.folded or not analysis.tokens:
                self._substrings.append((analysis.folded or _fold(record.term), record))
                continue
            keys = tuple(token[_KEYS] for token in analysis.tokens)
            for key in keys[0]:
                self._by_key.setdefault(key, []).append((keys, record))
        self._first_keys = frozenset(self._by_key)
        self.forbidden = any(record.status == FORBIDDEN for record in self.records)

    def find(self, analysis: Analysis) -> list[Match]:
        """Every record found in ``analysis``, in text order, longest first at a place."""
        found: list[Match] = []
        for needle, record in self._substrings:
            haystack = analysis.folded or _fold(analysis.text)
            start = haystack.find(needle)
            while needle and start >= 0:
                found.append(Match(record, start, start + len(needle)))
                start = haystack.find(needle, start + 1)
        tokens = analysis.tokens
        count = len(tokens)
        first_keys, by_key = self._first_keys, self._by_key
        for position, token in enumerate(tokens):
            if first_keys.isdisjoint(token[_KEYS]):
                continue
            seen: set[int] = set()
            for key in first_keys.intersection(token[_KEYS]):
                for keys, record in by_key[key]:
                    size = len(keys)
                    if id(record) in seen or position + size > count:
                        continue
                    # isdisjoint makes no set: most candidates fail on their second word.
                    if any(keys[i].isdisjoint(tokens[position + i][_KEYS]) for i in range(1, size)):
                        continue
                    seen.add(id(record))
                    end = tokens[position + size - 1][_END]
                    found.append(Match(record, token[_START], end))
        return sorted(found, key=lambda m: (m.start, -(m.end - m.start), m.record.term))


def longest(matches: Iterable[Match]) -> list[Match]:
    """Matches not inside a longer one ("metastases" within "liver metastases").

    In order of start, a kept match starts at or before this one: it holds this one when
    it ends after it, or at its end from an earlier start (the same place is no longer).
    So the furthest end kept, and the earliest start kept with it, tell (one pass: the
    comparison with every kept match was quadratic on a long entry, 8,000 sentences 9.6 s).
    """
    kept: list[Match] = []
    furthest, earliest = -1, -1  # the furthest end kept; the earliest start kept with it
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if furthest > match.end or (furthest == match.end and earliest < match.start):
            continue
        kept.append(match)
        if match.end > furthest:
            furthest, earliest = match.end, match.start
    return kept


def _quoted(terms: Iterable[str]) -> str:
    return " or ".join(f"'{term}'" for term in dict.fromkeys(terms))


class Termbase:
    """A glossary ready for matching: indexes built once per language, on first use."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._indexes: dict[str, Index] = {}
        self._concepts = glossary.concepts()
        self._english: dict[str, list[Match]] = {}

    def index(self, language: str) -> Index:
        if language not in self._indexes:
            wanted = {language.replace("-", "_"), base(language)}
            records = [r for r in self.glossary.terms if r.language in wanted]
            self._indexes[language] = Index(language, records)
        return self._indexes[language]

    def english(self, source: str) -> list[Match]:
        """The concepts named in an English text, by any of their English variants (kept:
        each source is checked in every language)."""
        if source not in self._english:
            index = self.index(SOURCE_LANGUAGE)
            self._english[source] = longest(index.find(analyse(source, SOURCE_LANGUAGE)))
        return self._english[source]

    def renderings(self, english: str, language: str, statuses: Iterable[str]) -> list[Record]:
        allowed = set(statuses)
        wanted = {language.replace("-", "_"), base(language)}
        return [
            r
            for r in self._concepts.get(english, ())
            if r.language in wanted and r.status in allowed
        ]

    def problems(self, source: str, translation: str, language: str) -> list[tuple[str, str]]:
        """(message, severity) for a translation: a forbidden rendering (error), or a concept
        of the source without its preferred or admitted rendering (warning)."""
        concepts = list(dict.fromkeys(m.record.english for m in self.english(source)))
        index = self.index(language)
        if not index.records or not (concepts or index.forbidden):
            return []
        found = index.find(analyse(translation, language))
        allowed_here = {
            r.term.casefold()
            for english in concepts
            for r in self.renderings(english, language, (PREFERRED, ADMITTED))
        }
        out: list[tuple[str, str]] = []
        flagged: set[str] = set()
        for match in found:
            record = match.record
            if record.status != FORBIDDEN or record.term.casefold() in allowed_here:
                continue
            if record.english in flagged:
                continue
            flagged.add(record.english)
            use = self.renderings(record.english, language, (PREFERRED, ADMITTED))
            instead = f": use {_quoted(r.term for r in use)}" if use else ""
            note = f" ({record.note})" if record.note else ""
            said = translation[match.start : match.end]
            out.append(
                (f"'{said}' is a forbidden rendering of '{record.english}'{instead}{note}", "error")
            )
        have = {m.record.english for m in found if m.record.status != FORBIDDEN}
        for english in concepts:
            wanted = self.renderings(english, language, (PREFERRED, ADMITTED))
            if not wanted or english in have or english in flagged:
                continue
            preferred = [r.term for r in wanted if r.status == PREFERRED] or [wanted[0].term]
            out.append(
                (f"'{english}' of the source should be rendered {_quoted(preferred)}", "warning")
            )
        return out

    def notes(self, source: str, language: str) -> tuple[str, ...]:
        """The glossary's word on each concept an English text names, for people who
        translate or review it: ``liver metastases: jaterní metastázy; not: ...``."""
        out: list[str] = []
        for english in dict.fromkeys(m.record.english for m in self.english(source)):
            use = self.renderings(english, language, (PREFERRED, ADMITTED))
            avoid = self.renderings(english, language, (FORBIDDEN,))
            line = f"{english}: {', '.join(r.term for r in use) or '(no rendering given)'}"
            out.append(line + (f"; not: {', '.join(r.term for r in avoid)}" if avoid else ""))
        return tuple(out)

    def english_variants(self, text: str) -> list[tuple[Match, str]]:
        """Non-preferred English variants in a source text, each with the term to use."""
        out = []
        for match in self.english(text):
            record = match.record
            if record.status != PREFERRED and record.term != record.english:
                out.append((match, record.english))
        return out
