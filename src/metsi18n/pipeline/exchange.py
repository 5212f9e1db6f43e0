"""The pipeline's exchanges with people outside the repository: the memory as TMX,
XLIFF for agencies both ways, the review document and its sign-off, pseudo-locales.

Like :mod:`metsi18n.pipeline`: results returned, nothing printed, nothing written
until every input is read.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from metsi18n import catalogs, po, quality, site
from metsi18n.catalogs import (
    PSEUDO_LOCALES,
    Applied,
    Refusal,
    ReviewDocument,
    ReviewSection,
    XliffDocument,
    XliffFile,
    apply_units,
    dump_xliff,
    export_units,
    load_articles,
    load_xliff,
    memory_units,
    now_utc,
    one_number_forms,
    plan_templates,
    pseudo_catalog,
    review_rows,
    target_languages,
    write_tmx,
)
from metsi18n.config import CONFIG_NAME, Language, Settings, register_tmx
from metsi18n.errors import CatalogError, LocaleError, ProjectError
from metsi18n.languages import language_info
from metsi18n.storage import (
    StagedFiles,
    read_bytes,
    read_catalog,
    read_text,
    write_atomic,
)


# --- XLIFF for agencies ---------------------------------------------------------------------
@dataclass
class XliffExport:
    """An XLIFF document for one language (None when it would hold no unit: XLIFF needs
    at least one file), and the units it holds per domain."""

    data: bytes | None
    units: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def xliff_export(
    settings: Settings, language: str, todo: bool = True, version: str = "2.0"
) -> XliffExport:
    """The language's catalogs as one XLIFF document (every live entry, or with ``todo``
    those not translated); a domain without a catalog yet is named in ``missing``."""
    (code,) = target_languages(settings, [language])
    files: list[XliffFile] = []
    result = XliffExport(None)
    for item in plan_templates(settings):
        path = settings.po_path(code, item.domain)
        catalog = read_catalog(path, settings.relative(path))
        if catalog is None:
            result.missing.append(settings.relative(path))
            continue
        units = export_units(catalog, todo, settings.relative(path))
        result.units[item.domain] = len(units)
        if units:
            files.append(XliffFile(item.domain, units))
    info = language_info(code)
    source = language_info(settings.source_language).bcp47
    document = XliffDocument(source, info.bcp47, tuple(files), version, info.direction == "rtl")
    result.data = dump_xliff(document) if files else None
    return result


@dataclass
class XliffImport:
    """What an import did, per catalog: the counts, the refused units, the files written."""

    language: str
    catalogs: dict[str, Applied] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)

    @property
    def refused(self) -> list[tuple[str, Refusal]]:
        return [(shown, r) for shown, applied in self.catalogs.items() for r in applied.refused]


def xliff_import(settings: Settings, data: bytes, shown: str) -> XliffImport:
    """Write the targets of an XLIFF document back into its language's catalogs.

    Units are checked against the current templates and by ``check``'s markup check;
    a refused unit is named and the others are imported. Only catalogs whose content
    changes are written, together, once the whole document has been read.
    """
    document = load_xliff(data, shown)
    (code,) = target_languages(settings, [document.target_language])
    templates = {item.domain: item.template for item in plan_templates(settings)}
    markup = quality.CHECKS["markup"]

    def tag_problem(source: str, translation: str) -> str | None:
        errors = [p.message for p in markup(source, translation, code) if p.severity == "error"]
        return "; ".join(errors) or None

    result = XliffImport(code)
    writes: list[tuple[Path, bytes]] = []
    for part in document.files:
        path = settings.po_path(code, part.domain)
        catalog_shown = settings.relative(path)
        catalog = read_catalog(path, catalog_shown)
        if part.domain not in templates or catalog is None:
            raise CatalogError(f"no catalog {catalog_shown} for the file {part.domain!r}", shown)
        applied = apply_units(catalog, templates[part.domain], part.units, tag_problem)
        result.catalogs[catalog_shown] = applied
        if applied.catalog != catalog:
            writes.append((path, po.dumps(applied.catalog).encode("utf-8")))
            result.written.append(catalog_shown)
    with StagedFiles() as staged:
        for path, content in writes:
            staged.add(path, content)
        staged.commit()
    return result


# --- the review document --------------------------------------------------------------------
def review(settings: Settings, language: str) -> ReviewDocument:
    """The bilingual review document of a language: per article (then the chrome) its
    units, states, ``check``'s quality findings and notes."""
    (code,) = target_languages(settings, [language])
    info = language_info(code)
    articles = {article.domain: article.document for article in load_articles(settings)}
    sections: list[ReviewSection] = []
    for item in plan_templates(settings):
        path = settings.po_path(code, item.domain)
        shown = settings.relative(path)
        catalog = read_catalog(path, shown)
        if catalog is None:
            continue
        findings: dict[int, list[str]] = {}
        one_number = one_number_forms(catalog.header("Plural-Forms"))
        for message in catalog.messages:
            if message.obsolete:
                continue
            found = quality.check_message(
                message, code, shown, item.domain, info.nplurals, one_number=one_number
            )
            for finding in found:
                findings.setdefault(message.lineno, []).append(
                    f"{finding.severity}: {finding.message} [{finding.check}]"
                )
        by_line = {line: tuple(texts) for line, texts in findings.items()}
        rows = review_rows(catalog, by_line)
        document = articles.get(item.domain)
        title = document.title if document else "Page chrome (every page)"
        date = document.date.isoformat() if document else ""
        sections.append(ReviewSection(item.domain, title, date, rows))
    return ReviewDocument(info.bcp47, info.endonym, info.direction == "rtl", tuple(sections))


