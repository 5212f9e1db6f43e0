"""Language data from CLDR through Babel: codes, endonyms, direction; plural forms.

This module is the only one that asks Babel about locales. Codes live in two
spellings: POSIX (``pt_BR``, folder names and PO headers) and BCP 47
(``pt-BR``, HTML ``lang`` and ``hreflang``).

Plural forms come from metsi18n's own table, ``plural_forms.json`` (made by
``tools/plural_forms.py``), not from the Babel installed: GNU msginit's rule wherever
msginit knows the language, Arabic in the gettext manual's order, CLDR's elsewhere; with
every other rule gettext, CLDR or Babel gave for the language, which ``check`` accepts.
Only a language missing from the table falls back to Babel's rule.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from metsi18n.errors import LocaleError
from metsi18n.po.plurals import parse as parse_plural_forms

_CODE_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")

#: The table of plural rules: per language or locale, [origin, rule for a new catalog, ...].
PLURAL_TABLE = Path(__file__).with_name("plural_forms.json")

#: Languages whose writing puts no space between sentences.
_NO_SPACE_SCRIPTS = {"ja", "zh", "yue", "th", "lo", "km", "my"}


@dataclass(frozen=True)
class LanguageInfo:
    """What the pipeline needs to know about one language."""

    posix: str
    bcp47: str
    endonym: str
    direction: str
    nplurals: int
    plural_expr: str
    sentence_separator: str
    #: Open Graph ``og:locale``: language_TERRITORY, the territory filled in from CLDR's
    #: likely subtags where the code has none (``ar`` -> ``ar_EG``, ``pt_BR`` stays).
    og_locale: str

    @property
    def plural_forms(self) -> str:
        """The ``Plural-Forms`` header value."""
        return f"nplurals={self.nplurals}; plural={self.plural_expr};"


#: Pseudo-locales (``metsi18n pseudo``): POSIX code -> the CLDR locale whose data they use.
PSEUDO = {"en_XA": "en", "ar_XB": "ar"}


@functools.lru_cache(maxsize=256)
def _parse(code: str) -> Locale:
    """Babel's locale for ``code`` (kept: ``check`` asks for one per number it reads)."""
    if code.replace("-", "_") in PSEUDO:
        return Locale.parse(PSEUDO[code.replace("-", "_")])
    if not code or not _CODE_RE.match(code):
        raise LocaleError(f"{code!r} is not a language code (e.g. de, pt-BR, pt_BR, zh-Hant)")
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise LocaleError(f"unknown language code {code!r}") from exc


@functools.lru_cache(maxsize=256)
def language_info(code: str) -> LanguageInfo:
    """Look ``code`` up in CLDR (BCP 47 or POSIX spelling); :class:`LocaleError` if unknown."""
    locale = _parse(code)
    posix = str(locale)
    bcp47 = "-".join(part for part in (locale.language, locale.script, locale.territory) if part)
    name = locale.get_display_name(locale) or posix
    endonym = name[:1].upper() + name[1:]
    rule = parse_plural_forms(plural_rules(posix).rules[0])
    separator = "" if locale.language in _NO_SPACE_SCRIPTS else " "
    territory = locale.territory
    if territory is None:
        table = get_global("likely_subtags")
        likely = table.get(f"{locale.language}_{locale.script}", "") if locale.script else ""
        likely = likely or table.get(locale.language, "")
        territory = likely.split("_")[-1] if likely.count("_") >= 1 else None
    og_locale = f"{locale.language}_{territory}" if territory else locale.language
    pseudo = code.replace("-", "_")
    if pseudo in PSEUDO:  # a pseudo-locale: its base's data under its own code
        posix, bcp47, og_locale = pseudo, pseudo.replace("_", "-"), pseudo
        endonym = f"{endonym} (pseudo {bcp47})"
    return LanguageInfo(
        og_locale=og_locale,
        posix=posix,
        bcp47=bcp47,
        endonym=endonym,
        direction=locale.text_direction,
        nplurals=rule.nplurals,
        plural_expr=rule.expression,
        sentence_separator=separator,
    )


@dataclass(frozen=True)
class PluralRules:
    """The plural rules of one language: where the first comes from, and all of them."""

    #: "gettext" (msginit's), "gettext manual" (Arabic), "cldr", or "babel" for a
    #: language the table does not hold (Babel's rule, whichever Babel is installed).
    origin: str
    #: ``Plural-Forms`` values: the first is the one a new catalog gets; any is right.
    rules: tuple[str, ...]


@functools.cache
def _plural_table() -> dict[str, list[str]]:
    table: dict[str, list[str]] = json.loads(PLURAL_TABLE.read_text(encoding="utf-8"))["languages"]
    return table


