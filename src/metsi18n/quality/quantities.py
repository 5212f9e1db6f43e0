"""Quantities: a number and its unit read as one (``2.5 mg``, ``10 mg/kg``, ``38 °C``).

The English side knows each unit by its symbols and names; a translation by those
too (symbols travel) and by how CLDR writes the unit in its language (through
Babel: ``miligramů`` in Czech, ``مغم`` in Arabic, ``ミリグラム`` in Japanese), after
the number or before it (``%50``, ``摂氏 38 度``). A range (``2-3 mg``, ``2 až 3 mg``)
gives its unit to both numbers. What ``numbers`` reports:

- the translation's number carries another unit (``2.5 mg`` -> ``2,5 ml``, or
  ``10 mg/kg`` -> ``10 mg``): an error naming both;
- it carries no unit at all (nothing but punctuation or the end follows): an error;
- a word follows that is not a known way of writing the unit (``po 8 hodinách``, a
  form CLDR does not list; ``10 mg denně`` for ``10 mg per day``): a warning only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from metsi18n import languages
from metsi18n.quality.findings import ERROR, WARNING

#: ``\d\d*`` is ``\d+`` (greedy both, they backtrack alike); written so, the pattern starts
#: with a character class, which the regular expression engine scans for in C before it
#: tries a match (with ``\d+`` first it tried one at every position: 2.8 -> 1.7 us a
#: sentence; a test holds both patterns' matches equal).
NUMBER_RE = re.compile(r"\d\d*(?:[.,'’\u066b\u066c]\d+|[ \u00a0\u202f\u2009]\d{3}(?!\d))*")
SOURCE_LANGUAGE = "en"
_SPACE = " \u00a0\u202f\u2009\t"
#: How far after a number a unit is looked for (longer than any alias, casefolded).
_LOOK_AHEAD = 40
_RANGE_RE = re.compile(r"[ \u00a0\u202f\u2009]*(?:[-–—~～〜]|[^\W\d_]{1,5})[ \u00a0\u202f\u2009]*$")
_PER_RE = re.compile(r"[ \u00a0\u202f\u2009]*(?:/|[^\W\d_]{1,4}\.?)[ \u00a0\u202f\u2009]*")

#: unit -> (CLDR unit, English symbols and names). Time units only as denominators
#: are lenient (``10 mg per day`` may be written ``10 mg daily``).
UNITS: dict[str, tuple[str, tuple[str, ...]]] = {
    "mg": ("mass-milligram", ("mg", "milligram", "milligrams", "milligramme", "milligrammes")),
    "g": ("mass-gram", ("g", "gram", "grams", "gramme", "grammes")),
    "kg": ("mass-kilogram", ("kg", "kilogram", "kilograms", "kilo", "kilos")),
    "µg": ("mass-microgram", ("µg", "μg", "mcg", "ug", "microgram", "micrograms")),
    "ng": ("", ("ng", "nanogram", "nanograms")),
    "ml": ("volume-milliliter", ("ml", "millilitre", "millilitres", "milliliter", "milliliters")),
    "dl": ("volume-deciliter", ("dl", "decilitre", "decilitres", "deciliter", "deciliters")),
    "l": ("volume-liter", ("l", "litre", "litres", "liter", "liters")),
    "mmol": ("", ("mmol", "millimole", "millimoles")),
    "IU": ("", ("IU", "international unit", "international units")),
    "%": ("concentr-percent", ("%", "percent", "per cent", "٪")),
    "°C": ("temperature-celsius", ("°C", "℃", "degrees Celsius", "degree Celsius")),
    "°F": ("temperature-fahrenheit", ("°F", "℉", "degrees Fahrenheit")),
    "mm": ("length-millimeter", ("mm", "millimetre", "millimetres", "millimeter", "millimeters")),
    "cm": ("length-centimeter", ("cm", "centimetre", "centimetres", "centimeter", "centimeters")),
    "m²": ("area-square-meter", ("m²", "m2", "square metre", "square metres")),
    "hour": ("duration-hour", ("h", "hr", "hrs", "hour", "hours")),
    "minute": ("duration-minute", ("min", "mins", "minute", "minutes")),
    "day": ("duration-day", ("day", "days")),
    "week": ("duration-week", ("week", "weeks")),
}
#: What CLDR does not hold: usual abbreviations (Arabic ملغ), international units.
_EXTRA: dict[str, dict[str, tuple[str, ...]]] = {
    "mg": {"ar": ("ملغ", "ملغم")},
    "ml": {"ar": ("مل",)},
    "IU": {"de": ("I.E.", "IE"), "fr": ("UI",), "es": ("UI",), "pt": ("UI",), "pl": ("j.m.",),
           "cs": ("m.j.", "mj"), "ar": ("وحدة دولية",), "ja": ("単位",)},
}  # fmt: skip
_TIME = {"hour", "minute", "day", "week"}
#: "per day" written as one word or phrase after the unit (``10 mg denně``).
_DAILY: dict[str, tuple[str, ...]] = {
    "en": ("daily",), "cs": ("denně",), "de": ("täglich", "am Tag"), "fr": ("par jour",),
    "es": ("al día", "diarios", "diarias"), "pt": ("por dia", "ao dia"),
    "pl": ("dziennie", "na dobę"), "ar": ("يوميا", "يومياً", "في اليوم"),
}  # fmt: skip


def _script(char: str) -> str:
    """The first word of a character's Unicode name: LATIN, CJK, HIRAGANA, ARABIC..."""
    return unicodedata.name(char, "").split(" ", 1)[0]


