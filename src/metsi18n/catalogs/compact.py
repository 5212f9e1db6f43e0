"""A template held between languages out of the process's memory: its records as bytes.

Export with the memory merges every domain's template into one language's catalogs at
a time, so each template waits through all languages. Parsed, the 1,000-article
bench's templates held 24 MiB, and compressed (zlib) 2.5 MiB that grew with the
project, while decompressing them for every language cost 0.4 s of CPU. :func:`pack`
keeps each as :mod:`marshal` bytes of its fields, which a :class:`Shelf` sets aside in
a spool file (the kernel's page cache holds them, not this process), and
:func:`unpack` gives back an equal :class:`~metsi18n.po.POFile` (every field, line
numbers too) in about a third of the time the PO reader takes on the same text.
"""

from __future__ import annotations

import marshal
from dataclasses import fields

from metsi18n.catalogs.spool import Spool
from metsi18n.po import Message, POFile

#: The fields of a message and of a file, in constructor order: marshal stores each
#: record as a tuple of them (so a field added to either is held too).
_MESSAGE_FIELDS = tuple(f.name for f in fields(Message))
_FILE_FIELDS = tuple(f.name for f in fields(POFile))


def pack(template: POFile) -> bytes:
    """``template``'s header and messages as bytes (see :func:`unpack`)."""
    record = [getattr(template, name) for name in _FILE_FIELDS]
    record[_FILE_FIELDS.index("messages")] = [
        tuple(getattr(m, name) for name in _MESSAGE_FIELDS) for m in template.messages
    ]
    return marshal.dumps(tuple(record))


def unpack(data: bytes) -> POFile:
    """The :class:`~metsi18n.po.POFile` that :func:`pack` was given (equal to it)."""
    values = dict(zip(_FILE_FIELDS, marshal.loads(data), strict=True))
    values["messages"] = tuple(Message(*message) for message in values["messages"])
    return POFile(**values)


class Shelf:
    """Templates set aside (:func:`pack`) in a :class:`~metsi18n.catalogs.spool.Spool`
    and taken back (:func:`unpack`) as often as needed, by their place."""

    def __init__(self) -> None:
        self._spool = Spool()

    def put(self, template: POFile) -> tuple[int, int]:
        """Set ``template`` aside; its place for :meth:`get`."""
        return self._spool.put(pack(template))

    def get(self, place: tuple[int, int]) -> POFile:
        """The template set aside at ``place``, equal to the one given."""
        return unpack(self._spool.get(place))

    def close(self) -> None:
        self._spool.close()
