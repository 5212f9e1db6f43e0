"""The pipeline's commands over a project that write files: export, init, memory export.

Every function takes :class:`Settings`, returns a result record and never prints.
Nothing is written until every input has been read and parsed, so bad input
leaves the project as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from metsi18n import po
from metsi18n.catalogs import (
    ExportResult,
    memory_units,
    new_catalog,
    plan_export,
    plan_templates,
    write_tmx,
)
from metsi18n.config import CONFIG_NAME, Settings, register_languages
from metsi18n.errors import LocaleError, ProjectError
from metsi18n.languages import LanguageInfo, language_info
from metsi18n.storage import StagedFiles, read_text, write_atomic


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
    writes nothing. ``memory`` overrides ``[memory] mode`` (off, exact, fuzzy).
    """
    with StagedFiles() as staged:
        stage = None if check else staged.add
        result = plan_export(settings, languages, fuzzy, obsolete, stage=stage, memory=memory)
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
            writes.append((path, po.dumps(new).encode("utf-8")))
            result.created.append(shown)
        if settings.language(info.posix) is None:
            result.registered.append(info.posix)
    if updated != config_text:
        writes.append((settings.config_path, updated.encode("utf-8")))
    for path, data in writes:
        write_atomic(path, data)
    return result


@dataclass
class MemoryExport:
    """What ``memory export`` wrote: the file and how many units it holds."""

    path: str
    units: int


def export_memory(settings: Settings, code: str, output: Path) -> MemoryExport:
    """Write language ``code``'s confirmed translations (every catalog) as TMX 1.4b.

    Units come in path order (catalogs by domain, entries in file order); identical
    ones (same source, context and translations) are written once. Nothing is written
    when a catalog does not parse.
    """
    posix = language_info(code).posix
    if settings.language(posix) is None:
        raise ProjectError(f"language {code!r} is not in [languages]", CONFIG_NAME)
    seen: set[tuple[str, str | None, str | None, tuple[str, ...]]] = set()
    units = []
    for unit in memory_units(settings, posix):
        key = (unit.source, unit.context, unit.plural, unit.translations)
        if key not in seen:
            seen.add(key)
            units.append(unit)
    data = write_tmx(units, posix, settings.source_language, _version())
    write_atomic(output, data)
    return MemoryExport(str(output), len(units))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("metsi18n")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "0"
