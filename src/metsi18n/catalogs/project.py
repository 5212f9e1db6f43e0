"""A project's catalogs as export makes them: articles -> units -> templates -> catalogs.

Takes :class:`~metsi18n.config.Settings`; gives the parsed articles, each domain's
template, a new catalog's header, and :func:`plan_export`, which merges every template
into every language's catalog and hands each file that must change to ``stage`` (or,
without one, lists it as stale). Nothing here writes a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from metsi18n import po
from metsi18n.catalogs import compact, merge, reuse
from metsi18n.catalogs import memory as tm
from metsi18n.catalogs import templates as catalog
from metsi18n.catalogs.articles import Article, iter_articles
from metsi18n.catalogs.newcatalog import PlannedTemplate as Planned
from metsi18n.catalogs.newcatalog import new_catalog, now_utc
from metsi18n.catalogs.prefill import PendingCatalog
from metsi18n.catalogs.spool import Spool
from metsi18n.config import CONFIG_NAME, SITE_DOMAIN, Settings
from metsi18n.errors import CatalogError, ProjectError
from metsi18n.languages import language_info
from metsi18n.model import Unit
from metsi18n.storage import digest, read_bytes, read_if_present

#: The page templates, whose strings are the ``site`` domain (the page chrome).
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site" / "templates"


@dataclass
class ExportResult:
    """What export did (or, with ``check``, would do) to each file."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    #: With ``check``: catalogs whose content is up to date, laid out otherwise than GNU's
    #: tools write them (wrapped by polib, Poedit or Weblate); export would rewrap them.
    rewrap: list[str] = field(default_factory=list)
    #: With ``keep_going``: the catalogs that could not be read or parsed, left out.
    unreadable: list[CatalogError] = field(default_factory=list)
    #: One summary per language merged, in the order of metsi18n.toml (sorted codes).
    languages: list[LanguageSummary] = field(default_factory=list)


def site_units() -> list[Unit]:
    """The page chrome's strings, extracted from the page templates."""
    units: list[Unit] = []
    for path in sorted(TEMPLATES_DIR.glob("*.html")):
        shown = f"templates/{path.name}"
        units.extend(catalog.template_units(shown, read_bytes(path, ProjectError, shown)))
    return catalog.merge_units(units)


def templates(
    settings: Settings, articles: Iterable[Article] | None = None
) -> Iterator[tuple[str, list[Unit]]]:
    """Units per domain, one domain at a time: each article's, then ``site`` (the chrome).

    ``articles``: the project's articles already parsed (check parses them once for all
    its stages); read from the source folder when None.
    """
    for article in iter_articles(settings) if articles is None else articles:
        yield article.domain, list(article.units)
    yield SITE_DOMAIN, site_units()


@dataclass
class LanguageSummary:
    """What export's merge did to one language's catalogs, summed over its domains."""

    code: str
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    #: New entries filled from the translation memory (counted here, not in ``new``).
    memory: int = 0

    def add(self, merged: merge.MergeResult) -> None:
        self.kept += merged.kept
        self.fuzzy += merged.fuzzy
        self.new += merged.new
        self.obsolete += merged.obsolete


@dataclass(frozen=True)
class PlannedTemplate:
    """One domain's template as export makes it, and its bytes if the file must change."""

    domain: str
    path: Path
    shown: str
    template: po.POFile
    data: bytes | None
    #: What the file held when read (None: no file yet).
    before: bytes | None = None


def plan_templates(
    settings: Settings, articles: Iterable[Article] | None = None
) -> list[PlannedTemplate]:
    """Each domain's template; ``data`` is set where the file on disk differs in messages."""
    return list(iter_templates(settings, articles))


#: ``read(shown, parsed, size)``: told of each catalog and template parsed from its file
#: (``size`` bytes), so that a caller that needs them too (check) need not parse again.
Read = Callable[[str, po.POFile, int], None]


def iter_templates(
    settings: Settings, articles: Iterable[Article] | None = None, read: Read | None = None
) -> Iterator[PlannedTemplate]:
    """:func:`plan_templates` one domain at a time, so export holds one article at once.

    Every changed template gets the same POT-Creation-Date: the time of the first one.
    """
    stamp: str | None = None
    for domain, units in templates(settings, articles):
        path = settings.pot_path(domain)
        shown = settings.relative(path)
        before = read_if_present(path, CatalogError, shown)
        old = None if before is None else po.loads(before, shown)
        if read is not None and old is not None and before is not None:
            read(shown, old, len(before))
        probe = catalog.template(units, settings.name, domain, "")
        if old is not None and catalog.same_content(old, probe):
            created = old.header(catalog.CREATION_DATE) or ""
            yield PlannedTemplate(domain, path, shown, catalog.dated(probe, created), None)
            continue
        if stamp is None:
            stamp = catalog.format_date(now_utc())
        new = catalog.dated(probe, stamp)
        yield PlannedTemplate(domain, path, shown, new, po.dumps(new).encode("utf-8"), before)


