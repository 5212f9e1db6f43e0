"""Each language's typographic spaces, applied by the build so translators need not type them.

The rules are data (``typography.json``, per language); this module compiles them into
regular expressions and applies them to a translation's **text only**: never to code,
images, inline HTML, web addresses or placeholders (each stands in the text as one
object character, U+FFFC, so a rule sees that something is there but never changes it),
and never to attributes (the renderer calls it on text nodes alone). Emphasis and link
tags are transparent: ``v <em>játrech</em>`` is bound like ``v játrech``.

Every rule only turns a plain space (U+0020) into a no-break one or inserts a narrow
no-break space where French wants one and none was typed, so typesetting twice gives
what typesetting once gives, and a language without rules (English) is left as typed.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from metsi18n.languages import month_names
from metsi18n.model import Inline

RULES_FILE = Path(__file__).with_name("typography.json")
NBSP = "\u00a0"
NNBSP = "\u202f"
#: What stands in the flattened text for a piece no rule may change (code, a placeholder).
OBJECT = "\ufffc"
_DIGIT = re.compile(r"\d")
_FRENCH = re.compile("[;:?!«»]")
#: A named python-format directive of a chrome string (the chrome formats with keyword
#: variables only): kept as it is, like code. ``%%`` is text, the ``%`` it becomes.
_DIRECTIVE_RE = re.compile(r"(%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])")

#: (position in the flattened text, characters removed there: 0 or 1, text put there,
#: the position of the text character the change belongs to: itself, or the one before).
_Edit = tuple[int, int, str, int]


@dataclass(frozen=True)
class _Rule:
    """Where ``pattern`` matches, each plain space of group ``space`` becomes ``char``;
    a pattern without that group marks a place to insert ``char`` (after the character
    before it when ``after``, else before the character after it)."""

    pattern: re.Pattern[str]
    char: str
    after: bool = False
    #: A quick search that must find something for the pattern to have a chance (most
    #: sentences have no digit, no French punctuation): the costly patterns are skipped.
    gate: re.Pattern[str] | None = None

    def edits(self, text: str) -> list[_Edit]:
        found: list[_Edit] = []
        for match in self.pattern.finditer(text):
            if "space" in self.pattern.groupindex:
                start, end = match.span("space")
                found += [(i, 1, self.char, i) for i in range(start, end) if text[i] == " "]
            else:
                at = match.start()
                found.append((at, 0, self.char, at - 1 if self.after else at))
        return found


def _compile(code: str, spec: dict[str, Any], units: Sequence[str]) -> tuple[_Rule, ...]:
    """Language ``code``'s entry of the table (``spec``) as rules, in the order they apply."""
    rules: list[_Rule] = []
    if spec.get("bind"):
        # A short word (not the end of an abbreviation, an initial or a hyphenated word),
        # one plain space, then a word, a number, a quotation mark, a bracket or an object.
        before = rf"(?<![\w.\-'’{OBJECT}])"
        after = rf"(?=[\w„‚«“\"'(\[{OBJECT}])"
        words = _alternation(spec["bind"], capitals=True)
        rules.append(_Rule(re.compile(rf"{before}(?:{words})(?P<space> ){after}"), NBSP))
    if spec.get("dates"):
        # The day (``1.``, ``20``), then the month as CLDR writes it in a date; es/pt "de".
        between = "".join(f"(?:{re.escape(word)} )?" for word in spec.get("date_words", ()))
        months = _alternation(month_names(code), capitals=False)
        day = r"(?<![\w.])\d{1,2}\.?"
        pattern = re.compile(rf"{day}(?P<space> {between})(?:{months})(?!\w)")
        rules.append(_Rule(pattern, NBSP, gate=_DIGIT))
    if spec.get("units"):
        unit = _alternation(units, capitals=False)
        pattern = re.compile(rf"(?<=\d)(?P<space> )(?:{unit})(?![^\W\d_])")
        rules.append(_Rule(pattern, NBSP, gate=_DIGIT))
    if spec.get("french"):
        word_end = r"(?:(?<=[^\W_])|(?<=[)\]]))"
        french = [
            (r"(?<=\S)(?P<space> )(?=[;:?!])", False),
            # Nothing typed: before ? and ! after a word, before ; and : after a word and
            # followed by a typed space or the end (never in 10:30, https://, a?b=c; and
            # not a space these rules set, so that typesetting twice changes nothing).
            (rf"{word_end}(?=[?!](?![^\W_])|[;:](?:[^\S\u00a0\u202f]|\Z))", False),
            (r"«(?P<space> )", False),
            (r"(?P<space> )»", False),
            (r"(?<=«)(?=\S)", True),
            (r"(?<=\S)(?=»)", False),
        ]
        rules += [_Rule(re.compile(p), NNBSP, after, _FRENCH) for p, after in french]
    return tuple(rules)


