"""Document -> translatable units: sentences (pysbd) or whole blocks.

Each unit's inline markup is encoded as numbered tags (see tags.py), numbered
within the unit, so deleting one sentence never renumbers its neighbours.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from metsi18n.errors import SourceError
from metsi18n.model import SAFETY_CRITICAL, Block, Document, Inline, Location, Unit
from metsi18n.source.sentences import split_sentences
from metsi18n.source.tags import TAG_NAMES, TAG_RE, Segment, encode, line_breaks

SENTENCE = "sentence"
PARAGRAPH = "paragraph"
MODES = (SENTENCE, PARAGRAPH)

_PLACEHOLDER = "Xx"  # a word: a lone capital would read as an initial


def _stand_in(node: Inline) -> str:
    """What a void node is to the sentence splitter: a word, but a footnote reference is
    nothing (written after a full stop, "once.[^1] Read", it must not join the sentences)."""
    return "" if node.tag == "footnote" else _PLACEHOLDER


#: An image's texts that are translated, each a unit of its own.
_IMAGE_TEXTS = (
    ("alt", "Alternative text of an image, read when it is not seen"),
    ("title", "Title of an image, shown when it is pointed at"),
)

#: Callouts whose sentences warn of harm: each is marked for translators with
#: :data:`metsi18n.model.SAFETY_CRITICAL`, and merge never offers it a fuzzy guess.
CRITICAL_CALLOUTS = ("warning", "caution")


# --- segmentation -------------------------------------------------------------------


def segments(nodes: Sequence[Inline], mode: str = SENTENCE) -> tuple[Segment, ...]:
    """Cut a block's inline content into segments: sentences, or the whole block."""
    pieces = _sentence_pieces(nodes) if mode == SENTENCE else [list(nodes)]
    result = []
    line = 0
    for piece in pieces:
        trimmed = _trim(piece)
        lead = 0
        for node in piece:
            if node.kind != "text" or node.text.strip():
                lead += node.text[: len(node.text) - len(node.text.lstrip())].count("\n")
                break
            lead += node.text.count("\n")
        if any(node.kind != "text" or node.text.strip() for node in trimmed):
            result.append(encode(trimmed, line + lead))
        line += sum(line_breaks(node) for node in piece)
    return tuple(result)


def _sentence_pieces(nodes: Sequence[Inline]) -> list[list[Inline]]:
    plain_parts: list[str] = []
    for node in nodes:
        if node.kind == "text":
            plain_parts.append(node.text)
        elif node.kind == "void":
            plain_parts.append(_stand_in(node))
    plain = "".join(plain_parts).replace("\n", " ")  # same length: offsets still hold
    cuts = _sentence_starts(plain)
    if not cuts:
        return [list(nodes)]
    pieces: list[list[Inline]] = [[]]
    offset = 0
    cut_index = 0
    for node in nodes:
        if node.kind == "text":
            text = node.text
            start = offset
            while cut_index < len(cuts) and cuts[cut_index] < offset + len(node.text):
                cut = cuts[cut_index] - start
                if cut > 0:
                    pieces[-1].append(Inline("text", text=text[:cut]))
                pieces.append([])
                text = text[cut:]
                start = cuts[cut_index]
                cut_index += 1
            if text:
                pieces[-1].append(Inline("text", text=text))
            offset += len(node.text)
            continue
        if node.kind in ("open", "void") and cut_index < len(cuts) and cuts[cut_index] == offset:
            pieces.append([])
            cut_index += 1
        pieces[-1].append(node)
        if node.kind == "void":
            offset += len(_stand_in(node))
    return _join_unbalanced([piece for piece in pieces if piece])


def _sentence_starts(plain: str) -> list[int]:
    """Offsets in ``plain`` where the second, third... sentence starts."""
    starts: list[int] = []
    position = 0
    for sentence in split_sentences(plain):
        found = plain.find(sentence, position)
        if found < 0:
            return []
        if found > 0 and plain[:found].strip():
            starts.append(found)
        position = found + len(sentence)
    return starts


def _join_unbalanced(pieces: list[list[Inline]]) -> list[list[Inline]]:
    """Join neighbouring pieces while markup is open across them (one tag, one unit)."""
    joined: list[list[Inline]] = []
    depth = 0
    for piece in pieces:
        if depth > 0:
            joined[-1].extend(piece)
        else:
            joined.append(list(piece))
        for node in piece:  # one pass, not two sums of generators (3% of export's time)
            if node.kind == "open":
                depth += 1
            elif node.kind == "close":
                depth -= 1
    return joined


def _trim(piece: list[Inline]) -> list[Inline]:
    nodes = list(piece)
    while nodes and nodes[0].kind == "text" and not nodes[0].text.strip():
        nodes.pop(0)
    while nodes and nodes[-1].kind == "text" and not nodes[-1].text.strip():
        nodes.pop()
    if nodes and nodes[0].kind == "text":
        nodes[0] = Inline("text", text=nodes[0].text.lstrip())
    if nodes and nodes[-1].kind == "text":
        nodes[-1] = Inline("text", text=nodes[-1].text.rstrip())
    return nodes


