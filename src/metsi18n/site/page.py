"""Document + translations -> HTML: an article's body, and the page chrome's strings.

Escaping by construction: every string that comes from a catalog is escaped;
elements, attributes and link targets come only from the source's own
structure (tags.decode maps a translation's ``<1>`` back to the source node).
A unit without a usable translation shows the English text wrapped in
``<span lang="en">`` (plus ``dir="ltr"`` inside a right-to-left page).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from metsi18n import catalogs
from metsi18n.errors import RenderError
from metsi18n.model import Block, Document, Inline
from metsi18n.po import POFile
from metsi18n.site import parts
from metsi18n.site.chrome import Chrome, Language
from metsi18n.site.parts import fill_labels
from metsi18n.site.typography import Typesetter, typesetter
from metsi18n.source import MarkupError, Segment, block_segments, decode

__all__ = ["Chrome", "Language", "fill_labels"]  # the chrome's and the parts', with the page's

TEMPLATES_DIR = Path(__file__).parent / "templates"
WORDS_PER_MINUTE = 200
_TEXT_BLOCKS = ("heading", "paragraph", "th", "td", "dt")
_PAIRED = {"em": "em", "strong": "strong", "s": "s", "link": "a"}
_ALIGN = {"left": "start", "center": "center", "right": "end"}


@dataclass(frozen=True)
class Prepared:
    """A document with the segments of its text blocks, cut once for every language."""

    document: Document
    mode: str
    segments: tuple[tuple[Segment, ...], ...]
    words: int

    @property
    def minutes(self) -> int:
        """Reading time of the English text, rounded, at least one minute."""
        return max(1, round(self.words / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class ArticleText:
    """An article rendered in one language; ``translated`` counts usable units."""

    title: str
    title_html: Markup
    description: str
    #: The description as HTML (the English marked ``lang`` when untranslated).
    description_html: Markup
    body: Markup
    units: frozenset[str]
    translated: frozenset[str]
    #: Units shown as their previous translation, marked outdated (``fuzzy = "outdated"``).
    outdated: frozenset[str] = frozenset()

    @property
    def english(self) -> frozenset[str]:
        """Units the page shows in English: untranslated, fuzzy, or with broken tags."""
        return self.units - self.translated - self.outdated

    @property
    def percent(self) -> float:
        return 100.0 * len(self.translated) / len(self.units) if self.units else 100.0


def text_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """The blocks whose text is cut into units, in reading order (as export walks them)."""
    for block in blocks:
        if block.kind in _TEXT_BLOCKS:
            yield block
        else:
            yield from text_blocks(block.children)


def prepare(document: Document, mode: str) -> Prepared:
    """Cut every text block of ``document`` into the segments export used."""
    segments = tuple(block_segments(block, mode) for block in text_blocks(document.blocks))
    words = sum(len(s.msgid.split()) for found in segments for s in found)
    return Prepared(document, mode, segments, words)


def usable_messages(po: POFile | None, domain: str = "") -> dict[str, str]:
    """msgid -> msgstr of the singular entries that are translated, not fuzzy, not
    obsolete, and pass check's markup, injection and placeholders rules
    (:mod:`metsi18n.catalogs.safety`)."""
    if po is None:
        return {}
    return {
        message.msgid: message.msgstr
        for message in po.messages
        if message.msgctxt is None
        and message.msgid_plural is None
        and message.translated
        and catalogs.showable_message(message, domain)
    }


def outdated_messages(po: POFile | None) -> dict[str, str]:
    """msgid -> msgstr of the singular entries that are fuzzy: the previous translation of
    a sentence whose English changed (or a machine's guess), never yet confirmed."""
    if po is None:
        return {}
    return {
        message.msgid: message.msgstr
        for message in po.messages
        if message.msgctxt is None
        and message.msgid_plural is None
        and message.fuzzy
        and not message.obsolete
        and message.msgstr
    }


@dataclass
class _Renderer:
    translations: Mapping[str, str]
    page: Language
    source: Language
    #: A local image's address -> its address on this page (the language's variant).
    images: Mapping[str, str] = field(default_factory=dict)
    outdated_texts: Mapping[str, str] = field(default_factory=dict)
    units: set[str] = field(default_factory=set)
    translated: set[str] = field(default_factory=set)
    outdated: set[str] = field(default_factory=set)
    #: (level, anchor, HTML) of each heading, for the table of contents.
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    #: Set once the footnotes are rendered: their headings are not the article's sections.
    in_footnotes: bool = False

    def __post_init__(self) -> None:
        #: The page language's typographic rules, for its translations (not the English).
        self.typesetter: Typesetter | None = typesetter(self.page.lang)

    def typeset(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return self.typesetter.nodes(nodes) if self.typesetter is not None else nodes

    def unit(self, msgid: str, tags: tuple[Inline, ...], source_nodes: tuple[Inline, ...]) -> str:
        """One unit as HTML: its translation when usable, else the marked English."""
        self.units.add(msgid)
        translation = self.translations.get(msgid)
        if translation:
            try:
                nodes = decode(translation, tags)
            except MarkupError:
                pass
            else:
                self.translated.add(msgid)
                return self.inline(self.typeset(nodes))
        previous = self.outdated_texts.get(msgid)
        if previous:
            try:
                nodes = decode(previous, tags)
            except MarkupError:  # the English changed its tags: the old ones do not fit
                pass
            else:
                self.outdated.add(msgid)
                return f'<span class="outdated">{self.inline(self.typeset(nodes))}</span>'
        html = self.inline(source_nodes)
        return self.english(html) if self.page.lang != self.source.lang else html

    def english(self, html: str) -> str:
        direction = f' dir="{self.source.dir}"' if self.page.dir != self.source.dir else ""
        return f'<span lang="{self.source.lang}"{direction}>{html}</span>'

    def plain(self, msgid: str) -> tuple[str, str]:
        """A front-matter unit (title, description): plain text, and HTML for the page."""
        self.units.add(msgid)
        translation = self.translations.get(msgid)
        if translation:
            try:
                nodes = decode(translation, ())
            except MarkupError:
                pass
            else:
                self.translated.add(msgid)
                text = "".join(node.text for node in nodes)  # for attributes: as typed
                html = "".join(node.text for node in self.typeset(nodes))
                return text, _text(html)
        html = _text(msgid)
        return msgid, self.english(html) if self.page.lang != self.source.lang else html

    def image_text(self, text: str) -> str:
        """An image's alt text or title in the page's language (plain text, a unit)."""
        if not text:
            return ""
        self.units.add(text)
        translation = self.translations.get(text)
        if translation:
            try:
                nodes = decode(translation, ())
            except MarkupError:
                return text
            self.translated.add(text)
            return "".join(node.text for node in nodes)
        return text

    def inline(self, nodes: tuple[Inline, ...]) -> str:
        out: list[str] = []
        code_dir = ' dir="ltr"' if self.page.dir == "rtl" else ""
        for node in nodes:
            if node.kind == "text":
                out.append(_text(node.text))
            elif node.kind == "close":
                out.append(f"</{_PAIRED[node.tag]}>")
            elif node.tag == "link":
                title = node.attr("title")
                extra = f' title="{escape(title)}"' if title else ""
                out.append(f'<a href="{escape(node.attr("href") or "")}"{extra}>')
            elif node.kind == "open":
                out.append(f"<{_PAIRED[node.tag]}>")
            elif node.tag == "code":
                out.append(f"<code{code_dir}>{escape(node.content)}</code>")
            elif node.tag == "image":
                alt = _text(self.image_text(node.attr("alt") or ""))
                title = node.attr("title")
                extra = f' title="{_text(self.image_text(title))}"' if title else ""
                src = node.attr("src") or ""
                src = self.images.get(src, src)
                out.append(f'<img src="{escape(src)}" alt="{alt}"{extra}>')
            elif node.tag == "br":
                out.append("<br>")
            elif node.tag == "footnote":
                out.append(parts.footnote_ref(node))
            elif node.tag == "autolink":  # the address as written, the target encoded
                href = escape(node.attr("href") or "")
                text = escape(node.attr("text") or "")
                out.append(f'<a href="{href}"{code_dir}>{text}</a>')
            else:  # inline HTML of the source, verbatim
                out.append(node.content)
        return "".join(out)


def _text(value: str) -> str:
    """Text from a catalog or the front matter, escaped, NUL replaced as CommonMark does."""
    return str(escape(value.replace("\0", "\ufffd")))


def render_article(
    prepared: Prepared,
    translations: Mapping[str, str],
    page: Language,
    source: Language,
    images: Mapping[str, str] | None = None,
    outdated: Mapping[str, str] | None = None,
    toc: bool = False,
) -> ArticleText:
    """``prepared`` in the page's language, unit by unit, falling back to English;
    ``images`` maps a local image's address to the page's (see ``site/media.py``).

    ``outdated`` (fuzzy msgid -> previous translation) is given when the language shows
    fuzzy units as their earlier translation: a body unit then shows it in
    ``<span class="outdated">``; a title, description or image text keeps the English
    (``<title>`` and ``alt`` cannot carry the mark). With ``toc``, the body starts with
    a table of contents of its headings in the page's language.
    """
    renderer = _Renderer(translations, page, source, dict(images or {}), dict(outdated or {}))
    document = prepared.document
    title, title_html = renderer.plain(document.title)
    description = description_html = ""
    if document.description:
        description, description_html = renderer.plain(document.description)
    segments = iter(prepared.segments)
    body = "".join(_block(renderer, block, segments) for block in document.blocks)
    if toc:
        body = parts.contents(renderer.headings) + body
    return ArticleText(
        title=title,
        title_html=Markup(title_html),
        description=description,
        description_html=Markup(description_html),
        body=Markup(body),
        units=frozenset(renderer.units),
        translated=frozenset(renderer.translated),
        outdated=frozenset(renderer.outdated),
    )


def _block(renderer: _Renderer, block: Block, segments: Iterator[tuple[Segment, ...]]) -> str:
    kind = block.kind
    if kind in _TEXT_BLOCKS:
        units = [
            renderer.unit(segment.msgid, segment.tags, decode(segment.msgid, segment.tags))
            for segment in next(segments)
        ]
        text = renderer.page.separator.join(units)
        if kind == "heading":  # its id is the English one in every language
            level = block.attr("level") or "2"
            anchor = block.attr("id")
            extra = f' id="{escape(anchor)}"' if anchor else ""
            if not renderer.in_footnotes:
                renderer.headings.append((int(level), anchor or "", text))
            return f"<h{level}{extra}>{text}</h{level}>\n"
        if kind == "paragraph":
            return text + "\n" if block.attr("tight") else f"<p>{text}</p>\n"
        align = _ALIGN.get(block.attr("align") or "")
        extra = f' class="align-{align}"' if align else ""
        return f"<{kind}{extra}>{text}</{kind}>\n"
    renderer.in_footnotes = renderer.in_footnotes or kind == "footnotes"
    inner = "".join(_block(renderer, child, segments) for child in block.children)
    if kind == "code":
        language = block.attr("language") or ""
        extra = f' class="language-{escape(language)}"' if language else ""
        code_dir = ' dir="ltr"' if renderer.page.dir == "rtl" else ""
        return f"<pre{code_dir}><code{extra}>{escape(block.text)}</code></pre>\n"
    if kind == "html":  # an HTML block of the source, verbatim
        return block.text if block.text.endswith("\n") else block.text + "\n"
    if kind == "hr":
        return "<hr>\n"
    if kind == "callout":  # the label is the chrome's: filled in by fill_labels
        return parts.callout(block, inner)
    if kind == "footnotes":
        return parts.footnotes(inner)
    if kind == "footnote":
        return parts.footnote(block, inner)
    tag = {"bullet_list": "ul", "ordered_list": "ol", "list_item": "li"}.get(kind, kind)
    extra = ""
    if kind == "ordered_list" and block.attr("start") not in (None, "1"):
        extra = f' start="{escape(block.attr("start") or "1")}"'
    return f"<{tag}{extra}>\n{inner}</{tag}>\n"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' Jinja2 environment: autoescaping, i18n extension, strict names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = True
    return env


def render_chunks(name: str, chrome: Chrome | None, **context: Any) -> Iterator[str]:
    """:func:`render_template` piece by piece, for pages too large to hold at once
    (the sitemap of 1,000 articles in 11 languages is 14 MB)."""
    try:
        template = environment().get_template(name)
        callables = chrome.callables() if chrome is not None else {}
        yield from template.generate(**callables, **context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise RenderError(f"template failed: {exc}", f"templates/{name}", line) from exc


def render_template(name: str, chrome: Chrome | None, **context: Any) -> str:
    """Render template ``name``; :class:`RenderError` naming it when it fails."""
    try:
        template = environment().get_template(name)
        callables = chrome.callables() if chrome is not None else {}
        return template.render(**callables, **context)
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise RenderError(f"template failed: {exc}", f"templates/{name}", line) from exc
