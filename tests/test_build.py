"""metsi18n build: structure of the pages, goldens, XSS, incremental, --jobs, failures.

The golden pages under tests/golden/build/expected/ are regenerated with

    METSI18N_UPDATE_GOLDEN=1 python -m pytest tests/test_build.py -k golden
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import html5lib
import pytest
from click.testing import CliRunner

from metsi18n import storage
from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.languages import language_info
from metsi18n.site import builder as site

GOLDEN = Path(__file__).resolve().parent / "golden" / "build"
FIXTURE = GOLDEN / "project"
EXPECTED = GOLDEN / "expected"
#: What the fixture's pseudo-translations give: article -> built languages (BCP 47 order).
BUILT = {
    "burn-warnings": ["ar", "en", "fr"],
    "first-aid": ["ar", "en", "fr"],
    "sleep": ["en", "fr"],
}
ENDONYMS = {"ar": "العربية", "en": "English", "fr": "Français"}
BASE = "https://golden.example.org/"
SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def parse(path: Path) -> ET.Element:
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the fixture project."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once, for the read-only structural tests."""
    out = tmp_path_factory.mktemp("built") / "site"
    site.build(load_settings(FIXTURE), out)
    return out


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), "build", *args])
    return result.exit_code, result.output


# --- what is built ------------------------------------------------------------------


