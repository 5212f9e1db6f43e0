"""A project's translation memory, one language at a time: its catalogs and TMX files.

:func:`load_tmx` reads the TMX files ``[memory] tmx`` lists (once per run, every
language); :func:`quote_memory` indexes one language's memory texts for a quote;
:func:`language_memory` makes one language's :class:`Memory` from every
catalog of that language (each article, the site chrome, obsolete entries) plus
those TMX units. Catalogs come in path order (by domain); the TMX files after them,
as listed.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path

from metsi18n import po
from metsi18n.catalogs.memory import (
    Memory,
    MemoryUnit,
    Origin,
    SourceIndex,
    UnitRecords,
    tag_kinds,
)
from metsi18n.catalogs.merge import has_translation
from metsi18n.catalogs.nearest import NearestTexts, SharedTexts
from metsi18n.catalogs.prefill import FillResult, fill
from metsi18n.catalogs.tmx import TmxUnit, read_tmx
from metsi18n.catalogs.unitstore import CatalogUnit
from metsi18n.config import Settings
from metsi18n.errors import CatalogError
from metsi18n.storage import read_bytes, read_catalog, read_if_present

_PO_DATE = "%Y-%m-%d %H:%M%z"


def revision_time(catalog: po.POFile) -> float:
    """The catalog's PO-Revision-Date as seconds since the epoch; 0 if absent or unreadable."""
    return _seconds((catalog.header("PO-Revision-Date") or "").strip())


@functools.lru_cache(maxsize=256)
def _seconds(value: str) -> float:
    """A PO date as seconds since the epoch (catalogs revised together share one)."""
    try:
        return datetime.datetime.strptime(value, _PO_DATE).timestamp()
    except ValueError:
        return 0.0


def load_tmx(settings: Settings) -> list[tuple[str, list[TmxUnit]]]:
    """Each TMX file of ``[memory] tmx`` as (name shown, units); CatalogError if bad."""
    codes = [language.code for language in settings.languages]
    loaded = []
    for name in settings.memory.tmx:
        path = settings.root / name
        shown = settings.relative(path)
        data = read_bytes(path, CatalogError, shown)
        loaded.append((shown, read_tmx(data, shown, settings.source_language, codes)))
    return loaded


def catalog_paths(settings: Settings, code: str) -> list[Path]:
    """Every catalog of language ``code``, by domain."""
    folder = settings.po_path(code, "site").parent
    return sorted(folder.glob("*.po"), key=lambda path: path.stem)


def is_confirmed(message: po.Message) -> bool:
    """A memory unit: translated in every form and not fuzzy (obsolete entries too)."""
    if message.fuzzy or not message.msgid:
        return False
    forms = message.msgstr_plural if message.msgid_plural is not None else (message.msgstr,)
    return bool(forms) and all(forms)


def catalog_units(catalog: po.POFile, origin: Origin) -> Iterable[MemoryUnit]:
    """The confirmed translations of one catalog (obsolete entries included; fuzzy not)."""
    for fields in _unit_fields(catalog):
        yield MemoryUnit(*fields, origin, origin.revised)


def add_catalog_units(records: UnitRecords, catalog: po.POFile, origin: Origin) -> None:
    """:func:`catalog_units` added to ``records`` (export's memory), no unit objects made."""
    records.add_catalog(origin, list(_unit_fields(catalog)))


def _unit_fields(catalog: po.POFile) -> Iterator[CatalogUnit]:
    """The fields of each confirmed unit (:func:`is_confirmed`)."""
    for message in catalog.messages:
        if not is_confirmed(message):
            continue
        msgid = message.msgid
        forms = message.msgstr_plural if message.msgid_plural is not None else (message.msgstr,)
        yield (
            msgid,  # not interned: the records hold the index's id (see unitstore)
            message.msgctxt,
            message.msgid_plural,
            forms,
            # A source without tags needs no kinds (map_tags only maps tags).
            tag_kinds(message) if "<" in msgid else None,
        )


def catalog_origin(catalog: po.POFile, code: str, domain: str, order: int) -> Origin:
    """The origin of a catalog's units: ``first-aid (cs)``, its revision, its path order."""
    return Origin(f"{domain} ({code})", domain, revision_time(catalog), order)


