"""``metsi18n check FILE.po...``: the project check's findings for just those catalogs.

What ``msgfmt -c FILE`` or ``pofilter`` does for a translator about to send a file:
validity, every translation quality check, consistency with the language's other
catalogs, completeness as notices. No source is linted, no template compared (no
in-sync verdict): a catalog's findings are exactly those :func:`check_project` gives
for that file, less its in-sync notice.

A file inside a project (a folder at or above it holds ``metsi18n.toml``) is checked
with that project's glossary, settings and languages, as the catalog of its language
and domain: at ``locales/<lang>/LC_MESSAGES/<domain>.po`` the folder names the
language; anywhere else its ``Language`` header does, its name the domain, and it
takes the place of the project's catalog of that domain (an edited copy is checked as
if it were the catalog). A file outside any project (a catalog downloaded from a
published site) is checked with the defaults and its ``Language`` header.

The source is read only when check's publish verdict needs the build's count of an
unfinished article page in a published language (:func:`gate.completeness`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from metsi18n import catalogs, languages, site
from metsi18n.config import CONFIG_NAME, SITE_DOMAIN, Settings, load_settings, publish_threshold
from metsi18n.errors import CatalogError, LocaleError
from metsi18n.po import Message, POFile, loads
from metsi18n.quality import gate, stats
from metsi18n.quality.findings import NOTICE, Finding, sort_findings
from metsi18n.quality.terms import Termbase
from metsi18n.storage import read_bytes, read_catalog


@dataclass(frozen=True)
class Checked:
    """One catalog named on the command line: where it is, read and parsed."""

    path: Path
    catalog: gate.Catalog
    #: The project it belongs to; None for a file outside any project.
    settings: Settings | None


def find_project(path: Path) -> Settings | None:
    """The project of the file ``path`` (absolute): the nearest folder at or above it
    holding ``metsi18n.toml``; None when there is none."""
    for folder in path.parents:
        if (folder / CONFIG_NAME).is_file():
            return load_settings(folder)
    return None


def check_catalogs(paths: Sequence[Path], min_translated: float | None = None) -> list[Finding]:
    """Every finding of ``check`` for the catalogs ``paths`` (absolute), sorted.

    :class:`CatalogError` (``FILE:LINE: reason``) for a file that cannot be read or
    parsed, or whose language cannot be told; nothing is checked then.
    """
    projects: dict[Path, Settings | None] = {}
    checked: list[Checked] = []
    seen: set[Path] = set()
    for path in paths:
        if path in seen:
            continue
        seen.add(path)
        folder = path.parent
        if folder not in projects:
            projects[folder] = find_project(path)
        checked.append(read_checked(path, projects[folder]))
    found: list[Finding] = []
    termbases: dict[Path, Termbase | None] = {}
    documents: dict[Path, dict[str, site.Prepared]] = {}
    for item in checked:
        termbase = None
        if item.settings is not None:
            root = item.settings.root
            if root not in termbases:
                termbases[root] = gate.project_termbase(item.settings)
            termbase = termbases[root]
        found += completeness(item, min_translated, documents)
        found += gate.quality(item.catalog, termbase)
    found += consistency(checked)
    return sort_findings(found)


def read_checked(path: Path, settings: Settings | None) -> Checked:
    """The catalog at ``path``, parsed, with its language and domain."""
    shown = settings.relative(path) if settings is not None else str(path)
    po = loads(read_bytes(path, CatalogError, shown), shown)
    domain = path.stem
    language = _folder_language(path, settings)
    if language is None:
        language = _header_language(po, shown)
    return Checked(path, gate.Catalog(language, domain, shown, po, None), settings)


def _folder_language(path: Path, settings: Settings | None) -> str | None:
    """The language a project's ``locales/<lang>/LC_MESSAGES/`` folder names."""
    if settings is None or path.parent.name != "LC_MESSAGES":
        return None
    if path.parent.parent.parent != settings.locales_path:
        return None
    return path.parent.parent.name


def _header_language(po: POFile, shown: str) -> str:
    declared = (po.header("Language") or "").strip()
    if not declared:
        raise CatalogError(
            "no Language header: cannot tell the catalog's language (add e.g. 'Language: cs')",
            shown,
            1,
        )
    try:
        return languages.posix_code(declared)
    except LocaleError as exc:
        raise CatalogError(f"Language header {declared!r}: {exc.reason}", shown, 1) from exc


