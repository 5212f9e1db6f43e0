"""Lexing PO files as strictly as GNU ``msgfmt``: decoding, then one line at a time.

:func:`decode` turns bytes into text (BOM, CRLF/CR, the header's charset); the
:class:`Lexer` checks each line and collects each entry's strings into a
:class:`RawEntry`, raising :class:`CatalogError` with the line for anything msgfmt
rejects. pofile.py turns the raw entries into messages.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from metsi18n.errors import CatalogError
from metsi18n.po.fields import parse_references

# ---------------------------------------------------------------------------- decoding

_CHARSET = re.compile(rb'^[ \t]*(?:msgstr[ \t]*)?"Content-Type:[^\n]*?charset=([^\s"\\;]+)', re.M)


def decode(data: bytes, path: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\r" in data:  # the test is 50 times faster than two replaces finding nothing
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\0" in data:
        raise CatalogError("NUL byte in file", path=path, line=line_of(data, data.index(b"\0")))
    match = _CHARSET.search(data)
    charset = match.group(1).decode("ascii", "replace") if match else "UTF-8"
    try:
        codec = codecs.lookup("UTF-8" if charset == "CHARSET" else charset)
    except LookupError:
        line = line_of(data, match.start(1)) if match else None
        raise CatalogError(f"unknown charset {charset!r}", path=path, line=line) from None
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as exc:
        reason = f"bytes that are not valid {charset}"
        raise CatalogError(reason, path=path, line=line_of(data, exc.start)) from None


def line_of(data: bytes, offset: int) -> int:
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
#: What a one-letter escape stands for (``\\n``...), as gettext reads it.
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_POLIB_ESCAPES = str.maketrans(
    {c: "\\" + e for c, e in zip('\\"\n\t\r\v\b\f', '\\"ntrvbf', strict=True)}
)
#: A reference line holding one ``file:line`` (cProfile of ``stats`` on 20,000 entries:
#: parse_references, a character loop, was the reader's second cost).
_ONE_REFERENCE = re.compile(r" ([^ \t\n]+):([0-9]+)\Z")
_FLAG_TOKENS = re.compile(r"[^\n \t\r\f\v,]+")
_ORDER = {"msgctxt": 0, "msgid": 1, "msgid_plural": 2, "msgstr": 3}


def reference_texts(body: str) -> list[str]:
    """The references of a ``#:`` line (after the ``#:``) as ``file:line`` or ``file``."""
    simple = _ONE_REFERENCE.match(body)
    if simple is not None:  # " file:12", what parse_references makes of it
        number = simple.group(2)
        if number[0] != "0":  # written as int() writes it: the body is the reference
            return [body[1:]]
        return [f"{simple.group(1)}:{int(number)}"]
    return [name if n is None else f"{name}:{n}" for name, n in parse_references(body)]


def flag_texts(body: str) -> list[str]:
    """The flags of a ``#,`` line (after the ``#,``), with "range: 1..3" kept as one."""
    tokens = _FLAG_TOKENS.findall(body)
    flags = []
    for i, token in enumerate(tokens):
        if token != "range:" or i + 1 == len(tokens):
            flags.append(token)
        else:
            tokens[i + 1] = f"range: {tokens[i + 1]}"
    return flags


@dataclass
class RawEntry:
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


class Lexer:
    """Checks the lines of a PO file one by one and groups them into entries.

    Each entry's decoded strings go to :attr:`RawEntry.values`. With ``reference``,
    ``canonical`` also receives, line for line, what polib is given: keyword and string
    lines with plainly escaped strings; comment lines are left blank.
    """

    def __init__(self, path: str, size: int, reference: bool = False) -> None:
        self.path = path
        self.reference = reference
        self.canonical = [""] * size if reference else []
        self.entries: list[RawEntry] = []
        self.raw: RawEntry | None = None
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
            raw.comments[kind] += reference_texts(body)
        elif kind in ("#,", "#!"):  # as in gettext, the last flags line wins
            raw.comments["#,"] = flag_texts(body)
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

    def previous_keyword(self, keyword: str, index: str | None) -> RawEntry:
        raw = self.raw
        if raw is None or raw.complete:
            raw = self.new_entry()
        last = _ORDER[raw.previous[-1]] if raw.previous else -1
        if raw.keywords or index is not None or not last < _ORDER[keyword] < 3:
            raise self.error(f"syntax error: unexpected #| {keyword}")
        if keyword == "msgid_plural" and last != 1:
            raise self.error("syntax error: #| msgid_plural without #| msgid")
        return raw

    def keyword(self, keyword: str, index: str | None) -> RawEntry:
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

    def new_entry(self) -> RawEntry:
        if self.raw is not None:
            self.entries.append(self.raw)
        self.raw = RawEntry(self.line)
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
            return SIMPLE_ESCAPES.get(simple, simple)
        if octal is None and hexadecimal is None:
            raise self.error("invalid control sequence")
        code = int(octal, 8) if octal is not None else int(hexadecimal, 16)
        if not 0 < code & 0xFF < 0x80:
            raise self.error("octal or hex escape of a NUL or non-ASCII byte")
        return chr(code & 0xFF)

    def finish(self) -> list[RawEntry]:
        raw = self.raw
        if raw is not None and raw.complete:
            self.entries.append(raw)
        elif raw is not None and raw.keywords:
            raise self.error("missing 'msgstr' section", raw.msgid_line or raw.start)
        elif raw is not None and raw.previous:
            raise self.error("syntax error: #| lines without a message", raw.start)
        return self.entries
