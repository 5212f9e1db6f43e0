"""Filling a merged catalog's new entries from the translation memory.

:func:`fill` writes each :class:`~metsi18n.catalogs.memory.Match` into its entry:
fuzzy (a person confirms), with a translator comment naming the origin
(``tm: first-aid (cs), 100%``) and, for a fuzzy match, the memory's source as
``#| msgid`` so Poedit shows the difference. An entry holding any translation is
never touched; an exact same-domain match may be taken as translated when the
setting allows it, never in a safety-critical entry.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from metsi18n.catalogs.memory import Match, Memory
from metsi18n.catalogs.merge import has_translation, nplurals
from metsi18n.catalogs.merge import sized as _sized
from metsi18n.po import Message, POFile

#: A unit is safety-critical when its template entry carries this flag (``#, ...``)
#: or an extracted comment starting with it. The source marks none yet: this is the
#: hook a dosage or warning marker in the articles would set.
SAFETY_FLAG = "safety-critical"


def is_safety_critical(message: Message) -> bool:
    """True when the entry is marked safety-critical (see :data:`SAFETY_FLAG`)."""
    return SAFETY_FLAG in message.flags or any(
        comment.lower().startswith(SAFETY_FLAG) for comment in message.extracted_comments
    )


@dataclass(frozen=True)
class FillResult:
    catalog: POFile
    #: Entries filled from the memory (exact and fuzzy together).
    filled: int = 0
    #: Of those, exact matches taken as translated (same domain, when the setting allows).
    confirmed: int = 0


def fill(
    catalog: POFile,
    fresh: Collection[tuple[str | None, str]] | None,
    memory: Memory,
    *,
    domain: str,
    threshold: float,
    fuzzy: bool,
    exact_same_domain_translated: bool = False,
) -> FillResult:
    """Fill the empty entries of ``catalog`` whose key is in ``fresh`` (all when None).

    An entry that holds any translation is never touched. A match is written fuzzy,
    except an exact match from the same domain when ``exact_same_domain_translated``
    and the entry is not safety-critical.
    """
    count = nplurals(catalog)
    messages: list[Message] = []
    filled = confirmed = 0
    for message in catalog.messages:
        if (
            message.obsolete
            or has_translation(message)
            or (fresh is not None and message.key not in fresh)
        ):
            messages.append(message)
            continue
        found = memory.lookup(message, threshold, fuzzy=fuzzy)
        if found is None:
            messages.append(message)
            continue
        keep = (
            found.exact
            and exact_same_domain_translated
            and found.unit.origin.domain == domain
            and not is_safety_critical(message)
        )
        messages.append(_filled(message, found, count, confirmed=keep))
        filled += 1
        confirmed += keep
    if not filled:
        return FillResult(catalog)
    return FillResult(_replace_messages(catalog, messages), filled, confirmed)


def _filled(message: Message, found: Match, count: int, *, confirmed: bool) -> Message:
    forms = found.translations
    plural: tuple[str, ...] = ()
    if message.msgid_plural is None:
        msgstr = forms[0]
    else:
        msgstr, plural = "", (forms * count if len(forms) == 1 else _sized(forms, count))
    flags = tuple(flag for flag in message.flags if flag != "fuzzy")
    previous: tuple[str | None, str | None, str | None] = (None, None, None)
    if not found.exact:
        unit = found.unit
        previous = (unit.context, unit.source, unit.plural)
    return Message(
        message.msgid,
        msgstr,
        message.msgid_plural,
        plural,
        message.msgctxt,
        (*message.translator_comments, found.comment),
        message.extracted_comments,
        message.references,
        flags if confirmed else ("fuzzy", *flags),
        *previous,
    )


def _replace_messages(catalog: POFile, messages: list[Message]) -> POFile:
    return POFile(
        headers=catalog.headers,
        header_comments=catalog.header_comments,
        header_flags=catalog.header_flags,
        messages=tuple(messages),
        raw_header=catalog.raw_header,
    )
