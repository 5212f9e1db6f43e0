"""``metsi18n stats``: messages and words per language, or with ``--analysis`` a quote."""

from __future__ import annotations

import click

from metsi18n import quality
from metsi18n.cli.commands import collector_paused, main, settings_of
from metsi18n.cli.errors import handles_errors
from metsi18n.cli.options import LANGUAGE_OPTION


@main.command("stats")
@LANGUAGE_OPTION
@click.option(
    "--analysis",
    is_flag=True,
    help="Words still to translate by translation-memory match band (a quote, as CAT "
    "tools' analysis).",
)
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "json", "markdown", "svg"]),
    default="text",
    show_default=True,
    help="Output: text, json, a markdown table, or an SVG badge (with one -l LANG; not "
    "with --analysis).",
)
@click.pass_context
@handles_errors
def stats_command(
    ctx: click.Context, languages: tuple[str, ...], analysis: bool, form: str
) -> None:
    """Translated, fuzzy, untranslated and obsolete messages and source words (as pocount counts).

    With --analysis: per language, the source words of the untranslated and fuzzy
    entries by the band of their best translation-memory match, as agencies quote:
    100% (exact), 95-99%, 85-94%, 75-84%, 50-74%, no match, and repetitions within the
    job. The bands add up to the untranslated and fuzzy words of plain stats.

    \b
    Example:
        metsi18n stats
        metsi18n stats -l cs --format markdown    # a table for a pull request
        metsi18n stats -l cs --format svg > cs.svg   # the badge the build writes
        metsi18n stats --analysis -l cs --format markdown   # a quote for an agency
    """
    settings = settings_of(ctx)
    if analysis:
        if form == "svg":
            raise click.UsageError("--analysis has no svg format: use text, json or markdown")
        with collector_paused():  # the catalogs and memory index: many objects, no cycles
            quotes = quality.project_quote(settings, languages)
        click.echo(quality.render_quote(quotes, form), nl=False)
        return
    with collector_paused():  # as with the quote: the same for both
        counted = quality.project_stats(settings, languages)
    click.echo(quality.render_stats(counted, form, settings), nl=False)
