"""The PO file format: data types, a reader and a GNU-exact writer.

This module is the only user of polib. It knows nothing of articles or
languages; it turns bytes into :class:`POFile` and back.

:func:`loads` reads a PO file the way GNU gettext 0.21 does. A small line lexer first
checks the syntax as strictly as ``msgfmt`` and keeps what polib would lose (comment
text verbatim, ``#~|`` lines, ``\\a`` and octal/hex escapes); polib then parses a
canonical copy of the same lines into entries (:func:`loads_reference`, kept for the
tests); :func:`loads` builds the entries from the lexer's strings itself. :func:`dumps` (from
:mod:`metsi18n.powriter`) writes the text ``msgcat`` would write.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import polib

from metsi18n.errors import CatalogError
from metsi18n.powriter import dumps, header_msgstr, parse_header, parse_references

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
    """
    lines = _decode(data, path).split("\n")
    reader = _Reader(path, len(lines), reference=False)
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
    lines = _decode(data, path).split("\n")
    reader = _Reader(path, len(lines), reference=True)
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

    def __init__(self, raw: _Raw) -> None:
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


def _assemble(path: str, raws: list[_Raw], parsed: list[Any]) -> POFile:
    """The POFile of the lexer's entries and their strings (from polib or :class:`_Fields`)."""
    header: tuple[_Raw, Any] | None = None
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


def _message(raw: _Raw, entry: Any) -> Message:
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


# ---------------------------------------------------------------------------- decoding

_CHARSET = re.compile(rb'^[ \t]*(?:msgstr[ \t]*)?"Content-Type:[^\n]*?charset=([^\s"\\;]+)', re.M)


def _decode(data: bytes, path: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\0" in data:
        raise CatalogError("NUL byte in file", path=path, line=_line_of(data, data.index(b"\0")))
    match = _CHARSET.search(data)
    charset = match.group(1).decode("ascii", "replace") if match else "UTF-8"
    try:
        codec = codecs.lookup("UTF-8" if charset == "CHARSET" else charset)
    except LookupError:
        line = _line_of(data, match.start(1)) if match else None
        raise CatalogError(f"unknown charset {charset!r}", path=path, line=line) from None
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        reason = f"bytes that are not valid {charset}"
        raise CatalogError(reason, path=path, line=_line_of(data, exc.start)) from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# ---------------------------------------------------------------------------- lexing

_BLANKS = " \t\f\v"  # what gettext skips between tokens (besides newlines)
_KEYWORD = re.compile(
    r"(msgctxt|msgid_plural|msgid|msgstr)(?:[ \t\f\v]*\[[ \t\f\v]*([0-9]+)[ \t\f\v]*\])?"
    r"(?![\w\[])[ \t\f\v]*"
)
_WORD = re.compile(r"[^\s\"#]+")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t\f\v]*')
_ESCAPE = re.compile(r"\\(?:([ntbrfva\"\\])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))")
_SIMPLE = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_POLIB_ESCAPES = str.maketrans(
    {c: "\\" + e for c, e in zip('\\"\n\t\r\v\b\f', '\\"ntrvbf', strict=True)}
)
#: A reference line holding one ``file:line`` (cProfile of ``stats`` on 20,000 entries:
#: parse_references, a character loop, was the reader's second cost).
_ONE_REFERENCE = re.compile(r" ([^ \t\n]+):([0-9]+)\Z")
_FLAG_TOKENS = re.compile(r"[^\n \t\r\f\v,]+")
_ORDER = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2, "msgstr": 3}


@dataclass
class _Raw:
    """What the lexer knows of one entry while and after reading it."""

    start: int
    comments: dict[str, list[str]] = field(
        default_factory=lambda: {"#": [], "#.": [], "#:": [], "#,": []}
    )
    previous: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    obsolete: bool = False
    plural: bool = False
    forms: int = 0
    complete: bool = False
    msgid_line: int = 0
    #: Kind of the last non-blank line when it may be continued: "#|" or "".
    open: str | None = None
    #: Decoded strings per field ("msgid", "msgstr[1]", "#|msgid"...), in order.
    values: dict[str, list[str]] = field(default_factory=dict)
    #: The field a string-only line continues.
    current: str = ""


