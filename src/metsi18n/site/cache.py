"""The build cache: per output folder, a hash of each article's inputs and what they gave.

Kept outside the project ($METSI18N_CACHE_DIR, else $XDG_CACHE_HOME/metsi18n, else
~/.cache/metsi18n); its fingerprint covers metsi18n's own code, templates and data (every
stage), the versions of the libraries that shape a page, the configuration, the languages
and the output folder, so a change to any of them starts afresh.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from metsi18n.config import Settings
from metsi18n.storage import CACHE_ENV, cache_dir, code_fingerprint, stat_signature, write_atomic
from metsi18n.storage import cache_key as digest

__all__ = ["CACHE_ENV", "BuildCache", "cache_dir", "digest", "unchanged"]

#: The libraries whose releases can change a page (parser, plugins, sentences, CLDR data,
#: templates): their versions are part of the cache's fingerprint.
PAGE_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pysbd", "babel", "jinja2")


def code_and_versions() -> list[bytes]:
    """metsi18n's own code and data (every stage: a parser change upstream of ``site/``
    changes pages too) and the versions of :data:`PAGE_LIBRARIES` (see
    :func:`metsi18n.storage.code_fingerprint`, shared with the source stage's cache)."""
    return code_fingerprint(PAGE_LIBRARIES)


@dataclass
class BuildCache:
    """What earlier builds into the same output learned (see :func:`build`)."""

    file: Path
    fingerprint: str
    #: source path -> {"source": hash, "slug", "title", "date", "texts": {code: [...]}}
    articles: dict[str, Any] = field(default_factory=dict)
    #: output path -> [page key, size, mtime_ns] of the page written for that key.
    pages: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: Settings, output: Path, codes: Sequence[str]) -> BuildCache:
        fingerprint = digest(
            *code_and_versions(), settings.config_path.read_bytes(), " ".join(codes), str(output)
        )
        name = f"build-{digest(str(output))[:16]}.json"
        cache = cls(cache_dir() / name, fingerprint)
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            data = json.loads(cache.file.read_text(encoding="utf-8"))
            if data["fingerprint"] == fingerprint:
                cache.articles, cache.pages = dict(data["articles"]), dict(data["pages"])
        return cache

    def save(self, output: Path) -> None:
        for path, entry in list(self.pages.items()):
            if isinstance(entry, list):  # a page found unchanged: its signature was checked
                continue
            signature = stat_signature(os.path.join(output, path))
            if signature is None:
                del self.pages[path]
                continue
            self.pages[path] = [entry, *signature]
        data = {"fingerprint": self.fingerprint, "articles": self.articles, "pages": self.pages}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        with contextlib.suppress(OSError):  # a cache that cannot be written costs only time
            self.file.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.file, text.encode("utf-8"))


def unchanged(path: str, cached: Any, key: str) -> bool:
    """True when the file was made from the inputs of ``key`` and is still on disk as
    written (``cached``: the cache's [key, size, mtime_ns] of it)."""
    if not isinstance(cached, list) or len(cached) != 3 or cached[0] != key:
        return False
    return list(stat_signature(path) or ()) == cached[1:]
