"""Language data from CLDR through Babel: codes, endonyms, direction, plural forms.

This module is the only one that asks Babel about locales. Codes live in two
spellings: POSIX (``pt_BR``, folder names and PO headers) and BCP 47
(``pt-BR``, HTML ``lang`` and ``hreflang``).
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as _format_date
from babel.messages.plurals import get_plural
from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

from metsi18n.errors import LocaleError

_CODE_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")

#: Plural-Forms where traditional gettext (msginit, Poedit, Weblate) orders the forms
#: differently from Babel's CLDR-derived formula. Arabic: Babel puts "other" (100-102)
#: before "many" (11-99); gettext has many = form 4 and other = form 5. We follow gettext.
_GETTEXT_PLURALS = {
    "ar": (
        6,
        "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5",
    ),
}

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


def _parse(code: str) -> Locale:
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
    if locale.language in _GETTEXT_PLURALS:
        nplurals, expr = _GETTEXT_PLURALS[locale.language]
    else:
        nplurals, expr = get_plural(locale)
        expr = _strip_parentheses(expr)
    separator = "" if locale.language in _NO_SPACE_SCRIPTS else " "
    territory = locale.territory
    if territory is None:
        table = get_global("likely_subtags")
        likely = table.get(f"{locale.language}_{locale.script}", "") if locale.script else ""
        likely = likely or table.get(locale.language, "")
        territory = likely.split("_")[-1] if likely.count("_") >= 1 else None
    og_locale = f"{locale.language}_{territory}" if territory else locale.language
    return LanguageInfo(
        og_locale=og_locale,
        posix=posix,
        bcp47=bcp47,
        endonym=endonym,
        direction=locale.text_direction,
        nplurals=nplurals,
        plural_expr=expr,
        sentence_separator=separator,
    )


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
    return str(_format_date(date, format="long", locale=_parse(code)))


_SPACES = "\u0020\u00a0\u202f\u2009"


def read_number(text: str, code: str) -> decimal.Decimal | None:
    """The value of ``text`` read as language ``code`` writes numbers, None if it does not.

    ``2,5`` is 2.5 in ``cs``, ``de`` and ``fr``; ``2.500`` is 2500 in ``de``.
    Any space may group digits where the language groups them with a space.
    """
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
