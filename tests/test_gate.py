"""check over a project: one broken entry of each kind reported exactly, in all three formats."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n import po as pofile
from metsi18n.cli import main
from metsi18n.languages import language_info
from metsi18n.po import Message, POFile
from metsi18n.quality.gate import describe

ARTICLE = """\
---
title: Taking the tablets
description: How to take them.
slug: tablets
date: 2024-01-01
---

Take 2.5 mg twice a day.
Read the *leaflet* first.
Ask your doctor.
Rest well.
Is it serious?
Drink water.
Sleep.
Eat fruit.
Walk daily.
Keep them them dry.
Take 5 mg at night.
"""

Entry = tuple[str | None, str]
#: msgid -> (msgstr, extra flags); None leaves the entry untranslated.
TRANSLATIONS: dict[str, Entry] = {
    "Taking the tablets": ("Užívání tablet", ""),
    "How to take them.": ("Jak je užívat.", ""),
    "Take 2.5 mg twice a day.": ("Užívejte 25 mg dvakrát denně.", ""),  # numbers
    "Read the <1>leaflet</1> first.": ("Nejdřív si přečtěte <1>leták</1> <2/>.", ""),  # markup
    "Ask your doctor.": ("Zeptejte se <b>lékaře</b>.", ""),  # injection
    "Rest well.": ("Dobře odpočívejte. ", ""),  # whitespace
    "Is it serious?": ("Je to vážné.", ""),  # end-punctuation
    "Drink water.": ("Pijte pijte vodu.", ""),  # doubled-words
    "Sleep.": ("Sleep.", ""),  # unchanged
    "Eat fruit.": ("Jezte ovoce.", "fuzzy"),  # completeness
    "Walk daily.": (None, ""),  # completeness
    "Keep them them dry.": ("Uchovávejte je v suchu.", ""),  # lint of the source
    "Take 5 mg at night.": ("Užívejte 50 mg večer.", "ignore-numbers"),  # silenced
}
BROKEN_SITE = {"Last updated: %(date)s": "Aktualizováno: %(datum)s"}  # placeholders, valid

CONFIG = """\
[project]
name = "Test site"
base_url = "https://example.org/"

