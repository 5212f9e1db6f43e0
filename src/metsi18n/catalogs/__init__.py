"""Catalogs: articles' units -> templates (``.pot``) -> each language's catalog (``.po``).

Takes a project's :class:`~metsi18n.config.Settings`; gives its parsed articles and
the page chrome's strings (``project``), each domain's template (``templates``), and
the merge of a template into a catalog with msgmerge's semantics (``merge``), planned
file by file for export and check (:func:`plan_export`). Nothing here writes a file:
the pipeline stages what :func:`plan_export` hands it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metsi18n.catalogs.project import (
        Article,
        ExportResult,
        LanguageSummary,
        load_articles,
        new_catalog,
        plan_export,
        plan_templates,
        site_units,
    )

#: Names are imported on first use: ``metsi18n.catalogs.merge`` alone (the merge
#: benchmark, a tool merging one catalog) then loads no Markdown parser or pysbd.
_EXPORTS = {
    "Article",
    "ExportResult",
    "LanguageSummary",
    "load_articles",
    "new_catalog",
    "plan_export",
    "plan_templates",
    "site_units",
}

__all__ = [
    "Article",
    "ExportResult",
    "LanguageSummary",
    "load_articles",
    "new_catalog",
    "plan_export",
    "plan_templates",
    "site_units",
]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.project"), name)
