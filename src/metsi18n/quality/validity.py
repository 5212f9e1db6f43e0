"""What ``msgfmt --check`` verifies, done here so each problem is a finding on its entry.

Header fields (defaults left in place, ``Language`` matching the catalog's folder,
``Plural-Forms`` one of the rules known for the language), the number of plural translations,
python-format directives, the leading and trailing newlines of msgid and msgstr,
and duplicate entries. Untranslated and fuzzy entries are skipped, as msgfmt does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from metsi18n import languages
from metsi18n.errors import LocaleError
from metsi18n.po import Message, POFile
from metsi18n.po import plurals as pluralrule
from metsi18n.quality.findings import ERROR, WARNING, Finding

CHECK = "valid"
_DIRECTIVE_RE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>.)", re.S
)
#: :data:`_DIRECTIVE_RE` without its name, for a ``%(`` whose name cannot close.
_UNNAMED_RE = re.compile(r"%[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>.)", re.S)
#: Header fields msgfmt wants, with the value a fresh template leaves in them.
_DEFAULTS = (
    ("Project-Id-Version", "PACKAGE VERSION"),
    ("PO-Revision-Date", "YEAR-MO-DA"),
    ("Last-Translator", "FULL NAME"),
    ("Language-Team", "LANGUAGE"),
    ("MIME-Version", None),
    ("Content-Type", "text/plain; charset=CHARSET"),
    ("Content-Transfer-Encoding", "ENCODING"),
)


def plural_forms(value: str) -> tuple[int, str] | None:
    """(nplurals, expression) of a ``Plural-Forms`` value, None when it is malformed."""
    try:
        rule = pluralrule.parse(value)
    except pluralrule.PluralFormsError:
        return None
    return rule.nplurals, rule.expression


def same_plurals(a: tuple[int, str], b: tuple[int, str]) -> bool:
    """True when both formulas have as many forms and give the same form for every n
    sampled (:data:`metsi18n.po.plurals.SAMPLES`: all of 0..10,000, and on to 10^9)."""
    return pluralrule.same_rule(pluralrule.PluralRule(*a), pluralrule.PluralRule(*b))


@functools.lru_cache(maxsize=1024)
def plural_forms_problem(language: str, value: str) -> str | None:
    """What is wrong with ``Plural-Forms: value`` in a catalog of ``language``, if anything.

    Right is any rule a source (gettext, CLDR, Babel) gives for the language, compared by
    what it does; a language metsi18n does not know is only checked for sense.
    """
    try:
        rule = pluralrule.parse(value)
    except pluralrule.PluralFormsError:
        return f"Plural-Forms is not nplurals=INTEGER; plural=EXPRESSION;: {value!r}"
    if not 1 <= rule.nplurals <= pluralrule.MAX_NPLURALS:
        return (
            f"Plural-Forms declares nplurals={rule.nplurals}; "
            f"a catalog holds 1 to {pluralrule.MAX_NPLURALS} forms"
        )
    try:
        known = [
            pluralrule.parse(other)
            for other in languages.plural_rules(languages.posix_code(language)).rules
        ]
    except LocaleError:
        known = []
    if any(pluralrule.spelled_alike(rule, other) for other in known):
        return None  # the usual case: the rule metsi18n or msginit wrote, not evaluated
    behaviour = pluralrule.behaviour(rule)
    if behaviour.traps:
        return f"Plural-Forms divides by zero for some n: {value!r}"
    if behaviour.largest >= rule.nplurals:
        return (
            f"Plural-Forms gives form {behaviour.largest} for some n, "
            f"but declares nplurals={rule.nplurals}"
        )
    if not known or any(pluralrule.same_rule(rule, other) for other in known):
        return None
    return (
        f"Plural-Forms does not match {language}: no rule gettext or CLDR gives for it "
        f"(a new catalog gets {known[0].header!r})"
    )


def directives(text: str) -> list[tuple[str | None, str]]:
    """python-format directives of ``text`` as (name, type); ``%%`` is left out."""
    found = []
    for name, kind in _directive_matches(text):
        if kind != "%":
            found.append((name, kind))
    return found


def _directive_matches(text: str) -> Iterator[tuple[str | None, str]]:
    """(name, type) of each match of :data:`_DIRECTIVE_RE`, as ``finditer`` finds them, in
    linear time. The pattern reads a name from ``%(`` to the next ``)``, which must leave
    a character for the type: tried from each ``%(`` of a run with no such ``)`` after it,
    it read to the end every time (8,000 ``%(``: 0.5 s). Where none can close, the
    pattern's match is its match without the name."""
    last_close = text.rfind(")", 0, len(text) - 1)  # the last ")" with a character after
    position = 0
    while (start := text.find("%", position)) >= 0:
        named = text.startswith("(", start + 1) and start + 2 <= last_close
        match = (_DIRECTIVE_RE if named else _UNNAMED_RE).match(text, start)
        if match is None:
            return  # a "%" ending the text
        yield (match.group("name") if named else None), match.group("type")
        position = match.end()


def check_format(source: str, translation: str, exact: bool) -> Iterator[str]:
    """msgfmt's python-format rules: same arguments, same types (a plural form may omit)."""
    want, have = directives(source), directives(translation)
    bad_types = [kind for _, kind in want + have if kind not in "diouxXeEfFgGcrsa"]
    if bad_types:
        yield f"invalid python-format directive %{bad_types[0]}"
        return
    named = {name for name, _ in want + have if name is not None}
    if named and any(name is None for name, _ in want + have):
        yield "named and unnamed python-format directives are mixed"
        return
    if not named:
        if len(have) != len(want) if exact else len(have) > len(want):
            yield f"{len(want)} format directives in the source, {len(have)} in the translation"
        elif any(a[1] != b[1] for a, b in zip(want, have, strict=False)):
            yield "format directives in the source and the translation are not the same"
        return
    source_types = {name: kind for name, kind in want}
    translation_types = {name: kind for name, kind in have}
    for name, kind in translation_types.items():
        if name not in source_types:
            yield f"a format specification for argument {name!r} doesn't exist in the source"
        elif source_types[name] != kind:
            yield f"argument {name!r} has format %{source_types[name]} in the source, not %{kind}"
    if exact:
        for name in source_types.keys() - translation_types.keys():
            yield f"a format specification for argument {name!r} doesn't exist in the translation"


def _forms(message: Message) -> Iterator[tuple[str, str, str, bool]]:
    """(label, source, translation, exact) per translated form."""
    if message.msgid_plural is None:
        yield "msgstr", message.msgid, message.msgstr, True
        return
    for index, form in enumerate(message.msgstr_plural):
        source = message.msgid if index == 0 else message.msgid_plural
        yield f"msgstr[{index}]", source, form, False


def _header_findings(
    po: POFile, language: str, add: Callable[[int, str, str], None]
) -> tuple[int, str] | None:
    """Check the header; the catalog's (nplurals, plural) when it declares them usably."""
    if not po.headers:
        add(1, ERROR, 'no header entry (msgid "")')
        return None
    if "fuzzy" in po.header_flags:
        add(1, WARNING, "the header entry is marked fuzzy")
    for name, default in _DEFAULTS:
        value = po.header(name)
        if value is None:
            add(1, WARNING, f"header field {name!r} missing in header")
        elif default is not None and value.startswith(default):
            add(1, WARNING, f"header field {name!r} still has the initial default value")
    declared = po.header("Language")
    if not declared:
        add(1, WARNING, f"header field 'Language' missing in header (the folder says {language})")
    elif _posix(declared) != _posix(language):
        add(1, ERROR, f"Language: {declared} in the header, but the catalog is in {language}/")
    content_type = po.header("Content-Type") or ""
    if "charset=" not in content_type or "charset=CHARSET" in content_type:
        add(1, ERROR, "Content-Type declares no charset")
    value = po.header("Plural-Forms")
    if value is None:
        if any(message.msgid_plural is not None for message in po.messages):
            add(1, ERROR, "plural entries, but no Plural-Forms header")
        return None
    problem = plural_forms_problem(language, value)
    if problem is not None:
        add(1, ERROR, problem)
    forms = plural_forms(value)
    if forms is None or not 1 <= forms[0] <= pluralrule.MAX_NPLURALS:
        return None
    return forms


def _posix(code: str) -> str:
    try:
        return languages.posix_code(code)
    except LocaleError:
        return code


def validate(po: POFile, file: str, language: str, domain: str) -> list[Finding]:
    """Every problem msgfmt --check would report for catalog ``po`` of ``language``."""
    found: list[Finding] = []

    def add(line: int, severity: str, message: str) -> None:
        found.append(Finding(file, line, CHECK, severity, message, language, domain))

    expected = _header_findings(po, language, add)
    nplurals = expected[0] if expected else None
    seen: dict[tuple[str | None, str], int] = {}
    for message in po.messages:
        if message.obsolete:
            continue
        if message.key in seen:
            add(
                message.lineno,
                ERROR,
                f"duplicate message definition (first at line {seen[message.key]})",
            )
        seen.setdefault(message.key, message.lineno)
        texts = [message.msgstr] if message.msgid_plural is None else list(message.msgstr_plural)
        if message.fuzzy or not any(texts):
            continue
        if message.msgid_plural is not None and nplurals and len(texts) != nplurals:
            add(
                message.lineno,
                ERROR,
                f"{len(texts)} plural forms, but Plural-Forms says nplurals={nplurals}",
            )
        for label, source, translation, exact in _forms(message):
            if not translation:
                continue
            # Each edge's first or last character, compared (no loop over the two edges).
            if (source[:1] == "\n") != (translation[:1] == "\n"):
                add(message.lineno, ERROR, f"msgid and {label} do not both begin with a newline")
            if (source[-1:] == "\n") != (translation[-1:] == "\n"):
                add(message.lineno, ERROR, f"msgid and {label} do not both end with a newline")
            if "python-format" in message.flags:
                for problem in check_format(source, translation, exact):
                    add(message.lineno, ERROR, f"{label}: {problem}")
    return found
