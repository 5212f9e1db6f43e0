"""Format directives in PO strings: where msgcat must not break a line.

msgcat never breaks inside a c, objc, python or python-brace directive (of the first
format flag it knows); these functions find the spans of such directives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# ----------------------------------------------------------------------------------------
# Format directives: msgcat never breaks inside one (for the first format flag it knows).

_C_DIRECTIVE = re.compile(
    r"%(?:([0-9]+)\$)?([-+ #0'I]*)(\*(?:([0-9]+)\$)?|[0-9]+)?(?:\.(\*(?:([0-9]+)\$)?|[0-9]*))?"
    r"(?:<PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>|([hlLqjzZt]*)([%mcCsSdiouxXeEfFgGaApn@]))"
)
_PY_DIRECTIVE = re.compile(r"[-+ #0]*(\*|[0-9]+)?(\.(\*|[0-9]*))?[hlL]?[%csrdiuoxXeEfgG]")
_BRACE_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_BRACE_SPEC = re.compile(r"(?:[\s\S][<>=^]|[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?")


def _c_spans(value: str, objc: bool, translated: bool) -> Iterable[tuple[int, int]]:
    kinds: set[bool] = set()  # whether arguments are numbered ("%1$d") or not
    pos = value.find("%")
    while pos >= 0:
        match = _C_DIRECTIVE.match(value, pos)
        if match is None:
            return
        number, flags, width, width_number, precision, precision_number, _, conversion = (
            match.groups()
        )
        numbers = (number, width_number, precision_number)
        if any(n and int(n) == 0 for n in numbers) or (conversion == "@" and not objc):
            return
        if "I" in flags and not translated:  # the I flag is only for translations
            return
        for star, numbered in ((width, width_number), (precision, precision_number)):
            if star and star.startswith("*"):
                kinds.add(numbered is not None)
        if conversion not in ("%", "m"):
            kinds.add(number is not None)
        if len(kinds) > 1:
            return
        yield pos, match.end() - 1
        pos = value.find("%", match.end())


def _python_spans(value: str) -> Iterable[tuple[int, int]]:
    pos = value.find("%")
    named = unnamed = False
    while pos >= 0:
        end = pos + 1
        if value.startswith("(", end):
            depth, end = 0, end + 1
            while end < len(value) and (value[end] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(value[end], 0)
                end += 1
            if end >= len(value):
                return
            end += 1
        match = _PY_DIRECTIVE.match(value, end)
        if match is None:
            return
        stars = "*" in match.group(0)
        is_named, is_unnamed = end > pos + 1, match.group(0)[-1] != "%" and end == pos + 1
        if (named and (stars or is_unnamed)) or (unnamed and is_named) or (is_named and stars):
            return
        named, unnamed = named or is_named, unnamed or is_unnamed or stars
        yield pos, match.end() - 1
        pos = value.find("%", match.end())


def _brace_directive(value: str, start: int, top: bool) -> tuple[int, int, int]:
    """Parse the python-brace directive at ``value[start] == "{"`` as gettext 0.21 does.

    Returns (index after it, -1, -1), or (-1, index of the error, index of the ``{``
    of the (possibly nested) directive that has it).
    """
    if value.startswith("{", start + 1):
        return start + 2, -1, -1
    name = _BRACE_NAME.match(value, start + 1)
    if name is None:
        return -1, start + 1, start
    i = name.end()
    while value.startswith((".", "["), i):
        bracket = value[i] == "["
        name = (_BRACE_NAME if bracket else _BRACE_IDENTIFIER).match(value, i + 1)
        if name is None:
            return -1, i + 1, start
        i = name.end() + bracket
        if bracket and not value.startswith("]", i - 1):
            return -1, i, start
    if value.startswith(":", i) and not top:
        return -1, i, start
    if value.startswith(":{", i):
        i, error, base = _brace_directive(value, i + 1, False)
        if error >= 0:
            return -1, error, base
    elif value.startswith(":", i):
        spec = _BRACE_SPEC.match(value, i + 1)
        i = spec.end() if spec else i + 1
    return (i + 1, -1, -1) if value.startswith("}", i) else (-1, i, start)


def _brace_interiors(value: str, encoding: str) -> frozenset[int]:
    """Where msgcat 0.21 will not break a python-brace-format string.

    Its parser records directive bounds relative to each directive's own ``{`` rather
    than to the string: so every directive "starts" at byte 0, and the string's bytes
    1 up to the first recorded end (or nothing, if that is an error) stay together.
    """
    marks: list[tuple[int, bool]] = []  # (byte offset, is an error)
    pos = value.find("{")
    while pos >= 0:
        end, error, base = _brace_directive(value, pos, True)
        if error >= 0:
            marks.append((len(value[base:error].encode(encoding, "replace")), True))
            break
        if end > pos + 2:
            marks.append((len(value[pos : end - 1].encode(encoding, "replace")), False))
        pos = value.find("{", end)
    last = min(marks)[0] if marks else -1
    if all(is_error for _, is_error in marks) or (last, True) in marks:
        return frozenset()
    interior, offset = [], 0
    for index, ch in enumerate(value):
        if offset > last:
            break
        if offset:
            interior.append(index)
        offset += 1 if ch.isascii() else len(ch.encode(encoding, "replace"))
    return frozenset(interior)


def directive_interiors(
    value: str, language: str, encoding: str, translated: bool
) -> frozenset[int]:
    """Indices of ``value`` inside a format directive, where msgcat never breaks."""
    if language == "python-brace":
        return _brace_interiors(value, encoding)
    if language in ("c", "objc"):
        spans = _c_spans(value, language == "objc", translated)
    elif language == "python":
        spans = _python_spans(value)
    else:
        return frozenset()
    return frozenset(i for start, end in spans for i in range(start + 1, end + 1))