def test_build_reports_languages_left_out(tmp_path: Path) -> None:
    code, output = run(FIXTURE, "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert "not built: de: status is 'draft'" in output
    assert "not built: ar (sleep): 50% of units translated, below the 80% threshold" in output
    assert "not built: pl (first-aid): 15% of units translated, below the 80% threshold" in output
    assert "not built: pl (sleep): no catalog locales/pl/LC_MESSAGES/sleep.po" in output
    assert "not built: pl (burn-warnings): no catalog" in output
    assert "8 pages; 34 files written" in output  # 10 of them: catalogs to download
    pages = sorted(p for p in snapshot(tmp_path / "out") if p.endswith(".html"))
    assert pages == [
        "ar/burn-warnings.html",
        "ar/first-aid.html",
        "ar/index.html",
        "en/burn-warnings.html",
        "en/first-aid.html",
        "en/index.html",
        "en/sleep.html",
        "fr/burn-warnings.html",
        "fr/first-aid.html",
        "fr/index.html",
        "fr/sleep.html",
        "index.html",
        "translations.html",
    ]


def test_language_option_limits_the_build(tmp_path: Path) -> None:
    code, output = run(FIXTURE, "-o", str(tmp_path / "out"), "-l", "fr")
    assert code == 0, output
    assert not (tmp_path / "out" / "ar").exists()
    assert (tmp_path / "out" / "fr" / "sleep.html").exists()
    code, output = run(FIXTURE, "-o", str(tmp_path / "out"), "-l", "xx")
    assert code == 2
    assert "'xx' is not in [languages]" in output


def test_golden_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    site.build(load_settings(FIXTURE), out)
    # catalogs/: copies of the project's catalogs (test_status.py holds them to locales/)
    got = {name: data for name, data in snapshot(out).items() if not name.startswith("catalogs/")}
    if os.environ.get("METSI18N_UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED, ignore=lambda folder, names: ["catalogs"])
    assert sorted(got) == sorted(snapshot(EXPECTED)), "run METSI18N_UPDATE_GOLDEN=1 (see top)"
    for name, data in snapshot(EXPECTED).items():
        assert got[name].decode() == data.decode(), name


# --- structure of every page -------------------------------------------------------------


def test_every_page_has_lang_dir_title_and_canonical(built: Path) -> None:
    for slug, codes in BUILT.items():
        for code in codes:
            tree = parse(built / code / f"{slug}.html")
            assert tree.get("lang") == code
            assert tree.get("dir") == ("rtl" if code == "ar" else "ltr")
            head = tree.find("head")
            assert head is not None
            canonical = head.find("link[@rel='canonical']")
            assert canonical is not None
            assert canonical.get("href") == f"{BASE}{code}/{slug}.html"
            english = {
                "burn-warnings": "Burns - what not to do",
                "first-aid": "First aid for burns",
                "sleep": "Sleeping well",
            }[slug]
            assert head.findtext("title") == (english if code == "en" else english.upper())
            description = head.find("meta[@name='description']")
            assert description is not None
            assert description.get("content")


def test_hreflang_alternates_are_reciprocal_with_x_default(built: Path) -> None:
    for slug, codes in BUILT.items():
        seen = []
        for code in codes:
            head = parse(built / code / f"{slug}.html").find("head")
            assert head is not None
            links = [
                (link.get("hreflang"), link.get("href"))
                for link in head.findall("link[@rel='alternate']")
            ]
            seen.append(links)
            assert (code, f"{BASE}{code}/{slug}.html") in links
            assert ("x-default", f"{BASE}en/{slug}.html") in links
            assert {lang for lang, _ in links} == {*codes, "x-default"}
            locale = head.find("meta[@property='og:locale']")
            assert locale is not None
            og = {c: language_info(c).og_locale for c in codes}
            assert locale.get("content") == og[code]
            assert "_" in og[code], "og:locale is language_TERRITORY"
            alternates = head.findall("meta[@property='og:locale:alternate']")
            assert [m.get("content") for m in alternates] == [og[c] for c in codes if c != code]
        assert all(links == seen[0] for links in seen)


def test_other_languages_list_holds_the_other_built_languages_only(built: Path) -> None:
    for slug, codes in BUILT.items():
        for code in codes:
            nav = parse(built / code / f"{slug}.html").find(".//nav[@class='languages']")
            assert nav is not None
            others = [other for other in codes if other != code]
            items = nav.findall("./ul/li")
            assert len(items) == len(others)
            for item, other in zip(items, others, strict=True):
                link = item.find("a")
                assert link is not None
                assert link.get("hreflang") == other
                assert link.get("lang") == other
                assert link.get("href") == f"../{other}/{slug}.html"
                assert link.text == ENDONYMS[other]
    heading = parse(built / "fr" / "sleep.html").find(".//nav[@class='languages']/h2")
    assert heading is not None
    assert heading.text == "IN OTHER LANGUAGES"  # in the page's language


def test_the_root_index_chooses_a_language_by_endonym_each_isolated(built: Path) -> None:
    items = parse(built / "index.html").findall(".//ul[@class='chooser']/li")
    assert len(items) == len(ENDONYMS)
    for item, code in zip(items, ["ar", "en", "fr"], strict=True):
        assert item.get("dir") is None, "the item keeps the page's direction (its bullet too)"
        (bdi,) = list(item)
        assert bdi.tag == "bdi"
        assert (bdi.get("lang"), bdi.get("dir")) == (code, "rtl" if code == "ar" else "ltr")
        (link,) = list(bdi)
        assert (link.get("href"), link.get("hreflang")) == (f"{code}/index.html", code)
        assert link.text == ENDONYMS[code]


def articles(tree: ET.Element, heading: str | None = None) -> list[tuple[str, str, str | None]]:
    """(href, title, lang) of each article a home lists (under ``heading``, if given)."""
    lists = tree.findall(".//ul[@class='articles']")
    found = lists[-1] if heading else lists[0]
    return [
        (a.get("href") or "", "".join(a.itertext()), a.get("lang"))
        for a in (li.find("a") for li in found.findall("li"))
        if a is not None
    ]


def test_each_language_has_a_home_with_its_articles_then_the_untranslated(built: Path) -> None:
    french = parse(built / "fr" / "index.html")
    assert french.get("lang") == "fr"
    assert articles(french) == [
        ("burn-warnings.html", "BURNS - WHAT NOT TO DO", None),
        ("first-aid.html", "FIRST AID FOR BURNS", None),
        ("sleep.html", "SLEEPING WELL", None),
    ]
    assert len(french.findall(".//ul[@class='articles']")) == 1  # nothing untranslated
    arabic = parse(built / "ar" / "index.html")
    assert articles(arabic) == [
        ("burn-warnings.html", "BURNS - WHAT NOT TO DO", None),
        ("first-aid.html", "FIRST AID FOR BURNS", None),
    ]
    headings = ["".join(h.itertext()) for h in arabic.iter("h2")]
    assert headings == ["NOT YET TRANSLATED"]
    assert articles(arabic, "NOT YET TRANSLATED") == [("../en/sleep.html", "Sleeping well", "en")]
    described = [p for p in arabic.iter("span") if p.get("lang") == "en"]
    assert [(p.get("dir"), p.text) for p in described] == [
        ("ltr", "Common mistakes after a burn."),  # burn-warnings: its description untranslated
        ("ltr", "Simple habits for better sleep."),
    ]


def test_a_home_lists_its_titles_in_collation_order(project: Path) -> None:
    po = project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    po.write_text(po.read_text(encoding="utf-8").replace("SLEEPING WELL", "ÉVEIL"), "utf-8")
    out = project / "site"
    site.build(load_settings(project), out)
    titles = [title for _, title, _ in articles(parse(out / "fr" / "index.html"))]
    assert titles == ["BURNS - WHAT NOT TO DO", "ÉVEIL", "FIRST AID FOR BURNS"]  # É with E


def test_every_page_has_a_language_switcher_that_works_without_script(built: Path) -> None:
    for slug, codes in BUILT.items():
        for code in codes:
            switcher = parse(built / code / f"{slug}.html").find(".//header/details")
            assert switcher is not None
            assert switcher.find("summary") is not None
            links = switcher.findall("./ul/li/a")
            assert [a.get("href") for a in links] == [f"../{c}/{slug}.html" for c in codes]
            current = [a.get("hreflang") for a in links if a.get("aria-current") == "page"]
            assert current == [code]
    summary = parse(built / "fr" / "sleep.html").find(".//header/details/summary")
    assert summary is not None
    assert "".join(summary.itertext()) == "LANGUAGE: Français"


def notice(path: Path) -> str | None:
    found = parse(path).find(".//div[@class='notice']")
    if found is None:
        return None
    assert found.get("role") == "note"
    return " ".join("".join(found.itertext()).split())


def test_a_page_with_units_in_english_says_how_many_and_since_when(built: Path) -> None:
    assert notice(built / "fr" / "first-aid.html") == (
        "1 OF THE 20 SENTENCES ON THIS PAGE IS SHOWN IN ENGLISH BECAUSE THE ENGLISH TEXT "
        "WAS UPDATED ON 14 mars 2026. THE TRANSLATION IS BEING UPDATED."
    )
    # Arabic: three units (fuzzy, broken tags, empty); the plural form of 3 (the fourth).
    assert notice(built / "ar" / "first-aid.html") == (
        "3 OF THE 20 SENTENCES ON THIS PAGE ARE SHOWN IN ENGLISH BECAUSE THE ENGLISH TEXT "
        "WAS UPDATED ON 14 مارس 2026. THE TRANSLATION IS BEING UPDATED."
    )


def test_a_complete_page_and_the_english_page_have_no_notice(built: Path) -> None:
    assert notice(built / "fr" / "sleep.html") is None
    assert notice(built / "en" / "first-aid.html") is None


def set_french(project: Path, settings: str) -> None:
    config = project / "metsi18n.toml"
    text = config.read_text(encoding="utf-8")
    french = 'fr = { status = "published" }'
    assert french in text
    config.write_text(text.replace(french, f'fr = {{ status = "published", {settings} }}'))


def test_fuzzy_units_can_show_their_earlier_translation_marked_outdated(project: Path) -> None:
    set_french(project, 'fuzzy = "outdated"')
    out = project / "site"
    site.build(load_settings(project), out)
    page = parse(out / "fr" / "first-aid.html")
    outdated = [s for s in page.iter("span") if s.get("class") == "outdated"]
    assert ["".join(s.itertext()) for s in outdated] == ["REMOVE RINGS BEFORE THE SKIN SWELLS."]
    assert not [s for s in page.iter("span") if s.get("lang") == "en"]
    assert notice(out / "fr" / "first-aid.html") == (
        "1 OF THE 20 SENTENCES ON THIS PAGE IS SHOWN IN AN EARLIER TRANSLATION, MARKED AS "
        "OUTDATED, BECAUSE THE ENGLISH TEXT WAS UPDATED ON 14 mars 2026. "
        "THE TRANSLATION IS BEING UPDATED."
    )
    # Arabic keeps the default: its fuzzy unit shows the English.
    assert "SHOWN IN ENGLISH" in (notice(out / "ar" / "first-aid.html") or "")


def test_a_bad_fuzzy_setting_is_one_error_line(project: Path) -> None:
    set_french(project, 'fuzzy = "x"')
    code, output = run(project)
    assert code == 2
    assert output.strip() == (
        "error: metsi18n.toml: setting languages.fr.fuzzy must be 'english' or 'outdated'"
    )


def test_untranslated_units_are_marked_english(built: Path) -> None:
    tree = parse(built / "ar" / "first-aid.html")
    marked = [
        "".join(span.itertext())
        for span in tree.iter("span")
        if span.get("lang") == "en" and span.get("dir") == "ltr"
    ]
    # Fuzzy, broken tags, empty, and the site catalog's untranslated "Send".
    assert marked == [
        "Do not use ice.",
        "When to call for help",
        "See the NHS guidance for details.",
        "Send",
    ]
    tree = parse(built / "en" / "first-aid.html")
    assert not [s for s in tree.iter("span") if s.get("lang")]
    # French: the one fuzzy unit (its English changed), in English, in a left-to-right page.
    tree = parse(built / "fr" / "first-aid.html")
    marked = [(s.get("lang"), s.get("dir"), s.text) for s in tree.iter("span") if s.get("lang")]
    assert marked == [("en", None, "Remove rings and watches before the skin swells.")]


def test_every_relative_link_resolves_to_a_built_file(built: Path) -> None:
    for page in built.rglob("*.html"):
        tree = parse(page)
        for element in tree.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if target is None or urlsplit(target).scheme or target.startswith("#"):
                    continue
                resolved = (page.parent / urlsplit(target).path).resolve()
                assert resolved.is_file(), f"{page.relative_to(built)}: {target}"
                assert resolved.is_relative_to(built.resolve())


def test_sitemap_lists_every_page_with_alternates(built: Path) -> None:
    root = ET.parse(built / "sitemap.xml").getroot()
    urls = {url.findtext("s:loc", namespaces=SITEMAP_NS): url for url in root}
    for slug, codes in BUILT.items():
        for code in codes:
            url = urls[f"{BASE}{code}/{slug}.html"]
            links = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
            }
            assert links == {
                **{c: f"{BASE}{c}/{slug}.html" for c in codes},
                "x-default": f"{BASE}en/{slug}.html",
            }
    homes = {code: f"{BASE}{code}/index.html" for code in ENDONYMS}
    for url in [*homes.values(), f"{BASE}index.html"]:
        links = {
            link.get("hreflang"): link.get("href")
            for link in urls[url].findall("x:link", SITEMAP_NS)
        }
        assert links == {**homes, "x-default": f"{BASE}index.html"}


def test_reading_time_and_date_are_localized(built: Path) -> None:
    meta = parse(built / "ar" / "first-aid.html").find(".//p[@class='meta']")
    assert meta is not None
    text = "".join(meta.itertext())
    assert text.startswith("READING TIME: 1 MINUTE · LAST UPDATED: 14 مارس 2026")
    meta = parse(built / "en" / "sleep.html").find(".//p[@class='meta']")
    assert meta is not None
    assert "".join(meta.itertext()) == "Reading time: 1 minute · Last updated: January 5, 2026"


def test_stylesheet_uses_logical_properties_only(built: Path) -> None:
    css = re.sub(r"/\*.*?\*/", "", (built / "style.css").read_text(encoding="utf-8"), flags=re.S)
    assert not re.search(r"\b(left|right)\b", css)
    assert "margin-inline" in css


# --- escaping -----------------------------------------------------------------------------

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '"><svg onload=alert(1)>',
)


