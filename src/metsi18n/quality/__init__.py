"""Quality: catalogs and sources -> findings, for translators and for CI.

Takes a project's settings (or one catalog, one message); gives :class:`Finding`
records: per-message checks with a severity (``checks``), what ``msgfmt --check``
verifies (``validity``), lint of the English source (``lint``), statistics with
pocount's word counts (``stats``), and the CI gate over a whole project (``gate``),
printed as text, JSON or GitHub annotations (``findings``).

Names are imported on first use, so ``metsi18n stats`` does not load the gate's
Markdown, Jinja2 and pysbd.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metsi18n.quality.checks import CHECKS, check_message
    from metsi18n.quality.findings import Finding, exit_status
    from metsi18n.quality.findings import render as render_findings
    from metsi18n.quality.gate import check_project, lint_project
    from metsi18n.quality.impact import impact as measure_impact
    from metsi18n.quality.impact import render as render_impact
    from metsi18n.quality.signoff import Signed, is_signoff, reviewed_by, sign
    from metsi18n.quality.stats import project_stats
    from metsi18n.quality.stats import render as render_stats

#: name -> (module, attribute) of what the other stages use.
_EXPORTS = {
    "CHECKS": ("checks", "CHECKS"),
    "check_message": ("checks", "check_message"),
    "Signed": ("signoff", "Signed"),
    "is_signoff": ("signoff", "is_signoff"),
    "reviewed_by": ("signoff", "reviewed_by"),
    "sign": ("signoff", "sign"),
    "Finding": ("findings", "Finding"),
    "check_project": ("gate", "check_project"),
    "exit_status": ("findings", "exit_status"),
    # Not "impact": importing the submodule would set that attribute to the module.
    "measure_impact": ("impact", "impact"),
    "lint_project": ("gate", "lint_project"),
    "project_stats": ("stats", "project_stats"),
    "render_findings": ("findings", "render"),
    "render_impact": ("impact", "render"),
    "render_stats": ("stats", "render"),
}

__all__ = [
    "CHECKS",
    "Finding",
    "Signed",
    "check_message",
    "check_project",
    "exit_status",
    "is_signoff",
    "lint_project",
    "measure_impact",
    "project_stats",
    "render_findings",
    "render_impact",
    "render_stats",
    "reviewed_by",
    "sign",
]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
