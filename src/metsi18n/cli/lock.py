"""One writer at a time: the project lock that export, init and build hold."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import click

from metsi18n import storage
from metsi18n.config import Settings


@contextlib.contextmanager
def writing(settings: Settings) -> Iterator[None]:
    """Hold the project's write lock (waiting, with one line on stderr, while another
    run holds it), then clear the temporaries that killed runs left in the project."""

    def waiting() -> None:
        click.echo(
            f"waiting: another metsi18n run is writing {settings.root}; "
            "this one starts when it ends",
            err=True,
        )

    with storage.project_lock(settings.root, waiting):
        storage.remove_leftovers(settings.locales_path)
        storage.remove_leftovers(settings.root, recursive=False)
        yield