def completeness(
    item: Checked, min_translated: float | None, documents: dict[Path, dict[str, site.Prepared]]
) -> list[Finding]:
    """Translation debt as the project check reports it (``--min-translated`` too); for a
    file outside a project, what is left to translate."""
    catalog, settings = item.catalog, item.settings
    if settings is None:
        return _debt(catalog)
    threshold = publish_threshold(settings, catalog.language)
    percent = None
    # The chrome is no article (its domain is reserved): no source is read for it.
    if threshold is not None and catalog.domain != SITE_DOMAIN and _unfinished(catalog.po):
        prepared = _article(settings, catalog.domain, documents)
        if prepared is not None:
            # The build's own count (tags intact, not fuzzy), for the build's decision.
            percent = site.article_text(settings, prepared, catalog.language, catalog.po).percent
    found = gate.completeness(catalog, threshold, percent)
    if min_translated is not None and threshold is not None:
        found += gate.gate(catalog, min_translated)
    return found


def _article(
    settings: Settings, domain: str, documents: dict[Path, dict[str, site.Prepared]]
) -> site.Prepared | None:
    """The project's article of ``domain`` ready to count as the build does; None when
    no article has that slug (the page chrome, a catalog left from a removed article)."""
    if settings.root not in documents:
        documents[settings.root] = {}
        for article in catalogs.load_documents(settings):
            documents[settings.root][article.domain] = site.prepare(
                article.document, settings.segmentation
            )
    return documents[settings.root].get(domain)


def _debt(catalog: gate.Catalog) -> list[Finding]:
    """A catalog outside a project: how much is translated, then each unfinished entry."""
    assert catalog.po is not None
    counts = stats.entry_stats(catalog.po, catalog.language, catalog.domain, catalog.file)
    if counts.percent >= 100.0:
        return []
    summary = (
        f"{math.floor(counts.percent)}% translated ({counts.messages['translated']} of "
        f"{counts.total}, {counts.messages['fuzzy']} fuzzy)"
    )
    found = [catalog.finding(0, "completeness", NOTICE, summary)]
    found += [
        catalog.finding(message.lineno, "completeness", NOTICE, gate.describe(message))
        for message in _unfinished(catalog.po)
    ]
    return found


def _unfinished(po: POFile | None) -> list[Message]:
    """The entries untranslated or fuzzy."""
    messages = po.messages if po is not None else ()
    return [message for message in messages if not message.obsolete and not message.translated]


def consistency(checked: Sequence[Checked]) -> list[Finding]:
    """:func:`gate.consistency` of each checked file among its language's catalogs: in a
    project, the project's catalogs in its order, each checked file in its domain's
    place; outside one, the checked files of that language. Findings on checked files only.

    Two files of one language and domain (a catalog and an edited copy of it) cannot
    share a place: the second starts a group of its own, so each gets its findings."""
    groups: dict[tuple[Path | None, str, int], dict[str, gate.Catalog]] = {}
    for item in checked:
        root = item.settings.root if item.settings is not None else None
        rank = 0
        while item.catalog.domain in groups.get((root, item.catalog.language, rank), {}):
            rank += 1
        key = (root, item.catalog.language, rank)
        groups.setdefault(key, {})[item.catalog.domain] = item.catalog
    settings_of = {item.settings.root: item.settings for item in checked if item.settings}
    found: list[Finding] = []
    for (root, language, _rank), given in groups.items():
        ordered = list(given.values())
        if root is not None:
            ordered = _project_catalogs(settings_of[root], language, given)
        names = {catalog.file for catalog in given.values()}
        found += [f for f in gate.consistency(ordered) if f.file in names]
    return found


def _project_catalogs(
    settings: Settings, language: str, given: dict[str, gate.Catalog]
) -> list[gate.Catalog]:
    """The catalogs of ``language`` as :func:`check_project` loads them, the checked ones
    (``given``, by domain) in their places and after the project's domains if new."""
    ordered: list[gate.Catalog] = []
    for domain in stats.domains(settings):
        if domain in given:
            ordered.append(given[domain])
            continue
        path = settings.po_path(language, domain)
        shown = settings.relative(path)
        try:
            po = read_catalog(path, shown)
        except CatalogError:
            continue  # the project check reports it on that file, and compares it with none
        if po is not None:
            ordered.append(gate.Catalog(language, domain, shown, po, None))
    placed = {catalog.domain for catalog in ordered}
    return ordered + [catalog for domain, catalog in given.items() if domain not in placed]
