"""Serialising a :class:`~metsi18n.pofile.POFile` exactly as GNU ``msgcat`` 0.21 writes it.

``msgcat`` normalises what it reads and then wraps every string at the page width.
:func:`dumps` reproduces both steps, so that ``msgcat FILE`` leaves our output unchanged:

* flags are parsed like gettext does (tokens split at commas and blanks), unknown flags
  are dropped and the known ones are printed in gettext's order; ``fuzzy`` is dropped
  when the (first) msgstr is empty;
* references are parsed into (file, line) pairs, deduplicated, leading ``./`` removed,
  and packed onto ``#:`` lines of at most ``width`` bytes;
* obsolete entries go after all others, and those with an empty msgstr are dropped;
* strings are escaped and wrapped with libunistring 1.0's line breaking (UAX #14 as a
  pair table): the break opportunities and character widths below are tailored so that
  they match libunistring exactly for every code point.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import wcwidth
from uniseg.linebreak import east_asian_width, line_break

from metsi18n.errors import CatalogError

if TYPE_CHECKING:
    from metsi18n.pofile import Message, POFile

# ----------------------------------------------------------------------------------------
# Line breaking: libunistring 1.0's u8_possible_linebreaks + u8_width_linebreaks.

_CLASSES = (
    "WJ GL B2 BA BB HY CL CP CPW EX IN NS OP OPW QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RI EB EM"
)
_CLASS = {name: i for i, name in enumerate(_CLASSES.split())}
# Row: class before the opportunity, column: class after it. D = break, I = break only
# after spaces, P = never. CPW/OPW are CP/OP of East Asian width F, W or H (rule LB30).
_PAIRS = """
PIIIIIPPPPIIIIIPIIIPIIIIIIIIIII PIIIIIPPPPIIIIIPIIIPIIIIIIIIIII PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDD
PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDD PIIIIIPPPPIIIIIPIIIPIIIIIIIIIII PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDD
PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDD PIDIDIPPPPIIDDIPIIIPIDDDDDDIDDD PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDD
PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDD PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDD PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDD
PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP PIIIIIPPPPIIPPIPIIIPIIIIIIIIIII
PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDD PIDIDIPPPPIIIDIPIIIPIDDDDDDIDDD PIDIDIPPPPIIIIIPIDDPIDDDDDDIDDD
PIDIDIPPPPIIIIIPIDDPIIIIIIIIDII PIDIDIPPPPIIDDIPIDDPDDDDDDDIDDD PIDIDIPPPPIIIDIPIIIPIDDDDDDIDDD
PIDIDIPPPPIIDDIPDIDPDDDDDIIDDDD PIDIDIPPPPIIDDIPDIDPDDDDDDIDDDD PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDD
PIDIDIPPPPIIDDIPDIDPDIIDIIDDDDD PIDIDIPPPPIIDDIPDIDPDDDDDIIDDDD PIDIDIPPPPIIDDIPDIDPDDDDDDIDDDD
PIDIDIPPPPIIIDIPIIIPIDDDDDDIDDD PIDIDIPPPPIIDDIPDDDPDDDDDDDDIDD PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDI
PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDD"""
_PAIR = tuple(tuple("PID".index(c) for c in row) for row in _PAIRS.split())
_CM, _ZWJ, _SP, _ZW, _BK = range(len(_CLASS), len(_CLASS) + 5)
_CLASS.update(CM=_CM, ZWJ=_ZWJ, SP=_SP, ZW=_ZW, BK=_BK)
_AL, _BA, _HY, _HL, _RI = (_CLASS[n] for n in ("AL", "BA", "HY", "HL", "RI"))
# Unicode 16 classes (as uniseg reports them) that libunistring 1.0 resolves differently.
_UNICODE16 = "SA:AL XX:AL SG:AL CB:ID CJ:NS AK:AL AP:AL AS:AL VI:CM VF:CM HH:BA NL:BK CR:BK LF:BK"
_RESOLVE = dict(pair.split(":") for pair in _UNICODE16.split())
# Code points whose class differs between uniseg (Unicode 16) and libunistring 1.0.
_LB_EXCEPTIONS = """
600-605:AL 6DD:AL 890-891:AL 897:AL 8E2:AL CF3:AL 19DA:AL 1B4E-1B4F:AL 1B50-1B59:NU
1B5C:AL 1B61-1B6A:AL 1B74-1B7C:AL 1B7F:AL 1DCD:CM 1DFC:CM 2057:AL 2E56:CL 2E58:CL
2E5A:CL 2E5C:CL 2FFC-2FFF:AL 31E4-31E5:AL 31EF:AL A9C1-A9C6:AL A9CA-A9CD:AL A9CF:AL
A9D0-A9D9:NU A9DE-A9DF:AL AA40-AA42:AL AA44-AA4B:AL AA50-AA59:NU AA5C:AL FE10:IS
FE13-FE14:IS FE20:CM FE22:CM FE24:CM FE26-FE27:CM FE29:CM FE2B:CM FE2D-FE2E:CM
10D40-10D49:AL 10D69-10D6E:AL 10EFC-10EFF:AL 11049-1104D:AL 11052-11065:AL
11066-1106F:NU 1107F:CM 110BD:AL 110CD:AL 11241:AL 1133D:AL 1135D:AL 113B7-113C0:AL
113C2:AL 113C5:AL 113C7-113CA:AL 113CC-113D0:AL 113D2-113D5:AL 113D7-113D8:AL
113E1-113E2:AL 116D0-116E3:AL 11950-11959:NU 11B00-11B09:AL 11BF0-11BF9:AL 11EF2:AL
11EF7-11EF8:AL 11F00-11F01:AL 11F03:AL 11F34-11F3A:AL 11F3E-11F4F:AL 11F5A:AL 1342F:AL
13439-13440:AL 13447-13455:AL 1611E-1612F:AL 16D6E-16D79:AL 1B132:AL 1B155:AL
1CCF0-1CCF9:AL 1E08F:AL 1E4EC-1E4F9:AL 1E5EE-1E5EF:AL 1E5F1-1E5FA:AL 1F02C-1F02F:EB
1F094-1F09F:EB 1F0AF-1F0B0:EB 1F0C0:EB 1F0D0:EB 1F0F6-1F0FF:EB 1F10D-1F10F:ID
1F16D-1F16F:ID 1F1AD:ID 1F1AE-1F1E5:EB 1F203-1F20F:EB 1F23C-1F23F:EB 1F249-1F24F:EB
1F252-1F25F:EB 1F266-1F2FF:EB 1F6D8-1F6DC:EB 1F6ED-1F6EF:EB 1F6FD-1F6FF:EB
1F774-1F77F:EB 1F7D9-1F7DF:EB 1F7EC-1F7EF:EB 1F7F1-1F7FF:EB 1F80C-1F80F:EB
1F848-1F84F:EB 1F85A-1F85F:EB 1F888-1F88F:EB 1F8AE-1F8AF:EB 1F8B0-1F8B1:ID
1F8B2-1F8FF:EB 1FA54-1FA5F:EB 1FA6E-1FA6F:EB 1FA75-1FA77:EB 1FA7D-1FA7F:EB
1FA87-1FA8F:EB 1FAAD-1FAAF:EB 1FABB-1FABF:EB 1FAC6-1FACF:EB 1FADA-1FADF:EB
1FAE8-1FAEF:EB 1FAF9-1FAFF:EB 1FC00-1FFFD:EB"""
# Code points whose column width differs between wcwidth (plus "Mc is 1") and libunistring.
_WIDTH_EXCEPTIONS = """
AD:0 5C8-5C9:1 600-605:0 6DD:0 70F:0 890-891:0 897:1 8E2:0 B53-B54:1 CBF:1 CC6:1 CF3:1
ECE:1 1ACF-1AF0:1 2028-2029:1 2065:1 2630-2637:1 268A-268F:1 2E9A:2 2EF4-2EFF:2
2FD6-2FEF:2 302E-302F:2 3040:2 3097-3098:2 3100-3104:2 3130:2 3164:2 318F:2 31E6-31EE:2
321F:2 4DC0-4DFF:1 A48D-A48F:2 A4C7-A4CF:2 D7C7-D7CA:1 D7FC-D7FF:1 FE1A-FE1F:2 FE53:2
FE67:2 FE6C-FE6F:2 FF00:2 FFA0:1 FFF0-FFF8:1 10D69-10D6D:1 10ECB-10ECF:1 10EF0-10EFF:1
110BD:0 110CD:0 11241:1 113B8-113C0:1 113C2:1 113C5:1 113C7-113CA:1 113CC-113D0:1
113D2:1 113E1-113E2:1 11A07-11A08:1 11B60-11B67:1 11C3F:1 11DF0:1 11F00-11F01:1 11F03:1
11F34-11F3A:1 11F3E-11F42:1 11F5A:1 13439-13440:1 13447-13455:1 1611E-1612F:1
16FF0-16FF1:2 16FF2-16FF6:1 187F8-187FF:1 18CD6-18CDA:1 18CFF:1 18D09-18D20:1
18D80-18DF2:1 18E00-19191:1 191A0-191D2:1 1B123-1B128:1 1B132:1 1B155:1 1B168:1
1D127-1D128:1 1D250-1D252:1 1D25B-1D25C:1 1D25F:1 1D280-1D281:1 1D300-1D356:1
1D360-1D376:1 1E08F:1 1E4EC-1E4EF:1 1E5EE-1E5EF:1 1E6E3:1 1E6E6:1 1E6EE-1E6EF:1 1E6F5:1
1F1AE:1 1F1E6-1F1FF:1 1F203-1F20F:2 1F23C-1F23F:2 1F249-1F24F:2 1F252-1F25F:2
1F266-1F2FF:2 1F6D8-1F6D9:1 1F6DC:1 1F7DA:1 1FA75-1FA77:1 1FA87-1FA8F:1 1FAAD-1FAAF:1
1FABB-1FABF:1 1FAC6:1 1FAC8:1 1FACC-1FACF:1 1FADA-1FADD:1 1FADF:1 1FAE8-1FAEB:1 1FAEF:1
1FAF7-1FAFA:1 2FFFE-2FFFF:2 3FFFE-3FFFF:2 E0000:1 E0002-E001F:1 E0080-E00FF:1
E01F0-E0FFF:1"""


def _ranges(table: str) -> tuple[list[int], list[int], list[str]]:
    starts: list[int] = []
    ends: list[int] = []
    values: list[str] = []
    for item in table.split():
        span, value = item.split(":")
        first, _, last = span.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
        values.append(value)
    return starts, ends, values


def _lookup(table: tuple[list[int], list[int], list[str]], cp: int) -> str | None:
    i = bisect.bisect_right(table[0], cp) - 1
    return table[2][i] if i >= 0 and cp <= table[1][i] else None


_LB_TABLE = _ranges(_LB_EXCEPTIONS)
_WIDTH_TABLE = _ranges(_WIDTH_EXCEPTIONS)
# Charsets for which libunistring treats ambiguous characters as wide ideographs.
_CJK_CHARSETS = frozenset({"EUC-JP", "GB2312", "GBK", "EUC-TW", "BIG5", "EUC-KR", "CP949", "JOHAB"})


@cache
def _lb_class(ch: str, cjk: bool) -> int:
    """The line breaking class of ``ch`` as libunistring 1.0 resolves it."""
    name = _lookup(_LB_TABLE, ord(ch))
    if name is None:
        name = line_break(ch).value
        name = ("ID" if cjk else "AL") if name == "AI" else _RESOLVE.get(name, name)
        if name in ("OP", "CP") and east_asian_width(ch).value in ("F", "W", "H"):
            name += "W"
    return _CLASS.get(name, _AL)


@cache
def _char_width(ch: str, cjk: bool) -> int:
    """Columns of ``ch`` like libunistring's ``uc_width`` (control characters count 0)."""
    cp = ord(ch)
    exception = _lookup(_WIDTH_TABLE, cp)
    if exception is not None:
        width = int(exception)
    else:
        width = max(wcwidth.wcwidth(ch), 0)
        if width == 0 and cp >= 0xA0 and unicodedata.category(ch) == "Mc":
            width = 1
    if cjk and width == 1 and 0xA1 <= cp < 0xFF61 and cp != 0x20A9:
        width = 2
    return width


