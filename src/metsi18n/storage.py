"""The one module that touches the file system: reads, and atomic writes.

A write goes to a temporary file in the target's folder, is flushed, then
renamed over the target, so a reader never sees half a file and a failure
leaves the previous file in place. Many files written together
(:class:`StagedFiles`, :class:`TreeWriter`) are flushed with one ``os.sync`` rather
than one ``fsync`` each: on ext4 each fsync is a journal commit, 0.8 ms a file, which
was 0.9 s of a 4.0 s build of 1,100 pages.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterator
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
    return decode_text(read_bytes(path, error, shown), error, shown or str(path))


def decode_text(data: bytes, error: type[Metsi18nError], shown: str) -> str:
    """``data`` as UTF-8; ``error`` naming ``shown`` and the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error("not valid UTF-8 text", shown, line) from exc


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


def write_unseen(path: Path, data: bytes) -> None:
    """Write a file no one reads yet (in a staging folder): no temporary file, no flush."""
    path.write_bytes(data)
    path.chmod(0o644)


def _write_beside(path: Path, data: bytes) -> Path:
    """``data`` in a new hidden temporary file in ``path``'s folder (not flushed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return Path(temporary)


class StagedFiles:
    """Files that all take their place together, or none does.

    Each :meth:`add` writes its data at once to a temporary file beside the target (so
    it is not kept in memory); :meth:`commit` flushes them all to disk with one
    ``os.sync`` and renames each over its target; leaving the ``with`` block by an
    exception, or :meth:`abandon`, removes them and leaves every target as it was.
    """

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is not None:
            self.abandon()

    def add(self, path: Path, data: bytes) -> None:
        self.staged.append((_write_beside(path, data), path))

    def commit(self) -> None:
        if self.staged:
            os.sync()
        for temporary, path in self.staged:
            os.replace(temporary, path)
        self.staged = []

    def abandon(self) -> None:
        for temporary, _ in self.staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        self.staged = []


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds exactly it; True when written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


# --- a folder of files: compare, assemble aside, swap ------------------------------------


def list_tree(output: Path) -> dict[str, Path]:
    """Every file of the previous output by its relative path (os.walk: 5x rglob's speed)."""
    found: dict[str, Path] = {}
    for folder, _, names in os.walk(output):
        relative = os.path.relpath(folder, output)
        for name in names:
            key = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            found[key] = Path(folder, name)
    return found


class TreeWriter:
    """Assembles the new output beside the old one, page by page, and swaps it in.

    A page equal to the old file (or known unchanged, ``None``) is hard-linked from the
    old output; nothing is staged until the first difference, so a build that changes
    nothing touches nothing.
    """

    def __init__(self, output: Path, old: dict[str, Path]) -> None:
        self.output, self.old = output, old
        #: Names written anew, kept (equal to the old file), and removed (in the old only).
        self.written: list[str] = []
        self.unchanged: list[str] = []
        self.removed: list[str] = []
        self.staging: Path | None = None
        self.names: set[str] = set()
        self.pending: list[str] = []
        self.folders: set[Path] = set()

    def add(self, name: str, data: bytes | None) -> None:
        self.names.add(name)
        path = self.old.get(name)
        if path is not None and (data is None or path.read_bytes() == data):
            self._keep(name)
            return
        if data is None:  # not expected: the task checked the old file
            raise FileNotFoundError(f"{name} vanished from {self.output} during the write")
        self.written.append(name)
        # The staging folder is hidden until finish() swaps it in (after one os.sync):
        # a plain write is enough inside it.
        target = self._stage() / name
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        write_unseen(target, data)

    def add_chunks(self, name: str, chunks: Iterator[str]) -> None:
        """:meth:`add` for a file written as it is rendered, then compared on disk."""
        self.names.add(name)
        self.output.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{self.output.name}.part-", dir=self.output.parent
        )
        path = Path(temporary)
        try:
            with os.fdopen(handle, "wb") as file:
                batch: list[str] = []
                for chunk in chunks:
                    batch.append(chunk)
                    if len(batch) >= 4096:
                        file.write("".join(batch).encode("utf-8"))
                        batch = []
                file.write("".join(batch).encode("utf-8"))
            path.chmod(0o644)  # as storage.write_atomic leaves its files
            old = self.old.get(name)
            if old is not None and filecmp.cmp(old, path, shallow=False):
                self._keep(name)
                return
            self.written.append(name)
            target = self._stage() / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        finally:
            path.unlink(missing_ok=True)

    def _keep(self, name: str) -> None:
        """``name`` is unchanged: link the old file in (once staging has begun)."""
        self.unchanged.append(name)
        if self.staging is None:
            self.pending.append(name)
        else:
            self._link(name)

    def _stage(self) -> Path:
        if self.staging is None:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            prefix = f".{self.output.name}.new-"
            self.staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.output.parent))
            for name in self.pending:
                self._link(name)
            self.pending = []
        return self.staging

    def _link(self, name: str) -> None:
        assert self.staging is not None
        target = self.staging / name
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        try:
            os.link(self.old[name], target)
        except OSError:
            shutil.copy2(self.old[name], target)

    def finish(self) -> None:
        self.removed = sorted(set(self.old) - self.names)
        self.written.sort()
        self.unchanged.sort()
        if not self.written and not self.removed:
            return
        staging = self._stage()
        staging.chmod(0o755)
        os.sync()  # every staged page on disk before the swap makes them the output
        swap_tree(staging, self.output)
        self.staging = None

    def abandon(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def swap_tree(staging: Path, output: Path) -> None:
    """Put ``staging`` in place of ``output``; the old folder is removed only after."""
    if not output.exists():
        staging.rename(output)
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    backup.rmdir()
    output.rename(backup)
    try:
        staging.rename(output)
    except BaseException:
        backup.rename(output)
        raise
    shutil.rmtree(backup, ignore_errors=True)