[languages]
cs = { status = "published" }
"""


FULL_HEADER = {
    "Last-Translator": "Tester <t@example.org>",
    "Language-Team": "Czech",
    "PO-Revision-Date": "2024-01-01 00:00+0000",
}


def translate(
    po: POFile, plural_forms: int | None = None, table: dict[str, Entry] = TRANSLATIONS
) -> POFile:
    """``po`` translated as ``table`` says (``Česky: <msgid>`` for entries not in it)."""
    messages = []
    for message in po.messages:
        text, flags = table.get(message.msgid, (f"Česky: {message.msgid}", ""))
        if table is TRANSLATIONS:
            text = BROKEN_SITE.get(message.msgid, text)
        words = flags.split() if flags else []
        # GNU tools (and so our GNU-exact writer) drop flags they do not know: a check is
        # silenced for good by a translator comment line of ignore-words.
        extra = tuple(word for word in words if not word.startswith("ignore-"))
        notes = tuple(word for word in words if word.startswith("ignore-"))
        message = replace(message, translator_comments=message.translator_comments + notes)
        if message.msgid_plural is not None:
            count = plural_forms or language_info("cs").nplurals
            forms = [message.msgid] + [message.msgid_plural] * (count - 1)
            plural = tuple(f"Česky: {form}" for form in forms)
            messages.append(replace(message, msgstr_plural=plural, flags=message.flags + extra))
        else:
            messages.append(replace(message, msgstr=text or "", flags=message.flags + extra))
    headers = tuple((k, FULL_HEADER.get(k, v)) for k, v in po.headers)
    return replace(po, headers=headers, messages=tuple(messages))


def make_catalogs(
    root: Path, runner: CliRunner, table: dict[str, Entry], plural_forms: int | None = None
) -> None:
    """Templates by export, catalogs by init, translated as ``table`` says; cs published."""
    assert runner.invoke(main, ["-C", str(root), "init", "cs"]).exit_code == 0
    (root / "metsi18n.toml").write_text(CONFIG, encoding="utf-8")
    for domain in ("tablets", "site"):
        path = root / "locales" / "cs" / "LC_MESSAGES" / f"{domain}.po"
        po = pofile.loads(path.read_bytes(), path.name)
        count = plural_forms if domain == "site" else None
        path.write_text(pofile.dumps(translate(po, count, table)), encoding="utf-8")


def entry_line(po: str, msgid: str) -> int:
    """The line where the entry of ``msgid`` starts (its first comment line)."""
    lines = po.splitlines()
    index = lines.index(f"msgid {json.dumps(msgid, ensure_ascii=False)}")
    while index > 0 and lines[index - 1].strip():
        index -= 1
    return index + 1


@pytest.fixture
def broken(make_project: Callable[..., Path], runner: CliRunner) -> Path:
    root = make_project({"tablets.md": ARTICLE}, CONFIG)
    make_catalogs(root, runner, TRANSLATIONS, plural_forms=2)
    return root


def expected(root: Path) -> set[tuple[str, int, str, str]]:
    article = "locales/cs/LC_MESSAGES/tablets.po"
    site = "locales/cs/LC_MESSAGES/site.po"
    po = (root / article).read_text(encoding="utf-8")
    site_po = (root / site).read_text(encoding="utf-8")
    plurals = [m.lineno for m in pofile.loads(site_po.encode(), site).messages if m.msgid_plural]
    assert len(plurals) == 3

    def at(msgid: str) -> int:
        return entry_line(po, msgid)

    updated = entry_line(site_po, "Last updated: %(date)s")
    return {
        (article, at("Take 2.5 mg twice a day."), "numbers", "error"),
        (article, at("Read the <1>leaflet</1> first."), "markup", "error"),
        (article, at("Ask your doctor."), "injection", "error"),
        (article, at("Rest well."), "whitespace", "warning"),
        (article, at("Is it serious?"), "end-punctuation", "warning"),
        (article, at("Drink water."), "doubled-words", "warning"),
        (article, at("Sleep."), "unchanged", "warning"),
        # translation debt: notices, not errors
        (article, at("Eat fruit."), "completeness", "notice"),
        (article, at("Walk daily."), "completeness", "notice"),
        (article, 0, "completeness", "notice"),
        ("source/tablets.md", 17, "doubled-words", "warning"),
        (site, updated, "placeholders", "error"),
        (site, updated, "valid", "error"),
        # every plural entry of the chrome has two forms where cs needs three
        *((site, line, "valid", "error") for line in plurals),
        # export would give the entry with two plural forms the third that cs needs
        (site, 0, "in-sync", "notice"),
    }


def test_check_reports_exactly_the_broken_entries_as_text(broken: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["-C", str(broken), "check"])
    assert result.exit_code == 1, result.output
    found = set()
    for line in result.output.splitlines()[:-1]:
        match = re.match(r"(.+?)(?::(\d+))?: (error|warning|notice): .* \[([a-z-]+)\]$", line)
        assert match, line
        found.add((match[1], int(match[2] or 0), match[4], match[3]))
    assert found == expected(broken)


def test_check_reports_exactly_the_broken_entries_as_json(broken: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["-C", str(broken), "check", "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["version"] == 1
    found = {(f["file"], f["line"], f["check"], f["severity"]) for f in document["findings"]}
    assert found == expected(broken)
    first = document["findings"][0]
    assert set(first) == {"file", "line", "language", "domain", "check", "severity", "message"}


def test_check_reports_exactly_the_broken_entries_for_github(
    broken: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["-C", str(broken), "check", "--format", "github"])
    assert result.exit_code == 1
    found = set()
    for line in result.output.splitlines():
        match = re.match(
            r"::(error|warning|notice) file=([^,]+)(?:,line=(\d+))?,title=([a-z-]+)", line
        )
        assert match, line
        found.add((match[2], int(match[3] or 0), match[4], match[1]))
    assert found == expected(broken)


def test_msgfmt_agrees_that_the_broken_catalog_is_invalid(broken: Path) -> None:
    site = broken / "locales/cs/LC_MESSAGES/site.po"
    try:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(site)], capture_output=True, text=True
        )
    except FileNotFoundError:
        pytest.skip("GNU gettext is not installed")
    assert result.returncode == 1
    assert "argument 'datum'" in result.stderr or "argument 'date'" in result.stderr
    assert "plural forms" in result.stderr


GOOD: dict[str, Entry] = {
    **TRANSLATIONS,
    "Take 2.5 mg twice a day.": ("Užívejte 2,5 mg dvakrát denně.", ""),
    "Read the <1>leaflet</1> first.": ("Nejdřív si přečtěte <1>leták</1>.", ""),
    "Ask your doctor.": ("Zeptejte se lékaře.", ""),
    "Rest well.": ("Dobře odpočívejte.", ""),
    "Is it serious?": ("Je to vážné?", ""),
    "Drink water.": ("Pijte vodu.", ""),
    "Sleep.": ("Spěte.", ""),
    "Eat fruit.": ("Jezte ovoce.", ""),
    "Walk daily.": ("Choďte denně.", ""),
    "Keep them dry.": ("Uchovávejte je v suchu.", ""),
}


@pytest.fixture
def good(make_project: Callable[..., Path], runner: CliRunner) -> Path:
    root = make_project({"tablets.md": ARTICLE.replace("them them", "them")}, CONFIG)
    make_catalogs(root, runner, GOOD)
    return root


def test_a_complete_good_translation_passes(good: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["-C", str(good), "check"])
    assert result.exit_code == 0, result.output
    assert result.output == "0 errors, 0 warnings, 0 notices\n"


def test_a_source_edit_without_export_fails_and_says_what_to_run(
    good: Path, runner: CliRunner
) -> None:
    source = good / "source" / "tablets.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Sleep.", "Sleep well."))
    result = runner.invoke(main, ["-C", str(good), "check"])
    assert result.exit_code == 1
    assert (
        "locales/tablets.pot: error: out of date with the source: run: metsi18n export [in-sync]"
        in result.output
    )


def test_a_catalog_not_merged_with_its_template_is_a_notice_naming_what_export_brings(
    good: Path, runner: CliRunner
) -> None:
    po = good / "locales" / "cs" / "LC_MESSAGES" / "tablets.po"
    text = po.read_text(encoding="utf-8")
    start = text.index("\n\n", text.index('msgid "Sleep."') - 80)
    po.write_text(text[:start] + text[text.index("\n\n", start + 2) :], encoding="utf-8")
    result = runner.invoke(main, ["-C", str(good), "check", "-l", "cs"])
    assert result.exit_code == 0, result.output
    assert (
        "notice: not merged with its template (1 entries of the template missing, 0 not in it)"
        in result.output
    )
    assert runner.invoke(main, ["-C", str(good), "export", "--check"]).exit_code == 1


def test_drafts_are_reported_not_gated(good: Path, runner: CliRunner) -> None:
    config = good / "metsi18n.toml"
    config.write_text(CONFIG.replace("published", "draft"), encoding="utf-8")
    po = good / "locales" / "cs" / "LC_MESSAGES" / "tablets.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Spěte."', 'msgstr ""'))
    result = runner.invoke(main, ["-C", str(good), "check"])
    assert result.exit_code == 0, result.output
    assert "notice: draft: 92% translated (12 of 13, 0 fuzzy) (cs) [completeness]" in result.output


def test_an_untranslated_entry_is_a_notice_that_names_the_message(
    good: Path, runner: CliRunner
) -> None:
    po = good / "locales" / "cs" / "LC_MESSAGES" / "tablets.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Spěte."', 'msgstr ""'))
    result = runner.invoke(main, ["-C", str(good), "check"])
    assert result.exit_code == 0, result.output
    line = entry_line(po.read_text(encoding="utf-8"), "Sleep.")
    assert f"tablets.po:{line}: notice: untranslated: 'Sleep.' (cs) [completeness]" in result.output
    assert "92% translated (12 of 13, 0 fuzzy); published (needs 80%)" in result.output


def test_a_long_message_is_named_by_its_first_40_characters() -> None:
    message = Message("Someone with liver metastases does not have liver cancer.")
    assert describe(message) == "untranslated: 'Someone with liver metastases does not…'"
    unbroken = Message("Hepatocellular-carcinoma-and-cholangiocarcinoma-are-primary.")
    assert describe(unbroken) == "untranslated: 'Hepatocellular-carcinoma-and-cholangioc…'"
    fuzzy = Message("Rest.", "Odpočívejte.", flags=("fuzzy",))
    assert describe(fuzzy).startswith("fuzzy: 'Rest.': review the translation")


def test_min_translated_makes_completeness_a_gate_for_published_languages(
    good: Path, runner: CliRunner
) -> None:
    po = good / "locales" / "cs" / "LC_MESSAGES" / "tablets.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Spěte."', 'msgstr ""'))
    assert runner.invoke(main, ["-C", str(good), "check"]).exit_code == 0
    result = runner.invoke(main, ["-C", str(good), "check", "--min-translated", "100"])
    assert result.exit_code == 1, result.output
    assert "error: untranslated: 'Sleep.' (cs) [completeness]" in result.output
    assert "--min-translated needs 100%" in result.output
    result = runner.invoke(main, ["-C", str(good), "check", "--min-translated", "90"])
    assert result.exit_code == 0, result.output


def test_bad_input_exits_2(good: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["-C", str(good), "check", "-l", "zz-Nowhere"])
    assert result.exit_code == 2
    (good / "metsi18n.toml").write_text("[project\n", encoding="utf-8")
    assert runner.invoke(main, ["-C", str(good), "check"]).exit_code == 2
