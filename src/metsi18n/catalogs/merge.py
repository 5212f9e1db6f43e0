"""Templates -> translated catalogs: ``msgmerge --previous`` semantics, and new catalogs.

Pure functions over :class:`POFile` records (no I/O). :func:`merge` carries a
catalog over to a new template the way GNU ``msgmerge --previous`` does:

- an entry whose (msgctxt, msgid) is still in the template keeps its translation,
  translator comments and fuzzy flag; references, extracted comments and format
  flags come from the template; entries follow the template's order;
- an entry of the template with no exact match takes the translation of the most
  similar old entry that may be its origin, marked ``fuzzy`` with the old msgid as
  ``#| msgid``;
- an old translated entry that nothing uses any more becomes obsolete (``#~``);
  an obsolete entry whose text returns comes back live, not fuzzy;
- anything else gets an empty translation.

Similarity is GNU's measure (``fstrcmp``): 2 * LCS / (len(a) + len(b)), computed
by rapidfuzz; a match needs more than :data:`FUZZY_THRESHOLD`, and ties go to the
earliest entry, as in msgmerge.

Where metsi18n differs from msgmerge on purpose is which old entries may be the
origin. The origin of an edited sentence is a sentence that disappeared, so the
candidates are the translated entries that vanished from the template (searched
first), then those that lost an occurrence (see :func:`lost_an_occurrence`: one of
two copies was edited) or whose references are unknown. An entry still used wherever
it was is never offered: msgmerge offers it, and so hands a wrong guess to new
sentences that merely resemble an old one. In each group only entries whose length
could reach the bar are compared.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq

from metsi18n.model import SAFETY_CRITICAL
from metsi18n.po import Message, POFile, reference_file

if TYPE_CHECKING:  # Babel's locale data is not needed to merge (import: 15 ms)
    from metsi18n.languages import LanguageInfo

#: Least similarity for a fuzzy match: GNU msgmerge's FUZZY_THRESHOLD.
FUZZY_THRESHOLD = 0.6
#: A candidate in another context scores this much of its similarity (as in msgmerge).
OTHER_CONTEXT_FACTOR = 0.99
#: How far below the bar rapidfuzz searches: 1e-9 is not enough (a score equal to the
#: cut-off was dropped in 54% of 20,000 random pairs), 1e-6 was (none dropped).
_MARGIN = 1e-6
#: Header fields msgmerge copies from the template into the catalog.
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_CHARSET = re.compile(r"charset\s*=\s*[^;\s]+", re.IGNORECASE)


@dataclass(frozen=True)
class MergeResult:
    """The merged catalog, and what the merge did to its entries."""

    catalog: POFile
    #: Template entries found in the catalog (translation kept; includes ``revived``).
    kept: int = 0
    #: Template entries given the translation of a similar old entry, marked fuzzy.
    fuzzy: int = 0
    #: Template entries with no translation to start from.
    new: int = 0
    #: Live entries of the catalog that became obsolete.
    obsolete: int = 0
    #: Obsolete entries whose text returned: live again.
    revived: int = 0
    #: Obsolete entries left out (``obsolete=False``).
    dropped: int = 0


def nplurals(po: POFile, default: int = 2) -> int:
    """The number of plural forms the catalog's ``Plural-Forms`` header declares."""
    return declared_nplurals(po.header("Plural-Forms"), default)


def declared_nplurals(plural_forms: str | None, default: int = 2) -> int:
    """The number of plural forms a ``Plural-Forms`` value declares; ``default`` if none."""
    match = _NPLURALS.search(plural_forms or "")
    # More forms than a catalog can hold (the PO reader stops at 10) is a finding of
    # check, never as many empty strings in memory.
    if match is None or len(match.group(1)) > 9 or not 1 <= int(match.group(1)) <= 10:
        return default
    return int(match.group(1))


def has_translation(message: Message) -> bool:
    """True when the entry holds any non-empty msgstr (fuzzy and obsolete included)."""
    return bool(message.msgstr) or any(message.msgstr_plural)


def first_msgstr(message: Message) -> str:
    """``msgstr``, or ``msgstr[0]`` of a plural entry: what GNU tests for "translated"."""
    if message.msgid_plural is not None:
        return message.msgstr_plural[0] if message.msgstr_plural else ""
    return message.msgstr


def translations(message: Message) -> set[str]:
    """The non-empty msgstr values of an entry."""
    return {text for text in (message.msgstr, *message.msgstr_plural) if text}


def sized(forms: Sequence[str], count: int) -> tuple[str, ...]:
    """``forms`` padded with empty strings to ``count``; extra forms dropped only if empty."""
    kept = list(forms[:count]) + [text for text in forms[count:] if text]
    return tuple(kept) + ("",) * (count - len(kept))


def _files(message: Message) -> Counter[str]:
    """How many references ``message`` has in each file (line numbers left out)."""
    return Counter(reference_file(reference) for reference in message.references)


