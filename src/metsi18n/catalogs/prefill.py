"""Filling a merged catalog's new entries from the translation memory.

:func:`fill` writes each :class:`~metsi18n.catalogs.memory.Match` into its entry:
fuzzy (a person confirms), with a translator comment naming the origin
(``tm: first-aid (cs), 100%``) and, for a fuzzy match, the memory's source as
``#| msgid`` so Poedit shows the difference. An entry holding any translation is
never touched; an exact same-domain match may be taken as translated when the
setting allows it, never in a safety-critical entry.
"""

from __future__ import annotations

import marshal
from collections.abc import Collection
from dataclasses import dataclass, replace

from metsi18n.catalogs import compact
from metsi18n.catalogs.memory import Match, Memory
from metsi18n.catalogs.merge import has_translation, nplurals
from metsi18n.catalogs.merge import sized as _sized
from metsi18n.catalogs.spool import Spool
from metsi18n.po import Message, POFile, entry_texts

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
        done = None
        if wants_fill(message, fresh):
            done = fill_entry(
                message,
                memory,
                count,
                domain=domain,
                threshold=threshold,
                fuzzy=fuzzy,
                exact_same_domain_translated=exact_same_domain_translated,
            )
        if done is None:
            messages.append(message)
            continue
        messages.append(done[0])
        filled += 1
        confirmed += done[1]
    if not filled:
        return FillResult(catalog)
    return FillResult(_replace_messages(catalog, messages), filled, confirmed)


def wants_fill(message: Message, fresh: Collection[tuple[str | None, str]] | None) -> bool:
    """True for a live entry without any translation whose key is in ``fresh`` (all
    when None): the entries :func:`fill` may fill."""
    # The key first: export asks this of every entry of a catalog, and few are fresh.
    return not (
        (fresh is not None and message.key not in fresh)
        or message.obsolete
        or has_translation(message)
    )


def fill_entry(
    message: Message,
    memory: Memory,
    count: int,
    *,
    domain: str,
    threshold: float,
    fuzzy: bool,
    exact_same_domain_translated: bool = False,
) -> tuple[Message, bool] | None:
    """One entry of :func:`fill` (``count``: the catalog's plural forms) filled from its
    best match, and whether it is taken as translated; None without a usable match."""
    found = memory.lookup(message, threshold, fuzzy=fuzzy)
    if found is None:
        return None
    keep = (
        found.exact
        and exact_same_domain_translated
        and found.unit.origin.domain == domain
        and not is_safety_critical(message)
    )
    return _filled(message, found, count, confirmed=keep), keep


@dataclass(frozen=True)
class PendingCatalog:
    """A merged catalog waiting for its language's memory, held compactly: its text as
    written without the memory (set aside in a :class:`Spool` once :meth:`spooled`),
    and only the entries the memory may fill, with where each one's text lies in it
    (export holds one such per catalog of a language). Once spooled, the entries too
    are set aside (as :mod:`~metsi18n.catalogs.compact` records): held as objects, a
    language's entries grew with the project."""

    #: The catalog's Content-Type header alone, no messages: the one header an entry's
    #: text depends on (its charset); filled entries are written as it writes them.
    skeleton: POFile
    #: UTF-8, as :func:`metsi18n.po.dumps` writes the catalog; empty once spooled.
    text: bytes
    #: Each entry to fill, with the start and end of its text in the text decoded (in
    #: characters: the text is encoded once, not entry by entry); empty once spooled.
    entries: tuple[tuple[int, int, Message], ...]
    #: The catalog's number of plural forms.
    plurals: int
    #: Where the text and the entries were set aside, when they were.
    spool: Spool | None = None
    place: tuple[int, int] = (0, 0)
    entries_place: tuple[int, int] = (0, 0)

    @classmethod
    def of(
        cls, catalog: POFile, fresh: Collection[tuple[str | None, str]] | None
    ) -> PendingCatalog:
        """``catalog`` held until its entries in ``fresh`` (all when None) are filled."""
        header, texts = entry_texts(catalog)
        blocks: list[str] = [] if header is None else [header]
        entries: list[tuple[int, int, Message]] = []
        at = len(header) + 2 if header is not None else 0
        for message, text in texts:
            if wants_fill(message, fresh):
                entries.append((at, at + len(text), message))
            blocks.append(text)
            at += len(text) + 2  # the empty line between entries
        data = ("\n\n".join(blocks) + "\n").encode("utf-8") if blocks else b""
        kind = tuple((name, value) for name, value in catalog.headers if name.lower() == _TYPE)
        return cls(POFile(headers=kind), data, tuple(entries), nplurals(catalog))

    def spooled(self, spool: Spool) -> PendingCatalog:
        """The same catalog with its text and its entries set aside in ``spool``."""
        if self.spool is not None:
            return self
        bounds = [(start, end) for start, end, _ in self.entries]
        messages = compact.pack(POFile(messages=tuple(m for _, _, m in self.entries)))
        return replace(
            self,
            text=b"",
            entries=(),
            spool=spool,
            place=spool.put(self.text),
            entries_place=spool.put(marshal.dumps((bounds, messages))),
        )

    def held_entries(self) -> tuple[tuple[int, int, Message], ...]:
        """:attr:`entries`, read back from the spool when set aside."""
        if self.spool is None:
            return self.entries
        bounds, messages = marshal.loads(self.spool.get(self.entries_place))
        return tuple(
            (start, end, message)
            for (start, end), message in zip(bounds, compact.unpack(messages).messages, strict=True)
        )

    @property
    def plain(self) -> bytes:
        """The catalog's text as written without the memory."""
        return self.text if self.spool is None else self.spool.get(self.place)

    def filled(
        self,
        memory: Memory,
        *,
        domain: str,
        threshold: float,
        fuzzy: bool,
        exact_same_domain_translated: bool = False,
    ) -> tuple[bytes, int, int]:
        """The catalog's text with its entries filled from ``memory`` (as :func:`fill`
        does), the entries filled, and those taken as translated: the bytes
        :func:`fill` then :func:`metsi18n.po.dumps` give."""
        done: list[tuple[int, int, Message]] = []
        confirmed = 0
        for start, end, message in self.held_entries():
            made = fill_entry(
                message,
                memory,
                self.plurals,
                domain=domain,
                threshold=threshold,
                fuzzy=fuzzy,
                exact_same_domain_translated=exact_same_domain_translated,
            )
            if made is not None:
                done.append((start, end, made[0]))
                confirmed += made[1]
        if not done:
            return self.plain, 0, 0
        # The filled entries written together, as the catalog's header makes them.
        _, texts = entry_texts(replace(self.skeleton, messages=tuple(m for _, _, m in done)))
        plain = self.plain.decode("utf-8")
        out: list[str] = []
        last = 0
        for (start, end, _), (_, text) in zip(done, texts, strict=True):
            out += [plain[last:start], text]
            last = end
        out.append(plain[last:])
        return "".join(out).encode("utf-8"), len(done), confirmed


_TYPE = "content-type"


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
