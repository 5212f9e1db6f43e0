"""The source stage's cache: an article's parsed :class:`Document` and its units, kept
between runs (``check``, ``lint`` and ``export`` of a big article parse and segment it
again otherwise: 0.75 s of Markdown and more of pysbd for 2 MB).

One entry per project root and article path, in the cache folder
(:func:`metsi18n.storage.cache_dir`), replaced when the article changes. Its key is a
digest of everything the document and its units are made of: the article's text and
path as shown, metsi18n's code and data, the interpreter, and the versions of the
Markdown parser, its plugins, pysbd and PyYAML (:data:`SOURCE_LIBRARIES`). The units
are kept for one segmentation mode (the project's; another mode makes them again). The
payload is :mod:`marshal` data of strings, numbers and tuples (never code); a damaged,
truncated or foreign entry, or one whose records do not fit, is made again.
"""

from __future__ import annotations

import datetime
import marshal
from pathlib import Path
from typing import Any

from metsi18n.model import Block, Document, Inline, Location, Unit
from metsi18n.source.article import parse_document
from metsi18n.source.segment import check_tag_like_text, document_units
from metsi18n.storage import EntryRun, cache_key, entry_path, read_entry, write_entry

#: The libraries whose releases can change a document or its units.
SOURCE_LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "pysbd", "pyyaml")
#: The kind of entry file (see :func:`metsi18n.storage.entry_path`).
KIND = "source"


class StoredArticle:
    """One article read through the cache: its document at once, its units on demand.

    ``run``: what the articles of one run share (:class:`~metsi18n.storage.EntryRun`:
    the code's key and the cache folder's leftovers, worked out once); its own without.
    """

    def __init__(self, text: str, shown: str, root: Path, run: EntryRun | None = None) -> None:
        self._run = EntryRun() if run is None else run
        self.key = cache_key(self._run.code_key(SOURCE_LIBRARIES), shown, text)
        self.path = entry_path(KIND, str(root.resolve()), shown)
        self._mode: str | None = None
        self._units: tuple[Unit, ...] | None = None
        kept = _read(self.path, self.key)
        self._kept = kept is not None
        if kept is not None:
            self.document, self._mode, self._units = kept
        else:
            self.document = parse_document(text, shown)

    def check(self) -> None:
        """Raise the error segmentation would give (text written like an inline tag),
        without segmenting; only a document that passed is kept."""
        if not self._kept:
            check_tag_like_text(self.document)

    def keep(self) -> None:
        """Keep the document (without units) for the next run, once it passed."""
        self.check()
        if not self._kept:
            _write(self.path, self.key, self.document, None, None, self._run)
            self._kept = True

    def units(self, mode: str) -> tuple[Unit, ...]:
        """The document's units in segmentation ``mode`` (kept for the next run)."""
        self.check()
        if self._units is None or self._mode != mode:
            self._units, self._mode = document_units(self.document, mode), mode
            _write(self.path, self.key, self.document, mode, self._units, self._run)
            self._kept = True
        return self._units


def _read(path: Path, key: str) -> tuple[Document, str | None, tuple[Unit, ...] | None] | None:
    payload = read_entry(path, key)
    if payload is None:
        return None
    try:
        document, mode, units = marshal.loads(payload)
        return _document(document), mode, None if units is None else _units(units)
    except (ValueError, TypeError, EOFError, IndexError, KeyError, OverflowError):
        return None  # records of another shape: made again


def _write(
    path: Path,
    key: str,
    document: Document,
    mode: str | None,
    units: tuple[Unit, ...] | None,
    run: EntryRun,
) -> None:
    units_record = None if units is None else [_unit_record(unit) for unit in units]
    payload = marshal.dumps((_document_record(document), mode, units_record))
    write_entry(path, key, payload, run)


# --- records: tuples of strings and numbers <-> model records, field by field ------------
def _location(record: Any) -> Location:
    path, line = record
    return Location(path, line)


def _inline_record(node: Inline) -> tuple[Any, ...]:
    return (node.kind, node.text, node.tag, node.markup, node.attrs, node.content)


def _inline(record: Any) -> Inline:
    return Inline(*record)


def _block_record(block: Block) -> tuple[Any, ...]:
    return (
        block.kind,
        (block.location.path, block.location.line),
        [_inline_record(node) for node in block.inline],
        [_block_record(child) for child in block.children],
        block.attrs,
        block.text,
    )


def _block(record: Any) -> Block:
    kind, location, inline, children, attrs, text = record
    return Block(
        kind,
        _location(location),
        tuple(_inline(node) for node in inline),
        tuple(_block(child) for child in children),
        attrs,
        text,
    )


def _document_record(document: Document) -> tuple[Any, ...]:
    return (
        document.path,
        document.slug,
        document.title,
        (document.title_location.path, document.title_location.line),
        document.description,
        (document.description_location.path, document.description_location.line),
        document.date.toordinal(),
        [_block_record(block) for block in document.blocks],
        document.toc,
    )


def _document(record: Any) -> Document:
    path, slug, title, title_at, description, description_at, date, blocks, toc = record
    if toc is not None and not isinstance(toc, bool):
        raise TypeError("toc")
    return Document(
        path,
        slug,
        title,
        _location(title_at),
        description,
        _location(description_at),
        datetime.date.fromordinal(date),
        tuple(_block(block) for block in blocks),
        toc,
    )


def _unit_record(unit: Unit) -> tuple[Any, ...]:
    locations = [(where.path, where.line) for where in unit.locations]
    return (unit.msgid, locations, unit.comments, unit.flags, unit.context, unit.plural)


def _units(records: Any) -> tuple[Unit, ...]:
    return tuple(
        Unit(
            msgid, tuple(_location(where) for where in locations), comments, flags, context, plural
        )
        for msgid, locations, comments, flags, context, plural in records
    )