def lost_an_occurrence(old: Message, new: Message) -> bool:
    """True when ``old``'s text may have been edited somewhere although it is still used.

    That is when the old entry carries no references (where it was used is unknown),
    or when some file has fewer references in the template than the entry had: one of
    its occurrences there was edited or deleted.
    """
    if not old.references:
        return True
    if len(old.references) == 1:  # the usual case, without counting
        name = reference_file(old.references[0])
        return all(reference_file(reference) != name for reference in new.references)
    return bool(_files(old) - _files(new))


def similarity(a: str, b: str) -> float:
    """GNU msgmerge's similarity of two msgids, from 0 to 1: 2 * LCS / (len(a) + len(b))."""
    total = len(a) + len(b)
    return 2 * LCSseq.similarity(a, b) / total if total else 1.0


class _Candidates:
    """Old translated entries, sorted by msgid length for pruning."""

    def __init__(self, entries: Iterable[tuple[int, Message]]) -> None:
        ordered = sorted(entries, key=lambda item: (len(item[1].msgid), item[0]))
        self._lengths = [len(message.msgid) for _, message in ordered]
        self._texts = [message.msgid for _, message in ordered]
        self._entries = ordered
        self._indices = dict(ordered)

    def best(self, target: Message, hint: int | None = None) -> tuple[float, int, Message] | None:
        """The most similar entry above the bar (ties: the earliest in the catalog), if any.

        ``hint`` is the catalog index of a likely origin (the entry after the previous
        match). Its similarity, when above the bar, becomes the bar of the search: the
        result cannot change (the best entry scores at least as much), but the length
        window narrows and rapidfuzz gives up early on the rest (cProfile, 20,000
        messages: 1,400 searches among 1,586 vanished entries 0.44 -> 0.17 s).
        """
        bar = FUZZY_THRESHOLD
        if hint is not None and hint in self._indices:
            bar = max(bar, similarity(target.msgid, self._indices[hint].msgid))
        # rapidfuzz's cut-off may drop a score equal to it (float rounding): search a
        # little below and decide on exact scores here.
        bar -= _MARGIN
        length = len(target.msgid)
        ratio = bar / (2 - bar)
        low = bisect.bisect_left(self._lengths, length * ratio)
        high = bisect.bisect_right(self._lengths, length / ratio)
        if low >= high:
            return None
        # Profiling (cProfile, 20,000 messages) put 11 of 14 s in a Python loop here: the
        # comparisons now run in rapidfuzz's C++ loop, which returns only those >= the bar.
        hits = process.extract(
            target.msgid,
            self._texts[low:high],
            scorer=Indel.normalized_similarity,
            score_cutoff=bar,
            limit=None,
        )
        found: tuple[float, int, Message] | None = None
        for text, _, position in hits:
            index, message = self._entries[low + position]
            weight = similarity(target.msgid, text)
            if message.msgctxt != target.msgctxt:
                weight *= OTHER_CONTEXT_FACTOR
            if weight <= FUZZY_THRESHOLD:  # GNU: strictly more than the threshold
                continue
            if found is None or weight > found[0] or (weight == found[0] and index < found[1]):
                found = (weight, index, message)
        return found


def _flags(template: Message, old: Message, fuzzy: bool) -> tuple[str, ...]:
    """``fuzzy`` first (as GNU writes it), the template's flags, then the translator's others."""
    if not old.flags and "fuzzy" not in template.flags:  # the usual case
        return ("fuzzy", *template.flags) if fuzzy else template.flags
    flags = ["fuzzy"] if fuzzy else []
    flags += [flag for flag in template.flags if flag != "fuzzy"]
    flags += [
        flag
        for flag in old.flags
        if flag != "fuzzy" and not flag.endswith("-format") and flag not in flags
    ]
    return tuple(flags)


def _strings(template: Message, old: Message, count: int) -> tuple[str, tuple[str, ...]]:
    """msgstr and msgstr_plural for ``template`` from ``old``'s translation."""
    if template.msgid_plural is None:
        return (old.msgstr_plural[0] if old.msgstr_plural else old.msgstr), ()
    if old.msgid_plural is None:
        return "", (old.msgstr,) * count
    return "", sized(old.msgstr_plural, count)


def _carry(template: Message, old: Message, count: int, *, exact: bool) -> Message:
    """``template`` with ``old``'s translation: kept (``exact``) or as a fuzzy suggestion."""
    msgstr, plural = _strings(template, old, count)
    same_plural = old.msgid_plural == template.msgid_plural
    # GNU drops ``fuzzy`` from an entry whose first msgstr is empty: so do we.
    fuzzy = (old.fuzzy or not exact or not same_plural) and bool(plural[0] if plural else msgstr)
    previous: tuple[str | None, str | None, str | None]
    if not fuzzy:
        previous = (None, None, None)
    elif exact or (old.fuzzy and old.previous_msgid is not None):
        # An exact match keeps what it had (msgmerge adds no "#|" to a fuzzy entry whose
        # text did not change); a fuzzy entry matched again keeps its first origin.
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
    else:
        previous = (old.msgctxt, old.msgid, old.msgid_plural)
    # A new Message rather than dataclasses.replace: cProfile of 20,000 entries put
    # replace at 0.18 of the merge's 0.93 s.
    return Message(
        template.msgid,
        msgstr,
        template.msgid_plural,
        plural,
        template.msgctxt,
        old.translator_comments,
        template.extracted_comments,
        template.references,
        _flags(template, old, fuzzy),
        *previous,
    )


