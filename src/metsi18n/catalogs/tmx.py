"""TMX 1.4b, the translation-memory exchange format of CAT tools: read and written.

Records in, records out (no file access). :func:`read_tmx` parses with lxml set to
resolve no entities, load no DTD and use no network; a document declaring entities
is refused. Every problem is a :class:`CatalogError` naming the file and line: not
XML, not TMX, a source language other than the project's, a language the project
lacks. :func:`write_tmx` writes one language's memory units.

Numbered tags travel as TMX inline elements: ``<1>..</1>`` as ``<bpt i="1" x="1"
type="link">`` / ``<ept i="1">``, ``<2/>`` as ``<ph x="2" type="x-code">``, the tag
text as their native code. The kind of each tag is its ``type`` (TMX's own names
where it has one: italic, bold, link, image, lb). A gettext context, a plural's
``msgid_plural`` and its further ``msgstr[n]`` are ``x-`` properties, so reading what
was written gives the same units back.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from metsi18n.catalogs.memory import MemoryUnit, Origin
from metsi18n.errors import CatalogError
from metsi18n.source import TAG_RE

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DATE = "%Y%m%dT%H%M%SZ"
#: Our tag kinds (as entry comments name them) <-> TMX ``type`` values.
_KIND_TYPES = {
    "emphasis": "italic",
    "strong emphasis": "bold",
    "strikethrough": "x-strikethrough",
    "link": "link",
    "code": "x-code",
    "image": "image",
    "line break": "lb",
    "HTML": "x-html",
    "web address": "x-web-address",
}
_TYPE_KINDS = {value: key for key, value in _KIND_TYPES.items()}


@dataclass(frozen=True)
class TmxUnit:
    """One ``<tu>``: the source segment and its translation per project language."""

    source: str
    context: str | None
    plural: str | None
    #: (language code, translations) pairs, codes as the project spells them.
    translations: tuple[tuple[str, tuple[str, ...]], ...]
    kinds: tuple[tuple[int, str], ...] | None
    changed: float
    line: int

    def memory_unit(self, code: str, origin: Origin) -> MemoryUnit | None:
        """The unit as memory of language ``code``, if it translates into it."""
        for language, forms in self.translations:
            if language == code:
                revised = self.changed or origin.revised
                return MemoryUnit(
                    self.source, self.context, self.plural, forms, self.kinds, origin, revised
                )
        return None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_tmx(
    data: bytes, shown: str, source_language: str, languages: Sequence[str]
) -> list[TmxUnit]:
    """The units of a TMX document; :class:`CatalogError` (file and line) if it is bad."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        raise CatalogError(f"not XML: {exc.msg}", shown, exc.lineno or 1) from exc
    internal = tree.docinfo.internalDTD
    if internal is not None and list(internal.iterentities()):
        raise CatalogError("entity declarations are not allowed in TMX", shown, 1)
    root = tree.getroot()
    if root.tag != "tmx":
        raise CatalogError(f"not TMX: the root element is <{root.tag}>", shown, root.sourceline)
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise CatalogError("not TMX: <header> or <body> is missing", shown, root.sourceline)
    srclang = header.get("srclang", "")
    if srclang != "*all*" and _primary(srclang) != _primary(source_language):
        raise CatalogError(
            f"source language {srclang!r} is not the project's ({source_language})",
            shown,
            header.sourceline,
        )
    units: list[TmxUnit] = []
    for tu in body.iter("tu"):
        unit = _unit(tu, shown, source_language, srclang, languages)
        if unit is not None:
            units.append(unit)
    return units


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def _language(tag: str, languages: Sequence[str]) -> str | None:
    """The project's code for a TMX language tag: exact (any case, - or _), else by
    its primary subtag (``cs-CZ`` is ``cs``) when the project has that."""
    wanted = tag.replace("-", "_").lower()
    for code in languages:
        if code.lower() == wanted:
            return code
    for code in languages:
        if code.lower() == _primary(tag):
            return code
    return None


def _props(element: etree._Element) -> dict[str, str]:
    return {prop.get("type", ""): prop.text or "" for prop in element.findall("prop")}