def _text_width(text: str, cjk: bool) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_char_width(ch, cjk) for ch in text)


_TOKEN = re.compile(r"[A-Za-z0-9]+| +|[\s\S]")


def _ascii_pairs(after_spaces: bool) -> re.Pattern[str]:
    """A regex matching the break opportunities of printable ASCII text.

    Those only depend on the last non-space character before them and the next one:
    ``x`` and ``y`` directly adjacent, or separated by spaces.
    """
    graphic = [chr(i) for i in range(0x21, 0x7F)]
    rows: dict[str, str] = {}
    for x in graphic:
        row = _PAIR[_lb_class(x, False)]
        ys = "".join(y for y in graphic if row[_lb_class(y, False)] > (0 if after_spaces else 1))
        rows[ys] = rows.get(ys, "") + x
    spaces = " +" if after_spaces else ""
    return re.compile(
        "|".join(
            f"(?<=[{re.escape(xs)}]){spaces}(?=[{re.escape(ys)}])" for ys, xs in rows.items() if ys
        )
    )


_ASCII_ADJACENT = _ascii_pairs(False)
_ASCII_SPACED = _ascii_pairs(True)


def _fit(opportunities: Iterable[int], size: int, startcol: int, width: int) -> list[int]:
    """libunistring's greedy fitting of printable ASCII text (one column a character)."""
    breaks: list[int] = []
    last_p, column, start = -1, startcol, 0
    for p in opportunities:
        if last_p >= 0 and column + p - start > width:
            breaks.append(last_p)
            column = 0
        last_p, column, start = p, column + p - start, p
    if last_p >= 0 and column + size - start > width:
        breaks.append(last_p)
    return breaks