def _alternation(words: Sequence[str], capitals: bool) -> str:
    """A regular-expression alternation of ``words`` (each also with a capital first
    letter when ``capitals``), longest first."""
    spelled = {
        w for word in words for w in ((word, word[:1].upper() + word[1:]) if capitals else (word,))
    }
    return "|".join(re.escape(w) for w in sorted(spelled, key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return data


@functools.lru_cache(maxsize=64)
def typesetter(code: str) -> Typesetter | None:
    """The compiled rules of language ``code`` (BCP 47 or POSIX), None when it has none."""
    table = _table()
    key = code.replace("_", "-").lower()
    spec = table["languages"].get(key) or table["languages"].get(key.split("-")[0])
    return Typesetter(_compile(code, spec, table["units"])) if spec else None


@dataclass(frozen=True)
class Typesetter:
    """One language's rules, applied to text pieces as one flowing text."""

    rules: tuple[_Rule, ...]
    #: chrome string -> typeset (the same few strings on every page of the language)
    _formatted: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def pieces(self, pieces: Sequence[str | None]) -> list[str | None]:
        """``pieces`` typeset as one text; None is an object that no rule changes."""
        flat = "".join(OBJECT if piece is None else piece for piece in pieces)
        edits: dict[tuple[int, int], _Edit] = {}
        gates: dict[re.Pattern[str], bool] = {}
        for rule in self.rules:
            if rule.gate is not None:
                if rule.gate not in gates:
                    gates[rule.gate] = rule.gate.search(flat) is not None
                if not gates[rule.gate]:
                    continue
            for edit in rule.edits(flat):
                edits.setdefault(edit[:2], edit)
        if not edits:
            return list(pieces)
        starts, offset = [], 0
        for piece in pieces:
            starts.append(offset)
            offset += 1 if piece is None else len(piece)
        out = list(pieces)
        for at, removed, text, anchor in sorted(edits.values(), reverse=True):
            # the last piece starting at or before anchor: the text piece that holds it
            index = bisect.bisect_right(starts, anchor) - 1
            local = at - starts[index]
            piece = out[index] or ""
            out[index] = piece[:local] + text + piece[local + removed :]
        return out

    def text(self, text: str) -> str:
        """A plain text typeset."""
        return self.pieces([text])[0] or ""

    def format(self, text: str) -> str:
        """A chrome string typeset, its ``%(name)s`` directives kept as they are."""
        if text in self._formatted:
            return self._formatted[text]
        parts = _DIRECTIVE_RE.split(text)
        pieces: list[str | None] = [None if i % 2 else part for i, part in enumerate(parts)]
        done = self.pieces(pieces)
        typeset = "".join(parts[i] if piece is None else piece for i, piece in enumerate(done))
        if len(self._formatted) < 256:
            self._formatted[text] = typeset
        return typeset

    def nodes(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        """Inline nodes with their text typeset across emphasis and links; code, images,
        line breaks and inline HTML are objects, their content untouched."""
        flowing = [i for i, node in enumerate(nodes) if node.kind in ("text", "void")]
        pieces = [nodes[i].text if nodes[i].kind == "text" else None for i in flowing]
        out = list(nodes)
        for i, piece in zip(flowing, self.pieces(pieces), strict=True):
            if piece is not None and piece != nodes[i].text:
                out[i] = replace(nodes[i], text=piece)
        return tuple(out)


def typeset(code: str, text: str) -> str:
    """``text`` as language ``code`` sets it (unchanged when the language has no rules).

    ``typeset("cs", "v játrech") == "v\\u00a0játrech"``
    """
    setter = typesetter(code)
    return setter.text(text) if setter is not None else text
