"""The gate translators can pass: layout is not content, translation debt is not a regression."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from metsi18n import po as pofile
from metsi18n.cli import main
from metsi18n.config import load_settings, publish_threshold
from metsi18n.quality import gate
from metsi18n.site import builder as build
from tests.test_gate import ARTICLE, CONFIG, GOOD, entry_line, make_catalogs

NEW_ARTICLE = """\
---
title: Eating well
description: What to eat.
slug: eating
date: 2024-02-01
---

Eat vegetables every day.
Drink two glasses of water.
"""


@pytest.fixture
def good(make_project: Callable[..., Path], runner: CliRunner) -> Path:
    root = make_project({"tablets.md": ARTICLE.replace("them them", "them")}, CONFIG)
    make_catalogs(root, runner, GOOD)
    assert runner.invoke(main, ["-C", str(root), "check"]).exit_code == 0
    return root


def catalog(root: Path, domain: str = "tablets") -> Path:
    return root / "locales" / "cs" / "LC_MESSAGES" / f"{domain}.po"


def check(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["-C", str(root), "check", *args])
    return result.exit_code, result.output


def export_check(runner: CliRunner, root: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["-C", str(root), "export", "--check"])
    return result.exit_code, result.output


def save_with_polib(path: Path) -> None:
    polib.pofile(str(path)).save()


LONG_COMMENT = (
    "A translator's note long enough that polib cuts it over two comment lines, "
    "where GNU's msgcat keeps it on one."
)


def test_a_catalog_saved_by_polib_passes_check_and_export_check(
    good: Path, runner: CliRunner
) -> None:
    po = catalog(good)
    text = po.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    lines.insert(entry_line(text, "Sleep.") - 1, f"# {LONG_COMMENT}\n")  # GNU keeps it whole
    po.write_text("".join(lines), encoding="utf-8")
    assert export_check(runner, good) == (0, "up to date: 4 files\n")
    save_with_polib(po)
    save_with_polib(catalog(good, "site"))
    assert f"# {LONG_COMMENT}\n" not in po.read_text(encoding="utf-8"), "polib wraps it"
    code, output = check(runner, good)
    assert code == 0, output
    assert "tablets.po: notice: content up to date; export will rewrap it (layout only)" in output
    assert output.endswith("0 errors, 0 warnings, 2 notices\n")
    code, output = export_check(runner, good)
    assert code == 0, output
    assert "site.po: content up to date; export will rewrap it (layout only)" in output
    assert runner.invoke(main, ["-C", str(good), "export"]).exit_code == 0
    written = po.read_text(encoding="utf-8")
    assert pofile.dumps(pofile.loads(written.encode(), "x.po")) == written  # GNU's layout
    assert export_check(runner, good) == (0, "up to date: 4 files\n")


def test_a_long_msgstr_typed_on_one_line_passes_both(good: Path, runner: CliRunner) -> None:
    po = catalog(good)
    text = po.read_text(encoding="utf-8")
    long = "Užívejte 2,5 mg dvakrát denně, ráno a večer, vždy po jídle a zapijte to vodou."
    po.write_text(text.replace('"Užívejte 2,5 mg dvakrát denně."', f'"{long}"'))
    assert export_check(runner, good)[0] == 0
    assert check(runner, good)[0] == 0


def test_a_content_change_still_fails_both_after_polib(good: Path, runner: CliRunner) -> None:
    save_with_polib(catalog(good))
    source = good / "source" / "tablets.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Sleep.", "Sleep well."))
    code, output = check(runner, good)
    assert code == 1
    assert "locales/tablets.pot: error: out of date with the source" in output
    code, output = export_check(runner, good)
    assert code == 1
    assert "out of date: locales/tablets.pot" in output
    assert "out of date: locales/cs/LC_MESSAGES/tablets.po" in output


def test_a_catalog_that_does_not_parse_is_a_valid_error_and_the_others_are_checked(
    good: Path, runner: CliRunner
) -> None:
    site = catalog(good, "site")
    lines = site.read_text(encoding="utf-8").count("\n")
    site.write_text(site.read_text(encoding="utf-8") + 'msgid "unterminated\n')
    po = catalog(good)
    po.write_text(po.read_text(encoding="utf-8").replace("2,5 mg", "25 mg"))
    shown = "locales/cs/LC_MESSAGES/site.po"
    for form, line in (
        ("text", f"{shown}:{lines + 1}: error: end-of-line within string (cs) [valid]"),
        ("github", f"::error file={shown},line={lines + 1},title=valid (cs)::end-of-line"),
    ):
        code, output = check(runner, good, "--format", form)
        assert code == 1
        assert line in output
        assert "[numbers]" in output or "title=numbers" in output
    code, output = check(runner, good, "--format", "json")
    assert code == 1
    found = json.loads(output)["findings"]
    assert {
        "file": "locales/cs/LC_MESSAGES/site.po",
        "line": lines + 1,
        "check": "valid",
        "severity": "error",
        "message": "end-of-line within string",
        "language": "cs",
        "domain": "site",
    } in found
    assert any(f["check"] == "numbers" and f["file"].endswith("tablets.po") for f in found)


def test_a_new_untranslated_article_leaves_check_at_0_with_notices(
    good: Path, runner: CliRunner
) -> None:
    (good / "source" / "eating.md").write_text(NEW_ARTICLE, encoding="utf-8")
    # Without the translation memory, which would pre-fill a similar sentence (fuzzy).
    assert runner.invoke(main, ["-C", str(good), "export", "--memory", "off"]).exit_code == 0
    code, output = check(runner, good)
    assert code == 0, output
    assert (
        "eating.po: notice: 0% translated (0 of 4, 0 fuzzy); not published: below the 80%"
        " threshold, readers get the English page (cs) [completeness]"
    ) in output
    assert "notice: untranslated: 'Eat vegetables every day.'" in output
    assert output.endswith("0 errors, 0 warnings, 5 notices\n")


def test_a_catalog_not_yet_created_for_a_new_article_is_a_notice(
    good: Path, runner: CliRunner
) -> None:
    (good / "source" / "eating.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert runner.invoke(main, ["-C", str(good), "export"]).exit_code == 0
    catalog(good, "eating").unlink()
    code, output = check(runner, good)
    assert code == 0, output
    assert "eating.po: notice: no catalog for eating (not published in cs yet)" in output


def test_an_edited_sentence_is_a_fuzzy_notice_after_export(good: Path, runner: CliRunner) -> None:
    source = good / "source" / "tablets.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Eat fruit.", "Eat fresh fruit."))
    assert runner.invoke(main, ["-C", str(good), "export"]).exit_code == 0
    code, output = check(runner, good)
    assert code == 0, output
    line = entry_line(catalog(good).read_text(encoding="utf-8"), "Eat fresh fruit.")
    assert (
        f"tablets.po:{line}: notice: fuzzy: 'Eat fresh fruit.': review the translation,"
        " then remove the fuzzy flag (cs) [completeness]"
    ) in output
    assert "92% translated (12 of 13, 1 fuzzy); published (needs 80%)" in output


def test_a_number_changed_in_a_translation_is_still_an_error(good: Path, runner: CliRunner) -> None:
    po = catalog(good)
    po.write_text(po.read_text(encoding="utf-8").replace("2,5 mg", "25 mg"))
    code, output = check(runner, good)
    assert code == 1
    assert "error: number 2.5 of the source is missing (cs) [numbers]" in output


@pytest.mark.parametrize(("untranslated", "published"), [(2, True), (3, False)])
def test_build_publishes_exactly_what_check_calls_published(
    good: Path, runner: CliRunner, untranslated: int, published: bool
) -> None:
    # 13 units and a threshold of 84.6%: 11 of 13 (84.6%) are enough, 10 of 13 are not.
    config = good / "metsi18n.toml"
    config.write_text(CONFIG.replace('"published" }', '"published", min_translated = 84.6 }'))
    po = catalog(good)
    text = po.read_text(encoding="utf-8")
    for msgstr in ('"Spěte."', '"Jezte ovoce."', '"Choďte denně."')[:untranslated]:
        text = text.replace(f"msgstr {msgstr}", 'msgstr ""')
    po.write_text(text, encoding="utf-8")
    settings = load_settings(good)
    assert publish_threshold(settings, "cs") == 84.6
    notices = [f.message for f in gate.check_project(settings) if f.line == 0]
    said = "published (needs 84.6%)" if published else "not published: below the 84.6%"
    assert any(said in message for message in notices), notices
    result = build.build(settings, good / "site")
    assert ((good / "site" / "cs" / "tablets.html").exists()) is published
    assert any(skip.language == "cs" for skip in result.skipped) is not published


def test_a_draft_has_no_publish_threshold(good: Path) -> None:
    config = good / "metsi18n.toml"
    config.write_text(CONFIG.replace("published", "draft"), encoding="utf-8")
    assert publish_threshold(load_settings(good), "cs") is None


def test_export_check_still_stops_at_a_catalog_that_does_not_parse(
    good: Path, runner: CliRunner
) -> None:
    site = catalog(good, "site")
    lines = site.read_text(encoding="utf-8").count("\n")
    site.write_text(site.read_text(encoding="utf-8") + 'msgid "unterminated\n')
    result = runner.invoke(main, ["-C", str(good), "export", "--check"])
    assert result.exit_code == 2
    shown = "locales/cs/LC_MESSAGES/site.po"
    assert result.output == f"error: {shown}:{lines + 1}: end-of-line within string\n"
