"""A fast reader for PO text in the layout msgcat and :func:`metsi18n.po.dumps` write.

:func:`metsi18n.po.reader.loads` used to send every line through the strict
:class:`~metsi18n.po.lexer.Lexer` (about 4 us a line). :func:`parse` instead matches whole
entries with one regular expression each, and decodes a string only when it holds a
backslash. The grammar it accepts is a narrow subset of what the lexer accepts:

* entries are: comment lines (``#``, ``#.``, ``#:``, ``#,``...), then optionally
  ``#| msgctxt``/``#| msgid``/``#| msgid_plural`` in that order (``#| msgctxt`` and
  ``#| msgid_plural`` only with ``#| msgid``), then ``msgctxt``?, ``msgid``, and
  ``msgstr`` or ``msgid_plural`` with ``msgstr[0]``, ``msgstr[1]``...; obsolete
  entries have ``#~ `` and ``#~| `` before every keyword and string line instead;
* every line starts in column 0, a keyword is followed by exactly one space and one
  string, continuation lines hold exactly one string, nothing trails a string;
* strings use only the escapes ``\\n \\t \\b \\r \\f \\v \\a \\" \\\\``;
* empty lines only between entries, and no (msgctxt, msgid) twice.

Within that subset the lexer raises no error and groups lines into the same entries, so
the result is the same POFile. For anything else (and for duplicates, whose error the
lexer reports) :func:`parse` returns None and the caller uses the lexer.
"""

from __future__ import annotations

import re

from metsi18n.po.fields import header_msgstr, parse_header
from metsi18n.po.lexer import SIMPLE_ESCAPES, flag_texts, reference_texts
from metsi18n.po.types import Message, POFile

#: One quoted string with simple escapes only (written so that it never backtracks).
_STRING = r'"[^"\\\n]*(?:\\[ntbrfva"\\][^"\\\n]*)*"'


def _entry(keyword: str, previous: str) -> re.Pattern[str]:
    """The pattern of one entry whose keyword lines start with ``keyword`` (a prefix such
    as ``"#~ "``) and whose previous-string lines start with ``previous``."""

    def field(prefix: str, name: str, group: str) -> str:
        # "prefix name <string>" then "prefix <string>" continuation lines.
        return rf"{prefix}{name} (?P<{group}>{_STRING}(?:\n{prefix}{_STRING})*)\n"

    k, p = re.escape(keyword), re.escape(previous)
    forms = rf"{k}msgstr\[[0-9]\] {_STRING}(?:\n{k}{_STRING})*\n"
    return re.compile(
        r"(?P<comments>(?:#(?![|~])[^\n]*\n)*)"
        rf"(?:(?:{field(p, 'msgctxt', 'pctxt')})?{field(p, 'msgid', 'pid')}"
        rf"(?:{field(p, 'msgid_plural', 'pplural')})?)?"
        rf"(?:{field(k, 'msgctxt', 'ctxt')})?"
        rf"{field(k, 'msgid', 'id')}"
        rf"(?:{field(k, 'msgid_plural', 'plural')}(?P<forms>(?:{forms})+)"
        rf"|{field(k, 'msgstr', 'str')})"
        r"\n*"
    )


_CURRENT = _entry("", "#| ")
_OBSOLETE = _entry("#~ ", "#~| ")
_FORM = re.compile(rf"(?:#~ )?msgstr\[([0-9])\] ({_STRING}(?:\n(?:#~ )?{_STRING})*)\n")
_ESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {**SIMPLE_ESCAPES, '"': '"', "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    return _UNESCAPED[match.group(1)]


def _value(block: str, joint: str) -> str:
    """The text of a string and its continuations; ``joint`` is what lies between two of
    them (closing quote, newline, line prefix, opening quote)."""
    # A string holds no newline, so '"' + newline only ever ends a string.
    text = block[1:-1].replace(joint, "") if "\n" in block else block[1:-1]
    return _ESCAPE.sub(_unescape, text) if "\\" in text else text


def parse(text: str) -> POFile | None:
    """The POFile of ``text`` (decoded, LF line ends), or None when it leaves the subset
    described in the module docstring."""
    if not text.endswith("\n"):
        text += "\n"
    size = len(text)
    pos = len(text) - len(text.lstrip("\n")) if text.startswith("\n") else 0
    line, counted = 1, 0
    current, obsolete_entry = _CURRENT.match, _OBSOLETE.match
    seen: set[tuple[str | None, str]] = set()
    messages: list[Message] = []
    header: tuple[str, list[str], list[str]] | None = None
    while pos < size:
        obsolete = False
        match = current(text, pos)
        if match is None:
            match = obsolete_entry(text, pos)
            if match is None:
                return None
            obsolete = True
        line += text.count("\n", counted, pos)
        counted = pos
        joint = '"\n#~ "' if obsolete else '"\n"'
        comments, pctxt, pid, pplural, ctxt, msgid_block, plural, forms_block, msgstr = (
            match.groups()
        )
        msgctxt = None if ctxt is None else _value(ctxt, joint)
        msgid = _value(msgid_block, joint)
        key = (msgctxt, msgid)
        if key in seen:
            return None  # the lexer reports the duplicate, with its lines
        seen.add(key)
        translator: list[str] = []
        extracted: list[str] = []
        references: list[str] = []
        flags: list[str] = []
        if comments:
            for comment in comments[:-1].split("\n"):
                kind = comment[1:2]
                if kind == ".":
                    body = comment[2:]
                    extracted.append(body[1:] if body[:1] == " " else body)
                elif kind == ":":
                    references += reference_texts(comment[2:])
                elif kind == "," or kind == "!":
                    flags = flag_texts(comment[2:])  # the last flags line wins
                else:
                    body = comment[1:]
                    translator.append(body[1:] if body[:1] == " " else body)
        forms: tuple[str, ...] = ()
        if forms_block is None:
            msgstr = _value(msgstr, joint)
        else:
            msgstr = ""
            plural = _value(plural, joint)
            found = _FORM.findall(forms_block)
            if [int(index) for index, _ in found] != list(range(len(found))):
                return None  # let the lexer name the misnumbered form
            forms = tuple(_value(block, joint) for _, block in found)
        if pid is not None:
            previous_joint = '"\n#~| "' if obsolete else '"\n#| "'
            pctxt = None if pctxt is None else _value(pctxt, previous_joint)
            pid = _value(pid, previous_joint)
            pplural = None if pplural is None else _value(pplural, previous_joint)
        if key == (None, "") and not obsolete:
            header = (msgstr, translator, flags)
            pos = match.end()
            continue
        # The fields in their order, not by name: 15% less of making each record.
        messages.append(
            Message(
                msgid,
                msgstr,
                plural,
                forms,
                msgctxt,
                tuple(translator),
                tuple(extracted),
                tuple(references),
                tuple(flags),
                pctxt,
                pid,
                pplural,
                obsolete,
                line,
            )
        )
        pos = match.end()
    if header is None:
        return POFile(messages=tuple(messages))
    msgstr, translator, flags = header
    fields = parse_header(msgstr)
    return POFile(
        headers=fields,
        header_comments=tuple(translator),
        header_flags=tuple(flags),
        messages=tuple(messages),
        raw_header=None if msgstr == header_msgstr(fields) else msgstr,
    )
