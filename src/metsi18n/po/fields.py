"""Flags, references and header fields of PO entries, normalised as gettext 0.21 reads them.

Used by powriter.py (which prints them as msgcat does) and polex.py (references).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

_FORMAT_NAMES = """c objc python python-brace java java-printf csharp javascript scheme lisp
elisp librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl
perl-brace php gcc-internal gfc-internal ycp"""
FORMATS = tuple(_FORMAT_NAMES.split())
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
INT_MAX = 2**31 - 1


class Flags(NamedTuple):
    """The meaning gettext gives to a ``#,`` line."""

    fuzzy: bool
    #: Format language (``"c"``, ``"python"``...) -> ``"yes"``, ``"possible"``, ``"no"``
    #: or ``"impossible"``; the last mention of a language wins.
    formats: dict[str, str]
    range: tuple[int, int] | None
    #: ``False`` for ``no-wrap``, ``True`` for ``wrap``, ``None`` when not given.
    wrap: bool | None


def parse_flags(flags: Iterable[str]) -> Flags:
    """Interpret flag texts the way gettext 0.21 does; unknown flags are ignored."""
    tokens = [t for t in _FLAG_SEPARATORS.split(",".join(flags)) if t]
    fuzzy, formats, span, wrap = False, {}, None, None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "fuzzy":
            fuzzy = True
        elif token in ("wrap", "no-wrap"):
            wrap = token == "wrap"
        elif token == "range:" and index < len(tokens):
            match = _RANGE.match(tokens[index])
            index += 1
            if match:
                low, high = (min(int(g), INT_MAX) for g in match.groups())
                span = (low, high) if low <= high else span
        elif token.endswith("-format"):
            language, value = token[:-7], "yes"
            for prefix in ("no-", "possible-", "impossible-"):
                if language.startswith(prefix):
                    language, value = language[len(prefix) :], prefix[:-1]
                    break
            if language in FORMATS:
                formats[language] = value
    return Flags(fuzzy, formats, span, wrap)


def flags_line(flags: Flags, translated: bool, obsolete: bool) -> list[str]:
    items = ["fuzzy"] if flags.fuzzy and translated else []
    for language in FORMATS if flags.formats else ():
        value = flags.formats.get(language)
        if value in ("yes", "possible"):
            items.append(f"{language}-format")
        elif value == "no":
            items.append(f"no-{language}-format")
    if flags.range is not None and not obsolete:
        items.append(f"range: {flags.range[0]}..{flags.range[1]}")
    if flags.wrap is False:
        items.append("no-wrap")
    return ["#, " + ", ".join(items)] if items else []


def parse_references(text: str) -> list[tuple[str, int | None]]:
    """Split a ``#:`` line into (file, line) pairs like gettext 0.21 does."""
    result: list[tuple[str, int | None]] = []
    blanks, size, i = " \t\n", len(text), 0

    def number_at(p: int) -> tuple[int, int] | None:
        while p < size and text[p] in blanks:
            p += 1
        q = p
        while q < size and "0" <= text[q] <= "9":
            q += 1
        return (int(text[p:q]), q) if q > p and (q == size or text[q] in blanks) else None

    while i < size:
        while i < size and text[i] in blanks:
            i += 1
        if i >= size:
            break
        start = i
        while i < size and text[i] not in blanks:
            i += 1
        after = i
        while after < size and text[after] in blanks:
            after += 1
        found = number_at(after + 1) if text.startswith(":", after) else None
        if found is None and text[i - 1] == ":":
            found = number_at(i)
            i = i - 1 if found else i
        if found is not None:
            result.append((text[start:i], found[0]))
            i = found[1]
            continue
        digits = i
        while digits > start and "0" <= text[digits - 1] <= "9":
            digits -= 1
        if start + 1 < digits < i and text[digits - 1] == ":":
            result.append((text[start : digits - 1], int(text[digits:i])))
        else:
            result.append((text[start:i], None))
    return result


def reference_file(reference: str) -> str:
    """The file of a reference as kept in a Message: ``file:line`` or ``file``."""
    name, colon, line = reference.rpartition(":")
    return name if colon and line.isdigit() else reference


def parse_header(msgstr: str) -> tuple[tuple[str, str], ...]:
    """The (key, value) pairs of a header msgstr: one a line, split at ``":"`` and a space."""
    fields = []
    for line in msgstr.split("\n"):
        if line:
            key, _, value = line.partition(":")
            fields.append((key, value[1:] if value.startswith(" ") else value))
    return tuple(fields)


def header_msgstr(headers: Iterable[tuple[str, str]]) -> str:
    """The header msgstr for ``headers``: ``Key: Value\\n`` lines."""
    return "".join(f"{key}: {value}\n" for key, value in headers)


# A reference that parse_references reads as one (file, line) pair printed exactly as
# written: no blanks, no leading "./", a line number without leading zeros.
_PLAIN_REFERENCE = re.compile(r"(?!\./)[^ \t\n]+:(?:0|[1-9][0-9]*)")


def reference_lines(references: Sequence[str], width: int, encoding: str) -> list[str]:
    texts: dict[str, None] = {}  # as printed, without duplicates
    for reference in references:
        if _PLAIN_REFERENCE.fullmatch(reference):
            texts[reference] = None
            continue
        for name, line in parse_references(reference):
            while name.startswith("./"):
                name = name[2:]
            texts[name if line is None else f"{name}:{line}"] = None
    lines: list[str] = []
    current, column = "#:", 2
    for text in texts:
        size = (len(text) if text.isascii() else len(text.encode(encoding, "replace"))) + 1
        if column > 2 and column + size > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + text
        column += size
    return [*lines, current] if texts else []