# --- units of a document ----------------------------------------------------------

#: The blocks whose inline text makes units (the others hold blocks, or no units).
_TEXT_BLOCKS = ("heading", "paragraph", "th", "td", "dt")


def document_units(document: Document, mode: str = SENTENCE) -> tuple[Unit, ...]:
    """Every translatable unit of ``document`` in reading order; equal texts merged."""
    merged: dict[str, tuple[list[Location], list[str]]] = {}
    for msgid, location, comments in _walk(document, mode):
        locations, notes = merged.setdefault(msgid, ([], []))
        if location not in locations:
            locations.append(location)
        notes.extend(comment for comment in comments if comment not in notes)
    return tuple(
        Unit(msgid=msgid, locations=tuple(locations), comments=tuple(notes))
        for msgid, (locations, notes) in merged.items()
    )


def _walk(document: Document, mode: str) -> Iterator[tuple[str, Location, list[str]]]:
    yield document.title, document.title_location, ["Title of the page; also used in <title>"]
    if document.description:
        yield (
            document.description,
            document.description_location,
            ["Description of the page for search engines and link previews (meta description)"],
        )
    counters: dict[str, int] = {}
    for block in document.blocks:
        yield from _walk_block(block, mode, counters, "", critical=False)


def _walk_block(
    block: Block, mode: str, counters: dict[str, int], within: str, *, critical: bool
) -> Iterator[tuple[str, Location, list[str]]]:
    kind = block.kind
    if kind in ("code", "html", "hr"):
        return
    if kind in _TEXT_BLOCKS:
        counter = within or kind
        counters[counter] = counters.get(counter, 0) + 1
        label = _label(block, counters[counter], within)
        found = block_segments(block, mode)
        for index, segment in enumerate(found, start=1):
            comment = label if len(found) == 1 else f"{label}, sentence {index}"
            location = Location(block.location.path, block.location.line + segment.line)
            safety = [SAFETY_CRITICAL] if critical else []
            yield segment.msgid, location, [comment, *safety, *_tag_notes(segment)]
        for node in block.inline:
            if node.tag != "image":
                continue
            for name, comment in _IMAGE_TEXTS:
                text = node.attr(name)
                if text:
                    yield text, block.location, [comment]
        return
    if kind == "blockquote":
        within = "Quotation"
    elif kind == "callout":
        callout = block.attr("kind") or "note"
        within = f"{callout.capitalize()} callout"
        critical = critical or callout in CRITICAL_CALLOUTS
    elif kind == "list_item":
        counters["item"] = counters.get("item", 0) + 1
        within = f"List item {counters['item']}"
    elif kind == "dd":
        counters["definition"] = counters.get("definition", 0) + 1
        within = f"Definition {counters['definition']} (of the term above it)"
    elif kind == "footnote":  # its number is the page's, the same in every language
        within = f"Footnote {block.attr('number')}"
    for child in block.children:
        yield from _walk_block(child, mode, counters, within, critical=critical)


def block_segments(block: Block, mode: str = SENTENCE) -> tuple[Segment, ...]:
    """The segments of one text block (headings and table cells are never split)."""
    if block.kind in ("heading", "th", "td", "dt"):
        mode = PARAGRAPH
    _refuse_tag_like_text(block)
    return segments(block.inline, mode)


def _refuse_tag_like_text(block: Block) -> None:
    texts = "".join(node.text for node in block.inline if node.kind == "text")
    if TAG_RE.search(texts):
        raise SourceError(
            "text contains something written like an inline tag (e.g. <1>); write it another way",
            block.location.path,
            block.location.line,
        )


def check_tag_like_text(document: Document) -> None:
    """The error :func:`document_units` gives for ``document`` (text written like an
    inline tag, in its first block with such text), found without segmenting (lint
    uses no units: segmenting was ~60% of its time)."""
    for block in document.blocks:
        _check_block(block)


def _check_block(block: Block) -> None:
    """:func:`_walk_block`'s walk: the same blocks, in the same order."""
    if block.kind in ("code", "html", "hr"):
        return
    if block.kind in _TEXT_BLOCKS:
        _refuse_tag_like_text(block)
        return
    for child in block.children:
        _check_block(child)


def _label(block: Block, number: int, within: str) -> str:
    if block.kind == "heading":
        return f"Heading (level {block.attr('level')})"
    if block.kind in ("th", "td"):
        return "Table header cell" if block.kind == "th" else "Table cell"
    if block.kind == "dt":
        return f"Term {number} of a definition list"
    if within.startswith("List item"):
        return within if number == 1 else f"{within}, paragraph {number}"
    if within:
        return f"{within}, paragraph {number}"
    return f"Paragraph {number}"


def _tag_notes(segment: Segment) -> list[str]:
    if not segment.tags:
        return []
    described = []
    for number, tag in enumerate(segment.tags, start=1):
        name = TAG_NAMES.get(tag.tag, tag.tag)
        shape = f"<{number}/>" if tag.kind == "void" else f"<{number}>...</{number}>"
        described.append(f"{shape} {name}")
    return ["Tags: " + ", ".join(described) + ". Keep them; they may move."]
