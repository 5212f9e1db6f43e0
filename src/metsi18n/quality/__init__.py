"""Quality: catalogs and sources -> findings, for translators and for CI.

Takes a project's settings (or one catalog, one message); gives :class:`Finding`
records: per-message checks with a severity (``checks``), what ``msgfmt --check``
verifies (``validity``), lint of the English source (``lint``), statistics with
pocount's word counts (``stats``), a quote by translation-memory match band
(``quote``), and the CI gate over a whole project (``gate``),
printed as text, JSON or GitHub annotations (``findings``).

Names are imported on first use, so ``metsi18n stats`` does not load the gate's
Markdown, Jinja2 and pysbd.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metsi18n.quality.findings import Finding, exit_status
    from metsi18n.quality.findings import render as render_findings
    from metsi18n.quality.gate import check_project, lint_project
    from metsi18n.quality.quote import project_quote, render_quote
    from metsi18n.quality.stats import project_stats
    from metsi18n.quality.stats import render as render_stats

#: name -> (module, attribute) of what the other stages use.
_EXPORTS = {
    "Finding": ("findings", "Finding"),
    "check_project": ("gate", "check_project"),
    "exit_status": ("findings", "exit_status"),
    "lint_project": ("gate", "lint_project"),
    "project_quote": ("quote", "project_quote"),
    "project_stats": ("stats", "project_stats"),
    "render_quote": ("quote", "render_quote"),
    "render_findings": ("findings", "render"),
    "render_stats": ("stats", "render"),
}

__all__ = [
    "Finding",
    "check_project",
    "exit_status",
    "lint_project",
    "project_quote",
    "project_stats",
    "render_findings",
    "render_quote",
    "render_stats",
]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