def poison(root: Path, payload: str, silenced: bool = True) -> None:
    """Put ``payload`` into every French translation of both domains (tags kept);
    ``silenced``: with a translator's ``# ignore-injection`` on each, so check accepts
    them and the build shows them."""
    for po in (root / "locales" / "fr" / "LC_MESSAGES").glob("*.po"):
        text = po.read_text(encoding="utf-8")
        quoted = payload.replace("\\", "\\\\").replace('"', '\\"')
        text = re.sub(
            r'^msgstr(\[\d\])? "(?!")', lambda m, q=quoted: f"{m.group(0)}{q} ", text, flags=re.M
        )
        if silenced:  # a translator comment opens each entry but the header
            blocks = text.split("\n\n")
            text = "\n\n".join(
                block if 'msgid ""\n' in block else f"# ignore-injection\n{block}"
                for block in blocks
            )
        po.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_catalog_payloads_render_inert(project: Path, tmp_path: Path, payload: str) -> None:
    poison(project, payload)
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    pages = ["fr/first-aid.html", "fr/sleep.html", "fr/index.html"]
    for page in (out / name for name in pages):
        tree = parse(page)
        for element in tree.iter():
            assert element.tag not in ("svg", "iframe"), page
            if element.tag == "script":
                assert element.get("src") in ("../feedback.js", "chooser.js")
            if element.tag == "img":
                assert element.get("src") == f"{BASE}tap.png"
            for name, value in element.attrib.items():
                assert not name.startswith("on"), (page, element.tag, name)
                if name in ("href", "src"):
                    assert "javascript" not in value, (page, element.tag, value)
        text = "".join(tree.itertext())
        assert payload in text, page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_catalog_payloads_check_refuses_are_not_published(
    project: Path, tmp_path: Path, payload: str
) -> None:
    """Unsilenced, every poisoned unit falls back to English: the French pages drop below
    the threshold and are not built; the chrome of the pages that are shows no payload."""
    poison(project, payload, silenced=False)
    out = tmp_path / "out"
    result = site.build(load_settings(project), out)
    assert not (out / "fr").exists()
    assert {skip.language for skip in result.skipped} >= {"fr"}
    for page in out.rglob("*.html"):
        assert payload not in "".join(parse(page).itertext()), page


