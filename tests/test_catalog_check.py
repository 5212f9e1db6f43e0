"""check of named catalogs (``metsi18n check FILE.po``): the project check's findings for
those files, less the in-sync verdict; inside a project and outside any."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.quality import check_catalogs, check_project
from metsi18n.quality.findings import Finding, sort_findings
from tests.test_gate import ARTICLE, CONFIG, TRANSLATIONS, make_catalogs

from .conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "build" / "project"


def project_findings(root: Path, shown: str) -> list[Finding]:
    """What ``metsi18n check`` of the whole project says of the file ``shown``, less the
    in-sync verdict (templates and merges are the project check's, not the file's)."""
    found = check_project(load_settings(root))
    return [f for f in found if f.file == shown and f.check != "in-sync"]


def catalogs_of(root: Path) -> list[Path]:
    return sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    root = tmp_path / "golden"
    shutil.copytree(GOLDEN, root)
    return root


@pytest.fixture
def broken(make_project: Callable[..., Path], runner: CliRunner) -> Path:
    """test_gate's project: one broken entry of each kind, Czech published."""
    root = make_project({"tablets.md": ARTICLE}, CONFIG)
    make_catalogs(root, runner, TRANSLATIONS, plural_forms=2)
    return root


@pytest.mark.parametrize("where", ["golden", "broken", "project"])
def test_a_catalogs_findings_are_exactly_the_project_checks_for_that_file(
    where: str, request: pytest.FixtureRequest
) -> None:
    root: Path = request.getfixturevalue(where)
    files = catalogs_of(root)
    assert files
    seen = 0
    for path in files:
        shown = path.relative_to(root).as_posix()
        alone = check_catalogs([path])
        assert alone == project_findings(root, shown), shown
        seen += len(alone)
    if where != "project":  # this repository's own catalogs are clean
        assert seen > 10
    # all at once: the same findings, each file's own
    together = check_catalogs(files)
    assert together == sorted(together, key=lambda f: (f.file, f.line, f.check, f.message))
    everything = check_project(load_settings(root))
    names = {path.relative_to(root).as_posix() for path in files}
    assert together == [f for f in everything if f.file in names and f.check != "in-sync"]


def test_the_publish_verdict_of_an_unfinished_article_is_the_builds(broken: Path) -> None:
    found = check_catalogs([broken / "locales" / "cs" / "LC_MESSAGES" / "tablets.po"])
    summary = [f.message for f in found if f.check == "completeness" and f.line == 0]
    # 84% of the catalog's entries are translated, but the page has 69% of its units
    # usable (broken tags count as English): the build does not publish it.
    assert summary == [
        "69% translated (11 of 13, 1 fuzzy); not published: below the 80% threshold,"
        " readers get the English page"
    ]


def test_a_catalog_outside_any_project_is_checked_in_its_header_language(
    broken: Path, tmp_path: Path
) -> None:
    downloaded = tmp_path / "downloads" / "tablets.po"
    downloaded.parent.mkdir()
    shutil.copy(broken / "locales" / "cs" / "LC_MESSAGES" / "tablets.po", downloaded)
    inside = project_findings(broken, "locales/cs/LC_MESSAGES/tablets.po")
    outside = check_catalogs([downloaded])
    assert {f.file for f in outside} == {str(downloaded)}
    assert {f.language for f in outside} == {"cs"}

    def quality(found: list[Finding]) -> list[tuple[int, str, str, str]]:
        return [
            (f.line, f.check, f.severity, f.message) for f in found if f.check != "completeness"
        ]

    assert quality(outside) == quality(inside)
    assert quality(outside)  # the broken entries are there
    debt = [f.message for f in outside if f.check == "completeness"]
    assert debt[0] == "84% translated (11 of 13, 1 fuzzy)"  # no project: no threshold
    assert sorted(debt[1:]) == [
        "fuzzy: 'Eat fruit.': review the translation, then remove the fuzzy flag",
        "untranslated: 'Walk daily.'",
    ]


def test_a_copy_elsewhere_in_a_project_is_checked_as_its_domains_catalog(broken: Path) -> None:
    copy = broken / "incoming" / "tablets.po"
    copy.parent.mkdir()
    shutil.copy(broken / "locales" / "cs" / "LC_MESSAGES" / "tablets.po", copy)
    inside = project_findings(broken, "locales/cs/LC_MESSAGES/tablets.po")
    found = check_catalogs([copy])
    assert {f.file for f in found} == {"incoming/tablets.po"}
    assert [(f.line, f.check, f.message) for f in found] == [
        (f.line, f.check, f.message) for f in inside
    ]


def test_consistency_compares_with_the_languages_other_catalogs(broken: Path) -> None:
    folder = broken / "locales" / "cs" / "LC_MESSAGES"
    site = folder / "site.po"
    text = site.read_text(encoding="utf-8")
    # A chrome entry with the English of an article's entry, translated otherwise.
    site.write_text(text + '\nmsgid "Drink water."\nmsgstr "Pijte hodně vody."\n', encoding="utf-8")
    found = check_catalogs([folder / "tablets.po"])
    messages = [f.message for f in found if f.check == "consistency"]
    assert len(messages) == 1
    assert "is translated otherwise in locales/cs/LC_MESSAGES/site.po:" in messages[0]
    assert found == project_findings(broken, "locales/cs/LC_MESSAGES/tablets.po")


