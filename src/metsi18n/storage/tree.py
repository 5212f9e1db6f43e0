"""A folder of files (the site) switched as a whole: old or new, never a mix.

For an output path ``site`` the build keeps, side by side::

    site -> .site.metsi18n/v.k3j9x      a relative symbolic link: the name readers use
    .site.metsi18n/                     the versions folder, named after the output
        .metsi18n-build                 the owner's marker (see metsi18n.site.output)
        v.k3j9x/                        the current version: every file of the site
        v.p02hs1/                       the previous version (the spare)

:class:`TreeWriter` assembles the next version beside the current one, flushes it
(one ``os.sync``), makes a link to it under a temporary name and renames that link
over the output path: ``rename(2)`` replaces one link by the other in one step, so
whoever opens a path through ``site`` gets the whole old version or the whole new one,
and a run killed at any point leaves ``site`` naming one of them (the Capistrano
release switch). The current version is never written to. Unchanged files are hard
links to the current version's (``os.link``; a copy where the file system has none).

The next version is made out of the spare, the version before the current one: only
what differs between the two is unlinked and written or linked again, so a build
costs a few operations per changed file, not one per file of the site (making 11,000
links and deleting the previous version's 11,000 took 0.38 s of a 1.8 s incremental
build). After the switch the previous version becomes the spare; any other version
(a killed run's) and any temporary are deleted by the next writer.

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
from pathlib import Path, PurePath

from metsi18n.storage.folders import (
    TEMPORARY_PREFIX,
    VERSION_PREFIX,
    current_version,
    inodes,
    versions_folder,
)


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
    old one); :meth:`finish` flushes and switches the output path to the new version in
    one rename. When nothing differs, nothing is switched. :meth:`abandon` leaves the
    output as it was.

    The version before the current one is kept as the *spare*, and the next build
    makes its new version out of it: an entry that already is the current file (the
    same inode: a hard link made by an earlier build) is left alone, any other is
    replaced (unlinked, then written or linked anew, never changed in place, since
    its inode may be shared with the current version), and entries the new site does
    not have are deleted. So a build costs a few operations per changed file, not one
    per file of the site (11,000 links and the deletion of 11,000 files took 0.38 s
    of a 1.8 s incremental build). Nothing is trusted in the spare but inode
    identity, so a spare left half-updated by a killed run is made right the same way.
    Any other version (a killed run's) is deleted.

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
        #: The folder of the version being made (None until the first file).
        self.version: str | None = None
        self.made_versions = False
        self.made_version = False
        #: Folders above the output that this writer made (removed again by abandon).
        self.made_parents: list[Path] = []
        self.folders: set[str] = set()
        #: Entries of the version being made that are not yet checked, -> inode.
        self.present: dict[str, int] = {}
        #: Folders of the spare (those the new site has not are deleted when empty).
        self.spare_folders: set[str] = set()
        #: Inodes of the current version's files.
        self.current: dict[str, int] = {}
        self.spare = self.remove_stale(current_version(output))
        #: Unchanged files not yet linked: while nothing differs and there is no spare,
        #: no version is made, so a build with nothing to do changes nothing on disk.
        self.deferred: list[tuple[str, str]] | None = None
        if self.spare is None and current_version(output) is not None and self._marked():
            self.deferred = []

    def _marked(self) -> bool:
        """True when the versions folder already holds the owner's marker as written."""
        if self.owner is None:
            return True
        with contextlib.suppress(OSError):
            return Path(self.versions, self.owner[0]).read_bytes() == self.owner[1]
        return False

    def remove_stale(self, current: str | None) -> str | None:
        """Delete what killed runs left in the versions folder: every entry but the
        owner's marker, the ``current`` version and one other (the spare, returned)."""
        spare = None
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for entry in sorted(os.listdir(self.versions)):
                path = os.path.join(self.versions, entry)
                if entry == current or (self.owner is not None and entry == self.owner[0]):
                    continue
                plain = entry.startswith(VERSION_PREFIX) and not os.path.islink(path)
                if spare is None and current is not None and plain and os.path.isdir(path):
                    spare = entry
                    continue
                _delete(path)
        return spare

    def _start(self) -> str:
        """Make the versions folder (with the owner's marker) and take the spare as the
        new version, or make one."""
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
        if self.spare is not None:
            version = os.path.join(self.versions, self.spare)
            self.present = inodes(version, self.spare_folders)
            self.current = inodes(str(self.output))
        else:
            version = tempfile.mkdtemp(prefix=VERSION_PREFIX, dir=self.versions)
            os.chmod(version, 0o755)
            self.made_version = True
        self.version = version
        deferred, self.deferred = self.deferred or [], None
        for old, name in deferred:
            self._link(old, name)
        return version

    def _target(self, name: str) -> str:
        """Where ``name`` goes in the new version (its folder made if need be)."""
        version = self.version or self._start()
        folder = name.rpartition("/")[0]
        if folder and folder not in self.folders:
            path = os.path.join(version, folder)
            if not os.path.isdir(path):
                for parent in (*reversed(PurePath(folder).parents), PurePath(folder)):
                    if str(parent) != "." and not os.path.isdir(os.path.join(version, parent)):
                        _delete(os.path.join(version, parent))  # a spare's file there
                os.makedirs(path, exist_ok=True)
            while folder:
                self.folders.add(folder)
                folder = folder.rpartition("/")[0]
        return os.path.join(version, name)

    def _free(self, name: str) -> str:
        """The path of ``name`` in the new version, with what the spare had there gone."""
        target = self._target(name)
        if self.present.pop(name, None) is not None:
            _delete(target)
        elif self.spare is not None and os.path.isdir(target):
            _delete(target)  # a folder in the spare where the new site has a file
        return target

    def _link(self, old: str, name: str) -> None:
        """The old file, unchanged, into the new version: a hard link, else a copy
        (nothing to do when the spare's entry already is that file)."""
        if self.version is None and self.deferred is not None:
            self.deferred.append((old, name))
            return
        if self.version is None:
            self._start()
        inode = self.present.get(name)
        if inode is not None and inode == self.current.get(name):
            del self.present[name]
            return
        target = self._free(name)
        try:
            os.link(old, target)
        except OSError:  # no hard links on this file system
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
        write_new(self._free(name), [data])

    def add_chunks(self, name: str, chunks: Iterator[str]) -> None:
        """:meth:`add` for a file written as it is rendered, then compared on disk."""
        self.names.add(name)
        if self.version is None and self.deferred is not None:  # no version made yet
            target = os.path.join(self.versions, f"{TEMPORARY_PREFIX}new.tmp")
        else:
            target = os.path.join(
                self._target(name).rpartition("/")[0], f"{TEMPORARY_PREFIX}new.tmp"
            )
        _delete(target)
        write_new(target, encoded(chunks))
        old = self.old.get(name)
        if old is not None and filecmp.cmp(old, target, shallow=False):
            os.unlink(target)
            self._link(old, name)  # the old file: its inode and time stay, as the cache knows
            self.unchanged.append(name)
        else:
            os.replace(target, self._free(name))
            self.written.append(name)

    def finish(self) -> None:
        """Switch the output path to the new version; the previous one becomes the spare.

        Files of the old version that ``keep`` names are linked in first, and what the
        spare holds that the new site does not is deleted; when nothing was written or
        removed and the output is already a link to a version, nothing is switched.
        """
        gone = set(self.old) - self.names
        kept = sorted(name for name in gone if self.keep is not None and self.keep(name))
        for name in kept:
            self._link(self.old[name], name)
        self.removed = sorted(gone - set(kept))
        self.written.sort()
        self.unchanged.sort()
        nothing = not self.written and not self.removed
        if nothing and self.version is None and self.deferred is not None:
            self.deferred = None  # nothing differs: no version made, nothing switched
            return
        version = self.version or self._start()
        for name in sorted(self.present):  # in the spare, not in the new site
            _delete(os.path.join(version, name))
            folder = os.path.dirname(os.path.join(version, name))
            while folder != version:
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)
        self.present = {}
        for folder in sorted(self.spare_folders - self.folders, reverse=True):
            with contextlib.suppress(OSError):  # a folder only a killed run made
                os.rmdir(os.path.join(version, folder))
        if not self.written and not self.removed and current_version(self.output):
            self.version = None  # it equals the current version: it stays, as the spare
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
        self.remove_stale(os.path.basename(version))

    def abandon(self) -> None:
        """Delete the version being made when it is new (a spare stays a spare: the next
        build checks every entry of it), and the versions folder when this writer made it."""
        if self.version is not None and self.made_version:
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
