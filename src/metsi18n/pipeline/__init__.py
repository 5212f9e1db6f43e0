"""The pipeline's commands over a project: export and init here; memory export, XLIFF
both ways, review and pseudo in :mod:`metsi18n.pipeline.exchange`.

Every function takes :class:`Settings`, returns a result record and never prints.
Nothing is written until every input has been read and parsed, so bad input
leaves the project as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from metsi18n import catalogs, po, quality
from metsi18n.catalogs import (
    ExportResult,
    new_catalog,
    plan_export,
    plan_templates,
)
from metsi18n.config import CONFIG_NAME, Settings, register_languages
from metsi18n.errors import CatalogError, LocaleError, ProjectError
from metsi18n.languages import LanguageInfo, language_info
from metsi18n.pipeline.exchange import (
    MemoryExport,
    MemoryImport,
    XliffExport,
    XliffImport,
    export_memory,
    import_memory,
    pseudo,
    pseudo_catalogs,
    read_memory,
    review,
    sign_review,
    xliff_export,
    xliff_import,
)
from metsi18n.storage import (
    StagedFiles,
    digest,
    read_if_present,
    read_text,
    write_atomic,
)

__all__ = [
    "InitResult",
    "MemoryExport",
    "MemoryImport",
    "XliffExport",
    "XliffImport",
    "export",
    "export_memory",
    "import_memory",
    "init",
    "plan_export",
    "pseudo",
    "pseudo_catalogs",
    "read_memory",
    "review",
    "sign_review",
    "xliff_export",
    "xliff_import",
]


def export(
    settings: Settings,
    check: bool = False,
    languages: Sequence[str] = (),
    fuzzy: bool = True,
    obsolete: bool = True,
    memory: str | None = None,
) -> ExportResult:
    """Write each domain's template, then merge it into each language's catalog.

    With ``check``, nothing is written (see :func:`metsi18n.catalogs.plan_export`).
    Each changed file is staged beside its target as it is made; the files take their
    places only once every catalog has been read and merged, so bad input anywhere
    writes nothing. Just before, each target is read again: one that changed since
    export read it (a translator saved it meanwhile) stops the export, nothing written
    (:class:`CatalogError` naming it), rather than losing that save. ``memory``
    overrides ``[memory] mode`` (off, exact, fuzzy).
    """
    with StagedFiles() as staged:
        notes = _term_notes(settings)
        result = plan_export(
            settings,
            languages,
            fuzzy,
            obsolete,
            # Each file staged with a digest of what its target held, not the bytes:
            # memory stays flat as the project grows (holding the bytes of 1,000 x 10
            # catalogs took about 100 MiB).
            stage=None if check else staged.add,
            memory=memory,
            term_notes=notes,
        )
        for path, held in staged.targets():
            shown = settings.relative(path)
            if digest(read_if_present(path, CatalogError, shown)) != held:
                raise CatalogError("changed while export ran; run export again", shown)
        staged.commit()
    return result


@dataclass
class InitResult:
    """What init did: catalogs created or already there, languages registered."""

    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)


def _checked_codes(settings: Settings, codes: Sequence[str]) -> list[LanguageInfo]:
    """Validate every code before anything is written; :class:`LocaleError` on the first bad one."""
    if not codes:
        raise LocaleError("name at least one language, e.g. metsi18n init de pt-BR")
    infos: list[LanguageInfo] = []
    locales = settings.locales_path.resolve()
    for code in codes:
        info = language_info(code)
        target = (settings.locales_path / info.posix).resolve()
        if not info.posix.replace("_", "").isalnum() or target.parent != locales:
            raise LocaleError(f"{code!r} cannot name a folder of {settings.locales_dir}/")
        if info.posix == language_info(settings.source_language).posix:
            raise LocaleError(f"{code!r} is the source language of the project")
        if info.posix not in (known.posix for known in infos):
            infos.append(info)
    return infos


def init(settings: Settings, codes: Sequence[str]) -> InitResult:
    """Create each language's catalogs from the current templates and register it as draft.

    An existing catalog is left as it is; an unknown or unsafe code stops the command
    before anything is written.
    """
    infos = _checked_codes(settings, codes)
    config_text = read_text(settings.config_path, ProjectError, CONFIG_NAME)
    updated = register_languages(config_text, [info.posix for info in infos])
    planned = plan_templates(settings)
    result = InitResult()
    notes = _term_notes(settings)
    teams: dict[str, dict[str, str]] = {}
    writes: list[tuple[Path, bytes]] = []
    for item in planned:
        if item.data is not None:
            writes.append((item.path, item.data))
            result.templates.append(item.shown)
    for info in infos:
        for item in planned:
            path = settings.po_path(info.posix, item.domain)
            shown = settings.relative(path)
            if path.exists():
                result.existing.append(shown)
                continue
            new = new_catalog(settings, item, info.posix, teams)
            if notes is not None:
                new = catalogs.with_term_notes(new, info.posix, notes)
            writes.append((path, po.dumps(new).encode("utf-8")))
            result.created.append(shown)
        if settings.language(info.posix) is None:
            result.registered.append(info.posix)
    if updated != config_text:
        writes.append((settings.config_path, updated.encode("utf-8")))
    for path, data in writes:
        write_atomic(path, data)
    return result


def _term_notes(settings: Settings) -> Callable[[str, str], tuple[str, ...]] | None:
    """The glossary's notes on an English text in a language (None without a glossary):
    export writes them as ``Glossary:`` extracted comments, which XLIFF notes and the
    review document show with the others."""
    glossary = quality.load_glossary(settings)
    if glossary is None:
        return None
    return quality.Termbase(glossary).notes