def target_languages(settings: Settings, codes: Sequence[str]) -> list[str]:
    """POSIX codes of ``codes`` (all configured languages when empty); each must be configured."""
    if not codes:
        return [language.code for language in settings.languages]
    chosen: list[str] = []
    for code in codes:
        posix = language_info(code).posix
        if settings.language(posix) is None:
            raise ProjectError(
                f"language {code!r} is not in [languages] (add it: metsi18n init {code})",
                CONFIG_NAME,
            )
        if posix not in chosen:
            chosen.append(posix)
    return chosen


def plan_export(
    settings: Settings,
    languages: Sequence[str] = (),
    fuzzy: bool = True,
    obsolete: bool = True,
    keep_going: bool = False,
    stage: Callable[[Path, bytes, bytes | None], None] | None = None,
    memory: str | None = None,
    term_notes: TermNotes | None = None,
    articles: Sequence[Article] | None = None,
    read: Read | None = None,
) -> ExportResult:
    """Make each domain's template, then merge it into each language's catalog.

    Each file whose bytes must change is handed to ``stage`` as soon as it is made
    (memory stays flat as the project grows), with the :func:`~metsi18n.storage.digest`
    of the bytes it held when read (None: there was none), and listed in ``written``. Without
    ``stage`` nothing is handed on: ``stale`` lists the files whose content would
    change, ``rewrap`` those whose layout only would (see :mod:`metsi18n.po.content`).
    With ``keep_going`` (for ``check``), a catalog that cannot be read or parsed is
    listed in ``unreadable`` and skipped instead of stopping.

    ``memory`` (``off``, ``exact`` or ``fuzzy``; default ``[memory] mode``) fills the
    entries that are new or changed and still empty after the merge from the
    language's translation memory (:mod:`metsi18n.catalogs.memory`); without ``fuzzy``
    only from exact matches. Then the
    templates are made first and the catalogs merged language by language, so that
    one language's memory is held at a time.

    ``articles``: the parsed articles, when the caller has them (see :func:`templates`);
    ``read`` is told of each file parsed (see :data:`Read`).
    """
    codes = target_languages(settings, languages)
    mode = settings.memory.mode if memory is None else memory
    if not fuzzy and mode == "fuzzy":  # --no-fuzzy: no similar text's translation at all
        mode = "exact"
    result = ExportResult()
    summaries = {code: LanguageSummary(code) for code in codes}
    teams: dict[str, dict[str, str]] = {}

    def changed(shown: str, path: Path, data: bytes, held: bytes | None) -> None:
        if stage is None:
            result.stale.append(shown)
        else:
            result.written.append(shown)
            stage(path, data, held)

    def template_done(item: PlannedTemplate) -> None:
        if item.data is None:
            result.unchanged.append(item.shown)
        else:
            changed(item.shown, item.path, item.data, digest(item.before))

    def merged(item: Planned, code: str) -> _Merged | None:
        path = settings.po_path(code, item.domain)
        shown = settings.relative(path)
        # Read once: the bytes are parsed, then compared with what export writes.
        try:
            before = read_if_present(path, CatalogError, shown)
            old = None if before is None else po.loads(before, shown)
        except CatalogError as exc:
            if not keep_going:
                raise
            result.unreadable.append(exc)
            return None
        if read is not None and old is not None and before is not None:
            read(shown, old, len(before))
        if old is None:
            new = new_catalog(settings, item, code, teams)
            summaries[code].new += len(new.messages)
        else:
            outcome = merge.merge(item.template, old, fuzzy=fuzzy, obsolete=obsolete)
            summaries[code].add(outcome)
            new = outcome.catalog
        if term_notes is not None:
            new = with_term_notes(new, code, term_notes)
        return _Merged(item.domain, path, shown, digest(before), old, new)

    def finish(done: _Merged, data: bytes | None = None) -> None:
        """``data``: the catalog's bytes when made already (None: write ``done.new``)."""
        if data is None:
            data = po.dumps(done.new).encode("utf-8")
        if done.held == digest(data):
            result.unchanged.append(done.shown)
        elif stage is None and done.old is not None and po.same_content(done.old, done.new):
            result.rewrap.append(done.shown)
        else:
            changed(done.shown, done.path, data, done.held)

    if mode == "off":
        # Domain by domain, so that memory holds one article's template and catalogs at
        # a time (the bench: holding all, export's peak grew 52 -> 93 MiB from 250 to
        # 1,000 articles).
        for item in iter_templates(settings, articles, read):
            template_done(item)
            for code in codes:
                done = merged(item, code)
                if done is not None:
                    finish(done)
    else:
        tmx = reuse.load_tmx(settings)
        index = tm.SourceIndex()
        # Each template waits through every language as records in a spool file
        # (compact.Shelf): parsed, they were 24 of the 1,000-article bench's 82 MiB peak.
        # Held as the domain and the template's place alone (as PlannedTemplate, its
        # paths too, they were 1 KiB an article).
        shelf = compact.Shelf()
        planned: list[tuple[str, tuple[int, int]]] = []
        for item in iter_templates(settings, articles, read):
            template_done(item)
            planned.append((item.domain, shelf.put(item.template)))
        domains = {domain for domain, _ in planned}
        for code in codes:
            # Each catalog is read once: its units go to the memory as it is merged;
            # those with entries left to fill wait until the memory is complete.
            order = {path.stem: n for n, path in enumerate(reuse.catalog_paths(settings, code))}
            # The units are packed as they come (unitstore): as objects, a language's
            # memory was the most of export's growth with the project.
            # Their records and the waiting catalogs' texts go to an anonymous file.
            spool = Spool()
            units = tm.UnitRecords(spool, index)
            waiting: list[tuple[_Merged, set[tuple[str | None, str]] | None]] = []
            # Written (stage) catalogs wait as their text and the entries to fill alone
            # (holding them parsed was the most of export's growth with the project),
            # with their domain and the digest of what they held: their paths are made
            # again when written.
            pending: list[tuple[str, bytes | None, PendingCatalog]] = []
            for domain, packed in planned:
                done = merged(_Shelved(domain, shelf.get(packed)), code)
                if done is None:
                    continue
                if done.old is not None:
                    origin = reuse.catalog_origin(done.old, code, done.domain, order[done.domain])
                    reuse.add_catalog_units(units, done.old, origin)
                fresh = reuse.fresh_keys(done.old, done.new)
                if fresh is not None and not fresh:
                    finish(done)
                elif stage is None:  # check compares the catalogs (see finish)
                    waiting.append((done, fresh))
                else:
                    held = PendingCatalog.of(done.new, fresh)
                    if not held.entries:
                        finish(done, held.text)
                        continue
                    pending.append((done.domain, done.held, held.spooled(spool)))
            units.extend(reuse.memory_units(settings, code, tmx, keep_going, domains))
            recall = tm.Memory(units, index)
            for done, fresh in waiting:
                filled = reuse.fill_from_memory(
                    settings, done.domain, done.new, fresh, recall, mode
                )
                summaries[code].new -= filled.filled
                summaries[code].memory += filled.filled
                done.new = filled.catalog
                finish(done)
            for domain, before, held in pending:
                data, count, _ = held.filled(
                    recall,
                    domain=domain,
                    threshold=settings.memory.threshold,
                    fuzzy=mode == "fuzzy",
                    exact_same_domain_translated=settings.memory.exact_same_domain_translated,
                )
                summaries[code].new -= count
                summaries[code].memory += count
                path = settings.po_path(code, domain)
                finish(_Merged(domain, path, settings.relative(path), before, None, _EMPTY), data)
            # Before the next language is merged: one language's memory at a time.
            spool.close()
            del recall, waiting, pending
        shelf.close()
    result.languages = list(summaries.values())
    for names in (result.written, result.unchanged, result.stale, result.rewrap):
        names.sort(key=_file_order)
    return result


