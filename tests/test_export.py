"""metsi18n export: templates from the source, deterministic, --check, bad input."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main

from .conftest import REPO

GOOD = "---\ntitle: A title\ndescription: D.\nslug: a-page\ndate: 2026-01-02\n---\n\nOne. Two.\n"
needs_gettext = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext missing")


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_export_writes_one_template_per_article_and_site(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    root = make_project({"a.md": GOOD})
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 0, result.output
    assert (root / "locales" / "a-page.pot").exists()
    assert (root / "locales" / "site.pot").exists()
    text = (root / "locales" / "a-page.pot").read_text(encoding="utf-8")
    assert '#: source/a.md:8\nmsgid "One."' in text
    assert "#. Paragraph 1, sentence 2\n" in text
    assert '"POT-Creation-Date: 2023-11-14 22:13+0000\\n"' in text


def test_a_second_export_changes_nothing(
    runner: CliRunner, make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"a.md": GOOD})
    assert runner.invoke(main, ["-C", str(root), "export"]).exit_code == 0
    before = snapshot(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 0
    assert "0 written" in result.output
    assert snapshot(root) == before


def test_creation_date_changes_only_with_the_messages(
    runner: CliRunner, make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"a.md": GOOD})
    runner.invoke(main, ["-C", str(root), "export"])
    (root / "source" / "a.md").write_text(GOOD.replace("Two.", "Three."), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert runner.invoke(main, ["-C", str(root), "export"]).exit_code == 0
    article = (root / "locales" / "a-page.pot").read_text(encoding="utf-8")
    site = (root / "locales" / "site.pot").read_text(encoding="utf-8")
    assert "POT-Creation-Date: 2027-01-15 08:00+0000" in article
    assert "POT-Creation-Date: 2023-11-14 22:13+0000" in site


def test_same_input_gives_the_same_bytes(
    runner: CliRunner, make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project({"a.md": GOOD})
    runner.invoke(main, ["-C", str(root), "export"])
    first = snapshot(root / "locales")
    shutil.rmtree(root / "locales")
    runner.invoke(main, ["-C", str(root), "export"])
    assert snapshot(root / "locales") == first


def test_check_names_stale_templates_and_changes_nothing(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    root = make_project({"a.md": GOOD})
    runner.invoke(main, ["-C", str(root), "export"])
    assert runner.invoke(main, ["-C", str(root), "export", "--check"]).exit_code == 0
    (root / "source" / "a.md").write_text(GOOD + "\nThree.\n", encoding="utf-8")
    before = snapshot(root)
    result = runner.invoke(main, ["-C", str(root), "export", "--check"])
    assert result.exit_code == 1
    assert "locales/a-page.pot" in result.output
    assert "site.pot" not in result.output
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: [x\n---\nText.\n", "source/bad.md:2: invalid front matter"),
        ("---\ntitle: T\nslug: A B\ndate: 2026-01-01\n---\nText.\n", "source/bad.md:3: slug"),
        ("No front matter\n", "source/bad.md:1: missing YAML front matter"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(
    runner: CliRunner, make_project: Callable[..., Path], text: str, expected: str
) -> None:
    root = make_project({"a.md": GOOD, "bad.md": text})
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {expected}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output + result.stderr
    assert not (root / "locales").exists()


def test_unreadable_article_is_bad_input(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    root = make_project({"a.md": GOOD})
    (root / "source" / "b.md").write_bytes(b"---\ntitle: \xff\n---\n")
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: source/b.md:2: not valid UTF-8")


def test_missing_config_and_bad_setting_name_the_key(
    runner: CliRunner, make_project: Callable[..., Path], tmp_path: Path
) -> None:
    result = runner.invoke(main, ["-C", str(tmp_path), "export"])
    assert result.exit_code == 2
    assert "metsi18n.toml" in result.stderr
    root = make_project({"a.md": GOOD}, config='[project]\nname = "x"\nbase_url = 3\n')
    result = runner.invoke(main, ["-C", str(root), "export"])
    assert result.exit_code == 2
    assert "project.base_url" in result.stderr


@needs_gettext
def test_committed_templates_pass_msgfmt_and_msgcat(tmp_path: Path) -> None:
    templates = sorted((REPO / "locales").glob("*.pot"))
    assert templates, "no templates committed"
    for pot in templates:
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(pot)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        out = tmp_path / pot.name
        subprocess.run(["msgcat", "-o", str(out), str(pot)], check=True)
        assert out.read_bytes() == pot.read_bytes(), f"msgcat rewrites {pot.name}"


def test_committed_templates_are_up_to_date(runner: CliRunner, project: Path) -> None:
    result = runner.invoke(main, ["-C", str(project), "export", "--check"])
    assert result.exit_code == 0, result.output


NEW_ARTICLE = "---\ntitle: New\ndescription: D.\nslug: new-page\ndate: 2026-01-02\n---\n\nOne.\n"


def header_fields(path: Path) -> dict[str, str]:
    from metsi18n import po as pofile

    return dict(pofile.loads(path.read_bytes(), str(path)).headers)


def test_a_new_articles_catalog_takes_translator_and_team_from_the_languages_site_po(
    runner: CliRunner, project: Path
) -> None:
    (project / "source" / "new-page.md").write_text(NEW_ARTICLE, encoding="utf-8")
    folder = project / "locales" / "cs" / "LC_MESSAGES"
    site = (folder / "site.po").read_text(encoding="utf-8")
    site = site.replace("Language-Team: Czech <", "Language-Team: Czech team <")
    (folder / "site.po").write_text(site, encoding="utf-8")
    result = runner.invoke(main, ["-C", str(project), "export"])
    assert result.exit_code == 0, result.output
    new = header_fields(folder / "new-page.po")
    assert new["Last-Translator"] == header_fields(folder / "site.po")["Last-Translator"]
    assert new["Language-Team"] == "Czech team <translators@health.example.org>"
    assert new["Language"] == "cs"


def test_a_field_site_po_leaves_unset_comes_from_the_first_catalog_by_domain(
    runner: CliRunner, project: Path
) -> None:
    (project / "source" / "new-page.md").write_text(NEW_ARTICLE, encoding="utf-8")
    folder = project / "locales" / "de" / "LC_MESSAGES"
    site = (folder / "site.po").read_text(encoding="utf-8")
    start = site.index('"Last-Translator: ')
    end = site.index('"Language-Team: ')
    site = site[:start] + '"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"\n' + site[end:]
    (folder / "site.po").write_text(site, encoding="utf-8")
    article = (folder / "liver-metastases.po").read_text(encoding="utf-8")
    start = article.index('"Last-Translator: ')
    end = article.index('"Language-Team: ')
    article = (
        article[:start] + '"Last-Translator: Jana Nováková <jana@example.org>\\n"\n' + article[end:]
    )
    (folder / "liver-metastases.po").write_text(article, encoding="utf-8")
    result = runner.invoke(main, ["-C", str(project), "export", "-l", "de"])
    assert result.exit_code == 0, result.output
    new = header_fields(folder / "new-page.po")
    assert new["Last-Translator"] == "Jana Nováková <jana@example.org>"
    assert new["Language-Team"] == "German <translators@health.example.org>"
