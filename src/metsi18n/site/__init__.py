"""The site: a project's articles and catalogs -> HTML pages, an index and a sitemap.

Takes a project's settings; gives one page (``page``: a document rendered in one
language with per-unit fallback, escaping by construction; its typographic spaces
from ``typography``), one article's pages in
every language (``article``), the whole site with ``--jobs`` and ``--shard``, the
output-folder policy and ``serve`` (``builder``), the input-hash cache that makes
builds incremental (``cache``), the join of shard folders (``shards``), the language
homes and sitemap (``index``), and the status files and badges (``status``,
``status_files``).
Templates, style sheet and script are in ``templates/``.

Names are imported on first use, so commands that do not build load no Jinja2.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metsi18n.site.article import article_text
    from metsi18n.site.builder import BuildResult, parse_shard, server
    from metsi18n.site.builder import build as build_site
    from metsi18n.site.page import Prepared, prepare
    from metsi18n.site.shards import join as join_shards
    from metsi18n.site.status import badge_svg

#: name -> (module, attribute) of what the other stages use.
_EXPORTS = {
    "BuildResult": ("builder", "BuildResult"),
    "Prepared": ("page", "Prepared"),
    "article_text": ("article", "article_text"),
    "badge_svg": ("status", "badge_svg"),
    "build_site": ("builder", "build"),
    "join_shards": ("shards", "join"),
    "parse_shard": ("builder", "parse_shard"),
    "prepare": ("page", "prepare"),
    "server": ("builder", "server"),
}

__all__ = [
    "BuildResult",
    "Prepared",
    "article_text",
    "badge_svg",
    "build_site",
    "join_shards",
    "parse_shard",
    "prepare",
    "server",
]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value  # found once: a check ran this 176,875 times (1 s)
    return value
