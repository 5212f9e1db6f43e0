"""The build's status files: ``status.json``, ``badges/<lang>.svg``, ``translations.html``.

Written with the homes (shard 1 only), each compared with the cache's key of what it
shows, so a build with nothing changed writes none of them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from metsi18n.config import SITE_DOMAIN, Settings
from metsi18n.po import loads
from metsi18n.site.article import Built
from metsi18n.site.cache import digest, unchanged
from metsi18n.site.chrome import cached_info
from metsi18n.site.downloads import catalog_download, stage_downloads, template_download
from metsi18n.site.page import render_template
from metsi18n.site.status import (
    Cell,
    LanguageStatus,
    badge_svg,
    band,
    catalog_counts,
    percent,
    status_document,
)
from metsi18n.storage import TreeWriter


def _download(settings: Settings, code: str, bcp47: str, domain: str) -> str | None:
    """The download of a catalog in the site; of the template when there is no catalog;
    None when there is neither (as :func:`metsi18n.site.downloads.domain_downloads`)."""
    if os.path.isfile(settings.po_file(code, domain)):
        return catalog_download(bcp47, domain)
    if settings.pot_path(domain).is_file():
        return template_download(domain)
    return None


def catalog_path(settings: Settings, code: str, domain: str) -> str:
    """The catalog's path as the project names it; relative to the locales folder when
    that is outside the project (``pseudo`` builds from a temporary one)."""
    path = settings.po_path(code, domain)
    shown = settings.relative(path)
    return (
        path.relative_to(settings.locales_path).as_posix() if Path(shown).is_absolute() else shown
    )


def language_statuses(
    settings: Settings,
    codes: Sequence[str],
    articles: Sequence[Built],
    sites: dict[str, bytes | None],
) -> list[LanguageStatus]:
    """Every built-for language (configured order) with a cell per article."""
    result = []
    for code in codes:
        info = cached_info(code)
        cells = []
        for item in articles:
            published = any(version[0] == code for version in item.versions)
            cells.append(
                Cell(
                    item.slug,
                    item.counts.get(code, [0, 0, 0, 0, 0]),
                    published,
                    f"{info.bcp47}/{item.slug}.html",
                    catalog_path(settings, code, item.slug),
                    _download(settings, code, info.bcp47, item.slug),
                )
            )
        data = sites.get(code)
        where = settings.relative(settings.po_path(code, SITE_DOMAIN))
        site = catalog_counts(loads(data, where) if data is not None else None)
        download = _download(settings, code, info.bcp47, SITE_DOMAIN)
        result.append(
            LanguageStatus(
                code, info.bcp47, info.endonym, info.direction, tuple(cells), site, download
            )
        )
    return result


def _add(
    writer: TreeWriter, cached: dict[str, Any], keys: dict[str, Any], name: str, key: str, make: Any
) -> None:
    keys[name] = key
    if unchanged(os.path.join(writer.output, name), cached.get(name), key):
        writer.add(name, None)
    else:
        writer.add(name, make())


def status_files(
    settings: Settings,
    statuses: Sequence[LanguageStatus],
    articles: Sequence[Built],
    writer: TreeWriter,
    cached: dict[str, Any],
    fingerprint: str,
    sites: dict[str, bytes | None],
) -> dict[str, Any]:
    """Add the status files and the ``site`` catalogs' downloads to ``writer``; their
    cache keys."""
    keys: dict[str, Any] = {}
    downloads: dict[str, bytes | None] = {}
    stage_downloads(settings, writer.output, SITE_DOMAIN, sites, cached, downloads, keys)
    for name, data in downloads.items():
        writer.add(name, data)
    dates = {item.slug: item.date for item in articles}
    document = status_document(statuses, dates)
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    key = digest(fingerprint, text)
    _add(writer, cached, keys, "status.json", key, lambda: text.encode("utf-8"))
    for item in statuses:
        svg = badge_svg(item.endonym, item.percent, item.direction)
        _add(
            writer,
            cached,
            keys,
            f"badges/{item.bcp47}.svg",
            digest(fingerprint, svg),
            lambda svg=svg: svg.encode("utf-8"),
        )
    source = cached_info(settings.source_language)
    page = {
        "lang": source.bcp47,
        "dir": source.direction,
        "name": settings.name,
        "languages": [
            {
                "lang": item.bcp47,
                "dir": item.direction,
                "endonym": item.endonym,
                "percent": item.percent,
                "band": band(item.percent),
                "badge": f"badges/{item.bcp47}.svg",
                "catalog": item.site_download,
            }
            for item in statuses
        ],
        "articles": [
            {
                "slug": article.slug,
                "title": article.title,
                "href": f"{source.bcp47}/{article.slug}.html",
                "template": template_download(article.slug)
                if settings.pot_path(article.slug).is_file()
                else None,
                "cells": [
                    {
                        "lang": item.bcp47,
                        "endonym": item.endonym,
                        "percent": percent(item.cells[row].counts),
                        "band": band(percent(item.cells[row].counts)),
                        "href": item.cells[row].href if item.cells[row].published else None,
                        "catalog": item.cells[row].download,
                        "template": (item.cells[row].download or "").endswith(".pot"),
                    }
                    for item in statuses
                ],
            }
            for row, article in enumerate(articles)
        ],
    }
    key = digest(fingerprint, json.dumps(page, ensure_ascii=False, sort_keys=True))
    _add(
        writer,
        cached,
        keys,
        "translations.html",
        key,
        lambda: render_template("translations.html", None, page=page).encode("utf-8"),
    )
    return keys
