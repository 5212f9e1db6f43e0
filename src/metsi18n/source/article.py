"""Source articles: YAML front matter + Markdown (markdown-it-py tokens) -> Document.

No I/O here: :func:`parse_document` takes the file's text and the path to name
in references and errors.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from metsi18n.errors import SourceError
from metsi18n.model import Attrs, Block, Document, Inline, Location, attr
from metsi18n.source.anchors import with_heading_ids
from metsi18n.source.dialect import footnote_errors, markdown_parser

__all__ = ["markdown_parser"]  # the dialect's, used with the parser's

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_FENCE = "---"

_PAIRED = {"em": "em", "strong": "strong", "s": "s", "link": "link"}
_CONTAINERS = {
    "blockquote",
    "bullet_list",
    "ordered_list",
    "list_item",
    "table",
    "thead",
    "tbody",
    "tr",
    "dl",
    "dd",
}
#: The white space a fence's info string is trimmed and split by (markdown-it 4's
#: ``MD_TRIM_CHARS``: Unicode's, without the controls Python's ``str.split`` adds).
_INFO_SPACE = "\t\n\v\f\r \xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
_INFO_SPACE += "\u2028\u2029\u202f\u205f\u3000"
_INFO_SPLIT = re.compile(f"[{re.escape(_INFO_SPACE)}]+")


#: C0 controls but tab and line ends, and DEL: no article has them, and the sentence
#: splitter takes some for spaces and fails on them.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_document(text: str, path: str) -> Document:
    """Parse one article; raise :class:`SourceError` naming ``path`` and the line."""
    text = _normalized(text)
    control = _CONTROL_RE.search(text)
    if control is not None:  # found by fuzzing: U+001F before "1. item" crashed pysbd
        line = text.count("\n", 0, control.start()) + 1
        raise SourceError(f"control character U+{ord(control.group()):04X} in the text", path, line)
    meta, meta_lines, body_offset = _split_front_matter(text, path)
    body = "\n".join(text.split("\n")[body_offset:])
    title = _required_text(meta, "title", meta_lines, path)
    slug = _required_text(meta, "slug", meta_lines, path)
    if not SLUG_RE.match(slug):
        raise SourceError(
            f"slug {slug!r} is not a plain name (lowercase letters, digits and single hyphens)",
            path,
            meta_lines.get("slug", 1),
        )
    description = meta.get("description", "")
    if not isinstance(description, str):
        raise SourceError("description must be a string", path, meta_lines.get("description", 1))
    date = meta.get("date")
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise SourceError(
            "date must be a calendar date such as 2026-11-24", path, meta_lines.get("date", 1)
        )
    env: dict[str, object] = {}
    tokens = _parser().parse(body, env)
    lost = footnote_errors(env, path, body_offset)
    if lost is not None:
        raise lost
    toc = meta.get("toc")
    if toc is not None and not isinstance(toc, bool):
        raise SourceError("toc must be true or false", path, meta_lines.get("toc", 1))
    blocks = with_heading_ids(_build_blocks(tokens, path, body_offset))
    return Document(
        path=path,
        slug=slug,
        title=title.strip(),
        title_location=Location(path, meta_lines.get("title", 1)),
        description=" ".join(description.split()),
        description_location=Location(path, meta_lines.get("description", 1)),
        date=date,
        blocks=blocks,
        toc=toc,
    )


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One parser for every article: a parse keeps what it finds in its ``env``, not in
    the parser. A parser made per article was ~60 objects in reference cycles left for
    the cycle collector (250 articles: 15,000 of the 15,400 objects it freed in an
    export), and 1 ms to make."""
    return markdown_parser()


def _normalized(text: str) -> str:
    """``text`` without a byte order mark, with ``\\n`` line ends."""
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter_line(text: str, key: str) -> int:
    """The line of ``key`` in the front matter of an article (1 when it cannot be told)."""
    try:
        return _split_front_matter(_normalized(text), "")[1].get(key, 1)
    except SourceError:
        return 1


def duplicate_slug(slug: str, first: tuple[str, str], second: tuple[str, str]) -> SourceError:
    """The error for two articles with one slug: each (shown path, text), both with lines."""
    (path, text), (other, other_text) = first, second
    where = f"{path}:{front_matter_line(text, 'slug')}"
    line = front_matter_line(other_text, "slug")
    return SourceError(f"slug {slug!r} is already used by {where}", other, line)


