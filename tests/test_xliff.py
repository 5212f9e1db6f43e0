"""XLIFF both ways: what an agency gets, what comes back, and nothing lost on the way."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from metsi18n import pipeline, po
from metsi18n.catalogs import exchange
from metsi18n.cli import main
from metsi18n.config import load_settings

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "build" / "project"
#: The OASIS schemas as Debian's php-symfony-translation ships them (.ci/run installs it).
SCHEMAS = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")
SCHEMA_FILES = {"2.0": "xliff-core-2.0.xsd", "1.2": "xliff-core-1.2-strict.xsd"}
NMTOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")


class _LocalXmlXsd(etree.Resolver):  # type: ignore[misc]
    """Both schemas import xml.xsd (one from the W3C's site): take the local copy."""

    def resolve(self, url: str, pubid: object, context: object) -> object:
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


def schema(version: str) -> etree.XMLSchema:
    path = SCHEMAS / SCHEMA_FILES[version]
    if not path.exists():
        pytest.skip("the OASIS XLIFF schemas are missing (apt-get install php-symfony-translation)")
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd())
    return etree.XMLSchema(etree.parse(str(path), parser))


def copy_of(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("site", ".venv", ".git"))
    return target


def locale_bytes(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "locales").rglob("*.po"))
    }


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    return copy_of(GOLDEN, tmp_path)


def languages_of(root: Path) -> list[str]:
    return [language.code for language in load_settings(root).languages]


# --- export -----------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("root", [REPO, GOLDEN], ids=["repository", "golden"])
def test_every_language_exports_valid_against_the_oasis_schema(root: Path, version: str) -> None:
    checker = schema(version)
    settings = load_settings(root)
    for code in languages_of(root):
        data = pipeline.xliff_export(settings, code, todo=False, version=version).data
        if data is None:  # a language without catalogs (golden's draft de)
            continue
        document = etree.fromstring(data)
        assert checker.validate(document), (code, checker.error_log.last_error)


def test_a_document_breaking_the_schema_is_refused_by_the_validator() -> None:
    checker = schema("2.0")
    bad = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">'
    bad += b'<file id="a"><unit id="u1"><segment state="fuzzy"><source>x</source>'
    bad += b"</segment></unit></file></xliff>"
    assert not checker.validate(etree.fromstring(bad))


def test_tags_become_inline_codes_that_cat_tools_protect(golden: Path) -> None:
    settings = load_settings(golden)
    v20 = pipeline.xliff_export(settings, "fr", todo=False).data.decode()
    v12 = pipeline.xliff_export(settings, "fr", todo=False, version="1.2").data.decode()
    assert '<source>Cool the burn under <pc id="1">cool running water</pc> for' in v20
    assert '<target>COOL THE BURN UNDER <pc id="1">COOL RUNNING WATER</pc> FOR' in v20
    assert '<source>Cool the burn under <g id="1">cool running water</g> for' in v12
    texts = re.findall(r"<(?:source|target)>.*?</(?:source|target)>", v20 + v12)
    assert texts
    assert not [text for text in texts if re.search(r"&lt;/?[0-9]", text)]


def test_unit_ids_are_stable_xml_tokens_made_from_the_gettext_key() -> None:
    message = po.Message("Hello", msgctxt="button")
    assert exchange.unit_id(message) == exchange.unit_id(po.Message("Hello", msgctxt="button"))
    assert exchange.unit_id(message) != exchange.unit_id(po.Message("Hello"))
    assert NMTOKEN.match(exchange.unit_id(message))
    plural = po.Message("%(n)d day", msgid_plural="%(n)d days", msgstr_plural=("a", "b"))
    assert exchange.unit_id(plural, 1).endswith("-f1")
    assert NMTOKEN.match(exchange.unit_id(plural, 1))


def test_comments_become_notes_and_fuzzy_is_translated_with_a_substate(tmp_path: Path) -> None:
    catalog = po.POFile(
        headers=(("Language", "cs"), ("Plural-Forms", "nplurals=2; plural=(n != 1);")),
        messages=(
            po.Message(
                "New text",
                "Starý text",
                flags=("fuzzy",),
                extracted_comments=("Paragraph 1", "Tags: none"),
                translator_comments=("checked by Eva",),
                references=("source/a.md:3",),
                previous_msgid="Old text",
            ),
            po.Message("Done", "Hotovo"),
            po.Message("Open", ""),
        ),
    )
    units = exchange.export_units(catalog, todo=False)
    assert [unit.fuzzy for unit in units] == [True, False, False]
    assert dict(units[0].notes) == {
        "developer": "Paragraph 1\nTags: none",
        "translator": "checked by Eva",
        "location": "source/a.md:3",
        "previous-source": "Old text",
    }
    assert [unit.source for unit in exchange.export_units(catalog, todo=True)] == [
        "New text",
        "Open",
    ]
    from metsi18n.catalogs import XliffDocument, XliffFile, dump_xliff

    text = dump_xliff(XliffDocument("en", "cs", (XliffFile("a", units),))).decode()
    assert 'state="translated" subState="metsi18n:fuzzy"' in text
    assert 'state="final"' in text
    assert text.count('state="initial"') == 1  # the untranslated one, without a target
    v12 = dump_xliff(XliffDocument("en", "cs", (XliffFile("a", units),), "1.2")).decode()
    assert 'state="needs-review-translation"' in v12
    assert v12.count('approved="yes"') == 1


