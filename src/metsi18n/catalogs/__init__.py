"""Catalogs: articles' units -> templates (``.pot``) -> each language's catalog (``.po``).

Takes a project's :class:`~metsi18n.config.Settings`; gives its parsed articles and
the page chrome's strings (``project``), each domain's template (``templates``), and
the merge of a template into a catalog with msgmerge's semantics (``merge``), planned
file by file for export and check (:func:`plan_export`), and each language's
translation memory (``memory``: catalogs and TMX files, ``reuse``, ``tmx``).
Nothing here writes a file: the pipeline stages what :func:`plan_export` hands it.
"""

from __future__ import annotations

from metsi18n.catalogs.memory import Match, Memory, MemoryUnit, Origin, SourceIndex
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
from metsi18n.catalogs.reuse import catalog_paths, language_memory, load_tmx, memory_units
from metsi18n.catalogs.tmx import TmxUnit, read_tmx, write_tmx

__all__ = [
    "Article",
    "ExportResult",
    "LanguageSummary",
    "Match",
    "Memory",
    "MemoryUnit",
    "Origin",
    "SourceIndex",
    "TmxUnit",
    "catalog_paths",
    "language_memory",
    "load_articles",
    "load_tmx",
    "memory_units",
    "new_catalog",
    "plan_export",
    "plan_templates",
    "read_tmx",
    "site_units",
    "write_tmx",
]