def test_a_catalog_and_its_edited_copy_checked_together_each_get_their_findings(
    broken: Path,
) -> None:
    folder = broken / "locales" / "cs" / "LC_MESSAGES"
    site = folder / "site.po"
    site.write_text(
        site.read_text(encoding="utf-8") + '\nmsgid "Drink water."\nmsgstr "Pijte hodně vody."\n',
        encoding="utf-8",
    )
    copy = broken / "incoming" / "tablets.po"
    copy.parent.mkdir()
    shutil.copy(folder / "tablets.po", copy)
    found = check_catalogs([folder / "tablets.po", copy])
    by_file = {
        name: [f.message for f in found if f.check == "consistency" and f.file == name]
        for name in ("locales/cs/LC_MESSAGES/tablets.po", "incoming/tablets.po")
    }
    # Same language, same domain: each is compared with the chrome, neither hides the other.
    assert [len(messages) for messages in by_file.values()] == [1, 1]
    assert by_file["incoming/tablets.po"] == [
        message for message in by_file["locales/cs/LC_MESSAGES/tablets.po"]
    ]


def test_the_command_prints_findings_and_exits_1_on_an_error(
    broken: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["-C", str(broken), "check", "locales/cs/LC_MESSAGES/tablets.po"])
    assert result.exit_code == 1, result.output
    assert "locales/cs/LC_MESSAGES/tablets.po:" in result.output
    assert "[numbers]" in result.output
    assert "source/tablets.md" not in result.output  # no lint of the source
    assert "in-sync" not in result.output
    as_json = runner.invoke(
        main, ["-C", str(broken), "check", "--format", "json", "locales/cs/LC_MESSAGES/tablets.po"]
    )
    assert as_json.exit_code == 1
    errors = [
        f["check"] for f in json.loads(as_json.output)["findings"] if f["severity"] == "error"
    ]
    assert sorted(errors) == ["injection", "injection", "markup", "numbers", "numbers"]


def test_a_clean_catalog_exits_0(project: Path, runner: CliRunner) -> None:
    files = [str(path) for path in catalogs_of(project)]
    result = runner.invoke(main, ["check", *files])
    assert result.exit_code == 0, result.output
    assert result.output == "0 errors, 0 warnings, 0 notices\n"


def test_an_invalid_catalog_is_one_error_line_and_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr "Language: cs\\n"\n\nmsgid "a"\nmsgstr "b\n', "utf-8")
    result = runner.invoke(main, ["check", str(bad)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {bad}:5: ")


def test_an_unreadable_catalog_is_one_error_line_and_exit_2(
    tmp_path: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "missing.po")])
    assert result.exit_code == 2
    assert (
        result.output
        == f"error: {tmp_path / 'missing.po'}: cannot read: No such file or directory\n"
    )


def test_outside_a_project_a_catalog_without_a_language_header_is_exit_2(
    tmp_path: Path, runner: CliRunner
) -> None:
    nameless = tmp_path / "x.po"
    nameless.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8")
    result = runner.invoke(main, ["check", str(nameless)])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {nameless}:1: no Language header: cannot tell the catalog's language "
        "(add e.g. 'Language: cs')\n"
    )


@pytest.mark.parametrize("option", [["-l", "cs"], ["--words", "w.txt"]])
def test_project_options_with_files_are_a_usage_error(
    broken: Path, runner: CliRunner, option: list[str]
) -> None:
    result = runner.invoke(
        main, ["-C", str(broken), "check", *option, "locales/cs/LC_MESSAGES/tablets.po"]
    )
    assert result.exit_code == 2
    assert "with FILE.po arguments" in result.output


def test_checking_a_catalog_loads_no_markdown_templates_or_word_lists(broken: Path) -> None:
    """``python -X importtime`` showed them as most of the start-up of a catalog's check."""
    code = (
        "import sys\n"
        "from metsi18n.cli import main\n"
        "try:\n"
        f"    main(['-C', {str(broken)!r}, 'check', 'locales/cs/LC_MESSAGES/site.po'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stderr.split())
    assert "metsi18n.quality.checks" in loaded  # the check ran
    heavy = {
        "markdown_it",
        "pysbd",
        "jinja2",
        "wordfreq",
        "yaml",
        "metsi18n.source",
        "metsi18n.pipeline",
    }
    assert loaded & heavy == set()
    assert not any(name.startswith("metsi18n.site.") for name in loaded)


def test_findings_are_sorted_by_file_line_check_and_message_once_each() -> None:
    def finding(
        file: str, line: int, check: str, message: str, severity: str = "warning"
    ) -> Finding:
        return Finding(file, line, check, severity, message, "cs", "d")

    given = [
        finding("b.po", 1, "numbers", "x"),
        finding("a.po", 10, "markup", "y"),
        finding("a.po", 9, "numbers", "z"),
        finding("a.po", 10, "markup", "y"),  # a duplicate
        finding("a.po", 10, "markup", "b"),
        finding("a.po", 10, "end-punctuation", "y"),
        finding("a.po", 10, "markup", "b", "error"),  # differs in its severity only
    ]
    expected = [given[2], given[5], given[6], given[4], given[1], given[0]]  # then by severity
    assert sort_findings(given) == expected
    assert sort_findings(iter(given)) == expected  # one pass over an iterator
    assert sort_findings(reversed(given)) == expected
