"""``metsi18n tm export|import|read``: the translation memory as TMX files.

``memory`` is the group's earlier name, kept (hidden) so that scripts written for it
still run."""

from __future__ import annotations

from pathlib import Path

import click

from metsi18n.cli.commands import main, settings_of
from metsi18n.cli.errors import OneLineGroup, handles_errors
from metsi18n.cli.lock import writing

# ``pipeline`` and ``catalogs`` are imported inside the commands: importing them here
# would load merge, rapidfuzz and pysbd for every command (see ``_Lazy`` in commands).


@main.group("tm", cls=OneLineGroup)
def tm_group() -> None:
    """The translation memory as TMX 1.4b, the exchange format of CAT tools.

    \b
    Example:
        metsi18n tm export -l cs -o cs.tmx
        metsi18n tm import memory/agency.tmx
    """


@tm_group.command("export")
@click.option("-l", "--language", "language", required=True, metavar="LANG", help="The language.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The TMX file to write.",
)
@click.pass_context
@handles_errors
def tm_export(ctx: click.Context, language: str, output: Path) -> None:
    """Write one language's confirmed translations (every catalog) as a TMX file.

    Fuzzy and untranslated entries are left out; tags become <bpt>/<ept>/<ph>.

    \b
    Example:
        metsi18n tm export -l cs -o cs.tmx
    """
    from metsi18n import pipeline

    result = pipeline.export_memory(settings_of(ctx), language, output)
    click.echo(f"wrote {result.path}: {result.units} units")


@tm_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@handles_errors
def tm_import(ctx: click.Context, file: Path) -> None:
    """Read a TMX file inside the project and list it under [memory] tmx in
    metsi18n.toml, so that export fills new entries from it (as fuzzy, "tm: FILE, N%")
    and `stats --analysis` counts its matches.

    A file that is not XML, not TMX, or in a language the project lacks: one error
    line naming the file and line, exit 2, metsi18n.toml unchanged. Importing a file
    listed already changes nothing.

    \b
    Example:
        metsi18n tm import memory/agency.tmx
    """
    from metsi18n import pipeline

    settings = settings_of(ctx)
    with writing(settings):
        result = pipeline.import_memory(settings, file)
    languages = ", ".join(f"{code} {count}" for code, count in result.languages.items())
    listed = "listed under [memory] tmx" if result.added else "already under [memory] tmx"
    click.echo(f"{result.path}: {result.units} units ({languages or 'none'}); {listed}")


@tm_group.command("read")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@handles_errors
def tm_read(ctx: click.Context, file: Path) -> None:
    """Read a TMX file as export reads one, and count its units per language; nothing
    is written (`tm import` lists it for export to use).

    A file that is not XML, not TMX, or in a language the project lacks: one error
    line naming the file and line, exit 2.

    \b
    Example:
        metsi18n tm read agency.tmx
    """
    from metsi18n import pipeline

    units, counts = pipeline.read_memory(settings_of(ctx), file)
    languages = ", ".join(f"{code} {count}" for code, count in counts.items()) or "none"
    click.echo(f"{file}: {units} units; per language: {languages}")


main.add_command(
    OneLineGroup("memory", commands=tm_group.commands, hidden=True, help=tm_group.help),
)
