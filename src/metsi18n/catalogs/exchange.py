"""Catalog entries <-> XLIFF units: what is handed to an agency and what comes back.

Records in, records out (no file access). A unit's id is ``u`` and the first 16 hex
digits of the SHA-256 of the entry's gettext key (msgctxt, U+0004, msgid; U+0000 and
msgid_plural for a plural entry), plus ``-f`` and the form's index for one form of a
plural entry: stable while the text is, and valid as an XML ``NMTOKEN`` and ``ID``
(XLIFF 2.0's type for ids) since it is made of ASCII letters, digits and ``-``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from metsi18n import po
from metsi18n.catalogs.xliff import XliffUnit
from metsi18n.errors import CatalogError
from metsi18n.po import plurals

#: A form is named by the first values of n it is used for.
_EXAMPLES = 6


def unit_id(message: po.Message, form: int | None = None) -> str:
    """The stable XML id of ``message`` (or of its plural ``form``); see the module doc."""
    key = f"{message.msgctxt or ''}\x04{message.msgid}"
    if message.msgid_plural is not None:
        key += f"\x00{message.msgid_plural}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"u{digest}" if form is None else f"u{digest}-f{form}"


def form_source(message: po.Message, form: int, nplurals: int) -> str:
    """The English text a plural form translates, as ``check`` pairs them."""
    assert message.msgid_plural is not None
    return message.msgid if form == 0 and nplurals > 1 else message.msgid_plural


def form_names(plural_forms: str | None, nplurals: int) -> list[str]:
    """``form 1 of 3: n = 2, 3, 4, 22, 23, 24…`` for each form of a Plural-Forms rule."""
    examples: list[list[int]] = [[] for _ in range(nplurals)]
    try:
        rule = plurals.parse(plural_forms or "")
        values = plurals.evaluate(plurals.parse_expression(rule.expression), range(1000))
    except plurals.PluralFormsError:
        values = []
    for n, value in enumerate(values):
        if 0 <= value < nplurals and len(examples[value]) <= _EXAMPLES:
            examples[value].append(n)
    names = []
    for index, ns in enumerate(examples):
        shown = ", ".join(str(n) for n in ns[:_EXAMPLES]) + ("…" if len(ns) > _EXAMPLES else "")
        names.append(f"form {index + 1} of {nplurals}: n = {shown or '(none below 1000)'}")
    return names


def nplurals_of(catalog: po.POFile) -> int:
    try:
        return plurals.parse(catalog.header("Plural-Forms") or "").nplurals
    except plurals.PluralFormsError:
        return 2


#: What XML 1.0 cannot carry, or carries changed (a CR is read back as LF).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


def export_units(catalog: po.POFile, todo: bool, shown: str = "") -> tuple[XliffUnit, ...]:
    """One unit per live entry (per form of a plural entry); with ``todo`` only entries
    not translated (untranslated, fuzzy, a plural form missing). :class:`CatalogError`
    naming ``shown`` and the entry's line for a text XML cannot carry unchanged."""
    nplurals = nplurals_of(catalog)
    names = form_names(catalog.header("Plural-Forms"), nplurals)
    units: list[XliffUnit] = []
    for message in catalog.messages:
        if message.obsolete or (todo and message.translated):
            continue
        texts = (message.msgid, message.msgid_plural or "", message.msgstr, *message.msgstr_plural)
        if any(_NOT_IN_XML.search(text) for text in texts):
            reason = "a control character (or CR) that XLIFF cannot carry unchanged"
            raise CatalogError(f"the entry holds {reason}", shown, message.lineno)
        notes = _notes(message)
        if message.msgid_plural is None:
            target = message.msgstr or None
            unit = XliffUnit(unit_id(message), message.msgid, target, message.fuzzy, notes)
            units.append(dataclasses.replace(unit, name=message.msgctxt))
            continue
        for form in range(nplurals):
            forms = message.msgstr_plural
            target = (forms[form] if form < len(forms) else "") or None
            named = (*notes, ("plural", names[form]))
            source = form_source(message, form, nplurals)
            unit = XliffUnit(unit_id(message, form), source, target, message.fuzzy, named)
            units.append(dataclasses.replace(unit, name=message.msgctxt))
    return tuple(units)


def _notes(message: po.Message) -> tuple[tuple[str, str], ...]:
    notes: list[tuple[str, str]] = []
    if message.extracted_comments:
        notes.append(("developer", "\n".join(message.extracted_comments)))
    if message.translator_comments:
        notes.append(("translator", "\n".join(message.translator_comments)))
    if message.references:
        notes.append(("location", " ".join(message.references)))
    if message.fuzzy and message.previous_msgid is not None:
        notes.append(("previous-source", message.previous_msgid))
    return tuple(notes)


