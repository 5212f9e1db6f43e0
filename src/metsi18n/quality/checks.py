"""Quality checks of one translation against its source, each a small named function.

A check takes a :class:`Pair` (source, translation, language, flags) and yields
the problems it sees as messages; :data:`CHECKS` lists them with their severity.
A translator silences a check for one entry with a translator comment line of
``ignore-<name>`` words (``# ignore-numbers``; Weblate's names for the same checks
work too, e.g. ``ignore-same``). The same words are read as flags
(``#, ignore-numbers``), as Weblate writes them, but GNU tools and our GNU-exact
writer drop flags they do not know, so only the comment survives an export.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

# Bound once: a name looked up through the package's lazy ``__getattr__`` at each call
# cost 0.85 s of 18 in a profile of check on a 6 MB catalog.
from metsi18n.catalogs import (
    injection_problems,
    markup_problems,
    placeholder_pattern,
    placeholder_problems,
    silencing,
)
from metsi18n.po import Message
from metsi18n.quality import quantities
from metsi18n.quality.findings import ERROR, WARNING, Finding
from metsi18n.quality.lint import doubled
from metsi18n.quality.plaintext import may_repeat, plain
from metsi18n.quality.punctuation import ending as _ending
from metsi18n.quality.punctuation import kind as _kind
from metsi18n.quality.punctuation import marks as _marks
from metsi18n.quality.punctuation import should_end as _should_end
from metsi18n.quality.terms import Termbase

SOURCE_LANGUAGE = "en"
_NUMBER_RE = quantities.NUMBER_RE
_LETTER_RE = re.compile(r"[^\W\d_]")
#: Words a language doubles on purpose ("nous nous", "die die").
_DOUBLE_OK = {
    "fr": {"nous", "vous"},
    "de": {"die", "der", "das", "den", "dem"},
    "nl": {"die", "dat"},
}


@dataclass(frozen=True, slots=True)
class Pair:
    """A source text and its translation into ``language`` (POSIX or BCP 47 code), with
    what several checks read of them made once."""

    source: str
    translation: str
    language: str = "de"
    flags: tuple[str, ...] = ()
    #: The project's glossary, for ``terminology`` (None: no glossary, no findings).
    glossary: Termbase | None = None
    #: The catalog's domain: in ``site`` (the chrome) every ``%`` directive counts.
    domain: str = ""
    #: A plural form that the catalog's rule uses for one n only: it may write that
    #: number in words and leave out its placeholder (Arabic "دقيقتان", two minutes).
    one_number: bool = False
    #: Both texts as :func:`plain` text (what numbers and words are read from), made once.
    plain_source: str = field(init=False, repr=False, compare=False)
    plain_translation: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plain_source", plain(self.source))
        object.__setattr__(self, "plain_translation", plain(self.translation))


@dataclass(frozen=True)
class Problem:
    """A message with a severity other than its check's own."""

    message: str
    severity: str


Result = Iterator[str | Problem]


@dataclass(frozen=True)
class Check:
    """A named check with its default severity and the Weblate flags that silence it too;
    ``needs``: False for a pair the check cannot find anything in (read without making
    the check's generator: most entries have no tag, ``%`` or number)."""

    name: str
    severity: str
    function: Callable[[Pair], Result]
    aliases: tuple[str, ...] = ()
    needs: Callable[[Pair], bool] | None = None

    def __call__(
        self,
        source: str,
        translation: str,
        locale: str = "de",
        flags: tuple[str, ...] = (),
        glossary: Termbase | None = None,
    ) -> list[Problem]:
        return self.problems(Pair(source, translation, locale, flags, glossary))

    def problems(self, pair: Pair) -> list[Problem]:
        return [
            item if isinstance(item, Problem) else Problem(item, self.severity)
            for item in self.function(pair)
        ]

    def silenced(self, flags: tuple[str, ...]) -> bool:
        return any(f"ignore-{name}" in flags for name in (self.name, *self.aliases))


CHECKS: dict[str, Check] = {}


def check(
    severity: str, *aliases: str, name: str = "", needs: Callable[[Pair], bool] | None = None
) -> Callable[[Callable[[Pair], Result]], Check]:
    """Register a check function under its name (underscores as hyphens)."""

    def register(function: Callable[[Pair], Result]) -> Check:
        named = name or function.__name__.replace("_", "-")
        registered = Check(named, severity, function, aliases, needs)
        CHECKS[named] = registered
        return registered

    return register


@functools.lru_cache(maxsize=256)
def _base(code: str) -> str:
    return re.split(r"[-_]", code, maxsplit=1)[0].lower()


