"""Line breaking and column widths exactly as libunistring 1.0 computes them for msgcat.

UAX #14 as a pair table over ``uniseg``'s break classes, with small tables where
Unicode 16 (uniseg) and libunistring 1.0 differ, and ``wcwidth`` widths with the
corrections libunistring makes. Used by powriter.py to wrap PO strings as GNU does.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import cache

import wcwidth
from uniseg.linebreak import east_asian_width, line_break

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
# Charsets (Python codec names) in which libunistring makes ambiguous characters wide.
CJK_CODECS = frozenset({"euc_jp", "gb2312", "gbk", "euc_tw", "big5", "euc_kr", "cp949", "johab"})


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


def text_width(text: str, cjk: bool) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_char_width, text, itertools.repeat(cjk)))


# Text made only of pair-table classes and spaces needs no state machine: a break is
# possible between x and y when the pair (x, y) is "D", or "I" with spaces between.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcde"  # one per class of the pair table
_OTHER = "!"  # CM, ZWJ, ZW, BK, RI and HL, which need the state machine


def _pairs(least: int) -> frozenset[str]:
    pairs = (zip(_LETTERS, row, strict=True) for row in _PAIR)
    return frozenset(
        x + y for x, row in zip(_LETTERS, pairs, strict=True) for y, p in row if p >= least
    )


_DIRECT = _pairs(2)
_SPACED = _pairs(1)
_SPACE_RUN = re.compile(" +")


class ClassLetters(dict[int, str]):
    """A ``str.translate`` table from code points to class letters, filled lazily."""

    def __init__(self, cjk: bool) -> None:
        super().__init__()
        self.cjk = cjk

    def __missing__(self, cp: int) -> str:
        c = _lb_class(chr(cp), self.cjk)
        letter = " " if c == _SP else _OTHER if c >= _CM or c in (_RI, _HL) else _LETTERS[c]
        self[cp] = letter
        return letter


_GRAPHIC = "".join(map(chr, range(0x21, 0x7F)))


def _ascii_letter(ch: str) -> str:
    return _LETTERS[_lb_class(ch, False)]


def _ascii_direct() -> re.Pattern[str]:
    """Matches ending at the opportunities between two adjacent ASCII characters."""
    rows: dict[str, str] = {}  # characters after -> characters before
    for x in _GRAPHIC:
        ys = "".join(y for y in _GRAPHIC if _ascii_letter(x) + _ascii_letter(y) in _DIRECT)
        rows[ys] = rows.get(ys, "") + x
    rows.pop("", None)
    choices = "|".join(f"[{re.escape(xs)}](?=[{re.escape(ys)}])" for ys, xs in rows.items())
    return re.compile(f"(?=[{re.escape(''.join(rows.values()))}])(?:{choices})")


def _ascii_spaced() -> re.Pattern[str]:
    """Matches ending at the opportunities after ASCII spaces (most of them are)."""
    rows: dict[str, str] = {}  # characters not allowed after -> characters before
    for x in _GRAPHIC:
        ys = "".join(y for y in _GRAPHIC if _ascii_letter(x) + _ascii_letter(y) not in _SPACED)
        rows[ys] = rows.get(ys, "") + x
    choices = "|".join(
        f"(?<=[{re.escape(xs)}] ) *(?=[^ {re.escape(ys)}])"
        for ys, xs in rows.items()
        if ys != _GRAPHIC
    )
    return re.compile(f" (?:{choices})")


_ASCII_DIRECT = _ascii_direct()
_ASCII_SPACED = _ascii_spaced()
# Both kinds in one pattern: a direct match consumes the non-space before its opportunity
# and a spaced one the run of spaces before its own, so one scan finds all, in order.
_ASCII_ANY = re.compile(f"{_ASCII_DIRECT.pattern}|{_ASCII_SPACED.pattern}")
_LOOKBACK = 16  # characters scanned back from a line's end before scanning the whole line
_TOKEN = re.compile(r"[A-Za-z0-9]+| +|[\s\S]")


def _fit(ends: list[int], columns: Sequence[int], startcol: int, width: int) -> list[int]:
    """libunistring's greedy fitting, a line at a time.

    ``ends`` are the break opportunities, ``columns[i]`` the width of the first ``i``
    characters. A line from ``start`` breaks at the opportunity before the first one
    that would overflow, but always takes at least one piece.
    """
    breaks: list[int] = []
    at_ends = [columns[e] for e in ends]
    start_column, first = columns[0] - startcol, 0  # the first opportunity of the line
    while first < len(ends):
        nxt = bisect.bisect_right(at_ends, start_column + width, first + 1)
        if nxt == len(ends):
            if columns[-1] - start_column > width:
                breaks.append(ends[-1])
            break
        breaks.append(ends[nxt - 1])
        start_column, first = at_ends[nxt - 1], nxt
    return breaks


def line_breaks(
    text: str, forbidden: set[int], startcol: int, width: int, classes: ClassLetters
) -> list[int]:
    """Indices of ``text`` before which a line must break to fit ``width`` columns.

    libunistring's break opportunities, except those at ``forbidden``, fed to its greedy
    fitting (the first line starts at column ``startcol``, later ones at 0).
    """
    columns: Sequence[int]
    if text.isascii() and text.isprintable():
        ends = [m.end() for m in _ASCII_DIRECT.finditer(text)]
        ends += [m.end() for m in _ASCII_SPACED.finditer(text)]
        columns = range(len(text) + 1)
    else:
        letters = text.translate(classes)
        if _OTHER in letters:
            return _state_machine_breaks(text, forbidden, startcol, width, classes.cjk)
        ends = [i for i in range(1, len(letters)) if letters[i - 1 : i + 1] in _DIRECT]
        for m in _SPACE_RUN.finditer(letters, 1, len(letters) - 1):
            if letters[m.start() - 1] + letters[m.end()] in _SPACED:
                ends.append(m.end())
        widths = map(_char_width, text, itertools.repeat(classes.cjk))
        columns = list(itertools.accumulate(widths, initial=0))
    ends.sort()
    return _fit([p for p in ends if p not in forbidden], columns, startcol, width)


def fast_line_breaks(
    text: str, forbidden: set[int], startcol: int, width: int, classes: ClassLetters
) -> list[int]:
    """:func:`line_breaks`, quicker for printable ASCII text (the tests compare the two)."""
    if not (text.isascii() and text.isprintable()):
        return line_breaks(text, forbidden, startcol, width, classes)
    # Every character is one column wide, so columns are indices. The greedy fitting of
    # _fit needs only the opportunities near each line's end: the last one that fits,
    # else the first one after the line's start.
    breaks: list[int] = []
    start, limit = 0, width - startcol
    while len(text) > limit:
        end = _ascii_break(text, forbidden, start, limit)
        if end is None:
            break
        breaks.append(end)
        start, limit = end, end + width
    return breaks


def _ascii_break(text: str, forbidden: set[int], start: int, limit: int) -> int | None:
    """The last opportunity in ``(start, limit]``, else the first after ``start``."""
    # First the window (scan, limit] alone. A scan from inside a run of spaces misses the
    # opportunity after the run, but then any it finds lies further on, and when it
    # finds none the whole line is scanned.
    scan = max(start, limit - _LOOKBACK)
    if scan > start:
        found = None
        for m in _ASCII_ANY.finditer(text, scan):
            end = m.end()
            if end > limit:
                break
            if end not in forbidden:
                found = end
        if found is not None:
            return found
    found = None
    for m in _ASCII_ANY.finditer(text, start):
        end = m.end()
        if end not in forbidden:
            if end > limit:
                return end if found is None else found
            found = end
    return found


def _state_machine_breaks(
    text: str, forbidden: set[int], startcol: int, width: int, cjk: bool
) -> list[int]:
    """:func:`line_breaks` for text with marks, joiners, mandatory breaks and the like."""
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
