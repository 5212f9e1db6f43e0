"""A medical reviewer's sign-off, kept in the catalog as a translator comment line.

``# reviewed: NAME, DATE (FINGERPRINT)``: a ``#`` comment line survives msgmerge,
msgcat, Poedit and Weblate. The fingerprint (8 hex digits of the SHA-256 of the
entry's msgid and translations) ties the sign-off to the text reviewed: once the
English or the translation changes, or while the entry is fuzzy, the line no longer
counts. Records in, records out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field

from metsi18n import po

_LINE_RE = re.compile(
    r"reviewed: (?P<name>.+), (?P<date>\d{4}-\d{2}-\d{2}) \((?P<print>[0-9a-f]{8})\)\Z"
)


def fingerprint(message: po.Message) -> str:
    """8 hex digits standing for what was reviewed: context, English and translations."""
    texts = [message.msgctxt or "", message.msgid, message.msgid_plural or ""]
    texts += [message.msgstr, *message.msgstr_plural]
    return hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:8]


def is_signoff(line: str) -> bool:
    """True for a ``reviewed: NAME, DATE (FINGERPRINT)`` translator comment line."""
    return _LINE_RE.match(line.strip()) is not None


def reviewed_by(message: po.Message) -> str | None:
    """``NAME, DATE`` of the sign-off that still holds for ``message``, else None."""
    if not message.translated:
        return None
    for line in message.translator_comments:
        match = _LINE_RE.match(line.strip())
        if match and match.group("print") == fingerprint(message):
            return f"{match.group('name')}, {match.group('date')}"
    return None


@dataclass
class Signed:
    """A catalog with the sign-off written on every translated entry; what was left out."""

    catalog: po.POFile
    signed: int = 0
    #: msgids of the entries not signed (untranslated or fuzzy): they need work first.
    unfinished: list[str] = field(default_factory=list)


def sign(catalog: po.POFile, name: str, date: str) -> Signed:
    """Sign every translated live entry off as ``name`` on ``date`` (an earlier sign-off
    line of the entry is replaced); untranslated and fuzzy entries are named, not signed."""
    if not name.strip() or "\n" in name:
        raise ValueError("the reviewer's name must be one non-empty line")
    result = Signed(catalog)
    messages: list[po.Message] = []
    for message in catalog.messages:
        if message.obsolete:
            messages.append(message)
            continue
        if not message.translated:
            result.unfinished.append(message.msgid)
            messages.append(message)
            continue
        kept = tuple(
            line for line in message.translator_comments if not _LINE_RE.match(line.strip())
        )
        line = f"reviewed: {name.strip()}, {date} ({fingerprint(message)})"
        messages.append(dataclasses.replace(message, translator_comments=(*kept, line)))
        result.signed += 1
    result.catalog = dataclasses.replace(catalog, messages=tuple(messages))
    return result
