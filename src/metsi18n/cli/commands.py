"""The ``metsi18n`` command: parse options, call the pipeline, print, choose the exit code.

Exit codes: 0 fine; 1 findings, or files out of date under ``--check``;
2 usage error or bad input (one line on stderr: ``error: FILE:LINE: reason``).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from metsi18n import quality
from metsi18n.cli.errors import OneLineGroup, handles_errors
from metsi18n.cli.lock import writing
from metsi18n.cli.options import (
    FINDINGS_FORMAT,
    LANGUAGE_OPTION,
    WORDS_OPTION,
    language_option,
)
from metsi18n.config import Settings, load_settings


class _Lazy:
    """A module imported on first use (``python -X importtime``: the pipeline's merge
    and export code is not needed by ``stats``, ``check`` or ``build``)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


if TYPE_CHECKING:
    from metsi18n import pipeline
else:  # imported on first use: ``stats`` and ``check`` need no merge or export code
    pipeline = _Lazy("metsi18n.pipeline")


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Run as if started in DIR (the folder holding metsi18n.toml).",
)
@click.version_option(package_name="metsi18n")
@click.pass_context
def main(ctx: click.Context, directory: Path) -> None:
    """metsi18n: Markdown articles -> gettext catalogs -> per-language pages.

    \b
    Example:
        metsi18n export          # after editing source/*.md
        metsi18n -C path/to/site export --check
    """
    ctx.obj = directory


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off while check and lint make their findings, export its
    files and stats its counts or quote: parsed articles, units, catalogs and the
    quote's index are many small objects and no cycles
    (check of the 6 MB bench catalog: about 0.25 s of its CPU went to collections that
    freed nothing; export of the 5 MB bench article, 2.4-5 of 11.4-13.5 s, 16 full
    collections freeing 622 objects, peak memory the same)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settings_of(ctx: click.Context) -> Settings:
    directory: Path = ctx.obj
    return load_settings(directory.resolve())


@main.command()
@click.option(
    "--check", is_flag=True, help="Change nothing; exit 1 listing each file whose content is stale."
)
@language_option("Merge only this language's catalogs (repeatable); default: every language.")
@click.option("--no-fuzzy", is_flag=True, help="Do not carry translations of changed text over.")
@click.option("--no-obsolete", is_flag=True, help="Drop translations no longer used (#~).")
@click.option(
    "--memory",
    type=click.Choice(["off", "exact", "fuzzy"]),
    default=None,
    help="Fill new entries from the translation memory (default: [memory] mode, fuzzy).",
)
@click.pass_context
@handles_errors
def export(
    ctx: click.Context,
    check: bool,
    languages: tuple[str, ...],
    no_fuzzy: bool,
    no_obsolete: bool,
    memory: str | None,
) -> None:
    """Write the templates (locales/*.pot), then merge them into every catalog.

    The merge works as `msgmerge --previous`: translations of unchanged text are
    kept; changed text takes the most similar old translation, marked fuzzy;
    removed text is kept as obsolete (#~); new text still empty is filled, fuzzy,
    from the language's other catalogs and TMX files (the translation memory).
    The POT-Creation-Date changes only when the messages change; set
    SOURCE_DATE_EPOCH to pin it.

    \b
    Example:
        metsi18n export
        metsi18n export -l cs --no-fuzzy
        metsi18n export --memory exact    # reuse only identical sentences
        metsi18n export --check    # in CI: exit 1 if a template or catalog is out of date
    """
    settings = settings_of(ctx)
    with contextlib.nullcontext() if check else writing(settings), collector_paused():
        result = pipeline.export(
            settings,
            check=check,
            languages=languages,
            fuzzy=not no_fuzzy,
            obsolete=not no_obsolete,
            memory=memory,
        )
    if check:
        for path in result.rewrap:
            click.echo(f"notice: {path}: content up to date; export will rewrap it (layout only)")
        for path in result.stale:
            click.echo(f"out of date: {path} (run: metsi18n export)")
        if result.stale:
            sys.exit(1)
        click.echo(f"up to date: {len(result.unchanged) + len(result.rewrap)} files")
        return
    for path in result.written:
        click.echo(f"wrote {path}")
    for summary in result.languages:
        click.echo(
            f"{summary.code}: {summary.kept} kept, {summary.fuzzy} fuzzy, "
            f"{summary.new} new, {summary.obsolete} obsolete"
            + (f", {summary.memory} from memory" if summary.memory else "")
        )
    click.echo(f"{len(result.written)} written, {len(result.unchanged)} unchanged")


