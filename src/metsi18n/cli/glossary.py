"""``metsi18n glossary``: the project's termbase written out as TBX or CSV."""

from __future__ import annotations

from pathlib import Path

import click

from metsi18n import quality
from metsi18n.cli.commands import main, settings_of
from metsi18n.cli.errors import fail, handles_errors
from metsi18n.storage import write_atomic


@main.group("glossary")
def glossary_group() -> None:
    """The project's termbase ([project] glossary in metsi18n.toml: a .csv or .tbx file).

    \b
    Example:
        metsi18n glossary export --format tbx -o glossary.tbx
    """


@glossary_group.command("export")
@click.option(
    "--format",
    "form",
    type=click.Choice(quality.GLOSSARY_FORMATS),
    default="tbx",
    show_default=True,
    help="tbx (TBX-Basic, TBX 2019: Trados MultiTerm, memoQ, Weblate) or csv.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (replaced whole, never half-written) instead of standard output.",
)
@click.pass_context
@handles_errors
def export_command(ctx: click.Context, form: str, output: Path | None) -> None:
    """Write the termbase out as TBX or CSV: every concept, language and status.

    \b
    Example:
        metsi18n glossary export --format tbx -o glossary.tbx    # for a CAT tool
        metsi18n glossary export --format csv > glossary.csv
    """
    settings = settings_of(ctx)
    loaded = quality.load_glossary(settings)
    if loaded is None:
        fail('metsi18n.toml: no glossary configured ([project] glossary = "glossary.csv")')
        return
    text = quality.dump_glossary(loaded, form)
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"wrote {output}: {len(loaded.concepts())} concepts, {len(loaded.terms)} terms")
