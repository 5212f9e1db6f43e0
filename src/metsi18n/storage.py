"""The one module that touches the file system: reads, and atomic writes.

A write goes to a temporary file in the target's folder, is flushed, then
renamed over the target, so a reader never sees half a file and a failure
leaves the previous file in place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from metsi18n.errors import Metsi18nError


def read_bytes(path: Path, error: type[Metsi18nError], shown: str | None = None) -> bytes:
    """The bytes of ``path``; ``error`` (naming ``shown`` or the path) if unreadable."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", shown or str(path)) from exc


def read_text(path: Path, error: type[Metsi18nError], shown: str | None = None) -> str:
    """UTF-8 text of ``path``; ``error`` naming the line of the first undecodable byte."""
    data = read_bytes(path, error, shown)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error("not valid UTF-8 text", shown or str(path), line) from exc


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, creating folders as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds exactly it; True when written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True
