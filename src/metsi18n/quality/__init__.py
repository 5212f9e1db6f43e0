"""Quality: catalogs and sources -> findings, for translators and for CI.

Takes a project's settings (or one catalog, one message); gives :class:`Finding`
records: per-message checks with a severity (``checks``), what ``msgfmt --check``
verifies (``validity``), the termbase (``glossary``) and its matching by lemma
(``terms``), lint of the English source (``lint``), statistics with
pocount's word counts (``stats``), a quote by translation-memory match band
(``quote``, ``stats --analysis``), and the CI gate over a whole project (``gate``)
or over named catalogs (``catalog_check``), printed as text, JSON or GitHub
annotations (``findings``).

Names are imported on first use, so ``metsi18n stats`` does not load the gate's
Markdown, Jinja2 and pysbd.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metsi18n.quality.catalog_check import check_catalogs
    from metsi18n.quality.checks import CHECKS, check_message
    from metsi18n.quality.findings import Finding, exit_status
    from metsi18n.quality.findings import render as render_findings
    from metsi18n.quality.gate import check_project, lint_project
    from metsi18n.quality.glossary import FORMATS as GLOSSARY_FORMATS
    from metsi18n.quality.glossary import Glossary
    from metsi18n.quality.glossary import dumps as dump_glossary
    from metsi18n.quality.glossary import load as load_glossary
    from metsi18n.quality.impact import impact as measure_impact
    from metsi18n.quality.impact import render as render_impact
    from metsi18n.quality.quote import project_quote, render_quote
    from metsi18n.quality.stats import project_stats
    from metsi18n.quality.stats import render as render_stats
    from metsi18n.quality.terms import Termbase

#: name -> (module, attribute) of what the other stages use.
_EXPORTS = {
    "Termbase": ("terms", "Termbase"),
    "CHECKS": ("checks", "CHECKS"),
    "check_message": ("checks", "check_message"),
    "check_catalogs": ("catalog_check", "check_catalogs"),
    "Finding": ("findings", "Finding"),
    "check_project": ("gate", "check_project"),
    "GLOSSARY_FORMATS": ("glossary", "FORMATS"),
    "Glossary": ("glossary", "Glossary"),
    "dump_glossary": ("glossary", "dumps"),
    "exit_status": ("findings", "exit_status"),
    # Not "impact": importing the submodule would set that attribute to the module.
    "measure_impact": ("impact", "impact"),
    "lint_project": ("gate", "lint_project"),
    "load_glossary": ("glossary", "load"),
    "project_quote": ("quote", "project_quote"),
    "project_stats": ("stats", "project_stats"),
    "render_quote": ("quote", "render_quote"),
    "render_findings": ("findings", "render"),
    "render_impact": ("impact", "render"),
    "render_stats": ("stats", "render"),
}

__all__ = [
    "CHECKS",
    "GLOSSARY_FORMATS",
    "Finding",
    "Glossary",
    "Termbase",
    "check_catalogs",
    "check_message",
    "check_project",
    "dump_glossary",
    "exit_status",
    "lint_project",
    "load_glossary",
    "measure_impact",
    "project_quote",
    "project_stats",
    "render_findings",
    "render_impact",
    "render_quote",
    "render_stats",
]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value  # found once: a check ran this 176,875 times (1 s)
    return value
