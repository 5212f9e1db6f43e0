"""Reading PO files as GNU gettext 0.21 does: bytes -> :class:`~metsi18n.po.types.POFile`.

A line lexer (:mod:`metsi18n.po.lexer`) checks the syntax as strictly as ``msgfmt``
and keeps what a looser reader would lose (comment text verbatim, ``#~|`` lines,
``\\a`` and octal/hex escapes); :func:`loads_strict` builds the entries from the
lexer's strings; :func:`loads` first tries :mod:`metsi18n.po.fast`, which reads the
layout msgcat writes entry by entry and gives way to the lexer for anything else.
The tests hold both against polib (``tests/po_reference.py``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Any

from metsi18n.errors import CatalogError
from metsi18n.po import fast
from metsi18n.po.fields import header_msgstr, parse_header
from metsi18n.po.lexer import Lexer, RawEntry, decode
from metsi18n.po.types import Message, POFile

__all__ = ["assemble", "loads", "loads_strict"]


def loads(data: bytes, path: str) -> POFile:
    """Parse the bytes of a PO or POT file; ``path`` only names it in errors.

    A UTF-8 byte order mark is dropped, CRLF and CR become LF, and the text is decoded
    with the charset of the header's ``Content-Type`` (UTF-8 when there is none).
    Messages keep file order; the header entry (``msgid ""`` without context) becomes
    :attr:`POFile.headers` (each line split at its first ``:`` and one space),
    :attr:`POFile.header_comments` and :attr:`POFile.header_flags` (and
    :attr:`POFile.raw_header` when needed). Flags are kept token by token as written on
    the entry's last flags line (gettext ignores earlier ones); references as
    ``file:line`` or ``file``.

    Raises :class:`CatalogError` with the line for anything ``msgfmt`` rejects: bad
    bytes for the charset, unknown keywords, unterminated strings, bad escapes, entries
    out of order or incomplete, mixed ``#~`` use, duplicate (msgctxt, msgid) pairs.

    Text in the layout msgcat writes is read by :func:`metsi18n.po.fast.parse` (2-2.5x
    faster on 20,000 entries); the rest goes through the lexer (:func:`loads_strict`),
    which gives the same result, and is the one to raise the errors.
    """
    text = decode(data, path)
    with _collector_paused():
        quick = fast.parse(text)
        return _strict(text, path) if quick is None else quick


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a catalog is read: its records hold no cycles,
    and the collector's passes over everything else the process holds (``check``: the
    parsed articles) were a third of reading a 6 MB catalog."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads_strict(data: bytes, path: str) -> POFile:
    """:func:`loads` without its fast path: every line through the lexer (for the tests)."""
    return _strict(decode(data, path), path)


def _strict(text: str, path: str) -> POFile:
    lines = text.split("\n")
    reader = Lexer(path, len(lines), reference=False)
    for number, line in enumerate(lines, 1):
        reader.feed(number, line)
    raws = reader.finish()
    return assemble(path, raws, [_Fields(raw) for raw in raws])


class _Fields:
    """An entry's strings as the lexer collected them, under polib's attribute names."""

    __slots__ = (
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "msgstr_plural",
        "previous_msgctxt",
        "previous_msgid",
        "previous_msgid_plural",
    )

    def __init__(self, raw: RawEntry) -> None:
        values = raw.values
        get = values.get
        self.msgctxt = _joined(get("msgctxt"))
        self.msgid = _joined(get("msgid")) or ""
        self.msgid_plural = _joined(get("msgid_plural")) or ""
        self.msgstr = _joined(get("msgstr")) or ""
        self.msgstr_plural = {i: "".join(values[f"msgstr[{i}]"]) for i in range(raw.forms)}
        self.previous_msgctxt = _joined(get("#|msgctxt"))
        self.previous_msgid = _joined(get("#|msgid"))
        self.previous_msgid_plural = _joined(get("#|msgid_plural"))


def _joined(parts: list[str] | None) -> str | None:
    return None if parts is None else "".join(parts)


def assemble(path: str, raws: list[RawEntry], parsed: list[Any]) -> POFile:
    """The POFile of the lexer's entries and their strings (from polib or :class:`_Fields`)."""
    header: tuple[RawEntry, Any] | None = None
    messages: list[Message] = []
    first_line: dict[tuple[str | None, str], int] = {}
    for raw, entry in zip(raws, parsed, strict=True):
        key = (entry.msgctxt, entry.msgid)
        if key in first_line:
            where = first_line[key]
            reason = f"duplicate message definition (first defined at line {where})"
            raise CatalogError(reason, path=path, line=raw.msgid_line)
        first_line[key] = raw.msgid_line
        if key == (None, "") and not raw.obsolete:
            header = (raw, entry)
        else:
            messages.append(_message(raw, entry))
    if header is None:
        return POFile(messages=tuple(messages))
    raw, entry = header
    fields = parse_header(entry.msgstr)
    return POFile(
        headers=fields,
        header_comments=tuple(raw.comments["#"]),
        header_flags=tuple(raw.comments["#,"]),
        messages=tuple(messages),
        raw_header=None if entry.msgstr == header_msgstr(fields) else entry.msgstr,
    )


def _message(raw: RawEntry, entry: Any) -> Message:
    plural = raw.plural
    forms = entry.msgstr_plural
    return Message(
        msgid=entry.msgid,
        msgstr="" if plural else entry.msgstr,
        msgid_plural=entry.msgid_plural if plural else None,
        msgstr_plural=tuple(forms[i] for i in sorted(forms)) if plural else (),
        msgctxt=entry.msgctxt,
        translator_comments=tuple(raw.comments["#"]),
        extracted_comments=tuple(raw.comments["#."]),
        references=tuple(raw.comments["#:"]),
        flags=tuple(raw.comments["#,"]),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=raw.obsolete,
        lineno=raw.start,
    )
