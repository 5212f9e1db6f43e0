"""TMX 1.4b: written from the catalogs, read back unchanged, bad files refused on one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n import pipeline
from metsi18n.catalogs import memory_units, read_tmx
from metsi18n.cli import main
from metsi18n.config import load_settings
from tests.test_memory import CONFIG, FIRST, SECOND, entries, translate


@pytest.fixture
def translated(make_project: Callable[..., Path]) -> Path:
    root = make_project({"first-aid.md": FIRST}, CONFIG)
    pipeline.init(load_settings(root), ["cs"])
    translate(root / "locales" / "cs" / "LC_MESSAGES" / "first-aid.po")
    translate(root / "locales" / "cs" / "LC_MESSAGES" / "site.po")
    return root


def test_tm_export_then_read_gives_the_same_units_back(runner: CliRunner, translated: Path) -> None:
    out = translated / "cs.tmx"
    result = runner.invoke(
        main, ["-C", str(translated), "tm", "export", "-l", "cs", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: 28 units\n"
    written = list(memory_units(load_settings(translated), "cs"))
    back = read_tmx(out.read_bytes(), "cs.tmx", "en", ["cs"])
    assert [(u.source, u.context, u.plural, u.translations, u.kinds) for u in written] == [
        (u.source, u.context, u.plural, dict(u.translations)["cs"], u.kinds) for u in back
    ]
    assert {u.changed for u in back} == {u.revised for u in written}
    assert any(u.plural for u in back)  # the chrome's plural entry, every form kept
    assert any(u.kinds == ((1, "link"),) for u in back)


def test_the_tmx_is_deterministic_and_uses_bpt_ept_for_tags(translated: Path) -> None:
    settings = load_settings(translated)
    pipeline.export_memory(settings, "cs", translated / "a.tmx")
    pipeline.export_memory(settings, "cs", translated / "b.tmx")
    data = (translated / "a.tmx").read_bytes()
    assert data == (translated / "b.tmx").read_bytes()
    assert b'<bpt i="1" x="1" type="link">&lt;1&gt;</bpt>' in data
    assert b'<ept i="1">&lt;/1&gt;</ept>' in data


def test_translate_toolkit_reads_what_we_write(translated: Path) -> None:
    from translate.storage import tmx

    pipeline.export_memory(load_settings(translated), "cs", translated / "cs.tmx")
    store = tmx.tmxfile.parsestring((translated / "cs.tmx").read_bytes())
    pairs = {(unit.source, unit.target) for unit in store.units}
    assert ("What to do first.", "CS What to do first.") in pairs
    assert len(store.units) == 28


def test_a_listed_tmx_fills_new_entries_with_its_name_as_origin(translated: Path) -> None:
    settings = load_settings(translated)
    pipeline.export_memory(settings, "cs", translated / "memory.tmx")
    (translated / "locales" / "cs" / "LC_MESSAGES" / "first-aid.po").unlink()
    config = CONFIG + '\n[memory]\ntmx = ["memory.tmx"]\n'
    (translated / "metsi18n.toml").write_text(config, encoding="utf-8")
    (translated / "source" / "burns.md").write_text(SECOND, encoding="utf-8")
    pipeline.export(load_settings(translated))
    burns = entries(translated / "locales" / "cs" / "LC_MESSAGES" / "burns.po")
    shared = burns["Talk to your doctor before you stop a medicine."]
    assert shared.fuzzy
    assert shared.translator_comments == ("tm: memory.tmx, 100%",)
    edited = burns["Keep the wound clean and dry for three days."]
    assert edited.translator_comments == ("tm: memory.tmx, 93%, numbers differ",)


def test_tm_import_lists_the_file_once_and_export_then_fills_from_it(
    runner: CliRunner, translated: Path
) -> None:
    (translated / "memory").mkdir()
    tmx = translated / "memory" / "agency.tmx"
    pipeline.export_memory(load_settings(translated), "cs", tmx)
    (translated / "locales" / "cs" / "LC_MESSAGES" / "first-aid.po").unlink()
    (translated / "metsi18n.toml").write_text(
        "# Our site.\n" + CONFIG + '\n[memory]\nmode = "fuzzy"  # the default\n', encoding="utf-8"
    )
    result = runner.invoke(main, ["-C", str(translated), "tm", "import", str(tmx)])
    assert result.exit_code == 0, result.output
    assert result.output == "memory/agency.tmx: 28 units (cs 28); listed under [memory] tmx\n"
    config = (translated / "metsi18n.toml").read_text(encoding="utf-8")
    assert config.startswith("# Our site.\n")  # comments and layout kept
    assert 'mode = "fuzzy"  # the default\ntmx = ["memory/agency.tmx"]\n' in config
    assert load_settings(translated).memory.tmx == ("memory/agency.tmx",)
    again = runner.invoke(main, ["-C", str(translated), "tm", "import", str(tmx)])
    assert again.output.endswith("; already under [memory] tmx\n")
    assert (translated / "metsi18n.toml").read_text(encoding="utf-8") == config
    (translated / "source" / "burns.md").write_text(SECOND, encoding="utf-8")
    pipeline.export(load_settings(translated))
    burns = entries(translated / "locales" / "cs" / "LC_MESSAGES" / "burns.po")
    shared = burns["Talk to your doctor before you stop a medicine."]
    assert shared.fuzzy
    assert shared.translator_comments == ("tm: agency.tmx, 100%",)


def test_tm_import_refuses_a_file_outside_the_project_and_changes_nothing(
    runner: CliRunner, translated: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.tmx"
    pipeline.export_memory(load_settings(translated), "cs", outside)
    config = (translated / "metsi18n.toml").read_bytes()
    result = runner.invoke(main, ["-C", str(translated), "tm", "import", str(outside)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {outside}: outside the project: copy it into")
    assert result.output.count("\n") == 1
    assert (translated / "metsi18n.toml").read_bytes() == config


def test_the_groups_earlier_name_memory_still_runs_its_commands(
    runner: CliRunner, translated: Path
) -> None:
    out = translated / "cs.tmx"
    result = runner.invoke(
        main, ["-C", str(translated), "memory", "export", "-l", "cs", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["-C", str(translated), "memory", "read", str(out)]).exit_code == 0
    listing = runner.invoke(main, ["--help"]).output.split("Commands:")[1]
    names = [line.split()[0] for line in listing.splitlines() if line.startswith("  ")]
    assert "tm" in names
    assert "memory" not in names  # hidden: the help shows one name


GOOD_HEAD = '<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<tmx><header srclang='en'>\n<body>\n</tmx>\n", "bad.tmx:3: not XML: "),
        ('<?xml version="1.0"?>\n<xliff/>\n', "bad.tmx:2: not TMX: the root element is <xliff>"),
        (
            GOOD_HEAD + '<tu>\n<tuv xml:lang="en"><seg>Rest.</seg></tuv>\n'
            '<tuv xml:lang="fi"><seg>Lepää.</seg></tuv>\n</tu>\n</body>\n</tmx>\n',
            "bad.tmx:7: language 'fi' is not in the project's [languages]",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="cs">'
            "<seg>&x;</seg></tuv></tu></body></tmx>\n",
            "bad.tmx:1: entity declarations are not allowed in TMX",
        ),
        (
            '<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="de"/><body/></tmx>\n',
            "bad.tmx:3: source language 'de' is not the project's (en)",
        ),
    ],
)
def test_a_bad_tmx_is_one_line_exit_2_and_export_writes_nothing(
    runner: CliRunner, translated: Path, text: str, expected: str
) -> None:
    (translated / "bad.tmx").write_text(text, encoding="utf-8")
    config = (translated / "metsi18n.toml").read_bytes()
    for command in ("read", "import"):
        result = runner.invoke(
            main, ["-C", str(translated), "tm", command, str(translated / "bad.tmx")]
        )
        assert result.exit_code == 2
        line = result.output.strip()
        assert line.startswith(f"error: {translated / expected}"), line
        assert "\n" not in line
        assert (translated / "metsi18n.toml").read_bytes() == config  # nothing listed
    (translated / "metsi18n.toml").write_text(
        CONFIG + '\n[memory]\ntmx = ["bad.tmx"]\n', encoding="utf-8"
    )
    (translated / "source" / "burns.md").write_text(SECOND, encoding="utf-8")
    before = sorted(path for path in translated.rglob("*") if path.is_file())
    result = runner.invoke(main, ["-C", str(translated), "export"])
    assert result.exit_code == 2
    assert result.output.strip().startswith(f"error: {expected}")
    assert sorted(path for path in translated.rglob("*") if path.is_file()) == before


def test_a_tmx_from_another_tool_with_regions_and_unnumbered_tags_is_read() -> None:
    text = (
        GOOD_HEAD + '<tu changedate="20260101T000000Z"><tuv xml:lang="en-US">'
        '<seg>Call <bpt i="7">[</bpt>us<ept i="7">]</ept>.</seg></tuv>'
        '<tuv xml:lang="cs-CZ"><seg>Zavolejte <bpt i="7">[</bpt>nám<ept i="7">]</ept>.</seg>'
        "</tuv></tu></body></tmx>\n"
    )
    (unit,) = read_tmx(text.encode(), "other.tmx", "en", ["cs", "pt_BR"])
    assert unit.source == "Call <1>us</1>."
    assert unit.translations == (("cs", ("Zavolejte <1>nám</1>.",)),)
    assert unit.kinds is None  # no type: tags map by shape alone


#: The element and attribute declarations of TMX 1.4b (LISA OSCAR) for every element a
#: metsi18n TMX holds, written out from the standard: what a validating reader checks.
TMX14_DECLARATIONS = """
<!ELEMENT tmx (header, body)> <!ATTLIST tmx version CDATA #FIXED "1.4">
<!ELEMENT header (note|prop|ude)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
  segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED
  adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED
  creationdate CDATA #IMPLIED changedate CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT note (#PCDATA)> <!ELEMENT ude (#PCDATA)>