@functools.lru_cache(maxsize=64)
def _aliases(language: str) -> tuple[tuple[str, str], ...]:
    """(folded alias, unit) after a number in ``language``, longest alias first."""
    code = re.split(r"[-_]", language, maxsplit=1)[0].lower()
    pairs: set[tuple[str, str]] = set()
    for unit, (cldr, english) in UNITS.items():
        names = [*english, *_EXTRA.get(unit, {}).get(code, ())]
        if cldr:
            names += languages.unit_names(cldr, language)[0]
        pairs |= {(name.casefold(), unit) for name in names}
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair)))


@functools.lru_cache(maxsize=64)
def _prefixes(language: str) -> tuple[tuple[str, str], ...]:
    """(folded alias, unit) written before a number in ``language`` (``%50``)."""
    pairs = {("%", "%")}
    for unit, (cldr, _english) in UNITS.items():
        if cldr:
            pairs |= {(n.casefold(), unit) for n in languages.unit_names(cldr, language)[1]}
    return tuple(sorted(pairs, key=lambda pair: (-len(pair[0]), pair)))


@functools.lru_cache(maxsize=64)
def _aliases_by_start(language: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """:func:`_aliases` grouped by their first character, each group in the same order:
    an alias can only start a text that starts with its first character."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for alias, unit in _aliases(language):
        groups.setdefault(alias[:1], []).append((alias, unit))
    return {start: tuple(group) for start, group in groups.items()}


@functools.lru_cache(maxsize=64)
def _alias_texts_by_start(language: str) -> dict[str, tuple[str, ...]]:
    """The aliases of each group of :func:`_aliases_by_start`, without their units."""
    groups = _aliases_by_start(language).items()
    return {start: tuple(alias for alias, _ in group) for start, group in groups}


def _skip_spaces(text: str, position: int) -> int:
    """Where ``text[position:].lstrip(_SPACE)`` starts, without copying the rest."""
    while position < len(text) and text[position] in _SPACE:
        position += 1
    return position


def _unit_at(text: str, start: int, language: str) -> tuple[str, int] | None:
    """The unit written at ``text[start:]`` (after spaces) and where it ends, if any."""
    return _unit_here(text, _skip_spaces(text, start), language)


def _unit_here(text: str, position: int, language: str) -> tuple[str, int] | None:
    """:func:`_unit_at` where the spaces are skipped already (``position``)."""
    # Casefolding maps each character on its own: the first one's fold starts the rest's.
    start_fold = text[position : position + 1].casefold()[:1]
    candidates = _aliases_by_start(language).get(start_fold)
    if candidates is None:
        return None
    rest = text[position : position + _LOOK_AHEAD].casefold()
    if not rest.startswith(_alias_texts_by_start(language)[start_fold]):
        return None  # no alias starts the rest (one test in C; most words are none)
    for alias, unit in candidates:
        if rest.startswith(alias):
            end = position + len(alias)
            if (alias[-1].isalpha() and end < len(text) and text[end].isalpha()
                    and _script(text[end]) == _script(alias[-1])):  # fmt: skip
                continue  # "h" is not the start of "hodinách"; "mg" is one in "mgを"
            return unit, end
    return None


@functools.lru_cache(maxsize=64)
def _daily(language: str) -> tuple[str, ...]:
    """The words for "per day" of ``language``'s base code, casefolded (made once: a
    split and a fold at each number were 6% of ``numbers``)."""
    code = re.split(r"[-_]", language, maxsplit=1)[0].lower()
    return tuple(word.casefold() for word in _DAILY.get(code, ()))


def _unit_after(text: str, end: int, language: str) -> tuple[str | None, bool]:
    """The unit after a number ending at ``end`` (X or X/Y), and whether a word follows
    where no unit could be read."""
    position = _skip_spaces(text, end)
    found = _unit_here(text, position, language)
    if found is None:
        return None, text[position : position + 1].isalpha()
    unit, after = found
    start = _skip_spaces(text, after)
    rest = text[start : start + _LOOK_AHEAD].casefold()  # longer than any word of _DAILY
    daily = _daily(language)
    if daily and rest.startswith(daily):
        return f"{unit}/day", False
    per = _PER_RE.match(text, after)
    if per is not None and per.group(0).strip():
        denominator = _unit_at(text, per.end(), language)
        if denominator is not None and denominator[0] != unit:
            return f"{unit}/{denominator[0]}", False
    return unit, False


@functools.lru_cache(maxsize=64)
def _prefixes_by_end(language: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """:func:`_prefixes` grouped by their last character, each group in the same order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for alias, unit in _prefixes(language):
        groups.setdefault(alias[-1:], []).append((alias, unit))
    return {end: tuple(group) for end, group in groups.items()}