#: ``notes(msgid, code)``: the glossary's word on each term an English text names, in
#: language ``code`` (the quality stage's termbase gives it; catalogs only write it).
TermNotes = Callable[[str, str], tuple[str, ...]]
#: The extracted-comment lines export writes from the glossary start so.
GLOSSARY_PREFIX = "Glossary: "


def with_term_notes(catalog: po.POFile, code: str, notes: TermNotes) -> po.POFile:
    """``catalog`` with a ``Glossary: ...`` extracted comment on each live entry for each
    glossary term its English names, in language ``code`` (translators see them in
    Poedit); earlier such lines are replaced, so the notes follow the glossary."""
    messages = []
    for message in catalog.messages:
        kept = tuple(c for c in message.extracted_comments if not c.startswith(GLOSSARY_PREFIX))
        lines = () if message.obsolete else notes(message.msgid, code)
        comments = kept + tuple(GLOSSARY_PREFIX + line for line in lines)
        if comments != message.extracted_comments:
            message = replace(message, extracted_comments=comments)
        messages.append(message)
    return replace(catalog, messages=tuple(messages))


#: What a pending catalog's ``new`` becomes: its text is held instead (see finish).
_EMPTY = po.POFile()


@dataclass(frozen=True, slots=True)
class _Shelved:
    """A domain's template taken back from the shelf, as :func:`plan_export` merges it."""

    domain: str
    template: po.POFile


@dataclass
class _Merged:
    """One catalog merged (or made), before it is written or compared."""

    domain: str
    path: Path
    shown: str
    #: The :func:`~metsi18n.storage.digest` of the bytes read (None: no file yet).
    held: bytes | None
    old: po.POFile | None
    new: po.POFile


def _file_order(shown: str) -> tuple[bool, str]:
    """Templates first, then catalogs by language and domain (as the output lists them)."""
    return (not shown.endswith(".pot"), shown)
