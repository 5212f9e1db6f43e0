"""Lint of the English source: the defects of the original text, and none in the article."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n.cli import main
from metsi18n.quality.lint import (
    _DOUBLE_OK,
    _TOKEN_RE,
    MAX_PHRASE,
    doubled,
    lint_blocks,
    lint_text,
    read_words,
)
from metsi18n.source.article import parse_document
from tests.conftest import FIXTURES

ORIGINAL = FIXTURES / "liver-metastases.original.txt"


@pytest.fixture(scope="module")
def original() -> list[tuple[int, str, str]]:
    text = ORIGINAL.read_text(encoding="utf-8")
    return [(f.line, f.check, f.message) for f in lint_text(text, "original.txt")]


@pytest.mark.parametrize(
    ("line", "check", "word"),
    [
        (5, "unknown-word", "Rakovinou"),
        (9, "run-together", "andSurgery"),
        (5, "doubled-words", "growth"),
        (7, "unknown-word", "metastasified"),
        (3, "lowercase-start", "liver"),
        (13, "doubled-words", "Thanks for the feedback"),
        (15, "doubled-words", "How can we help?"),
    ],
)
def test_lint_reports_each_defect_of_the_original_text(
    original: list[tuple[int, str, str]], line: int, check: str, word: str
) -> None:
    assert any(
        (found_line, found_check) == (line, check) and repr(word) in message
        for found_line, found_check, message in original
    ), original


def test_lint_reports_nothing_else_in_the_original_text(
    original: list[tuple[int, str, str]],
) -> None:
    # the 7 defects of the issue, and "metastasified" also starts its paragraph in lowercase
    assert len(original) == 8


def test_doubled_finds_words_phrases_and_sentences() -> None:
    assert [d.phrase for d in doubled("growth growth in the liver")] == ["growth"]
    assert [d.phrase for d in doubled("Go home. Go home.")] == ["Go home."]
    assert doubled("I knew that that was it.") == []
    assert doubled("growth, growth") == []


def doubled_by_every_window(text: str) -> list[tuple[int, str]]:
    """The definition, tried at every token and size (what doubled() did before it
    looked only where a token comes back)."""
    tokens = list(_TOKEN_RE.finditer(text))
    folded = [match.group(0).casefold() for match in tokens]
    found: list[tuple[int, str]] = []
    covered = -1
    for index in range(len(tokens)):
        if index < covered or not tokens[index].group(0)[0].isalpha():
            continue
        for size in range(min(MAX_PHRASE, (len(tokens) - index) // 2), 0, -1):
            second = index + size
            gap = text[tokens[second - 1].end() : tokens[second].start()]
            if folded[index:second] != folded[second : second + size] or gap.strip() or not gap:
                continue
            if size == 1 and folded[index] in _DOUBLE_OK:
                continue
            found.append(
                (tokens[index].start(), text[tokens[index].start() : tokens[second - 1].end()])
            )
            covered = second + size
            break
    return found


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["go", "Go", "home", ".", ",", "that", "the", "a", "b"]), max_size=40),
    st.lists(st.sampled_from([" ", "", "  ", "\n", " ,"]), max_size=40),
)
def test_doubled_finds_what_trying_every_window_finds(words: list[str], gaps: list[str]) -> None:
    text = "".join(word + (gaps[i] if i < len(gaps) else " ") for i, word in enumerate(words))
    assert [(d.start, d.phrase) for d in doubled(text)] == doubled_by_every_window(text)


def test_lint_finds_words_run_together_and_double_spaces() -> None:
    found = {(f.check, f.line) for f in lint_text("Rest well.\nEat  and sleep andsurgery.", "a.md")}
    assert found == {("double-space", 2), ("run-together", 2)}


def test_a_list_item_may_start_in_lowercase() -> None:
    assert lint_text("weight loss", "a.md", sentences=False) == []
    assert [f.check for f in lint_text("weight loss", "a.md")] == ["lowercase-start"]


def test_a_table_cell_may_start_in_lowercase() -> None:
    document = parse_document(
        "---\ntitle: T\nslug: t\ndate: 2024-01-01\n---\n\n"
        "| Symptom | How often |\n|---|---|\n| weight loss | often |\n\nrest well.\n",
        "a.md",
    )
    found = [(f.check, f.line) for f in lint_blocks(document.blocks, frozenset())]
    assert found == [("lowercase-start", 11)]


def test_the_project_word_list_adds_medical_terms(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# terms\nRadioembolization\n", encoding="utf-8")
    assert read_words(words) == {"radioembolization"}
    text = "Radioembolization may help."
    assert [f.check for f in lint_text(text, "a.md")] == ["unknown-word"]
    assert lint_text(text, "a.md", words=read_words(words)) == []


def test_lint_command_on_a_project(make_project: object, runner: CliRunner) -> None:
    article = (
        "---\ntitle: Liver metastases\ndescription: What they are.\nslug: liver\n"
        "date: 2024-01-01\n---\n\nThey are growth growth in the liver.\n\n"
        "- weight loss\n- nausea\n\nTreatment includes chemo andSurgery.\n"
    )
    root = make_project({"liver.md": article})  # type: ignore[operator]
    result = runner.invoke(main, ["-C", str(root), "lint"])
    assert result.exit_code == 1, result.output
    assert "source/liver.md:8: warning: doubled: 'growth' [doubled-words]" in result.output
    assert "source/liver.md:13: warning: words run together: 'andSurgery'" in result.output
    assert "weight" not in result.output


def test_this_repository_source_is_clean(runner: CliRunner) -> None:
    result = runner.invoke(main, ["-C", str(ORIGINAL.parents[2]), "lint"])
    assert result.exit_code == 0, result.output


def test_a_very_long_word_costs_no_more_look_ups_than_a_long_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Linear work: a 10,000-letter word took 29 s (every cut of it looked up)."""
    from metsi18n.quality import lint

    calls: list[str] = []
    real = lint.frequency

    def counted(word: str) -> float:
        calls.append(word)
        return real(word)

    monkeypatch.setattr(lint, "frequency", counted)
    counts = []
    for size in (100, 10_000):
        calls.clear()
        lint._unknown_word.cache_clear()  # each text's look-ups, not the memo's
        lint.lint_text(f"The word {'a' * size} is long. Dr. Smith agrees.", "a.md", 1)
        counts.append(len(calls))
    assert counts[0] == counts[1]
    assert lint._split_suggestion("andsurgery") == "and surgery"


def test_footnotes_without_their_text_orphan_definitions_and_abbreviations_are_named() -> None:
    document = parse_document(
        "---\ntitle: T\nslug: t\ndate: 2024-01-01\n---\n\n"
        ": An injury of the skin.\n\n"
        "Burns hurt.[^1] Scalds too.[^2]\n\n[^1]: A source.\n\nBurn\n: An injury.\n\n"
        "*[WHO]: World Health Organization\n\nPlain text: fine.\n",
        "a.md",
    )
    found = [
        (f.line, f.message)
        for f in lint_blocks(document.blocks, frozenset())
        if f.check == "unsupported"
    ]
    assert found == [
        (
            7,
            "a definition (': An injury of the skin.') has no term on the line above:"
            " it shows as a paragraph",
        ),
        (9, "a footnote reference ([^2]) has no footnote of that label: it shows as written"),
        (
            16,
            "an abbreviation ('*[WHO]: World Health Organiza…') is not supported:"
            " it shows as written",
        ),
    ]
