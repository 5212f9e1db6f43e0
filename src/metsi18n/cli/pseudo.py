"""``metsi18n pseudo``: preview pages in a pseudo-locale, before any translator starts."""

from __future__ import annotations

from pathlib import Path

import click

from metsi18n.cli.commands import main, settings_of
from metsi18n.cli.errors import handles_errors
from metsi18n.cli.lock import writing, writing_site


@main.command()
@click.option(
    "--locale",
    type=click.Choice(["en-XA", "ar-XB"]),
    default="en-XA",
    show_default=True,
    help="en-XA: accented, 35% longer, bracketed; ar-XB: right to left, mirrored.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The folder to build into (default: the output folder's name + '-pseudo').",
)
@click.pass_context
@handles_errors
def pseudo(ctx: click.Context, locale: str, output: Path | None) -> None:
    """Build preview pages from the templates alone, pseudo-translated: truncation,
    hard-coded strings and mirroring show before any translator starts. Tags and
    placeholders are kept. locales/ is not touched.

    \b
    Example:
        metsi18n pseudo                       # site-pseudo/en-XA/<slug>.html
        metsi18n pseudo --locale ar-XB -o /tmp/rtl-preview
    """
    from metsi18n import pipeline  # imported on use: `check FILE.po` loads none of it

    settings = settings_of(ctx)
    target = output or settings.root / f"{settings.output_dir}-pseudo"
    # A build, like build's: one writer of the project and of the folder at a time.
    with writing(settings), writing_site(target, settings):
        result = pipeline.pseudo(settings, locale, target)
    click.echo(f"built {settings.relative(result.output)}: {len(result.written)} files written")
