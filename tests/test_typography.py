"""site/typography.py: each language's typographic spaces, set by the build on translated text."""

from __future__ import annotations

import datetime
import re

from hypothesis import given
from hypothesis import strategies as st

from metsi18n.languages import format_date
from metsi18n.po import Message, POFile
from metsi18n.site.page import Chrome, Language, prepare, render_article
from metsi18n.site.typography import typeset
from metsi18n.source.article import parse_document

NB, NARROW = "\u00a0", "\u202f"
EN = Language("en", "ltr")
CS = Language("cs", "ltr")


def test_czech_one_letter_prepositions_and_conjunctions_are_bound_to_the_next_word() -> None:
    assert typeset("cs", "v játrech") == f"v{NB}játrech"
    assert typeset("cs", "s jaterními a jak") == f"s{NB}jaterními a{NB}jak"
    assert typeset("cs", "k lékaři, o léčbě, u pacienta, z krve i z jater") == (
        f"k{NB}lékaři, o{NB}léčbě, u{NB}pacienta, z{NB}krve i{NB}z{NB}jater"
    )
    assert typeset("cs", "V játrech, A přece, I tak") == f"V{NB}játrech, A{NB}přece, I{NB}tak"
    assert typeset("cs", "a v „játrech“ (s léky)") == f"a{NB}v{NB}„játrech“ (s{NB}léky)"


def test_only_a_language_s_own_short_words_are_bound() -> None:
    assert typeset("pl", "w wątrobie, z krwią, a także i o tym u lekarza") == (
        f"w{NB}wątrobie, z{NB}krwią, a{NB}także i{NB}o{NB}tym u{NB}lekarza"
    )
    assert typeset("pl", "k s v") == "k s v"  # not Polish words
    assert typeset("sk", "v pečeni a k lekárovi") == f"v{NB}pečeni a{NB}k{NB}lekárovi"
    assert typeset("de", "a b") == "a b"


def test_a_letter_that_is_no_word_stays_as_typed() -> None:
    # an initial, the end of an abbreviation or of a hyphenated word, a unit after a number
    assert typeset("cs", "J. a s.r.o. tzv. a-b") == f"J. a{NB}s.r.o. tzv. a-b"
    assert typeset("cs", "játra a") == "játra a"  # nothing after it
    assert typeset("cs", "a  b") == "a  b"  # a double space is the translator's to fix


def test_the_day_is_bound_to_the_month_in_dates() -> None:
    day = datetime.date(2026, 11, 20)
    assert typeset("cs", format_date(day, "cs")) == f"20.{NB}listopadu 2026"
    assert typeset("pl", format_date(day, "pl")) == f"20{NB}listopada 2026"
    assert typeset("fr", format_date(day, "fr")) == f"20{NB}novembre 2026"
    assert typeset("de", format_date(day, "de")) == f"20.{NB}November 2026"
    assert typeset("es", format_date(day, "es")) == f"20{NB}de{NB}noviembre de 2026"
    assert typeset("pt-BR", format_date(day, "pt_BR")) == f"20{NB}de{NB}novembro de 2026"
    assert typeset("cs", "od 1. prosince do 3 dnů") == f"od 1.{NB}prosince do 3 dnů"


def test_a_number_is_bound_to_its_unit() -> None:
    assert typeset("cs", "2,5 mg a 20 %") == f"2,5{NB}mg a{NB}20{NB}%"
    assert typeset("de", "2,5 mg, 37 °C, 120 mmHg") == f"2,5{NB}mg, 37{NB}°C, 120{NB}mmHg"
    assert typeset("fr", "20 % des cas") == f"20{NB}% des cas"
    assert typeset("de", "2 Monate, 5 minutes, 3 mal") == "2 Monate, 5 minutes, 3 mal"


def test_french_spaces_before_high_punctuation_and_inside_guillemets_are_narrow() -> None:
    assert typeset("fr", "Cet article vous a-t-il été utile ?") == (
        f"Cet article vous a-t-il été utile{NARROW}?"
    )
    assert typeset("fr", "Dernière mise à jour : hier ; enfin !") == (
        f"Dernière mise à jour{NARROW}: hier{NARROW}; enfin{NARROW}!"
    )
    assert typeset("fr", "« foie »") == f"«{NARROW}foie{NARROW}»"


