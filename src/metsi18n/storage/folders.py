"""The names and listings of a site folder and of its versions (see
:mod:`metsi18n.storage.tree`, which writes them): where the versions live, which one
the output links to, what a killed run left, and every file or entry below a folder,
read from directory entries alone; and the temporary file every staged write begins
with (:func:`write_beside`), named so that :func:`is_leftover` knows it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: How every temporary metsi18n writes begins (``.metsi18n-tmp.<name>.<random>.tmp``);
#: the pattern is in .gitignore.
TEMPORARY_PREFIX = ".metsi18n-tmp."

#: The versions folder of output ``site`` is ``.site`` + this, beside it.
VERSIONS_SUFFIX = ".metsi18n"

#: How a version folder's name begins (the rest is random).
VERSION_PREFIX = "v."


def is_leftover(name: str) -> bool:
    """True for a temporary a staged write leaves behind when its process is killed."""
    return name.startswith(TEMPORARY_PREFIX) and name.endswith(".tmp")


def leftover_of(name: str) -> str:
    """The name of the file a leftover (:func:`is_leftover`) was written for: what
    :func:`write_beside` put between the prefix and its random part."""
    return name[len(TEMPORARY_PREFIX) : -len(".tmp")].rpartition(".")[0]


def write_beside(path: Path, pieces: Iterable[bytes], flush: bool = False) -> Path:
    """``pieces`` in a new hidden temporary file in ``path``'s (existing) folder, for
    the caller to rename over ``path``.

    Named so that :func:`is_leftover` knows it; fsync'ed only with ``flush``.
    """
    handle, temporary = tempfile.mkstemp(
        prefix=f"{TEMPORARY_PREFIX}{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(piece)
            if flush:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return Path(temporary)


def versions_folder(output: Path) -> Path:
    """Where the versions of the site at ``output`` live: ``.<name>.metsi18n`` beside it."""
    return output.with_name(f".{output.name}{VERSIONS_SUFFIX}")


def current_version(output: Path) -> str | None:
    """The name of the version ``output`` links to, or None when it is no such link."""
    try:
        link = os.readlink(output)
    except OSError:
        return None
    folder, slash, name = link.partition("/")
    plain = name.startswith(VERSION_PREFIX) and "/" not in name
    return name if slash and folder == versions_folder(output).name and plain else None


def list_tree(output: Path, links: list[str] | None = None) -> dict[str, str]:
    """Every file of the previous output (its path as a string) by its relative path.

    Symbolic links inside it are neither followed nor listed (``output`` itself, the
    build's link to its version, is followed); with ``links``, their relative paths
    are added to it. os.scandir is 5x rglob's speed (and tells links apart without a
    stat), and plain strings spare 11,000 Path objects per build (cProfile of an
    incremental build: pathlib was its largest cost).
    """
    found: dict[str, str] = {}
    pending = [(str(output), "")]
    while pending:
        folder, relative = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            key = f"{relative}{entry.name}"
            if entry.is_symlink():
                if links is not None:
                    links.append(key)
            elif entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{key}/"))
            else:
                found[key] = entry.path
    return found


def stat_signature(path: str) -> tuple[int, int] | None:
    """(size, modification time in ns) of a file, or None when it is not there."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def inodes(folder: str, folders: set[str] | None = None) -> dict[str, int]:
    """Every entry below ``folder`` but folders (links too, not followed) -> its inode
    number, read from the directory entries alone (os.scandir: no stat per file); with
    ``folders``, the relative paths of the folders are added to it."""
    found: dict[str, int] = {}
    pending = [(folder, "")]
    while pending:
        parent, relative = pending.pop()
        try:
            entries = list(os.scandir(parent))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{relative}{entry.name}/"))
                if folders is not None:
                    folders.add(f"{relative}{entry.name}")
            else:
                found[f"{relative}{entry.name}"] = entry.inode()
    return found