def test_plural_entries_are_one_unit_per_form_with_the_form_named() -> None:
    catalog = po.POFile(
        headers=(("Plural-Forms", "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);"),),
        messages=(
            po.Message("%(n)d day", msgid_plural="%(n)d days", msgstr_plural=("den", "dny", "")),
        ),
    )
    units = exchange.export_units(catalog, todo=False)
    assert [unit.source for unit in units] == ["%(n)d day", "%(n)d days", "%(n)d days"]
    assert [unit.target for unit in units] == ["den", "dny", None]
    assert dict(units[1].notes)["plural"] == "form 2 of 3: n = 2, 3, 4"
    assert dict(units[2].notes)["plural"].startswith("form 3 of 3: n = 0, 5, 6, 7, 8, 9")


# --- round trip -------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("source", [REPO, GOLDEN], ids=["repository", "golden"])
def test_export_then_import_without_edits_changes_no_byte_of_any_catalog(
    source: Path, version: str, tmp_path: Path
) -> None:
    root = copy_of(source, tmp_path)
    before = locale_bytes(root)
    settings = load_settings(root)
    for code in languages_of(root):
        data = pipeline.xliff_export(settings, code, todo=False, version=version).data
        if data is None:
            continue
        result = pipeline.xliff_import(settings, data, f"{code}.xlf")
        assert result.refused == []
        assert result.written == []
        assert sum(applied.unchanged for applied in result.catalogs.values()) > 0
        assert sum(applied.imported for applied in result.catalogs.values()) == 0
    assert locale_bytes(root) == before


# --- import -----------------------------------------------------------------------------------
def edit(data: bytes, old: str, new: str) -> bytes:
    text = data.decode()
    assert old in text
    return text.replace(old, new, 1).encode()


