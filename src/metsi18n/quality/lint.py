"""English source lint: defects caught once here instead of once per language.

Checks: doubled words and phrases ("growth growth", a sentence written twice),
words run together ("andSurgery"), a sentence starting in lowercase, double
spaces, and unknown words (not in wordfreq's English list nor in the project's
word list, ``words.txt``).
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from metsi18n.model import Block, Inline
from metsi18n.quality.findings import WARNING, Finding
from metsi18n.quality.terms import Termbase

WORDS_FILE = "words.txt"
#: Longest doubled phrase looked for, in tokens (words and punctuation marks).
MAX_PHRASE = 12
#: Words that English doubles on purpose ("I knew that that was wrong").
_DOUBLE_OK = {"that", "had", "is", "do", "ha", "bye", "no", "very", "so"}
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "vs", "cf", "approx", "ca", "incl", "fig", "no", "dr", "mr", "mrs",
    "ms", "prof", "st", "min", "max", "vol", "est", "dept", "resp", "al",
}  # fmt: skip
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)*|[^\w\s]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CAMEL_RE = re.compile(r"\b[a-z]{2,}[A-Z][a-z]+\b")
#: The lookbehind starts a try only where a word begins: without it, a 10,000-letter
#: word was rescanned from each of its letters (O(N^2), 1.3 s).
_SENTENCE_END_RE = re.compile(r"(?<![^\s.!?])([^\s.!?]*)[.!?]+[\"'”’)\]]*\s+")
_OPENERS = "\"'“‘«„([¿¡*_ \t"
_GAP_RE = re.compile(r"\s*")


@dataclass(frozen=True)
class Doubled:
    """A word or phrase written twice in a row: its offset in the text and the phrase."""

    start: int
    phrase: str


def doubled(text: str, allowed: Iterable[str] = _DOUBLE_OK) -> list[Doubled]:
    """Words and phrases repeated back to back ("growth growth", "Go. Go.").

    The copies may be separated by white space only; case is ignored. A longer
    repeat hides the shorter ones inside it.
    """
    ok = {word.casefold() for word in allowed}
    raw = _TOKEN_RE.findall(text)
    folded = [token.casefold() for token in raw]
    tokens: list[re.Match[str]] = []  # the tokens' places, found once a repeat is
    found: list[Doubled] = []
    covered = -1
    for index, sizes in _repeat_candidates(folded):
        if index < covered or not raw[index][0].isalpha():
            continue
        for size in sizes:
            second = index + size
            if folded[index:second] != folded[second : second + size]:
                continue
            if not tokens:
                tokens = list(_TOKEN_RE.finditer(text))
            gap = text[tokens[second - 1].end() : tokens[second].start()]
            if not gap or gap.strip():
                continue
            if size == 1 and folded[index] in ok:
                continue
            phrase = text[tokens[index].start() : tokens[second - 1].end()]
            found.append(Doubled(tokens[index].start(), phrase))
            covered = second + size
            break
    return found


def _repeat_candidates(folded: list[str]) -> Iterator[tuple[int, list[int]]]:
    """(index, sizes, longest first) where a repeat of ``size`` tokens may start at
    ``index``: its token comes back ``size`` tokens later, and both copies fit.

    Found by comparing the token list with itself shifted by 1 to MAX_PHRASE, in C
    (``map(operator.eq, ...)``); per-token Python work was 22% of check on a 6 MB
    catalog (py-spy), and most tokens have no candidate at all.
    """
    count = len(folded)
    sizes: dict[int, list[int]] = {}
    for size in range(MAX_PHRASE, 0, -1):
        # A repeat of ``size`` starting at i needs i + 2 * size <= count.
        last = count - 2 * size
        if last < 0:
            continue
        same = map(operator.eq, folded[: last + 1], folded[size : size + last + 1])
        for index in itertools.compress(range(last + 1), same):
            sizes.setdefault(index, []).append(size)
    for index in sorted(sizes):
        yield index, sizes[index]


# --- word lists ------------------------------------------------------------------------
def read_words(path: Path) -> frozenset[str]:
    """A project word list: one word a line, ``#`` comments; empty when there is no file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(word.casefold() for word in words if word)


