"""The project's termbase: CSV or TBX -> :class:`Glossary` records, and back.

One record per rendering: the concept's English term, a language (POSIX code, ``en``
for English variants), the term, its status (``preferred``, ``admitted``,
``forbidden``), an optional part of speech and a note. Every concept has its English
term as an ``en``/``preferred`` record (added when a CSV leaves it out), so CSV and TBX
hold the same records and a round trip gives them back.

CSV: a header row ``english,language,term,status,part_of_speech,note`` (the last two
optional), then one row per rendering; ``#`` lines are comments. TBX: TBX-Basic in
TBX 2019 (``<tbx>``, ``conceptEntry/langSec/termSec``) or TBX 2008 (``<martif>``,
``termEntry/langSet/tig|ntig``), status as ``administrativeStatus``
(``preferredTerm-admn-sts``, ``admittedTerm-admn-sts``, ``deprecatedTerm-admn-sts``;
``supersededTerm-admn-sts`` reads as forbidden). XML is read with defusedxml: no
entity expansion, no external entity, no network. A bad file raises
:class:`~metsi18n.errors.ProjectError` naming the file and line.
"""

from __future__ import annotations

import csv
import io
import re
import xml.sax
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from metsi18n.config import Settings
from metsi18n.errors import ProjectError
from metsi18n.storage import read_bytes

PREFERRED, ADMITTED, FORBIDDEN = "preferred", "admitted", "forbidden"
STATUSES = (PREFERRED, ADMITTED, FORBIDDEN)
SOURCE_LANGUAGE = "en"
CSV_FIELDS = ("english", "language", "term", "status", "part_of_speech", "note")
_TBX_STATUS = {
    PREFERRED: "preferredTerm-admn-sts",
    ADMITTED: "admittedTerm-admn-sts",
    FORBIDDEN: "deprecatedTerm-admn-sts",
}
_STATUS_OF_TBX = {value: key for key, value in _TBX_STATUS.items()}
_STATUS_OF_TBX["supersededTerm-admn-sts"] = FORBIDDEN
_LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")
_XML_LANG = "xml:lang"


@dataclass(frozen=True)
class Term:
    """One rendering of a concept (named by its English term) in one language."""

    english: str
    language: str
    term: str
    status: str
    part_of_speech: str = ""
    note: str = ""
    #: Where it was read (not compared: the same record from CSV and TBX is equal).
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Glossary:
    """The termbase of a project: its records in file order, and where they came from."""

    terms: tuple[Term, ...]
    file: str = ""

    def concepts(self) -> dict[str, list[Term]]:
        """English term -> its records (English first), in the order concepts appear."""
        grouped: dict[str, list[Term]] = {}
        for term in self.terms:
            grouped.setdefault(term.english, []).append(term)
        return grouped


def _posix(language: str) -> str:
    return language.replace("-", "_")


def _record(values: Sequence[str], file: str, line: int) -> Term:
    english, language, text, status, pos, note = (
        " ".join(value.split()) if index < 3 else value.strip()
        for index, value in enumerate(values)
    )
    if not english:
        raise ProjectError("no English term", file, line)
    if not _LANGUAGE_RE.match(language):
        raise ProjectError(f"{language!r} is not a language code (e.g. de, pt_BR)", file, line)
    if not text:
        raise ProjectError(f"no term for {english!r} in {language}", file, line)
    if status not in STATUSES:
        allowed = ", ".join(STATUSES)
        raise ProjectError(f"status must be one of {allowed}, not {status!r}", file, line)
    return Term(english, _posix(language), text, status, pos, note, line)


def _completed(terms: Iterable[Term], file: str) -> Glossary:
    """Records with each concept's English term added first where missing; duplicates refused."""
    terms = list(terms)
    seen: dict[tuple[str, str, str], int] = {}
    for term in terms:
        key = (term.english, term.language, term.term.casefold())
        if key in seen:
            where = f" (line {seen[key]})" if seen[key] else ""
            raise ProjectError(f"{term.term!r} listed twice for {term.english!r}{where}", file,
                               term.line)  # fmt: skip
        seen[key] = term.line
    ordered: list[Term] = []
    groups: dict[str, list[Term]] = {}
    for term in terms:
        groups.setdefault(term.english, []).append(term)
    for english, group in groups.items():
        own = [t for t in group if t.language == SOURCE_LANGUAGE and t.term == english]
        if own and own[0].status != PREFERRED:
            raise ProjectError(f"the English term {english!r} must be preferred", file, own[0].line)
        head = own[0] if own else Term(english, SOURCE_LANGUAGE, english, PREFERRED)
        ordered.append(head)
        ordered += [t for t in group if t is not head]
    return Glossary(tuple(ordered), file)


