"""Options that several ``metsi18n`` commands share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def language_option(help_text: str) -> Callable[[F], F]:
    """The repeatable ``-l/--language LANG`` option, passed on as ``languages``."""
    return click.option(
        "-l", "--language", "languages", multiple=True, metavar="LANG", help=help_text
    )


LANGUAGE_OPTION = language_option(
    "Only this language (repeatable); default: every language of metsi18n.toml."
)
FINDINGS_FORMAT = click.option(
    "--format",
    "form",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Output: text, json, or GitHub Actions workflow commands.",
)

WORDS_OPTION = click.option(
    "--words",
    "words_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Project word list for lint (default: words.txt next to metsi18n.toml).",
)
