"""The terminology check and lint, as sentences, with this repository's own glossary."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from metsi18n.po import Message
from metsi18n.quality.checks import check_message, terminology
from metsi18n.quality.findings import ERROR, WARNING
from metsi18n.quality.glossary import read_csv
from metsi18n.quality.lint import lint_text
from metsi18n.quality.terms import Termbase
from tests.conftest import CONFIG

GLOSSARY = Path(__file__).resolve().parent.parent / "glossary.csv"


@functools.cache
def shipped() -> Termbase:
    return Termbase(read_csv(GLOSSARY.read_text(encoding="utf-8"), "glossary.csv"))


def found(source: str, translation: str, locale: str) -> list[tuple[str, str]]:
    return [
        (p.severity, p.message) for p in terminology(source, translation, locale, (), shipped())
    ]


def fails(check: object, source: str, translation: str, locale: str = "de") -> bool:
    assert check is terminology
    return bool(found(source, translation, locale))


def passes(check: object, source: str, translation: str, locale: str = "de") -> bool:
    return not fails(check, source, translation, locale)


SECONDARY = "They are secondary liver cancer."


def test_the_german_and_romance_metastatic_liver_cancer_trap_is_an_error() -> None:
    assert fails(terminology, SECONDARY, "Es handelt sich um metastasierten Leberkrebs.")
    assert fails(terminology, SECONDARY, "Son un cáncer de hígado metastásico.", locale="es")
    assert fails(terminology, SECONDARY, "C’est un cancer du foie métastatique.", locale="fr")
    assert fails(terminology, SECONDARY, "São um câncer de fígado metastático.", locale="pt_BR")
    [(severity, message)] = found(SECONDARY, "Es ist metastasierter Leberkrebs.", "de")
    assert severity == ERROR
    assert message == (
        "'metastasierter Leberkrebs' is a forbidden rendering of 'secondary liver cancer': "
        "use 'sekundärer Leberkrebs' (means a primary liver cancer that has spread: the opposite)"
    )


def test_a_forbidden_rendering_is_an_error_in_any_sentence_in_any_form() -> None:
    [(severity, _)] = found("People may feel tired.", "Bei metastasiertem Leberkrebs …", "de")
    assert severity == ERROR


def test_inflected_preferred_renderings_pass() -> None:
    source = "People with liver metastases may have pain."
    assert passes(terminology, source, "Lidé s jaterními metastázami mohou mít bolest.", "cs")
    assert passes(terminology, source, "U osób z przerzutami do wątroby może wystąpić ból.", "pl")
    assert passes(terminology, SECONDARY, "Es handelt sich um sekundären Leberkrebs.")
    assert passes(terminology, source, "肝転移のある人には痛みが現れる場合があります。", "ja")
    assert passes(terminology, source, "قد يعاني المصابون بالنقائل الكبدية من ألم.", "ar")


def test_a_term_of_the_source_without_its_rendering_is_a_warning_naming_both() -> None:
    source = "Cancer cells break away from the primary cancer."
    assert fails(terminology, source, "Zellen lösen sich vom ursprünglichen Krebs.")
    assert found(source, "Zellen lösen sich vom ursprünglichen Krebs.", "de") == [
        (WARNING, "'primary cancer' of the source should be rendered 'Primärtumor'")
    ]
    assert passes(terminology, source, "Zellen lösen sich vom Primärtumor.")


def test_palliative_care_is_not_supportive_care_but_supportive_care_may_be_said() -> None:
    palliative = "Palliative care relieves symptoms."
    assert fails(terminology, palliative, "Les soins de support soulagent les symptômes.", "fr")
    assert fails(terminology, palliative, "支持療法は症状を和らげます。", "ja")
    assert passes(terminology, palliative, "Les soins palliatifs soulagent les symptômes.", "fr")
    supportive = "Supportive care treats the side effects."
    assert passes(terminology, supportive, "Les soins de support traitent les effets.", "fr")


def test_an_admitted_rendering_passes() -> None:
    source = "Palliative care can be given at any stage."
    assert passes(terminology, source, "Die Palliativversorgung ist in jeder Phase möglich.")


def test_a_translator_silences_terminology_for_one_entry() -> None:
    message = Message(
        msgid="They are secondary liver cancer.",
        msgstr="Es ist metastasierter Leberkrebs.",
        translator_comments=("ignore-terminology",),
    )
    assert check_message(message, "de", "de.po", "a", glossary=shipped()) == []
    loud = Message(msgid=message.msgid, msgstr=message.msgstr)
    [finding] = check_message(loud, "de", "de.po", "a", glossary=shipped())
    assert (finding.check, finding.severity) == ("terminology", ERROR)


def test_without_a_glossary_terminology_finds_nothing() -> None:
    assert terminology(SECONDARY, "Es ist metastasierter Leberkrebs.", "de") == []


def test_lint_warns_of_a_non_preferred_english_variant() -> None:
    findings = lint_text("Hepatic metastases are cancer.", "a.md", 7, glossary=shipped())
    [finding] = [f for f in findings if f.check == "terminology"]
    assert (finding.line, finding.severity) == (7, WARNING)
    assert finding.message == (
        "admitted variant 'Hepatic metastases': use 'liver metastases' (plain English for patients)"
    )
    assert not [
        f
        for f in lint_text("Liver metastases are cancer.", "a.md", glossary=shipped())
        if f.check == "terminology"
    ]


def test_check_on_this_repository_finds_a_forbidden_term_put_into_a_catalog(
    project: Path,
) -> None:
    from metsi18n.config import load_settings
    from metsi18n.quality import check_project

    settings = load_settings(project)
    assert not [f for f in check_project(settings, ("de",)) if f.check == "terminology"]
    catalog = project / "locales" / "de" / "LC_MESSAGES" / "liver-metastases.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("sekundären Leberkrebs", "metastasierten Leberkrebs"), "utf-8")
    [finding] = [f for f in check_project(settings, ("de",)) if f.check == "terminology"]
    assert (finding.file, finding.severity) == ("locales/de/LC_MESSAGES/liver-metastases.po", ERROR)
    assert finding.message.startswith("'metastasierten Leberkrebs' is a forbidden rendering")


def test_one_sentence_translated_two_ways_in_two_articles_is_a_warning_on_both(
    make_project: Callable[..., Path], runner: CliRunner
) -> None:
    import polib

    from metsi18n.cli import main
    from metsi18n.config import load_settings
    from metsi18n.quality import check_project

    text = "---\ntitle: {t}\nslug: {s}\ndate: 2026-01-02\n---\n\nRest in bed.\n"
    root = make_project(
        {"a.md": text.format(t="Alpha", s="a"), "b.md": text.format(t="Beta", s="b")},
        CONFIG + 'de = { status = "published" }\n',
    )
    assert runner.invoke(main, ["-C", str(root), "init", "de"]).exit_code == 0
    for slug, translation in (("a", "Bettruhe."), ("b", "Ruhen Sie im Bett.")):
        catalog = polib.pofile(str(root / "locales" / "de" / "LC_MESSAGES" / f"{slug}.po"))
        for entry in catalog:
            entry.msgstr = translation if entry.msgid == "Rest in bed." else entry.msgid
        catalog.save()
    found = [f for f in check_project(load_settings(root)) if f.check == "consistency"]
    assert [(f.file, f.severity) for f in found] == [
        ("locales/de/LC_MESSAGES/a.po", WARNING),
        ("locales/de/LC_MESSAGES/b.po", WARNING),
    ]
    assert (
        "'Rest in bed.' is translated otherwise in locales/de/LC_MESSAGES/b.po:" in found[0].message
    )


def test_export_lists_each_units_glossary_terms_in_its_extracted_comment() -> None:
    from metsi18n import po
    from metsi18n.catalogs import with_term_notes

    catalog = po.POFile(
        messages=(
            po.Message("Liver metastases are tumours.", extracted_comments=("Paragraph 1",)),
            po.Message("Send", extracted_comments=("Glossary: stale line",)),
        )
    )

    def notes(msgid: str, code: str) -> tuple[str, ...]:
        return ("liver metastases: jaterní metastázy",) if "metastases" in msgid else ()

    annotated = with_term_notes(catalog, "cs", notes)
    assert annotated.messages[0].extracted_comments == (
        "Paragraph 1",
        "Glossary: liver metastases: jaterní metastázy",
    )
    assert annotated.messages[1].extracted_comments == ()  # an old line goes with its term
    assert with_term_notes(annotated, "cs", notes) == annotated
