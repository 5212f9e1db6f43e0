"""What metsi18n keeps between runs, outside the project: where, under which key, how.

The folder is $METSI18N_CACHE_DIR, else $XDG_CACHE_HOME/metsi18n, else ~/.cache/metsi18n
(the build's cache and the source stage's entries share it). A key is a digest of every
input of what is kept; :func:`code_fingerprint` is the part every key shares: metsi18n's
own code and data, the interpreter and the versions of the libraries named.

An entry (:func:`write_entry`, :func:`read_entry`) is one file, written atomically, that
holds its key and a SHA-256 of its payload: a truncated, damaged or foreign file (another
key, another format) reads as no entry, never as an error or as something else.

A run that reads many entries (export: one per article) makes one :class:`EntryRun`: the
digest of :func:`code_fingerprint` once (it reads every file of the package and asks
for the libraries' versions: 1,000 times took 3.7 s of a cold 1,000-article export),
and the folder listed once for the temporaries a killed run left (listing it at every
write took 3.9 s more, a folder of 1,000 entries read 1,000 times).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import unicodedata
from pathlib import Path

from metsi18n.storage.folders import TEMPORARY_PREFIX, leftover_of, write_beside

#: The variable that names the cache folder (tests set it to a temporary folder).
CACHE_ENV = "METSI18N_CACHE_DIR"
#: What every entry file starts with: the format of the files, not of their payloads.
_MAGIC = b"metsi18n cache entry 1\n"
_KEY_SIZE = 32  # hex digits of cache_key
_SUM_SIZE = 32  # bytes of SHA-256


def cache_dir() -> Path:
    """$METSI18N_CACHE_DIR, else $XDG_CACHE_HOME/metsi18n, else ~/.cache/metsi18n."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "metsi18n"
    return Path.home() / ".cache" / "metsi18n"


def cache_key(*parts: bytes | str | None) -> str:
    """A digest of ``parts`` (each length-prefixed, so no two lists of parts collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = b"\0none" if part is None else part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()[:_KEY_SIZE]


def code_fingerprint(libraries: tuple[str, ...]) -> list[bytes]:
    """metsi18n's own code and data (every stage), the interpreter (its version and its
    Unicode data, which regular expressions and case folding follow) and the versions of
    ``libraries`` (distribution names; ``-`` for one not installed)."""
    return [*_package_files(), *_versions(libraries)]


@functools.cache
def _package_files() -> tuple[bytes, ...]:
    package = Path(__file__).resolve().parent.parent
    files = sorted(
        path
        for pattern in ("*.py", "*.json", "*.html", "*.css", "*.js", "*.xml")
        for path in package.rglob(pattern)
    )
    return tuple(
        path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() for path in files
    )


def _versions(libraries: tuple[str, ...]) -> tuple[bytes, ...]:
    from importlib import metadata  # imported late: 20 ms that check of a catalog needs not

    parts = [f"python {sys.version} unicode {unicodedata.unidata_version}".encode()]
    for name in libraries:
        try:
            parts.append(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(f"{name} -".encode())
    return tuple(parts)


def code_key(libraries: tuple[str, ...]) -> str:
    """The :func:`cache_key` of :func:`code_fingerprint`: one part for a key, not hundreds."""
    return cache_key(*code_fingerprint(libraries))


def entry_path(kind: str, *identity: str) -> Path:
    """The file of one entry: ``kind`` and what it is about (e.g. a project's root and an
    article's path), so that the entry for an edited article replaces the old one."""
    return cache_dir() / f"{kind}-{cache_key(*identity)[:24]}.bin"


def read_entry(path: Path, key: str) -> bytes | None:
    """The payload kept at ``path`` under ``key``; None when there is none, or the file
    is unreadable, truncated, damaged or was written for another key."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _KEY_SIZE + _SUM_SIZE
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    if data[len(_MAGIC) : len(_MAGIC) + _KEY_SIZE] != key.encode("ascii"):
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[head - _SUM_SIZE : head]:
        return None
    return payload


def write_entry(path: Path, key: str, payload: bytes, run: EntryRun | None = None) -> None:
    """Keep ``payload`` at ``path`` under ``key``: written to a temporary file beside it,
    then renamed over it (a reader sees the old entry or the new; a temporary left by a
    killed run is removed by the next write of that entry: the folder is listed for them
    once per ``run``, at every write without one). Not flushed to disk:
    after a crash the entry may be lost or torn, and its digest then refuses it. A cache
    that cannot be written costs only time, so a failure is ignored."""
    data = _MAGIC + key.encode("ascii") + hashlib.sha256(payload).digest() + payload
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        # A run killed while writing this entry left its temporary: removed by the next.
        leftovers = (EntryRun() if run is None else run).leftovers(path)
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        temporary = write_beside(path, [data])
        try:
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)
            raise


class EntryRun:
    """What a run that writes many entries works out once: the code's key
    (:func:`code_key`, per list of libraries) and each folder's leftover temporaries."""

    def __init__(self) -> None:
        self._keys: dict[tuple[str, ...], str] = {}
        #: Folder -> entry name -> the temporaries a killed write of it left.
        self._leftovers: dict[Path, dict[str, list[Path]]] = {}

    def code_key(self, libraries: tuple[str, ...]) -> str:
        """:func:`code_key`, worked out at the first call for these libraries."""
        key = self._keys.get(libraries)
        if key is None:
            key = self._keys[libraries] = code_key(libraries)
        return key

    def leftovers(self, path: Path) -> list[Path]:
        """The temporaries of entry ``path`` that its folder held when first asked (a
        write's own temporary is renamed before the next write: never among them)."""
        folder = path.parent
        found = self._leftovers.get(folder)
        if found is None:
            found = self._leftovers[folder] = {}
            for leftover in folder.glob(f"{TEMPORARY_PREFIX}*.tmp"):
                found.setdefault(leftover_of(leftover.name), []).append(leftover)
        return found.pop(path.name, [])
