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
:func:`map_tags`). Candidates are indexed by exact text and sorted by length; the
fuzzy search compares, in rapidfuzz's C++ loop, only texts whose length can reach
the threshold.

:func:`metsi18n.catalogs.prefill.fill` writes the matches into a merged catalog;
:mod:`metsi18n.catalogs.nearest` scores entries for a quote (``stats --analysis``).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Indel

from metsi18n.catalogs.merge import OTHER_CONTEXT_FACTOR, similarity
from metsi18n.po import Message
from metsi18n.source import TAG_RE

#: How far below the bar rapidfuzz searches (see ``merge._MARGIN``).
_MARGIN = 1e-6
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TAG_NOTE = re.compile(r"<([1-9][0-9]*)(/?)>(?:\.\.\.</[1-9][0-9]*>)? ([^,.]+)")


@dataclass(frozen=True)
class Origin:
    """Where memory units come from: one catalog, or one TMX file."""

    #: As the translator comment names it: ``first-aid (cs)`` or ``memory.tmx``.
    label: str
    #: The catalog's domain; None for a TMX file.
    domain: str | None
    #: PO-Revision-Date (or TMX changedate) as seconds since the epoch; 0 if unknown.
    revised: float
    #: The origin's place in path order (catalogs by domain, then TMX files as listed).
    order: int


@dataclass(frozen=True, slots=True)
class MemoryUnit:
    """One confirmed translation: source text, context, translations and tag kinds."""

    source: str
    context: str | None
    plural: str | None
    #: ``(msgstr,)`` for a singular entry, the ``msgstr[n]`` for a plural one.
    translations: tuple[str, ...]
    #: Tag number -> kind ("link", "emphasis"...), as the entry's comment lists them;
    #: None when the kinds are unknown (then tags map by shape alone).
    kinds: tuple[tuple[int, str], ...] | None
    origin: Origin
    #: The revision of this unit itself (a TMX changedate), else the origin's.
    revised: float = 0.0


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


class SourceIndex:
    """Every memory source text met in a run, sorted by length, with each search cached.

    The languages' memories share one index: they hold mostly the same English, and
    the entries export looks up are mostly the same in every language. A text is
    searched for once against the texts known then; a later language's memory only
    adds the texts no earlier one had, and a cached search is extended to those alone.
    """

    def __init__(self) -> None:
        #: Texts in the order they were added, in batches ("epochs") sorted by length.
        self._epochs: list[tuple[list[int], list[str]]] = []
        self._known: set[str] = set()
        self._cache: dict[tuple[str, float, int], tuple[int, list[tuple[str, float]]]] = {}

    def add(self, texts: Iterable[str]) -> None:
        """Index the texts not known yet (a later language's memory adds few)."""
        new = sorted({text for text in texts if text not in self._known}, key=_by_length)
        if new:
            self._known.update(new)
            self._epochs.append(([len(text) for text in new], new))

    def similar(self, text: str, threshold: float, ring: int = 0) -> list[tuple[str, float]]:
        """Known texts in length ring ``ring`` of :func:`rings` whose similarity to ``text``
        is strictly above ``threshold``."""
        key = (text, threshold, ring)
        done, hits = self._cache.get(key, (0, []))
        if done < len(self._epochs):
            bounds = rings(threshold)
            inner = bounds[ring - 1] if ring else None
            hits = hits + [
                hit
                for lengths, texts in self._epochs[done:]
                for hit in _search(text, threshold, lengths, texts, bounds[ring], inner)
            ]
            self._cache[key] = (len(self._epochs), hits)
        return hits


#: Scores at which a fuzzy search may stop early (see :func:`rings`).
RING_BOUNDS = (0.95, 0.9, 0.8)