#: libyaml's safe loader when PyYAML was built with it (the wheels are), else Python's.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str, kind: type[yaml.SafeLoader]) -> tuple[Any, yaml.Node | None]:
    """The YAML document of ``text`` and its node (for the line of each key)."""
    loader = kind(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _split_front_matter(text: str, path: str) -> tuple[dict[str, Any], dict[str, int], int]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise SourceError("missing YAML front matter (the file must start with '---')", path, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == _FENCE:
            end = index
            break
    else:
        raise SourceError("front matter is not closed by a '---' line", path, 1)
    yaml_text = "\n".join(lines[1:end])
    # One parse, with libyaml when PyYAML has it: the pure-Python loader, run twice
    # (nodes for key lines, then values), was 0.2 s of a 6 s build of 100 articles.
    # Bad input is parsed again by the Python loader, whose messages and lines the
    # error reports (libyaml places some errors a line later).
    try:
        try:
            meta, node = _load(yaml_text, _FAST_LOADER)
        except yaml.YAMLError:
            try:
                meta, node = _load(yaml_text, yaml.SafeLoader)
            except yaml.YAMLError as exc:
                raise _yaml_error(exc, path) from exc
    except ValueError as exc:  # a value YAML reads but cannot make: date: 2026-13-45
        raise _value_error(yaml_text, path, exc) from exc
    if not isinstance(meta, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return meta, key_lines, end + 1


#: Contexts that name the construct which went wrong (an opening quote or bracket, a key
#: without its colon); "while parsing a block mapping" names only the enclosing mapping.
_CONTEXTS_AT_FAULT = ("while scanning a", "while parsing a flow")


def _yaml_error(exc: yaml.YAMLError, path: str) -> SourceError:
    """``exc`` at the line where the bad construct starts, counted from the ``---`` line.

    A scanner reports where it gave up: for a quote never closed, the end of the front
    matter. Its context mark, where there is one that names the construct at fault, is
    where the quote opened; a tab or a bad indentation is at the problem mark.
    """
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    marks = [getattr(exc, "problem_mark", None)]
    if context.startswith(_CONTEXTS_AT_FAULT):
        marks.insert(0, getattr(exc, "context_mark", None))
        problem = f"{problem} {context}"
    mark = next((mark for mark in marks if mark is not None), None)
    line = (mark.line + 2) if mark is not None else 1
    if "'\\t'" in problem:
        problem = "a tab, which YAML does not allow here (indent with spaces)"
    return SourceError(f"invalid front matter: {problem}", path, line)


def _value_error(yaml_text: str, path: str, exc: ValueError) -> SourceError:
    """A top-level value PyYAML parses but cannot construct, at its line."""
    loader = yaml.SafeLoader(yaml_text)
    try:
        node = loader.get_single_node()
        for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
            try:
                loader.construct_object(value, deep=True)
            except ValueError:
                text = str(value.value) if isinstance(value, yaml.ScalarNode) else "..."
                shown = repr(text if len(text) <= 40 else text[:37] + "...")
                reason = f"invalid front matter: {key.value}: {shown} cannot be read ({exc})"
                return SourceError(reason, path, value.start_mark.line + 2)
    finally:
        loader.dispose()
    return SourceError(f"invalid front matter: {exc}", path, 2)


def _required_text(meta: dict[str, Any], key: str, key_lines: dict[str, int], path: str) -> str:
    value = meta.get(key)
    if value is None:
        raise SourceError(f"front matter has no {key!r}", path, 1)
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"front matter {key!r} must be a non-empty string", path, key_lines[key])
    return value


def _build_blocks(tokens: list[Token], path: str, offset: int) -> tuple[Block, ...]:
    """Fold the flat block token stream into a tree of :class:`Block`."""
    stack: list[tuple[str, Location, Attrs, list[Block], list[Inline]]] = [
        ("root", Location(path, offset + 1), (), [], [])
    ]

    def location(token: Token) -> Location:
        line = token.map[0] + 1 if token.map else stack[-1][1].line - offset
        return Location(path, offset + line)

    #: A footnote's number -> where it is first referred to (an inline footnote's place),
    #: and how many times.
    referred: dict[str, Location] = {}
    refs: dict[str, int] = {}
    for token in tokens:
        kind = token.type
        if kind == "footnote_anchor":  # a back-link: the page makes them from "refs"
            number = str(token.meta["id"] + 1)
            refs[number] = refs.get(number, 0) + 1
        elif kind.endswith("_open"):
            name = kind[: -len("_open")]
            attrs: Attrs = ()
            loc = location(token)
            if name == "footnote_block":
                name = "footnotes"
            elif name == "footnote":
                number = str(token.meta["id"] + 1)
                loc = referred.get(number, loc) if token.meta.get("label") is None else loc
                attrs = (("number", number),)
            elif name == "alert":  # its title ("Warning") is the page chrome's, translated there
                name, attrs = "callout", (("kind", token.info.lower()),)
            elif name == "heading":
                attrs = (("level", token.tag[1:]),)
            elif name == "paragraph" and token.hidden:
                attrs = (("tight", "1"),)
            elif name == "ordered_list":
                start = token.attrGet("start")
                attrs = (("start", str(1 if start is None else start)),)
            elif name in ("th", "td"):
                style = str(token.attrGet("style") or "")
                if style.startswith("text-align:"):
                    attrs = (("align", style.split(":", 1)[1]),)
            stack.append((name, loc, attrs, [], []))
        elif kind.endswith("_close"):
            name, loc, attrs, children, inline = stack.pop()
            if name == "alert_title":
                continue
            if name == "footnote":
                attrs = (*attrs, ("refs", str(refs.get(attr(attrs, "number") or "", 0))))
            stack[-1][3].append(
                Block(name, loc, inline=tuple(inline), children=tuple(children), attrs=attrs)
            )
        elif kind == "inline":
            for child in token.children or []:
                if child.type == "footnote_ref":
                    referred.setdefault(str(child.meta["id"] + 1), location(token))
            stack[-1][4].extend(_inline_nodes(token.children or []))
        elif kind in ("fence", "code_block"):
            # the info string as markdown-it renders it: escapes and entities resolved
            info = unescapeAll(token.info).strip(_INFO_SPACE)
            language = _INFO_SPLIT.split(info, maxsplit=1)[0]
            code_attrs = (("info", info), ("language", language))
            stack[-1][3].append(
                Block("code", location(token), attrs=code_attrs, text=token.content)
            )
        elif kind == "html_block":
            stack[-1][3].append(Block("html", location(token), text=token.content))
        elif kind == "hr":
            stack[-1][3].append(Block("hr", location(token)))
    return tuple(stack[0][3])


def _inline_nodes(children: list[Token]) -> list[Inline]:
    nodes: list[Inline] = []
    autolink_depth = 0
    for token in children:
        kind = token.type
        if autolink_depth:  # an autolink's text: the address as written, shown as is
            if kind == "link_close":
                autolink_depth = 0
            else:
                link = nodes[-1]
                text = (link.attr("text") or "") + token.content
                nodes[-1] = Inline("void", tag="autolink", attrs=(*link.attrs[:1], ("text", text)))
            continue
        if kind == "text":
            if nodes and nodes[-1].kind == "text":
                nodes[-1] = Inline("text", text=nodes[-1].text + token.content)
            else:
                nodes.append(Inline("text", text=token.content))
        elif kind == "softbreak":
            nodes.append(Inline("text", text="\n"))
        elif kind == "hardbreak":
            nodes.append(Inline("void", tag="br", markup=token.markup or "\\"))
        elif kind == "code_inline":
            nodes.append(Inline("void", tag="code", markup=token.markup, content=token.content))
        elif kind == "html_inline":
            nodes.append(Inline("void", tag="html", content=token.content))
        elif kind == "footnote_ref":  # its number and back-link are the source's, kept
            number = str(token.meta["id"] + 1)
            sub = str(token.meta.get("subId", 0))
            nodes.append(Inline("void", tag="footnote", attrs=(("number", number), ("sub", sub))))
        elif kind == "image":
            image_attrs: Attrs = (
                ("src", str(token.attrGet("src") or "")),
                ("alt", _plain_text(token.children or [])),
                ("title", str(token.attrGet("title") or "")),
            )
            nodes.append(Inline("void", tag="image", attrs=image_attrs))
        elif kind == "link_open" and token.markup in ("autolink", "linkify"):
            href = str(token.attrGet("href") or "")
            nodes.append(Inline("void", tag="autolink", attrs=(("href", href), ("text", ""))))
            autolink_depth = 1
        elif kind.endswith("_open") and kind[: -len("_open")] in _PAIRED:
            tag = _PAIRED[kind[: -len("_open")]]
            attrs: Attrs = ()
            if tag == "link":
                attrs = (
                    ("href", str(token.attrGet("href") or "")),
                    ("title", str(token.attrGet("title") or "")),
                )
            nodes.append(Inline("open", tag=tag, markup=token.markup, attrs=attrs))
        elif kind.endswith("_close") and kind[: -len("_close")] in _PAIRED:
            tag = _PAIRED[kind[: -len("_close")]]
            nodes.append(Inline("close", tag=tag, markup=token.markup))
    return _merge_text(nodes)


def _plain_text(children: list[Token]) -> str:
    """An image description's text without its markup, as CommonMark renders ``alt``."""
    out: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type == "image":
            out.append(_plain_text(token.children or []))
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in nodes:
        if node.kind == "text" and merged and merged[-1].kind == "text":
            merged[-1] = Inline("text", text=merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged
