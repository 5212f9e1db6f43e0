"""A language's memory held packed gives back every unit it was given, in rank order,
and the shared index's bounded cache never changes what a search finds."""

from __future__ import annotations

from array import array
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n.catalogs.sourceindex import SourceIndex
from metsi18n.catalogs.spool import Spool
from metsi18n.catalogs.unitstore import CHUNK, MemoryUnit, Origin, UnitRecords, _ranked

ORIGINS = [
    Origin("a (cs)", "a", 200.0, 0),
    Origin("b (cs)", "b", 100.0, 1),
    Origin("c (cs)", "c", 200.0, 2),
    Origin("memory.tmx", None, 0.0, 3),
]
TEXT = st.text(alphabet="abc <1>/é", min_size=1, max_size=6)
UNIT = st.builds(
    MemoryUnit,
    source=st.sampled_from(["Rest.", "Rest", "Drink water.", "<1>Call</1> a doctor.", "ř"]),
    context=st.none() | st.sampled_from(["menu", "dose"]),
    plural=st.none() | TEXT,
    translations=st.lists(TEXT, min_size=1, max_size=3).map(tuple),
    kinds=st.none() | st.just(((1, "link"), (2, "code"))),
    origin=st.sampled_from(ORIGINS),
    revised=st.sampled_from([0.0, 100.0, 200.0, 300.5]),
)


def ranked_by_source(units: list[MemoryUnit]) -> dict[str, list[MemoryUnit]]:
    """What the memory must give for each source: most recently revised first, then path
    order, then the order the units came in."""
    ranked = sorted(enumerate(units), key=lambda item: (-item[1].revised, item[1].origin.order))
    by_source: dict[str, list[MemoryUnit]] = {}
    for _, unit in ranked:
        by_source.setdefault(unit.source, []).append(unit)
    return by_source


@settings(max_examples=200, deadline=None)
@given(st.lists(UNIT, max_size=3 * CHUNK + 5))
def test_packed_units_give_back_every_unit_of_a_text_in_rank_order(
    units: list[MemoryUnit],
) -> None:
    records = UnitRecords()
    records.extend(units)
    index = SourceIndex()
    index.add(["Not in this language."])  # another language's text: ids do not start at 0
    packed = records.pack(index)
    assert len(packed) == len(units)
    assert len(records) == 0  # emptied: the records are not held twice
    expected = ranked_by_source(units)
    for source, wanted in expected.items():
        assert list(packed.units(source)) == wanted
    assert packed.units("Not in this language.") == ()
    assert packed.units("Never seen.") == ()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(UNIT, max_size=CHUNK + 3), max_size=4))
def test_a_catalog_added_at_once_is_held_as_its_units_added_one_by_one(
    catalogs: list[list[MemoryUnit]],
) -> None:
    one_by_one, at_once = UnitRecords(), UnitRecords()
    for units in catalogs:
        origin = units[0].origin if units else ORIGINS[0]
        same = [replace(unit, origin=origin, revised=origin.revised) for unit in units]
        one_by_one.extend(same)
        at_once.add_catalog(
            origin, [(u.source, u.context, u.plural, u.translations, u.kinds) for u in same]
        )
    a, b = one_by_one.pack(SourceIndex()), at_once.pack(SourceIndex())
    assert len(a) == len(b)
    for source in {unit.source for units in catalogs for unit in units}:
        assert a.units(source) == b.units(source)


def test_units_are_decoded_across_the_boundaries_of_the_compressed_pieces() -> None:
    origin = ORIGINS[0]
    units = [
        MemoryUnit(f"Text {n % 7}.", None, None, (f"Text {n}",), None, origin, float(n))
        for n in range(5 * CHUNK + 3)
    ]
    records = UnitRecords()
    records.extend(units)
    packed = records.pack(SourceIndex())
    for source, wanted in ranked_by_source(units).items():
        assert list(packed.units(source)) == wanted
    newest = max(n for n in range(5 * CHUNK + 3) if n % 7 == 3)
    assert packed.units("Text 3.")[0].translations == (f"Text {newest}",)


def searches(index: SourceIndex, queries: list[str]) -> list[tuple[tuple[int, float], ...]]:
    return [index.similar(query, 0.6, ring) for query in queries for ring in range(4)]


