"""The bilingual review document a medical reviewer signs off: records -> HTML or DOCX.

Per article, a table: the English, the translation, its state (translated, fuzzy,
untranslated), the check findings on it, the notes for it, and an empty column for
the reviewer's comments. Records in, text or bytes out; no file access. Everything
from a catalog is escaped (HTML) or written as plain runs (DOCX): a translation
cannot add markup. Numbered tags are shown as markers (``‹1›…‹/1›``, ``‹2/›``).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from markupsafe import Markup, escape

from metsi18n import po
from metsi18n.catalogs.exchange import form_names, form_source, nplurals_of
from metsi18n.catalogs.signoff import is_signoff, reviewed_by

STATES = ("translated", "fuzzy", "untranslated")
_TAG_RE = re.compile(r"<(/?)([1-9][0-9]*)(/?)>")
#: Fixed zip member times: the same catalogs give the same DOCX bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SAVE_DATES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


@dataclass(frozen=True)
class ReviewRow:
    """One unit (one plural form) as the reviewer reads it."""

    number: str
    source: str
    translation: str
    state: str
    findings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    #: ``NAME, DATE`` of a sign-off that still holds, else empty.
    reviewed: str = ""


@dataclass(frozen=True)
class ReviewSection:
    """One article (or the page chrome): its title, its date, its rows."""

    domain: str
    title: str
    date: str
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True)
class ReviewDocument:
    """The whole document for one language (``language`` in BCP 47)."""

    language: str
    language_name: str
    rtl: bool
    sections: tuple[ReviewSection, ...]


def rows_of(
    catalog: po.POFile,
    findings: dict[int, tuple[str, ...]],
) -> tuple[ReviewRow, ...]:
    """A row per live entry, one per form of a plural entry; ``findings`` by entry line;
    sign-off lines are shown as who reviewed, not among the notes."""
    nplurals = nplurals_of(catalog)
    names = form_names(catalog.header("Plural-Forms"), nplurals)
    rows: list[ReviewRow] = []
    live = (message for message in catalog.messages if not message.obsolete)
    for number, message in enumerate(live, 1):
        comments = " ".join(c for c in message.translator_comments if not is_signoff(c))
        notes = message.extracted_comments + ((comments,) if comments else ())
        found = findings.get(message.lineno, ())
        signed = reviewed_by(message) or ""
        if message.msgid_plural is None:
            state = _state(message.msgstr, message.fuzzy)
            rows.append(
                ReviewRow(str(number), message.msgid, message.msgstr, state, found, notes, signed)
            )
            continue
        for form in range(nplurals):
            strings = message.msgstr_plural
            text = strings[form] if form < len(strings) else ""
            label = f"{number} ({names[form].split(':')[0]})"
            source = form_source(message, form, nplurals)
            state = _state(text, message.fuzzy)
            named = (*notes, names[form])
            rows.append(ReviewRow(label, source, text, state, found, named, signed))
    return tuple(rows)


def _state(text: str, fuzzy: bool) -> str:
    if not text:
        return "untranslated"
    return "fuzzy" if fuzzy else "translated"


def counts(section: ReviewSection) -> dict[str, int]:
    return {state: sum(1 for row in section.rows if row.state == state) for state in STATES}


# --- HTML -----------------------------------------------------------------------------------
_CSS = """
@page { size: auto; margin: 16mm 12mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt sans-serif; } }
body { font: 10.5pt/1.35 "Noto Sans", "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 60rem; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2rem; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 4px 6px; vertical-align: top; text-align: start; }
th.title { font-size: 12pt; background: #eee; }
td.number { white-space: nowrap; }
td.comments { min-width: 9rem; }
.state-fuzzy td.state { background: #fff1b8; font-weight: bold; }
.state-untranslated td.state { background: #ffd6d6; font-weight: bold; }
.tag { color: #666; font-size: 85%; }
.findings, .notes { font-size: 90%; }
.notes { color: #444; }
"""


def _marked(text: str) -> Markup:
    """``text`` escaped, its numbered tags shown as grey markers."""
    out: list[str] = []
    position = 0
    for match in _TAG_RE.finditer(text):
        out.append(escape(text[position : match.start()]))
        closing, number, void = match.groups()
        out.append(Markup('<span class="tag">‹{}{}{}›</span>').format(closing, number, void))
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)


def _reviewed(signed: str) -> Markup:
    return Markup("<br>reviewed: {}").format(signed) if signed else Markup("")


def _lines(items: tuple[str, ...]) -> Markup:
    return Markup("<br>").join(escape(item) for item in items)


def render_html(document: ReviewDocument) -> str:
    """A self-contained, printable HTML page (same input, same bytes)."""
    direction = "rtl" if document.rtl else "ltr"
    lang = escape(document.language)
    parts = [
        Markup('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'),
        Markup("<title>Review: {} ({})</title>\n").format(document.language_name, lang),
        Markup("<style>{}</style>\n</head>\n<body>\n").format(Markup(_CSS)),
        Markup("<h1>Translation review: {} ({})</h1>\n").format(document.language_name, lang),
    ]
    for section in document.sections:
        tally = counts(section)
        parts.append(
            Markup(
                '<table class="review">\n<thead>\n<tr><th class="title" colspan="7">{} '
                "— {}, {}</th></tr>\n"
                "<tr><th>#</th><th>English</th><th>Translation</th><th>State</th>"
                "<th>Check findings</th><th>Notes</th><th>Reviewer's comments</th></tr>\n"
                "</thead>\n<tbody>\n"
            ).format(section.title, section.domain, section.date)
        )
        for row in section.rows:
            parts.append(
                Markup(
                    '<tr class="state-{state}"><td class="number">{number}</td>'
                    '<td lang="en" dir="ltr">{source}</td>'
                    '<td lang="{lang}" dir="{direction}">{translation}</td>'
                    '<td class="state">{state}{reviewed}</td><td class="findings">{findings}</td>'
                    '<td class="notes">{notes}</td><td class="comments"></td></tr>\n'
                ).format(
                    state=row.state,
                    reviewed=Markup("<br>reviewed: {}").format(row.reviewed)
                    if row.reviewed
                    else "",
                    number=row.number,
                    source=_marked(row.source),
                    lang=lang,
                    direction=direction,
                    translation=_marked(row.translation),
                    findings=_lines(row.findings),
                    notes=_lines(row.notes),
                )
            )
        parts.append(
            Markup(
                '</tbody>\n</table>\n<p class="summary">{}: {} translated, {} fuzzy, '
                "{} untranslated. Signed off by: ____________________ Date: __________</p>\n"
            ).format(section.domain, tally["translated"], tally["fuzzy"], tally["untranslated"])
        )
    parts.append(Markup("</body>\n</html>\n"))
    return str(Markup("").join(parts))


# --- DOCX -----------------------------------------------------------------------------------
def render_docx(document: ReviewDocument) -> bytes:
    """The same document as Word (python-docx): a heading and a table per article."""
    import docx  # imported here: only --docx needs python-docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    word = docx.Document()
    page = word.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Mm(297), Mm(210)
    word.add_heading(f"Translation review: {document.language_name} ({document.language})", 0)
    headers = ("#", "English", "Translation", "State", "Check findings", "Notes", "Comments")
    for section in document.sections:
        word.add_heading(f"{section.title} — {section.domain}, {section.date}", 1)
        table = word.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
        for row in section.rows:
            cells = table.add_row().cells
            values = (
                row.number,
                _plain_markers(row.source),
                _plain_markers(row.translation),
                (row.state.upper() if row.state != "translated" else row.state)
                + (f"\nreviewed: {row.reviewed}" if row.reviewed else ""),
                "\n".join(row.findings),
                "\n".join(row.notes),
                "",
            )
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
        tally = counts(section)
        word.add_paragraph(
            f"{tally['translated']} translated, {tally['fuzzy']} fuzzy, "
            f"{tally['untranslated']} untranslated. Signed off by: ________ Date: ________"
        )
    word.core_properties.title = f"Translation review: {document.language}"
    buffer = io.BytesIO()
    word.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _plain_markers(text: str) -> str:
    return _TAG_RE.sub(lambda m: f"‹{m.group(1)}{m.group(2)}{m.group(3)}›", text)


def _fixed_zip(data: bytes) -> bytes:
    """``data`` re-zipped with fixed member times and no save-time core dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", content
                )
            member = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, content)
    return out.getvalue()
