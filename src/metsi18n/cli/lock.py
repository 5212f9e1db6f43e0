"""One writer at a time: the project lock that export, init and build hold, and the
lock of a site folder's place that build, pseudo and join hold."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import click

from metsi18n import storage
from metsi18n.config import Settings


def _waiting_for(folder: Path) -> None:
    click.echo(
        f"waiting: another metsi18n run is writing {folder}; this one starts when it ends",
        err=True,
    )


@contextlib.contextmanager
def writing(settings: Settings) -> Iterator[None]:
    """Hold the project's write lock (waiting, with one line on stderr, while another
    run holds it), then clear the temporaries that killed runs left in the project."""
    with storage.project_lock(settings.root, lambda: _waiting_for(settings.root)):
        storage.remove_leftovers(settings.locales_path)
        storage.remove_leftovers(settings.root, recursive=False)
        yield


@contextlib.contextmanager
def writing_site(output: Path, settings: Settings | None = None) -> Iterator[None]:
    """Hold the lock of the folder that holds the site folder ``output`` (with
    ``settings``, inside the project's lock, which covers it when it is the project
    folder): two runs writing one site, whatever their projects, take turns."""
    target = Path(os.path.abspath(output))
    held = settings.root if settings is not None else None
    with storage.output_lock(target, held, lambda: _waiting_for(target.parent)):
        yield
