"""Catalogs: translatable units -> PO templates; template strings of the page chrome.

Works on :class:`metsi18n.po.reader.POFile` records; the PO syntax itself
(parsing, GNU layout) lives in pofile.py.
"""

from __future__ import annotations

import datetime
import io
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace

from babel.messages.extract import extract

from metsi18n.model import Location, Unit
from metsi18n.po import Message, POFile

CREATION_DATE = "POT-Creation-Date"
REVISION_DATE = "PO-Revision-Date"
#: A Python %-directive as a template would write one: ``%(num)d``, ``%s``. A space flag
#: is not accepted, so prose such as "50% of" or "100% sure" is not a format string.
_PYTHON_FORMAT = re.compile(
    r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]"
)
_DATE_FORMAT = "%Y-%m-%d %H:%M+0000"


def format_date(moment: datetime.datetime) -> str:
    """A PO header date, as GNU gettext writes it (minutes, UTC offset)."""
    return moment.astimezone(datetime.UTC).strftime(_DATE_FORMAT)


def unit_message(unit: Unit) -> Message:
    """The template entry of one unit: empty translation, references and comments."""
    flags = list(unit.flags)
    if (
        _PYTHON_FORMAT.search(unit.msgid) or (unit.plural and _PYTHON_FORMAT.search(unit.plural))
    ) and "python-format" not in flags:
        flags.append("python-format")
    return Message(
        msgid=unit.msgid,
        msgid_plural=unit.plural,
        msgstr_plural=("", "") if unit.plural is not None else (),
        msgctxt=unit.context,
        extracted_comments=unit.comments,
        references=tuple(str(location) for location in unit.locations),
        flags=tuple(flags),
    )


def dated(template: POFile, created: str) -> POFile:
    """``template`` with ``created`` as its POT-Creation-Date (its entries are not made
    again: that was 8% of export's time on a 5 MB article)."""
    headers = tuple((k, created if k == CREATION_DATE else v) for k, v in template.headers)
    return replace(template, headers=headers)


def template(units: Iterable[Unit], project: str, domain: str, created: str) -> POFile:
    """A PO template (POT) for ``domain`` holding ``units`` in order."""
    headers = (
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", ""),
        (CREATION_DATE, created),
        (REVISION_DATE, "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
    )  # no Plural-Forms: msgfmt --check refuses xgettext's placeholder; init writes the real one
    return POFile(
        headers=headers,
        header_comments=(
            f"Translation template for {domain} ({project}).",
            "Made by metsi18n export: edit the source, not this file.",
            "",
        ),
        header_flags=("fuzzy",),
        messages=tuple(unit_message(unit) for unit in units),
    )


def without_header(po: POFile, names: Sequence[str] = (CREATION_DATE,)) -> POFile:
    """``po`` with header fields ``names`` blanked: for comparing content, not dates."""
    lowered = {name.lower() for name in names}
    headers = tuple((k, "" if k.lower() in lowered else v) for k, v in po.headers)
    messages = tuple(replace(message, lineno=0) for message in po.messages)
    return POFile(headers, po.header_comments, po.header_flags, messages)


#: A message's fields but its line: what two templates' entries must share.
_CONTENT = operator.attrgetter(*(f.name for f in fields(Message) if f.name != "lineno"))


def same_content(a: POFile, b: POFile) -> bool:
    """True when ``a`` and ``b`` differ at most in their POT-Creation-Date (and their
    entries' line numbers): :func:`without_header` of both equal, compared field by field
    without making the entries again (that was 0.7 s of a check of a 6 MB catalog)."""
    bare_a, bare_b = (without_header(replace(po, messages=())) for po in (a, b))
    return (
        bare_a == bare_b
        and len(a.messages) == len(b.messages)
        and all(map(operator.eq, map(_CONTENT, a.messages), map(_CONTENT, b.messages)))
    )


def template_units(path: str, data: bytes) -> list[Unit]:
    """The translatable strings of a Jinja2 template (Babel's extraction, i18n extension).

    ``{# Translators: ... #}`` comments become extracted comments.
    """
    units: list[Unit] = []
    found = extract(
        "jinja2.ext:babel_extract",
        io.BytesIO(data),
        comment_tags=("Translators:",),
        strip_comment_tags=True,
        options={"extensions": "jinja2.ext.i18n", "trimmed": "true", "newstyle_gettext": "true"},
    )
    for lineno, message, comments, context in found:
        if isinstance(message, tuple):
            singular, plural = str(message[0]), str(message[1])
        else:
            singular, plural = str(message), None
        units.append(
            Unit(
                msgid=singular,
                plural=plural,
                locations=(Location(path, lineno),),
                comments=tuple(comments),
                context=context,
            )
        )
    return units


def merge_units(units: Iterable[Unit]) -> list[Unit]:
    """Units with equal (context, msgid) folded into one with all locations and comments."""
    merged: dict[tuple[str | None, str], Unit] = {}
    for unit in units:
        seen = merged.get(unit.key)
        if seen is None:
            merged[unit.key] = unit
            continue
        merged[unit.key] = Unit(
            msgid=seen.msgid,
            plural=seen.plural or unit.plural,
            context=seen.context,
            locations=seen.locations + tuple(x for x in unit.locations if x not in seen.locations),
            comments=seen.comments + tuple(c for c in unit.comments if c not in seen.comments),
            flags=seen.flags + tuple(f for f in unit.flags if f not in seen.flags),
        )
    return list(merged.values())