def rings(threshold: float) -> tuple[float, ...]:
    """The bounds of the length rings a fuzzy search goes through, nearest lengths first.

    Ring k holds the texts whose length lets them score at least ``bounds[k]`` and
    not ``bounds[k - 1]``; the last ring's bound is ``threshold``, so together the
    rings are every text that can score above it. A text outside rings 0..k scores
    below ``bounds[k]``: a usable match weighing that much found in them is the best
    one, and the wider rings need not be compared (an edited sentence stops early;
    the result is the full search's).
    """
    return (*(bound for bound in RING_BOUNDS if bound > threshold), threshold)


def _window(lengths: list[int], length: int, bound: float) -> tuple[int, int]:
    """The texts (sorted by length) whose length lets them score ``bound`` or more."""
    bar = max(bound - _MARGIN, 0.0)
    ratio = bar / (2 - bar)
    low = bisect.bisect_left(lengths, length * ratio)
    high = bisect.bisect_right(lengths, length / ratio) if ratio else len(lengths)
    return low, high


def _by_length(text: str) -> tuple[int, str]:
    return (len(text), text)


def _search(
    text: str,
    threshold: float,
    lengths: list[int],
    texts: list[str],
    bound: float,
    inner: float | None = None,
) -> list[tuple[str, float]]:
    """Of ``texts`` (sorted by length) in the ring between ``inner`` and ``bound`` (see
    :func:`rings`), those scoring strictly above ``threshold``; only texts whose length
    can reach it are compared, in rapidfuzz's C++ loop."""
    bar = max(threshold - _MARGIN, 0.0)
    length = len(text)
    low, high = _window(lengths, length, bound)
    spans = [(low, high)]
    if inner is not None:
        in_low, in_high = _window(lengths, length, inner)
        spans = [(low, in_low), (in_high, high)]
    found = []
    for start, end in spans:
        if start >= end:
            continue
        hits = process.extract(
            text, texts[start:end], scorer=Indel.normalized_similarity, score_cutoff=bar, limit=None
        )
        for candidate, _, _ in hits:
            score = similarity(text, candidate)
            if score > threshold:
                found.append((candidate, score))
    return found


class Memory:
    """One language's memory units, indexed by exact text and by length."""

    def __init__(self, units: Iterable[MemoryUnit], index: SourceIndex | None = None) -> None:
        # Rank once: most recently revised first, then path order, then file order.
        ranked = sorted(
            enumerate(units), key=lambda item: (-item[1].revised, item[1].origin.order, item[0])
        )
        self._by_source: dict[str, list[MemoryUnit]] = {}
        for _, unit in ranked:
            self._by_source.setdefault(unit.source, []).append(unit)
        self._index = SourceIndex() if index is None else index
        self._index.add(self._by_source)
        self._texts = sorted(self._by_source, key=_by_length)

    def __len__(self) -> int:
        return sum(len(units) for units in self._by_source.values())

    def lookup(self, message: Message, threshold: float, fuzzy: bool = True) -> Match | None:
        """The best usable match for ``message``: exact first, then (with ``fuzzy``) the
        most similar text scoring strictly above ``threshold``."""
        kinds = tag_kinds(message)
        for unit in self._by_source.get(message.msgid, ()):
            if _same_context(unit.context, message.msgctxt):
                found = self._usable(unit, message, kinds, 1.0, exact=True)
                if found is not None:
                    return found
        if not fuzzy:
            return None
        scored: list[tuple[float, int, MemoryUnit]] = []
        bounds = rings(threshold)
        for ring, bound in enumerate(bounds):
            for text, score in self._similar(message.msgid, threshold, ring):
                for rank, unit in enumerate(self._by_source[text]):
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

    def _similar(self, text: str, threshold: float, ring: int) -> list[tuple[str, float]]:
        """This memory's texts in ``ring`` scoring strictly above ``threshold``."""
        return [
            hit for hit in self._index.similar(text, threshold, ring) if hit[0] in self._by_source
        ]

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
    """The numbers written in a source text, in order (tag numbers left out)."""
    return _NUMBER.findall(TAG_RE.sub(" ", text))


def _same_context(memory: str | None, entry: str | None) -> bool:
    """Contexts agree when they are equal, or when either side has none."""
    return memory is None or entry is None or memory == entry
