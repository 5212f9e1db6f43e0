"""Doses keep their units: ``fails(numbers, "2.5 mg", "2,5 ml", locale="cs")``."""

from __future__ import annotations

from metsi18n.quality.checks import Check, numbers
from metsi18n.quality.findings import ERROR, WARNING
from metsi18n.quality.quantities import quantities


def fails(check: Check, source: str, translation: str, locale: str = "de") -> bool:
    return bool(check(source, translation, locale))


def passes(check: Check, source: str, translation: str, locale: str = "de") -> bool:
    return not fails(check, source, translation, locale)


def severities(source: str, translation: str, locale: str) -> list[str]:
    return [problem.severity for problem in numbers(source, translation, locale)]


def test_a_dose_keeps_its_unit_in_every_way_of_writing_the_number() -> None:
    assert passes(numbers, "Take 2.5 mg.", "Nehmen Sie 2,5 mg.")
    assert passes(numbers, "Take 2.5 mg.", "Užívejte 2,5 mg.", locale="cs")
    assert passes(numbers, "Take 2.5 mg.", "Prenez 2,5\u202fmg.", locale="fr")
    assert passes(numbers, "Take 2.5 mg.", "2.5mgを飲みます。", locale="ja")
    assert passes(numbers, "Take 2.5 mg.", "تناول ٢٫٥ ملغ.", locale="ar")


def test_a_changed_unit_is_an_error_naming_it() -> None:
    assert fails(numbers, "2.5 mg", "2,5 ml", locale="cs")
    assert fails(numbers, "Take 2.5 mg.", "Nehmen Sie 2,5 g.")
    [problem] = numbers("Take 2.5 mg.", "Užívejte 2,5 ml.", "cs")
    assert problem.severity == ERROR
    assert problem.message == "2.5 mg of the source is 2,5 ml here: the unit mg is changed"


def test_a_dose_per_kilogram_stays_per_kilogram() -> None:
    assert passes(numbers, "5 mg/kg a day", "5 mg/kg denně", locale="cs")
    assert passes(numbers, "5 mg per kg", "5 mg pro kg", locale="de")
    assert fails(numbers, "5 mg/kg", "5 mg")
    assert severities("5 mg/kg", "5 mg", "de") == [ERROR]


def test_a_lost_unit_is_an_error() -> None:
    assert severities("Take 2.5 mg.", "Nehmen Sie 2,5.", "de") == [ERROR]


def test_units_written_out_as_the_language_writes_them_pass() -> None:
    assert passes(numbers, "2.5 mg", "2,5 miligramu", locale="cs")
    assert passes(numbers, "every 8 hours", "každých 8 hodin", locale="cs")
    assert passes(numbers, "every 8 hours", "co 8 godzin", locale="pl")
    assert passes(numbers, "every 8 hours", "كل 8 ساعات", locale="ar")
    assert passes(numbers, "every 8 hours", "8時間ごと", locale="ja")
    assert passes(numbers, "a fever of 38 °C", "Fieber von 38 Grad Celsius")
    assert passes(numbers, "in 50% of cases", "w 50% przypadków", locale="pl")
    assert passes(numbers, "in 50% of cases", "في ٥٠٪ من الحالات", locale="ar")
    assert passes(numbers, "1,000 IU", "1.000 I.E.")


def test_a_unit_that_cannot_be_read_is_a_warning_never_an_error() -> None:
    assert severities("every 8 hours", "po 8 hodinách", "cs") == [WARNING]
    assert severities("10 mg per day", "10 mg každý den", "cs") == [WARNING]
    assert passes(numbers, "10 mg per day", "10 mg denně", locale="cs")


def test_a_range_gives_its_unit_to_both_numbers() -> None:
    assert [q.unit for q in quantities("2-3 mg", "en")] == ["mg", "mg"]
    assert passes(numbers, "2-3 mg a day", "2 až 3 mg denně", locale="cs")
    assert passes(numbers, "2–3 mg", "2–3 mg")
    assert fails(numbers, "2-3 mg", "2-3 g")


def test_numbers_without_units_are_left_to_the_number_check() -> None:
    assert passes(numbers, "3-4 times a day", "3- bis 4-mal täglich")
    assert passes(numbers, "Take 2 tablets.", "Nehmen Sie 2 Tabletten.")
