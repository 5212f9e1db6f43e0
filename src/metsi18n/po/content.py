"""What a catalog says, apart from how it is laid out: the comparison behind ``--check``.

Two catalogs have the same content when a translator's tool would show them the
same: the same header fields, and the same entries (context, msgid, plural,
translations, flags, comments, references, previous text, obsolete or not).
How the strings are wrapped, how long comment lines are cut (polib, Poedit and
Weblate each wrap their own way), the order of the entries and of the flags, and
the charset the file is written in are layout: export rewrites them in GNU's
layout, but a catalog that differs from its export only there is not out of date.
"""

from __future__ import annotations

import re

from metsi18n.po.types import Message, POFile

_CHARSET_RE = re.compile(r"charset=[^;\s]*", re.I)

Content = tuple[object, ...]


def _words(lines: tuple[str, ...]) -> str:
    """Comment lines as one text: a tool that cuts a long line in two changes no word."""
    return " ".join(" ".join(lines).split())


def message_content(message: Message) -> Content:
    """Everything of an entry that export writes, without its layout (or its line)."""
    return (
        message.obsolete,
        message.msgctxt,
        message.msgid,
        message.msgid_plural,
        message.msgstr,
        message.msgstr_plural,
        tuple(sorted(set(message.flags))),
        _words(message.translator_comments),
        _words(message.extracted_comments),
        message.references,
        message.previous_msgctxt,
        message.previous_msgid,
        message.previous_msgid_plural,
    )


def _header(name: str, value: str) -> tuple[str, str]:
    if name.lower() == "content-type":
        value = _CHARSET_RE.sub("charset=UTF-8", value)  # export writes UTF-8 in any case
    return name, value


def content(po: POFile) -> Content:
    """The content of a catalog: what :func:`same_content` compares."""
    return (
        tuple(_header(name, value) for name, value in po.headers),
        _words(po.header_comments),
        tuple(sorted(set(po.header_flags))),
        tuple(sorted((message_content(m) for m in po.messages), key=repr)),
    )


def same_content(a: POFile, b: POFile) -> bool:
    """True when ``a`` and ``b`` differ at most in layout (see the module's docstring)."""
    return content(a) == content(b)
