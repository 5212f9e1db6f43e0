"""Data shared by the pipeline's stages: frozen records, no logic beyond small properties.

source.py makes a :class:`Document` of :class:`Block` trees whose text is a
tuple of :class:`Inline` nodes; segment.py cuts that text into :class:`Unit`
records (what a catalog holds); render.py turns blocks and translations into HTML.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

Attrs = tuple[tuple[str, str], ...]

#: The extracted comment of a sentence that warns readers of harm (a ``> [!WARNING]``
#: or ``> [!CAUTION]`` callout): source writes it, merge never offers such an entry a
#: fuzzy guess.
SAFETY_CRITICAL = (
    "SAFETY-CRITICAL: this warns readers of harm. Translate it exactly, from the"
    " English; it is never given a guessed (fuzzy) translation."
)


def attr(attrs: Attrs, name: str) -> str | None:
    """The value of attribute ``name`` in ``attrs``, or None."""
    for key, value in attrs:
        if key == name:
            return value
    return None


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: its path as written in references, and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Inline:
    """One node of inline content, flattened (open and close are separate nodes).

    ``kind`` is ``text``, ``open``, ``close`` or ``void``. For ``text`` only
    ``text`` is set. Markup nodes name their ``tag``: ``em``, ``strong``, ``s``
    and ``link`` come as open/close pairs; ``code``, ``image``, ``br`` and
    ``html`` are void, and so is ``footnote``, a reference to one (attrs ``number`` and
    ``sub``, 0 for its first reference, 1 for the second...). ``markup`` is the Markdown
    delimiter (``*``, ``__``, a backtick run); ``attrs`` holds ``href``/``title`` of links,
    ``href``/``text`` (the address as written) of autolinks and ``src``/``title``/``alt``
    of images (``alt`` is the description's plain text, as CommonMark renders it);
    ``content`` is a code span's code or an inline HTML fragment, both kept verbatim
    and never translated.
    """

    kind: str
    text: str = ""
    tag: str = ""
    markup: str = ""
    attrs: Attrs = ()
    content: str = ""

    def attr(self, name: str) -> str | None:
        return attr(self.attrs, name)


@dataclass(frozen=True)
class Block:
    """A block of the article: a tree following the Markdown structure.

    Kinds: ``heading`` (attrs ``level`` and ``id``, its anchor), ``paragraph`` (attr
    ``tight`` inside tight lists), ``blockquote``, ``callout`` (attr ``kind``: ``note``, ``tip``,
    ``important``, ``warning`` or ``caution``), ``bullet_list``, ``ordered_list`` (attr
    ``start``), ``list_item``, ``table``, ``thead``, ``tbody``, ``tr``, ``th``
    and ``td`` (attr ``align``), ``code`` (attrs ``info``, unescaped as
    markdown-it renders it, and ``language``, its first word; verbatim ``text``),
    ``html`` (verbatim ``text``) and ``hr``; ``dl`` (a definition list) holds ``dt``
    (a term, a text block) and ``dd`` (its definition: blocks); ``footnotes``, the
    article's last block when it has footnotes, holds each ``footnote`` (attrs ``number``,
    from 1 in order of first reference, and ``refs``, how many references it has) with
    the footnote's blocks.
    """

    kind: str
    location: Location
    inline: tuple[Inline, ...] = ()
    children: tuple[Block, ...] = ()
    attrs: Attrs = ()
    text: str = ""

    def attr(self, name: str) -> str | None:
        return attr(self.attrs, name)


@dataclass(frozen=True)
class Document:
    """One source article: its front matter and its blocks."""

    path: str
    slug: str
    title: str
    title_location: Location
    description: str
    description_location: Location
    date: datetime.date
    blocks: tuple[Block, ...]
    #: Front matter ``toc``: whether the page shows a table of contents (None: as the
    #: project's ``toc`` setting says).
    toc: bool | None = None


@dataclass(frozen=True)
class Unit:
    """A translatable unit: one catalog entry's worth of source text."""

    msgid: str
    locations: tuple[Location, ...]
    comments: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    context: str | None = None
    #: The plural form of the English text (``msgid_plural``), for page chrome such as
    #: "%(num)d minutes read".
    plural: str | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)
