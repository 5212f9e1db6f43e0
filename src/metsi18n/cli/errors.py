"""Errors as the ``metsi18n`` command shows them: one ``error:`` line on stderr.

Bad input (a :class:`~metsi18n.errors.Metsi18nError`) and usage errors (an unknown
option, a missing argument, a bad value) alike end the command with exit status 2.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from metsi18n.errors import Metsi18nError

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def handles_errors(command: F) -> F:
    """Turn a :class:`Metsi18nError` into one line on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Metsi18nError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


class UsageLine(click.ClickException):
    """A usage error shown as every other error is: one line on stderr, exit status 2."""

    exit_code = 2

    def __init__(self, error: click.UsageError, command: str) -> None:
        reason = " ".join(error.format_message().split())
        if reason[:1].isupper() and reason[1:2].islower():
            reason = reason[0].lower() + reason[1:]
        super().__init__(f"{reason.removesuffix('.')}; see '{command} -h'")

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def _one_line(error: click.UsageError, command: str) -> click.ClickException:
    """``error`` as one line, except the help that ``metsi18n`` with no command shows."""
    no_args_is_help = getattr(click.exceptions, "NoArgsIsHelpError", ())
    return error if isinstance(error, no_args_is_help) else UsageLine(error, command)


class OneLineCommand(click.Command):
    """A command whose usage errors (unknown option, missing or bad argument or value)
    are one ``error:`` line, not click's Usage/Try/Error block."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            names = [parent.command_path] if parent is not None else []
            raise _one_line(exc, " ".join([*names, info_name or "metsi18n"])) from exc


class OneLineGroup(OneLineCommand, click.Group):
    """The ``metsi18n`` group: its own usage errors, an unknown command, and those of
    its commands (made as :class:`OneLineCommand`) are one line. ``metsi18n`` alone
    still prints the help."""

    command_class = OneLineCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # no such command, or raised by a command
            raise _one_line(exc, ctx.command_path) from exc
