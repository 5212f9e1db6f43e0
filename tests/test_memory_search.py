"""The memory's fuzzy search compares only texts whose tags can be mapped, and finds the
match a search of every text finds; export reads a catalog's units as the plain rule
says."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n import po
from metsi18n.catalogs import sourceindex
from metsi18n.catalogs.memory import Match, Memory, MemoryUnit, Origin, tag_kinds
from metsi18n.catalogs.reuse import catalog_units, is_confirmed
from metsi18n.catalogs.sourceindex import SourceIndex, tag_shape

ORIGINS = [Origin("a (cs)", "a", 200.0, 0), Origin("b (cs)", "b", 100.0, 1)]
#: Words and tags that make sentences near enough to match above 0.6 now and then.
WORDS = ["Rest", "in", "bed", "water", "doctor", "<1>call</1>", "<2/>", "<1>", "</1>", "now"]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=2, max_size=6).map(" ".join)
UNIT = st.builds(
    MemoryUnit,
    source=SENTENCE,
    context=st.none() | st.just("menu"),
    plural=st.none(),
    translations=st.tuples(SENTENCE),
    kinds=st.none() | st.just(((1, "link"), (2, "image"))),
    origin=st.sampled_from(ORIGINS),
    revised=st.sampled_from([100.0, 200.0]),
)
QUERY = st.builds(
    po.Message,
    msgid=SENTENCE,
    msgctxt=st.none() | st.just("menu"),
    extracted_comments=st.sampled_from([(), ("Tags: <1>...</1> link, <2/> image",)]),
)


def lookups(languages: list[list[MemoryUnit]], queries: list[po.Message]) -> list[Match | None]:
    """Each language's memory in turn on one shared index, as export makes them."""
    index = SourceIndex(cache_size=8)
    found: list[Match | None] = []
    for units in languages:
        memory = Memory(units, index)
        found += [memory.lookup(query, 0.6) for query in queries]
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(UNIT, max_size=12), min_size=1, max_size=3), st.lists(QUERY, max_size=6))
def test_searching_texts_of_the_same_tag_shape_finds_what_searching_all_texts_finds(
    languages: list[list[MemoryUnit]], queries: list[po.Message]
) -> None:
    by_shape = lookups(languages, queries)
    with mock.patch.object(sourceindex, "tag_shape", return_value=(0, 0)):  # one batch
        every_text = lookups(languages, queries)
    assert by_shape == every_text


def test_a_text_shape_counts_the_paired_and_the_void_tags_it_opens() -> None:
    assert tag_shape("Rest.") == (0, 0)
    assert tag_shape("<1>Call</1> us <2/> or <3>write</3>.") == (2, 1)
    assert tag_shape("a < b, and </4> alone") == (0, 0)


def test_tags_of_another_shape_are_not_compared_but_one_of_the_same_shape_is() -> None:
    index = SourceIndex()
    index.add(["Call <1>the doctor</1> now.", "Call the doctor now.", "Call <1/> doctor now."])
    hits = index.similar("Call <1>a doctor</1> now.", 0.6, 3) + tuple(
        hit for ring in range(3) for hit in index.similar("Call <1>a doctor</1> now.", 0.6, ring)
    )
    assert [index.text(number) for number, _ in hits] == ["Call <1>the doctor</1> now."]


MESSAGE = st.builds(
    po.Message,
    msgid=st.sampled_from(["", "Rest.", "<1>Call</1> us."]),
    msgstr=st.sampled_from(["", "Odpočívej."]),
    msgid_plural=st.none() | st.just("Rests."),
    msgstr_plural=st.lists(st.sampled_from(["", "x"]), max_size=3).map(tuple),
    msgctxt=st.none() | st.just("menu"),
    extracted_comments=st.sampled_from([(), ("Tags: <1>...</1> link",)]),
    flags=st.sampled_from([(), ("fuzzy",), ("c-format", "fuzzy")]),
    obsolete=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(MESSAGE, max_size=8))
def test_a_catalogs_units_are_its_confirmed_entries(messages: list[po.Message]) -> None:
    origin = ORIGINS[0]
    units = list(catalog_units(po.POFile(messages=tuple(messages)), origin))
    confirmed = [m for m in messages if is_confirmed(m)]
    assert [unit.source for unit in units] == [m.msgid for m in confirmed]
    assert [unit.translations for unit in units] == [
        m.msgstr_plural if m.msgid_plural is not None else (m.msgstr,) for m in confirmed
    ]
    assert [unit.kinds for unit in units] == [
        tag_kinds(m) if "<" in m.msgid else None for m in confirmed
    ]


def test_a_search_before_any_text_is_indexed_is_made_once_texts_come() -> None:
    # An empty index answers at once and keeps nothing; the next language's texts are
    # then searched as if the text had never been looked up.
    index = SourceIndex()
    every_ring = range(len(sourceindex.rings(0.6)))
    assert [index.similar("Rest in bed now", 0.6, ring) for ring in every_ring] == [()] * 4
    index.add(["Rest in bed now, please", "Call a doctor"])
    found = [hit for ring in every_ring for hit in index.similar("Rest in bed now", 0.6, ring)]
    assert [index.text(number) for number, _ in found] == ["Rest in bed now, please"]
