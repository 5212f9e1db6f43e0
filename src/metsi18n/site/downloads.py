"""Catalog downloads: each built language's catalogs, and the templates, in the site.

``translations.html`` links every cell to the catalog its page is made from, so a
volunteer takes the file from the site itself, translates it in any PO editor and
sends it back, as the Translation Project's team pages offer each PO file and POT of
a package. A language with no catalog of an article yet gets its template's link.

Each download is the file of ``locales/`` byte for byte: ``catalogs/<lang>/<domain>.po``
(``lang`` in BCP 47, as the pages' folders) and ``catalogs/<domain>.pot``. Its cache key
is a hash of its bytes, so an unchanged catalog is neither compared on disk nor written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from metsi18n.config import Settings
from metsi18n.errors import CatalogError
from metsi18n.site.cache import digest, unchanged
from metsi18n.site.chrome import cached_info
from metsi18n.storage import read_if_present

FOLDER = "catalogs"


def catalog_download(bcp47: str, domain: str) -> str:
    """Where the site holds language ``bcp47``'s catalog of ``domain``."""
    return f"{FOLDER}/{bcp47}/{domain}.po"


def template_download(domain: str) -> str:
    """Where the site holds the template (``.pot``) of ``domain``."""
    return f"{FOLDER}/{domain}.pot"


def read_template(settings: Settings, domain: str) -> bytes | None:
    """The bytes of ``domain``'s template, or None when export has not written it."""
    path = settings.pot_path(domain)
    try:
        return read_if_present(path, CatalogError)
    except CatalogError as exc:
        raise CatalogError(exc.reason, settings.relative(path)) from exc


def domain_downloads(
    settings: Settings, domain: str, catalogs: Mapping[str, bytes | None]
) -> dict[str, bytes]:
    """Site path -> bytes of ``domain``'s template and of each language's catalog of it
    (``catalogs``: POSIX code -> bytes, None where there is none)."""
    found = {
        catalog_download(cached_info(code).bcp47, domain): data for code, data in catalogs.items()
    }
    found[template_download(domain)] = read_template(settings, domain)
    return {name: data for name, data in sorted(found.items()) if data is not None}


def stage_downloads(
    settings: Settings,
    output: Path,
    domain: str,
    catalogs: Mapping[str, bytes | None],
    cached: Mapping[str, Any],
    files: dict[str, bytes | None],
    keys: dict[str, Any],
) -> None:
    """Add ``domain``'s downloads to ``files`` (None: the file on disk holds the same
    bytes) and their cache keys to ``keys``."""
    for name, data in domain_downloads(settings, domain, catalogs).items():
        key = digest(FOLDER, data)
        if unchanged(os.path.join(output, name), cached.get(name), key):
            files[name], keys[name] = None, cached[name]
        else:
            files[name], keys[name] = data, key
