"""``metsi18n review``: the bilingual document a medical reviewer signs off."""

from __future__ import annotations

from pathlib import Path

import click

from metsi18n import catalogs
from metsi18n.cli.commands import main, settings_of
from metsi18n.cli.errors import handles_errors
from metsi18n.cli.lock import writing
from metsi18n.storage import write_atomic


@main.command()
@click.option("-l", "--language", required=True, metavar="LANG", help="The language to review.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (default: review-LANG.html, or .docx with --docx).",
)
@click.option("--docx", "as_docx", is_flag=True, help="Write a Word document (python-docx).")
@click.option(
    "--sign",
    "reviewer",
    metavar="NAME",
    default=None,
    help="Record NAME's sign-off on the translated units of each ARTICLE, then stop.",
)
@click.argument("articles", nargs=-1, metavar="[ARTICLE]...")
@click.pass_context
@handles_errors
def review(
    ctx: click.Context,
    language: str,
    output: Path | None,
    as_docx: bool,
    reviewer: str | None,
    articles: tuple[str, ...],
) -> None:
    """Write the review document of LANG: per article, the English, the translation,
    its state (translated, fuzzy, untranslated; reviewed by whom), check's findings,
    the notes, and an empty column for the reviewer's comments. Printable; right to
    left for Arabic. With --sign NAME, record NAME's sign-off on the ARTICLEs'
    translated units instead (# reviewed: NAME, DATE (FINGERPRINT)).

    \b
    Example:
        metsi18n review -l cs                       # review-cs.html
        metsi18n review -l ar --docx -o ar-review.docx
        metsi18n review -l cs --sign "Dr Jana Nováková" liver-metastases
    """
    from metsi18n import pipeline  # imported on use: `check FILE.po` loads none of it

    if reviewer is not None:
        if not articles:
            raise click.UsageError("--sign needs the ARTICLE(s) signed off (their slugs)")
        settings = settings_of(ctx)
        with writing(settings):
            signed = pipeline.sign_review(settings, language, articles, reviewer)
        for shown, result in signed.items():
            for msgid in result.unfinished:
                click.echo(f"{shown}: not signed (untranslated or fuzzy): {msgid[:60]!r}")
            click.echo(f"{shown}: {result.signed} units signed off by {reviewer}")
        return
    if articles:
        raise click.UsageError("ARTICLE is only for --sign; the document covers every article")
    document = pipeline.review(settings_of(ctx), language)
    target = output or Path(f"review-{language}.{'docx' if as_docx else 'html'}")
    data = (
        catalogs.render_docx(document)
        if as_docx
        else catalogs.render_html(document).encode("utf-8")
    )
    write_atomic(target, data)
    for section in document.sections:
        tally = catalogs.counts_of_review(section)
        click.echo(
            f"{section.domain}: {tally['translated']} translated, {tally['fuzzy']} fuzzy, "
            f"{tally['untranslated']} untranslated"
        )
    click.echo(f"wrote {target}")