def test_the_bounded_search_cache_finds_what_an_unbounded_one_finds() -> None:
    batches = [
        ["Drink water often.", "Drink water every day.", "Rest in bed.", "Call a doctor."],
        ["Drink a glass of water.", "Rest in a bed.", "Call your doctor now."],
        ["Drink water often!", "Stay in bed."],
    ]
    queries = ["Drink water often, every day.", "Rest in bed today.", "Call a doctor now."]
    roomy, tight = SourceIndex(), SourceIndex(cache_size=2)
    found_roomy: list[tuple[tuple[int, float], ...]] = []
    found_tight: list[tuple[tuple[int, float], ...]] = []
    for batch in batches:  # a language at a time: each adds an epoch
        roomy.add(batch)
        tight.add(batch)
        found_roomy += searches(roomy, queries) + searches(roomy, queries[::-1])
        found_tight += searches(tight, queries) + searches(tight, queries[::-1])
        assert len(tight._cache) <= 2
    assert found_tight == found_roomy
    assert any(found_roomy)  # the searches do find texts
    assert roomy.text(roomy.ids(["Stay in bed."])[0]) == "Stay in bed."


@settings(max_examples=100, deadline=None)
@given(st.lists(UNIT, max_size=3 * CHUNK + 5))
def test_units_whose_pieces_are_spooled_give_back_what_units_held_in_memory_give(
    units: list[MemoryUnit],
) -> None:
    with Spool() as spool:
        spool.put(b"a waiting catalog's text first")
        held, spooled = UnitRecords(), UnitRecords(spool)
        for records in (held, spooled):
            records.extend(units)
        a, b = held.pack(SourceIndex()), spooled.pack(SourceIndex())
        assert len(a) == len(b) == len(units)
        for source in {unit.source for unit in units}:
            assert b.units(source) == a.units(source) == tuple(ranked_by_source(units)[source])


def three_sorts(
    ids: list[int], revised: list[float], orders: list[int]
) -> tuple[list[int], list[int], list[int]]:
    """The ranking as the pack made it before: three stable sorts by key, least
    significant first, then the ids present and where each one's units start."""
    ranked = list(range(len(ids)))
    ranked.sort(key=orders.__getitem__)
    ranked.sort(key=lambda n: -revised[n])
    ranked.sort(key=ids.__getitem__)
    present: list[int] = []
    firsts: list[int] = []
    for place, n in enumerate(ranked):
        if not present or ids[n] != present[-1]:
            present.append(ids[n])
            firsts.append(place)
    return present, [*firsts, len(ranked)], ranked


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 12), st.sampled_from([0.0, 100.0, 200.0, 300.5]), st.integers(0, 4)
        ),
        max_size=80,
    )
)
def test_the_counting_sort_ranks_units_as_the_three_sorts_did(
    units: list[tuple[int, float, int]],
) -> None:
    ids = [number for number, _, _ in units]
    revised = [when for _, when, _ in units]
    orders = [order for _, _, order in units]
    present, firsts, ranked = _ranked(array("q", ids), array("d", revised), array("q", orders), 13)
    assert (list(present), list(firsts), list(ranked)) == three_sorts(ids, revised, orders)


@settings(max_examples=100, deadline=None)
@given(st.lists(UNIT, max_size=2 * CHUNK + 5), st.lists(UNIT, max_size=CHUNK))
def test_records_given_the_index_pack_as_records_given_it_only_when_packed(
    earlier: list[MemoryUnit], units: list[MemoryUnit]
) -> None:
    # An earlier language's memory puts its texts in the index: records made with the
    # index hold those as ids from the start, the others until packed.
    with_index, without = SourceIndex(), SourceIndex()
    for index in (with_index, without):
        first = UnitRecords(index=index)
        first.extend(earlier)
        first.pack(index)
    given_index, given_late = UnitRecords(index=with_index), UnitRecords()
    given_index.extend(units)
    given_late.extend(units)
    a, b = given_index.pack(with_index), given_late.pack(without)
    assert len(a) == len(b) == len(units)
    assert [with_index.text(n) for n in range(len(with_index))] == [
        without.text(n) for n in range(len(without))
    ]
    for source in {unit.source for unit in units}:
        assert a.units(source) == b.units(source) == tuple(ranked_by_source(units)[source])


def test_records_made_for_one_index_are_not_packed_into_another() -> None:
    records = UnitRecords(index=SourceIndex())
    records.extend([MemoryUnit("Rest.", None, None, ("Odpočívej.",), None, ORIGINS[0])])
    with pytest.raises(ValueError, match="another index"):
        records.pack(SourceIndex())
