"""Heading anchors: an ``id`` for every heading, made from the English, so
``page.html#symptoms`` points at the same section in every language.

The id is the one GitHub gives (lowercase; punctuation dropped; spaces become
hyphens; a repeated one gets ``-1``, ``-2``...), or the writer's own, written
``## Symptoms {#symptoms}`` at the end of the heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from metsi18n.errors import SourceError
from metsi18n.model import Block, Inline

_EXPLICIT = re.compile(r"\s*\{#([A-Za-z][A-Za-z0-9_.:-]*)\}\s*\Z")
#: Ids the page itself gives (its templates, the contents, the footnotes): a heading's
#: own ``{#id}`` may not take one, and a made one steps aside (``other-languages-1``).
PAGE_IDS = frozenset({"feedback-question", "other-languages", "contents-label", "footnotes-label"})
_FOOTNOTE_ID = re.compile(r"fn[0-9]+|fnref[0-9]+(?::[0-9]+)?")


def page_id(name: str) -> bool:
    """True when the page already uses ``name`` as an id (see :data:`PAGE_IDS`)."""
    return name in PAGE_IDS or _FOOTNOTE_ID.fullmatch(name) is not None


def with_heading_ids(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` with each heading's ``id`` attribute set, unique in the document."""
    explicit: dict[str, Block] = {}
    for block in _headings(blocks):
        found = _explicit_id(block)
        if found is None:
            continue
        if page_id(found):
            raise SourceError(
                f"heading id {found!r} is one the page gives itself (contents, footnotes, "
                "language links); choose another",
                block.location.path,
                block.location.line,
            )
        if found in explicit:
            where = explicit[found].location
            raise SourceError(
                f"heading id {found!r} is already used on line {where.line}",
                block.location.path,
                block.location.line,
            )
        explicit[found] = block
    used: dict[str, int] = dict.fromkeys(explicit, 0)
    return tuple(_assign(block, used) for block in blocks)


def _headings(blocks: tuple[Block, ...]) -> list[Block]:
    found: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            found.append(block)
        found.extend(_headings(block.children))
    return found


def _explicit_id(block: Block) -> str | None:
    last = block.inline[-1] if block.inline else None
    match = _EXPLICIT.search(last.text) if last is not None and last.kind == "text" else None
    return match.group(1) if match else None


def _assign(block: Block, used: dict[str, int]) -> Block:
    if block.kind != "heading":
        if not block.children:
            return block
        return replace(block, children=tuple(_assign(child, used) for child in block.children))
    explicit = _explicit_id(block)
    inline = block.inline
    if explicit is not None:
        text = _EXPLICIT.sub("", inline[-1].text)
        inline = inline[:-1] + ((Inline("text", text=text),) if text else ())
        return replace(block, inline=inline, attrs=(*block.attrs, ("id", explicit)))
    base = slug_of(inline) or "section"
    name = base
    while name in used or page_id(name):  # github-slugger's rule: x, x-1, x-2...
        used[base] = used.get(base, 0) + 1
        name = f"{base}-{used[base]}"
    used[name] = 0
    return replace(block, attrs=(*block.attrs, ("id", name)))


def slug_of(inline: tuple[Inline, ...]) -> str:
    """GitHub's anchor for a heading's text: ``"What is it? (Part 2)"`` -> ``what-is-it-part-2``."""
    parts: list[str] = []
    for node in inline:
        if node.kind == "text":
            parts.append(node.text)
        elif node.tag == "code":
            parts.append(node.content)
        elif node.tag == "autolink":
            parts.append(node.attr("text") or "")
        elif node.tag == "image":
            parts.append(node.attr("alt") or "")
    kept = (
        char
        for char in "".join(parts).strip().lower()
        if char.isalnum() or char in " -_" or unicodedata.category(char).startswith("M")
    )
    return "".join(kept).replace(" ", "-")
