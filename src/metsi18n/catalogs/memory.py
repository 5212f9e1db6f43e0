"""Translation memory: every confirmed translation of one language, indexed for lookup.

A memory holds :class:`MemoryUnit` records: the translated, non-fuzzy entries of a
language's catalogs (every article, the site chrome, obsolete entries too) and the
units of the TMX files that ``[memory] tmx`` lists. :meth:`Memory.lookup` gives the
best :class:`Match` for a new entry:

- exact: the same source text, and the same context where both have one;
- fuzzy: GNU's similarity (``merge.similarity``) strictly above a threshold, 0.99 of
  it across contexts (as merge scores them).

Best score first; ties go to the most recently revised origin (PO-Revision-Date, a
TMX unit's changedate), then to the earlier origin in path order, so the result does
not depend on the order files are read. A match is only used when the numbered tags
of its translation can be mapped onto the new entry's tags by kind and order (see
:func:`map_tags`). The units are held packed (:mod:`metsi18n.catalogs.unitstore`);
their source texts go to the run's shared :class:`SourceIndex`
(:mod:`metsi18n.catalogs.sourceindex`), sorted by length, whose fuzzy search compares,
in rapidfuzz's C++ loop, only texts whose length can reach the threshold.

:func:`metsi18n.catalogs.prefill.fill` writes the matches into a merged catalog;
:mod:`metsi18n.catalogs.nearest` scores entries for a quote (``stats --analysis``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from metsi18n.catalogs.merge import OTHER_CONTEXT_FACTOR
from metsi18n.catalogs.sourceindex import RING_BOUNDS, SourceIndex, rings
from metsi18n.catalogs.unitstore import MemoryUnit, Origin, UnitRecords
from metsi18n.po import Message
from metsi18n.source import TAG_RE

__all__ = [
    "RING_BOUNDS",
    "Match",
    "Memory",
    "MemoryUnit",
    "Origin",
    "SourceIndex",
    "UnitRecords",
    "map_tags",
    "numbers",
    "rings",
    "tag_kinds",
]
#: English words that state a number, a count or a share: a memory text edited from
#: "for two days" to "for three days" changed a duration as surely as "2" to "3" did.
#: ("second" is left out: in "a second" it is a unit, and a dose's order reads
#: "first", "third"... often enough to be told by the rest.)
NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
    *("seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty"),
    *("sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million"),
    *("dozen", "half", "quarter", "once", "twice", "double", "triple"),
    *("first", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "halves", "quarters", "hundreds", "thousands"),
)
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_TAG_NOTE = re.compile(r"<([1-9][0-9]*)(/?)>(?:\.\.\.</[1-9][0-9]*>)? ([^,.]+)")


@dataclass(frozen=True)
class Match:
    """The best memory unit for an entry, with its translations' tags renumbered."""

    unit: MemoryUnit
    score: float
    exact: bool
    translations: tuple[str, ...]
    #: The numbers of the two sources differ (a dose, a duration): said in the comment.
    numbers_differ: bool = False

    @property
    def percent(self) -> int:
        """The score as CAT tools show it: 100 only for an exact match, else rounded down."""
        return 100 if self.exact else min(99, math.floor(self.score * 100 + 1e-9))

    @property
    def comment(self) -> str:
        differ = ", numbers differ" if self.numbers_differ else ""
        return f"tm: {self.unit.origin.label}, {self.percent}%{differ}"


def tag_kinds(message: Message) -> tuple[tuple[int, str], ...] | None:
    """The kind of each numbered tag, from the "Tags: ..." extracted comment; None if absent."""
    for comment in message.extracted_comments:
        if comment.startswith("Tags: "):
            return tuple((int(n), kind.strip()) for n, _, kind in _TAG_NOTE.findall(comment))
    return None


def _tag_order(text: str, kinds: dict[int, str] | None) -> list[tuple[int, str]]:
    """The tags of ``text`` in order of appearance: (number, "pair:kind" or "void:kind")."""
    order: list[tuple[int, str]] = []
    for closing, number, void in TAG_RE.findall(text):
        if closing:
            continue
        kind = (kinds or {}).get(int(number), "")
        order.append((int(number), f"{'void' if void else 'pair'}:{kind}"))
    return order


