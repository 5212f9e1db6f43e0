"""catalog.py: units -> templates, and the page chrome's strings."""

from __future__ import annotations

from metsi18n.catalogs import site_units
from metsi18n.catalogs import templates as catalog
from metsi18n.model import Location, Unit


def test_a_unit_becomes_an_empty_template_entry() -> None:
    unit = Unit("Text.", (Location("a.md", 3), Location("a.md", 9)), ("Paragraph 1",))
    message = catalog.unit_message(unit)
    assert message.msgid == "Text."
    assert message.msgstr == ""
    assert message.references == ("a.md:3", "a.md:9")
    assert message.extracted_comments == ("Paragraph 1",)
    assert message.flags == ()


def test_format_strings_are_flagged_python_format() -> None:
    unit = Unit("%(num)d minute read", (Location("t.html", 1),), plural="%(num)d minutes read")
    message = catalog.unit_message(unit)
    assert message.flags == ("python-format",)
    assert message.msgstr_plural == ("", "")
    plain = catalog.unit_message(Unit("100% sure", (Location("t.html", 1),)))
    assert plain.flags == ()


def test_templates_differing_only_in_creation_date_are_the_same() -> None:
    units = [Unit("A.", (Location("a.md", 1),))]
    first = catalog.template(units, "P", "d", "2026-01-01 00:00+0000")
    second = catalog.template(units, "P", "d", "2026-02-02 10:00+0000")
    assert catalog.same_content(first, second)
    other = catalog.template(
        [Unit("B.", (Location("a.md", 1),))], "P", "d", "2026-01-01 00:00+0000"
    )
    assert not catalog.same_content(first, other)


def test_site_strings_come_from_the_page_templates() -> None:
    units = {unit.msgid: unit for unit in site_units()}
    for text in (
        "In other languages",
        "Was this article helpful?",
        "Thanks for the feedback",
        "How can we help?",
    ):
        assert text in units
    reading = units["Reading time: %(num)d minute"]
    assert reading.plural == "Reading time: %(num)d minutes"
    assert reading.comments
    assert "minutes" in reading.comments[0]
    assert str(reading.locations[0]).startswith("templates/page.html:")


def test_two_templates_have_the_same_content_whatever_their_dates_and_lines() -> None:
    from dataclasses import replace

    made = catalog
    units = [Unit("One.", (Location("a.md", 3),)), Unit("Two.", (Location("a.md", 5),))]
    base = made.template(units, "P", "a", "2026-01-01 00:00+0000")
    moved = replace(base, messages=tuple(replace(m, lineno=m.lineno + 7) for m in base.messages))
    variants = {
        "dated": (made.dated(base, "2027-02-02 00:00+0000"), True),
        "lines": (moved, True),
        "one fewer": (replace(base, messages=base.messages[:1]), False),
        "text": (
            replace(base, messages=(base.messages[0], replace(base.messages[1], msgid="Three."))),
            False,
        ),
        "flag": (
            replace(base, messages=(base.messages[0], replace(base.messages[1], flags=("fuzzy",)))),
            False,
        ),
        "header": (replace(base, header_comments=("Other.",)), False),
    }
    for name, (other, same) in variants.items():
        assert made.same_content(base, other) is same, name
        assert (made.without_header(base) == made.without_header(other)) is same, name
