"""Pseudo-translations: templates -> catalogs a maintainer previews before translators start.

``en-XA``: every letter accented, the text about 35% longer (filler words) and each
unit in brackets, so truncation, hard-coded strings and fonts that lack accents
show at a glance. ``ar-XB``: each run of text in a right-to-left override, so the
page is mirrored and its English letters read right to left. Numbered tags, python
placeholders (``%(num)d``) and ``{name}`` fields are kept as they are, so the pages
pass ``check``'s markup and placeholder checks. Records in, records out.
"""

from __future__ import annotations

import dataclasses
import math
import re

from metsi18n import po

#: BCP 47 code -> what it does.
PSEUDO_LOCALES = {"en-XA": "accented and 35% longer", "ar-XB": "right to left, mirrored"}
_KEEP_RE = re.compile(
    r"<(?:/?[1-9][0-9]*/?)>"
    r"|%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]"
    r"|\{[A-Za-z_][\w.]*\}"
)
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_FILLER = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_EXPANSION = 0.35
_RLO, _PDF = "\u202e", "\u202c"


def pseudo_text(text: str, locale: str) -> str:
    """``text`` pseudo-translated for ``locale`` (a key of :data:`PSEUDO_LOCALES`)."""
    if not text:
        return text
    pieces: list[str] = []
    position = 0
    for match in _KEEP_RE.finditer(text):
        pieces.append(_transform(text[position : match.start()], locale))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(_transform(text[position:], locale))
    body = "".join(pieces)
    if locale == "ar-XB":
        return body
    visible = len(_KEEP_RE.sub("", text))
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < math.ceil(visible * _EXPANSION):
        words.append(_FILLER[len(words) % len(_FILLER)])
    return f"[{body} {' '.join(words)}]" if words else f"[{body}]"


def _transform(chunk: str, locale: str) -> str:
    if not chunk:
        return chunk
    if locale == "ar-XB":
        return f"{_RLO}{chunk}{_PDF}" if chunk.strip() else chunk
    return chunk.translate(_ACCENTED)


def pseudo_catalog(
    template: po.POFile, locale: str, headers: tuple[tuple[str, str], ...]
) -> po.POFile:
    """A catalog of ``template`` with every entry pseudo-translated (``headers`` its header,
    whose Plural-Forms gives the number of forms)."""
    plural = dict(headers).get("Plural-Forms", "nplurals=2; plural=(n != 1);")
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", plural).group(1))  # type: ignore[union-attr]
    messages = []
    for message in template.messages:
        if message.msgid_plural is None:
            messages.append(dataclasses.replace(message, msgstr=pseudo_text(message.msgid, locale)))
            continue
        forms = tuple(
            pseudo_text(
                message.msgid if form == 0 and nplurals > 1 else message.msgid_plural, locale
            )
            for form in range(nplurals)
        )
        messages.append(dataclasses.replace(message, msgstr_plural=forms))
    return dataclasses.replace(template, headers=headers, header_flags=(), messages=tuple(messages))
