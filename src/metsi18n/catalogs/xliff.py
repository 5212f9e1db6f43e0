"""XLIFF 2.0 and 1.2 documents: :class:`XliffDocument` records <-> bytes.

What CAT tools (Trados, memoQ, Phrase) read and write. One ``<file>`` per domain, one
``<unit>`` (1.2: ``<trans-unit>``) per entry, or per plural form. The numbered tags of
an entry become inline codes that CAT tools protect: ``<1>..</1>`` is ``<pc id="1">``
(1.2: ``<g id="1">``), ``<2/>`` is ``<ph id="2"/>`` (1.2: ``<x id="2"/>``); text is
only ever text. Reading uses lxml without entities, DTDs or network: a document with
a DOCTYPE is refused. What the records mean for a catalog is :mod:`.exchange`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from metsi18n.errors import CatalogError

NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: 2.0 ``subState`` of a fuzzy entry: translated, to be checked by a person.
FUZZY_SUBSTATE = "metsi18n:fuzzy"
#: 1.2 target states and qualifiers that mean "not confirmed by a person".
_UNCONFIRMED_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n"}
_MACHINE_12 = {
    "mt-suggestion",
    "fuzzy-match",
    "leveraged-mt",
    "leveraged-tm",
    "leveraged-inherited",
    "leveraged-glossary",
    "leveraged-repository",
    "tm-suggestion",
}
_TAG_RE = re.compile(r"<(/?)([1-9][0-9]*)(/?)>")


@dataclass(frozen=True)
class XliffUnit:
    """One unit: an entry's text (or one plural form's) in numbered-tag form.

    ``target`` is None when the unit has none (or an empty one); ``problem`` says why a
    unit read from a file cannot be used (an inline code metsi18n cannot map back).
    """

    id: str
    source: str
    target: str | None = None
    fuzzy: bool = False
    #: (category, text): ``developer`` (extracted comments), ``translator``, ``location``,
    #: ``plural``, ``previous-source``.
    notes: tuple[tuple[str, str], ...] = ()
    name: str | None = None
    line: int = 0
    problem: str | None = None


@dataclass(frozen=True)
class XliffFile:
    """The units of one domain (an article's slug, or ``site``)."""

    domain: str
    units: tuple[XliffUnit, ...]


@dataclass(frozen=True)
class XliffDocument:
    """A whole document: languages as BCP 47 codes, one file per domain."""

    source_language: str
    target_language: str
    files: tuple[XliffFile, ...]
    version: str = "2.0"
    rtl: bool = False


# --- writing --------------------------------------------------------------------------------
def dumps(document: XliffDocument) -> bytes:
    """The document as XLIFF ``document.version`` (2.0 or 1.2), UTF-8, same bytes each time."""
    if document.version == "2.0":
        root = _document_20(document)
    elif document.version == "1.2":
        root = _document_12(document)
    else:
        raise ValueError(f"unknown XLIFF version {document.version!r}")
    _indent(root, 0)
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _document_20(document: XliffDocument) -> etree._Element:
    q = _qualifier(NS_20)
    root = etree.Element(q("xliff"), nsmap={None: NS_20})
    root.set("version", "2.0")
    root.set("srcLang", document.source_language)
    root.set("trgLang", document.target_language)
    root.set(XML_SPACE, "preserve")
    for part in document.files:
        file = etree.SubElement(root, q("file"), id=part.domain, original=f"{part.domain}.po")
        if document.rtl:
            file.set("trgDir", "rtl")
        for unit in part.units:
            element = etree.SubElement(file, q("unit"), id=unit.id)
            if unit.name is not None:
                element.set("name", unit.name)
            if unit.notes:
                notes = etree.SubElement(element, q("notes"))
                for category, text in unit.notes:
                    etree.SubElement(notes, q("note"), category=category).text = text
            segment = etree.SubElement(element, q("segment"))
            if unit.target is None:
                segment.set("state", "initial")
            elif unit.fuzzy:
                segment.set("state", "translated")
                segment.set("subState", FUZZY_SUBSTATE)
            else:
                segment.set("state", "final")
            _inline(etree.SubElement(segment, q("source")), unit.source, q("pc"), q("ph"))
            if unit.target is not None:
                _inline(etree.SubElement(segment, q("target")), unit.target, q("pc"), q("ph"))
    return root


def _document_12(document: XliffDocument) -> etree._Element:
    q = _qualifier(NS_12)
    root = etree.Element(q("xliff"), nsmap={None: NS_12})
    root.set("version", "1.2")
    for part in document.files:
        file = etree.SubElement(root, q("file"), original=f"{part.domain}.po")
        file.set("source-language", document.source_language)
        file.set("target-language", document.target_language)
        file.set("datatype", "po")
        body = etree.SubElement(file, q("body"))
        for unit in part.units:
            element = etree.SubElement(body, q("trans-unit"), id=unit.id)
            if unit.name is not None:
                element.set("resname", unit.name)
            if unit.target is not None and not unit.fuzzy:
                element.set("approved", "yes")
            element.set(XML_SPACE, "preserve")
            _inline(etree.SubElement(element, q("source")), unit.source, q("g"), q("x"))
            if unit.target is not None:
                target = etree.SubElement(element, q("target"))
                target.set("state", "needs-review-translation" if unit.fuzzy else "translated")
                _inline(target, unit.target, q("g"), q("x"))
            for category, text in unit.notes:
                origin = {"developer": "developer", "translator": "translator"}.get(category)
                note = etree.SubElement(element, q("note"))
                note.set("from", origin or category)
                note.text = text
    return root


def _qualifier(namespace: str) -> Callable[[str], str]:
    def qualified(name: str) -> str:
        return f"{{{namespace}}}{name}"

    return qualified


def _inline(element: etree._Element, text: str, paired: str, void: str) -> None:
    """Fill ``element`` with ``text``: numbered tags as inline codes, the rest as text.

    A text whose tags are not well formed (a broken translation) is written as plain
    text, so it reads back as the same characters.
    """
    if not _well_formed(text):
        element.text = text or None
        return
    stack = [element]
    last: etree._Element | None = None
    position = 0
    for match in _TAG_RE.finditer(text):
        chunk = text[position : match.start()]
        if chunk and (last is None or last is stack[-1]):
            stack[-1].text = chunk
        elif chunk and last is not None:
            last.tail = chunk
        position = match.end()
        closing, number, is_void = match.group(1), match.group(2), match.group(3)
        if closing:
            last = stack.pop()
        elif is_void:
            last = etree.SubElement(stack[-1], void, id=number)
        else:
            last = etree.SubElement(stack[-1], paired, id=number)
            stack.append(last)
    chunk = text[position:]
    if chunk and (last is None or last is stack[-1]):
        stack[-1].text = chunk
    elif chunk and last is not None:
        last.tail = chunk


def _well_formed(text: str) -> bool:
    """True when every tag of ``text`` is used once, pairs closed in order."""
    stack: list[str] = []
    seen: set[str] = set()
    for match in _TAG_RE.finditer(text):
        closing, number, is_void = match.groups()
        if closing:
            if is_void or not stack or stack.pop() != number:
                return False
            continue
        if number in seen:
            return False
        seen.add(number)
        if not is_void:
            stack.append(number)
    return not stack


_STRUCTURE = {"xliff", "file", "unit", "notes", "segment", "body", "trans-unit"}


def _indent(element: etree._Element, depth: int) -> None:
    """Line breaks and two-space indents between structural elements only, never inside
    source, target or note (their whitespace is content)."""
    if etree.QName(element).localname not in _STRUCTURE or not len(element):
        return
    inner = "\n" + "  " * (depth + 1)
    element.text = inner
    for child in element:
        _indent(child, depth + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * depth


# --- reading --------------------------------------------------------------------------------
def loads(data: bytes, shown: str) -> XliffDocument:
    """Parse XLIFF 2.0 or 1.2; :class:`CatalogError` naming ``shown`` and the line."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise CatalogError(f"not well-formed XML: {exc.msg}", shown, line) from exc
    if root.getroottree().docinfo.doctype:
        raise CatalogError("a DOCTYPE is not allowed in XLIFF (no DTDs, no entities)", shown, 1)
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (NS_20, NS_12):
        raise CatalogError("not an XLIFF 1.2 or 2.0 document", shown, root.sourceline)
    if namespace == NS_20:
        return _read_20(root, shown)
    return _read_12(root, shown)


def _required(element: etree._Element, name: str, shown: str) -> str:
    value = element.get(name)
    if not value:
        local = etree.QName(element).localname
        raise CatalogError(f"<{local}> has no {name}", shown, element.sourceline)
    return str(value)


def _read_20(root: etree._Element, shown: str) -> XliffDocument:
    q = _qualifier(NS_20)
    files: list[XliffFile] = []
    for file in root.iter(q("file")):
        units: list[XliffUnit] = []
        for unit in file.iter(q("unit")):
            segments = unit.findall(q("segment"))
            ident = _required(unit, "id", shown)
            if len(segments) != 1:
                units.append(_broken(ident, unit, "a unit must have exactly one <segment>"))
                continue
            segment = segments[0]
            source, target = segment.find(q("source")), segment.find(q("target"))
            state = segment.get("state", "initial")
            fuzzy = state == "initial" or segment.get("subState") == FUZZY_SUBSTATE
            units.append(_unit(ident, unit, source, target, fuzzy, q("pc"), q("ph")))
        domain = _required(file, "id", shown)
        files.append(XliffFile(domain, tuple(units)))
    source_language = _required(root, "srcLang", shown)
    target_language = _required(root, "trgLang", shown)
    return XliffDocument(source_language, target_language, tuple(files), "2.0")


def _read_12(root: etree._Element, shown: str) -> XliffDocument:
    q = _qualifier(NS_12)
    files: list[XliffFile] = []
    languages: set[tuple[str, str]] = set()
    for file in root.iter(q("file")):
        languages.add(
            (
                _required(file, "source-language", shown),
                _required(file, "target-language", shown),
            )
        )
        units: list[XliffUnit] = []
        for unit in file.iter(q("trans-unit")):
            ident = _required(unit, "id", shown)
            source, target = unit.find(q("source")), unit.find(q("target"))
            fuzzy = unit.get("approved") != "yes"
            refused = unit.get("approved") == "no"  # explicitly not approved: stays fuzzy
            if target is not None:
                state, qualifier = target.get("state"), target.get("state-qualifier")
                if state is not None:
                    fuzzy = state in _UNCONFIRMED_12 or state.startswith("needs-review")
                if qualifier in _MACHINE_12 or refused:
                    fuzzy = True
            units.append(_unit(ident, unit, source, target, fuzzy, q("g"), q("x")))
        original = _required(file, "original", shown)
        files.append(XliffFile(original.removesuffix(".po"), tuple(units)))
    if len(languages) != 1:
        raise CatalogError("the files of the document must share one pair of languages", shown)
    (source_language, target_language) = languages.pop()
    return XliffDocument(source_language, target_language, tuple(files), "1.2")


def _broken(ident: str, unit: etree._Element, problem: str) -> XliffUnit:
    return XliffUnit(ident, "", None, line=unit.sourceline or 0, problem=problem)


def _unit(
    ident: str,
    unit: etree._Element,
    source: etree._Element | None,
    target: etree._Element | None,
    fuzzy: bool,
    paired: str,
    void: str,
) -> XliffUnit:
    line = unit.sourceline or 0
    if source is None:
        return _broken(ident, unit, "the unit has no <source>")
    try:
        source_text = "".join(_tagged(source, paired, void))
        target_text = None if target is None else "".join(_tagged(target, paired, void))
    except ValueError as exc:
        return XliffUnit(ident, "", None, line=line, problem=str(exc))
    return XliffUnit(ident, source_text, target_text or None, fuzzy, line=line)


def _tagged(element: etree._Element, paired: str, void: str) -> Iterator[str]:
    """The numbered-tag text of an inline container; ValueError on what cannot map back."""
    if element.text:
        yield element.text
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction: no text
            if child.tail:
                yield child.tail
            continue
        number = child.get("id", "")
        name = etree.QName(child).localname
        if child.tag not in (paired, void):
            raise ValueError(f"inline <{name}> is not one of metsi18n's codes")
        if not re.fullmatch(r"[1-9][0-9]*", number):
            raise ValueError(f"inline <{name} id={number!r}> is not a numbered tag")
        if child.tag == void:
            if len(child) or child.text:
                raise ValueError(f"inline <{name} id={number!r}> must be empty")
            yield f"<{number}/>"
        else:
            yield f"<{number}>"
            yield from _tagged(child, paired, void)
            yield f"</{number}>"
        if child.tail:
            yield child.tail