def _unit(
    tu: etree._Element, shown: str, source_language: str, srclang: str, languages: Sequence[str]
) -> TmxUnit | None:
    source: tuple[str, tuple[tuple[int, str], ...] | None] | None = None
    translations: list[tuple[str, tuple[str, ...]]] = []
    tu_source = tu.get("srclang", srclang)
    for tuv in tu.findall("tuv"):
        tag = tuv.get(_XML_LANG) or tuv.get("lang") or ""
        seg = tuv.find("seg")
        if seg is None:
            raise CatalogError("<tuv> without <seg>", shown, tuv.sourceline)
        text = _segment(seg)
        is_source = _primary(tag) == _primary(tu_source if tu_source != "*all*" else "")
        if is_source or (tu_source == "*all*" and _primary(tag) == _primary(source_language)):
            source = text
            continue
        code = _language(tag, languages)
        if code is None:
            raise CatalogError(
                f"language {tag!r} is not in the project's [languages]", shown, tuv.sourceline
            )
        if text is None or not text[0]:
            continue
        props = _props(tuv)
        forms = [text[0]]
        forms += [props[f"x-msgstr-{n}"] for n in range(1, 10) if f"x-msgstr-{n}" in props]
        translations.append((code, tuple(forms)))
    if source is None or not source[0] or not translations:
        return None  # a unit with inline codes other than ours, or nothing to reuse
    props = _props(tu)
    changed = 0.0
    stamp = tu.get("changedate") or tu.get("creationdate")
    if stamp:
        try:
            moment = datetime.datetime.strptime(stamp, _DATE).replace(tzinfo=datetime.UTC)
        except ValueError as exc:
            reason = f"date {stamp!r} is not YYYYMMDDThhmmssZ"
            raise CatalogError(reason, shown, tu.sourceline) from exc
        changed = moment.timestamp()
    return TmxUnit(
        source[0],
        props.get("x-context"),
        props.get("x-msgid-plural"),
        tuple(translations),
        source[1],
        changed,
        tu.sourceline or 0,
    )


def _segment(seg: etree._Element) -> tuple[str, tuple[tuple[int, str], ...] | None] | None:
    """The text of a ``<seg>`` with its inline elements as numbered tags, and the kinds
    of those tags (None if any has no type); None when it holds codes we cannot map."""
    parts = [seg.text or ""]
    kinds: dict[int, str] = {}
    typed = True
    opened: dict[str, int] = {}
    counter = 0
    for child in seg:
        if child.tag in ("bpt", "ph"):
            x = child.get("x", "")
            counter = int(x) if x.isdigit() and int(x) > 0 else counter + 1
            number = counter
            kind = child.get("type")
            typed = typed and kind is not None
            kinds[number] = _TYPE_KINDS.get(kind or "", kind or "")
            if child.tag == "bpt":
                opened[child.get("i", "")] = number
                parts.append(f"<{number}>")
            else:
                parts.append(f"<{number}/>")
        elif child.tag == "ept":
            number_or_none = opened.get(child.get("i", ""))
            if number_or_none is None:
                return None
            parts.append(f"</{number_or_none}>")
        elif child.tag == "hi":
            inner = _segment(child)
            if inner is None:
                return None
            parts.append(inner[0])
        else:  # <it>, <ut>, or anything else: codes that cannot be paired with ours
            return None
        parts.append(child.tail or "")
    return "".join(parts), (tuple(sorted(kinds.items())) if typed and kinds else None)


def write_tmx(units: Sequence[MemoryUnit], code: str, source_language: str, version: str) -> bytes:
    """One language's units as a TMX 1.4b document (UTF-8, deterministic)."""
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="metsi18n",
        creationtoolversion=version,
        segtype="sentence",
        adminlang="en",
        srclang=_bcp47(source_language),
        datatype="plaintext",
        attrib={"o-tmf": "gettext PO"},
    )
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        if unit.revised:
            moment = datetime.datetime.fromtimestamp(unit.revised, datetime.UTC)
            tu.set("changedate", moment.strftime(_DATE))
        props = [("x-domain", unit.origin.domain), ("x-context", unit.context)]
        props.append(("x-msgid-plural", unit.plural))
        for name, value in props:
            if value is not None:
                etree.SubElement(tu, "prop", type=name).text = value
        kinds = dict(unit.kinds or ())
        _tuv(tu, _bcp47(source_language), unit.source, kinds)
        extra = [(f"x-msgstr-{n}", text) for n, text in enumerate(unit.translations[1:], 1)]
        _tuv(tu, _bcp47(code), unit.translations[0], kinds, extra)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
    body_bytes: bytes = etree.tostring(
        root, encoding="UTF-8", xml_declaration=False, pretty_print=True
    )
    return head + body_bytes


def _bcp47(code: str) -> str:
    return code.replace("_", "-")


def _tuv(
    tu: etree._Element,
    language: str,
    text: str,
    kinds: dict[int, str],
    props: Sequence[tuple[str, str]] = (),
) -> None:
    tuv = etree.SubElement(tu, "tuv", {_XML_LANG: language})
    for name, value in props:
        etree.SubElement(tuv, "prop", type=name).text = value
    seg = etree.SubElement(tuv, "seg")
    last: etree._Element | None = None
    position = 0
    for match in TAG_RE.finditer(text):
        _append_text(seg, last, text[position : match.start()])
        position = match.end()
        closing, number, void = match.group(1), match.group(2), match.group(3)
        kind = kinds.get(int(number))
        if closing:
            last = etree.SubElement(seg, "ept", i=number)
        elif void:
            last = etree.SubElement(seg, "ph", x=number)
        else:
            last = etree.SubElement(seg, "bpt", i=number, x=number)
        if kind is not None and not closing:
            last.set("type", _KIND_TYPES.get(kind, f"x-{kind.replace(' ', '-')}"))
        last.text = match.group(0)
    _append_text(seg, last, text[position:])


def _append_text(seg: etree._Element, last: etree._Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        seg.text = (seg.text or "") + text
    else:
        last.tail = (last.tail or "") + text
