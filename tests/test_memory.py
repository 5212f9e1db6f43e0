"""Translation memory in export: shared sentences are pre-filled, fuzzy, with their origin."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n import pipeline, po
from metsi18n.catalogs import Memory, MemoryUnit, Origin
from metsi18n.catalogs.memory import map_tags, numbers
from metsi18n.catalogs.prefill import PendingCatalog, fill
from metsi18n.catalogs.spool import Spool
from metsi18n.cli import main
from metsi18n.config import load_settings

CONFIG = """\
[project]
name = "Test site"
base_url = "https://example.org/"
segmentation = "sentence"

[languages]
cs = { status = "draft" }
"""

FIRST = """\
---
title: First aid
description: What to do first.
slug: first-aid
date: 2026-01-02
---

Talk to your doctor before you stop a medicine.
Call [the emergency line](https://example.org/112) if the pain is strong.

Keep the wound clean and dry for two days.
"""

SECOND = """\
---
title: Burns
description: What to do about burns.
slug: burns
date: 2026-01-03
---

Talk to your doctor before you stop a medicine.
Call [the emergency line](https://example.org/112) if the pain is strong.

Keep the wound clean and dry for three days. Cool a burn under running water.
"""


def translate(path: Path, prefix: str = "CS ") -> None:
    """Translate every entry of a catalog as a translator would: prefix, tags kept."""
    catalog = po.loads(path.read_bytes(), str(path))
    messages = tuple(
        replace(message, msgstr=prefix + message.msgid, flags=())
        if message.msgid_plural is None
        else replace(
            message,
            msgstr_plural=tuple(prefix + message.msgid for _ in message.msgstr_plural),
            flags=(),
        )
        for message in catalog.messages
    )
    path.write_bytes(po.dumps(replace(catalog, messages=messages)).encode("utf-8"))


def entries(path: Path) -> dict[str, po.Message]:
    return {m.msgid: m for m in po.loads(path.read_bytes(), str(path)).messages}


@pytest.fixture
def translated_first(make_project: Callable[..., Path]) -> Path:
    """A project whose first article is translated into Czech, the second just added."""
    root = make_project({"first-aid.md": FIRST}, CONFIG)
    pipeline.init(load_settings(root), ["cs"])
    translate(root / "locales" / "cs" / "LC_MESSAGES" / "first-aid.po")
    (root / "source" / "burns.md").write_text(SECOND, encoding="utf-8")
    return root


def test_export_prefills_every_shared_sentence_as_fuzzy_with_its_origin(
    translated_first: Path,
) -> None:
    pipeline.export(load_settings(translated_first))
    burns = entries(translated_first / "locales" / "cs" / "LC_MESSAGES" / "burns.po")
    shared = burns["Talk to your doctor before you stop a medicine."]
    assert shared.msgstr == "CS Talk to your doctor before you stop a medicine."
    assert shared.fuzzy
    assert shared.translator_comments == ("tm: first-aid (cs), 100%",)
    assert shared.previous_msgid is None
    link = burns["Call <1>the emergency line</1> if the pain is strong."]
    assert link.msgstr == "CS Call <1>the emergency line</1> if the pain is strong."
    first = entries(translated_first / "locales" / "cs" / "LC_MESSAGES" / "first-aid.po")
    shared_texts = set(first) & set(burns) - {""}
    assert len(shared_texts) == 2
    for text in shared_texts:  # every shared sentence: fuzzy, its origin named
        assert burns[text].msgstr == "CS " + text
        assert burns[text].fuzzy
        assert burns[text].translator_comments == ("tm: first-aid (cs), 100%",)


def test_an_edited_sentence_gets_a_fuzzy_match_with_the_memory_source_as_previous(
    translated_first: Path,
) -> None:
    pipeline.export(load_settings(translated_first))
    burns = entries(translated_first / "locales" / "cs" / "LC_MESSAGES" / "burns.po")
    edited = burns["Keep the wound clean and dry for three days."]
    assert edited.msgstr == "CS Keep the wound clean and dry for two days."
    assert edited.fuzzy
    assert edited.previous_msgid == "Keep the wound clean and dry for two days."
    assert edited.translator_comments[-1].startswith("tm: first-aid (cs), 9")
    assert burns["Cool a burn under running water."].msgstr == ""


def test_a_second_export_changes_nothing(translated_first: Path) -> None:
    settings = load_settings(translated_first)
    pipeline.export(settings)
    again = pipeline.export(settings)
    assert again.written == []


def test_memory_off_and_exact_leave_what_they_should_empty(translated_first: Path) -> None:
    settings = load_settings(translated_first)
    burns = translated_first / "locales" / "cs" / "LC_MESSAGES" / "burns.po"
    pipeline.export(settings, memory="off")
    assert all(not m.msgstr for m in entries(burns).values())
    burns.unlink()
    pipeline.export(settings, memory="exact")
    found = entries(burns)
    assert found["Talk to your doctor before you stop a medicine."].msgstr
    assert found["Keep the wound clean and dry for three days."].msgstr == ""
    burns.unlink()
    pipeline.export(settings, fuzzy=False)  # --no-fuzzy: exact matches only
    assert entries(burns) == found


def test_the_summary_counts_what_came_from_memory(
    runner: CliRunner, translated_first: Path
) -> None:
    result = runner.invoke(main, ["-C", str(translated_first), "export"])
    assert result.exit_code == 0, result.output
    assert "cs: 28 kept, 0 fuzzy, 2 new, 0 obsolete, 4 from memory" in result.output


def unit(source: str, translation: str, label: str = "a (cs)", **fields: object) -> MemoryUnit:
    origin = Origin(
        label,
        str(fields.pop("domain", "a")),
        float(fields.pop("revised", 0.0)),  # type: ignore[arg-type]
        int(fields.pop("order", 0)),  # type: ignore[call-overload]
    )
    kinds = fields.pop("kinds", None)
    return MemoryUnit(source, None, None, (translation,), kinds, origin, origin.revised)  # type: ignore[arg-type]


def test_ties_go_to_the_most_recently_revised_catalog_then_to_path_order() -> None:
    older = unit("Rest.", "Odpočívej.", "a (cs)", revised=100.0, order=0)
    newer = unit("Rest.", "Odpočiň si.", "b (cs)", revised=200.0, order=1)
    same_time = unit("Rest.", "Klid.", "c (cs)", revised=200.0, order=2)
    found = Memory([older, same_time, newer]).lookup(po.Message("Rest."), 0.6)
    assert found is not None
    assert found.translations == ("Odpočiň si.",)


def test_a_fuzzy_match_needs_strictly_more_than_the_threshold() -> None:
    memory = Memory([unit("abcdefghij", "X")])
    # similarity of 'abcdefghij' and 'abcdefxyzw' is 2*6/20 = 0.6 exactly: not a match
    assert memory.lookup(po.Message("abcdefxyzw"), 0.6) is None
    assert memory.lookup(po.Message("abcdefgxyz"), 0.6) is not None


def test_tags_are_mapped_by_kind_and_order() -> None:
    kinds_old = ((1, "code"), (2, "link"))
    kinds_new = ((1, "link"), (2, "code"))
    mapped = map_tags(
        "Run <1/> or <2>call</2>.",
        kinds_old,
        "<1>Call</1> or run <2/>.",
        kinds_new,
        ("Spusť <1/> nebo <2>volej</2>.",),
    )
    assert mapped == ("Spusť <2/> nebo <1>volej</1>.",)


def test_a_match_whose_tags_cannot_be_mapped_is_not_used() -> None:
    memory = Memory([unit("See <1>this</1>.", "Viz <1>toto</1>.", kinds=((1, "emphasis"),))])
    message = po.Message(
        "See <1>this</1>.", extracted_comments=("Tags: <1>...</1> link. Keep them; they may move.",)
    )
    assert memory.lookup(message, 0.6) is None
    same_kind = replace(
        message, extracted_comments=("Tags: <1>...</1> emphasis. Keep them; they may move.",)
    )
    assert memory.lookup(same_kind, 0.6) is not None


def test_a_translators_existing_translation_is_never_replaced() -> None:
    memory = Memory([unit("Rest.", "Odpočívej.")])
    catalog = po.POFile(messages=(po.Message("Rest.", "Klid, prosím."),))
    assert fill(catalog, None, memory, domain="b", threshold=0.6, fuzzy=True).filled == 0


def test_same_domain_exact_matches_are_confirmed_only_if_allowed_and_not_safety_critical() -> None:
    memory = Memory([unit("Rest.", "Odpočívej.", domain="b")])
    catalog = po.POFile(messages=(po.Message("Rest."),))
    kept = fill(
        catalog,
        None,
        memory,
        domain="b",
        threshold=0.6,
        fuzzy=True,
        exact_same_domain_translated=True,
    )
    assert not kept.catalog.messages[0].fuzzy
    other = fill(
        catalog,
        None,
        memory,
        domain="c",
        threshold=0.6,
        fuzzy=True,
        exact_same_domain_translated=True,
    )
    assert other.catalog.messages[0].fuzzy
    critical = po.POFile(messages=(po.Message("Rest.", flags=("safety-critical",)),))
    guarded = fill(
        critical,
        None,
        memory,
        domain="b",
        threshold=0.6,
        fuzzy=True,
        exact_same_domain_translated=True,
    )
    assert guarded.catalog.messages[0].fuzzy


def test_numbers_in_words_count_as_numbers_and_only_whole_words_do() -> None:
    assert numbers("Keep it dry for two days, then 2.5 mg once.") == ["two", "2.5", "once"]
    assert numbers("One tablet twice a day for Twenty-one days.") == [
        *("one", "twice", "twenty", "one"),
    ]
    # Words holding a number word are not numbers; tag numbers are left out.
    assert numbers("Someone gave <1>alone</1> a tone; at once it was done.") == ["once"]
    assert numbers("Wait a second.") == []


def test_an_edited_duration_in_words_says_the_numbers_differ() -> None:
    memory = Memory([unit("Keep the wound dry for two days.", "Udržujte ránu dva dny suchou.")])
    found = memory.lookup(po.Message("Keep the wound dry for three days."), 0.6)
    assert found is not None
    assert not found.exact
    assert found.comment.endswith("%, numbers differ")
    same_numbers = memory.lookup(po.Message("Keep the burn dry for two days."), 0.6)
    assert same_numbers is not None
    assert not same_numbers.comment.endswith("numbers differ")


def test_a_match_whose_numbers_differ_says_so_and_is_never_exact() -> None:
    memory = Memory([unit("Take 2 tablets a day for 5 days.", "Užívejte 2 tablety denně 5 dní.")])
    found = memory.lookup(po.Message("Take 3 tablets a day for 5 days."), 0.6)
    assert found is not None
    assert not found.exact
    assert found.comment == "tm: a (cs), 96%, numbers differ"
    same = memory.lookup(po.Message("Take 2 tablets a day for 5 days."), 0.6)
    assert same is not None
    assert same.exact
    assert same.comment == "tm: a (cs), 100%"


def test_the_ring_search_finds_a_better_match_further_in_length_than_a_near_one() -> None:
    from metsi18n.catalogs.memory import rings
    from metsi18n.catalogs.merge import similarity

    entry = "Keep the wound clean and dry for two days after the visit."
    near = "Keep the wound clean and dry for two dayz aftex thx visix."  # 4 letters differ
    shorter = "Keep the wound clean and dry for two day after visit"  # 6 characters fewer
    assert len(near) == len(entry)
    assert len(shorter) / len(entry) < 0.9 < rings(0.6)[0]  # outside the nearest ring
    assert similarity(entry, near) < similarity(entry, shorter) < rings(0.6)[0]
    memory = Memory([unit(near, "NEAR"), unit(shorter, "SHORTER")])
    found = memory.lookup(po.Message(entry), 0.6)
    assert found is not None
    assert found.translations == ("SHORTER",)  # the best match, though in a wider ring


def test_a_pending_catalog_gives_the_bytes_fill_then_dumps_give() -> None:
    memory = Memory(
        [
            unit("Rest.", "Odpočívej.", domain="b"),
            unit("Drink water often, every day.", "Pijte často vodu, každý den."),
            unit("%d tablet", "%d tableta"),
        ]
    )
    catalog = po.POFile(
        headers=(
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Plural-Forms", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
        ),
        messages=(
            po.Message("Rest.", references=("a.md:1",)),
            po.Message("Kept as it was.", "Beze změny."),
            po.Message("Drink water often, every day!", extracted_comments=("A note.",)),
            po.Message("Not in the memory at all."),
            po.Message("%d tablet", msgid_plural="%d tablets", flags=("c-format",)),
            po.Message("Old.", "Staré.", obsolete=True),
        ),
    )
    for fresh in (None, {(None, "Rest."), (None, "Drink water often, every day!")}):
        settings = {"domain": "b", "threshold": 0.6, "fuzzy": True}
        expected = fill(catalog, fresh, memory, exact_same_domain_translated=True, **settings)
        pending = PendingCatalog.of(catalog, fresh)
        assert pending.text == po.dumps(catalog).encode("utf-8")
        with Spool() as spool:
            spool.put(b"another catalog first")
            packed = pending.spooled(spool)  # as export holds it: set aside
            assert packed.text == b""
            assert packed.entries == ()
            assert packed.held_entries() == pending.entries
            assert packed.plain == pending.text
            data, filled, confirmed = packed.filled(
                memory, exact_same_domain_translated=True, **settings
            )
        assert pending.filled(memory, exact_same_domain_translated=True, **settings) == (
            data,
            filled,
            confirmed,
        )
        assert (filled, confirmed) == (expected.filled, expected.confirmed)
        assert filled == (3 if fresh is None else 2)
        assert confirmed == 1
        assert data == po.dumps(expected.catalog).encode("utf-8")
        assert "Pijte" in data.decode("utf-8")
        assert ('msgstr[0] "%d tableta"' in data.decode("utf-8")) == (fresh is None)


def test_a_pending_catalog_writes_a_filled_entry_as_its_charset_wraps_it() -> None:
    # A CJK charset changes where GNU's writer may break a line: the pending catalog
    # keeps the one header an entry's text depends on.
    # (Cyrillic letters are of ambiguous width: two columns in a CJK charset.)
    long_ru = "Пейте воду часто, каждый день, даже когда не хочется пить. " * 3
    memory = Memory([unit("Drink water often, every day, even when not thirsty.", long_ru)])
    for charset in ("UTF-8", "EUC-JP"):
        catalog = po.POFile(
            headers=(
                ("Project-Id-Version", "health"),
                ("Content-Type", f"text/plain; charset={charset}"),
            ),
            messages=(po.Message("Drink water often, every day, even when not thirsty!"),),
        )
        settings = {"domain": "b", "threshold": 0.6, "fuzzy": True}
        expected = po.dumps(fill(catalog, None, memory, **settings).catalog).encode("utf-8")
        with Spool() as spool:
            held = PendingCatalog.of(catalog, None).spooled(spool)
            data, filled, _ = held.filled(memory, **settings)
        assert filled == 1
        assert data == expected