def test_an_edited_file_imports_refusing_only_the_broken_and_the_stale_units(
    golden: Path, runner: CliRunner
) -> None:
    settings = load_settings(golden)
    data = pipeline.xliff_export(settings, "fr", todo=False).data
    data = edit(data, "SEE THE <pc", "VOIR LE <pc")  # a good edit
    data = edit(data, "KEEP THE PERSON <pc", "KEEP THE PERSON <pc")
    data = edit(data, '<pc id="1">WARM</pc>', '<pc id="2">WARM</pc>')  # a tag of no source
    data = edit(data, "<source>Call an ambulance", "<source>Call a doctor")  # stale source
    data = edit(data, "CALL AN AMBULANCE", "APPELEZ")
    path = golden / "fr.xlf"
    path.write_bytes(data)
    before = locale_bytes(golden)
    result = runner.invoke(main, ["-C", str(golden), "xliff", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert "refused: unit" in result.output
    assert "tag <2> is not in the source text" in result.output
    assert "its source differs from the template's" in result.output
    assert "fr: 1 imported," in result.output
    assert "2 refused" in result.output
    after = locale_bytes(golden)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["locales/fr/LC_MESSAGES/first-aid.po"]
    old_text = before[changed[0]].decode().splitlines()
    new_text = after[changed[0]].decode().splitlines()
    assert [(a, b) for a, b in zip(old_text, new_text, strict=True) if a != b] == [
        (
            'msgstr "SEE THE <1>NHS GUIDANCE</1> FOR DETAILS."',
            'msgstr "VOIR LE <1>NHS GUIDANCE</1> FOR DETAILS."',
        )
    ]


def test_units_left_out_of_the_file_are_untouched(golden: Path) -> None:
    settings = load_settings(golden)
    data = pipeline.xliff_export(settings, "fr", todo=False).data
    root = etree.fromstring(data)
    for unit in root.iter("{urn:oasis:names:tc:xliff:document:2.0}unit"):
        if "SEE THE" not in etree.tostring(unit, encoding="unicode"):
            unit.getparent().remove(unit)
    data = edit(etree.tostring(root), "SEE THE", "VOIR")
    result = pipeline.xliff_import(settings, data, "fr.xlf")
    assert result.written == ["locales/fr/LC_MESSAGES/first-aid.po"]
    counts = result.catalogs["locales/fr/LC_MESSAGES/first-aid.po"]
    assert (counts.imported, counts.unchanged, counts.refused) == (1, 0, [])


@pytest.mark.parametrize(
    ("state", "fuzzy"),
    [
        ('state="final"', False),
        ('state="translated"', False),
        ('state="translated" subState="metsi18n:fuzzy"', True),
        ('state="initial"', True),  # a pre-translation nobody confirmed
    ],
)
def test_a_target_no_person_confirmed_comes_in_fuzzy(golden: Path, state: str, fuzzy: bool) -> None:
    settings = load_settings(golden)
    data = pipeline.xliff_export(settings, "fr", todo=False).data
    text = data.decode()
    start = text.index("SEE THE <pc")
    segment = text.rindex("<segment ", 0, start)
    close = text.index(">", segment)
    text = text[:segment] + f"<segment {state}" + text[close:]
    text = text.replace("SEE THE <pc", "VOIR LE <pc", 1)
    pipeline.xliff_import(settings, text.encode(), "fr.xlf")
    catalog = po.loads((golden / "locales/fr/LC_MESSAGES/first-aid.po").read_bytes(), "fr")
    (message,) = [m for m in catalog.messages if m.msgid.startswith("See the")]
    assert message.msgstr.startswith("VOIR LE")
    assert message.fuzzy is fuzzy


def test_a_1_2_target_from_machine_translation_comes_in_fuzzy(golden: Path) -> None:
    settings = load_settings(golden)
    data = pipeline.xliff_export(settings, "fr", todo=False, version="1.2").data
    data = edit(
        data,
        'state="translated">SEE THE',
        'state="translated" state-qualifier="mt-suggestion">VOIR',
    )
    pipeline.xliff_import(settings, data, "fr.xlf")
    catalog = po.loads((golden / "locales/fr/LC_MESSAGES/first-aid.po").read_bytes(), "fr")
    (message,) = [m for m in catalog.messages if m.msgid.startswith("See the")]
    assert message.msgstr.startswith("VOIR")
    assert message.fuzzy


def test_confirming_a_fuzzy_entry_drops_its_previous_text() -> None:
    fuzzy = po.Message("New", "Nový", flags=("fuzzy",), previous_msgid="Old")
    catalog = po.POFile(headers=(("Language", "cs"),), messages=(fuzzy,))
    (unit,) = exchange.export_units(catalog, todo=True)
    confirmed = type(unit)(unit.id, unit.source, "Nový", fuzzy=False)
    applied = exchange.apply_units(catalog, catalog, (confirmed,), lambda s, t: None)
    (message,) = applied.catalog.messages
    assert (message.fuzzy, message.previous_msgid, applied.imported) == (False, None, 1)


def test_a_plural_form_imports_into_its_own_msgstr() -> None:
    header = (("Plural-Forms", "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);"),)
    entry = po.Message("%(n)d day", msgid_plural="%(n)d days", msgstr_plural=("den", "dny", ""))
    catalog = po.POFile(headers=header, messages=(entry,))
    units = exchange.export_units(catalog, todo=False)
    third = type(units[2])(units[2].id, units[2].source, "dní", fuzzy=False)
    applied = exchange.apply_units(catalog, catalog, (third,), lambda s, t: None)
    assert applied.catalog.messages[0].msgstr_plural == ("den", "dny", "dní")


def test_an_unsafe_document_is_refused_without_fetching_anything(
    golden: Path, runner: CliRunner
) -> None:
    evil = golden / "evil.xlf"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"'
        ' trgLang="fr"><file id="first-aid"><unit id="u1"><segment><source>&x;</source>'
        "</segment></unit></file></xliff>\n"
    )
    before = locale_bytes(golden)
    result = runner.invoke(main, ["-C", str(golden), "xliff", "import", str(evil)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {evil}:1: a DOCTYPE is not allowed")
    assert "root:" not in result.output
    assert locale_bytes(golden) == before


def test_a_file_that_is_not_xml_is_one_error_line(golden: Path, runner: CliRunner) -> None:
    broken = golden / "broken.xlf"
    broken.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0">\n<file>\n')
    result = runner.invoke(main, ["-C", str(golden), "xliff", "import", str(broken)])
    assert result.exit_code == 2
    assert re.match(rf"error: {re.escape(str(broken))}:\d+: not well-formed XML", result.output)
    assert len(result.output.splitlines()) == 1


def test_export_command_writes_the_file_and_counts(golden: Path, runner: CliRunner) -> None:
    out = golden / "ar.xlf"
    result = runner.invoke(main, ["-C", str(golden), "xliff", "export", "-l", "ar", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}: ")
    assert b'trgLang="ar"' in out.read_bytes()
    assert b'trgDir="rtl"' in out.read_bytes()
    again = runner.invoke(
        main, ["-C", str(golden), "xliff", "export", "-l", "ar", "--all", "--todo", "-o", "x"]
    )
    assert again.exit_code == 2
    assert again.output.startswith("error: --all and --todo exclude each other")


# --- an independent reader ----------------------------------------------------------------
def test_translate_toolkit_reads_what_we_write(golden: Path, tmp_path: Path) -> None:
    xliff2po = pytest.importorskip("translate.convert.xliff2po")
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    settings = load_settings(golden)
    ours = po.loads((golden / "locales/fr/LC_MESSAGES/first-aid.po").read_bytes(), "fr")
    expected = {
        _plain(m.msgid): (_plain(m.msgstr), m.fuzzy)
        for m in ours.messages
        if not m.obsolete and m.msgid_plural is None and _plain(m.msgid)
    }
    v12 = pipeline.xliff_export(settings, "fr", todo=False, version="1.2").data
    store = xliff2po.xliff2po().convertstore(v12)
    read = {
        _plain(unit.source): (_plain(unit.target), unit.isfuzzy())
        for unit in store.units
        if not unit.isheader() and unit.source
    }
    assert {k: v for k, v in read.items() if k in expected} == expected
    assert set(expected) <= set(read)
    v20 = pipeline.xliff_export(settings, "fr", todo=False).data
    units = xliff2.Xliff2File.parsestring(v20).units
    assert {_plain(unit.source) for unit in units} >= set(expected)


def _plain(text: str) -> str:
    """Text without numbered tags (Translate Toolkit drops inline codes' markup)."""
    return re.sub(r"</?[0-9]+/?>", "", text)


def test_a_unit_whose_sentence_was_edited_meanwhile_is_refused(golden: Path) -> None:
    settings = load_settings(golden)
    data = pipeline.xliff_export(settings, "fr", todo=False).data
    assert data is not None
    data = edit(data, "SEE THE <pc", "VOIR LE <pc")
    data = edit(data, "CALL AN AMBULANCE", "APPELEZ UNE AMBULANCE")
    article = golden / "source" / "first-aid.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Call an ambulance", "Call emergency services"), "utf-8")
    result = pipeline.xliff_import(settings, data, "fr.xlf")
    reasons = [refusal.reason for _, refusal in result.refused]
    assert reasons == ["not in the current template (its source text changed or was removed)"]
    assert result.catalogs["locales/fr/LC_MESSAGES/first-aid.po"].imported == 1


def test_a_text_xml_cannot_carry_is_an_error_on_its_line(golden: Path, runner: CliRunner) -> None:
    catalog = golden / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    text = catalog.read_text(encoding="utf-8")
    start = text.index('msgstr "', text.index("msgid", text.index("msgid") + 5))
    catalog.write_text(text[:start] + 'msgstr "\\a' + text[start + 8 :], encoding="utf-8")
    out = golden / "fr.xlf"
    result = runner.invoke(
        main, ["-C", str(golden), "xliff", "export", "-l", "fr", "--all", "-o", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert re.match(
        r"error: locales/fr/LC_MESSAGES/sleep\.po:\d+: the entry holds a control", result.output
    )
    assert not out.exists()


def test_a_1_2_unit_marked_not_approved_stays_fuzzy(golden: Path) -> None:
    settings = load_settings(golden)
    data = pipeline.xliff_export(settings, "fr", todo=False, version="1.2").data
    assert data is not None
    text = data.decode()
    start = text.index('state="translated">SEE THE')
    unit = text.rindex("<trans-unit ", 0, start)
    text = text[:unit] + text[unit:start].replace('approved="yes"', 'approved="no"') + text[start:]
    text = text.replace('state="translated">SEE THE', 'state="translated">VOIR', 1)
    pipeline.xliff_import(settings, text.encode(), "fr.xlf")
    catalog = po.loads((golden / "locales/fr/LC_MESSAGES/first-aid.po").read_bytes(), "fr")
    (message,) = [m for m in catalog.messages if m.msgid.startswith("See the")]
    assert (message.msgstr[:4], message.fuzzy) == ("VOIR", True)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('trgLang="fr"', 'trgLang="it"', "'it' is not in [languages]"),
        ('<file id="first-aid"', '<file id="burns"', "no catalog locales/fr/LC_MESSAGES/burns.po"),
    ],
)
def test_a_file_for_another_language_or_article_changes_nothing(
    golden: Path, runner: CliRunner, old: str, new: str, reason: str
) -> None:
    data = pipeline.xliff_export(load_settings(golden), "fr", todo=False).data
    assert data is not None
    path = golden / "fr.xlf"
    path.write_bytes(edit(edit(data, "SEE THE <pc", "VOIR <pc"), old, new))
    before = locale_bytes(golden)
    result = runner.invoke(main, ["-C", str(golden), "xliff", "import", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert reason in result.output
    assert locale_bytes(golden) == before