def memory_units(
    settings: Settings,
    code: str,
    tmx: Sequence[tuple[str, list[TmxUnit]]] = (),
    skip_unreadable: bool = False,
    leave_out: Collection[str] = (),
) -> Iterator[MemoryUnit]:
    """The confirmed translations of ``code``: its catalogs by domain, then the TMX files.

    A catalog that does not parse stops the run (export names it the same way), unless
    ``skip_unreadable`` (check lists it among the unreadable itself). The domains in
    ``leave_out`` are not read (export collects their units as it merges them).
    """
    paths = catalog_paths(settings, code)
    for order, path in enumerate(paths):
        if path.stem in leave_out:
            continue
        shown = settings.relative(path)
        try:
            data = read_if_present(path, CatalogError, shown)
            if data is None:
                continue
            catalog = po.loads(data, shown)
        except CatalogError:
            if skip_unreadable:
                continue
            raise
        yield from catalog_units(catalog, catalog_origin(catalog, code, path.stem, order))
    yield from tmx_units(code, tmx, len(paths))


def tmx_units(
    code: str, tmx: Sequence[tuple[str, list[TmxUnit]]], first_order: int
) -> Iterator[MemoryUnit]:
    """The units of the TMX files that translate into ``code``, in the files' order."""
    for offset, (shown, units) in enumerate(tmx, start=first_order):
        origin = Origin(Path(shown).name, None, 0.0, offset)
        for unit in units:
            made = unit.memory_unit(code, origin)
            if made is not None:
                yield made


def quote_memory(
    settings: Settings,
    code: str,
    tmx: Sequence[tuple[str, list[TmxUnit]]],
    keep: Callable[[str, po.POFile], None],
    shared: SharedTexts | None = None,
) -> NearestTexts:
    """Language ``code``'s memory texts for a quote, each catalog read once: its confirmed
    units are indexed and the catalog handed to ``keep(domain, catalog)`` (the quote
    takes its entries to price from it, so nothing is parsed twice). ``shared``: the
    run's :class:`SharedTexts`, so each text is indexed once for all languages."""
    texts: list[tuple[str, str | None]] = []
    paths = catalog_paths(settings, code)
    for path in paths:
        catalog = read_catalog(path, settings.relative(path))
        if catalog is None:
            continue
        texts += [(m.msgid, m.msgctxt) for m in catalog.messages if is_confirmed(m)]
        keep(path.stem, catalog)
    texts += [(unit.source, unit.context) for unit in tmx_units(code, tmx, len(paths))]
    return NearestTexts(texts, shared)


def language_memory(
    settings: Settings,
    code: str,
    tmx: Sequence[tuple[str, list[TmxUnit]]] = (),
    skip_unreadable: bool = False,
    index: SourceIndex | None = None,
) -> Memory:
    """One language's :class:`Memory` (see :func:`memory_units`); pass the same ``index``
    to every language of a run, so a search is made once for all of them."""
    return Memory(memory_units(settings, code, tmx, skip_unreadable), index)


def fresh_keys(old: po.POFile | None, new: po.POFile) -> set[tuple[str | None, str]] | None:
    """The keys of ``new``'s entries that are new or changed and empty after the merge
    (not live in ``old``); None for a new catalog, all of whose entries are new."""
    if old is None:
        return None
    before = {message.key for message in old.messages if not message.obsolete}
    return {
        message.key
        for message in new.messages
        if message.key not in before and not message.obsolete and not has_translation(message)
    }


def fill_from_memory(
    settings: Settings,
    domain: str,
    catalog: po.POFile,
    fresh: set[tuple[str | None, str]] | None,
    recall: Memory,
    mode: str,
) -> FillResult:
    """``catalog`` with its ``fresh`` entries filled from ``recall`` as ``[memory]`` says."""
    return fill(
        catalog,
        fresh,
        recall,
        domain=domain,
        threshold=settings.memory.threshold,
        fuzzy=mode == "fuzzy",
        exact_same_domain_translated=settings.memory.exact_same_domain_translated,
    )