@dataclass(frozen=True)
class Refusal:
    """A unit not imported, and why (``line`` in the XLIFF file)."""

    unit: str
    line: int
    reason: str


@dataclass
class Applied:
    """A catalog with a file's targets written in, and what happened to each unit."""

    catalog: po.POFile
    imported: int = 0
    unchanged: int = 0
    without_target: int = 0
    refused: list[Refusal] = field(default_factory=list)


#: ``tag_problem(source, translation)``: why the translation's tags are unusable, or None.
TagCheck = Callable[[str, str], str | None]


def apply_units(
    catalog: po.POFile,
    template: po.POFile,
    units: tuple[XliffUnit, ...],
    tag_problem: TagCheck,
) -> Applied:
    """Write ``units``' targets into ``catalog``; every other entry and field stays as it is.

    A unit is refused (and named) when it cannot be read back, when its entry or its
    source text is not in ``template`` (the source changed while the agency worked),
    or when its tags are unusable. A unit with no target changes nothing. A target
    the file marks unconfirmed (fuzzy, initial, machine-made) is imported as fuzzy.
    """
    nplurals = nplurals_of(catalog)
    live = {message.key for message in template.messages if not message.obsolete}
    index: dict[str, tuple[int, int | None]] = {}
    for position, message in enumerate(catalog.messages):
        if message.obsolete or message.key not in live:
            continue
        if message.msgid_plural is None:
            index[unit_id(message)] = (position, None)
        else:
            for form in range(nplurals):
                index[unit_id(message, form)] = (position, form)
    messages = list(catalog.messages)
    applied = Applied(catalog)
    changes: dict[int, dict[int | None, tuple[str, bool]]] = {}
    for unit in units:
        reason = unit.problem
        found = index.get(unit.id)
        if reason is None and found is None:
            reason = "not in the current template (its source text changed or was removed)"
        if reason is None and found is not None:
            message = messages[found[0]]
            expected = (
                message.msgid if found[1] is None else form_source(message, found[1], nplurals)
            )
            if unit.source != expected:
                reason = "its source differs from the template's (the source changed)"
            elif unit.target is not None and not _same(message, found[1], unit):
                reason = tag_problem(expected, unit.target)
        if reason is not None:
            applied.refused.append(Refusal(unit.id, unit.line, reason))
        elif unit.target is None:
            applied.without_target += 1
        elif found is not None:
            changes.setdefault(found[0], {})[found[1]] = (unit.target, unit.fuzzy)
    for position, forms in changes.items():
        old = messages[position]
        new = _with_targets(old, forms, nplurals)
        count = len(forms)
        if new == old:
            applied.unchanged += count
        else:
            applied.imported += count
            messages[position] = new
    applied.catalog = dataclasses.replace(catalog, messages=tuple(messages))
    return applied


def _same(message: po.Message, form: int | None, unit: XliffUnit) -> bool:
    """True when ``unit`` brings back what the entry already holds (nothing to check)."""
    if form is None:
        current = message.msgstr
    else:
        current = message.msgstr_plural[form] if form < len(message.msgstr_plural) else ""
    return current == unit.target and message.fuzzy == unit.fuzzy


def _with_targets(
    message: po.Message, forms: dict[int | None, tuple[str, bool]], nplurals: int
) -> po.Message:
    if None in forms:
        target, fuzzy = forms[None]
        changed = dataclasses.replace(message, msgstr=target)
    else:
        strings = list(message.msgstr_plural) + [""] * (nplurals - len(message.msgstr_plural))
        for form, (target, _) in forms.items():
            assert form is not None
            strings[form] = target
        fuzzy = any(f for _, f in forms.values())
        if len(forms) < nplurals:  # forms not in the file keep the entry's own state
            fuzzy = fuzzy or message.fuzzy
        changed = dataclasses.replace(message, msgstr_plural=tuple(strings))
    return _marked(changed, fuzzy)


def _marked(message: po.Message, fuzzy: bool) -> po.Message:
    """``message`` fuzzy or confirmed; a confirmed entry loses its previous text (``#|``),
    as Poedit and Lokalize drop it."""
    if fuzzy == message.fuzzy:
        return message
    if fuzzy:
        return dataclasses.replace(message, flags=("fuzzy", *message.flags))
    flags = tuple(flag for flag in message.flags if flag != "fuzzy")
    return dataclasses.replace(
        message,
        flags=flags,
        previous_msgctxt=None,
        previous_msgid=None,
        previous_msgid_plural=None,
    )
