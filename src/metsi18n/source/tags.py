"""Inline markup <-> numbered tags: the form translators see and cannot corrupt.

A unit's text shows inline markup as tags numbered from 1 within that unit:
``<1>...</1>`` for emphasis, strong, strikethrough and links, ``<2/>`` for what
translators keep but cannot edit (code spans, images, line breaks, inline HTML,
bare URLs, footnote references). A tag stands for the source's own markup node, so decoding a
translation can move or drop markup but never change a URL or add markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from metsi18n.model import Inline

TAG_RE = re.compile(r"<(/?)([1-9][0-9]*)(/?)>")
TAG_NAMES = {
    "em": "emphasis",
    "strong": "strong emphasis",
    "s": "strikethrough",
    "link": "link",
    "code": "code",
    "image": "image",
    "br": "line break",
    "html": "HTML",
    "autolink": "web address",
    "footnote": "footnote reference",
}


class MarkupError(ValueError):
    """A translation's tags do not fit its unit (unknown, unbalanced, crossed or repeated)."""


@dataclass(frozen=True)
class Segment:
    """One unit's text with its tags: ``tags[n - 1]`` is the node tag ``n`` stands for.

    ``line`` counts source lines from the block's first line (0 for the first);
    ``breaks``, the line ends inside the unit (it spans ``breaks + 1`` lines).
    """

    msgid: str
    tags: tuple[Inline, ...]
    line: int = 0
    breaks: int = 0


def line_breaks(node: Inline) -> int:
    """The source line ends a node stands over: a soft break's ``\\n`` in text, a hard
    break (its line end is the token's), the line ends of inline HTML."""
    if node.kind == "text":
        return node.text.count("\n")
    if node.tag == "br":
        return 1
    return node.content.count("\n")


def encode(nodes: Sequence[Inline], line: int = 0) -> Segment:
    """Tagged text for a balanced run of inline nodes; tags numbered from 1.

    Line ends inside the text (Markdown soft breaks) become spaces.
    """
    parts: list[str] = []
    tags: list[Inline] = []
    stack: list[int] = []
    for node in nodes:
        if node.kind == "text":
            parts.append(node.text.replace("\n", " "))
        elif node.kind == "open":
            tags.append(node)
            stack.append(len(tags))
            parts.append(f"<{len(tags)}>")
        elif node.kind == "close":
            parts.append(f"</{stack.pop()}>")
        else:
            tags.append(node)
            parts.append(f"<{len(tags)}/>")
    return Segment("".join(parts), tuple(tags), line, sum(line_breaks(node) for node in nodes))


def decode(text: str, tags: Sequence[Inline]) -> tuple[Inline, ...]:
    """Inline nodes for a (translated) tagged text; :class:`MarkupError` if the tags misfit.

    Text between tags is only ever text: nothing in it becomes markup.
    """
    nodes: list[Inline] = []
    stack: list[int] = []
    used: set[int] = set()
    position = 0
    for match in TAG_RE.finditer(text):
        if match.start() > position:
            nodes.append(Inline("text", text=text[position : match.start()]))
        position = match.end()
        closing, number, void = match.group(1), int(match.group(2)), match.group(3)
        if closing and void:
            raise MarkupError(f"malformed tag {match.group(0)}")
        if number > len(tags):
            raise MarkupError(f"tag {match.group(0)} is not in the source text")
        tag = tags[number - 1]
        if closing:
            if not stack or stack[-1] != number:
                raise MarkupError(f"tag {match.group(0)} closes a tag that is not open")
            stack.pop()
            nodes.append(Inline("close", tag=tag.tag, markup=tag.markup))
            continue
        if number in used:
            raise MarkupError(f"tag <{number}> appears more than once")
        used.add(number)
        if tag.kind == "void" and not void:
            raise MarkupError(f"tag <{number}/> must stay empty, written <{number}/>")
        if tag.kind == "open" and void:
            raise MarkupError(f"tag <{number}> must enclose text: <{number}>...</{number}>")
        nodes.append(tag)
        if tag.kind == "open":
            stack.append(number)
    if stack:
        raise MarkupError(f"tag <{stack[-1]}> is not closed")
    if position < len(text):
        nodes.append(Inline("text", text=text[position:]))
    return tuple(nodes)


def tag_numbers(text: str) -> list[str]:
    """Every tag written in ``text``, in order, e.g. ``['<1>', '</1>', '<2/>']``."""
    return [match.group(0) for match in TAG_RE.finditer(text)]


_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>])")


def to_markdown(nodes: Sequence[Inline]) -> str:
    """Markdown text for inline nodes (the inverse of source parsing, canonical form)."""
    out: list[str] = []
    for node in nodes:
        if node.kind == "text":
            out.append(_MD_ESCAPE.sub(r"\\\1", node.text))
        elif node.tag == "link":
            if node.kind == "open":
                out.append("[")
            else:
                out.append("]")
        elif node.kind in ("open", "close"):
            out.append(node.markup)
        elif node.tag == "code":
            pad = " " if node.content.startswith("`") or node.content.endswith("`") else ""
            out.append(f"{node.markup}{pad}{node.content}{pad}{node.markup}")
        elif node.tag == "image":
            title = node.attr("title")
            suffix = f' "{title}"' if title else ""
            alt = _MD_ESCAPE.sub(r"\\\1", node.attr("alt") or "")
            out.append(f"![{alt}]({node.attr('src')}{suffix})")
        elif node.tag == "br":
            out.append("\\\n" if node.markup == "\\" else "  \n")
        elif node.tag == "autolink":
            out.append(f"<{node.attr('text')}>")
        elif node.tag == "footnote":
            out.append(f"[^{node.attr('number')}]")
        else:
            out.append(node.content)
    return _close_links(out, nodes)


def _close_links(out: list[str], nodes: Sequence[Inline]) -> str:
    stack: list[Inline] = []
    for index, node in enumerate(nodes):
        if node.tag != "link":
            continue
        if node.kind == "open":
            stack.append(node)
        else:
            opened = stack.pop()
            title = opened.attr("title")
            suffix = f' "{title}"' if title else ""
            out[index] = f"]({opened.attr('href')}{suffix})"
    return "".join(out)
