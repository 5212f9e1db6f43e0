"""Catalogs: articles' units -> templates (``.pot``) -> each language's catalog (``.po``).

Takes a project's :class:`~metsi18n.config.Settings`; gives its parsed articles and
the page chrome's strings (``project``), each domain's template (``templates``), and
the merge of a template into a catalog with msgmerge's semantics (``merge``), planned
file by file for export and check (:func:`plan_export`), and whether one translation
may be shown (``safety``, :func:`showable_message`: the markup, injection and
placeholders rules that check reports and the build obeys). Nothing here writes a
file: the pipeline stages what :func:`plan_export` hands it.
"""

from __future__ import annotations

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
from metsi18n.catalogs.safety import (
    NAMED_RE,
    URL_RE,
    comment_flags,
    injection_problems,
    markup_problems,
    placeholder_pattern,
    placeholder_problems,
    showable_message,
    silencing,
)

__all__ = [
    "NAMED_RE",
    "URL_RE",
    "Article",
    "ExportResult",
    "LanguageSummary",
    "comment_flags",
    "injection_problems",
    "load_articles",
    "markup_problems",
    "new_catalog",
    "placeholder_pattern",
    "placeholder_problems",
    "plan_export",
    "plan_templates",
    "showable_message",
    "silencing",
    "site_units",
]
