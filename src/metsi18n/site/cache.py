"""The build cache: per output folder, a hash of each article's inputs and what they gave.

Kept outside the project ($METSI18N_CACHE_DIR, else $XDG_CACHE_HOME/metsi18n, else
~/.cache/metsi18n); its fingerprint covers metsi18n's own code, templates and data (every
stage), the versions of the libraries that shape a page, the configuration, the languages
and the output folder, so a change to any of them starts afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from metsi18n.config import Settings
from metsi18n.storage import stat_signature, write_atomic

#: Where builds keep what they learned, one file per output folder:
#: $METSI18N_CACHE_DIR, else $XDG_CACHE_HOME/metsi18n, else ~/.cache/metsi18n.
CACHE_ENV = "METSI18N_CACHE_DIR"


def digest(*parts: bytes | str | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = b"\0none" if part is None else part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:32]


#: The libraries whose releases can change a page (parser, plugins, sentences, CLDR data,
#: templates): their versions are part of the cache's fingerprint.
PAGE_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pysbd", "babel", "jinja2")


def code_and_versions() -> list[bytes]:
    """metsi18n's own code and data (every stage: a parser change upstream of ``site/``
    changes pages too) and the versions of :data:`PAGE_LIBRARIES`."""
    package = Path(__file__).resolve().parent.parent
    files = sorted(
        path
        for pattern in ("*.py", "*.json", "*.html", "*.css", "*.js", "*.xml")
        for path in package.rglob(pattern)
    )
    parts = [
        path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() for path in files
    ]
    for name in PAGE_LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(f"{name} -".encode())
    return parts


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


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "metsi18n"
    return Path.home() / ".cache" / "metsi18n"


def unchanged(path: str, cached: Any, key: str) -> bool:
    """True when the file was made from the inputs of ``key`` and is still on disk as
    written (``cached``: the cache's [key, size, mtime_ns] of it)."""
    if not isinstance(cached, list) or len(cached) != 3 or cached[0] != key:
        return False
    return list(stat_signature(path) or ()) == cached[1:]
