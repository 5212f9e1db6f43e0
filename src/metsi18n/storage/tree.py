"""A folder of files (the site) switched as a whole: old or new, never a mix.

For an output path ``site`` the build keeps, side by side::

    site -> .site.metsi18n/v.k3j9x      a relative symbolic link: the name readers use
    .site.metsi18n/                     the versions folder, named after the output
        .metsi18n-build                 the owner's marker (see metsi18n.site.output)
        v.k3j9x/                        the current version: every file of the site

:class:`TreeWriter` assembles the next version in a new folder beside the current one,
flushes it (one ``os.sync``), makes a link to it under a temporary name and renames
that link over the output path: ``rename(2)`` replaces one link by the other in one
step, so whoever opens a path through ``site`` gets the whole old version or the whole
new one, and a run killed at any point leaves ``site`` naming one of them (the
Capistrano release switch). Only then is the previous version deleted; what a killed
run left in the versions folder (a half-made version, a temporary link) is deleted by
the next writer. Unchanged files are hard links to the previous version's (``os.link``;
a copy where the file system has none), so a version costs a directory entry per
unchanged file, not its bytes: 11,000 links and their removal take 0.13 s here.

Why a sibling rather than a folder inside the output or elsewhere: the link and what
it names must be on one file system for the rename, the pair must move together
(the link is relative), and everything the build writes stays in two names it owns,
``site`` and ``.site.metsi18n``, both next to each other and found from the output
path alone.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
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


def write_new(path: str, pieces: Iterable[bytes]) -> None:
    """A new file of a version being assembled (nobody reads it before the switch)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "wb") as stream:
        for piece in pieces:
            stream.write(piece)


def encoded(chunks: Iterable[str], batch: int = 4096) -> Iterator[bytes]:
    """UTF-8 of text made piece by piece, a batch of pieces at a time."""
    pieces: list[str] = []
    for chunk in chunks:
        pieces.append(chunk)
        if len(pieces) >= batch:
            yield "".join(pieces).encode("utf-8")
            pieces = []
    yield "".join(pieces).encode("utf-8")