def _line_breaks(text: str, forbidden: set[int], startcol: int, width: int, cjk: bool) -> list[int]:
    """Indices of ``text`` before which a line must break to fit ``width`` columns.

    One pass of libunistring's break-opportunity state machine, with the opportunities
    at ``forbidden`` suppressed, feeding its greedy fitting (the first line starts at
    column ``startcol``, later ones at 0).
    """
    if text.isascii() and text.isprintable():
        found = [m.start() for m in _ASCII_ADJACENT.finditer(text)]
        found += [m.end() for m in _ASCII_SPACED.finditer(text)]
        found.sort()
        return _fit((p for p in found if p not in forbidden), len(text), startcol, width)
    breaks: list[int] = []
    last = prev = _BK
    seen_space = after_zwj = hebrew_hyphen = False
    ri_run = 0
    last_p = -1
    column, piece = startcol, 0
    end = 0
    for token in _TOKEN.findall(text):  # no break can occur inside a token
        i, end = end, end + len(token)
        ch = token[0]
        c = _lb_class(ch, cjk)
        opportunity = 0  # 0: no break, 1: break possible, 2: mandatory (resets the column)
        if c == _BK:
            opportunity, last, prev, ri_run = 2, _BK, _BK, 0
            seen_space = after_zwj = hebrew_hyphen = False
        else:
            if c == _SP:
                seen_space = True
            elif c == _ZW:
                last, seen_space = _ZW, False
            elif c in (_CM, _ZWJ):
                if last == _BK:
                    last, seen_space = _AL, False
                elif last == _ZW or seen_space:
                    opportunity, last, seen_space = 1, _AL, False
                hebrew_hyphen = False
            else:
                if last in (_BK, _ZW) or after_zwj:
                    opportunity = 1 if last == _ZW else 0
                elif last == _RI and c == _RI:
                    opportunity = int(seen_space or ri_run % 2 == 0)
                elif hebrew_hyphen and last in (_HY, _BA):
                    opportunity = int(seen_space and _PAIR[last][c] != 0)
                else:
                    pair = _PAIR[last][c]
                    opportunity = int(pair == 2 or (pair == 1 and seen_space))
                hebrew_hyphen = prev == _HL and c in (_HY, _BA)
                last, seen_space = c, False
                if len(token) > 1:  # a run of ASCII letters and digits
                    last = _lb_class(token[-1], cjk)
            prev, after_zwj = last if len(token) > 1 and c != _SP else c, c == _ZWJ
            ri_run = ri_run + 1 if c == _RI else 0
        if opportunity and i in forbidden:
            opportunity = 0
        if opportunity:
            if last_p >= 0 and column + piece > width:
                breaks.append(last_p)
                column = 0
            if opportunity == 2:
                last_p, column, piece = -1, 0, 0
                continue
            last_p, column, piece = i, column + piece, 0
        piece += len(token) if len(token) > 1 else _char_width(ch, cjk)
    if last_p >= 0 and column + piece > width:
        breaks.append(last_p)
    return breaks


