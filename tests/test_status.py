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
        "download": "catalogs/ar/first-aid.po",
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
    assert polish_sleep["download"] is None
    assert by_code["pl"]["download"] == "catalogs/pl/site.po"


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
        ["العربية", "90%", "page", "chrome", "catalog"],
        ["Français", "97%", "page", "chrome", "catalog"],
        ["Polski", "24%", "page", "chrome", "catalog"],
    ]
    assert [p.get("value") for p in tree.iter("progress")] == ["89.7", "97.1", "23.6"]
    assert [li.find("a").get("href") for li in bars] == [  # type: ignore[union-attr]
        f"catalogs/{code}/site.po" for code in ("ar", "fr", "pl")
    ]
    rows = tree.findall(".//tbody/tr")
    assert len(rows) == 3  # burn-warnings, first-aid, sleep
    first_aid = rows[1].findall("td")
    links = [[(a.get("href"), a.text) for a in cell.findall("a")] for cell in first_aid]
    assert links == [
        [("ar/first-aid.html", "90%"), ("catalogs/ar/first-aid.po", "catalog")],
        [("fr/first-aid.html", "95%"), ("catalogs/fr/first-aid.po", "catalog")],
        [("catalogs/pl/first-aid.po", "catalog")],  # below the threshold: no page yet
    ]
    assert "(not published)" in "".join(first_aid[2].itertext())
    download = first_aid[2].find("a")
    assert download is not None
    assert download.get("aria-label") == "catalog of First aid for burns in Polski"
    assert "download" in download.attrib
    polish_sleep = rows[2].findall("td")[2]
    assert polish_sleep.find("a") is None  # neither a catalog nor a template to offer
    assert "(no catalog yet)" in "".join(polish_sleep.itertext())


def test_every_link_of_the_status_page_reaches_a_file_of_the_site(built: Path) -> None:
    tree = html5lib.parse((built / "translations.html").read_bytes(), namespaceHTMLElements=False)
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert len(hrefs) == 1 + 3 + 3 + 5 + 7  # status.json, bars, titles, pages, catalogs
    assert [href for href in hrefs if not (built / str(href)).is_file()] == []


def test_the_site_holds_each_built_languages_catalogs_byte_for_byte(built: Path) -> None:
    locales = FIXTURE / "locales"
    expected = {
        f"{path.parent.parent.name}/{path.name}": path.read_bytes()
        for path in locales.glob("*/LC_MESSAGES/*.po")
        if path.parent.parent.name != "de"  # a draft language: not built, not offered
    }
    got = {
        path.relative_to(built / "catalogs").as_posix(): path.read_bytes()
        for path in (built / "catalogs").rglob("*")
        if path.is_file()
    }
    assert got == expected
    assert len(got) == 10


def test_without_a_catalog_a_cell_offers_the_template_and_names_are_escaped(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    source = project / "source" / "sleep.md"
    title = 'Sleep & "rest" <b>well</b>'
    text = source.read_text(encoding="utf-8").replace("title: Sleeping well", f"title: '{title}'")
    source.write_text(text, encoding="utf-8")
    assert CliRunner().invoke(main, ["-C", str(project), "export"]).exit_code == 0
    (project / "locales" / "pl" / "LC_MESSAGES" / "sleep.po").unlink()
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    assert (out / "catalogs" / "sleep.pot").read_bytes() == (
        project / "locales" / "sleep.pot"
    ).read_bytes()
    assert not (out / "catalogs" / "pl" / "sleep.po").exists()
    raw = (out / "translations.html").read_text(encoding="utf-8")
    assert "<b>well</b>" not in raw
    tree = html5lib.parse(raw, namespaceHTMLElements=False)
    row = tree.findall(".//tbody/tr")[2]
    header = row.find("th")
    assert header is not None
    assert [(a.get("href"), "".join(a.itertext())) for a in header.findall("a")] == [
        ("en/sleep.html", title),
        ("catalogs/sleep.pot", "template"),
    ]
    polish = row.findall("td")[2].find("a")
    assert polish is not None
    assert (polish.get("href"), polish.text) == ("catalogs/sleep.pot", "template")
    assert polish.get("aria-label") == f"template of {title} in Polski"
    status = json.loads((out / "status.json").read_text(encoding="utf-8"))
    polish_cells = {c["article"]: c for c in status["languages"][2]["articles"]}
    assert polish_cells["sleep"]["download"] == "catalogs/sleep.pot"


def test_a_second_build_writes_no_download_and_restores_one_edited_in_the_site(
    built: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    site.build(load_settings(FIXTURE), out)
    assert site.build(load_settings(FIXTURE), out).written == []
    copy = out / "catalogs" / "fr" / "sleep.po"
    copy.write_bytes(copy.read_bytes() + b"\n# edited in the site\n")
    result = site.build(load_settings(FIXTURE), out)
    assert result.written == ["catalogs/fr/sleep.po"]
    assert copy.read_bytes() == (FIXTURE / "locales/fr/LC_MESSAGES/sleep.po").read_bytes()


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
    assert sorted(result.written) == [
        "badges/pl.svg",
        "catalogs/pl/first-aid.po",
        "status.json",
        "translations.html",
    ]
