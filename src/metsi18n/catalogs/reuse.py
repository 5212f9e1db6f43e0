"""A project's translation memory, one language at a time: its catalogs and TMX files.

:func:`load_tmx` reads the TMX files ``[memory] tmx`` lists (once per run, every
language); :func:`language_memory` makes one language's :class:`Memory` from every
catalog of that language (each article, the site chrome, obsolete entries) plus
those TMX units. Catalogs come in path order (by domain); the TMX files after them,
as listed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from pathlib import Path

from metsi18n import po
from metsi18n.catalogs.memory import Memory, MemoryUnit, Origin, catalog_units
from metsi18n.catalogs.tmx import TmxUnit, read_tmx
from metsi18n.config import Settings
from metsi18n.errors import CatalogError
from metsi18n.storage import read_bytes, read_if_present

_PO_DATE = "%Y-%m-%d %H:%M%z"


def revision_time(catalog: po.POFile) -> float:
    """The catalog's PO-Revision-Date as seconds since the epoch; 0 if absent or unreadable."""
    value = (catalog.header("PO-Revision-Date") or "").strip()
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


def memory_units(
    settings: Settings,
    code: str,
    tmx: Sequence[tuple[str, list[TmxUnit]]] = (),
    skip_unreadable: bool = False,
) -> Iterator[MemoryUnit]:
    """The confirmed translations of ``code``: its catalogs by domain, then the TMX files.

    A catalog that does not parse stops the run (export names it the same way), unless
    ``skip_unreadable`` (check lists it among the unreadable itself).
    """
    order = 0
    for order, path in enumerate(catalog_paths(settings, code)):
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
        origin = Origin(f"{path.stem} ({code})", path.stem, revision_time(catalog), order)
        yield from catalog_units(catalog, origin)
    for offset, (shown, units) in enumerate(tmx, start=order + 1):
        origin = Origin(Path(shown).name, None, 0.0, offset)
        for unit in units:
            made = unit.memory_unit(code, origin)
            if made is not None:
                yield made


def language_memory(
    settings: Settings,
    code: str,
    tmx: Sequence[tuple[str, list[TmxUnit]]] = (),
    skip_unreadable: bool = False,
) -> Memory:
    """One language's :class:`Memory` (see :func:`memory_units`)."""
    return Memory(memory_units(settings, code, tmx, skip_unreadable))
