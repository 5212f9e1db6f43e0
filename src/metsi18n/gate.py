"""``check`` and ``lint`` over a project: the findings CI gates on. Never prints.

:func:`check_project` runs, for each selected language and domain: completeness
(published languages gated, drafts reported), in sync (templates with the source,
catalogs with their templates), validity (what ``msgfmt --check`` verifies) and
the quality checks of check.py; then lints the English source (lint.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from metsi18n import check, languages, lint, pipeline, stats, validity
from metsi18n.config import Settings
from metsi18n.errors import CatalogError, LocaleError
from metsi18n.findings import ERROR, NOTICE, Finding, sort_findings
from metsi18n.pofile import Message, POFile

RUN_EXPORT = "run: metsi18n export"


@dataclass(frozen=True)
class Catalog:
    """One language's catalog of one domain, as found on disk."""

    language: str
    domain: str
    file: str
    po: POFile | None
    template: POFile | None


def words_list(settings: Settings, path: Path | None = None) -> frozenset[str]:
    """The project's word list: ``path``, else ``words.txt`` at the project root."""
    return lint.read_words(path if path is not None else settings.root / lint.WORDS_FILE)


def lint_project(settings: Settings, words_path: Path | None = None) -> list[Finding]:
    """Lint every article (title, description, text) and the page chrome's strings."""
    words = words_list(settings, words_path)
    found: list[Finding] = []
    for article in pipeline.load_articles(settings):
        document = article.document
        for text, location in (
            (document.title, document.title_location),
            (document.description, document.description_location),
        ):
            found += lint.lint_text(text, location.path, location.line, words, True, article.domain)
        found += lint.lint_blocks(document.blocks, words, article.domain)
    for unit in pipeline.site_units():
        where = unit.locations[0]
        found += lint.lint_text(unit.msgid, where.path, where.line, words, True, "site")
    return sort_findings(found)


def check_project(
    settings: Settings,
    codes: Sequence[str] = (),
    min_translated: float | None = None,
    words_path: Path | None = None,
) -> list[Finding]:
    """Every finding of ``check`` for the languages ``codes`` (all configured when empty)."""
    found: list[Finding] = []
    stale = set(pipeline.export(settings, check=True).stale)
    for file in sorted(stale):
        if file.endswith(".pot"):
            found.append(
                Finding(file, 0, "in-sync", ERROR, f"out of date with the source: {RUN_EXPORT}")
            )
    for language in stats.selected_languages(settings, codes):
        threshold = _threshold(settings, language, min_translated)
        for domain in stats.domains(settings):
            catalog, problem = _load(settings, language, domain)
            if problem is not None:
                found.append(problem)
                continue
            if catalog.file in stale:
                found += in_sync(catalog) or [
                    Finding(
                        catalog.file,
                        0,
                        "in-sync",
                        ERROR,
                        f"export would rewrite it (content or layout): {RUN_EXPORT}",
                        language,
                        domain,
                    )
                ]
            found += completeness(catalog, threshold)
            found += quality(catalog)
    found += lint_project(settings, words_path)
    return sort_findings(found)


def _threshold(settings: Settings, language: str, override: float | None) -> float | None:
    """Percent a published language needs (100 unless lowered); None for a draft."""
    configured = settings.language(language)
    if configured is None or not configured.published:
        return None
    if override is not None:
        return override
    return configured.min_translated if configured.min_translated is not None else 100.0


def _load(settings: Settings, language: str, domain: str) -> tuple[Catalog, Finding | None]:
    po_path, pot_path = settings.po_path(language, domain), settings.pot_path(domain)
    file = settings.relative(po_path)
    template = stats.read_catalog(pot_path, settings.relative(pot_path))
    catalog = Catalog(language, domain, file, None, template)
    try:
        po = stats.read_catalog(po_path, file)
    except CatalogError as exc:
        reason = exc.reason
        return catalog, Finding(file, exc.line or 0, "valid", ERROR, reason, language, domain)
    if po is None:
        return catalog, None
    return Catalog(language, domain, file, po, template), None


def _entries(po: POFile) -> list[tuple[tuple[str | None, str], str | None]]:
    return [(m.key, m.msgid_plural) for m in po.messages if not m.obsolete]


def in_sync(catalog: Catalog) -> list[Finding]:
    """A catalog holds exactly its template's entries, in its order, with its references."""
    if catalog.po is None or catalog.template is None:
        return []
    live = [m for m in catalog.po.messages if not m.obsolete]
    have, want = _entries(catalog.po), _entries(catalog.template)
    if have == want and [m.references for m in live] == [
        m.references for m in catalog.template.messages
    ]:
        return []
    missing = len(set(want) - set(have))
    extra = [m for m in live if (m.key, m.msgid_plural) not in set(want)]
    line = extra[0].lineno if extra else 0
    detail = f"{missing} entries of the template missing, {len(extra)} not in it"
    message = f"not merged with its template ({detail}): {RUN_EXPORT}"
    return [
        Finding(catalog.file, line, "in-sync", ERROR, message, catalog.language, catalog.domain)
    ]


def completeness(catalog: Catalog, threshold: float | None) -> list[Finding]:
    """Published languages: each untranslated or fuzzy entry while below the threshold."""
    file, language, domain = catalog.file, catalog.language, catalog.domain
    if catalog.po is None:
        severity = ERROR if threshold is not None else NOTICE
        message = f"no catalog for {domain} (run: metsi18n init {language})"
        return [Finding(file, 0, "completeness", severity, message, language, domain)]
    counts = stats.catalog_stats(catalog.po, language, domain, file)
    if counts.percent >= 100.0:
        return []
    summary = (
        f"{counts.percent:.0f}% translated ({counts.messages['translated']} of {counts.total}"
        f", {counts.messages['fuzzy']} fuzzy)"
    )
    if threshold is None:
        return [Finding(file, 0, "completeness", NOTICE, f"draft: {summary}", language, domain)]
    if counts.percent >= threshold:
        message = f"{summary}; enough to publish (needs {threshold:g}%)"
        return [Finding(file, 0, "completeness", NOTICE, message, language, domain)]
    message = f"{summary}; a published language needs {threshold:g}%"
    found = [Finding(file, 0, "completeness", ERROR, message, language, domain)]
    found += [
        Finding(file, m.lineno, "completeness", ERROR, _why(m), language, domain)
        for m in _unfinished(catalog.po.messages)
    ]
    return found


def _unfinished(messages: Sequence[Message]) -> Iterator[Message]:
    return (m for m in messages if not m.obsolete and not m.translated)


def _why(message: Message) -> str:
    if stats.state(message) == "fuzzy":
        return "fuzzy: review the translation, then remove the fuzzy flag"
    return "untranslated"


def quality(catalog: Catalog) -> list[Finding]:
    """Validity of the catalog, then the quality checks of each translated entry."""
    if catalog.po is None:
        return []
    file, language, domain = catalog.file, catalog.language, catalog.domain
    found = validity.validate(catalog.po, file, language, domain)
    try:
        nplurals = languages.language_info(language).nplurals
    except LocaleError:
        nplurals = 2
    for message in catalog.po.messages:
        found += check.check_message(message, language, file, domain, nplurals)
    return found