@main.command()
@click.argument("codes", nargs=-1, required=True, metavar="LANG...")
@click.pass_context
@handles_errors
def init(ctx: click.Context, codes: tuple[str, ...]) -> None:
    """Add languages: create their catalogs and register them as draft.

    LANG is a BCP 47 or POSIX code (de, pt-BR, pt_BR, zh-Hant, sr-Latn). Catalogs
    go to locales/<posix>/LC_MESSAGES/<domain>.po, one per article and `site`;
    an existing catalog is never overwritten.

    \b
    Example:
        metsi18n init cs pt-BR
    """
    settings = settings_of(ctx)
    with writing(settings):
        result = pipeline.init(settings, codes)
    for path in result.templates:
        click.echo(f"wrote {path}")
    for path in result.created:
        click.echo(f"created {path}")
    for path in result.existing:
        click.echo(f"kept {path} (already there)")
    for code in result.registered:
        click.echo(f"registered {code} as draft in metsi18n.toml")


@main.command("check")
@LANGUAGE_OPTION
@FINDINGS_FORMAT
@click.option(
    "--min-translated",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="N",
    help="Also fail when a published language's catalog is translated below N percent.",
)
@WORDS_OPTION
@click.argument(
    "files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE.po]..."
)
@click.pass_context
@handles_errors
def check_command(
    ctx: click.Context,
    languages: tuple[str, ...],
    form: str,
    min_translated: float | None,
    words_path: Path | None,
    files: tuple[Path, ...],
) -> None:
    """Gate for CI: completeness, in sync, valid, translation quality, and lint of the source.

    Exit 0 when no finding is an error, 1 otherwise; translation debt (untranslated,
    fuzzy, pages below the publish threshold) is a notice. Silence one check for one
    entry with a translator comment line such as "# ignore-numbers".

    With FILE.po arguments, check just those catalogs, as `msgfmt -c` would, before
    sending them: validity, translation quality, consistency and completeness (no
    source lint, no in-sync verdict); exit 2 for a file that cannot be read or parsed.
    Inside a project its glossary and settings apply; a file outside any project (a
    catalog downloaded from the site) is checked in the language of its Language header.

    \b
    Example:
        metsi18n check
        metsi18n check -l cs --format github    # annotations in a pull request
        metsi18n check locales/cs/LC_MESSAGES/liver-metastases.po
        metsi18n check ~/Downloads/liver-metastases.po    # a file outside any project
    """
    with collector_paused():
        found = _check(ctx, languages, min_translated, words_path, files)
    click.echo(quality.render_findings(found, form), nl=False)
    sys.exit(quality.exit_status(found))


def _check(
    ctx: click.Context,
    languages: tuple[str, ...],
    min_translated: float | None,
    words_path: Path | None,
    files: tuple[Path, ...],
) -> list[quality.Finding]:
    """The findings of named catalogs (FILE arguments), else of the whole project."""
    if files:
        if languages or words_path is not None:
            given = "-l/--language" if languages else "--words"
            raise click.UsageError(
                f"{given} is for the project check; with FILE.po arguments each file's "
                "language comes from its folder or its Language header, and no source is linted"
            )
        return quality.check_catalogs([_absolute(ctx.obj, file) for file in files], min_translated)
    return quality.check_project(settings_of(ctx), languages, min_translated, words_path)


def _absolute(directory: Path, file: Path) -> Path:
    """``file`` as an absolute path, read from ``directory`` (``-C``) when relative."""
    return (file if file.is_absolute() else directory / file).resolve()


@main.command("lint")
@FINDINGS_FORMAT
@WORDS_OPTION
@click.pass_context
@handles_errors
def lint_command(ctx: click.Context, form: str, words_path: Path | None) -> None:
    """Lint the English source: doubled words, words run together, lowercase starts,
    double spaces, unknown words. Exit 1 when there is a finding.

    \b
    Example:
        metsi18n lint
        echo hepatocellular >> words.txt    # a term lint does not know
    """
    with collector_paused():
        found = quality.lint_project(settings_of(ctx), words_path)
    click.echo(quality.render_findings(found, form), nl=False)
    sys.exit(1 if found else 0)