# ----------------------------------------------------------------------------------------
# Format directives: msgcat never breaks inside one (for the first format flag it knows).

_C_DIRECTIVE = re.compile(
    r"%(?:([0-9]+)\$)?([-+ #0'I]*)(\*(?:([0-9]+)\$)?|[0-9]+)?(?:\.(\*(?:([0-9]+)\$)?|[0-9]*))?"
    r"(?:<PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>|(hh|ll|[hlLqjzZt])?([%mcCsSdiouxXeEfFgGaApn@]))"
)
_PY_DIRECTIVE = re.compile(r"[-+ #0]*(\*|[0-9]+)?(\.(\*|[0-9]*))?[hlL]?[%csrdiuoxXeEfgG]")
_BRACE_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BRACE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_BRACE_SPEC = re.compile(r"(?:[\s\S][<>=^]|[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?")


def _c_spans(value: str, translated: bool, objc: bool) -> Iterable[tuple[int, int]]:
    kinds: set[bool] = set()  # whether arguments are numbered ("%1$d") or not
    pos = value.find("%")
    while pos >= 0:
        match = _C_DIRECTIVE.match(value, pos)
        if match is None:
            return
        number, flags, width, width_number, precision, precision_number, size, conversion = (
            match.groups()
        )
        numbers = (number, width_number, precision_number)
        if any(n and int(n) == 0 for n in numbers) or ("I" in flags and not translated):
            return
        if (conversion in ("c", "s") and size not in (None, "l")) or (
            conversion == "@" and not objc
        ):
            return
        if conversion in tuple("eEfFgGaA") and size not in (None, "ll", "L", "q"):
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
    if not any(not is_error for _, is_error in marks):
        return frozenset()
    last, is_error = min(marks)
    if is_error:
        return frozenset()
    interior, offset = [], 0
    for index, ch in enumerate(value):
        if offset > last:
            break
        if offset:
            interior.append(index)
        offset += 1 if ch.isascii() else len(ch.encode(encoding, "replace"))
    return frozenset(interior)


