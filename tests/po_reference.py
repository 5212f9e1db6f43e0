"""polib as the tests' independent reader of PO files: :func:`loads_reference`.

metsi18n reads PO files itself (:mod:`metsi18n.po.reader`); polib is a test
dependency only. :func:`loads_reference` lets the same strict lexer check the lines,
hands polib a canonical copy of them to parse into entries, and assembles the result
as the reader does, so the tests can hold :func:`metsi18n.po.loads` equal to it.
"""

from __future__ import annotations

import re
from typing import Any

import polib

from metsi18n.errors import CatalogError
from metsi18n.po.lexer import Lexer, decode
from metsi18n.po.reader import assemble
from metsi18n.po.types import POFile


def loads_reference(data: bytes, path: str) -> POFile:
    """:func:`loads` with polib parsing the entries: the reference the tests compare with.

    The same lexer checks the lines and hands polib a canonical copy of them. This was
    the reader until cProfile showed polib's parse at 35% of ``loads`` on a 20,000-entry
    catalog; :func:`loads` now builds the entries from what the lexer collected.
    """
    lines = decode(data, path).split("\n")
    reader = Lexer(path, len(lines), reference=True)
    for number, line in enumerate(lines, 1):
        reader.feed(number, line)
    raws = reader.finish()
    parsed = _polib_entries(reader.canonical, path)
    if len(parsed) != len(raws):
        raise CatalogError("polib found a different number of entries", path=path)
    return assemble(path, raws, parsed)


class _Content(str):
    """Text for polib that it never takes for a file name and splits only at ``lines``."""

    lines: list[str]

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.lines


class _KeepHeader(polib.POFile):  # type: ignore[misc]
    """A polib file that leaves the header entry among the others."""

    def find(self, *args: object, **kwargs: object) -> None:
        return None


def _polib_entries(lines: list[str], path: str) -> list[Any]:
    content = _Content("\0")
    content.lines = lines
    try:
        return list(polib.pofile(content, encoding="utf-8", klass=_KeepHeader))
    except (OSError, ValueError) as exc:  # not expected: the lexer checked the syntax
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise CatalogError(f"polib: {exc}", path=path, line=line) from None
