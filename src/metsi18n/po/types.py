"""The records of a PO file: :class:`Message` (one entry) and :class:`POFile` (the file).

Plain frozen data: the reader (:mod:`metsi18n.po.reader`) makes them, the writer
(:mod:`metsi18n.po.writer`) prints them, merge and checks read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Message", "POFile"]


@dataclass(frozen=True, slots=True)
class Message:
    """One entry of a PO file (not the header)."""

    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    #: ``msgstr[0]``, ``msgstr[1]``... of a plural entry (empty for a singular one).
    msgstr_plural: tuple[str, ...] = ()
    msgctxt: str | None = None
    #: ``# `` lines, written by translators (without the leading ``# ``).
    translator_comments: tuple[str, ...] = ()
    #: ``#.`` lines, written by the extractor (without the leading ``#. ``).
    extracted_comments: tuple[str, ...] = ()
    #: ``#:`` references such as ``source/a.md:12``.
    references: tuple[str, ...] = ()
    #: ``#,`` flags such as ``fuzzy`` or ``python-format``.
    flags: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    #: Line of the file where the entry starts: its first comment line, or else its
    #: first ``#|`` or keyword line (1-based; 0 when not read from a file).
    lineno: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        """The identity of the entry in its catalog: (msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """True when every msgstr is non-empty and the entry is not fuzzy or obsolete."""
        if self.obsolete or "fuzzy" in self.flags:  # self.fuzzy, without a second call
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)


@dataclass(frozen=True)
class POFile:
    """A whole PO or POT file: header entry, then messages in file order."""

    #: Header fields in order, e.g. ``("Content-Type", "text/plain; charset=UTF-8")``.
    headers: tuple[tuple[str, str], ...] = ()
    #: ``# `` comment lines above the header entry.
    header_comments: tuple[str, ...] = ()
    #: ``#,`` flags of the header entry (``fuzzy`` in a fresh template).
    header_flags: tuple[str, ...] = ()
    messages: tuple[Message, ...] = field(default_factory=tuple)
    #: The header's msgstr as read, when it is not exactly ``headers`` written as
    #: ``Key: Value\n`` lines (a line without ``": "``, no final newline...); None
    #: otherwise. :func:`dumps` writes it as long as it still parses to ``headers``.
    raw_header: str | None = None

    def header(self, name: str) -> str | None:
        """The value of header field ``name`` (case-insensitive), or None."""
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None