class _Reader:
    """Checks the lines of a PO file one by one and groups them into entries.

    Each entry's decoded strings go to :attr:`_Raw.values`. With ``reference``,
    ``canonical`` also receives, line for line, what polib is given: keyword and string
    lines with plainly escaped strings; comment lines are left blank.
    """

    def __init__(self, path: str, size: int, reference: bool = False) -> None:
        self.path = path
        self.reference = reference
        self.canonical = [""] * size if reference else []
        self.entries: list[_Raw] = []
        self.raw: _Raw | None = None
        self.line = 0

    def error(self, reason: str, line: int | None = None) -> CatalogError:
        return CatalogError(reason, path=self.path, line=line or self.line)

    def feed(self, number: int, line: str) -> None:
        self.line = number
        raw = self.raw
        if (
            line[:1] == '"'
            and line[-1:] == '"'
            and raw is not None
            and raw.open == ""
            and not raw.obsolete
            and "\\" not in line
            and line.count('"') == 2
        ):
            # Most lines of a catalog: a plain continuation string. The general path
            # below decides the same, through two regular expressions (cProfile: the
            # lexer's regex matches were its largest cost).
            value = line[1:-1]
            raw.values[raw.current].append(value)
            if self.reference:
                self.canonical[number - 1] = f'"{value.translate(_POLIB_ESCAPES)}"'
            return
        text = line.lstrip(_BLANKS)
        if text.startswith("#~|"):
            self.keyword_line(text[3:].strip(_BLANKS), obsolete=True, previous=True)
        elif text.startswith("#~"):
            text = text[2:].lstrip(_BLANKS)
            if text.startswith("#"):
                self.feed(number, text)
            elif text:
                self.keyword_line(text.rstrip(_BLANKS), obsolete=True, previous=False)
        elif text.startswith("#|"):
            self.keyword_line(text[2:].strip(_BLANKS), obsolete=False, previous=True)
        elif text.startswith("#"):
            self.comment(text)
        elif text:
            self.keyword_line(text.rstrip(_BLANKS), obsolete=False, previous=False)

    def comment(self, text: str) -> None:
        raw = self.raw
        if raw is None or raw.complete:
            raw = self.new_entry()
        elif raw.previous or raw.keywords:
            raise self.error("syntax error: comment inside an entry")
        raw.open = None
        kind = text[:2] if text[1:2] in (".", ":", ",", "!") else "#"
        body = text[len(kind) :]
        if kind == "#:":
            simple = _ONE_REFERENCE.match(body)
            if simple is not None:  # " file:12", what parse_references makes of it
                raw.comments[kind].append(f"{simple.group(1)}:{int(simple.group(2))}")
                return
            pairs = parse_references(body)
            raw.comments[kind] += [name if n is None else f"{name}:{n}" for name, n in pairs]
        elif kind in ("#,", "#!"):  # as in gettext, the last flags line wins
            tokens = _FLAG_TOKENS.findall(body)
            raw.comments["#,"] = []
            for i, token in enumerate(tokens):  # "range: 1..3" is one flag
                if token != "range:" or i + 1 == len(tokens):
                    raw.comments["#,"].append(token)
                else:
                    tokens[i + 1] = f"range: {tokens[i + 1]}"
        else:
            raw.comments[kind].append(body[1:] if body.startswith(" ") else body)

    def keyword_line(self, text: str, *, obsolete: bool, previous: bool) -> None:
        raw = self.raw
        prefix = "#| " if previous else "#~ " if obsolete else ""
        if text.startswith('"'):
            if raw is None or raw.open != ("#|" if previous else ""):
                raise self.error("syntax error: string without a keyword")
            if raw.obsolete != obsolete:
                raise self.error("inconsistent use of #~")
            value = self.strings(text)
            raw.values[raw.current].append(value)
            if self.reference:
                self.canonical[self.line - 1] = f'{prefix}"{value.translate(_POLIB_ESCAPES)}"'
            return
        match = _KEYWORD.match(text)
        if match is None:
            word = _WORD.match(text)
            raise self.error(f'keyword "{word.group() if word else text[:1]}" unknown')
        keyword, index = match.group(1), match.group(2)
        value = self.strings(text[match.end() :])
        raw = self.previous_keyword(keyword, index) if previous else self.keyword(keyword, index)
        if (raw.previous or raw.keywords) and raw.obsolete != obsolete:
            raise self.error("inconsistent use of #~")
        raw.obsolete = obsolete
        (raw.previous if previous else raw.keywords).append(keyword)
        raw.open = "#|" if previous else ""
        name = keyword if index is None else f"msgstr[{index}]"
        raw.current = (
            f"#|{keyword}" if previous else name if index is None else f"msgstr[{int(index)}]"
        )
        raw.values[raw.current] = [value]
        if self.reference:
            self.canonical[self.line - 1] = f'{prefix}{name} "{value.translate(_POLIB_ESCAPES)}"'

    def previous_keyword(self, keyword: str, index: str | None) -> _Raw:
        raw = self.raw
        if raw is None or raw.complete:
            raw = self.new_entry()
        last = _ORDER[raw.previous[-1]] if raw.previous else -1
        if raw.keywords or index is not None or not last < _ORDER[keyword] < 3:
            raise self.error(f"syntax error: unexpected #| {keyword}")
        if keyword == "msgid_plural" and last != 1:
            raise self.error("syntax error: #| msgid_plural without #| msgid")
        return raw

    def keyword(self, keyword: str, index: str | None) -> _Raw:
        raw = self.raw
        if raw is None or (raw.complete and keyword in ("msgctxt", "msgid")):
            raw = self.new_entry()
        last = raw.keywords[-1] if raw.keywords else None
        if raw.previous and "msgid" not in raw.previous:
            raise self.error("syntax error: #| msgctxt without #| msgid")
        if keyword == "msgid" and "msgid" in raw.keywords:
            raise self.error("missing 'msgstr' section", raw.msgid_line)
        if keyword == "msgstr" and index is not None:
            if not raw.plural:
                raise self.error("missing 'msgid_plural' section")
            if int(index) != raw.forms:
                raise self.error(
                    "plural form has wrong index"
                    if raw.forms
                    else "first plural form has nonzero index"
                )
            if raw.forms >= 10:
                raise self.error("more than 10 plural forms are not supported")
            raw.forms += 1
        elif (keyword, last) not in (("msgctxt", None), ("msgid", None), ("msgid", "msgctxt")) and (
            raw.complete or last != "msgid"
        ):
            raise self.error(f"syntax error: unexpected {keyword}")
        raw.plural = raw.plural or keyword == "msgid_plural"
        raw.complete = raw.complete or keyword == "msgstr"
        raw.msgid_line = self.line if keyword == "msgid" else raw.msgid_line
        return raw

    def new_entry(self) -> _Raw:
        if self.raw is not None:
            self.entries.append(self.raw)
        self.raw = _Raw(self.line)
        return self.raw

    def strings(self, text: str) -> str:
        """Decode the quoted strings of ``text``."""
        parts: list[str] = []
        pos = 0
        while pos < len(text):
            if text[pos] != '"':
                raise self.error(f"syntax error: unexpected {text[pos : pos + 20]!r}")
            match = _STRING.match(text, pos)
            if match is None:
                raise self.error("end-of-line within string")
            body = match.group(1)
            parts.append(_ESCAPE.sub(self.unescape, body) if "\\" in body else body)
            pos = match.end()
        return "".join(parts)

    def unescape(self, match: re.Match[str]) -> str:
        simple, octal, hexadecimal, _ = match.groups()
        if simple is not None:
            return _SIMPLE.get(simple, simple)
        if octal is None and hexadecimal is None:
            raise self.error("invalid control sequence")
        code = int(octal, 8) if octal is not None else int(hexadecimal, 16)
        if not 0 < code & 0xFF < 0x80:
            raise self.error("octal or hex escape of a NUL or non-ASCII byte")
        return chr(code & 0xFF)

    def finish(self) -> list[_Raw]:
        raw = self.raw
        if raw is not None and raw.complete:
            self.entries.append(raw)
        elif raw is not None and raw.keywords:
            raise self.error("missing 'msgstr' section", raw.msgid_line or raw.start)
        elif raw is not None and raw.previous:
            raise self.error("syntax error: #| lines without a message", raw.start)
        return self.entries


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