@functools.lru_cache(maxsize=256)
def plural_rules(code: str) -> PluralRules:
    """The plural rules of ``code`` (a POSIX code as :func:`posix_code` gives it).

    The table holds a locale (``pt_BR``) where it differs from its language (``pt``).
    """
    table = _plural_table()
    entry = table.get(code) or table.get(code.split("_")[0])
    if entry:
        return PluralRules(entry[0], tuple(entry[1:]))
    from babel.messages.plurals import get_plural  # a language newer than the table

    plural = get_plural(_parse(code))
    expr = _strip_parentheses(plural.plural_expr)
    return PluralRules("babel", (f"nplurals={plural.num_plurals}; plural={expr};",))


def _strip_parentheses(expr: str) -> str:
    """Babel wraps formulas in one pair of parentheses; drop it where it encloses all."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return expr
    depth = 0
    for index, char in enumerate(expr):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and index < len(expr) - 1:
            return expr
    return expr[1:-1]


def posix_code(code: str) -> str:
    """The folder name for ``code``: ``pt-BR`` -> ``pt_BR``."""
    return language_info(code).posix


def bcp47_code(code: str) -> str:
    """The HTML ``lang`` value for ``code``: ``pt_BR`` -> ``pt-BR``."""
    return language_info(code).bcp47


def format_date(date: datetime.date, code: str) -> str:
    """``date`` written out the way language ``code`` writes it (CLDR's long format)."""
    from babel.dates import format_date  # imported late: check and stats show no dates

    return str(format_date(date, format="long", locale=_parse(code)))


@functools.lru_cache(maxsize=64)
def month_names(code: str) -> tuple[str, ...]:
    """The twelve month names of language ``code`` as its dates write them (CLDR's format
    context: Czech ``prosince``, Polish ``grudnia``)."""
    months = _parse(code).months["format"]["wide"]
    return tuple(str(months[number]) for number in range(1, 13))


_SPACES = "\u0020\u00a0\u202f\u2009"


@functools.lru_cache(maxsize=65536)
def read_number(text: str, code: str) -> decimal.Decimal | None:
    """The value of ``text`` read as language ``code`` writes numbers, None if it does not.

    ``2,5`` is 2.5 in ``cs``, ``de`` and ``fr``; ``2.500`` is 2500 in ``de``.
    Any space may group digits where the language groups them with a space. Kept per
    (text, code): a catalog writes the same numbers many times.
    """
    if text.isascii() and text.isdigit() and _digits_read_as_written(code):
        return decimal.Decimal(text)  # what parse_decimal gives: no mark to read
    locale = _parse(code)
    digits = "".join(str(int(c)) if c.isdecimal() else c for c in text)
    digits = digits.replace("\u066b", ".").replace("\u066c", ",")
    group = get_group_symbol(locale)
    if group in _SPACES:
        digits = "".join(group if c in _SPACES else c for c in digits)
    try:
        value = parse_decimal(digits, locale=locale, strict=True)
    except (NumberFormatError, decimal.InvalidOperation):
        return None
    return value


@functools.lru_cache(maxsize=256)
def _digits_read_as_written(code: str) -> bool:
    """True when ``code``'s group and decimal marks are not made of digits, so that
    Babel reads a run of ASCII digits as the Decimal of its text (all CLDR's are not)."""
    locale = _parse(code)
    marks = (get_group_symbol(locale), get_decimal_symbol(locale))
    return all(mark and not (mark.isascii() and mark.isdigit()) for mark in marks)


def collation_key(text: str) -> tuple[str, str, str]:
    """A sort key for titles listed in one language, independent of locale.

    Babel (CLDR data) has no collation, and ICU's Python binding has no wheel, so this
    is a documented fallback close to the Unicode Collation Algorithm's first levels:
    letters without their accents and case first (``Édition`` beside ``edition``, before
    ``f``), then with accents, then with case; a tie keeps the text's own order. Not
    tailored to a language (Czech ``ch`` sorts under ``c``, Swedish ``å`` under ``a``);
    non-Latin scripts sort by code point, which is their dictionary order for Arabic
    letters and kana, not for kanji (by reading).
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return base, folded, text


@functools.lru_cache(maxsize=1024)
def unit_names(unit: str, code: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """How language ``code`` writes CLDR unit ``unit`` (``mass-milligram``) around a number:
    (names after the number, names before it), from every length and plural form.

    ``("mg", "miligram", "miligramy", ...)`` after the number in Czech; Japanese writes
    ``摂氏 {0} 度``, so 摂氏 comes before it and 度 after.
    """
    try:
        patterns = _parse(code)._data["unit_patterns"].get(unit, {})
    except LocaleError:
        return (), ()
    after: set[str] = set()
    before: set[str] = set()
    for length in ("long", "short", "narrow"):
        for form, pattern in dict(patterns.get(length, {})).items():
            if form == "per" or not isinstance(pattern, str):
                continue
            head, _, tail = pattern.partition("{0}")
            if tail.strip(_SPACES):
                after.add(tail.strip(_SPACES))
            if head.strip(_SPACES):
                before.add(head.strip(_SPACES))
    return tuple(sorted(after)), tuple(sorted(before))