<!ELEMENT prop (#PCDATA)> <!ATTLIST prop type CDATA #REQUIRED>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu tuid CDATA #IMPLIED changedate CDATA #IMPLIED creationdate CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)> <!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA|bpt|ept|ph|it|hi|ut)*>
<!ELEMENT bpt (#PCDATA)> <!ATTLIST bpt i CDATA #REQUIRED x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT ept (#PCDATA)> <!ATTLIST ept i CDATA #REQUIRED>
<!ELEMENT ph (#PCDATA)> <!ATTLIST ph x CDATA #IMPLIED type CDATA #IMPLIED>
<!ELEMENT it (#PCDATA)> <!ELEMENT hi (#PCDATA)> <!ELEMENT ut (#PCDATA)>
"""


def test_what_we_write_is_valid_against_tmx_14b_declarations(translated: Path) -> None:
    from io import StringIO

    from lxml import etree

    pipeline.export_memory(load_settings(translated), "cs", translated / "cs.tmx")
    dtd = etree.DTD(StringIO(TMX14_DECLARATIONS))
    document = etree.fromstring((translated / "cs.tmx").read_bytes())
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    broken = etree.fromstring(b'<tmx version="1.4"><body/></tmx>')
    assert not dtd.validate(broken)  # the check can fail: no <header>