def _delete(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


class TreeWriter:
    """The next version of the site, assembled beside the current one, switched in whole.

    :meth:`add` and :meth:`add_chunks` put each file of the new site in the new version
    (an unchanged file, equal bytes or ``None``: known unchanged, as a hard link to the
    old one); :meth:`finish` flushes, switches the output path to the new version in
    one rename and deletes the previous version. When nothing differs, nothing is
    switched. :meth:`abandon` deletes the new version and leaves the output as it was.

    ``owner`` (a file name and its bytes) is written in the versions folder, so that
    the folder is known for the build's own (see :mod:`metsi18n.site.output`); the
    caller has checked that the output path and the versions folder may be taken.
    """

    def __init__(
        self,
        output: Path,
        old: dict[str, str],
        keep: Callable[[str], bool] | None = None,
        owner: tuple[str, bytes] | None = None,
    ) -> None:
        """``keep`` names old files that stay although this build does not make them."""
        self.output, self.old, self.keep, self.owner = output, old, keep, owner
        self.versions = versions_folder(output)
        #: Names written anew, kept (equal to the old file), and removed (in the old only).
        self.written: list[str] = []
        self.unchanged: list[str] = []
        self.removed: list[str] = []
        self.names: set[str] = set()
        self.version: str | None = None
        self.made_versions = False
        #: Folders above the output that this writer made (removed again by abandon).
        self.made_parents: list[Path] = []
        self.folders: set[str] = set()
        self.remove_stale()

    def remove_stale(self) -> None:
        """Delete what killed runs left in the versions folder: every entry but the
        owner's marker and the version the output links to."""
        keep = {current_version(self.output), self.version, self.owner and self.owner[0]}
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for entry in sorted(os.listdir(self.versions)):
                if entry not in keep:
                    _delete(os.path.join(self.versions, entry))

    def _start(self) -> str:
        """Make the versions folder (with the owner's marker) and the new version."""
        if not os.path.isdir(self.versions):
            for parent in reversed(self.versions.parents):
                if not parent.exists():  # folders above the output, made as needed
                    parent.mkdir()
                    self.made_parents.append(parent)
            os.mkdir(self.versions, 0o755)
            self.made_versions = True
        if self.owner is not None:
            name, data = self.owner
            path = os.path.join(self.versions, name)
            with contextlib.suppress(OSError):
                if Path(path).read_bytes() == data:
                    data = b""
            if data:
                temporary = os.path.join(self.versions, f"{TEMPORARY_PREFIX}{name}.tmp")
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
                write_new(temporary, [data])
                os.replace(temporary, path)
        version = tempfile.mkdtemp(prefix=VERSION_PREFIX, dir=self.versions)
        os.chmod(version, 0o755)
        self.version = version
        return version

    def _target(self, name: str) -> str:
        """Where ``name`` goes in the new version (its folder made if need be)."""
        version = self.version or self._start()
        folder = name.rpartition("/")[0]
        if folder and folder not in self.folders:
            os.makedirs(os.path.join(version, folder), exist_ok=True)
            while folder:
                self.folders.add(folder)
                folder = folder.rpartition("/")[0]
        return os.path.join(version, name)

    def _link(self, old: str, name: str) -> None:
        """The old file, unchanged, into the new version: a hard link, else a copy."""
        target = self._target(name)
        try:
            os.link(old, target)
        except OSError:  # another file system, or no hard links there
            shutil.copy2(old, target)

    def add(self, name: str, data: bytes | None) -> None:
        self.names.add(name)
        path = self.old.get(name)
        if path is not None and (data is None or Path(path).read_bytes() == data):
            self.unchanged.append(name)
            self._link(path, name)
            return
        if data is None:  # not expected: the task checked the old file
            raise FileNotFoundError(f"{name} vanished from {self.output} during the write")
        self.written.append(name)
        write_new(self._target(name), [data])

    def add_chunks(self, name: str, chunks: Iterator[str]) -> None:
        """:meth:`add` for a file written as it is rendered, then compared on disk."""
        self.names.add(name)
        target = self._target(name)
        write_new(target, encoded(chunks))
        old = self.old.get(name)
        if old is not None and filecmp.cmp(old, target, shallow=False):
            os.unlink(target)
            self._link(old, name)  # the old file: its inode and time stay, as the cache knows
            self.unchanged.append(name)
        else:
            self.written.append(name)

    def finish(self) -> None:
        """Switch the output path to the new version, then delete the previous one.

        Files of the old version that ``keep`` names are linked in first; when nothing
        was written or removed and the output is already a link to a version, the new
        version is dropped and nothing is switched.
        """
        gone = set(self.old) - self.names
        kept = sorted(name for name in gone if self.keep is not None and self.keep(name))
        for name in kept:
            self._link(self.old[name], name)
        self.removed = sorted(gone - set(kept))
        self.written.sort()
        self.unchanged.sort()
        version = self.version or self._start()
        if not self.written and not self.removed and current_version(self.output):
            self.abandon()
            return
        os.sync()  # the new version on disk before any name points at it
        link = os.path.join(self.versions, f"{TEMPORARY_PREFIX}link.tmp")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(link)
        os.symlink(f"{self.versions.name}/{os.path.basename(version)}", link)
        if os.path.isdir(self.output) and not os.path.islink(self.output):
            # A folder built in place by an earlier metsi18n: moved aside, then deleted
            # as a stale version. The one step where the output path is missing.
            os.replace(self.output, os.path.join(self.versions, f"{TEMPORARY_PREFIX}earlier.tmp"))
        os.replace(link, self.output)  # the switch
        self.remove_stale()

    def abandon(self) -> None:
        """Delete the new version (and the versions folder when this writer made it)."""
        if self.version is not None:
            shutil.rmtree(self.version, ignore_errors=True)
            self.version = None
        if self.made_versions:
            if self.owner is not None:
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(self.versions, self.owner[0]))
            with contextlib.suppress(OSError):
                os.rmdir(self.versions)
            for parent in reversed(self.made_parents):
                with contextlib.suppress(OSError):
                    parent.rmdir()
