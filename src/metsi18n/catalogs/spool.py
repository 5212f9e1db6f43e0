"""Bytes export holds between steps, set aside out of the process's memory.

Export with the memory holds, for one language at a time, the text of each catalog
waiting for its language's memory (6 MiB a language at 1,000 articles) and its memory
units' records (4.0 MiB for Czech), and for every language the templates (6.1 MiB as
records): all of it goes to a :class:`Spool`, an anonymous temporary file, and is
read back when needed. Nothing is written in the project; the file is gone when
closed (or with the process).
"""

from __future__ import annotations

import os
import tempfile


class Spool:
    """Bytes set aside in an anonymous temporary file and read back by their place: the
    kernel's page cache holds them, not this process."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close/with)
        self._size = 0

    def put(self, data: bytes) -> tuple[int, int]:
        """Set ``data`` aside; its place (offset, length) for :meth:`get`."""
        self._file.write(data)
        place = (self._size, len(data))
        self._size += len(data)
        return place

    def get(self, place: tuple[int, int]) -> bytes:
        """The bytes :meth:`put` set aside at ``place``."""
        self._file.flush()
        start, length = place
        pieces: list[bytes] = []
        while length:
            piece = os.pread(self._file.fileno(), length, start)
            if not piece:
                raise OSError("the spool file is shorter than what was put in it")
            pieces.append(piece)
            start += len(piece)
            length -= len(piece)
        return b"".join(pieces)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
