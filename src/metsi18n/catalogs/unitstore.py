"""One language's memory units, held compactly: marshal records ranked by source text.

At 1,000 articles a language's memory holds some 28,000 units; as :class:`MemoryUnit`
objects with their translations as ``str`` (two bytes a letter for most languages)
they and their lookup tables took 22 MiB, most of export's growth with the project.
Yet export reads only the units of the few texts an entry matches. So
:class:`UnitRecords` takes the units as they come, their fields as :mod:`marshal`
records, :data:`CHUNK` units a piece (UTF-8 bytes, a third of the objects' size;
zlib on top cost 0.06 s of CPU a language at 1,000 articles for 2.3 MiB less);
:meth:`UnitRecords.pack` ranks them by source text (then most recently revised, path
order, order of arrival) as arrays of numbers (:class:`PackedUnits`), and a text's
units are decoded when an entry looks them up. Given a
:class:`~metsi18n.catalogs.spool.Spool` (export gives one), the pieces are set aside
in it as they are made, and only their places are held: a language's memory then
holds some 30 bytes a unit, not 160. The source texts themselves are the shared
:class:`~metsi18n.catalogs.sourceindex.SourceIndex`'s, held once for all languages:
given the index, a unit whose text it has holds that text's id from the start, so
the one copy is the index's and nothing is interned (``sys.intern`` grew CPython's
table of interned strings with the project, 3.7 MiB at 1,000 articles).
"""

from __future__ import annotations

import bisect
import itertools
import marshal
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from metsi18n.catalogs.sourceindex import SourceIndex
from metsi18n.catalogs.spool import Spool

#: Units per piece: a unit looked up decodes its piece (a few KiB), kept
#: until a unit of another piece is looked up.
CHUNK = 32


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


#: A catalog's unit as :meth:`UnitRecords.add_catalog` takes it: source, context,
#: plural, translations, tag kinds.
CatalogUnit = tuple[
    str, str | None, str | None, tuple[str, ...], tuple[tuple[int, str], ...] | None
]
#: A unit's fields as held: context, plural, translations, tag kinds, origin number,
#: revision.
_Record = tuple[
    str | None, str | None, tuple[str, ...], tuple[tuple[int, str], ...] | None, int, float
]


class UnitRecords:
    """Memory units as they come: their fields as marshal records, :data:`CHUNK` units a
    piece in order of arrival (see :meth:`pack`); the pieces go to ``spool`` when given,
    else they are held as bytes."""

    def __init__(self, spool: Spool | None = None, index: SourceIndex | None = None) -> None:
        self._spool = spool
        self._index = index
        self._clear()

    def _clear(self) -> None:
        #: Each unit's source: its id in the index when the index knew the text as it
        #: came, else ``-1 - n`` for the ``n``-th text of ``_new`` (the index adds those
        #: when packed). The texts are not held (nor interned) once the index has them:
        #: a later language's memory brings few texts no earlier one had.
        self._source_ids = array("i")
        self._new: dict[str, int] = {}
        self._revised = array("d")
        self._orders = array("I")
        #: Unit k is record ``k % CHUNK`` of piece ``k // CHUNK``: its bytes, or its
        #: place in the spool.
        self._chunks: list[bytes | tuple[int, int]] = []
        self._piece: list[_Record] = []
        self._origins: list[Origin] = []
        self._numbers: dict[Origin, int] = {}
        self._last: tuple[Origin, int] | None = None

    def __len__(self) -> int:
        return len(self._source_ids)

    def _source_id(self, text: str) -> int:
        """The number :attr:`_source_ids` holds for a unit whose source is ``text``."""
        if self._index is not None:
            number = self._index.id(text)
            if number is not None:
                return number
        new = self._new
        return -1 - new.setdefault(text, len(new))

    def add(self, unit: MemoryUnit) -> None:
        self.add_fields(
            unit.source,
            unit.context,
            unit.plural,
            unit.translations,
            unit.kinds,
            unit.origin,
            unit.revised,
        )

    def add_fields(
        self,
        source: str,
        context: str | None,
        plural: str | None,
        translations: tuple[str, ...],
        kinds: tuple[tuple[int, str], ...] | None,
        origin: Origin,
        revised: float,
    ) -> None:
        """:meth:`add` a unit given by its fields."""
        number = self._number(origin)
        self._source_ids.append(self._source_id(source))
        self._revised.append(revised)
        self._orders.append(origin.order)
        self._piece.append((context, plural, translations, kinds, number, revised))
        if len(self._piece) == CHUNK:
            self._flush()

    def add_catalog(self, origin: Origin, units: Sequence[CatalogUnit]) -> None:
        """Add the units of one catalog, revised as it was (export makes no
        :class:`MemoryUnit`): the same as :meth:`add_fields` for each, in order."""
        if not units:
            return
        number = self._number(origin)
        revised = origin.revised
        self._source_ids.extend(self._source_id(unit[0]) for unit in units)
        self._revised.extend(itertools.repeat(revised, len(units)))
        self._orders.extend(itertools.repeat(origin.order, len(units)))
        piece = self._piece
        for _, context, plural, translations, kinds in units:
            piece.append((context, plural, translations, kinds, number, revised))
            if len(piece) == CHUNK:
                self._flush()
                piece = self._piece

    def _number(self, origin: Origin) -> int:
        """The origin's number among those of the records (origins are few)."""
        if self._last is not None and self._last[0] is origin:
            return self._last[1]
        number = self._numbers.setdefault(origin, len(self._origins))
        if number == len(self._origins):
            self._origins.append(origin)
        self._last = (origin, number)
        return number

    def extend(self, units: Iterable[MemoryUnit]) -> None:
        for unit in units:
            self.add(unit)

    def _flush(self) -> None:
        data = marshal.dumps(self._piece)
        self._chunks.append(data if self._spool is None else self._spool.put(data))
        self._piece = []

    def pack(self, index: SourceIndex) -> PackedUnits:
        """The units ranked by source text, their texts added to ``index`` (the one the
        records were made with, when they were given one); the records are emptied."""
        if self._index is not None and index is not self._index:
            raise ValueError("memory records packed with another index than their own")
        if self._piece:
            self._flush()
        ids = self._source_ids
        if self._new:
            new = list(self._new)
            self._new = {}
            index.add(new)
            numbers = index.ids(new)
            for unit, number in enumerate(ids):
                if number < 0:
                    ids[unit] = numbers[-1 - number]
            del new, numbers
        present, firsts, ranked = _ranked(ids, self._revised, self._orders, len(index))
        packed = PackedUnits(
            index,
            present,
            firsts,
            ranked,
            self._chunks,
            self._origins,
            self._spool,
        )
        self._clear()
        return packed


