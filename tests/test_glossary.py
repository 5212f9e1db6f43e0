"""The termbase: CSV and TBX read into the same records, written back out, bad files named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.errors import ProjectError
from metsi18n.quality.glossary import Term, loads, read_csv, read_tbx, write_csv, write_tbx

CSV = """\
english,language,term,status,part_of_speech,note
# the German and Romance trap
secondary liver cancer,de,sekundärer Leberkrebs,preferred,noun,
secondary liver cancer,de,metastasierter Leberkrebs,forbidden,noun,"reads as primary, spread"
liver metastases,en,hepatic metastases,forbidden,,plain English
liver metastases,cs,jaterní metastázy,preferred,,
liver metastases,pt_BR,metástases hepáticas,preferred,,
"""

TBX_2008 = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>MultiTerm</p></sourceDesc></fileDesc></martifHeader>
  <text>
    <body>
      <termEntry id="e1">
        <langSet xml:lang="en">
          <tig>
            <term>palliative care</term>
            <termNote type="partOfSpeech">noun</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="fr">
          <ntig>
            <termGrp>
              <term>soins de support</term>
              <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
            </termGrp>
            <note>supportive care, another thing</note>
          </ntig>
          <tig>
            <term>soins palliatifs</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""


def test_a_csv_termbase_is_read_into_records_with_each_concepts_english_term_first() -> None:
    glossary = read_csv(CSV, "glossary.csv")
    assert glossary.terms[0] == Term("secondary liver cancer", "en", "secondary liver cancer",
                                     "preferred")  # fmt: skip
    forbidden = glossary.terms[2]
    assert (forbidden.language, forbidden.term, forbidden.status) == (
        "de", "metastasierter Leberkrebs", "forbidden"
    )  # fmt: skip
    assert forbidden.note == "reads as primary, spread"
    assert forbidden.line == 4
    assert list(glossary.concepts()) == ["secondary liver cancer", "liver metastases"]


def test_tbx_2008_from_a_cat_tool_is_read_statuses_notes_and_parts_of_speech() -> None:
    glossary = read_tbx(TBX_2008.encode(), "g.tbx")
    assert [(t.language, t.term, t.status, t.part_of_speech, t.note) for t in glossary.terms] == [
        ("en", "palliative care", "preferred", "noun", ""),
        ("fr", "soins de support", "forbidden", "", "supportive care, another thing"),
        ("fr", "soins palliatifs", "preferred", "", ""),
    ]


@pytest.mark.parametrize("start", ["csv", "tbx"])
def test_the_round_trip_csv_tbx_csv_gives_the_same_records_and_bytes(start: str) -> None:
    first = read_csv(CSV, "g.csv")
    if start == "tbx":
        first = read_tbx(write_tbx(first).encode(), "g.tbx")
    tbx = write_tbx(first)
    again = read_tbx(tbx.encode(), "g.tbx")
    assert again.terms == first.terms
    assert read_csv(write_csv(again), "g.csv").terms == first.terms
    assert write_tbx(again) == tbx


def test_the_tbx_written_is_tbx_2019_basic_with_escaped_text() -> None:
    glossary = read_csv("english,language,term,status\nR&D <b>,de,F&E <i>,admitted\n", "g.csv")
    tbx = write_tbx(glossary)
    assert (
        '<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in tbx
    )
    assert "<term>F&amp;E &lt;i&gt;</term>" in tbx
    assert "admittedTerm-admn-sts" in tbx
    assert read_tbx(tbx.encode(), "g.tbx").terms == glossary.terms


BAD_FILES = [
    ("g.csv", "english,language,term\n", "g.csv:1: header must name"),
    ("g.csv", "english,language,term,status\nx,de,y,preferd\n", "g.csv:2: status must be one"),
    ("g.csv", "english,language,term,status\nx,de,,preferred\n", "g.csv:2: no term for 'x'"),
    ("g.csv", "english,language,term,status\nx,d e,y,preferred\n", "g.csv:2: 'd e' is not a"),
    ("g.csv", "english,language,term,status\nx,de,y,preferred\nx,de,Y,admitted\n",
     "g.csv:3: 'Y' listed twice for 'x' (line 2)"),
    ("g.csv", "english,language,term,status\nx,en,x,forbidden\n",
     "g.csv:2: the English term 'x' must be preferred"),
    ("g.tbx", "<tbx><text><body><conceptEntry>\n<langSec>", "g.tbx:2: bad XML"),
    ("g.tbx", "<tbx><text><body><conceptEntry>\n<langSec xml:lang='de'><termSec><term>x</term>"
     "</termSec></langSec></conceptEntry></body></text></tbx>",
     "g.tbx:1: concept without a preferred English term"),
    ("g.tbx", '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">\n'
     '<!ENTITY b "&a;&a;&a;&a;&a;">]>\n<tbx>&b;</tbx>', "g.tbx:2: refused XML"),
    ("g.tbx", '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     "<tbx>&x;</tbx>", "g.tbx:2: refused XML"),
    ("g.tbx", "<html/>", "g.tbx:1: not TBX: the root element is <html>"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "start"), BAD_FILES)
def test_a_bad_termbase_is_one_error_naming_the_file_and_line(
    name: str, text: str, start: str
) -> None:
    with pytest.raises(ProjectError) as caught:
        loads(text.encode(), name)
    assert str(caught.value).startswith(start)
    assert "\n" not in str(caught.value)


def _project(make_project: Callable[..., Path], name: str, text: str) -> Path:
    root = make_project({"a.md": "---\ntitle: T\nslug: a\ndate: 2026-01-02\n---\n\nText.\n"})
    config = root / "metsi18n.toml"
    config.write_text(
        config.read_text().replace("[project]\n", f'[project]\nglossary = "{name}"\n', 1)
    )
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_glossary_is_named_in_metsi18n_toml(make_project: Callable[..., Path]) -> None:
    root = _project(make_project, "terms/g.csv", "")
    assert load_settings(root).glossary == "terms/g.csv"
    (root / "metsi18n.toml").write_text(
        (root / "metsi18n.toml").read_text().replace("terms/g.csv", "g.xlsx")
    )
    with pytest.raises(ProjectError, match=r"project\.glossary must name a \.csv or \.tbx file"):
        load_settings(root)


def test_glossary_export_writes_tbx_and_csv_that_read_back_the_same(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    root = _project(make_project, "glossary.csv", CSV)
    tbx = runner.invoke(main, ["-C", str(root), "glossary", "export", "--format", "tbx"])
    assert tbx.exit_code == 0, tbx.output
    assert read_tbx(tbx.stdout.encode(), "x.tbx").terms == read_csv(CSV, "x.csv").terms
    out = root / "out.csv"
    written = runner.invoke(
        main, ["-C", str(root), "glossary", "export", "--format", "csv", "-o", str(out)]
    )
    assert written.exit_code == 0, written.output
    assert "2 concepts, 7 terms" in written.stdout
    assert read_csv(out.read_text(encoding="utf-8"), "x").terms == read_csv(CSV, "x").terms


def test_glossary_export_of_a_bad_file_is_one_error_line_with_exit_2(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    root = _project(make_project, "glossary.csv", "english,language,term,status\nx,de,y,bad\n")
    result = runner.invoke(main, ["-C", str(root), "glossary", "export"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: glossary.csv:2: status must be one of preferred, admitted, forbidden, not 'bad'\n"
    )


def test_glossary_help_shows_an_example_and_no_glossary_is_a_usage_error(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    for args in (["glossary", "-h"], ["glossary", "export", "-h"]):
        result = runner.invoke(main, prog_name="metsi18n", args=args)
        assert result.exit_code == 0
        assert "Example:" in result.stdout
    root = make_project({"a.md": "---\ntitle: T\nslug: a\ndate: 2026-01-02\n---\n\nText.\n"})
    result = runner.invoke(main, ["-C", str(root), "glossary", "export"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: metsi18n.toml: no glossary configured")
