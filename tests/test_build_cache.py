"""The build's cache: a rebuild reuses unchanged pages, and never trusts a stale one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from metsi18n.config import load_settings
from metsi18n.site import article as pages
from metsi18n.site import builder as site
from metsi18n.site.cache import CACHE_ENV

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def fresh(project: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    site.build(load_settings(project), out)
    return snapshot(out)


def test_an_unchanged_article_is_not_rendered_again(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    rendered: list[str] = []
    original = pages.page_html
    monkeypatch.setattr(pages, "page_html", lambda *a: rendered.append(a[3]) or original(*a))
    po = project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    po.write_text(po.read_text(encoding="utf-8").replace("SLEEPING WELL", "BIEN DORMIR"), "utf-8")
    site.build(load_settings(project), out)
    assert set(rendered) == {"sleep"}
    assert snapshot(out) == fresh(project, tmp_path)


def test_a_page_changed_or_removed_by_hand_is_built_again(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    expected = snapshot(out)
    (out / "fr" / "sleep.html").write_text("defaced", encoding="utf-8")
    (out / "en" / "first-aid.html").unlink()
    result = site.build(load_settings(project), out)
    assert result.written == ["en/first-aid.html", "fr/sleep.html"]
    assert snapshot(out) == expected


def test_a_corrupt_cache_is_ignored(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    site.build(load_settings(project), out)
    expected = snapshot(out)
    for file in (tmp_path / "cache").iterdir():
        file.write_text("{not json", encoding="utf-8")
    result = site.build(load_settings(project), out)
    assert result.written == []
    assert snapshot(out) == expected


def test_the_fingerprint_covers_every_stage_and_the_libraries_that_shape_a_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import metadata

    from metsi18n.site import cache

    parts = cache.code_and_versions()
    names = {part.split(b"\0", 1)[0].decode() for part in parts if b"\0" in part}
    # The parser (source/) and the catalogs change pages as much as site/ does.
    assert {"source/dialect.py", "po/reader.py", "site/templates/page.html"} <= names
    assert b"markdown-it-py " + metadata.version("markdown-it-py").encode() in parts
    before = cache.digest(*parts)
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda n: "0.0" if n == "mdit-py-plugins" else real(n))
    assert cache.digest(*cache.code_and_versions()) != before
