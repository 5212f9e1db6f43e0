"""The gettext PO format as a library of its own: bytes <-> :class:`POFile`.

Takes the bytes of a ``.po``/``.pot`` file (any charset its header names, CRLF, BOM)
and gives frozen records (:class:`POFile`, :class:`Message`); gives back the text GNU
``msgcat`` 0.21 would write. Inside: the strict lexer and its fast path (``reader``,
``lexer``, ``fast``), the writer with libunistring's line breaking (``writer``,
``linebreak``, ``directives``), header/flag/reference fields (``fields``), comparison
by content (``content``), pocount's word counts (``counts``) and plural formulas
evaluated without ``eval`` (``plurals``). It imports nothing of metsi18n but its
errors.
"""

from __future__ import annotations

from metsi18n.po.content import same_content
from metsi18n.po.counts import STATES, message_words, state, wordcount
from metsi18n.po.fields import reference_file
from metsi18n.po.reader import loads
from metsi18n.po.types import Message, POFile

#: Besides these names, ``metsi18n.po.plurals`` is public: plural formulas parsed,
#: evaluated and compared without ``eval``.
__all__ = [
    "STATES",
    "Message",
    "POFile",
    "dumps",
    "entry_texts",
    "loads",
    "message_words",
    "reference_file",
    "same_content",
    "state",
    "wordcount",
]


def dumps(po: POFile, width: int = 79) -> str:
    """``po`` as text, exactly as GNU msgcat writes it (see :mod:`metsi18n.po.writer`)."""
    # Imported here: the writer's line-breaking tables (uniseg, wcwidth: 30 ms) are not
    # needed by commands that only read catalogs (build, check, stats).
    from metsi18n.po.writer import dumps as write

    return write(po, width)


def entry_texts(po: POFile, width: int = 79) -> tuple[str | None, list[tuple[Message, str]]]:
    """The header's and each written entry's text, which :func:`dumps` joins (see
    :func:`metsi18n.po.writer.entry_texts`)."""
    from metsi18n.po.writer import entry_texts as pieces

    return pieces(po, width)