# --- pseudo-locales -------------------------------------------------------------------------
def pseudo_catalogs(settings: Settings, locale: str) -> dict[str, po.POFile]:
    """Each domain's current template, pseudo-translated into ``locale`` (en-XA, ar-XB)."""
    if locale not in PSEUDO_LOCALES:
        known = ", ".join(PSEUDO_LOCALES)
        raise LocaleError(f"{locale!r} is not a pseudo-locale (use one of: {known})")
    info = language_info(locale)
    headers = (
        ("Project-Id-Version", settings.name),
        ("Language", info.posix),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", info.plural_forms),
    )
    return {
        item.domain: pseudo_catalog(item.template, locale, headers)
        for item in plan_templates(settings)
    }


def pseudo(settings: Settings, locale: str, output: Path) -> site.BuildResult:
    """Preview pages of ``locale`` built from the templates alone into ``output``;
    ``locales/`` is neither read for it nor written."""
    catalogs = pseudo_catalogs(settings, locale)
    posix = language_info(locale).posix
    with tempfile.TemporaryDirectory(prefix="metsi18n-pseudo-") as folder:
        locales = Path(folder) / "locales"
        for domain, catalog in catalogs.items():
            write_atomic(
                locales / posix / "LC_MESSAGES" / f"{domain}.po", po.dumps(catalog).encode()
            )
        preview = dataclasses.replace(
            settings,
            locales_dir=str(locales),
            languages=(Language(posix, "published", 0),),
        )
        return site.build_site(preview, output)


def sign_review(
    settings: Settings, language: str, domains: Sequence[str], name: str
) -> dict[str, catalogs.Signed]:
    """Record ``name``'s sign-off on every translated entry of each domain's catalog of
    ``language`` (``# reviewed: NAME, DATE (FINGERPRINT)``); catalogs written together."""
    (code,) = target_languages(settings, [language])
    known = [item.domain for item in plan_templates(settings)]
    date = now_utc().date().isoformat()
    results: dict[str, catalogs.Signed] = {}
    writes: list[tuple[Path, bytes]] = []
    for domain in domains:
        if domain not in known:
            raise ProjectError(f"no article {domain!r} (articles: {', '.join(known)})")
        path = settings.po_path(code, domain)
        shown = settings.relative(path)
        catalog = read_catalog(path, shown)
        if catalog is None:
            raise ProjectError(f"no catalog {shown} to sign")
        try:
            signed = catalogs.sign(catalog, name, date)
        except ValueError as exc:
            raise ProjectError(str(exc)) from exc
        results[shown] = signed
        if signed.catalog != catalog:
            writes.append((path, po.dumps(signed.catalog).encode("utf-8")))
    with StagedFiles() as staged:
        for path, content in writes:
            staged.add(path, content)
        staged.commit()
    return results


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


@dataclass(frozen=True)
class MemoryImport:
    """What ``tm import`` did: the file as listed, its units per language, whether it
    was added to ``[memory] tmx`` (False: listed already)."""

    path: str
    units: int
    languages: dict[str, int]
    added: bool


def import_memory(settings: Settings, file: Path) -> MemoryImport:
    """Read the TMX file ``file`` as export reads one and list it under ``[memory] tmx``
    (relative to the project, so the setting means the same on every machine), for
    export and ``stats --analysis`` to use. The file must be inside the project: a
    path to somewhere else would make the project's output depend on that place. A
    file that does not read as TMX of the project's languages changes nothing."""
    shown = str(file)
    root = settings.root.resolve()
    where = file.resolve()
    if not where.is_relative_to(root):
        raise CatalogError(
            "outside the project: copy it into the project (for example"
            f" memory/{file.name}) and import that copy",
            shown,
        )
    listed = where.relative_to(root).as_posix()
    units, counts = read_memory(settings, file)
    config_text = read_text(settings.config_path, ProjectError, CONFIG_NAME)
    updated = register_tmx(config_text, listed)
    if updated != config_text:
        write_atomic(settings.config_path, updated.encode("utf-8"))
    return MemoryImport(listed, units, counts, updated != config_text)


def read_memory(settings: Settings, file: Path) -> tuple[int, dict[str, int]]:
    """Read the TMX file ``file`` as export reads one: its units, and how many of them
    have each language (by code); nothing written. Bad TMX: :class:`CatalogError`."""
    shown = str(file)
    codes = [language.code for language in settings.languages]
    data = read_bytes(file, CatalogError, shown)
    units = catalogs.read_tmx(data, shown, settings.source_language, codes)
    counts = Counter(code for unit in units for code, _ in unit.translations)
    return len(units), dict(sorted(counts.items()))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("metsi18n")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        return "0"
