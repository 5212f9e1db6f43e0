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
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from metsi18n.errors import CatalogError
from metsi18n.linebreak import CJK_CODECS, ClassLetters, fast_line_breaks, text_width
from metsi18n.podirectives import directive_interiors

if TYPE_CHECKING:
    from metsi18n.pofile import Message, POFile

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
    for language in _FORMATS if flags.formats else ():
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


def _reference_lines(references: Sequence[str], width: int, encoding: str) -> list[str]:
    texts: dict[str, None] = {}  # as printed, without duplicates
    for reference in references:
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
        interiors = directive_interiors(value, style.language, style.encoding, translated)
    # Room for the text between the quotes of a continuation line.
    width = (style.width if style.wrap else _INT_MAX) - 2 - len(prefix)
    lines: list[str] = []
    first = True
    portions = [(m.start(), m.group()) for m in _PORTION.finditer(value)] or [(0, "")]
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


def _entry(msg: Message, width: int, classes: ClassLetters, encoding: str) -> list[str]:
    cjk = classes.cjk
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
    possible = [f for f, value in flags.formats.items() if value in ("yes", "possible")]
    language = min(possible, key=_FORMATS.index) if possible else None
    style = _Style(width, flags.wrap is not False, language, cjk, encoding, classes)
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
    from metsi18n.pofile import Message

    if width < 0:
        raise ValueError("width must be 0 (no wrapping) or positive")
    width = _INT_MAX if width == 0 else max(width, 20)  # as msgcat --width does
    charset = _charset(po)
    try:
        encoding = codecs.lookup(charset).name
    except LookupError:
        encoding = "utf-8"
    classes = ClassLetters(encoding in CJK_CODECS or charset.upper() == "EUC-TW")
    entries: list[list[str]] = []
    if po.headers or po.header_comments or po.header_flags or po.raw_header is not None:
        msgstr = header_msgstr(po.headers)
        if po.raw_header is not None and parse_header(po.raw_header) == po.headers:
            msgstr = po.raw_header
        header = Message("", msgstr, translator_comments=po.header_comments, flags=po.header_flags)
        entries.append(_entry(header, width, classes, encoding))
    seen: set[tuple[str | None, str]] = {(None, "")} if entries else set()
    for msg in sorted(po.messages, key=lambda m: m.obsolete):
        if msg.key in seen:
            what = "header entry" if msg.key == (None, "") else f"definition of {msg.msgid!r}"
            raise CatalogError(f"duplicate {what}")
        seen.add(msg.key)
        entries.append(_entry(msg, width, classes, encoding))
    return "\n".join("".join(f"{line}\n" for line in lines) for lines in entries if lines)


def _charset(po: POFile) -> str:
    content_type = po.header("Content-Type") or ""
    match = re.search(r"charset=([^\s;]+)", content_type)
    return match.group(1) if match else "UTF-8"
