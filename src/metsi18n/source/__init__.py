"""Articles: an article's text -> :class:`~metsi18n.model.Document` -> translation units.

Takes the text of ``source/*.md`` (YAML front matter, then Markdown); gives the
document as blocks with line numbers (markdown-it-py tokens, ``article``), its units
(sentences by pysbd with medical abbreviations, or whole blocks: ``segment``,
``sentences``) and the inline markup as numbered tags, both ways (``tags``).
"""

from __future__ import annotations

from metsi18n.source.article import duplicate_slug, parse_document
from metsi18n.source.segment import block_segments, check_tag_like_text, document_units
from metsi18n.source.stored import StoredArticle
from metsi18n.source.tags import TAG_RE, MarkupError, Segment, decode

__all__ = [
    "TAG_RE",
    "MarkupError",
    "Segment",
    "StoredArticle",
    "block_segments",
    "check_tag_like_text",
    "decode",
    "document_units",
    "duplicate_slug",
    "parse_document",
]