def map_tags(
    memory_source: str,
    memory_kinds: Iterable[tuple[int, str]] | None,
    new_source: str,
    new_kinds: Iterable[tuple[int, str]] | None,
    translations: tuple[str, ...],
) -> tuple[str, ...] | None:
    """``translations`` with the memory source's tag numbers replaced by the new source's.

    Tags pair up by kind and order (the first link with the first link...); by shape
    (``<n>..</n>`` or ``<n/>``) alone when either side's kinds are unknown. None when
    the two sources do not have the same tags, or a translation uses a tag its source
    lacks: such a match is not used.
    """
    known = memory_kinds is not None and new_kinds is not None
    old = _tag_order(memory_source, dict(memory_kinds) if known and memory_kinds else None)
    new = _tag_order(new_source, dict(new_kinds) if known and new_kinds else None)
    if not old and not new:
        return None if any(TAG_RE.search(text) for text in translations) else translations
    if sorted(shape for _, shape in old) != sorted(shape for _, shape in new):
        return None
    mapping: dict[str, str] = {}
    for shape in {shape for _, shape in old}:
        pairs = zip(
            (n for n, s in old if s == shape), (n for n, s in new if s == shape), strict=True
        )
        mapping.update((str(a), str(b)) for a, b in pairs)
    mapped: list[str] = []
    for text in translations:
        if any(number not in mapping for _, number, _ in TAG_RE.findall(text)):
            return None
        mapped.append(TAG_RE.sub(lambda m: f"<{m[1]}{mapping[m[2]]}{m[3]}>", text))
    return tuple(mapped)


class Memory:
    """One language's memory units (packed, see :mod:`metsi18n.catalogs.unitstore`),
    looked up by exact text and by similarity through the run's shared index."""

    def __init__(
        self, units: Iterable[MemoryUnit] | UnitRecords, index: SourceIndex | None = None
    ) -> None:
        self._index = SourceIndex() if index is None else index
        if not isinstance(units, UnitRecords):
            records = UnitRecords(index=self._index)
            records.extend(units)
            units = records
        self._units = units.pack(self._index)

    def __len__(self) -> int:
        return len(self._units)

    def lookup(self, message: Message, threshold: float, fuzzy: bool = True) -> Match | None:
        """The best usable match for ``message``: exact first, then (with ``fuzzy``) the
        most similar text scoring strictly above ``threshold``."""
        kinds = tag_kinds(message)
        for unit in self._units.units(message.msgid):
            if _same_context(unit.context, message.msgctxt):
                found = self._usable(unit, message, kinds, 1.0, exact=True)
                if found is not None:
                    return found
        if not fuzzy:
            return None
        scored: list[tuple[float, int, MemoryUnit]] = []
        bounds = rings(threshold)
        for ring, bound in enumerate(bounds):
            for number, score in self._index.similar(message.msgid, threshold, ring):
                place = self._units.place(number)
                if place is None:
                    continue  # a text of another language's memory
                text = self._index.text(number)
                for rank, unit in enumerate(self._units.units_at(place, text)):
                    weight = score
                    if not _same_context(unit.context, message.msgctxt):
                        weight *= OTHER_CONTEXT_FACTOR
                    elif text == message.msgid:
                        continue  # an exact text whose tags did not map: not usable
                    if weight > threshold:
                        scored.append((weight, rank, unit))
            scored.sort(
                key=lambda item: (-item[0], -item[2].revised, item[2].origin.order, item[1])
            )
            last = ring == len(bounds) - 1
            for weight, _, unit in scored:
                if not last and weight < bound:
                    break  # a text of a wider ring may weigh more: compare those first
                found = self._usable(unit, message, kinds, weight, exact=False)
                if found is not None:
                    return found
        return None

    @staticmethod
    def _usable(
        unit: MemoryUnit,
        message: Message,
        kinds: tuple[tuple[int, str], ...] | None,
        score: float,
        *,
        exact: bool,
    ) -> Match | None:
        mapped = map_tags(unit.source, unit.kinds, message.msgid, kinds, unit.translations)
        if mapped is None:
            return None
        differ = numbers(unit.source) != numbers(message.msgid)
        return Match(unit, score, exact and not differ, mapped, differ)


def numbers(text: str) -> list[str]:
    """The numbers of an English source text in order, in figures or in words (lower
    case; tag numbers left out): ``Take two, then 2.5 mg`` gives ``["two", "2.5"]``."""
    return [found.lower() for found in _NUMBER.findall(TAG_RE.sub(" ", text))]


def _same_context(memory: str | None, entry: str | None) -> bool:
    """Contexts agree when they are equal, or when either side has none."""
    return memory is None or entry is None or memory == entry
