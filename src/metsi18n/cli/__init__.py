"""The ``metsi18n`` command: a thin click layer over the library.

``commands`` parses options, calls the pipeline and the stages, prints, and chooses
the exit code (0 fine; 1 findings or out of date; 2 usage error or bad input);
``errors`` makes every error one ``error:`` line.
"""

from __future__ import annotations

from metsi18n.cli import build as _build  # noqa: F401  (registers build, serve, join)
from metsi18n.cli import glossary as _glossary  # noqa: F401  (registers the command)
from metsi18n.cli import impact as _impact  # noqa: F401  (registers the command)
from metsi18n.cli import memory as _memory  # noqa: F401  (registers memory export|read)
from metsi18n.cli import pseudo as _pseudo  # noqa: F401  (registers its command)
from metsi18n.cli import review as _review  # noqa: F401  (registers its command)
from metsi18n.cli import stats as _stats  # noqa: F401  (registers stats, --analysis too)
from metsi18n.cli import xliff as _xliff  # noqa: F401  (registers its commands)
from metsi18n.cli.commands import main

__all__ = ["main"]
