"""Shared fixtures: a throw-away copy of a small project, and the CLI runner."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

CONFIG = """\
[project]
name = "Test site"
base_url = "https://example.org/"
segmentation = "sentence"

[languages]
"""


@pytest.fixture(autouse=True, scope="session")
def build_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds under test keep their cache in a temporary folder, never in ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("METSI18N_CACHE_DIR", str(tmp_path_factory.mktemp("build-cache")))
        yield


@pytest.fixture(autouse=True, scope="session")
def projects_under_tests_are_not_in_this_repository() -> Iterator[None]:
    """git does not look above this repository's root from inside it, so the projects
    under tests/ (the goldens) are not in a git repository: their pages' notices give
    the front matter's date, not that of the commits of this repository (which a shallow
    CI clone would not even have). The repository itself is still one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CEILING_DIRECTORIES", str(REPO))
        yield


@pytest.fixture(scope="session")
def bench_catalogs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Catalogs from the benchmark's own corpus generator (bench/corpus.py), small sizes.

    A 2,000-message catalog and its edited template, and a 12-article project in 4
    languages after ``metsi18n export`` merged the edit script: every kind of entry
    the bench produces (fuzzy with previous msgid, obsolete, plural), made here, so
    the tests never read a benchmark's folder that may be half written.
    """
    if shutil.which("msgcat") is None:
        pytest.skip("GNU gettext missing (bench/corpus.py writes through msgcat)")
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None
    assert spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, spec.name, corpus)  # its dataclasses look themselves up
        spec.loader.exec_module(corpus)
    folder = tmp_path_factory.mktemp("bench-corpus")
    corpus.big_catalog(folder / "big", 2000)
    corpus.project(folder / "project", 12, 4)

    from metsi18n import pipeline
    from metsi18n.config import load_settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        pipeline.export(load_settings(folder / "project"))
    found = [*(folder / "big").glob("*.po*"), *(folder / "project" / "locales").rglob("*.po*")]
    return sorted(found)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of this repository's own project (config, source, locales) in tmp_path."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "metsi18n.toml", root / "metsi18n.toml")
    shutil.copytree(REPO / "source", root / "source")
    if (REPO / "locales").exists():
        shutil.copytree(REPO / "locales", root / "locales")
    if (REPO / "glossary.csv").exists():
        shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    return root


@pytest.fixture
def make_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Build a minimal project from article texts: ``make_project({"a.md": "..."})``."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")

    def make(articles: dict[str, str], config: str = CONFIG) -> Path:
        root = tmp_path / "site-project"
        (root / "source").mkdir(parents=True)
        (root / "metsi18n.toml").write_text(config, encoding="utf-8")
        for name, text in articles.items():
            (root / "source" / name).write_text(text, encoding="utf-8")
        return root

    return make
