"""Serialising a :class:`~metsi18n.po.types.POFile` exactly as GNU ``msgcat`` 0.21 writes it.

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
from collections.abc import Sequence
from typing import NamedTuple

from metsi18n.errors import CatalogError
from metsi18n.po.directives import directive_interiors
from metsi18n.po.fields import (
    FORMATS,
    INT_MAX,
    Flags,
    flags_line,
    header_msgstr,
    parse_flags,
    parse_header,
    reference_lines,
)
from metsi18n.po.linebreak import CJK_CODECS, ClassLetters, fast_line_breaks, text_width
from metsi18n.po.types import Message, POFile

# ----------------------------------------------------------------------------------------
# Comments (flags and references: pofields.py).


def _comment_lines(marker: str, comments: Sequence[str]) -> list[str]:
    return [f"{marker} {line}" if line else marker for c in comments for line in c.split("\n")]


# ----------------------------------------------------------------------------------------
# Strings.

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}
_ESCAPES.update({"\\": "\\", '"': '"'})
_NEEDS_ESCAPE = re.compile('[\a\b\f\n\r\t\v\\\\"]')
_NEEDS_OTHER_ESCAPE = re.compile('[\a\b\f\r\t\v\\\\"]')  # all but the newline
_PORTION = re.compile(r"[^\n]*\n|[^\n]+")


def _escape(portion: str, offset: int, interiors: frozenset[int]) -> tuple[str, set[int]]:
    """Escape ``portion`` (starting at ``offset`` of its string) as msgcat does.

    Returns the text and the indices in it where no line break may be inserted: the
    second character of each escape, directive interiors and the final ``\\n``.
    """
    if _NEEDS_ESCAPE.search(portion) is None:
        specials: list[int] = []
        text = portion
        forbidden = set()
    else:
        specials = [m.start() for m in _NEEDS_ESCAPE.finditer(portion)]
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
        interiors = directive_interiors(value, style.language, style.encoding, translated)
    # Room for the text between the quotes of a continuation line.
    width = (style.width if style.wrap else INT_MAX) - 2 - len(prefix)
    if not interiors and _NEEDS_ESCAPE.search(value) is None:
        # One portion (no newline), nothing escaped, nothing kept together. The general
        # loop then gives a single line when the text fits after the keyword; when it
        # fits only from column 0, `keyword ""` and one line if it could break after the
        # keyword, else a single line; when it overflows even from column 0 but can
        # break, `keyword ""` and the lines broken from column 0.
        total = text_width(value, style.cjk)
        startcol = len(keyword) + 1
        if startcol + total <= width:
            return [f'{prefix}{keyword} "{value}"']
        if value and total <= width:
            if startcol > width or fast_line_breaks(value, set(), startcol, width, style.classes):
                return [f'{prefix}{keyword} ""', f'{prefix}"{value}"']
            return [f'{prefix}{keyword} "{value}"']
        if total > width:
            zero = fast_line_breaks(value, set(), 0, width, style.classes)
            if zero:
                bounds = itertools.pairwise((0, *zero, len(value)))
                return [f'{prefix}{keyword} ""', *(f'{prefix}"{value[a:b]}"' for a, b in bounds)]
    elif (
        not interiors
        and value.endswith("\n")
        and value.find("\n") < len(value) - 1
        and _NEEDS_OTHER_ESCAPE.search(value) is None
    ):
        # Two lines or more, each ending with a newline, nothing else escaped (a header,
        # say). The general loop then starts with `keyword ""` and, when no line
        # overflows, gives each line its own.
        lines = value.split("\n")[:-1]
        if all(text_width(line, style.cjk) + 2 <= width for line in lines):
            return [f'{prefix}{keyword} ""', *(f'{prefix}"{line}\\n"' for line in lines)]
    return _wrap_general(prefix, keyword, value, interiors, width, style)


def _wrap_general(
    prefix: str, keyword: str, value: str, interiors: frozenset[int], width: int, style: _Style
) -> list[str]:
    """:func:`_wrap` without its shortcuts (the tests compare the two)."""
    portions = [(m.start(), m.group()) for m in _PORTION.finditer(value)] or [(0, "")]
    lines: list[str] = []
    first = True
    for offset, portion in portions:
        text, forbidden = _escape(portion, offset, interiors)
        startcol = len(keyword) + 1 if first else 0
        total = text_width(text, style.cjk)
        more = offset + len(portion) < len(value)
        # The breaks from column 0, when the text overflows even there: then GNU starts
        # with `keyword ""` exactly when they are not empty (any opportunity gives a break),
        # so they are computed once, not once from startcol and again from 0 (cProfile of
        # a 20,000-entry dumps: line_breaks called 70,448 times for 40,402 strings).
        zero = None
        if startcol + total <= width:
            breaks = []
        elif first and text and total > width:
            zero = fast_line_breaks(text, forbidden, 0, width, style.classes)
            if zero or more or startcol > width:
                breaks = zero
            else:
                breaks = fast_line_breaks(text, forbidden, startcol, width, style.classes)
        else:
            breaks = fast_line_breaks(text, forbidden, startcol, width, style.classes)
        if first and text and (more or startcol > width or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            if total > width:
                breaks = (
                    zero
                    if zero is not None
                    else fast_line_breaks(text, forbidden, 0, width, style.classes)
                )
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
    classes: ClassLetters


# ----------------------------------------------------------------------------------------
# Entries and files.


def _entry(
    msg: Message,
    width: int,
    classes: ClassLetters,
    encoding: str,
    styles: dict[tuple[str, ...], tuple[Flags, _Style]],
) -> list[str]:
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
    known = styles.get(msg.flags)  # most entries share a few flag lists
    if known is None:
        flags = parse_flags(msg.flags)
        possible = [f for f, value in flags.formats.items() if value in ("yes", "possible")]
        language = min(possible, key=FORMATS.index) if possible else None
        style = _Style(width, flags.wrap is not False, language, classes.cjk, encoding, classes)
        known = styles[msg.flags] = (flags, style)
    flags, style = known
    lines = _comment_lines("#", msg.translator_comments) if msg.translator_comments else []
    if msg.extracted_comments:
        lines += _comment_lines("#.", msg.extracted_comments)
    if msg.references:
        lines += reference_lines(msg.references, width, encoding)
    lines += flags_line(flags, bool(msgstrs[0]), msg.obsolete)
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
    wrapping at all). The header entry comes first when ``po`` has one (fields,
    comments or flags), its msgstr being ``Key: Value\\n`` lines (or ``raw_header``);
    then the messages in order, obsolete ones last, without the obsolete ones whose
    msgstr is empty. Flags and references are normalised as msgcat does (see the
    module docstring). A plural message without ``msgstr_plural`` gets two empty
    forms, as in a template.

    Raises :class:`~metsi18n.errors.CatalogError` for what msgcat could not read back:
    a duplicate (msgctxt, msgid), a second header, ``msgstr[N]`` without
    ``msgid_plural``, a previous msgctxt or msgid_plural without previous msgid, NUL.
    """
    header, texts = entry_texts(po, width)
    blocks = ([] if header is None else [header]) + [text for _, text in texts]
    # Each entry's lines end with a newline, and an empty line separates entries.
    return "\n\n".join(blocks) + "\n" if blocks else ""


