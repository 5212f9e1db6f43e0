"""The PO file format: data types, a reader and a GNU-exact writer.

This module is the only user of polib. It knows nothing of articles or
languages; it turns bytes into :class:`POFile` and back.

:func:`loads` reads a PO file the way GNU gettext 0.21 does. A small line lexer first
checks the syntax as strictly as ``msgfmt`` and keeps what polib would lose (comment
text verbatim, ``#~|`` lines, ``\\a`` and octal/hex escapes); polib then parses a
canonical copy of the same lines into entries (:func:`loads_reference`, kept for the
tests); :func:`loads_strict` builds the entries from the lexer's strings itself; and
:func:`loads` first tries :mod:`metsi18n.pofast`, which reads the usual layout entry by
entry and gives way to :func:`loads_strict` for anything else. :func:`dumps` (from
:mod:`metsi18n.powriter`) writes the text ``msgcat`` would write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polib

from metsi18n import pofast
from metsi18n.errors import CatalogError
from metsi18n.pofields import header_msgstr, parse_header
from metsi18n.polex import Lexer, RawEntry, decode

__all__ = ["Message", "POFile", "dumps", "loads"]


@dataclass(frozen=True)
class Message:
    """One entry of a PO file (not the header)."""

    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    #: ``msgstr[0]``, ``msgstr[1]``... of a plural entry (empty for a singular one).
    msgstr_plural: tuple[str, ...] = ()
    msgctxt: str | None = None
    #: ``# `` lines, written by translators (without the leading ``# ``).
    translator_comments: tuple[str, ...] = ()
    #: ``#.`` lines, written by the extractor (without the leading ``#. ``).
    extracted_comments: tuple[str, ...] = ()
    #: ``#:`` references such as ``source/a.md:12``.
    references: tuple[str, ...] = ()
    #: ``#,`` flags such as ``fuzzy`` or ``python-format``.
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    #: Line of the file where the entry starts: its first comment line, or else its
    #: first ``#|`` or keyword line (1-based; 0 when not read from a file).
    lineno: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        """The identity of the entry in its catalog: (msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """True when every msgstr is non-empty and the entry is not fuzzy or obsolete."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)


@dataclass(frozen=True)
class POFile:
    """A whole PO or POT file: header entry, then messages in file order."""

    #: Header fields in order, e.g. ``("Content-Type", "text/plain; charset=UTF-8")``.
    headers: tuple[tuple[str, str], ...] = ()
    #: ``# `` comment lines above the header entry.
    header_comments: tuple[str, ...] = ()
    #: ``#,`` flags of the header entry (``fuzzy`` in a fresh template).
    header_flags: tuple[str, ...] = ()
    messages: tuple[Message, ...] = field(default_factory=tuple)
    #: The header's msgstr as read, when it is not exactly ``headers`` written as
    #: ``Key: Value\n`` lines (a line without ``": "``, no final newline...); None
    #: otherwise. :func:`dumps` writes it as long as it still parses to ``headers``.
    raw_header: str | None = None

    def header(self, name: str) -> str | None:
        """The value of header field ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


def dumps(po: POFile, width: int = 79) -> str:
    """``po`` as text, exactly as GNU msgcat writes it (see :mod:`metsi18n.powriter`)."""
    # Imported here: the writer's line-breaking tables (uniseg, wcwidth: 30 ms) are not
    # needed by commands that only read catalogs (build, check, stats).
    from metsi18n.powriter import dumps as write

    return write(po, width)


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

    Text in the layout msgcat writes is read by :func:`metsi18n.pofast.parse` (2-2.5x
    faster on 20,000 entries); the rest goes through the lexer (:func:`loads_strict`),
    which gives the same result, and is the one to raise the errors.
    """
    text = decode(data, path)
    fast = pofast.parse(text)
    return _strict(text, path) if fast is None else fast


def loads_strict(data: bytes, path: str) -> POFile:
    """:func:`loads` without its fast path: every line through the lexer (for the tests)."""
    return _strict(decode(data, path), path)


def _strict(text: str, path: str) -> POFile:
    lines = text.split("\n")
    reader = Lexer(path, len(lines), reference=False)
    for number, line in enumerate(lines, 1):
        reader.feed(number, line)
    raws = reader.finish()
    return _assemble(path, raws, [_Fields(raw) for raw in raws])


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
    return _assemble(path, raws, parsed)


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


def _assemble(path: str, raws: list[RawEntry], parsed: list[Any]) -> POFile:
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
