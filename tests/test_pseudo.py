"""Pseudo-locales: preview pages before any translator starts, tags and placeholders kept."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n import pipeline, quality
from metsi18n.catalogs import pseudo_text
from metsi18n.cli import main
from metsi18n.config import load_settings

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "build" / "project"
TAGS_AND_PLACEHOLDERS = re.compile(r"</?[0-9]+/?>|%\([a-z]+\)d|\{[a-z]+\}")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("locale", ["en-XA", "ar-XB"])
@pytest.mark.parametrize("root", [REPO, GOLDEN], ids=["repository", "golden"])
def test_pseudo_catalogs_pass_the_markup_and_placeholder_checks(root: Path, locale: str) -> None:
    catalogs = pipeline.pseudo_catalogs(load_settings(root), locale)
    assert catalogs
    checked = 0
    for domain, catalog in catalogs.items():
        for message in catalog.messages:
            assert message.translated, (domain, message.msgid)
            strings = message.msgstr_plural or (message.msgstr,)
            for index, text in enumerate(strings):
                source = message.msgid if index == 0 else message.msgid_plural or message.msgid
                for name in ("markup", "placeholders"):
                    assert quality.CHECKS[name](source, text, "en") == [], (name, source, text)
                checked += 1
    assert checked > 10


def test_the_checks_would_catch_a_pseudo_translation_that_lost_a_tag() -> None:
    source = "Cool the burn under <1>cool running water</1> for %(num)d minutes."
    broken = pseudo_text(source, "en-XA").replace("</1>", "").replace("%(num)d", "%d")
    assert quality.CHECKS["markup"](source, broken, "en")
    assert quality.CHECKS["placeholders"](source, broken, "en")


def test_en_xa_is_accented_bracketed_and_about_a_third_longer() -> None:
    source = "Liver metastases are tumours in the liver made of cancer cells."
    text = pseudo_text(source, "en-XA")
    assert text.startswith("[Ļîṽéŕ ɱéţåšţåšéš")
    assert text.endswith("]")
    assert 1.30 <= len(text) / len(source) <= 1.45
    assert not re.search(r"[a-z]{4}", text.split(".")[0])  # no plain English word left
    assert TAGS_AND_PLACEHOLDERS.findall(pseudo_text("<1>x</1> %(num)d {date} <2/>", "en-XA")) == [
        "<1>",
        "</1>",
        "%(num)d",
        "{date}",
        "<2/>",
    ]


def test_ar_xb_puts_each_run_of_text_right_to_left_and_keeps_the_tags() -> None:
    text = pseudo_text("See the <1>NHS guidance</1>.", "ar-XB")
    assert text == "\u202eSee the \u202c<1>\u202eNHS guidance\u202c</1>\u202e.\u202c"


def test_pseudo_pages_are_built_without_touching_locales(tmp_path: Path, runner: CliRunner) -> None:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN, root)
    before = tree(root / "locales")
    result = runner.invoke(main, ["-C", str(root), "pseudo", "-o", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "a" / "en-XA" / "first-aid.html").read_text(encoding="utf-8")
    assert '<html lang="en-XA"' in page
    assert "[Çööļ ţĥé ƀûŕñ ûñðéŕ <em>çööļ ŕûññîñĝ ŵåţéŕ</em>" in page
    assert tree(root / "locales") == before
    again = runner.invoke(main, ["-C", str(root), "pseudo", "-o", str(tmp_path / "b")])
    assert again.exit_code == 0, again.output
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    rtl = runner.invoke(
        main, ["-C", str(root), "pseudo", "--locale", "ar-XB", "-o", str(tmp_path / "c")]
    )
    assert rtl.exit_code == 0, rtl.output
    assert 'dir="rtl"' in (tmp_path / "c" / "ar-XB" / "first-aid.html").read_text(encoding="utf-8")


def test_an_unknown_pseudo_locale_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["-C", str(GOLDEN), "pseudo", "--locale", "fr-XX"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")


PSEUDO_GOLDEN = REPO / "tests" / "golden" / "pseudo"


@pytest.mark.parametrize("locale", ["en-XA", "ar-XB"])
def test_golden_pseudo_pages(tmp_path: Path, locale: str) -> None:
    """The golden project's pseudo pages, as tests/golden/pseudo/ holds them; after an
    intended change: METSI18N_UPDATE_GOLDEN=1 python -m pytest tests/test_pseudo.py -k golden
    """
    out = tmp_path / "site"
    pipeline.pseudo(load_settings(GOLDEN), locale, out)
    got = tree(out / locale)
    expected = PSEUDO_GOLDEN / locale
    if os.environ.get("METSI18N_UPDATE_GOLDEN"):
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(out / locale, expected)
    assert sorted(got) == sorted(tree(expected)), "run METSI18N_UPDATE_GOLDEN=1 (see the test)"
    for name, data in tree(expected).items():
        assert got[name].decode() == data.decode(), name