def test_french_spaces_the_translator_left_out_are_added_only_where_safe() -> None:
    assert typeset("fr", "Utile? Oui! Note: ceci; cela") == (
        f"Utile{NARROW}? Oui{NARROW}! Note{NARROW}: ceci{NARROW}; cela"
    )
    assert typeset("fr", "«foie»") == f"«{NARROW}foie{NARROW}»"
    assert typeset("fr", "vraiment?!") == f"vraiment{NARROW}?!"
    unsafe = "à 10:30, 1:2, https://exemple.org/?a=b, a;b, a!b"
    assert typeset("fr", unsafe) == unsafe


def test_a_no_break_space_the_translator_typed_is_kept() -> None:
    assert typeset("fr", f"utile{NB}?") == f"utile{NB}?"
    assert typeset("cs", f"v{NB}játrech") == f"v{NB}játrech"


def test_english_and_languages_without_rules_are_left_as_typed() -> None:
    for code, text in (
        ("en", "a v b: 2.5 mg, 20 %? « x »"),
        ("ar", "أ و ب: ٢٫٥ ملغ؟"),
        ("ja", "肝転移は 2.5 mg です: ?"),
    ):
        assert typeset(code, text) == text


TEXT = st.text(alphabet="avksziwAVdé .,:;?!«»%012mg-/„“()\u00a0\u202f", max_size=40)


@given(TEXT, st.sampled_from(["cs", "pl", "fr", "de", "es"]))
def test_typesetting_changes_only_spaces_and_twice_is_once(text: str, code: str) -> None:
    once = typeset(code, text)
    assert re.sub(r"\s", "", once) == re.sub(r"\s", "", text)
    assert typeset(code, once) == once


PAGE = """\
---
title: Burns
description: What to do.
slug: burns
date: 2026-03-14
---

Cool the burn in *water*. Do not use a knife.

Call `a b` and see the [guide](https://example.org/a "a b").

![A tap](https://example.org/tap.png "a b")
"""


def test_a_page_typesets_its_translated_text_across_emphasis_never_code_attributes_or_english() -> (
    None
):
    prepared = prepare(parse_document(PAGE, "burns.md"), "sentence")
    translations = {
        "Burns": "Popáleniny a opařeniny",
        "What to do.": "Co dělat a jak.",
        "Cool the burn in <1>water</1>.": "Chlaďte popáleninu v <1>tekoucí vodě</1>.",
        "Call <1/> and see the <2>guide</2>.": "Volejte <1/> a <2>v průvodci</2> hledejte.",
        "A tap": "A kohoutek",
    }
    text = render_article(prepared, translations, CS, EN)
    assert f"Chlaďte popáleninu v{NB}<em>tekoucí vodě</em>." in text.body
    assert f'Volejte <code>a b</code> a{NB}<a href="https://example.org/a" title="a b">' in (
        text.body
    )
    assert f"v{NB}průvodci" in text.body
    assert '<span lang="en">Do not use a knife.</span>' in text.body  # English stays English
    assert '<img src="https://example.org/tap.png" alt="A kohoutek" title="a b">' in text.body
    assert text.title_html == f"Popáleniny a{NB}opařeniny"  # the heading
    assert text.title == "Popáleniny a opařeniny"  # <title> and og:title, as typed
    assert text.description == "Co dělat a jak."  # a meta attribute, as typed
    english = render_article(prepared, {}, EN, EN)
    assert NB not in english.body
    assert "Do not use a knife." in english.body


def test_the_chrome_is_typeset_with_its_placeholders_kept() -> None:
    messages = (
        Message("Last updated: %(date)s", "Dernière mise à jour : %(date)s"),
        Message("Was this article helpful?", "Cet article vous a-t-il été utile?"),
    )
    fr = Language("fr", "ltr")
    chrome = Chrome(POFile(messages=messages), fr, EN, "nplurals=2; plural=(n > 1);")
    assert chrome.gettext("Last updated: %(date)s", date=f"1{NB}décembre 2026") == (
        f"Dernière mise à jour{NARROW}: 1{NB}décembre 2026"
    )
    assert chrome.gettext("Was this article helpful?") == (
        f"Cet article vous a-t-il été utile{NARROW}?"
    )
    percent = POFile(messages=(Message("%(num)d of 20%%", "%(num)d sur 20 %%"),))
    fr_percent = Chrome(percent, fr, EN, "nplurals=2; plural=(n > 1);")
    assert fr_percent.gettext("%(num)d of 20%%", num=5) == f"5 sur 20{NB}%"
    # the "s" of "%(date)s" is no Czech word: the date is not bound to what follows
    cs_po = POFile(messages=(Message("Updated %(date)s", "Aktualizováno %(date)s a znovu"),))
    cs = Chrome(cs_po, CS, EN, "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;")
    assert cs.gettext("Updated %(date)s", date="dnes") == f"Aktualizováno dnes a{NB}znovu"