def _directive_interiors(
    value: str, language: str, encoding: str, translated: bool
) -> frozenset[int]:
    """Indices of ``value`` inside a format directive, where msgcat never breaks."""
    if language == "python-brace":
        return _brace_interiors(value, encoding)
    if language in ("c", "objc"):
        spans = _c_spans(value, translated, language == "objc")
    elif language == "python":
        spans = _python_spans(value)
    else:
        return frozenset()
    return frozenset(i for start, end in spans for i in range(start + 1, end + 1))


# ----------------------------------------------------------------------------------------
# Flags and references, normalised like gettext's reader does.

_FORMAT_NAMES = """c objc python python-brace java java-printf csharp javascript scheme lisp
elisp librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl
perl-brace php gcc-internal gfc-internal ycp"""
_FORMATS = tuple(_FORMAT_NAMES.split())
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_INT_MAX = 2**31 - 1


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
                low, high = (min(int(g), _INT_MAX) for g in match.groups())
                span = (low, high) if low <= high else span
        elif token.endswith("-format"):
            language, value = token[:-7], "yes"
            for prefix in ("no-", "possible-", "impossible-"):
                if language.startswith(prefix):
                    language, value = language[len(prefix) :], prefix[:-1]
                    break
            if language in _FORMATS:
                formats[language] = value
    return Flags(fuzzy, formats, span, wrap)


