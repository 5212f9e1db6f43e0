"""metsi18n init: codes, safe folders, headers, Plural-Forms checked against GNU msginit."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.localedata import locale_identifiers
from click.testing import CliRunner

from metsi18n.cli import main
from metsi18n.languages import PLURAL_TABLE, language_info, plural_rules
from metsi18n.po import plurals as pluralrule

needs_gettext = pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU gettext missing")

# --- Plural-Forms against GNU msginit ---------------------------------------------------------

POT = """\
msgid ""
msgstr ""
"Project-Id-Version: t\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

msgid "%d minute"
msgid_plural "%d minutes"
msgstr[0] ""
msgstr[1] ""
"""
#: Arabic, as the GNU gettext manual and Poedit/Weblate write it (msginit 0.21 has none):
#: 3 = n%100 in 3..10 (few), 4 = n%100 in 11..99 (many), 5 = 100..102 etc. (other).
GETTEXT_ARABIC = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)


def msginit_plural_forms(code: str, folder: Path) -> str | None:
    """The Plural-Forms msginit writes for ``code``; None when it knows no rule for it."""
    (folder / "t.pot").write_text(POT, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "GETTEXTCLDRDIR"}
    result = subprocess.run(
        ["msginit", "--no-translator", "-l", code, "-i", "t.pot", "-o", "-"],
        cwd=folder,
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )
    found = re.search(r"Plural-Forms: ((?:[^\\]|\\[^n])*)\\n", result.stdout.replace('"\n"', ""))
    return found.group(1) if found else None


def same_plural_rule(ours: str, theirs: str) -> bool:
    """Compared by the form each gives for n (0..10,000 and a dense sample to 10^9)."""
    return pluralrule.same_rule(pluralrule.parse(ours), pluralrule.parse(theirs))


def test_rules_are_compared_by_what_they_do_not_how_they_are_written() -> None:
    assert same_plural_rule("nplurals=2; plural=(n != 1);", "nplurals=2; plural=n!=1;")
    assert same_plural_rule("nplurals=2; plural=n > 1;", "nplurals=2; plural=!(n == 0 || n == 1);")
    assert not same_plural_rule("nplurals=2; plural=n != 1;", "nplurals=2; plural=n > 1;")
    assert not same_plural_rule("nplurals=2; plural=n != 1;", "nplurals=3; plural=n != 1;")


@needs_gettext
def test_the_table_holds_msginits_rule_for_every_language_msginit_knows(tmp_path: Path) -> None:
    """Every language of the table and of the installed Babel: where msginit writes a rule,
    a new catalog gets one that gives the same form for every n; where it writes none,
    the table does not claim to be msginit's."""
    codes = set(json.loads(PLURAL_TABLE.read_text(encoding="utf-8"))["languages"])
    codes |= {code.split("_")[0] for code in locale_identifiers() if code != "root"}
    codes |= {"pt_BR", "pt_PT", "sr_Latn", "zh_Hant", "de_AT"}
    known = 0
    for code in sorted(codes):
        theirs = msginit_plural_forms(code, tmp_path)
        ours = plural_rules(code)
        if theirs is None:
            assert ours.origin != "gettext", code
            continue
        known += 1
        assert ours.origin == "gettext", code
        assert same_plural_rule(ours.rules[0], theirs), (code, ours.rules[0], theirs)
    assert known >= 38  # msginit 0.21's table: 38 languages and pt_BR


@needs_gettext
@pytest.mark.parametrize("code", ["tr", "hu", "ga"])
def test_turkish_hungarian_and_irish_get_msginits_rule_not_babels(
    code: str, tmp_path: Path
) -> None:
    """Babel's table gave tr and hu one form and ga CLDR's five; msginit gives 2, 2 and 3."""
    theirs = msginit_plural_forms(code, tmp_path)
    assert theirs is not None
    assert same_plural_rule(language_info(code).plural_forms, theirs)


