"""metsi18n impact: templates now against a git revision, on a temporary repository, and
without one, the templates export would write against those on disk."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main
from metsi18n.po import wordcount

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ARTICLE = "source/liver-metastases.md"
EDITED = (
    "Liver metastases may be found at the same time as the primary cancer, or later.",
    "Liver metastases may be found at the same time as the first cancer, or later.",
)
ADDED = "Ask your care team what the scan showed."


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-C", str(root), *args],
        check=True,
        capture_output=True,
    )


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def edited(project: Path) -> Path:
    """The repository's project committed on main, then one sentence edited, one added,
    and exported."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    edit_source(project)
    assert invoke(project, "export")[0] == 0
    return project


def test_impact_counts_one_new_and_one_changed_unit_per_language(edited: Path) -> None:
    code, output = invoke(edited, "impact", "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    changes = [(c["kind"], c["msgid"], c["previous"]) for c in report["changes"]]
    assert changes == [("changed", EDITED[1], EDITED[0]), ("new", ADDED, None)]
    assert {c["file"] for c in report["changes"]} == {ARTICLE}
    words = wordcount(EDITED[1]) + wordcount(ADDED)
    assert len(report["languages"]) == 8
    for item in report["languages"]:
        assert (item["new"], item["changed"], item["removed"]) == (1, 1, 0)
        assert item["words"] == words
        assert item["falling"] == []


def test_a_translation_already_made_is_not_counted_again(edited: Path) -> None:
    po = edited / "locales" / "cs" / "LC_MESSAGES" / "liver-metastases.po"
    text = po.read_text(encoding="utf-8")
    entry = f'msgid "{ADDED}"\nmsgstr ""'
    assert entry in text
    po.write_text(text.replace(entry, f'msgid "{ADDED}"\nmsgstr "Zeptejte se."'), "utf-8")
    code, output = invoke(edited, "impact")
    assert code == 0, output
    assert f"cs: 1 new, 1 changed, 0 removed, {wordcount(EDITED[1])} words to retranslate" in (
        output.splitlines()
    )


def test_a_page_that_falls_below_its_threshold_is_named_and_exits_1(edited: Path) -> None:
    config = edited / "metsi18n.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            'cs = { status = "published" }', 'cs = { status = "published", min_translated = 100 }'
        ),
        encoding="utf-8",
    )
    code, output = invoke(edited, "impact", "--base", "main")
    assert code == 1, output
    assert "no longer published: liver-metastases" in output.splitlines()[2]  # cs
    code, output = invoke(edited, "impact", "--format", "github")
    assert code == 1
    assert "::warning title=impact (cs)::cs (liver-metastases) falls below" in output
    assert f"::notice file={ARTICLE},line=" in output


def test_markdown_is_a_table_for_a_pull_request(edited: Path) -> None:
    code, output = invoke(edited, "impact", "--format", "markdown")
    assert code == 0
    assert "| cs | 1 | 1 | 0 |" in output


def edit_source(project: Path) -> None:
    """One sentence of the article edited and one added (not exported)."""
    source = project / ARTICLE
    text = source.read_text(encoding="utf-8")
    assert EDITED[0] in text
    source.write_text(text.replace(EDITED[0], f"{EDITED[1]} {ADDED}"), encoding="utf-8")


def test_without_a_repository_the_templates_export_would_write_are_compared_with_those_on_disk(
    project: Path,
) -> None:
    edit_source(project)
    pot = project / "locales" / "liver-metastases.pot"
    before = pot.read_bytes()
    code, output = invoke(project, "impact", "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert report["base"] is None
    changes = [(c["kind"], c["msgid"], c["previous"]) for c in report["changes"]]
    assert changes == [("changed", EDITED[1], EDITED[0]), ("new", ADDED, None)]
    words = wordcount(EDITED[1]) + wordcount(ADDED)
    assert {(i["new"], i["changed"], i["removed"], i["words"]) for i in report["languages"]} == {
        (1, 1, 0, words)
    }
    assert pot.read_bytes() == before  # impact writes nothing
    code, output = invoke(project, "impact")
    assert output.splitlines()[0] == (
        "against the templates on disk (before export): 1 new, 1 changed, 0 removed"
    )
    assert invoke(project, "export")[0] == 0
    code, output = invoke(project, "impact")
    assert (code, output.splitlines()[0]) == (
        0,
        "against the templates on disk (before export): 0 new, 0 changed, 0 removed",
    )


def test_without_git_installed_the_templates_on_disk_are_compared_too(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_source(project)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    code, output = invoke(project, "impact", "--format", "markdown")
    assert code == 0, output
    assert output.startswith("Translation impact against the templates on disk (before export):")
    assert "| cs | 1 | 1 | 0 |" in output
    code, output = invoke(project, "impact", "--base", "main")
    assert (code, output) == (
        2,
        "error: git is not installed; impact compares with a git revision\n",
    )


def test_a_page_falling_below_its_threshold_is_named_without_a_repository_too(
    project: Path,
) -> None:
    config = project / "metsi18n.toml"
    text = config.read_text(encoding="utf-8")
    limited = 'cs = { status = "published", min_translated = 100 }'
    config.write_text(text.replace('cs = { status = "published" }', limited), encoding="utf-8")
    assert invoke(project, "impact")[0] == 0  # nothing changed: nothing falls
    edit_source(project)
    code, output = invoke(project, "impact")
    assert code == 1, output
    assert "no longer published: liver-metastases" in output.splitlines()[2]  # cs


def test_a_revision_asked_for_without_a_repository_or_a_bad_revision_exits_2(
    project: Path,
) -> None:
    code, output = invoke(project, "impact", "--base", "main")
    assert code == 2
    assert output.startswith("error: --base main: ")
    assert "is not in a git repository" in output
    assert output.count("\n") == 1
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    code, output = invoke(project, "impact", "--base", "nosuchrev")
    assert code == 2
    assert output == "error: --base 'nosuchrev' is not a revision of this repository\n"