def _unit_before(text: str, start: int, language: str) -> str | None:
    head = text[max(0, start - 12) : start].rstrip(_SPACE)
    # Casefolding maps each character on its own: the last one's fold ends the head's.
    candidates = _prefixes_by_end(language).get(head[-1:].casefold()[-1:])
    if candidates is None:
        return None
    head = head.casefold()
    for alias, unit in candidates:
        if head.endswith(alias):
            return unit
    return None


class Quantity(NamedTuple):
    """A number of a text with the unit written with it (None: none; "?" a word that is
    not a known unit). A named tuple: made for every number a check reads, in C."""

    value: Decimal | str
    token: str
    unit: str | None


@functools.lru_cache(maxsize=65536)
def read_value(token: str, language: str) -> Decimal | str:
    """The value of a number as ``language`` writes it (English as a fallback), or the
    token itself when neither reads it."""
    value = languages.read_number(token, language)
    if value is None and re.split(r"[-_]", language)[0].lower() != SOURCE_LANGUAGE:
        value = languages.read_number(token, SOURCE_LANGUAGE)
    return value.normalize() if value is not None else token


def quantities(text: str, language: str) -> list[Quantity]:
    """Every number of ``text`` with its unit; a range's numbers share the unit after it."""
    matches = list(NUMBER_RE.finditer(text))
    if not matches:
        return []
    units: list[str | None] = []
    for match in matches:
        unit, word = _unit_after(text, match.end(), language)
        if unit is None:  # a unit written before the number, only where none follows
            unit = _unit_before(text, match.start(), language)
        units.append(unit or ("?" if word else None))
    # "2-3 mg", "2 až 3 mg": the first number of a range takes the second's unit.
    for index in range(len(matches) - 2, -1, -1):
        gap = text[matches[index].end() : matches[index + 1].start()]
        if (
            units[index] in (None, "?")
            and _RANGE_RE.match(gap)
            and units[index + 1]
            not in (
                None,
                "?",
            )
        ):
            units[index] = units[index + 1]
    tokens = [match.group(0) for match in matches]
    return [
        Quantity(read_value(token, language), token, unit)
        for token, unit in zip(tokens, units, strict=True)
    ]


def _lenient(want: str, have: str | None) -> bool:
    """``10 mg per day`` read as ``10 mg`` and a word: a time denominator may be written
    out (daily, täglich) where it cannot be read."""
    head, _, denominator = want.partition("/")
    return denominator in _TIME and have == head


def unit_problems(source: str, translation: str, language: str) -> Iterator[tuple[str, str]]:
    """(message, severity) for each quantity of ``source`` whose unit is lost or changed."""
    return quantity_problems(quantities(source, SOURCE_LANGUAGE), translation, language)


def with_units(read: list[Quantity]) -> list[Quantity]:
    """The quantities of ``read`` written with a unit (not None, not "?")."""
    return [quantity for quantity in read if quantity.unit not in (None, "?")]


def quantity_problems(
    source: list[Quantity],
    translation: str,
    language: str,
    read_translation: list[Quantity] | None = None,
) -> Iterator[tuple[str, str]]:
    """:func:`unit_problems` for the quantities of the source already read (and of the
    translation, ``read_translation``, when they are: else read here if needed)."""
    # Most sources have no quantity with a unit: then the translation is not read.
    wanted = with_units(source)
    if not wanted:
        return
    have: dict[Decimal | str, list[Quantity]] = {}
    if read_translation is None:
        read_translation = quantities(translation, language)
    for quantity in read_translation:
        have.setdefault(quantity.value, []).append(quantity)
    for want in wanted:
        if want.unit is None or want.value not in have:
            continue  # a missing number is reported as one
        candidates = have[want.value]
        units = [q.unit for q in candidates]
        if want.unit in units:
            continue
        shown = f"{want.token} {want.unit}"
        if any(_lenient(want.unit, u) for u in units) or "?" in units:
            yield (f"the unit {want.unit} of {shown} is not read after {candidates[0].token} "
                   "in the translation: check it", WARNING)  # fmt: skip
        elif any(u is not None for u in units):
            other = next(u for u in units if u is not None)
            yield (f"{shown} of the source is {candidates[0].token} {other} here: "
                   f"the unit {want.unit} is changed", ERROR)  # fmt: skip
        else:
            yield f"the unit {want.unit} of {shown} is missing after {candidates[0].token}", ERROR