@functools.lru_cache(maxsize=65536)
def frequency(word: str) -> float:
    """Zipf frequency of ``word`` in English (0 when wordfreq does not know it)."""
    import wordfreq  # imported late: loading its lists takes a moment

    return float(wordfreq.zipf_frequency(word, "en"))


def _known(word: str, extra: frozenset[str]) -> bool:
    folded = word.casefold().replace("’", "'")
    forms = (folded, folded.removesuffix("'s"))
    return any(form in extra or frequency(form) > 0 for form in forms)


_LONGEST_SPLIT = 40


def _split_suggestion(word: str) -> str | None:
    """``"and surgery"`` for ``"andsurgery"``: two common words written as one.

    Not tried beyond :data:`_LONGEST_SPLIT` letters: two common words are never that
    long together, and each cut costs a look-up of both halves (a 10,000-letter word
    took 14 s).
    """
    if len(word) > _LONGEST_SPLIT:
        return None
    lowered = word.lower()
    for cut in range(2, len(lowered) - 1):
        left, right = lowered[:cut], lowered[cut:]
        if frequency(left) >= 3.5 and frequency(right) >= 3.0:
            return f"{word[:cut]} {word[cut:]}"
    return None


# --- lint of a text -------------------------------------------------------------------------
class _Lines:
    """Offsets -> line numbers of a text starting at ``first``."""

    def __init__(self, text: str, first: int) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first = first

    def line(self, offset: int) -> int:
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return self.first + low


def _sentence_starts(paragraph: str) -> Iterator[int]:
    """Offsets where a sentence begins in ``paragraph`` (its first letter)."""
    candidates = [0]
    for match in _SENTENCE_END_RE.finditer(paragraph):
        before = match.group(1).casefold().rstrip(".")
        if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
            continue
        candidates.append(match.end())
    for start in candidates:
        position = start
        while position < len(paragraph) and paragraph[position] in _OPENERS:
            position += 1
        if position < len(paragraph):
            yield position


def lint_text(
    text: str,
    path: str,
    first_line: int = 1,
    words: frozenset[str] = frozenset(),
    sentences: bool = True,
    domain: str = "",
    glossary: Termbase | None = None,
) -> list[Finding]:
    """Findings for English ``text`` (paragraphs separated by blank lines) from ``path``.

    ``first_line`` is the line of the file where ``text`` starts; with
    ``sentences`` false, a paragraph may start in lowercase (a list item). With a
    ``glossary``, a forbidden or admitted English variant of a term is reported with
    the preferred term.
    """
    lines = _Lines(text, first_line)
    found: list[Finding] = []

    def add(offset: int, check: str, message: str) -> None:
        found.append(Finding(path, lines.line(offset), check, WARNING, message, "", domain))

    for item in doubled(text):
        add(item.start, "doubled-words", f"doubled: {item.phrase!r}")
    for match in _CAMEL_RE.finditer(text):
        spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", match.group(0))
        add(match.start(), "run-together", f"words run together: {match.group(0)!r} ({spaced!r}?)")
    for match in re.finditer(r"(?<=\S)[ \t]{2,}(?=\S)", text):
        add(match.start(), "double-space", "double space")
    if sentences:
        for paragraph in re.finditer(r"[^\n](?:.|\n(?![ \t]*\n))*", text):
            for offset in _sentence_starts(paragraph.group(0)):
                char = paragraph.group(0)[offset]
                if char.islower():
                    first = _WORD_RE.match(paragraph.group(0), offset)
                    shown = first.group(0) if first else char
                    add(
                        paragraph.start() + offset,
                        "lowercase-start",
                        f"sentence starts in lowercase: {shown!r}",
                    )
    for hit, preferred in glossary.english_variants(text) if glossary else ():
        record = hit.record
        note = f" ({record.note})" if record.note else ""
        said = text[hit.start : hit.end]
        add(hit.start, "terminology", f"{record.status} variant {said!r}: use {preferred!r}{note}")
    camel = {match.group(0) for match in _CAMEL_RE.finditer(text)}
    for match in _WORD_RE.finditer(text):
        word = match.group(0)
        if len(word) < 2 or word in camel:
            continue
        verdict = _unknown_word(word, words)
        if verdict is not None:
            add(match.start(), *verdict)
    return found


