"""The review document a clinician signs off: read back as a reader of HTML and Word would."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner

from metsi18n import pipeline, po
from metsi18n.catalogs import render_docx, render_html
from metsi18n.cli import main
from metsi18n.config import load_settings

GOLDEN = Path(__file__).resolve().parent / "golden" / "build" / "project"
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(GOLDEN, target)
    return target


def live_units(root: Path, code: str) -> dict[str, int]:
    """Rows expected per domain: a live entry each, a plural entry once per form."""
    rows = {}
    for path in sorted((root / "locales" / code / "LC_MESSAGES").glob("*.po")):
        catalog = po.loads(path.read_bytes(), path.name)
        forms = int((catalog.header("Plural-Forms") or "nplurals=2").split("=")[1].split(";")[0])
        rows[path.stem] = sum(
            forms if m.msgid_plural is not None else 1 for m in catalog.messages if not m.obsolete
        )
    return rows


def parsed(text: str) -> object:
    return html5lib.parse(text)


def test_the_html_has_a_row_per_unit_with_its_state_marked(golden: Path) -> None:
    document = pipeline.review(load_settings(golden), "ar")
    tree = parsed(render_html(document))
    tables = tree.findall(f".//{NS}table")
    assert len(tables) == len(live_units(golden, "ar"))
    rows = [row for table in tables for row in table.find(f"{NS}tbody").findall(f"{NS}tr")]
    assert len(rows) == sum(live_units(golden, "ar").values())
    states = [row.get("class") for row in rows]
    assert "state-fuzzy" in states
    assert "state-untranslated" in states
    fuzzy = next(row for row in rows if row.get("class") == "state-fuzzy")
    cells = fuzzy.findall(f"{NS}td")
    assert cells[3].text == "fuzzy"
    assert (cells[2].get("lang"), cells[2].get("dir")) == ("ar", "rtl")
    assert cells[6].text is None  # the reviewer's comments: empty


def test_check_findings_are_shown_on_their_unit(golden: Path) -> None:
    text = render_html(pipeline.review(load_settings(golden), "ar"))
    assert "error: tag &lt;9&gt; is not in the source text [markup]" in text


def test_a_translation_cannot_add_markup_to_the_document(golden: Path) -> None:
    catalog = golden / "locales" / "fr" / "LC_MESSAGES" / "first-aid.po"
    text = catalog.read_text(encoding="utf-8")
    old = 'msgstr "KEEP THE PERSON <1>WARM</1>."'
    assert old in text
    catalog.write_text(text.replace(old, 'msgstr "<script>alert(1)</script> <1>WARM</1>."'))
    html = render_html(pipeline.review(load_settings(golden), "fr"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<span class="tag">‹1›</span>WARM<span class="tag">‹/1›</span>' in html


def test_the_docx_opens_with_python_docx_with_a_row_per_unit(golden: Path) -> None:
    docx = pytest.importorskip("docx")
    data = render_docx(pipeline.review(load_settings(golden), "ar"))
    word = docx.Document(io.BytesIO(data))
    expected = live_units(golden, "ar")
    assert sorted(len(table.rows) - 1 for table in word.tables) == sorted(expected.values())
    header = [cell.text for cell in word.tables[0].rows[0].cells]
    assert header == ["#", "English", "Translation", "State", "Check findings", "Notes", "Comments"]
    states = {row.cells[3].text for table in word.tables for row in table.rows[1:]}
    assert {"FUZZY", "UNTRANSLATED", "translated"} <= states


def test_the_same_catalogs_give_the_same_bytes(golden: Path) -> None:
    settings = load_settings(golden)
    first = render_docx(pipeline.review(settings, "fr"))
    second = render_docx(pipeline.review(settings, "fr"))
    assert first == second
    assert render_html(pipeline.review(settings, "fr")) == render_html(
        pipeline.review(settings, "fr")
    )


def test_review_command_writes_html_or_docx(
    golden: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(golden)
    result = runner.invoke(main, ["-C", str(golden), "review", "-l", "pl", "-o", "pl.html"])
    assert result.exit_code == 0, result.output
    assert "first-aid: " in result.output
    assert Path("pl.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(main, ["-C", str(golden), "review", "-l", "pl", "--docx"])
    assert result.exit_code == 0, result.output
    assert Path("review-pl.docx").read_bytes()[:2] == b"PK"
    unknown = runner.invoke(main, ["-C", str(golden), "review", "-l", "xx-bogus"])
    assert unknown.exit_code == 2
    assert unknown.output.startswith("error: ")


# --- sign-off -------------------------------------------------------------------------------
def signed_catalog(root: Path) -> po.POFile:
    path = root / "locales" / "ar" / "LC_MESSAGES" / "first-aid.po"
    return po.loads(path.read_bytes(), path.name)


def test_a_sign_off_is_a_comment_line_on_each_translated_unit(
    golden: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from metsi18n.quality import reviewed_by

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02
    args = ["-C", str(golden), "review", "-l", "ar", "--sign", "Dr Salma Haddad", "first-aid"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "not signed (untranslated or fuzzy)" in result.output
    catalog = signed_catalog(golden)
    live = [m for m in catalog.messages if not m.obsolete]
    signed = [m for m in live if reviewed_by(m)]
    assert signed == [m for m in live if m.translated]
    assert {reviewed_by(m) for m in signed} == {"Dr Salma Haddad, 2025-12-02"}
    assert any(
        line.startswith("reviewed: Dr Salma Haddad, 2025-12-02 (")
        for line in signed[0].translator_comments
    )
    again = runner.invoke(main, args)
    assert again.exit_code == 0
    assert signed_catalog(golden) == catalog  # signing twice adds no second line
    html = render_html(pipeline.review(load_settings(golden), "ar"))
    assert html.count("reviewed: Dr Salma Haddad, 2025-12-02") == len(signed)


def test_a_sign_off_survives_gettext_tools(golden: Path) -> None:
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        pytest.skip("GNU gettext missing")
    import subprocess

    from metsi18n.quality import reviewed_by

    pipeline.sign_review(load_settings(golden), "ar", ["first-aid"], "Dr Salma Haddad")
    path = golden / "locales" / "ar" / "LC_MESSAGES" / "first-aid.po"
    rewritten = subprocess.run([msgcat, str(path)], capture_output=True, check=True).stdout
    catalog = po.loads(rewritten, "msgcat")
    assert [reviewed_by(m) is not None for m in catalog.messages] == [
        reviewed_by(m) is not None for m in signed_catalog(golden).messages
    ]
    assert any(reviewed_by(m) for m in catalog.messages)


def test_a_sign_off_lapses_when_the_translation_changes(golden: Path) -> None:
    import dataclasses

    from metsi18n.quality import reviewed_by

    pipeline.sign_review(load_settings(golden), "ar", ["first-aid"], "Dr Salma Haddad")
    message = next(m for m in signed_catalog(golden).messages if reviewed_by(m))
    assert reviewed_by(dataclasses.replace(message, msgstr=message.msgstr + "!")) is None
    assert reviewed_by(dataclasses.replace(message, flags=("fuzzy",))) is None


def test_signing_an_unknown_article_or_without_a_name_is_refused(
    golden: Path, runner: CliRunner
) -> None:
    before = signed_catalog(golden)
    for args in (
        ["--sign", "Dr X", "no-such-article"],
        ["--sign", " ", "first-aid"],
        ["--sign", "Dr X"],
    ):
        result = runner.invoke(main, ["-C", str(golden), "review", "-l", "ar", *args])
        assert result.exit_code == 2, args
        assert result.output.startswith("error: ")
    assert signed_catalog(golden) == before


def test_stats_counts_the_units_whose_sign_off_holds(golden: Path, runner: CliRunner) -> None:
    import json

    pipeline.sign_review(load_settings(golden), "ar", ["first-aid"], "Dr Salma Haddad")
    path = golden / "locales" / "ar" / "LC_MESSAGES" / "first-aid.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgstr "COOL THE', 'msgstr "COOL  THE', 1), encoding="utf-8")
    result = runner.invoke(main, ["-C", str(golden), "stats", "-l", "ar", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {row["domain"]: row for row in data["catalogs"]}
    translated = rows["first-aid"]["messages"]["translated"]
    assert rows["first-aid"]["reviewed"] == translated - 1  # the edited one lapsed
    assert rows["sleep"]["reviewed"] == 0
    text_output = runner.invoke(main, ["-C", str(golden), "stats", "-l", "ar"]).output
    assert f"; {translated - 1} reviewed" in text_output