def _ranked(
    ids: array[int], revised: array[float], orders: array[int], size: int
) -> tuple[array[int], array[int], array[int]]:
    """The units (numbered in order of arrival) ranked by text id, then most recently
    revised, then path order, then order of arrival: the ids present, ascending; where
    each one's units start in the ranking (and its end); the ranking.

    A counting sort by id over arrays (``size``: one more than the largest id), then
    a sort of each text's few units: no list of a number per unit is made (three
    sorts by key held some 70 bytes a unit for a moment, at the last language's
    pack, when export's memory peaks)."""
    counts = array("I", bytes(4 * size))
    for number in ids:
        counts[number] += 1
    present = array("I")
    firsts = array("I")
    place = 0
    for number, many in enumerate(counts):
        if many:
            present.append(number)
            firsts.append(place)
            counts[number] = place  # from here on: where the text's next unit goes
            place += many
    firsts.append(place)
    ranked = array("I", bytes(4 * len(ids)))
    for unit, number in enumerate(ids):
        ranked[counts[number]] = unit
        counts[number] += 1
    del counts

    def newest_first(unit: int) -> tuple[float, int]:
        return (-revised[unit], orders[unit])

    for start, end in itertools.pairwise(firsts):
        if end - start > 1:  # a sort is stable: units of equal rank keep their arrival
            ranked[start:end] = array("I", sorted(ranked[start:end], key=newest_first))
    return present, firsts, ranked


class PackedUnits:
    """One language's units by source text id, decoded on demand (see :class:`UnitRecords`)."""

    def __init__(
        self,
        index: SourceIndex,
        present: array[int],
        firsts: array[int],
        ranked: array[int],
        chunks: list[bytes | tuple[int, int]],
        origins: list[Origin],
        spool: Spool | None = None,
    ) -> None:
        self._index = index
        #: The ids of the texts this language has, ascending; the units of text k are
        #: ``ranked[firsts[k]:firsts[k + 1]]``, best first; unit u is record
        #: ``u % CHUNK`` of ``chunks[u // CHUNK]`` (marshal bytes, or their place in
        #: ``spool``).
        self._present = present
        self._firsts = firsts
        self._ranked = ranked
        self._chunks = chunks
        self._origins = origins
        self._spool = spool
        self._piece: tuple[int, list[_Record]] = (-1, [])

    def __len__(self) -> int:
        return len(self._ranked)

    def place(self, number: int) -> int | None:
        """Where the text with id ``number`` is among this language's; None if absent."""
        place = bisect.bisect_left(self._present, number)
        if place < len(self._present) and self._present[place] == number:
            return place
        return None

    def units(self, text: str) -> tuple[MemoryUnit, ...]:
        """The units whose source is ``text``, best ranked first (none when absent)."""
        number = self._index.id(text)
        place = None if number is None else self.place(number)
        return () if place is None else self.units_at(place, text)

    def units_at(self, place: int, text: str) -> tuple[MemoryUnit, ...]:
        """The units of the text at ``place`` (see :meth:`place`), whose source is ``text``."""
        units = []
        for unit in self._ranked[self._firsts[place] : self._firsts[place + 1]]:
            context, plural, translations, kinds, number, revised = self._record(unit)
            origin = self._origins[number]
            units.append(MemoryUnit(text, context, plural, translations, kinds, origin, revised))
        return tuple(units)

    def _record(self, unit: int) -> _Record:
        chunk = unit // CHUNK
        if self._piece[0] != chunk:
            held = self._chunks[chunk]
            if not isinstance(held, bytes):
                assert self._spool is not None  # a place is only held with its spool
                held = self._spool.get(held)
            self._piece = (chunk, marshal.loads(held))
        return self._piece[1][unit % CHUNK]