def _flags_line(flags: Flags, translated: bool, obsolete: bool) -> list[str]:
    items = ["fuzzy"] if flags.fuzzy and translated else []
    for language in _FORMATS:
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


def _reference_lines(references: Sequence[str], width: int, encoding: str) -> list[str]:
    seen: dict[tuple[str, int | None], None] = {}
    for reference in references:
        seen.update(dict.fromkeys(parse_references(reference)))
    lines: list[str] = []
    current, column = "#:", 2
    for name, line in seen:
        while name.startswith("./"):
            name = name[2:]
        text = name if line is None else f"{name}:{line}"
        size = (len(text) if text.isascii() else len(text.encode(encoding, "replace"))) + 1
        if column > 2 and column + size > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + text
        column += size
    return [*lines, current] if seen else []


def _comment_lines(marker: str, comments: Sequence[str]) -> list[str]:
    return [f"{marker} {line}" if line else marker for c in comments for line in c.split("\n")]


# ----------------------------------------------------------------------------------------
# Strings.

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_ESCAPES.update({"\\": "\\", '"': '"'})
_NEEDS_ESCAPE = re.compile('[\a\b\f\n\r\t\v\\\\"]')
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def _escape(portion: str, offset: int, interiors: frozenset[int]) -> tuple[str, set[int]]:
    """Escape ``portion`` (starting at ``offset`` of its string) as msgcat does.

    Returns the text and the indices in it where no line break may be inserted: the
    second character of each escape, directive interiors and the final ``\\n``.
    """
    specials = [m.start() for m in _NEEDS_ESCAPE.finditer(portion)]
    if not specials:
        text = portion
        forbidden = set()
    else:
        parts, start = [], 0
        for p in specials:
            parts += [portion[start:p], "\\", _ESCAPES[portion[p]]]
            start = p + 1
        parts.append(portion[start:])
        text = "".join(parts)
        forbidden = {p + n + 1 for n, p in enumerate(specials)}
        if portion.endswith("\n"):
            forbidden.add(len(text) - 2)
    for i in interiors:
        if offset <= i < offset + len(portion):
            forbidden.add(i - offset + bisect.bisect_left(specials, i - offset))
    return text, forbidden


