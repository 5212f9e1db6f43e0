"""languages.py: codes, endonyms, direction, plural forms and Open Graph locales from CLDR."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import babel
import pytest

from metsi18n import languages
from metsi18n.errors import LocaleError
from metsi18n.languages import PLURAL_TABLE, language_info, plural_rules
from metsi18n.po import plurals as pluralrule

TOOL = Path(__file__).resolve().parent.parent / "tools" / "plural_forms.py"


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
    assert plural_rules("ar").origin == "gettext manual"


# --- the table of plural rules -----------------------------------------------------------------


@pytest.fixture(scope="module")
def tool() -> Iterator[ModuleType]:
    """tools/plural_forms.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("plural_forms_tool", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.parametrize(
    ("code", "origin", "forms"),
    [
        ("es", "gettext", "nplurals=2; plural=(n != 1);"),
        ("pt_BR", "gettext", "nplurals=2; plural=(n > 1);"),
        ("pt_PT", "gettext", "nplurals=2; plural=(n != 1);"),
        ("sr_Latn", "gettext", None),  # sr's, through its language
        ("ca", "cldr", "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"),
        ("zh_Hant", "cldr", "nplurals=1; plural=0;"),
    ],
)
def test_a_locale_takes_its_own_rule_else_its_languages(
    code: str, origin: str, forms: str | None
) -> None:
    rules = plural_rules(code)
    assert rules.origin == origin
    assert rules.rules[0] == (forms or plural_rules(code.split("_")[0]).rules[0])


def test_every_rule_of_the_table_parses_and_names_its_origin() -> None:
    """(The generator keeps only rules that never divide by zero and stay below nplurals.)"""
    table = json.loads(PLURAL_TABLE.read_text(encoding="utf-8"))["languages"]
    assert len(table) > 200
    for code, (origin, *rules) in table.items():
        assert origin in {"gettext", "gettext manual", "cldr", "default"}, code
        assert rules, code
        assert all(pluralrule.usable(value) for value in rules), code


def test_the_table_is_what_the_generator_makes_of_its_sources(tool: ModuleType) -> None:
    """tools/plural_forms.py table: regenerate after changing tools/plural-sources/."""
    made = tool.dumps(tool.build_table(*tool.read_sources()))
    assert made == PLURAL_TABLE.read_text(encoding="utf-8")


def test_the_stored_source_of_the_installed_babel_is_what_babel_gives(tool: ModuleType) -> None:
    """Run with several Babels (this suite runs with 2.17 and 2.19): each stored dump is
    still what that Babel says, so the table's CLDR rules are reproducible."""
    stored = tool.SOURCES / f"cldr-babel-{babel.__version__}.json"
    if not stored.exists():
        pytest.skip(f"no stored source for Babel {babel.__version__}")
    assert tool.cldr_rules() == json.loads(stored.read_text(encoding="utf-8"))


def test_a_language_missing_from_the_table_falls_back_to_babel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(languages, "_plural_table", dict)
    rules = plural_rules.__wrapped__("de")
    assert rules.origin == "babel"
    assert pluralrule.same_rule(
        pluralrule.parse(rules.rules[0]), pluralrule.parse("nplurals=2; plural=n != 1;")
    )


def test_sentences_join_without_space_in_japanese() -> None:
    assert language_info("ja").sentence_separator == ""
    assert language_info("de").sentence_separator == " "


@pytest.mark.parametrize("code", ["", "../x", "/tmp/x", "xx-YY-ZZZZZZZZZ", "klingon", "x"])
def test_unknown_or_unsafe_codes_are_refused(code: str) -> None:
    with pytest.raises(LocaleError):
        language_info(code)
