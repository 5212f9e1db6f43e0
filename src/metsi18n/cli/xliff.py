"""``metsi18n xliff export`` and ``metsi18n xliff import``: catalogs to agencies and back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from metsi18n.cli.commands import main, settings_of
from metsi18n.cli.errors import OneLineGroup, handles_errors
from metsi18n.cli.lock import writing
from metsi18n.errors import ProjectError
from metsi18n.storage import read_bytes, write_atomic


@main.group(cls=OneLineGroup)
def xliff() -> None:
    """Hand a language's catalogs to a CAT tool as XLIFF, and take the work back.

    \b
    Example:
        metsi18n xliff export -l cs -o cs.xlf
        metsi18n xliff import cs.xlf
    """


@xliff.command("export")
@click.option("-l", "--language", required=True, metavar="LANG", help="The target language.")
@click.option("--all", "everything", is_flag=True, help="Every entry (translated ones too).")
@click.option("--todo", is_flag=True, help="Only untranslated and fuzzy entries (the default).")
@click.option(
    "--version",
    "version",
    type=click.Choice(["2.0", "1.2"]),
    default="2.0",
    show_default=True,
    help="XLIFF version (1.2 for older CAT tools).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .xlf file to write.",
)
@click.pass_context
@handles_errors
def export_command(
    ctx: click.Context, language: str, everything: bool, todo: bool, version: str, output: Path
) -> None:
    """Write LANG's catalogs as one XLIFF file: a <file> per domain, a unit per entry
    (per plural form), tags as inline codes, comments as notes, fuzzy marked.

    \b
    Example:
        metsi18n xliff export -l cs -o cs.xlf               # what is left to translate
        metsi18n xliff export -l ar --all --version 1.2 -o ar.xlf
    """
    from metsi18n import pipeline  # imported on use: `check FILE.po` loads none of it

    if everything and todo:
        raise click.UsageError("--all and --todo exclude each other")
    result = pipeline.xliff_export(settings_of(ctx), language, not everything, version)
    for shown in result.missing:
        click.echo(f"notice: {shown}: no catalog yet (metsi18n init {language})")
    if result.data is None:
        click.echo(f"nothing to export for {language}: no entry to hand out; wrote nothing")
        return
    write_atomic(output, result.data)
    total = sum(result.units.values())
    click.echo(
        f"wrote {output}: {total} units in {len([n for n in result.units.values() if n])} files"
    )


@xliff.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@handles_errors
def import_command(ctx: click.Context, file: Path) -> None:
    """Write the targets of an XLIFF file back into its language's catalogs.

    A unit whose tags are broken, or whose source text is no longer the template's,
    is refused and named (exit 1); the others are imported. A target the file marks
    unconfirmed (initial, needs review, machine or TM suggestion) comes in as fuzzy.

    \b
    Example:
        metsi18n xliff import cs.xlf
    """
    from metsi18n import pipeline  # imported on use: `check FILE.po` loads none of it

    settings = settings_of(ctx)
    shown = str(file)
    data = read_bytes(file, ProjectError, shown)
    with writing(settings):
        result = pipeline.xliff_import(settings, data, shown)
    for catalog, refusal in result.refused:
        click.echo(
            f"{shown}:{refusal.line}: refused: unit {refusal.unit} ({catalog}): {refusal.reason}"
        )
    for path in result.written:
        click.echo(f"wrote {path}")
    imported = sum(a.imported for a in result.catalogs.values())
    unchanged = sum(a.unchanged for a in result.catalogs.values())
    empty = sum(a.without_target for a in result.catalogs.values())
    refused = len(result.refused)
    click.echo(
        f"{result.language}: {imported} imported, {unchanged} unchanged, "
        f"{empty} without target, {refused} refused"
    )
    if refused:
        sys.exit(1)