# --- what a check needs to find anything (a test holds each to its check) ----------------
def _has_tag(pair: Pair) -> bool:
    """A tag starts with ``<``: without one in either text, markup finds nothing."""
    return "<" in pair.source or "<" in pair.translation


def _may_inject(pair: Pair) -> bool:
    """Each pattern of injection needs ``<``, ``=``, ``:``, ``](`` or ``www``."""
    text = pair.translation
    return "<" in text or "=" in text or ":" in text or "](" in text or "www" in text.lower()


def _has_percent(pair: Pair) -> bool:
    """A placeholder starts with ``%``."""
    return "%" in pair.source or "%" in pair.translation


_DIGIT_RE = re.compile(r"\d")


def _has_digit(pair: Pair) -> bool:
    """A number starts with a digit (``\\d``, as :data:`quantities.NUMBER_RE`), and
    ``numbers`` reads the plain texts only: a digit of a tag (``<1>``) or a placeholder
    is none of theirs."""
    search = _DIGIT_RE.search
    return search(pair.plain_source) is not None or search(pair.plain_translation) is not None


def _has_glossary(pair: Pair) -> bool:
    return pair.glossary is not None


# --- the checks ---------------------------------------------------------------------------
@check(ERROR, "xml-tags", "xml-invalid", needs=_has_tag)
def markup(pair: Pair) -> Result:
    """The numbered tags of the source, none added, well formed; a dropped pair is a warning."""
    for message, error in markup_problems(pair.source, pair.translation):
        yield message if error else Problem(message, WARNING)


@check(ERROR, "safe-html", "url", needs=_may_inject)
def injection(pair: Pair) -> Result:
    """No markup, script, event handler, link or address that the source does not have."""
    yield from injection_problems(pair.source, pair.translation)


def _numbers(text: str, language: str) -> list[Decimal | str]:
    """The values of the numbers of a plain text, in order (read as
    :func:`metsi18n.quality.quantities.read_value` reads them)."""
    read = quantities.read_value
    return [read(token, language) for token in _NUMBER_RE.findall(text)]  # no groups: whole


@check(ERROR, needs=_has_digit)
def numbers(pair: Pair) -> Result:
    """Every number of the source in the translation, read as the language writes numbers,
    with its unit: a dose is a number and a unit (``2.5 mg`` is not ``2,5 ml``)."""
    # The source's numbers are read with their units once, for both comparisons.
    read = quantities.quantities(pair.plain_source, SOURCE_LANGUAGE)
    source = [quantity.value for quantity in read]
    # With a unit to compare, the translation's quantities are read once, for both.
    read_translation = (
        quantities.quantities(pair.plain_translation, pair.language)
        if quantities.with_units(read)
        else None
    )
    translation = (
        _numbers(pair.plain_translation, pair.language)
        if read_translation is None
        else [quantity.value for quantity in read_translation]
    )
    if source != translation:  # the same numbers in the same order: none missing or added
        have, want = Counter(translation), Counter(source)
        for value in sorted((want - have).elements(), key=str):
            yield f"number {value} of the source is missing"
        for value in sorted((have - want).elements(), key=str):
            yield f"number {value} is not in the source"
    for message, severity in quantities.quantity_problems(
        read, pair.plain_translation, pair.language, read_translation
    ):
        yield Problem(message, severity)


@check(ERROR, "python-format", "python-brace-format", needs=_has_percent)
def placeholders(pair: Pair) -> Result:
    """Placeholders such as ``%(num)d`` unchanged, width and precision too (all ``%``
    directives with python-format and in the chrome)."""
    pattern = placeholder_pattern(pair.flags, pair.domain)
    yield from placeholder_problems(pair.source, pair.translation, pattern, pair.one_number)


def _lead(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()) :]


@check(WARNING, "begin-space", "end-space", "begin-newline", "end-newline", "double-space")
def whitespace(pair: Pair) -> Result:
    """Leading and trailing spaces and newlines as in the source; no double spaces added."""
    source, translation = pair.source, pair.translation
    # Each edge is stripped only where a text has white space there (most have none): an
    # edge without is "" in both, and a double space is in the stripped text only if in it.
    if source[:1].isspace() or translation[:1].isspace():
        want, have = _lead(source), _lead(translation)
        if want != have:
            yield f"white space at the start differs from the source ({want!r}, not {have!r})"
    if source[-1:].isspace() or translation[-1:].isspace():
        want, have = _trail(source), _trail(translation)
        if want != have:
            yield f"white space at the end differs from the source ({want!r}, not {have!r})"
    if "  " in translation and "  " in translation.strip() and "  " not in source.strip():
        yield "double space"


