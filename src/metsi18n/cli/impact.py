"""``metsi18n impact``: what a source change costs the translators, per language."""

from __future__ import annotations

import click

from metsi18n import quality
from metsi18n.cli.commands import main, settings_of
from metsi18n.cli.errors import handles_errors


@main.command("impact")
@click.option(
    "--base",
    metavar="REV",
    default=None,
    help="Git revision to compare with (default: the merge base with the default branch;"
    " without a repository, the templates on disk).",
)
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "markdown", "github", "json"]),
    default="text",
    show_default=True,
    help="Output: text, a markdown table, GitHub annotations, or json.",
)
@click.pass_context
@handles_errors
def impact_command(ctx: click.Context, base: str | None, form: str) -> None:
    """Units new, changed and removed since REV; words to retranslate; pages that fall.

    Compares the templates (locales/*.pot, as export wrote them) with those at a git
    revision; outside a git repository (or without git), the templates export would
    write now with those on disk. Exit status 1 when a published page will fall below
    its threshold.

    \b
    Example:
        metsi18n impact                          # against the default branch
        metsi18n impact --base HEAD~1 --format markdown >> "$GITHUB_STEP_SUMMARY"
        metsi18n impact --format json            # no repository: before export
    """
    report = quality.measure_impact(settings_of(ctx), base)
    click.echo(quality.render_impact(report, form), nl=False)
    ctx.exit(1 if any(item.falling for item in report.languages) else 0)