def _wrap(prefix: str, keyword: str, value: str, style: _Style) -> list[str]:
    """The lines of ``keyword "value"``, wrapped as msgcat's ``wrap()`` does."""
    if "\0" in value:
        raise CatalogError(f"{keyword} contains a NUL character")
    interiors = frozenset[int]()
    if style.language and value:
        translated = keyword.startswith("msgstr")
        interiors = _directive_interiors(value, style.language, style.encoding, translated)
    # Room for the text between the quotes of a continuation line.
    width = (style.width if style.wrap else _INT_MAX) - 2 - len(prefix)
    lines: list[str] = []
    first = True
    portions = [(m.start(), m.group()) for m in _PORTION.finditer(value)] or [(0, "")]
    for offset, portion in portions:
        text, forbidden = _escape(portion, offset, interiors)
        startcol = len(keyword) + 1 if first else 0
        if startcol + _text_width(text, style.cjk) <= width:
            breaks = []
        else:
            breaks = _line_breaks(text, forbidden, startcol, width, style.cjk)
        more = offset + len(portion) < len(value)
        if first and text and (more or startcol > width or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            if _text_width(text, style.cjk) > width:
                breaks = _line_breaks(text, forbidden, 0, width, style.cjk)
            else:
                breaks = []
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        bounds = [0, *breaks, len(text)]
        lines.append(f'{head}"{text[: bounds[1]]}"')
        lines.extend(f'{prefix}"{text[a:b]}"' for a, b in itertools.pairwise(bounds[1:]))
    return lines


class _Style(NamedTuple):
    width: int
    wrap: bool
    language: str | None  # format language whose directives must not be split
    cjk: bool
    encoding: str


# ----------------------------------------------------------------------------------------
# Entries and files.


def _entry(msg: Message, width: int, cjk: bool, encoding: str) -> list[str]:
    plural = msg.msgid_plural is not None
    if msg.msgstr_plural and not plural:
        raise CatalogError(f"message {msg.msgid!r} has msgstr[N] but no msgid_plural")
    msgstrs = (msg.msgstr_plural or ("", "")) if plural else (msg.msgstr,)
    if (
        msg.previous_msgid is None
        and (msg.previous_msgctxt or msg.previous_msgid_plural) is not None
    ):
        raise CatalogError(f"message {msg.msgid!r} has a previous context or plural but no msgid")
    if msg.obsolete and not msgstrs[0]:
        return []  # msgcat drops obsolete entries without a translation
    flags = parse_flags(msg.flags)
    language = next((f for f in _FORMATS if flags.formats.get(f) in ("yes", "possible")), None)
    style = _Style(width, flags.wrap is not False, language, cjk, encoding)
    lines = _comment_lines("#", msg.translator_comments)
    lines += _comment_lines("#.", msg.extracted_comments)
    lines += _reference_lines(msg.references, width, encoding)
    lines += _flags_line(flags, bool(msgstrs[0]), msg.obsolete)
    previous = "#~| " if msg.obsolete else "#| "
    for keyword, value in (
        ("msgctxt", msg.previous_msgctxt),
        ("msgid", msg.previous_msgid),
        ("msgid_plural", msg.previous_msgid_plural),
    ):
        if value is not None:
            lines += _wrap(previous, keyword, value, style)
    prefix = "#~ " if msg.obsolete else ""
    if msg.msgctxt is not None:
        lines += _wrap(prefix, "msgctxt", msg.msgctxt, style)
    lines += _wrap(prefix, "msgid", msg.msgid, style)
    if plural:
        lines += _wrap(prefix, "msgid_plural", msg.msgid_plural or "", style)
        for index, value in enumerate(msgstrs):
            lines += _wrap(prefix, f"msgstr[{index}]", value, style)
    else:
        lines += _wrap(prefix, "msgstr", msgstrs[0], style)
    return lines


def dumps(po: POFile, width: int = 79) -> str:
    """Serialise ``po`` to the exact text ``msgcat`` (GNU gettext 0.21) writes for it.

    ``width`` is msgcat's ``--width`` (page width; below 20 means 20, 0 means no
    wrapping at all). The header entry comes first when
    ``po`` has header fields, comments or flags; then the messages in order, obsolete
    ones last (without those whose msgstr is empty). A plural message without
    ``msgstr_plural`` gets two empty forms, as in a template. Raises
    :class:`~metsi18n.errors.CatalogError` for what msgcat would reject: a duplicate
    (msgctxt, msgid), a second header, ``msgstr[N]`` without ``msgid_plural``, NUL.
    """
    from metsi18n.pofile import Message

    if width < 0:
        raise ValueError("width must be 0 (no wrapping) or positive")
    width = _INT_MAX if width == 0 else max(width, 20)  # as msgcat --width does
    charset = _charset(po)
    cjk = charset.upper() in _CJK_CHARSETS
    try:
        encoding = codecs.lookup(charset).name
    except LookupError:
        encoding = "utf-8"
    entries: list[list[str]] = []
    if po.headers or po.header_comments or po.header_flags:
        msgstr = "".join(f"{key}: {value}\n" for key, value in po.headers)
        header = Message("", msgstr, translator_comments=po.header_comments, flags=po.header_flags)
        entries.append(_entry(header, width, cjk, encoding))
    seen: set[tuple[str | None, str]] = {(None, "")} if entries else set()
    for msg in sorted(po.messages, key=lambda m: m.obsolete):
        if msg.key in seen:
            what = "header entry" if msg.key == (None, "") else f"definition of {msg.msgid!r}"
            raise CatalogError(f"duplicate {what}")
        seen.add(msg.key)
        entries.append(_entry(msg, width, cjk, encoding))
    return "\n".join("".join(f"{line}\n" for line in lines) for lines in entries if lines)


def _charset(po: POFile) -> str:
    content_type = po.header("Content-Type") or ""
    match = re.search(r"charset=([^\s;]+)", content_type)
    return match.group(1) if match else "UTF-8"
