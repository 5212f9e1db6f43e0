"""The source stage's cache: parsed articles and lint's findings kept between runs.

Each test keeps its cache in its own temporary folder (METSI18N_CACHE_DIR), and holds
what comes out of the cache equal to what parsing, segmenting and linting give.
"""

from __future__ import annotations

import json
import marshal
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.errors import SourceError
from metsi18n.source import StoredArticle, document_units, parse_document
from metsi18n.storage import CACHE_ENV, TEMPORARY_PREFIX, EntryRun, read_entry, write_entry

from .conftest import CONFIG, REPO

GOLDEN = REPO / "tests" / "golden" / "build" / "project"
ARTICLE = """\
---
title: Burns
description: What to do.
slug: burns
date: 2026-01-01
---

# Burns

Cool the burn under *running* water. Do not use ice.[^1]

> [!WARNING]
> Call 112 if the burn is large. Keep the person warm.

| What | When |
|---|---|
| Water | At once |

Term
: Its definition.

![A burn](burn.png "Title")

[^1]: Ice hurts the skin.
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def lint_json(runner: CliRunner, root: Path) -> list[dict[str, object]]:
    result = runner.invoke(main, ["-C", str(root), "lint", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, object]] = json.loads(result.output)["findings"]
    return found


def test_an_article_from_the_cache_equals_one_parsed_and_segmented(cache: Path) -> None:
    for path in [*sorted((GOLDEN / "source").glob("*.md")), None]:
        text = ARTICLE if path is None else path.read_text(encoding="utf-8")
        shown = "source/a.md" if path is None else f"source/{path.name}"
        document = parse_document(text, shown)
        units = document_units(document, "sentence")
        cold = StoredArticle(text, shown, GOLDEN)
        assert cold.document == document
        assert cold.units("sentence") == units
        warm = StoredArticle(text, shown, GOLDEN)
        assert warm._kept  # read from the cache, not parsed
        assert warm.document == document
        assert warm.units("sentence") == units
        assert warm.units("paragraph") == document_units(document, "paragraph")
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["source"] * 4


def test_an_edited_article_is_parsed_again(cache: Path) -> None:
    StoredArticle(ARTICLE, "source/a.md", GOLDEN).units("sentence")
    edited = ARTICLE.replace("Do not use ice.", "Never use ice.")
    stored = StoredArticle(edited, "source/a.md", GOLDEN)
    assert not stored._kept
    expected = document_units(parse_document(edited, "source/a.md"), "sentence")
    assert stored.units("sentence") == expected
    assert "Never use ice.<1/>" in {unit.msgid for unit in stored.units("sentence")}
    # The same text under another path is another document (its locations name the path).
    moved = StoredArticle(ARTICLE, "source/b.md", GOLDEN)
    assert moved.document.path == "source/b.md"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated (a crash while writing)
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the payload flipped
        lambda data: b"",
        lambda data: b"not an entry at all",
    ],
    ids=["truncated", "flipped", "empty", "foreign"],
)
def test_a_damaged_entry_is_ignored_and_made_again(
    cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    StoredArticle(ARTICLE, "source/a.md", GOLDEN).units("sentence")
    (entry,) = cache.iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    stored = StoredArticle(ARTICLE, "source/a.md", GOLDEN)
    assert not stored._kept
    expected = parse_document(ARTICLE, "source/a.md")
    assert stored.document == expected
    assert stored.units("sentence") == document_units(expected, "sentence")
    assert StoredArticle(ARTICLE, "source/a.md", GOLDEN)._kept  # written whole again


def test_an_entry_of_another_key_or_shape_is_not_used(cache: Path) -> None:
    StoredArticle(ARTICLE, "source/a.md", GOLDEN).keep()
    (entry,) = cache.iterdir()
    other = ARTICLE.replace("Burns", "Scalds")
    stored = StoredArticle(other, "source/a.md", GOLDEN)  # same file, another key
    assert stored.document.title == "Scalds"
    # Records of another shape under the right key and digest: made again, no error.
    write_entry(entry, stored.key, marshal.dumps(("a", 1)))
    again = StoredArticle(other, "source/a.md", GOLDEN)
    assert not again._kept
    assert again.document == parse_document(other, "source/a.md")


def test_a_run_removes_each_entrys_leftovers_at_its_write_and_keeps_the_others(
    cache: Path,
) -> None:
    """The folder is listed once per run: the temporaries a killed write of an entry left
    go when that entry is written, those of other entries stay (until theirs are)."""
    cache.mkdir()
    first, second = cache / "source-a.bin", cache / "source-b.bin"
    left = {p: cache / f"{TEMPORARY_PREFIX}{p.name}.k3j9x.tmp" for p in (first, second)}
    for leftover in left.values():
        leftover.write_bytes(b"half an entry")
    run = EntryRun()
    write_entry(first, "1" * 32, b"one", run)
    assert not left[first].exists()
    assert left[second].exists()
    write_entry(first, "2" * 32, b"again", run)  # its own temporary was renamed: none left
    write_entry(second, "3" * 32, b"two", run)
    assert sorted(p.name for p in cache.iterdir()) == ["source-a.bin", "source-b.bin"]
    assert read_entry(first, "2" * 32) == b"again"
    assert read_entry(second, "3" * 32) == b"two"


def test_a_runs_code_key_is_the_digest_of_the_code_fingerprint() -> None:
    from metsi18n.source.stored import SOURCE_LIBRARIES
    from metsi18n.storage import cache_key, code_fingerprint

    run = EntryRun()
    assert run.code_key(SOURCE_LIBRARIES) == cache_key(*code_fingerprint(SOURCE_LIBRARIES))
    assert run.code_key(SOURCE_LIBRARIES) is run.code_key(SOURCE_LIBRARIES)  # worked out once


def test_an_unwritable_cache_costs_only_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    stored = StoredArticle(ARTICLE, "source/a.md", GOLDEN)
    assert stored.units("sentence") == document_units(parse_document(ARTICLE, "source/a.md"))


def test_text_written_like_a_tag_is_refused_by_lint_before_and_after_a_cached_run(
    cache: Path, make_project: Callable[..., Path], runner: CliRunner
) -> None:
    good = make_project({"a.md": ARTICLE})
    assert lint_json(runner, good) is not None
    (good / "source" / "a.md").write_text(
        ARTICLE.replace("Do not use ice.", "Do not use <1> ice."), encoding="utf-8"
    )
    for _ in range(2):  # nothing is kept for a refused article: refused again
        result = runner.invoke(main, ["-C", str(good), "lint"])
        assert result.exit_code == 2
        assert "source/a.md:10: text contains something written like an inline tag" in (
            result.output
        )
    with pytest.raises(SourceError, match="inline tag"):
        StoredArticle(ARTICLE.replace("ice.", "<2/>"), "source/a.md", good).check()


def test_lint_and_check_give_the_same_with_an_empty_and_a_warm_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "golden"
    shutil.copytree(GOLDEN, root)
    outputs = []
    for run in ("cold", "warm", "other cold"):
        monkeypatch.setenv(CACHE_ENV, str(tmp_path / ("cache-b" if run == "other cold" else "a")))
        lint = runner.invoke(main, ["-C", str(root), "lint", "--format", "json"])
        check = runner.invoke(main, ["-C", str(root), "check", "--format", "json"])
        outputs.append((lint.exit_code, lint.output, check.exit_code, check.output))
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0][3])["findings"]  # the golden project has findings to compare
    assert not list(root.rglob("*.bin"))  # nothing of the cache inside the project


def test_an_edit_of_words_txt_or_of_the_glossary_changes_lint_s_findings(
    cache: Path, make_project: Callable[..., Path], runner: CliRunner
) -> None:
    root = make_project({"a.md": ARTICLE.replace("running", "xqzzt")})
    found = lint_json(runner, root)
    assert any("'xqzzt'" in str(f["message"]) for f in found)
    (root / "words.txt").write_text("xqzzt\n", encoding="utf-8")
    assert not any("'xqzzt'" in str(f["message"]) for f in lint_json(runner, root))
    # The glossary: a forbidden variant becomes a warning once the glossary says so.
    config = CONFIG.replace("[languages]", 'glossary = "glossary.csv"\n\n[languages]')
    (root / "metsi18n.toml").write_text(config, encoding="utf-8")
    head = "english,language,term,status\n"
    (root / "glossary.csv").write_text(head + "burn,en,burn,preferred\n", encoding="utf-8")
    before = lint_json(runner, root)
    (root / "glossary.csv").write_text(
        head + "scald,en,scald,preferred\nscald,en,burn,forbidden\n", encoding="utf-8"
    )
    after = lint_json(runner, root)
    assert not any(f["check"] == "terminology" for f in before)
    assert any(f["check"] == "terminology" for f in after)


def test_a_change_of_segmentation_in_the_config_gives_that_mode_s_units(
    cache: Path, make_project: Callable[..., Path]
) -> None:
    from metsi18n import catalogs

    root = make_project({"a.md": ARTICLE})
    sentences = [
        unit.msgid for a in catalogs.load_articles(load_settings(root)) for unit in a.units
    ]
    config = (root / "metsi18n.toml").read_text(encoding="utf-8")
    (root / "metsi18n.toml").write_text(
        config.replace('segmentation = "sentence"', 'segmentation = "paragraph"'), encoding="utf-8"
    )
    paragraphs = [
        unit.msgid for a in catalogs.load_articles(load_settings(root)) for unit in a.units
    ]
    assert "Do not use ice.<1/>" in sentences
    assert "Cool the burn under <1>running</1> water. Do not use ice.<2/>" in paragraphs
    assert paragraphs == [
        u.msgid for u in document_units(parse_document(ARTICLE, "source/a.md"), "paragraph")
    ]


def test_lint_segments_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner, tmp_path: Path
) -> None:
    from metsi18n.source import stored

    root = tmp_path / "golden"
    shutil.copytree(GOLDEN, root)
    expected = lint_json(runner, root)
    shutil.rmtree(cache)

    def refused(*args: object) -> None:
        raise AssertionError("lint segmented an article")

    monkeypatch.setattr(stored, "document_units", refused)
    assert lint_json(runner, root) == expected


def test_check_parses_each_catalog_and_template_once(
    cache: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner, tmp_path: Path
) -> None:
    from metsi18n import po

    root = tmp_path / "golden"
    shutil.copytree(GOLDEN, root)
    parsed: list[str] = []
    real = po.loads

    def counted(data: bytes, shown: str = "<string>") -> po.POFile:
        parsed.append(shown)
        return real(data, shown)

    monkeypatch.setattr(po, "loads", counted)
    result = runner.invoke(main, ["-C", str(root), "check"])
    assert result.exit_code in (0, 1), result.output
    catalogs = [name for name in parsed if name.startswith("locales/")]
    assert "locales/fr/LC_MESSAGES/first-aid.po" in catalogs
    assert sorted(catalogs) == sorted(set(catalogs))


def test_a_cold_lint_lists_the_cache_folder_for_leftovers_once_not_once_an_article(
    cache: Path,
    make_project: Callable[..., Path],
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lint keeps each article's findings as an entry; the folder is searched for killed
    writes' temporaries once per stage of the run (source, lint), whatever the articles."""
    listed: list[str] = []
    glob = Path.glob

    def counting_glob(self: Path, pattern: str) -> object:
        if self == cache and pattern.startswith(TEMPORARY_PREFIX):
            listed.append(pattern)
        return glob(self, pattern)

    monkeypatch.setattr(Path, "glob", counting_glob)
    counts = []
    for articles in (2, 5):
        shutil.rmtree(cache, ignore_errors=True)
        listed.clear()
        texts = {f"a{n}.md": ARTICLE.replace("burns", f"burns-{n}") for n in range(articles)}
        root = make_project(texts)
        result = runner.invoke(main, ["-C", str(root), "lint"])
        assert result.exit_code in (0, 1), result.output
        assert len(list(cache.glob("lint-*.bin"))) == articles  # each article's entry kept
        counts.append(len(listed))
        shutil.rmtree(root)
    assert counts[0] == counts[1] == 2
