"""Whether one translation may be shown: the markup, injection and placeholders rules.

Both ``metsi18n check`` (its ``markup``, ``injection`` and ``placeholders`` checks,
in :mod:`metsi18n.quality.checks`) and the build (which shows the English instead of a
translation failing one of them) judge with these functions, so the build publishes
only what check accepts. A translator's ``ignore-<check>`` comment line (or flag)
silences a rule for one entry in both.

Every ``%`` directive of a ``site`` (page chrome) translation is formatted, so there
all directives are compared; in an article, only named ones (``%(num)d``) and, with
``python-format``, all. A directive is compared with its width and precision:
``%(date)100000000s`` for the source's ``%(date)s`` is an error, not a 100 MB page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from metsi18n.config import SITE_DOMAIN as CHROME_DOMAIN
from metsi18n.po import Message, plurals

#: The numbered tags of a unit's text (``<1>``, ``</1>``, ``<2/>``): the pattern of
#: ``source.TAG_RE``, owned here too so that judging a translation loads no Markdown
#: parser or sentence splitter (a test holds the two equal).
TAG_RE = re.compile(r"<(/?)([1-9][0-9]*)(/?)>")

#: Flags, width and precision are taken whole (possessive ``*+``, ``?+``): no character of
#: theirs is a conversion, so a directive can only end where they end, and without it a
#: ``%`` before 40,000 zeros was tried at every split of the zeros (4,000: 0.25 s).
PLACEHOLDER_RE = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0 +]*+\d*+(?:\.\d+)?+[diouxXeEfFgGcrs%]")
NAMED_RE = re.compile(r"%\([A-Za-z_]\w*\)[-#0 +]*+\d*+(?:\.\d+)?+[diouxXeEfFgGcrs]")
#: Any ``%`` that Python's formatting reads as a directive (width and precision included).
_ANY_DIRECTIVE_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d*)(?:\.(?:\*|\d*))?.?", re.S)
#: :data:`_ANY_DIRECTIVE_RE` without its name, for a ``%(`` with no ``)`` after it.
_ANY_UNNAMED_RE = re.compile(r"%[-#0 +]*(?:\*|\d*)(?:\.(?:\*|\d*))?.?", re.S)
URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+|\bmailto:\S+", re.I)
INJECTION_RES = (
    ("HTML markup", re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")),
    ("an event handler", re.compile(r"\bon[a-z]+\s*=", re.I)),
    ("a script address", re.compile(r"\b(?:java|vb)script\s*:|\bdata\s*:\s*text/html", re.I)),
    ("a Markdown link", re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")),
    ("a web address", URL_RE),
)
#: The rules whose error keeps a translation off the page, with the words that
#: silence each (its check's name and Weblate's names for it).
SILENCED_BY = {
    "markup": ("markup", "xml-tags", "xml-invalid"),
    "injection": ("injection", "safe-html", "url"),
    "placeholders": ("placeholders", "python-format", "python-brace-format"),
}
_IGNORE_LINE_RE = re.compile(r"ignore-[a-z-]+(?:[ ,]+ignore-[a-z-]+)*\Z")


def markup_problems(source: str, translation: str) -> Iterator[tuple[str, bool]]:
    """(message, is an error) for the numbered tags: all of the source's, none added,
    well formed; a dropped ``<1>...</1>`` pair is not an error (the text still reads)."""
    # A tag starts with "<": text without one holds none (most texts).
    numbers = {int(m.group(2)) for m in TAG_RE.finditer(source)} if "<" in source else set()
    if not numbers and "<" not in translation:
        return
    voids = {n for n in numbers if f"<{n}/>" in source}
    misfit = tag_misfit(translation, max(numbers, default=0), voids)
    if misfit is not None:
        yield misfit, True
        return
    used = {int(m.group(2)) for m in TAG_RE.finditer(translation)}
    for number in sorted(numbers - used):
        if number in voids:
            yield f"tag <{number}/> of the source is missing", True
        else:
            yield f"tags <{number}>...</{number}> of the source are dropped", False


def tag_misfit(translation: str, count: int, voids: set[int]) -> str | None:
    """Why the tags of ``translation`` do not fit a unit of tags 1 to ``count`` (those in
    ``voids`` written ``<n/>``, the others pairs), as ``source.decode`` says it; None
    when they fit. The same walk as decode's, without making nodes (a test holds the two
    equal)."""
    stack: list[int] = []
    used: set[int] = set()
    for match in TAG_RE.finditer(translation):
        closing, number, void = match.group(1), int(match.group(2)), match.group(3)
        if closing and void:
            return f"malformed tag {match.group(0)}"
        if number > count:
            return f"tag {match.group(0)} is not in the source text"
        if closing:
            if not stack or stack[-1] != number:
                return f"tag {match.group(0)} closes a tag that is not open"
            stack.pop()
            continue
        if number in used:
            return f"tag <{number}> appears more than once"
        used.add(number)
        if number in voids and not void:
            return f"tag <{number}/> must stay empty, written <{number}/>"
        if number not in voids and void:
            return f"tag <{number}> must enclose text: <{number}>...</{number}>"
        if number not in voids:
            stack.append(number)
    if stack:
        return f"tag <{stack[-1]}> is not closed"
    return None


def _may_match(what: str, text: str) -> bool:
    """False when the pattern ``what`` of :data:`INJECTION_RES` cannot match ``text``:
    each needs a character it cannot match without (markup ``<``, a handler ``=``, a
    script ``:``, a link ``](``, an address ``:`` or ``www``; a test holds this)."""
    if what == "a web address":
        return ":" in text or "www" in text.lower()
    return _NEEDS[what] in text


_NEEDS = {"HTML markup": "<", "an event handler": "=", "a script address": ":",
          "a Markdown link": "]("}  # fmt: skip


_LINK_TEXT_END = re.compile(r"[\]\n]")
_LINK_TARGET_END = re.compile(r"[)\n]")


def markdown_links(text: str) -> Iterator[str]:
    """What the Markdown link pattern of :data:`INJECTION_RES` finds in ``text``, read in
    one pass. The pattern itself, tried from each ``[``, read on to the next ``]`` every
    time: quadratic on a run of ``[`` (20,000: 0.5 s). Every ``[`` before that ``]`` (or
    newline) ends its text there, so they all fail together or the first one matches."""
    position = 0
    while (start := text.find("[", position)) >= 0:
        close = _LINK_TEXT_END.search(text, start + 1)
        if close is None:
            return  # no "]" (nor newline) after this "[": none after any later one either
        end = close.start()
        if text[end] != "]" or text[end + 1 : end + 2] != "(":
            position = end + 1
            continue
        target = _LINK_TARGET_END.search(text, end + 2)
        if target is None:
            return  # no ")" after "](" here, nor after any later "]("
        if text[target.start()] == "\n":
            position = target.start() + 1  # every "[" up to this newline fails the same way
            continue
        begin = start - 1 if start > position and text[start - 1] == "!" else start
        yield text[begin : target.start() + 1]
        position = target.start() + 1


def injection_problems(source: str, translation: str) -> Iterator[str]:
    """Markup, a script, an event handler, a link or an address the source does not have."""
    text = TAG_RE.sub(" ", translation) if "<" in translation else translation
    for what, pattern in INJECTION_RES:
        if not _may_match(what, text):
            continue
        if what == "a Markdown link":
            found: Iterable[str] = markdown_links(text)
        else:
            found = (match.group(0) for match in pattern.finditer(text))
        for item in found:
            if item not in source:
                yield f"{what} not in the source: {item!r}"


def placeholder_pattern(flags: tuple[str, ...], domain: str) -> re.Pattern[str]:
    """What counts as a placeholder in an entry of ``domain`` with ``flags``: every ``%``
    directive in the chrome (always formatted), ``%`` directives with python-format,
    else named ones (``%(num)d``)."""
    if domain == CHROME_DOMAIN:
        return _ANY_DIRECTIVE_RE
    return PLACEHOLDER_RE if "python-format" in flags else NAMED_RE


def placeholder_problems(
    source: str, translation: str, pattern: re.Pattern[str], one_number: bool = False
) -> Iterator[str]:
    """Placeholders (compared with their width and precision) missing or added.

    ``one_number``: the translation is a plural form that the catalog's rule uses for
    one n only (see :func:`one_number_forms`), which may write that number in words:
    a placeholder may be missing there, as GNU msgfmt allows; none may be added.
    """
    if "%" not in source and "%" not in translation:
        return  # every directive starts with "%"
    have = Counter(_directives(pattern, source))
    got = Counter(_directives(pattern, translation))
    for item in () if one_number else sorted((have - got).elements()):
        yield f"placeholder {item} of the source is missing"
    for item in sorted((got - have).elements()):
        yield f"placeholder {item} is not in the source"


def _directives(pattern: re.Pattern[str], text: str) -> Iterator[str]:
    """What ``pattern.finditer(text)`` finds, in linear time. :data:`_ANY_DIRECTIVE_RE`
    reads a name from ``%(`` to the next ``)``: tried from each ``%(`` of a run with none
    after it, it read to the end every time (8,000 ``%(``: 45 ms). Where none follows,
    its match is its match without the name."""
    if pattern is not _ANY_DIRECTIVE_RE:
        yield from (match.group(0) for match in pattern.finditer(text))
        return
    last_close = text.rfind(")")
    position = 0
    while (start := text.find("%", position)) >= 0:
        named = text.startswith("(", start + 1) and start + 2 <= last_close
        match = (_ANY_DIRECTIVE_RE if named else _ANY_UNNAMED_RE).match(text, start)
        if match is None:  # never: all after "%" is optional
            return
        yield match.group(0)
        position = match.end()


def comment_flags(comments: tuple[str, ...]) -> tuple[str, ...]:
    """``ignore-...`` words of translator comment lines made only of them (``# ignore-same``)."""
    if not comments:
        return ()
    words: list[str] = []
    for line in comments:
        text = line.strip()
        if _IGNORE_LINE_RE.match(text):
            words.extend(word for word in re.split(r"[ ,]+", text) if word)
    return tuple(words)


def silencing(message: Message) -> tuple[str, ...]:
    """The words that silence checks for ``message``: its flags and comment lines."""
    return message.flags + comment_flags(message.translator_comments)


def _silenced(rule: str, words: tuple[str, ...]) -> bool:
    return any(f"ignore-{name}" in words for name in SILENCED_BY[rule])


def one_number_forms(plural_forms: str | None) -> frozenset[int]:
    """The plural forms that the ``Plural-Forms`` value uses for exactly one n (none when
    the value is missing or unusable: then every form must keep its placeholders)."""
    if plural_forms is None or not plurals.usable(plural_forms):
        return frozenset()
    return plurals.one_number_forms(plurals.parse(plural_forms))


def showable(
    source: str,
    translation: str,
    words: tuple[str, ...],
    pattern: re.Pattern[str],
    one_number: bool = False,
) -> bool:
    """True when no unsilenced markup, injection or placeholders error stands against
    showing ``translation`` for ``source`` (``one_number``: see
    :func:`placeholder_problems`)."""
    if not _silenced("markup", words) and any(
        error for _, error in markup_problems(source, translation)
    ):
        return False
    if not _silenced("injection", words) and any(injection_problems(source, translation)):
        return False
    return _silenced("placeholders", words) or not any(
        placeholder_problems(source, translation, pattern, one_number)
    )


def showable_message(
    message: Message, domain: str, one_number: frozenset[int] = frozenset()
) -> bool:
    """:func:`showable` for every form of a translated message (plural forms against
    ``msgid_plural``, the first against ``msgid`` too when both are the same kind);
    ``one_number``: the forms its catalog's rule uses for one n (:func:`one_number_forms`)."""
    words = silencing(message)
    pattern = placeholder_pattern(message.flags, domain)
    if message.msgid_plural is None:
        return showable(message.msgid, message.msgstr, words, pattern)
    forms = message.msgstr_plural
    return all(
        showable(message.msgid if index == 0 and len(forms) > 1 else message.msgid_plural,
                 form, words, pattern, index in one_number)
        for index, form in enumerate(forms)
    )  # fmt: skip