def _blank(template: Message, count: int) -> Message:
    """``template`` with an empty translation of the right number of plural forms."""
    plural = ("",) * count if template.msgid_plural is not None else ()
    return replace(
        template,
        msgstr="",
        msgstr_plural=plural,
        flags=tuple(flag for flag in template.flags if flag != "fuzzy"),
        previous_msgctxt=None,
        previous_msgid=None,
        previous_msgid_plural=None,
        obsolete=False,
        lineno=0,
    )


def _obsolete(message: Message) -> Message:
    """``message`` as an obsolete entry: no references or extracted comments (as msgmerge)."""
    return replace(message, obsolete=True, references=(), extracted_comments=(), lineno=0)


def merge_headers(template: POFile, catalog: POFile) -> tuple[tuple[str, str], ...]:
    """The catalog's header with what must change: dates from the template, UTF-8."""
    headers = []
    for name, value in catalog.headers:
        if name in _FROM_TEMPLATE and template.header(name) is not None:
            value = template.header(name) or ""
        elif name.lower() == "content-type" and _CHARSET.search(value):
            value = _CHARSET.sub("charset=UTF-8", value)
        headers.append((name, value))
    return tuple(headers)


def merge(
    template: POFile, catalog: POFile, *, fuzzy: bool = True, obsolete: bool = True
) -> MergeResult:
    """Carry ``catalog``'s translations over to ``template`` (see the module's docstring)."""
    count = nplurals(catalog)
    old = list(catalog.messages)
    by_key: dict[tuple[str | None, str], int] = {}
    for position, message in enumerate(old):
        # A live entry wins over an obsolete one with the same key.
        if message.key not in by_key or old[by_key[message.key]].obsolete:
            by_key[message.key] = position
    wanted = {message.key: message for message in template.messages}
    # As in msgmerge, only entries with a first msgstr are offered for fuzzy matching.
    translated = [(i, m) for i, m in enumerate(old) if first_msgstr(m)]
    vanished = _Candidates((i, m) for i, m in translated if m.key not in wanted)
    present = _Candidates(
        (i, m) for i, m in translated if m.key in wanted and lost_an_occurrence(m, wanted[m.key])
    )

    messages: list[Message] = []
    used: set[int] = set()
    kept = new = fuzzed = revived = 0
    after = 0  # the catalog index after the last exact match: a likely origin
    for entry in template.messages:
        index = by_key.get(entry.key)
        if index is not None:
            after = index + 1
            messages.append(_carry(entry, old[index], count, exact=True))
            used.add(index)
            kept += 1
            revived += old[index].obsolete
            continue
        guess = fuzzy and SAFETY_CRITICAL not in entry.extracted_comments
        found = (vanished.best(entry, after) or present.best(entry, after)) if guess else None
        if found is None:
            messages.append(_blank(entry, count))
            new += 1
            continue
        _, origin, source = found
        carried = _carry(entry, source, count, exact=False)
        messages.append(carried)
        fuzzed += 1
        after = origin + 1
        if translations(source) <= translations(carried):
            used.add(origin)

    made_obsolete = dropped = 0
    for index, message in enumerate(old):
        if index in used or by_key.get(message.key) != index or not has_translation(message):
            continue
        if not obsolete:
            dropped += 1
            continue
        made_obsolete += not message.obsolete
        messages.append(_obsolete(message))

    merged = replace(catalog, headers=merge_headers(template, catalog), messages=tuple(messages))
    return MergeResult(merged, kept, fuzzed, new, made_obsolete, revived, dropped)


def initial_catalog(
    template: POFile,
    info: LanguageInfo,
    project: str,
    domain: str,
    revised: str,
    *,
    plural_forms: str | None = None,
) -> POFile:
    """A new catalog of ``template`` for one language, headed as a translator's tool does.

    ``revised`` is the PO-Revision-Date; the template's dates and bug address are kept.
    ``plural_forms`` is the rule of the language's other catalogs, when it has some (one
    language, one rule); else the catalog gets the language's rule from metsi18n's table.
    """
    plural_forms = plural_forms or info.plural_forms
    headers = (
        ("Project-Id-Version", project),
        ("Report-Msgid-Bugs-To", template.header("Report-Msgid-Bugs-To") or ""),
        ("POT-Creation-Date", template.header("POT-Creation-Date") or revised),
        ("PO-Revision-Date", revised),
        ("Last-Translator", ""),
        ("Language-Team", f"{info.endonym} ({info.posix})"),
        ("Language", info.posix),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms),
    )
    comments = (
        f"{info.endonym} ({info.bcp47}) translation of {domain} ({project}).",
        "Made by metsi18n init; metsi18n export keeps it in step with the source.",
        "",
    )
    count = declared_nplurals(plural_forms, info.nplurals)
    messages = tuple(_blank(message, count) for message in template.messages)
    return POFile(headers=headers, header_comments=comments, header_flags=(), messages=messages)
