"""languages.py: codes, endonyms, direction, plural forms and Open Graph locales from CLDR."""

from __future__ import annotations

import pytest

from metsi18n.errors import LocaleError
from metsi18n.languages import language_info


@pytest.mark.parametrize(
    ("code", "posix", "bcp47", "endonym", "direction"),
    [
        ("pt-BR", "pt_BR", "pt-BR", "Português (Brasil)", "ltr"),
        ("pt_BR", "pt_BR", "pt-BR", "Português (Brasil)", "ltr"),
        ("zh-Hant", "zh_Hant", "zh-Hant", "中文 (繁體)", "ltr"),
        ("sr-Latn", "sr_Latn", "sr-Latn", "Srpski (latinica)", "ltr"),
        ("ar", "ar", "ar", "العربية", "rtl"),
        ("cs", "cs", "cs", "Čeština", "ltr"),
        ("es", "es", "es", "Español", "ltr"),
    ],
)
def test_codes_both_ways_and_endonyms_capitalized(
    code: str, posix: str, bcp47: str, endonym: str, direction: str
) -> None:
    info = language_info(code)
    assert (info.posix, info.bcp47, info.endonym, info.direction) == (
        posix,
        bcp47,
        endonym,
        direction,
    )


@pytest.mark.parametrize(
    ("code", "og"),
    [("ar", "ar_EG"), ("cs", "cs_CZ"), ("pt_BR", "pt_BR"), ("ja", "ja_JP"), ("zh-Hant", "zh_TW")],
)
def test_og_locale_is_language_territory(code: str, og: str) -> None:
    assert language_info(code).og_locale == og


def test_arabic_plural_forms_follow_traditional_gettext() -> None:
    info = language_info("ar")
    assert info.nplurals == 6
    assert info.plural_expr.endswith("n%100>=11 ? 4 : 5")


def test_sentences_join_without_space_in_japanese() -> None:
    assert language_info("ja").sentence_separator == ""
    assert language_info("de").sentence_separator == " "


@pytest.mark.parametrize("code", ["", "../x", "/tmp/x", "xx-YY-ZZZZZZZZZ", "klingon", "x"])
def test_unknown_or_unsafe_codes_are_refused(code: str) -> None:
    with pytest.raises(LocaleError):
        language_info(code)