# --- incremental, parallel, failures ---------------------------------------------------------


def test_second_build_writes_nothing(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    before = stamps(out)
    result = site.build(load_settings(project), out)
    assert result.written == []
    assert result.removed == []
    assert stamps(out) == before


def test_changed_catalog_rewrites_only_its_pages(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    before = stamps(out)
    po = project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    po.write_text(po.read_text(encoding="utf-8").replace("SLEEPING WELL", "BIEN DORMIR"), "utf-8")
    result = site.build(load_settings(project), out)
    # the title: on the home; the catalog: its download
    assert result.written == ["catalogs/fr/sleep.po", "fr/index.html", "fr/sleep.html"]
    after = stamps(out)
    assert sorted(name for name in after if after[name] != before.get(name)) == result.written


def test_language_falling_below_threshold_is_unlinked(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    for slug in ("burn-warnings", "first-aid"):
        (project / "locales" / "ar" / "LC_MESSAGES" / f"{slug}.po").unlink()
    result = site.build(load_settings(project), out)
    # the Arabic variant of an image goes with the last Arabic page that showed it
    assert result.removed == [
        "ar/burn-warnings.html",
        "ar/first-aid.html",
        "ar/index.html",
        "catalogs/ar/burn-warnings.po",
        "catalogs/ar/first-aid.po",
        "media/images/ar/cool.svg",
    ]
    assert not (out / "ar").exists()
    assert "ar/" not in (out / "en" / "first-aid.html").read_text(encoding="utf-8")


def test_jobs_give_byte_identical_output(tmp_path: Path) -> None:
    assert run(FIXTURE, "-o", str(tmp_path / "one"), "--jobs", "1")[0] == 0
    assert run(FIXTURE, "-o", str(tmp_path / "four"), "--jobs", "4")[0] == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "four")


def test_bad_input_leaves_previous_output_intact(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    before = snapshot(out)
    (project / "source" / "sleep.md").write_text("no front matter\n", encoding="utf-8")
    code, output = run(project, "-o", str(out))
    assert code == 2
    assert "error: source/sleep.md:1:" in output
    assert snapshot(out) == before


def test_failure_while_writing_leaves_previous_output_intact(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    before = snapshot(out)
    po = project / "locales" / "fr" / "LC_MESSAGES" / "site.po"
    po.write_text(po.read_text(encoding="utf-8").replace('"YES"', '"OUI"'), encoding="utf-8")
    calls = []

    real = storage.tree.write_new
    version = os.readlink(out)

    def failing(path: str, *args: Any, **kwargs: Any) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, *args, **kwargs)

    monkeypatch.setattr(storage.tree, "write_new", failing)
    with pytest.raises(OSError, match="No space"):
        site.build(load_settings(project), out)
    assert snapshot(out) == before
    assert os.readlink(out) == version
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.metsi18n", "out", "project"]
    kept = sorted(p.name for p in (tmp_path / ".out.metsi18n").iterdir())
    assert kept == [".metsi18n-build", version.rpartition("/")[2]]  # the new version is gone


def test_refuses_an_output_folder_that_is_not_a_build(project: Path, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = run(project, "-o", str(tmp_path / "docs"))
    assert code == 2
    assert output == (
        f"error: output folder {tmp_path / 'docs'} is not empty and is not a metsi18n build "
        "(no .metsi18n-build; builds by earlier versions of metsi18n have none): "
        "choose another folder with -o, or delete it\n"
    )
    code, output = run(project, "-o", str(project))
    assert code == 2
    assert "would hold the project itself" in output
    assert (tmp_path / "docs" / "notes.txt").exists()


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    site.build(load_settings(FIXTURE), tmp_path / "out", progress=lambda d, t: seen.append((d, t)))
    assert seen
    assert seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_server_serves_the_site_on_localhost(built: Path) -> None:
    httpd = site.server(built, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/fr/sleep.html") as response:
            assert b'<html lang="fr" dir="ltr">' in response.read()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_output_layout(built: Path) -> None:
    tops = {PurePosixPath(name).parts[0] for name in snapshot(built)}
    statics = {"style.css", "feedback.js", "chooser.js", "media"}
    status = {"status.json", "badges", "translations.html", "catalogs"}
    marker = {".metsi18n-build"}
    assert tops == {*ENDONYMS, "index.html", "sitemap.xml", *statics, *status, *marker}


# --- build -l LANG into an earlier build ---------------------------------------------


def test_building_one_language_updates_it_and_leaves_the_others_in_place(
    project: Path, tmp_path: Path
) -> None:
    """`build -l fr` into the configured output after editing a French catalog: the
    French page changes; Arabic and English pages stay, byte for byte, and so do their
    entries in the index and the sitemap. The result is what a full build gives."""
    code, output = run(project)
    assert code == 0, output
    out = project / "site"
    before = snapshot(out)
    po = project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    po.write_text(po.read_text(encoding="utf-8").replace("SLEEPING WELL", "BIEN DORMIR"), "utf-8")
    code, output = run(project, "-l", "fr")
    assert code == 0, output
    after = snapshot(out)
    assert sorted(after) == sorted(before)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["catalogs/fr/sleep.po", "fr/index.html", "fr/sleep.html"]
    assert "BIEN DORMIR" in after["fr/sleep.html"].decode()
    assert b'hreflang="ar"' in after["sitemap.xml"]
    assert b'href="ar/index.html"' in after["index.html"]
    full = tmp_path / "full"
    site.build(load_settings(project), full)
    assert snapshot(full) == after


def test_building_one_language_does_not_report_the_others(project: Path) -> None:
    code, output = run(project)
    assert code == 0, output
    code, output = run(project, "-l", "fr")
    assert code == 0, output
    assert "not built: ar" not in output
    assert "not built: pl (first-aid)" not in output
    assert "0 removed" in output


def test_building_one_language_into_an_empty_folder_links_only_what_it_built(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    code, output = run(FIXTURE, "-o", str(out), "-l", "fr")
    assert code == 0, output
    assert sorted(p for p in snapshot(out) if p.endswith(".html")) == [
        "en/burn-warnings.html",
        "en/first-aid.html",
        "en/index.html",
        "en/sleep.html",
        "fr/burn-warnings.html",
        "fr/first-aid.html",
        "fr/index.html",
        "fr/sleep.html",
        "index.html",
        "translations.html",
    ]
    for page in ("en/first-aid.html", "fr/first-aid.html", "index.html", "sitemap.xml"):
        assert "ar/first-aid.html" not in (out / page).read_text(encoding="utf-8")
        assert "ar/index.html" not in (out / page).read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", ["index", "site"])
def test_a_reserved_slug_is_refused_with_one_line(project: Path, slug: str) -> None:
    article = project / "source" / "sleep.md"
    article.write_text(article.read_text(encoding="utf-8").replace("slug: sleep", f"slug: {slug}"))
    code, output = run(project)
    assert code == 2
    assert output.startswith(f"error: source/sleep.md: slug '{slug}' is reserved for ")
    assert output.count("\n") == 1
    assert not (project / "site").exists()


def test_an_article_with_only_code_publishes_in_every_language_and_check_is_silent(
    make_project: Any, runner: CliRunner
) -> None:
    config = '[project]\nname = "T"\nbase_url = "https://example.org/"\n\n[languages]\n'
    config += 'cs = { status = "published" }\n'
    article = "---\ntitle: Dosage table\nslug: dosage\ndate: 2026-01-01\n---\n\n```\n5 mg\n```\n"
    root = make_project({"dosage.md": article}, config)
    assert runner.invoke(main, ["-C", str(root), "export"]).exit_code == 0
    catalog = root / "locales" / "cs" / "LC_MESSAGES" / "dosage.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('"Dosage table"\nmsgstr ""', '"Dosage table"\nmsgstr "Dávky"'))
    checked = runner.invoke(main, ["-C", str(root), "check"])
    assert checked.exit_code == 0
    assert "dosage" not in checked.output
    assert run(root, "-o", str(root / "out"))[0] == 0
    page = (root / "out" / "cs" / "dosage.html").read_text(encoding="utf-8")
    assert "<h1>Dávky</h1>" in page
    assert "<pre><code>5 mg\n</code></pre>" in page


IMAGE_ARTICLE = """\
---
title: Taps
slug: taps
date: 2026-01-01
---

Use a tap: ![A running tap](images/tap.svg "Cold water") or ![web](https://example.org/a.png).
"""
CS_CONFIG = '[project]\nname = "T"\nbase_url = "https://example.org/"\n\n[languages]\n'
CS_CONFIG += 'cs = { status = "published" }\n'


def _translate_everything(root: Path, slug: str) -> None:
    """Give every entry of the Czech catalog of ``slug`` its English as translation."""
    catalog = root / "locales" / "cs" / "LC_MESSAGES" / f"{slug}.po"
    text = catalog.read_text(encoding="utf-8")
    text = re.sub(r'\nmsgid "(.+)"\nmsgstr ""\n', r'\nmsgid "\1"\nmsgstr "\1"\n', text)
    catalog.write_text(text, encoding="utf-8")


def test_local_images_are_copied_and_each_page_shows_its_languages_variant(
    make_project: Any, runner: CliRunner
) -> None:
    root = make_project({"taps.md": IMAGE_ARTICLE}, CS_CONFIG)
    (root / "source" / "images").mkdir()
    (root / "source" / "images" / "tap.svg").write_text("<svg/>", encoding="utf-8")
    assert runner.invoke(main, ["-C", str(root), "export"]).exit_code == 0
    catalog = (root / "locales" / "cs" / "LC_MESSAGES" / "taps.po").read_text("utf-8")
    assert 'msgid "Cold water"' in catalog  # an image's title is translated too
    _translate_everything(root, "taps")
    out = root / "out"
    assert run(root, "-o", str(out))[0] == 0
    assert (out / "media" / "images" / "tap.svg").read_text(encoding="utf-8") == "<svg/>"
    for lang in ("en", "cs"):
        page = (out / lang / "taps.html").read_text(encoding="utf-8")
        assert 'src="../media/images/tap.svg"' in page
        assert 'src="https://example.org/a.png"' in page
    # A Czech variant beside it: the next build uses it on the Czech page only.
    (root / "source" / "images" / "cs").mkdir()
    (root / "source" / "images" / "cs" / "tap.svg").write_text("<svg>cs</svg>", "utf-8")
    assert run(root, "-o", str(out))[0] == 0
    assert 'src="../media/images/cs/tap.svg"' in (out / "cs" / "taps.html").read_text("utf-8")
    assert 'src="../media/images/tap.svg"' in (out / "en" / "taps.html").read_text("utf-8")
    assert (out / "media" / "images" / "cs" / "tap.svg").read_text("utf-8") == "<svg>cs</svg>"


@pytest.mark.parametrize(
    ("src", "reason"),
    [
        (
            "images/gone.png",
            "image 'images/gone.png' not found: there is no file source/images/gone.png",
        ),
        ("../metsi18n.toml", "image '../metsi18n.toml' is outside source/"),
    ],
)
def test_a_missing_or_outside_image_is_an_error_on_its_line_and_nothing_is_written(
    make_project: Any, src: str, reason: str
) -> None:
    text = IMAGE_ARTICLE.replace("images/tap.svg", src)
    root = make_project({"taps.md": text.replace("Use a tap:", "Text.\n\nUse a tap:")})
    code, output = run(root, "-o", str(root / "out"))
    assert (code, output) == (2, f"error: source/taps.md:9: {reason}\n")
    assert not (root / "out").exists()
