"""The documentation stays true: every command has help with an example; the Quick start."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from metsi18n.cli import main

from .conftest import REPO


def commands() -> list[str]:
    return sorted(main.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"metsi18n {name} --help shows no example"


@pytest.mark.parametrize("name", commands())
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"metsi18n {name}" in readme


def test_every_option_has_help_text() -> None:
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"metsi18n {name} {param.opts[0]} has no help text"


def test_quick_start_has_exactly_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest" in ci


def test_readme_language_table_is_what_stats_reports(runner: CliRunner) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- stats:start -->\n", 1)[1].split("<!-- stats:end -->", 1)[0]
    result = runner.invoke(main, ["-C", str(REPO), "stats", "--format", "markdown"])
    assert result.exit_code == 0
    assert table == result.output
