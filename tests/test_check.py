"""Each quality check, as sentences: ``fails(numbers, "2.5 mg", "25 mg")``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from metsi18n.catalogs import comment_flags, one_number_forms
from metsi18n.po import Message, POFile, dumps, plurals
from metsi18n.quality.checks import (
    CHECKS,
    Check,
    check_message,
    doubled_words,
    end_punctuation,
    injection,
    markup,
    numbers,
    placeholders,
    unchanged,
    whitespace,
)
from metsi18n.quality.findings import ERROR, WARNING


def fails(check: Check, source: str, translation: str, locale: str = "de", **kw: str) -> bool:
    flags = tuple(kw.get("flags", "").split()) if kw.get("flags") else ()
    return bool(check(source, translation, locale, flags))


def passes(check: Check, source: str, translation: str, locale: str = "de", **kw: str) -> bool:
    return not fails(check, source, translation, locale, **kw)


def test_numbers_are_read_the_way_each_language_writes_them() -> None:
    assert fails(numbers, "2.5 mg", "25 mg")
    assert passes(numbers, "2.5 mg", "2,5 mg", locale="cs")
    assert passes(numbers, "2.5 mg", "2,5 mg", locale="de")
    assert passes(numbers, "2.5 mg", "2,5 mg", locale="fr")
    assert passes(numbers, "2.5 mg", "2.5 mg", locale="de")  # left as in English: still 2.5
    assert fails(numbers, "2.5 mg", "2.500 mg", locale="de")  # 2500 in German
    assert passes(numbers, "10,000 people", "10 000 lidí", locale="cs")
    assert passes(numbers, "10,000 people", "10.000 Menschen", locale="de")
    assert passes(numbers, "2.5 mg", "٢٫٥ ملغ", locale="ar")
    assert fails(numbers, "in 30% of cases", "in 3 % der Fälle")
    assert passes(numbers, "in 30% of cases", "in 30 % der Fälle")
    assert fails(numbers, "Take one tablet.", "Nehmen Sie 2 Tabletten.")
    assert passes(numbers, "<1>Read</1> this.", "<1>Lesen</1> Sie das.")  # tags are not numbers


def test_markup_keeps_the_tags_of_the_source_and_adds_none() -> None:
    assert passes(
        markup, "See <1>the leaflet</1> and <2/>.", "Siehe <2/> und <1>Beipackzettel</1>."
    )
    assert fails(markup, "See <1>the leaflet</1>.", "Siehe <1>Beipackzettel.")
    assert fails(markup, "See <1>the leaflet</1>.", "Siehe <1>Beipackzettel</1> <2/>.")
    assert fails(markup, "Run <1/>.", "Führen Sie es aus.")
    assert fails(markup, "<1>a</1> <2>b</2>", "<1>a <2>b</1></2>")
    dropped = markup("See <1>the leaflet</1>.", "Siehe Beipackzettel.")
    assert [problem.severity for problem in dropped] == [WARNING]


def test_injection_refuses_markup_scripts_and_links_not_in_the_source() -> None:
    assert fails(injection, "Ask your doctor.", "Fragen Sie <b>Ihren Arzt</b>.")
    assert fails(injection, "Ask your doctor.", "Fragen Sie <script>alert(1)</script>.")
    assert fails(injection, "Ask.", '<img src=x onerror="alert(1)">')
    assert fails(injection, "Ask.", "Fragen Sie [hier](javascript:alert(1)).")
    assert fails(injection, "Ask your doctor.", "Fragen Sie https://evil.example.")
    assert passes(injection, "See https://who.int.", "Siehe https://who.int.")
    assert passes(injection, "See <1>this</1>.", "Siehe <1>das</1>.")


def test_placeholders_stay_as_they_are() -> None:
    assert passes(placeholders, "%(num)d minutes read", "%(num)d minut čtení", locale="cs")
    assert fails(placeholders, "%(num)d minutes read", "%(n)d minut čtení", locale="cs")
    assert fails(placeholders, "Updated: %(date)s", "Aktualisiert: %(date)d")
    assert passes(placeholders, "in 50% of cases", "in 50 % der Fälle")
    assert fails(placeholders, "%s of %s", "%s", flags="python-format")


def test_a_width_or_precision_the_source_lacks_is_a_placeholders_error() -> None:
    assert fails(placeholders, "Updated: %(date)s", "Aktualisiert: %(date)100000000s")
    assert fails(placeholders, "Updated: %(date)s", "Aktualisiert: %(date).5s")
    assert fails(placeholders, "%s of %s", "%9999s von %s", flags="python-format")
    assert passes(placeholders, "Updated: %(date)10s", "Aktualisiert: %(date)10s")


def test_in_the_chrome_every_percent_directive_counts() -> None:
    """The chrome is always %-formatted, so an unnamed %100000000s there would pad the
    page by 100 MB: it is an error in the site domain even without python-format."""
    site = Message("In other languages", "In anderen Sprachen %100000000s", lineno=4)
    article = Message("In other languages", "In anderen Sprachen %100000000s", lineno=4)
    assert "placeholders" in [f.check for f in check_message(site, "de", "site.po", "site")]
    assert "placeholders" not in [f.check for f in check_message(article, "de", "a.po", "a")]
    assert passes(placeholders, "in 50% of cases", "in 50 % der Fälle")


def test_whitespace_at_the_edges_is_kept() -> None:
    assert passes(whitespace, "Rest.", "Ruhe.")
    assert fails(whitespace, "Rest.", "Ruhe. ")
    assert fails(whitespace, "Rest.\n", "Ruhe.")
    assert fails(whitespace, "Rest well.", "Ruhe  gut.")


def test_a_question_stays_a_question_in_each_language() -> None:
    assert passes(end_punctuation, "Is it serious?", "Ist es ernst?")
    assert fails(end_punctuation, "Is it serious?", "Ist es ernst.")
    assert passes(end_punctuation, "Is it serious?", "C'est grave\u00a0?", locale="fr")
    assert passes(end_punctuation, "Is it serious?", "深刻ですか？", locale="ja")
    assert passes(end_punctuation, "Is it serious?", "هل هو خطير؟", locale="ar")
    assert fails(end_punctuation, "Is it serious?", "هل هو خطير?", locale="ar")
    assert passes(end_punctuation, "Is it serious?", "¿Es grave?", locale="es")
    assert fails(end_punctuation, "Is it serious?", "Es grave?", locale="es")


def test_a_greek_question_ends_with_the_greek_question_mark_or_a_semicolon() -> None:
    assert passes(end_punctuation, "Is it serious?", "Είναι σοβαρό\u037e", locale="el")
    assert passes(end_punctuation, "Is it serious?", "Είναι σοβαρό;", locale="el")
    assert fails(end_punctuation, "Is it serious?", "Είναι σοβαρό.", locale="el")


def test_a_sentence_ending_in_a_semicolon_is_not_a_question() -> None:
    assert passes(end_punctuation, "Take one tablet;", "Užijte jednu tabletu;", locale="cs")
    assert passes(end_punctuation, "Take one tablet;", "Nimm eine Tablette;")
    assert fails(end_punctuation, "Take one tablet;", "Nimm eine Tablette?")
    assert fails(end_punctuation, "Is it serious?", "Ist es ernst;")


def test_a_sentence_ends_as_sentences_end_there() -> None:
    assert passes(end_punctuation, "It spreads.", "Es breitet sich aus.")
    assert fails(end_punctuation, "It spreads.", "Es breitet sich aus")
    assert passes(end_punctuation, "It spreads.", "広がります。", locale="ja")
    assert passes(end_punctuation, 'He said "rest."', "Er sagte „Ruhe.“")
    assert passes(end_punctuation, "In other languages", "In anderen Sprachen")
    assert fails(end_punctuation, "In other languages", "In anderen Sprachen.")


def test_doubled_words_are_found_unless_the_language_means_them() -> None:
    assert fails(doubled_words, "growth in the liver", "Wachstum Wachstum in der Leber")
    assert passes(doubled_words, "women who take it", "Frauen, die die Pille nehmen")
    assert passes(doubled_words, "we wash", "nous nous lavons", locale="fr")
    assert fails(doubled_words, "How can we help?", "Wie können wir helfen? Wie können wir helfen?")


def test_unchanged_is_reported_unless_the_entry_says_it_is_meant() -> None:
    assert fails(unchanged, "Metastases", "Metastases")
    assert passes(unchanged, "Metastases", "Metastasen")
    assert passes(unchanged, "<1/> 2.5", "<1/> 2.5")  # nothing to translate
    message = Message("Melanoma", "Melanoma", flags=("ignore-unchanged",), lineno=7)
    assert check_message(message, "de", "de.po", "a") == []


def test_each_check_is_silenced_by_its_flag_and_by_weblates() -> None:
    message = Message("Take 2.5 mg.", "Nehmen Sie 25 mg.", lineno=3)
    found = check_message(message, "de", "de.po", "a")
    assert [(f.check, f.severity, f.line) for f in found] == [("numbers", ERROR, 3)] * 2
    for flag in ("ignore-numbers",):
        silenced = Message("Take 2.5 mg.", "Nehmen Sie 25 mg.", flags=(flag,), lineno=3)
        assert check_message(silenced, "de", "de.po", "a") == []
    same = Message("Hello", "Hello", flags=("ignore-same",))
    assert check_message(same, "de", "de.po", "a") == []


def test_only_translated_entries_are_checked() -> None:
    assert check_message(Message("Take 2.5 mg.", ""), "de", "f", "a") == []
    fuzzy = Message("Take 2.5 mg.", "25 mg", flags=("fuzzy",))
    assert check_message(fuzzy, "de", "f", "a") == []


def test_plural_forms_are_checked_against_msgid_and_msgid_plural() -> None:
    message = Message(
        "%(num)d minute read",
        msgid_plural="%(num)d minutes read",
        msgstr_plural=("%(num)d minuta čtení", "%(num)d minuty čtení", "%(n)d minut čtení"),
        flags=("python-format",),
        lineno=12,
    )
    found = check_message(message, "cs", "cs.po", "site", nplurals=3)
    assert {(f.check, f.message.split(":")[0]) for f in found} == {("placeholders", "msgstr[2]")}


ARABIC = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5;"
)
CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"


def minutes(*forms: str) -> Message:
    return Message(
        "%(num)d minute",
        msgid_plural="%(num)d minutes",
        msgstr_plural=forms,
        flags=("python-format",),
        lineno=7,
    )


def placeholder_findings(message: Message, language: str, rule: str) -> set[str]:
    nplurals = plurals.parse(rule).nplurals
    found = check_message(
        message, language, "x.po", "site", nplurals, one_number=one_number_forms(rule)
    )
    return {f.message.split(":")[0] for f in found if f.check == "placeholders"}


def test_a_plural_form_used_for_one_number_only_may_write_it_in_words() -> None:
    # Arabic forms 0, 1 and 2 are n = 0, 1, 2 alone: "دقيقتان" is "two minutes".
    arabic = minutes(
        "%(num)d دقيقة", "دقيقة واحدة", "دقيقتان", "%(num)d دقائق", "%(num)d دقيقة", "%(num)d دقيقة"
    )
    assert placeholder_findings(arabic, "ar", ARABIC) == set()
    assert one_number_forms(ARABIC) == {0, 1, 2}
    english_like = minutes("eine Minute", "%(num)d Minuten")
    assert placeholder_findings(english_like, "de", "nplurals=2; plural=(n != 1);") == set()


def test_a_plural_form_used_for_many_numbers_must_keep_the_placeholder() -> None:
    arabic = minutes(
        "%(num)d دقيقة", "دقيقة واحدة", "دقيقتان", "دقائق", "%(num)d دقيقة", "%(num)d دقيقة"
    )
    assert placeholder_findings(arabic, "ar", ARABIC) == {"msgstr[3]"}
    # Czech's form of 2, 3 and 4: GNU msgfmt -c lets it drop the number (fewer than 5
    # values of n), but the reader could not tell 2 minutes from 4.
    assert placeholder_findings(
        minutes("%(num)d minuta", "minuty", "%(num)d minut"), "cs", CZECH
    ) == {"msgstr[1]"}
    # A form of one number may leave a placeholder out, never add one.
    added = minutes("%(num)d دقيقة", "دقيقة %(x)s", *(["%(num)d دقيقة"] * 4))
    assert placeholder_findings(added, "ar", ARABIC) == {"msgstr[1]"}
    # Without a usable rule, every form keeps its placeholders.
    assert one_number_forms(None) == frozenset()
    assert one_number_forms("garbage") == frozenset()


def test_every_check_has_a_name_and_a_severity() -> None:
    assert set(CHECKS) == {
        "markup",
        "injection",
        "numbers",
        "placeholders",
        "whitespace",
        "end-punctuation",
        "doubled-words",
        "unchanged",
        "terminology",
    }
    assert all(item.severity in (ERROR, WARNING) for item in CHECKS.values())


def test_a_translator_comment_of_ignore_words_silences_like_a_flag() -> None:
    message = Message("Take 5 mg.", "Užijte 50 mg.", translator_comments=("ignore-numbers",))
    assert check_message(message, "cs", "x.po", "d") == []
    unsilenced = Message("Take 5 mg.", "Užijte 50 mg.", translator_comments=("ignore numbers",))
    assert {f.check for f in check_message(unsilenced, "cs", "x.po", "d")} == {"numbers"}
    assert comment_flags(("ignore-same, ignore-numbers", "a note")) == (
        "ignore-same",
        "ignore-numbers",
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")
@pytest.mark.parametrize("dropped", [(1, 2), (3,)])
def test_gnu_msgfmt_agrees_on_which_arabic_forms_may_drop_the_number(
    tmp_path: Path, dropped: tuple[int, ...]
) -> None:
    forms = ["%(num)d دقيقة"] * 6
    for index in dropped:
        forms[index] = "دقيقتان"
    message = minutes(*forms)
    catalog = POFile(
        headers=(("Content-Type", "text/plain; charset=UTF-8"), ("Plural-Forms", ARABIC)),
        messages=(message,),
    )
    path = tmp_path / "ar.po"
    path.write_text(dumps(catalog), encoding="utf-8")
    gnu = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True)
    ours = placeholder_findings(message, "ar", ARABIC)
    assert (gnu.returncode == 0) == (ours == set()) == (dropped == (1, 2))
