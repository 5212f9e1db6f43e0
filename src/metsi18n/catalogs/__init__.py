"""Catalogs: articles' units -> templates (``.pot``) -> each language's catalog (``.po``).

Takes a project's :class:`~metsi18n.config.Settings`; gives its parsed articles and
the page chrome's strings (``project``), each domain's template (``templates``), and
the merge of a template into a catalog with msgmerge's semantics (``merge``), planned
file by file for export and check (:func:`plan_export`), each language's translation
memory (``memory``: catalogs and TMX files, ``reuse``, ``tmx``), whether one
translation may be shown (``safety``, :func:`showable_message`: the markup, injection
and placeholders rules that check reports and the build obeys), and XLIFF for
agencies: the format (``xliff``) and entries <-> units (``exchange``). Nothing here
writes a file: the pipeline stages what :func:`plan_export` hands it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metsi18n.catalogs.articles import Article, ParsedArticle, load_articles, load_documents
    from metsi18n.catalogs.exchange import Applied, Refusal, apply_units, export_units
    from metsi18n.catalogs.memory import Match, Memory, MemoryUnit, Origin, SourceIndex
    from metsi18n.catalogs.merge import merge as merge_catalog
    from metsi18n.catalogs.nearest import NearestTexts, SharedTexts
    from metsi18n.catalogs.newcatalog import new_catalog, now_utc
    from metsi18n.catalogs.project import (
        ExportResult,
        LanguageSummary,
        plan_export,
        plan_templates,
        site_units,
        target_languages,
        with_term_notes,
    )
    from metsi18n.catalogs.pseudo import PSEUDO_LOCALES, pseudo_catalog, pseudo_text
    from metsi18n.catalogs.reuse import (
        catalog_paths,
        language_memory,
        load_tmx,
        memory_units,
        quote_memory,
    )
    from metsi18n.catalogs.review import ReviewDocument, ReviewSection, render_docx, render_html
    from metsi18n.catalogs.review import counts as counts_of_review
    from metsi18n.catalogs.review import rows_of as review_rows
    from metsi18n.catalogs.safety import (
        NAMED_RE,
        TAG_RE,
        URL_RE,
        comment_flags,
        injection_problems,
        markup_problems,
        one_number_forms,
        placeholder_pattern,
        placeholder_problems,
        showable_message,
        silencing,
    )
    from metsi18n.catalogs.signoff import Signed, is_signoff, reviewed_by, sign
    from metsi18n.catalogs.tmx import TmxUnit, read_tmx, write_tmx
    from metsi18n.catalogs.xliff import XliffDocument, XliffFile, XliffUnit
    from metsi18n.catalogs.xliff import dumps as dump_xliff
    from metsi18n.catalogs.xliff import loads as load_xliff

#: Names imported on first use: lxml loads only for the XLIFF commands, and
#: ``metsi18n.catalogs.merge`` alone (the merge tool) loads no Markdown parser or pysbd.
_LAZY = {
    "with_term_notes": ("project", "with_term_notes"),
    "Match": ("memory", "Match"),
    "Memory": ("memory", "Memory"),
    "MemoryUnit": ("memory", "MemoryUnit"),
    "Origin": ("memory", "Origin"),
    "SourceIndex": ("memory", "SourceIndex"),
    "catalog_paths": ("reuse", "catalog_paths"),
    "language_memory": ("reuse", "language_memory"),
    "quote_memory": ("reuse", "quote_memory"),
    "NearestTexts": ("nearest", "NearestTexts"),
    "SharedTexts": ("nearest", "SharedTexts"),
    "load_tmx": ("reuse", "load_tmx"),
    "memory_units": ("reuse", "memory_units"),
    "TmxUnit": ("tmx", "TmxUnit"),
    "read_tmx": ("tmx", "read_tmx"),
    "write_tmx": ("tmx", "write_tmx"),
    "Signed": ("signoff", "Signed"),
    "is_signoff": ("signoff", "is_signoff"),
    "reviewed_by": ("signoff", "reviewed_by"),
    "sign": ("signoff", "sign"),
    "Article": ("articles", "Article"),
    "ParsedArticle": ("articles", "ParsedArticle"),
    "ExportResult": ("project", "ExportResult"),
    "LanguageSummary": ("project", "LanguageSummary"),
    "load_articles": ("articles", "load_articles"),
    "load_documents": ("articles", "load_documents"),
    "merge_catalog": ("merge", "merge"),
    "new_catalog": ("newcatalog", "new_catalog"),
    "now_utc": ("newcatalog", "now_utc"),
    "plan_export": ("project", "plan_export"),
    "plan_templates": ("project", "plan_templates"),
    "site_units": ("project", "site_units"),
    "target_languages": ("project", "target_languages"),
    "Applied": ("exchange", "Applied"),
    "Refusal": ("exchange", "Refusal"),
    "apply_units": ("exchange", "apply_units"),
    "export_units": ("exchange", "export_units"),
    "NAMED_RE": ("safety", "NAMED_RE"),
    "TAG_RE": ("safety", "TAG_RE"),
    "URL_RE": ("safety", "URL_RE"),
    "comment_flags": ("safety", "comment_flags"),
    "injection_problems": ("safety", "injection_problems"),
    "markup_problems": ("safety", "markup_problems"),
    "one_number_forms": ("safety", "one_number_forms"),
    "placeholder_pattern": ("safety", "placeholder_pattern"),
    "placeholder_problems": ("safety", "placeholder_problems"),
    "showable_message": ("safety", "showable_message"),
    "silencing": ("safety", "silencing"),
    "PSEUDO_LOCALES": ("pseudo", "PSEUDO_LOCALES"),
    "pseudo_catalog": ("pseudo", "pseudo_catalog"),
    "pseudo_text": ("pseudo", "pseudo_text"),
    "ReviewDocument": ("review", "ReviewDocument"),
    "counts_of_review": ("review", "counts"),
    "ReviewSection": ("review", "ReviewSection"),
    "render_docx": ("review", "render_docx"),
    "render_html": ("review", "render_html"),
    "review_rows": ("review", "rows_of"),
    "XliffDocument": ("xliff", "XliffDocument"),
    "XliffFile": ("xliff", "XliffFile"),
    "XliffUnit": ("xliff", "XliffUnit"),
    "dump_xliff": ("xliff", "dumps"),
    "load_xliff": ("xliff", "loads"),
}

__all__ = [
    "NAMED_RE",
    "PSEUDO_LOCALES",
    "TAG_RE",
    "URL_RE",
    "Applied",
    "Article",
    "ExportResult",
    "LanguageSummary",
    "Match",
    "Memory",
    "MemoryUnit",
    "NearestTexts",
    "Origin",
    "ParsedArticle",
    "Refusal",
    "ReviewDocument",
    "ReviewSection",
    "SharedTexts",
    "Signed",
    "SourceIndex",
    "TmxUnit",
    "XliffDocument",
    "XliffFile",
    "XliffUnit",
    "apply_units",
    "catalog_paths",
    "comment_flags",
    "counts_of_review",
    "dump_xliff",
    "export_units",
    "injection_problems",
    "is_signoff",
    "language_memory",
    "load_articles",
    "load_documents",
    "load_tmx",
    "load_xliff",
    "markup_problems",
    "memory_units",
    "merge_catalog",
    "new_catalog",
    "now_utc",
    "one_number_forms",
    "placeholder_pattern",
    "placeholder_problems",
    "plan_export",
    "plan_templates",
    "pseudo_catalog",
    "pseudo_text",
    "quote_memory",
    "read_tmx",
    "render_docx",
    "render_html",
    "review_rows",
    "reviewed_by",
    "showable_message",
    "sign",
    "silencing",
    "site_units",
    "target_languages",
    "with_term_notes",
    "write_tmx",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value  # found once: a check ran this 176,875 times (1 s)
    return value
