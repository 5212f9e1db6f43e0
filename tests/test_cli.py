"""The command line's own behaviour: usage errors are one line, help shows examples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main

USAGE_ERRORS = [
    (["--bogus"], "error: no such option '--bogus'; see 'metsi18n -h'"),
    (["frob"], "error: no such command 'frob'; see 'metsi18n -h'"),
    (["-C"], "error: option '-C' requires an argument; see 'metsi18n -h'"),
    (["export", "--bogus"], "error: no such option '--bogus'; see 'metsi18n export -h'"),
    (["init"], "error: missing argument 'LANG...'; see 'metsi18n init -h'"),
    (["stats", "-l"], "error: option '-l' requires an argument; see 'metsi18n stats -h'"),
    (
        ["check", "--format", "xml"],
        "error: invalid value for '--format': 'xml' is not one of 'text', 'json', 'github'; "
        "see 'metsi18n check -h'",
    ),
    (
        ["build", "--jobs", "0"],
        "error: invalid value for '-j' / '--jobs': 0 is not in the range x>=1; "
        "see 'metsi18n build -h'",
    ),
    (
        ["build", "--jobs", "many"],
        "error: invalid value for '-j' / '--jobs': 'many' is not a valid integer range; "
        "see 'metsi18n build -h'",
    ),
    (
        ["build", "--shard", "5/4"],
        "error: --shard '5/4': expected K/N with 1 <= K <= N, e.g. 2/4; see 'metsi18n build -h'",
    ),
]


@pytest.mark.parametrize(("args", "line"), USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_a_usage_error_is_one_error_line_on_stderr_with_exit_2(
    runner: CliRunner, args: list[str], line: str
) -> None:
    result = runner.invoke(main, prog_name="metsi18n", args=args)
    assert result.exit_code == 2
    assert result.stderr == line + "\n"
    assert result.stdout == ""


def test_a_misspelt_option_is_one_line_that_suggests_the_right_one(runner: CliRunner) -> None:
    result = runner.invoke(main, prog_name="metsi18n", args=["export", "--chek"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: no such option '--chek'")
    assert "'--check'" in result.stderr


def test_a_usage_error_is_caught_before_the_project_is_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    """No metsi18n.toml in the folder: the usage error is what is reported."""
    result = runner.invoke(
        main, prog_name="metsi18n", args=["-C", str(tmp_path), "build", "--jobs", "0"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: invalid value for '-j' / '--jobs'")


@pytest.mark.parametrize("command", ["", "export", "init", "build", "serve", "stats", "check"])
def test_help_still_works_and_shows_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, prog_name="metsi18n", args=[*command.split(), "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: metsi18n {command}".rstrip())
    assert "Example:" in result.stdout
    assert (
        runner.invoke(main, prog_name="metsi18n", args=[*command.split(), "-h"]).stdout
        == result.stdout
    )


def test_metsi18n_alone_prints_the_help(runner: CliRunner) -> None:
    result = runner.invoke(main, prog_name="metsi18n", args=[])
    assert "Commands:" in result.output
    assert "error:" not in result.output


def test_version_still_works(runner: CliRunner) -> None:
    result = runner.invoke(main, prog_name="metsi18n", args=["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("metsi18n, version ")


BAD_DATE = "---\ntitle: T\nslug: a\ndate: 2026-13-45\n---\n\nSome text here.\n"
BAD_QUOTE = '---\ntitle: "T\nslug: a\ndate: 2026-01-02\n---\n\nSome text here.\n'


@pytest.mark.parametrize("command", ["export", "check", "build", "lint"])
@pytest.mark.parametrize(
    ("text", "line"),
    [
        (BAD_DATE, "error: source/a.md:4: invalid front matter: date: '2026-13-45' cannot be read"),
        (BAD_QUOTE, "error: source/a.md:2: invalid front matter: found unexpected end of stream"),
    ],
    ids=["impossible-date", "unclosed-quote"],
)
def test_bad_front_matter_is_one_line_with_exit_2_in_every_command(
    runner: CliRunner, make_project: Callable[..., Path], command: str, text: str, line: str
) -> None:
    root = make_project({"a.md": text})
    result = runner.invoke(main, prog_name="metsi18n", args=["-C", str(root), command])
    assert result.exit_code == 2
    assert result.stderr.startswith(line)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["export", "check", "build"])
def test_a_duplicate_slug_names_both_files_at_their_slug_lines(
    runner: CliRunner, make_project: Callable[..., Path], command: str
) -> None:
    first = "---\ntitle: First\nslug: same\ndate: 2026-01-02\n---\n\nSome text here.\n"
    second = "---\ntitle: Second\ndescription: D.\nslug: same\ndate: 2026-01-02\n---\n\nMore.\n"
    root = make_project({"a.md": first, "b.md": second})
    result = runner.invoke(main, prog_name="metsi18n", args=["-C", str(root), command])
    assert result.exit_code == 2
    assert result.stderr == "error: source/b.md:4: slug 'same' is already used by source/a.md:3\n"