def entry_texts(po: POFile, width: int = 79) -> tuple[str | None, list[tuple[Message, str]]]:
    """The pieces of :func:`dumps`: the header entry's text (None without one), then each
    message written, in the order written, with its text (no trailing newline).

    ``dumps`` joins them with an empty line between and a newline at the end; an entry's
    text depends only on the entry and the catalog's headers, so the text of an entry
    changed alone (export's memory fills a few) can replace the old one in place.
    """
    if width < 0:
        raise ValueError("width must be 0 (no wrapping) or positive")
    width = INT_MAX if width == 0 else max(width, 20)  # as msgcat --width does
    charset = _charset(po)
    try:
        encoding = codecs.lookup(charset).name
    except LookupError:
        encoding = "utf-8"
    classes = ClassLetters(encoding in CJK_CODECS or charset.upper() == "EUC-TW")
    styles: dict[tuple[str, ...], tuple[Flags, _Style]] = {}  # for this call only
    header: str | None = None
    if po.headers or po.header_comments or po.header_flags or po.raw_header is not None:
        msgstr = header_msgstr(po.headers)
        if po.raw_header is not None and parse_header(po.raw_header) == po.headers:
            msgstr = po.raw_header
        entry = Message("", msgstr, translator_comments=po.header_comments, flags=po.header_flags)
        header = "\n".join(_entry(entry, width, classes, encoding, styles))
    texts: list[tuple[Message, str]] = []
    seen: set[tuple[str | None, str]] = {(None, "")} if header is not None else set()
    for msg in sorted(po.messages, key=lambda m: m.obsolete):
        key = (msg.msgctxt, msg.msgid)
        if key in seen:
            what = "header entry" if key == (None, "") else f"definition of {msg.msgid!r}"
            raise CatalogError(f"duplicate {what}")
        seen.add(key)
        lines = _entry(msg, width, classes, encoding, styles)
        if lines:
            texts.append((msg, "\n".join(lines)))
    return header, texts


def _charset(po: POFile) -> str:
    content_type = po.header("Content-Type") or ""
    match = re.search(r"charset=([^\s;]+)", content_type)
    return match.group(1) if match else "UTF-8"