@check(WARNING, "end-question", "end-stop", "end-exclamation", "end-colon", "end-ellipsis")
def end_punctuation(pair: Pair) -> Result:
    """A question stays a question, a sentence ends as sentences end in the language."""
    language = _base(pair.language)
    want = _kind(_ending(pair.source))
    have_char = _ending(pair.translation)
    marks = _marks(language)
    if want == "none":
        if _kind(have_char) != "none":
            yield f"the source has no end punctuation, the translation ends with {have_char!r}"
        return
    if not marks[want] and _kind(have_char) in ("none", want):
        return  # a language without this mark (Thai has no full stop)
    if have_char not in marks[want]:
        yield _should_end(language, want)
    elif language == "es" and want in ("question", "exclamation"):
        opening = "¿" if want == "question" else "¡"
        if opening not in pair.translation:
            yield f"a Spanish {want} also opens with {opening}"


@check(WARNING, "duplicate")
def doubled_words(pair: Pair) -> Result:
    """A word or phrase written twice in a row ("growth growth") that the source does not double."""
    translation = pair.plain_translation
    if not may_repeat(translation):
        return
    found = doubled(translation, {"that", "had"} | _DOUBLE_OK.get(_base(pair.language), set()))
    if not found:  # the usual case: the source need not be read
        return
    in_source = {item.phrase.casefold() for item in doubled(pair.plain_source)}
    for item in found:
        if item.phrase.casefold() not in in_source:
            yield f"doubled: {item.phrase!r}"


@check(WARNING, "same")
def unchanged(pair: Pair) -> Result:
    """The translation is the source, unchanged (flag ``ignore-unchanged`` when meant)."""
    if pair.translation.strip() == pair.source.strip() and _LETTER_RE.search(pair.plain_source):
        yield "the translation is the source unchanged (if meant, flag it ignore-unchanged)"


@check(WARNING, "glossary", needs=_has_glossary)
def terminology(pair: Pair) -> Result:
    """A glossary term of the source has its preferred or admitted rendering (warning when
    missing); a forbidden rendering anywhere is an error naming what to use instead."""
    if pair.glossary is None:
        return
    source, translation = pair.plain_source, pair.plain_translation
    for message, severity in pair.glossary.problems(source, translation, pair.language):
        yield Problem(message, severity)


# --- one catalog entry ------------------------------------------------------------------------
def pairs(
    message: Message,
    language: str,
    nplurals: int,
    domain: str = "",
    glossary: Termbase | None = None,
    one_number: frozenset[int] = frozenset(),
) -> list[tuple[str, Pair]]:
    """(label, pair) for each translated form of a message: ``msgstr`` or ``msgstr[i]``;
    ``one_number``: the forms the catalog's rule uses for one n only. A list, not a
    generator: :func:`check_message` asks it of every entry."""
    flags = message.flags
    if message.msgid_plural is None:
        return [("", Pair(message.msgid, message.msgstr, language, flags, glossary, domain))]
    return [
        (
            f"msgstr[{index}]: ",
            Pair(
                message.msgid if index == 0 and nplurals > 1 else message.msgid_plural,
                form,
                language,
                flags,
                glossary,
                domain,
                index in one_number,
            ),
        )
        for index, form in enumerate(message.msgstr_plural)
    ]


def check_message(
    message: Message,
    language: str,
    file: str,
    domain: str,
    nplurals: int = 2,
    glossary: Termbase | None = None,
    one_number: frozenset[int] = frozenset(),
) -> list[Finding]:
    """The findings of every quality check on one translated entry (none for others);
    ``one_number``: the plural forms its catalog's rule uses for one n only
    (:func:`metsi18n.catalogs.one_number_forms` of the catalog's Plural-Forms)."""
    if not message.translated:
        return []
    found: list[Finding] = []
    words = silencing(message)
    plan = _plan([item for item in _ORDER if not item.silenced(words)]) if words else _PLAN
    line = message.lineno
    for label, pair in pairs(message, language, nplurals, domain, glossary, one_number):
        for name, default, function, needs in plan:
            if needs is not None and not needs(pair):
                continue
            for problem in function(pair):  # what Check.problems gives, without a list
                if isinstance(problem, Problem):
                    text, severity = problem.message, problem.severity
                else:
                    text, severity = problem, default
                found.append(Finding(file, line, name, severity, label + text, language, domain))
    return found


Plan = tuple[tuple[str, str, Callable[[Pair], Result], Callable[[Pair], bool] | None], ...]


def _plan(active: Iterable[Check]) -> Plan:
    """What :func:`check_message` reads of each check, as plain tuples (no attribute
    looked up per check and entry)."""
    return tuple((item.name, item.severity, item.function, item.needs) for item in active)


#: The checks in the order they report, as a tuple (read at each entry).
_ORDER = tuple(CHECKS.values())
_PLAN = _plan(_ORDER)