def test_arabic_follows_the_gettext_order_of_forms() -> None:
    assert same_plural_rule(language_info("ar").plural_forms, GETTEXT_ARABIC)
    rule = pluralrule.parse(language_info("ar").plural_forms)
    assert [rule.form(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [
        0,
        1,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
        3,
        4,
    ]


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def bare(project: Path) -> Path:
    """The repository's project without its catalogs or registered languages."""
    for folder in (project / "locales").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    config = project / "metsi18n.toml"
    head = config.read_text(encoding="utf-8").split("[languages]")[0]
    config.write_text(head + "[languages]\n", encoding="utf-8")
    return project


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def header_of(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0].replace('"\n"', "")
    return dict(re.findall(r"([A-Za-z-]+): ((?:[^\\\"]|\\[^n])*)\\n", head))


def test_init_creates_a_catalog_per_domain_and_registers_draft(
    runner: CliRunner, bare: Path
) -> None:
    config_before = (bare / "metsi18n.toml").read_text(encoding="utf-8")
    result = runner.invoke(main, ["-C", str(bare), "init", "cs", "pt-BR"])
    assert result.exit_code == 0, result.output
    for code in ("cs", "pt_BR"):
        folder = bare / "locales" / code / "LC_MESSAGES"
        assert sorted(p.name for p in folder.iterdir()) == ["liver-metastases.po", "site.po"]
    config = (bare / "metsi18n.toml").read_text(encoding="utf-8")
    assert config.startswith(config_before.rstrip("\n"))  # comments and layout kept
    assert config.endswith('[languages]\ncs = { status = "draft" }\npt_BR = { status = "draft" }\n')
    assert "registered cs as draft" in result.output
    header = header_of(bare / "locales" / "cs" / "LC_MESSAGES" / "site.po")
    assert header["Language"] == "cs"
    assert header["Plural-Forms"] == language_info("cs").plural_forms
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Project-Id-Version"] == "metsi18n health articles"
    assert header["PO-Revision-Date"] == "2023-11-14 22:13+0000"  # SOURCE_DATE_EPOCH
    assert header["Language-Team"].startswith("Čeština")
    assert header_of(bare / "locales" / "pt_BR" / "LC_MESSAGES" / "site.po")["Language"] == (
        "pt_BR"
    )


@needs_gettext
def test_new_catalogs_pass_msgfmt_and_msgcat(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "cs", "ar", "ja"]).exit_code == 0
    catalogs = sorted((bare / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(catalogs) == 6
    for path in catalogs:
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        cat = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
        assert cat.stdout == path.read_bytes(), path
    arabic = (bare / "locales" / "ar" / "LC_MESSAGES" / "site.po").read_text(encoding="utf-8")
    assert 'msgstr[5] ""' in arabic
    assert "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2" in arabic
    japanese = (bare / "locales" / "ja" / "LC_MESSAGES" / "site.po").read_text(encoding="utf-8")
    assert 'msgstr[0] ""\n' in japanese
    assert "msgstr[1]" not in japanese


def test_init_never_overwrites_a_catalog(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "cs"]).exit_code == 0
    site = bare / "locales" / "cs" / "LC_MESSAGES" / "site.po"
    site.write_text(site.read_text(encoding="utf-8") + "\n# mine\n", encoding="utf-8")
    before = snapshot(bare)
    result = runner.invoke(main, ["-C", str(bare), "init", "cs"])
    assert result.exit_code == 0, result.output
    assert "kept locales/cs/LC_MESSAGES/site.po (already there)" in result.output
    assert snapshot(bare) == before


def test_init_fills_in_a_missing_domain(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "cs"]).exit_code == 0
    (bare / "locales" / "cs" / "LC_MESSAGES" / "site.po").unlink()
    result = runner.invoke(main, ["-C", str(bare), "init", "cs"])
    assert result.exit_code == 0
    assert "created locales/cs/LC_MESSAGES/site.po" in result.output


@pytest.mark.parametrize(
    "code", ["../x", "/tmp/x", "", "cs/../../x", "xx-notreal", "qq", "cs\n", "..", "C", "en"]
)
def test_bad_codes_are_refused_and_nothing_is_created(
    runner: CliRunner, bare: Path, code: str
) -> None:
    before = snapshot(bare)
    result = runner.invoke(main, ["-C", str(bare), "init", "de", code])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert snapshot(bare) == before


def test_init_without_a_language_is_a_usage_error(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init"]).exit_code == 2


def test_init_then_export_check_is_up_to_date(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "sr-Latn", "zh-Hant"]).exit_code == 0
    assert (bare / "locales" / "sr_Latn" / "LC_MESSAGES" / "site.po").exists()
    assert (bare / "locales" / "zh_Hant" / "LC_MESSAGES" / "site.po").exists()
    result = runner.invoke(main, ["-C", str(bare), "export", "--check"])
    assert result.exit_code == 0, result.output


def test_an_existing_registration_is_left_alone(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    from .conftest import CONFIG

    article = "---\ntitle: T\ndescription: D.\nslug: a\ndate: 2026-01-02\n---\n\nOne.\n"
    root = make_project({"a.md": article}, CONFIG + 'cs = { status = "published" }\n')
    result = runner.invoke(main, ["-C", str(root), "init", "cs"])
    assert result.exit_code == 0, result.output
    assert 'cs = { status = "published" }' in (root / "metsi18n.toml").read_text(encoding="utf-8")
    assert "registered" not in result.output


def test_init_puts_each_new_language_at_its_sorted_place_keeping_comments(
    runner: CliRunner, project: Path
) -> None:
    config = project / "metsi18n.toml"
    before = config.read_text(encoding="utf-8")
    commented = before.replace(
        'cs = { status = "published" }',
        '# Czech: reviewed by the clinic.\ncs = { status = "published" }   # since 2026',
    )
    config.write_text(commented + "\n# Kept at the end.\n", encoding="utf-8")
    result = runner.invoke(main, ["-C", str(project), "init", "zh-Hant", "bg", "pt", "ca"])
    assert result.exit_code == 0, result.output
    languages = config.read_text(encoding="utf-8").split("[languages]\n")[1]
    assert languages.splitlines() == [
        'ar = { status = "published" }',
        'bg = { status = "draft" }',
        'ca = { status = "draft" }',
        "# Czech: reviewed by the clinic.",
        'cs = { status = "published" }   # since 2026',
        'de = { status = "published" }',
        'es = { status = "published" }',
        'fr = { status = "published" }',
        'ja = { status = "published" }',
        'pl = { status = "published" }',
        'pt = { status = "draft" }',
        'pt_BR = { status = "published" }',
        'zh_Hant = { status = "draft" }',
        "",
        "# Kept at the end.",
    ]
    assert config.read_text(encoding="utf-8").startswith(before.split("[languages]")[0])


# --- Plural-Forms of new and existing catalogs ----------------------------------------------

#: CLDR's rule for Spanish from Babel 2.19 on: a third form for whole millions.
CLDR_SPANISH = "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
PLURAL_ENTRY = re.compile(r'msgid "Reading time: %\(num\)d minute"\nmsgid_plural .*?\n\n', re.S)


@needs_gettext
def test_init_it_es_fr_pt_br_writes_msginits_rules_whatever_babel_is_installed(
    runner: CliRunner, bare: Path
) -> None:
    """The rules come from metsi18n's table, so Babel 2.19's CLDR 'many' forms for es, fr,
    it and pt do not reach a new catalog (this suite runs with Babel 2.17 and 2.19)."""
    result = runner.invoke(main, ["-C", str(bare), "init", "it", "es", "fr", "pt-BR"])
    assert result.exit_code == 0, result.output
    for code in ("it", "es", "fr", "pt_BR"):
        site = bare / "locales" / code / "LC_MESSAGES" / "site.po"
        header = header_of(site)["Plural-Forms"]
        theirs = msginit_plural_forms(code, bare)
        assert theirs is not None
        assert same_plural_rule(header, theirs), (code, header, theirs)
        assert pluralrule.parse(header).nplurals == 2
        entry = PLURAL_ENTRY.search(site.read_text(encoding="utf-8"))
        assert entry is not None
        assert entry.group(0).count("msgstr[") == 2


def set_plural_forms(path: Path, value: str, drop_plural_entry: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"Plural-Forms: [^"]*"\n(?:"[^"]*"\n)*?(?="[A-Z]|\n)', "", text, count=1)
    text = text.replace('"Language:', f'"Plural-Forms: {value}\\n"\n"Language:', 1)
    if drop_plural_entry:
        text = PLURAL_ENTRY.sub("", text)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("forms", "count"), [(CLDR_SPANISH, 3), ("nplurals=2; plural=(n != 1);", 2)]
)
def test_export_keeps_the_catalogs_plural_forms_and_sizes_new_entries_by_it(
    runner: CliRunner, project: Path, forms: str, count: int
) -> None:
    site = project / "locales" / "es" / "LC_MESSAGES" / "site.po"
    set_plural_forms(site, forms, drop_plural_entry=True)
    assert header_of(site)["Plural-Forms"] == forms
    assert PLURAL_ENTRY.search(site.read_text(encoding="utf-8")) is None
    result = runner.invoke(main, ["-C", str(project), "export", "-l", "es"])
    assert result.exit_code == 0, result.output
    assert header_of(site)["Plural-Forms"] == forms
    entry = PLURAL_ENTRY.search(site.read_text(encoding="utf-8"))
    assert entry is not None
    assert entry.group(0).count("msgstr[") == count
    assert f'msgstr[{count - 1}] ""' in entry.group(0)


@pytest.mark.parametrize(
    "forms", ["nplurals=99999999999999; plural=n != 1;", "nplurals=2; plural=n%0;"]
)
def test_a_catalog_with_an_unusable_rule_is_exported_and_checked_without_a_crash(
    runner: CliRunner, project: Path, forms: str
) -> None:
    site = project / "locales" / "es" / "LC_MESSAGES" / "site.po"
    set_plural_forms(site, forms, drop_plural_entry=True)
    exported = runner.invoke(main, ["-C", str(project), "export", "-l", "es"])
    assert exported.exit_code == 0, exported.output
    assert header_of(site)["Plural-Forms"] == forms
    checked = runner.invoke(main, ["-C", str(project), "check", "-l", "es"])
    assert checked.exit_code == 1
    assert "site.po:1: error: Plural-Forms" in checked.output, checked.output
    assert "Traceback" not in checked.output


ARTICLE = (
    "---\ntitle: Sleep\ndescription: Rest.\nslug: sleep\ndate: 2026-01-02\n---\n\nSleep well.\n"
)


def test_a_new_articles_catalog_takes_the_rule_of_its_languages_site_catalog(
    runner: CliRunner, project: Path
) -> None:
    """One language, one rule: es declares CLDR's three forms in site.po, so the new
    article's es catalog does too; fr keeps site.po's spelling of its own rule."""
    set_plural_forms(project / "locales" / "es" / "LC_MESSAGES" / "site.po", CLDR_SPANISH)
    (project / "source" / "sleep.md").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["-C", str(project), "export"])
    assert result.exit_code == 0, result.output
    for code in ("es", "fr", "cs", "ar"):
        folder = project / "locales" / code / "LC_MESSAGES"
        site = header_of(folder / "site.po")["Plural-Forms"]
        assert header_of(folder / "sleep.po")["Plural-Forms"] == site, code
    assert (
        header_of(project / "locales" / "es" / "LC_MESSAGES" / "sleep.po")["Plural-Forms"]
        == CLDR_SPANISH
    )
    check = runner.invoke(main, ["-C", str(project), "check", "-l", "es"])
    assert "Plural-Forms" not in check.output, check.output
