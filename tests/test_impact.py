"""metsi18n impact: templates now against a git revision, on a temporary repository."""

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
    source = project / ARTICLE
    text = source.read_text(encoding="utf-8")
    assert EDITED[0] in text
    text = text.replace(EDITED[0], f"{EDITED[1]} {ADDED}")
    source.write_text(text, encoding="utf-8")
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


def test_without_a_repository_or_with_a_bad_revision_it_says_so_and_exits_2(
    project: Path,
) -> None:
    code, output = invoke(project, "impact")
    assert code == 2
    assert output.startswith("error: ")
    assert "not in a git repository" in output
    assert output.count("\n") == 1
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    code, output = invoke(project, "impact", "--base", "nosuchrev")
    assert code == 2
    assert output == "error: --base 'nosuchrev' is not a revision of this repository\n"