@functools.lru_cache(maxsize=65536)
def _unknown_word(word: str, extra: frozenset[str]) -> tuple[str, str] | None:
    """(check, message) for a word neither list knows, None for a known one; memoized,
    since an article repeats its words (the frozenset's hash is computed once)."""
    if _known_word(word, extra):
        return None
    split = _split_suggestion(word)
    if split is not None:
        return "run-together", f"words run together: {word!r} ({split!r}?)"
    return "unknown-word", f"unknown word: {word!r} (add it to {WORDS_FILE}?)"


#: What the source's Markdown shows as plain text though a writer likely meant a construct:
#: a footnote reference without its footnote (a footnote's text is a unit: refer to it
#: with its label), a definition without a term, and abbreviations (mdit-py-plugins has
#: no abbreviation plugin).
_UNSUPPORTED = (
    (
        re.compile(r"\[\^[^\]\s]+\]"),
        "a footnote reference ({}) has no footnote of that label: it shows as written",
    ),
    (
        re.compile(r"(?m)^:[ \t]+\S.*"),
        "a definition ({!r}) has no term on the line above: it shows as a paragraph",
    ),
    (
        re.compile(r"(?m)^\*\[[^\]]+\]:.*"),
        "an abbreviation ({!r}) is not supported: it shows as written",
    ),
)


def unsupported(text: str, path: str, first_line: int = 1, domain: str = "") -> list[Finding]:
    """Footnote references without a footnote, definitions without a term and
    abbreviations in ``text``, each on its line."""
    lines = _Lines(text, first_line)
    found: list[Finding] = []
    for pattern, message in _UNSUPPORTED:
        for match in pattern.finditer(text):
            shown = match.group(0) if len(match.group(0)) <= 30 else match.group(0)[:29] + "…"
            reason = message.format(shown)
            found.append(
                Finding(path, lines.line(match.start()), "unsupported", WARNING, reason, "", domain)
            )
    return found


def _known_word(word: str, extra: frozenset[str]) -> bool:
    """Known as a whole, or (hyphenated) each of its parts known."""
    if _known(word, extra):
        return True
    parts = [part for part in word.split("-") if part]
    return len(parts) > 1 and all(_known(part, extra) for part in parts)


# --- source documents ------------------------------------------------------------------------
def inline_text(nodes: Iterable[Inline]) -> str:
    """The words of inline nodes: markup dropped, code and images as a neutral mark."""
    parts: list[str] = []
    for node in nodes:
        if node.kind == "text":
            parts.append(node.text)
        elif node.kind == "void":
            parts.append("\ufffc")
    return "".join(parts)


#: Table cells, which like list items often hold a phrase, not a sentence.
_CELLS = ("th", "td")


def lint_blocks(
    blocks: Iterable[Block],
    words: frozenset[str],
    domain: str = "",
    in_list: bool = False,
    termbase: Termbase | None = None,
) -> list[Finding]:
    """Lint every block with text; list items and table cells may start in lowercase."""
    found: list[Finding] = []
    for block in blocks:
        if block.inline:
            found += lint_text(
                inline_text(block.inline),
                block.location.path,
                block.location.line,
                words,
                sentences=not (in_list or block.kind in _CELLS),
                domain=domain,
                glossary=termbase,
            )
            found += unsupported(
                inline_text(block.inline), block.location.path, block.location.line, domain
            )
        nested = in_list or block.kind == "list_item"
        found += lint_blocks(block.children, words, domain, nested, termbase)
    return found