# --- CSV ---------------------------------------------------------------------------------
def read_csv(text: str, file: str) -> Glossary:
    """Records of a CSV termbase (header row first; ``#`` lines are comments)."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header: list[str] | None = None
    terms: list[Term] = []
    try:
        for row in rows:
            line = rows.line_num
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [name.strip().lower().replace(" ", "_") for name in row]
                missing = [name for name in CSV_FIELDS[:4] if name not in header]
                if missing:
                    raise ProjectError(
                        f"header must name {', '.join(CSV_FIELDS)}; missing {', '.join(missing)}",
                        file,
                        line,
                    )
                continue
            if len(row) > len(header):
                raise ProjectError(f"{len(row)} fields, the header has {len(header)}", file, line)
            cells = dict(zip(header, row, strict=False))
            terms.append(_record([cells.get(name, "") for name in CSV_FIELDS], file, line))
    except csv.Error as exc:
        raise ProjectError(f"bad CSV: {exc}", file, rows.line_num) from exc
    if header is None:
        raise ProjectError(f"empty: the header row ({','.join(CSV_FIELDS)}) is missing", file, 1)
    return _completed(terms, file)


def write_csv(glossary: Glossary) -> str:
    """The termbase as CSV, one row per record, the header first (``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for term in glossary.terms:
        writer.writerow(
            (term.english, term.language, term.term, term.status, term.part_of_speech, term.note)
        )
    return out.getvalue()


# --- TBX ---------------------------------------------------------------------------------
@dataclass
class _Node:
    tag: str
    attributes: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: str = ""

    def find(self, *tags: str) -> list[_Node]:
        return [child for child in self.children if child.tag in tags]

    def note(self, tag: str, kind: str) -> str:
        for child in self.children:
            if child.tag == tag and child.attributes.get("type") == kind:
                return " ".join(child.text.split())
        return ""


class _TreeBuilder(xml.sax.handler.ContentHandler):
    """A small element tree with line numbers (namespaces dropped from tag names)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[_Node] = []
        self.root: _Node | None = None
        self._locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # noqa: N802
        self._locator = locator

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        line = (self._locator.getLineNumber() or 0) if self._locator else 0
        node = _Node(name.rsplit(":", 1)[-1], {key: attrs[key] for key in attrs.getNames()}, line)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text += content


def _parse_xml(data: bytes, file: str) -> _Node:
    import defusedxml.sax  # imported late: only a TBX glossary needs it
    from defusedxml import DefusedXmlException

    builder = _TreeBuilder()
    # A DOCTYPE naming a DTD (TBX 2008 files do) is allowed but never loaded; any entity
    # declaration is refused (no expansion bombs, no external entities, no network).
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd, parser.forbid_entities, parser.forbid_external = False, True, False
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(builder)
    try:
        parser.parse(io.BytesIO(data))
    except xml.sax.SAXParseException as exc:
        raise ProjectError(f"bad XML: {exc.getMessage()}", file, exc.getLineNumber()) from exc
    except DefusedXmlException as exc:
        line = builder._locator.getLineNumber() if builder._locator else None
        raise ProjectError(f"refused XML: {exc} (entities are not read)", file, line) from exc
    if builder.root is None:
        raise ProjectError("no XML element", file, 1)
    return builder.root


def _text_of(node: _Node) -> str:
    """The text of a ``<term>``, markup inside it dropped."""
    return node.text + "".join(_text_of(child) for child in node.children)


def read_tbx(data: bytes, file: str) -> Glossary:
    """Records of a TBX-Basic termbase (TBX 2019 or TBX 2008/martif)."""
    root = _parse_xml(data, file)
    if root.tag not in ("tbx", "martif"):
        raise ProjectError(f"not TBX: the root element is <{root.tag}>", file, root.line)
    bodies = [b for t in root.find("text") for b in t.find("body")]
    if not bodies:
        raise ProjectError("not TBX: no <text><body>", file, root.line)
    terms: list[Term] = []
    for entry in (e for body in bodies for e in body.find("conceptEntry", "termEntry")):
        found: list[tuple[str, _Node, str]] = []
        for section in entry.find("langSec", "langSet"):
            language = section.attributes.get(_XML_LANG, "")
            if not language:
                raise ProjectError(f"<{section.tag}> without xml:lang", file, section.line)
            for group in section.find("termSec", "tig", "ntig"):
                holder = group.find("termGrp")[0] if group.tag == "ntig" else group
                if not holder.find("term"):
                    raise ProjectError(f"<{group.tag}> without <term>", file, group.line)
                found.append((language, group, _text_of(holder.find("term")[0])))
        english = [
            (group, text)
            for language, group, text in found
            if _posix(language).split("_")[0] == SOURCE_LANGUAGE
            and _status(group, file) == PREFERRED
        ]
        if not english:
            raise ProjectError("concept without a preferred English term", file, entry.line)
        head = " ".join(english[0][1].split())
        for language, group, text in found:
            holder = group.find("termGrp")[0] if group.tag == "ntig" else group
            pos = holder.note("termNote", "partOfSpeech")
            note = " ".join(" ".join(n.text.split()) for n in group.find("note"))
            values = (head, language, text, _status(group, file), pos, note)
            terms.append(_record(values, file, group.line))
    return _completed(terms, file)


def _status(group: _Node, file: str) -> str:
    holder = group.find("termGrp")[0] if group.tag == "ntig" else group
    value = holder.note("termNote", "administrativeStatus") or "preferredTerm-admn-sts"
    if value not in _STATUS_OF_TBX:
        raise ProjectError(f"unknown administrativeStatus {value!r}", file, group.line)
    return _STATUS_OF_TBX[value]


def write_tbx(glossary: Glossary) -> str:
    """The termbase as TBX-Basic, TBX 2019 (ISO 30042:2019) DCA style, one concept an entry."""
    from xml.sax.saxutils import escape, quoteattr  # imported late: it loads urllib (18 ms)

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">',
        "  <tbxHeader>",
        "    <fileDesc>",
        "      <sourceDesc>",
        "        <p>metsi18n glossary export</p>",
        "      </sourceDesc>",
        "    </fileDesc>",
        "  </tbxHeader>",
        "  <text>",
        "    <body>",
    ]
    for number, (_english, terms) in enumerate(glossary.concepts().items(), 1):
        lines.append(f'      <conceptEntry id="c{number}">')
        languages: dict[str, list[Term]] = {}
        for term in terms:
            languages.setdefault(term.language, []).append(term)
        for language, group in languages.items():
            lines.append(f"        <langSec xml:lang={quoteattr(language.replace('_', '-'))}>")
            for term in group:
                lines.append("          <termSec>")
                lines.append(f"            <term>{escape(term.term)}</term>")
                if term.part_of_speech:
                    lines.append(
                        '            <termNote type="partOfSpeech">'
                        f"{escape(term.part_of_speech)}</termNote>"
                    )
                lines.append(
                    '            <termNote type="administrativeStatus">'
                    f"{_TBX_STATUS[term.status]}</termNote>"
                )
                if term.note:
                    lines.append(f"            <note>{escape(term.note)}</note>")
                lines.append("          </termSec>")
            lines.append("        </langSec>")
        lines.append("      </conceptEntry>")
    lines += ["    </body>", "  </text>", "</tbx>", ""]
    return "\n".join(lines)


# --- files -------------------------------------------------------------------------------
FORMATS = ("csv", "tbx")


def format_of(name: str) -> str:
    """``csv`` or ``tbx`` from a file name; :class:`ProjectError` for anything else."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise ProjectError(f"a glossary is a .csv or .tbx file, not {name!r}", name)
    return suffix


def loads(data: bytes, file: str) -> Glossary:
    """A termbase from the bytes of ``file`` (CSV or TBX, by its name)."""
    if format_of(file) == "tbx":
        return read_tbx(data, file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProjectError("not UTF-8", file, line) from exc
    return read_csv(text, file)


def dumps(glossary: Glossary, form: str) -> str:
    """The termbase written as ``csv`` or ``tbx``."""
    return write_tbx(glossary) if form == "tbx" else write_csv(glossary)


def load(settings: Settings) -> Glossary | None:
    """The project's termbase (``[project] glossary``), None when none is configured."""
    if not settings.glossary:
        return None
    path = settings.root / settings.glossary
    return loads(read_bytes(path, ProjectError, settings.glossary), settings.glossary)
