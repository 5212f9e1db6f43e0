"""End punctuation as ``end-punctuation`` reads it: the mark a text ends with, its kind
(question, exclamation, colon, full stop), and how each language writes each kind."""

from __future__ import annotations

import functools

from metsi18n.catalogs import TAG_RE

_TRAILING_NOISE = " \t\n\u00a0\u202f\"'“”‘’„‚»«›‹」』）)]*_"

#: U+037E GREEK QUESTION MARK, written as an escape: it is canonically equivalent to ";",
#: and an editor or formatter that normalizes the source file would make it a semicolon.
#: In Greek text both mean a question; in English ";" is not one.
_GREEK_QUESTION = "\u037e"
#: How each language ends a question, an exclamation and a statement.
_QUESTION = {
    "ar": "؟",
    "fa": "؟",
    "ur": "؟",
    "ps": "؟",
    "ja": "？?",
    "zh": "？?",
    "el": ";" + _GREEK_QUESTION,
}
_EXCLAMATION = {"ja": "！!", "zh": "！!"}
_STOP = {"ja": "。．.", "zh": "。．.", "hi": "।.", "bn": "।", "mr": ".।", "ne": "।.", "ur": "۔.",
         "hy": "։.", "my": "။", "am": "።", "ti": "።", "th": "", "lo": ""}  # fmt: skip
_COLON = {"ja": "：:", "zh": "：:"}


def ending(text: str) -> str:
    """The last character of ``text`` without tags, spaces, quotes and brackets."""
    stripped = (TAG_RE.sub("", text) if "<" in text else text).rstrip(_TRAILING_NOISE)
    return stripped[-1:] if stripped else ""


#: The kind of each end punctuation mark (any other character: "none"); a mark in two
#: groups keeps the first, as a search in this order would.
_KIND_OF = {
    char: kind
    for kind, marks in reversed((("question", "?？؟" + _GREEK_QUESTION), ("exclamation", "!！"),
                        ("colon", ":："), ("full stop", ".。．।۔։။።…")))
    for char in marks
}  # fmt: skip


def kind(char: str) -> str:
    """The kind of the end mark ``char``: question, exclamation, colon, full stop, none."""
    return _KIND_OF.get(char, "none")


@functools.lru_cache(maxsize=256)
def marks(language: str) -> dict[str, str]:
    """The marks ``language`` (a base code) ends a sentence of each kind with."""
    return {
        "question": _QUESTION.get(language, "?"),
        "exclamation": _EXCLAMATION.get(language, "!"),
        "colon": _COLON.get(language, ":"),
        "full stop": _STOP.get(language, ".…"),
    }


@functools.lru_cache(maxsize=256)
def should_end(language: str, want: str) -> str:
    """The warning for a text of ``language`` that should end with a mark of ``want``."""
    expected = " or ".join(repr(c) for c in dict.fromkeys(marks(language)[want])) or "nothing"
    return f"the source ends with a {want}: the translation should end with {expected}"
