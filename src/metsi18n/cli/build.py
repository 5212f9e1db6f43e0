"""``metsi18n build``, ``serve`` and ``join``: the commands that write a site folder.

Each writes its output as a new version switched in whole (see
:mod:`metsi18n.storage.tree`); build and serve hold the project lock.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any

import click

from metsi18n import site
from metsi18n.cli.commands import main, settings_of
from metsi18n.cli.errors import fail, handles_errors
from metsi18n.cli.lock import writing, writing_site
from metsi18n.cli.options import language_option
from metsi18n.config import Settings
from metsi18n.errors import ProjectError

# --- build and serve -----------------------------------------------------------------

#: Builds with at least this many steps (articles x languages x 2) show a progress bar.
PROGRESS_MIN_STEPS = 60


def _build_site(
    settings: Settings,
    output: Path | None,
    languages: tuple[str, ...],
    jobs: int,
    shard: tuple[int, int] | None = None,
) -> Any:
    """Run the build (under the project lock) with a progress bar on long builds; print
    what was left out."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(writing(settings))
        target = output if output is not None else settings.output_path
        stack.enter_context(writing_site(target, settings))
        bars: list[Any] = []

        def progress(done: int, total: int) -> None:
            if not bars and total >= PROGRESS_MIN_STEPS and sys.stderr.isatty():
                bar = click.progressbar(length=total, label="Building", file=sys.stderr)
                bars.append(stack.enter_context(bar))
            if bars:
                bars[0].update(done - bars[0].pos)

        result = site.build_site(settings, output, languages, jobs, progress, shard)
    for skip in result.skipped:
        where = f" ({skip.article})" if skip.article else ""
        click.echo(f"not built: {skip.language}{where}: {skip.reason}")
    click.echo(
        f"{result.pages} pages; {len(result.written)} files written, "
        f"{len(result.unchanged)} unchanged, {len(result.removed)} removed "
        f"in {settings.relative(result.output)}/"
    )
    return result


@main.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the site to DIR instead of output_dir of metsi18n.toml.",
)
@language_option("Build only LANG (repeatable); the source language is always built.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Render in N processes; the output is byte-identical to --jobs 1.",
)
@click.option(
    "--shard",
    metavar="K/N",
    default=None,
    callback=lambda _ctx, _param, value: _shard(value),
    help="Build only shard K of N (a fixed share of the articles; shard 1 adds the index, "
    "sitemap and static files): the N outputs together are the full site.",
)
@click.pass_context
@handles_errors
def build_command(
    ctx: click.Context,
    output: Path | None,
    languages: tuple[str, ...],
    jobs: int,
    shard: tuple[int, int] | None,
) -> None:
    """Write the site: one page per article and language, index.html, sitemap.xml.

    A published language is built for an article when its catalog reaches
    min_translated; the others are named with the reason. Only files whose
    content changed are written, and a failed build leaves the old site as it was.

    \b
    Example:
        metsi18n build
        metsi18n build -o /tmp/preview -l cs -l ar --jobs 4
        metsi18n build --shard 2/4 -o site-2     # one CI matrix job of four
    """
    _build_site(settings_of(ctx), output, languages, jobs, shard)


def _shard(value: str | None) -> tuple[int, int] | None:
    """The ``--shard K/N`` option as (K, N); a usage error (exit 2) when malformed."""
    if value is None:
        return None
    try:
        return site.parse_shard(value)
    except ProjectError as exc:
        raise click.UsageError(exc.reason) from exc


@main.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Build into and serve DIR instead of output_dir of metsi18n.toml.",
)
@click.pass_context
@handles_errors
def serve(ctx: click.Context, port: int, output: Path | None) -> None:
    """Build the site, then serve it on http://127.0.0.1:PORT/ for preview.

    \b
    Example:
        metsi18n serve --port 8000     # Ctrl-C stops
    """

    result = _build_site(settings_of(ctx), output, (), 1)
    try:
        httpd = site.server(result.output, port)
    except OSError as exc:
        fail(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}")
        return
    with httpd:
        click.echo(f"serving at http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl-C stops)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopped")


# --- join (scale-out) ----------------------------------------------------------------


@main.command("join")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    metavar="DIR",
    help="Write the joined site to DIR (treated as build treats its output folder).",
)
@click.argument(
    "shards", nargs=-1, required=True, metavar="SHARD...", type=click.Path(path_type=Path)
)
@handles_errors
def join_command(output: Path, shards: tuple[Path, ...]) -> None:
    """Join the folders of `build --shard K/N` into one site folder.

    Every file of every SHARD folder is copied into DIR. A path that two shards
    hold with different bytes is an overlap: the join stops with exit 2 naming the
    path and both shards, and writes nothing. The same bytes in two shards are
    taken once. Files in DIR that no shard holds are removed.

    \b
    Example:
        metsi18n build --shard 1/2 -o shard-1
        metsi18n build --shard 2/2 -o shard-2
        metsi18n join -o site shard-1 shard-2
    """
    with writing_site(output):
        result = site.join_shards(shards, output)
    duplicates = f" ({len(result.duplicates)} in more than one shard)" if result.duplicates else ""
    click.echo(
        f"joined {len(shards)} shard folder{'s' if len(shards) != 1 else ''}: "
        f"{len(result.files)} files{duplicates}; "
        f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed in {output}/"
    )
