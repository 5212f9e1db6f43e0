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
