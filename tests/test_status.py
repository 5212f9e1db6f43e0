"""The build's status files (status.json, badges, translations.html) and stats --format svg."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner

from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.site import builder as site
from metsi18n.site.status import badge_svg, band

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("status") / "site"
    site.build(load_settings(FIXTURE), out)
    return out


def test_status_json_has_every_published_language_by_article(built: Path) -> None:
    status = json.loads((built / "status.json").read_text(encoding="utf-8"))
    by_code = {item["code"]: item for item in status["languages"]}
    assert list(by_code) == ["ar", "fr", "pl"]  # published ones, configured order
    arabic = {cell["article"]: cell for cell in by_code["ar"]["articles"]}
    assert arabic["first-aid"] == {
        "article": "first-aid",
        "catalog": "locales/ar/LC_MESSAGES/first-aid.po",
        "fuzzy": 1,
        "last_change": "2026-03-14",
        "page": "ar/first-aid.html",
        "percent": 90.0,
        "published": True,
        "translated": 18,
        "units": 20,
        "untranslated": 1,
        "words": 96,
        "words_translated": 86,
    }
    assert (arabic["sleep"]["published"], arabic["sleep"]["page"]) == (False, None)
    # No catalog (and no template): the source's units, none translated.
    polish_sleep = next(a for a in by_code["pl"]["articles"] if a["article"] == "sleep")
    assert (polish_sleep["units"], polish_sleep["translated"], polish_sleep["percent"]) == (6, 0, 0)


def contrast(colour: str) -> float:
    """WCAG contrast of white text on ``colour`` (#rrggbb)."""

    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("value", [0.0, 42.0, 85.0, 100.0])
def test_a_badge_says_its_percent_in_text_on_colours_white_text_can_be_read_on(
    value: float,
) -> None:
    svg = badge_svg("čeština", value)
    assert f'aria-label="čeština: {value:.0f}%"' in svg
    assert f"<title>čeština: {value:.0f}%</title>" in svg
    assert f">{value:.0f}%</text>" in svg
    assert '<g fill="#fff"' in svg  # white text on both halves
    backgrounds = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg)
    assert len(backgrounds) == 2
    assert all(contrast(colour) >= 4.5 for colour in backgrounds), backgrounds


def test_bands_follow_the_percent() -> None:
    assert [band(v) for v in (100, 99.9, 80, 79.9, 0)] == [
        "complete",
        "most",
        "most",
        "part",
        "part",
    ]


def test_the_build_writes_a_badge_per_language(built: Path) -> None:
    assert sorted(p.name for p in (built / "badges").iterdir()) == ["ar.svg", "fr.svg", "pl.svg"]
    arabic = (built / "badges" / "ar.svg").read_text(encoding="utf-8")
    assert 'aria-label="العربية: 90%"' in arabic
    assert 'direction="rtl"' in arabic


def test_stats_prints_the_badge_the_build_writes(built: Path) -> None:
    result = CliRunner().invoke(main, ["-C", str(FIXTURE), "stats", "-l", "fr", "--format", "svg"])
    assert result.exit_code == 0, result.output
    assert result.output == (built / "badges" / "fr.svg").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(FIXTURE), "stats", "--format", "svg"])
    assert result.exit_code == 2
    assert result.output == "error: --format svg needs exactly one language: -l LANG\n"


def test_translations_page_has_a_bar_per_language_and_a_cell_per_article(built: Path) -> None:
    tree = html5lib.parse((built / "translations.html").read_bytes(), namespaceHTMLElements=False)
    bars = tree.findall(".//ul[@class='bars']/li")
    assert ["".join(li.itertext()).split() for li in bars] == [
        ["العربية", "90%"],
        ["Français", "97%"],
        ["Polski", "24%"],
    ]
    assert [p.get("value") for p in tree.iter("progress")] == ["89.7", "97.1", "23.6"]
    rows = tree.findall(".//tbody/tr")
    assert len(rows) == 3  # burn-warnings, first-aid, sleep
    first_aid = rows[1].findall("td")
    links = [cell.find("a") for cell in first_aid]
    assert [a.get("href") if a is not None else None for a in links] == [
        "ar/first-aid.html",
        "fr/first-aid.html",
        None,  # pl: below the threshold, not published
    ]
    assert "(not published)" in "".join(first_aid[2].itertext())
    intro = tree.find(".//main/p")
    assert intro is not None
    assert "locales/<language>/LC_MESSAGES/<article>.po" in "".join(intro.itertext())


def test_a_catalog_change_rewrites_the_status_files_it_changes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    po = project / "locales" / "pl" / "LC_MESSAGES" / "first-aid.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "COOL', 'msgstr "XCOOL', 1) + "\n", encoding="utf-8")
    result = site.build(load_settings(project), out)
    assert "status.json" not in result.written  # same counts
    text = po.read_text(encoding="utf-8")
    untranslated = re.search(r'msgid "Do not use ice."\nmsgstr ""', text)
    assert untranslated is not None
    po.write_text(
        text.replace(untranslated[0], 'msgid "Do not use ice."\nmsgstr "NO ICE."'), "utf-8"
    )
    result = site.build(load_settings(project), out)
    assert sorted(result.written) == ["badges/pl.svg", "status.json", "translations.html"]
