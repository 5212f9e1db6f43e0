"""The checks' shortcuts give what the full work gives, on random texts made of the
pieces the checks look for (numbers, units, tags, placeholders, addresses, markup).

Each test keeps the plain, slower way of the step it holds (as it was written before
the shortcut) and compares both.
"""

from __future__ import annotations

import decimal
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n import languages
from metsi18n.catalogs import (
    NAMED_RE,
    URL_RE,
    injection_problems,
    markup_problems,
    placeholder_pattern,
    placeholder_problems,
    safety,
    silencing,
)
from metsi18n.catalogs.safety import PLACEHOLDER_RE, markdown_links
from metsi18n.model import Inline
from metsi18n.po import Message, POFile
from metsi18n.quality import checks, gate, plaintext, quantities, terms, validity
from metsi18n.quality.findings import WARNING, Finding
from metsi18n.quality.glossary import Term
from metsi18n.quality.lint import doubled
from metsi18n.source import TAG_RE, MarkupError, decode

PIECES = [
    "2.5", "2,5", "1 000", "1\u00a0000", "1\u202f000", "1.000", "10", "3-4", "2–3", "až",
    "٢٫٥", "١٢٣", "２", "007", "12'000", "½", "²", "mg", "ml", "miligramů", "%", "٪", "°C",
    "h", "hodin", "hodinách", "mg/kg", "/", "denně", "per day", "daily", "IU", "ملغ",
    "ミリグラム", "摂氏", "度", "µg", "m²", "min", "<1>", "</1>", "<2/>", "<3>", "</3>",
    "<0>", "<1/>", "</2/>", "<b>", "</b>", "<script>", "<a href='x'>", "onclick=", "ONload =",
    "javascript:", "data:text/html", "[a](b)", "![i](x.png)", "]", "(", "https://x.org/a",
    "ftp://f.net", "www.ex.com", "WwW.EX.COM", "mailto:a@b.c", ":", "=", "%(num)d",
    "%(num)5d", "%(date)100s", "%s", "%d", "%%", "%(x)", "%.2f", "% d", "{name}", "the",
    "The", "growth", "Growth", "that", "nous", "die", "K", "\u212a", "\u017f", "\u0130", "ß",
    "SS", "Go.", "go.", ".", ",", "?", "!", "？", "؟", "。", "…", "\u037e", " ", "  ", "\n",
    "\t", "\u00a0", "_", "'", "’", "l'homme", "a", "b", "x",
]  # fmt: skip
LANGUAGES = ["cs", "de", "fr", "ar", "ja", "es", "pl", "pt_BR", "en", "el", "zh", "th"]

pieces = st.lists(st.sampled_from(PIECES) | st.text(max_size=2), max_size=14).map("".join)


# --- the slower ways, as written before the shortcuts --------------------------------------
def plain_by_three_substitutions(text: str) -> str:
    for pattern in (TAG_RE, NAMED_RE, URL_RE):
        text = pattern.sub(" ", text)
    return text


_INJECTION_RES = (
    ("HTML markup", re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")),
    ("an event handler", re.compile(r"\bon[a-z]+\s*=", re.I)),
    ("a script address", re.compile(r"\b(?:java|vb)script\s*:|\bdata\s*:\s*text/html", re.I)),
    ("a Markdown link", re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")),
    ("a web address", URL_RE),
)


def injection_by_every_pattern(source: str, translation: str) -> Iterator[str]:
    for what, pattern in _INJECTION_RES:
        for match in pattern.finditer(TAG_RE.sub(" ", translation)):
            if match.group(0) not in source:
                yield f"{what} not in the source: {match.group(0)!r}"


def markup_by_decoding_always(source: str, translation: str) -> Iterator[tuple[str, bool]]:
    numbers = {int(m.group(2)) for m in TAG_RE.finditer(source)}
    nodes = tuple(
        Inline("void", tag="code") if f"<{n}/>" in source else Inline("open", tag="em")
        for n in range(1, max(numbers, default=0) + 1)
    )
    try:
        decode(translation, nodes)
    except MarkupError as exc:
        yield str(exc), True
        return
    used = {int(m.group(2)) for m in TAG_RE.finditer(translation)}
    for number in sorted(numbers - used):
        if nodes[number - 1].kind == "void":
            yield f"tag <{number}/> of the source is missing", True
        else:
            yield f"tags <{number}>...</{number}> of the source are dropped", False


def placeholders_by_counting_always(
    source: str, translation: str, pattern: re.Pattern[str], one_number: bool
) -> Iterator[str]:
    have = Counter(m.group(0) for m in pattern.finditer(source))
    got = Counter(m.group(0) for m in pattern.finditer(translation))
    for item in () if one_number else sorted((have - got).elements()):
        yield f"placeholder {item} of the source is missing"
    for item in sorted((got - have).elements()):
        yield f"placeholder {item} is not in the source"


def read_number_by_babel(text: str, code: str) -> Decimal | None:
    locale = languages._parse(code)
    digits = "".join(str(int(c)) if c.isdecimal() else c for c in text)
    try:
        return parse_decimal(digits, locale=locale, strict=True)
    except (NumberFormatError, decimal.InvalidOperation):
        return None


def unit_at_by_every_alias(text: str, start: int, language: str) -> tuple[str, int] | None:
    position = start
    while position < len(text) and text[position] in quantities._SPACE:
        position += 1
    rest = text[position : position + 40].casefold()
    for alias, unit in quantities._aliases(language):
        if rest.startswith(alias):
            end = position + len(alias)
            script = quantities._script
            if (alias[-1].isalpha() and end < len(text) and text[end].isalpha()
                    and script(text[end]) == script(alias[-1])):  # fmt: skip
                continue
            return unit, end
    return None


def unit_before_by_every_prefix(text: str, start: int, language: str) -> str | None:
    head = text[max(0, start - 12) : start].rstrip(quantities._SPACE).casefold()
    for alias, unit in quantities._prefixes(language):
        if head.endswith(alias):
            return unit
    return None


def numbers_by_counters(source: str, translation: str, language: str) -> list[str]:
    def values(text: str, code: str) -> Counter[Decimal | str]:
        tokens = (match.group(0) for match in quantities.NUMBER_RE.finditer(text))
        return Counter(quantities.read_value(token, code) for token in tokens)

    plain = plaintext.plain(source), plaintext.plain(translation)
    want, have = values(plain[0], "en"), values(plain[1], language)
    found = [
        f"number {v} of the source is missing" for v in sorted((want - have).elements(), key=str)
    ]
    found += [f"number {v} is not in the source" for v in sorted((have - want).elements(), key=str)]
    return found + [message for message, _ in quantities.unit_problems(*plain, language)]


# --- the shortcuts against them --------------------------------------------------------------
@settings(max_examples=3000, deadline=None)
@given(pieces)
def test_plain_text_applies_a_pattern_only_where_it_can_match(text: str) -> None:
    assert plaintext.plain(text) == plain_by_three_substitutions(text)


@settings(max_examples=3000, deadline=None)
@given(pieces, pieces)
def test_injection_skips_only_the_patterns_that_cannot_match(source: str, text: str) -> None:
    assert list(injection_problems(source, text)) == list(injection_by_every_pattern(source, text))


@settings(max_examples=3000, deadline=None)
@given(pieces, pieces)
def test_markup_reads_a_text_without_tags_as_the_decoder_does(source: str, text: str) -> None:
    assert list(markup_problems(source, text)) == list(markup_by_decoding_always(source, text))


tag_texts = st.lists(
    st.sampled_from(["<1>", "</1>", "<2>", "</2>", "<2/>", "<3/>", "</3>", "<3>", "<4>",
                     "</4/>", "<12>", "</12>", "x", " ", "<", ">", "/"]),
    max_size=10,
).map("".join)  # fmt: skip


@settings(max_examples=5000, deadline=None)
@given(tag_texts, tag_texts)
def test_the_tag_walk_says_what_the_decoder_says(source: str, text: str) -> None:
    """catalogs.safety walks the tags itself (its check loads no Markdown parser)."""
    assert list(markup_problems(source, text)) == list(markup_by_decoding_always(source, text))


@settings(max_examples=3000, deadline=None)
@given(pieces, pieces, st.sampled_from(LANGUAGES), st.sampled_from(["site", "big"]), st.booleans())
def test_a_check_skipped_for_what_it_needs_finds_nothing_there(
    source: str, text: str, language: str, domain: str, python_format: bool
) -> None:
    """check_message asks a check's ``needs`` first (a tag, a ``%``, a digit...)."""
    flags = ("python-format",) if python_format else ()
    pair = checks.Pair(source, text, language, flags, None, domain)
    for item in checks.CHECKS.values():
        if item.needs is not None and not item.needs(pair):
            assert list(item.function(pair)) == [], item.name


def test_what_the_checks_need_is_asked_of_the_texts_they_read() -> None:
    needs = {name: item.needs for name, item in checks.CHECKS.items() if item.needs}
    assert set(needs) == {"markup", "injection", "numbers", "placeholders", "terminology"}
    assert not needs["markup"](checks.Pair("Take it.", "Vezměte to."))
    assert needs["markup"](checks.Pair("Take it.", "Vezměte <1>to."))
    assert not needs["numbers"](checks.Pair("Take it.", "Vezměte to."))
    assert needs["numbers"](checks.Pair("Take ٢ of them.", "Vezměte je."))
    assert needs["injection"](checks.Pair("See it.", "Viz WWW.example.org."))
    assert not needs["placeholders"](checks.Pair("Take it.", "Vezměte to."))


def test_the_catalogs_tag_pattern_is_the_sources() -> None:
    assert safety.TAG_RE.pattern == TAG_RE.pattern
    assert safety.TAG_RE.flags == TAG_RE.flags


@settings(max_examples=2000, deadline=None)
@given(pieces, pieces, st.sampled_from(["site", "big"]), st.booleans(), st.booleans())
def test_placeholders_without_a_percent_sign_are_none(
    source: str, text: str, domain: str, python_format: bool, one_number: bool
) -> None:
    pattern = placeholder_pattern(("python-format",) if python_format else (), domain)
    fast = list(placeholder_problems(source, text, pattern, one_number))
    assert fast == list(placeholders_by_counting_always(source, text, pattern, one_number))


@settings(max_examples=3000, deadline=None)
@given(pieces)
def test_a_text_doubled_words_leaves_unread_has_no_repeat(text: str) -> None:
    if doubled(text):
        assert plaintext.may_repeat(text)


def test_the_repeats_lint_finds_are_read() -> None:
    for text in ("growth growth", "Go. Go.", "x,go go", "the liver the liver", "a b a a b a"):
        assert doubled(text), text
        assert plaintext.may_repeat(text), text
    assert not plaintext.may_repeat("one two three, four. Five six!")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=25), st.sampled_from(LANGUAGES))
def test_a_run_of_digits_is_read_as_babel_reads_it(digits: str, language: str) -> None:
    fast = languages.read_number(digits, language)
    slow = read_number_by_babel(digits, language)
    assert repr(fast) == repr(slow)


@settings(max_examples=3000, deadline=None)
@given(pieces, st.sampled_from(LANGUAGES))
def test_units_are_found_where_every_alias_is_tried(text: str, language: str) -> None:
    for start in range(len(text) + 1):
        assert quantities._unit_at(text, start, language) == unit_at_by_every_alias(
            text, start, language
        )
        assert quantities._unit_before(text, start, language) == unit_before_by_every_prefix(
            text, start, language
        )


@settings(max_examples=3000, deadline=None)
@given(pieces, pieces, st.sampled_from(LANGUAGES))
def test_numbers_compare_as_counting_every_number_does(
    source: str, text: str, language: str
) -> None:
    fast = [problem.message for problem in checks.numbers(source, text, language)]
    assert fast == numbers_by_counters(source, text, language)


def test_the_words_for_per_day_fit_in_the_look_ahead() -> None:
    words = [word.casefold() for forms in quantities._DAILY.values() for word in forms]
    assert max(map(len, words)) < quantities._LOOK_AHEAD


def test_the_kind_of_an_end_mark_is_the_first_group_holding_it() -> None:
    groups = (("question", "?？؟\u037e"), ("exclamation", "!！"), ("colon", ":："),
              ("full stop", ".。．।۔։။።…"))  # fmt: skip
    for char in "".join(marks for _, marks in groups) + "a;":
        expected = next((kind for kind, marks in groups if char in marks), "none")
        assert checks._kind(char) == expected
    assert checks._kind("") == "none"


def consistency_by_listing_every_sentence(catalogs: list[gate.Catalog]) -> list[Finding]:
    seen: dict[tuple[str | None, str], list[tuple[gate.Catalog, Message]]] = {}
    for catalog in catalogs:
        for message in catalog.po.messages if catalog.po is not None else ():
            if message.translated and not message.obsolete and message.msgid_plural is None:
                seen.setdefault((message.msgctxt, message.msgid), []).append((catalog, message))
    found = []
    for entries in seen.values():
        if len({message.msgstr for _, message in entries}) < 2:
            continue
        for catalog, message in entries:
            if "ignore-consistency" in silencing(message):
                continue
            other_catalog, other = next((c, m) for c, m in entries if m.msgstr != message.msgstr)
            text = (
                f"{gate.quote(message.msgid)} is translated otherwise in "
                f"{other_catalog.file}:{other.lineno}: {gate.quote(other.msgstr)}"
            )
            found.append(catalog.finding(message.lineno, "consistency", WARNING, text))
    return found


entries = st.lists(
    st.tuples(
        st.sampled_from(["Rest.", "Drink.", "Eat.", "Sleep."]),
        st.sampled_from(["", "Ruhe.", "Trinken.", "Essen."]),
        st.sampled_from([(), ("fuzzy",), ("ignore-consistency",)]),
    ),
    max_size=4,
    unique_by=lambda entry: entry[0],
)


@settings(max_examples=500, deadline=None)
@given(st.lists(entries, min_size=1, max_size=4))
def test_consistency_names_the_same_entries_as_listing_every_sentence(
    contents: list[list[tuple[str, str, tuple[str, ...]]]],
) -> None:
    catalogs = [
        gate.Catalog(
            "de",
            f"d{number}",
            f"d{number}.po",
            POFile(
                messages=tuple(Message(s, t, flags=f, lineno=i) for i, (s, t, f) in enumerate(c))
            ),
            None,
        )
        for number, c in enumerate(contents)
    ]
    assert gate.consistency(catalogs) == consistency_by_listing_every_sentence(catalogs)


# --- the patterns rewritten to read a hostile translation in linear time --------------------
_OLD_PLACEHOLDER_RE = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")
_OLD_NAMED_RE = re.compile(r"%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
directive_texts = st.text(alphabet="%0123456789-#+ .()adsxa_\n", max_size=40)
link_texts = st.text(alphabet="[]()!\nab ", max_size=40)


@settings(max_examples=3000, deadline=None)
@given(directive_texts)
def test_placeholders_are_the_directives_the_backtracking_patterns_found(text: str) -> None:
    for new, old in ((PLACEHOLDER_RE, _OLD_PLACEHOLDER_RE), (NAMED_RE, _OLD_NAMED_RE)):
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]


@settings(max_examples=3000, deadline=None)
@given(link_texts | pieces)
def test_markdown_links_are_what_the_link_pattern_finds(text: str) -> None:
    pattern = dict(_INJECTION_RES)["a Markdown link"]
    assert list(markdown_links(text)) == [m.group(0) for m in pattern.finditer(text)]


def test_a_run_of_brackets_or_zeros_is_read_in_one_pass() -> None:
    # Counted, not timed: the link reader looks for "]" and ")" once per stretch of text.
    searched: list[int] = []
    original = safety._LINK_TEXT_END

    class Counting:
        def search(self, text: str, position: int) -> re.Match[str] | None:
            searched.append(position)
            return original.search(text, position)

    safety._LINK_TEXT_END = Counting()  # type: ignore[assignment]
    try:
        assert list(markdown_links("[" * 10_000 + "](")) == []
    finally:
        safety._LINK_TEXT_END = original
    assert len(searched) == 1


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="%()a5.*hl- \n", max_size=30))
def test_directives_with_names_are_found_as_the_patterns_find_them(text: str) -> None:
    named = validity._DIRECTIVE_RE
    expected = [(m.group("name"), m.group("type")) for m in named.finditer(text)]
    assert validity.directives(text) == [item for item in expected if item[1] != "%"]
    chrome = placeholder_pattern((), "site")
    found = [m.group(0) for m in chrome.finditer(text)]
    assert list(safety._directives(chrome, text)) == found


def test_a_run_of_unclosed_names_is_read_once() -> None:
    searched: list[int] = []
    original = validity._DIRECTIVE_RE

    class Counting:
        def match(self, text: str, position: int) -> re.Match[str] | None:
            searched.append(position)
            return original.match(text, position)

    validity._DIRECTIVE_RE = Counting()  # type: ignore[assignment]
    try:
        assert validity.directives("%(" * 1_000) == [(None, "(")] * 1_000
    finally:
        validity._DIRECTIVE_RE = original
    assert searched == []  # no "%(" could close: the name is never read


def longest_by_comparing_every_kept(matches: list[terms.Match]) -> list[terms.Match]:
    kept: list[terms.Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        size = match.end - match.start
        if not any(k.start <= match.start and match.end <= k.end and k.end - k.start > size
                   for k in kept):  # fmt: skip
            kept.append(match)
    return kept


spans = st.lists(st.tuples(st.integers(0, 12), st.integers(1, 6)), max_size=10)


@settings(max_examples=3000, deadline=None)
@given(spans)
def test_the_longest_matches_are_those_no_longer_one_holds(places: list[tuple[int, int]]) -> None:
    matches = [
        terms.Match(Term(f"t{i}", "cs", f"t{i}", "preferred"), start, start + size)
        for i, (start, size) in enumerate(places)
    ]
    assert terms.longest(matches) == longest_by_comparing_every_kept(matches)


# --- the number pattern and the repeat filter written for speed --------------------------
_OLD_NUMBER_RE = re.compile(r"\d+(?:[.,'’\u066b\u066c]\d+|[ \u00a0\u202f\u2009]\d{3}(?!\d))*")
number_texts = st.text(alphabet="0123456789٢٫٬.,'’ \u00a0\u202f\u2009x-", max_size=30)


@settings(max_examples=3000, deadline=None)
@given(number_texts | pieces)
def test_the_number_pattern_finds_what_it_found_written_with_a_plus(text: str) -> None:
    old = [m.span() for m in _OLD_NUMBER_RE.finditer(text)]
    assert [m.span() for m in quantities.NUMBER_RE.finditer(text)] == old


repeating = st.lists(
    st.sampled_from(["go", "Go", "GO", "a", "b", "x,", ".", ",", " ", "  ", "\n", "ß", "SS",
                     "ss", "l'homme", "die", "nous", "2", "_"]),
    max_size=16,
).map("".join)  # fmt: skip


@settings(max_examples=5000, deadline=None)
@given(repeating | pieces, st.sampled_from(["cs", "de", "fr", "en"]))
def test_the_repeat_filter_lets_every_repeat_lint_finds_through(text: str, language: str) -> None:
    """``doubled-words`` with the filter gives what it gives reading every text."""
    allowed = {"that", "had"} | checks._DOUBLE_OK.get(language, set())
    if doubled(text) or doubled(text, allowed):
        assert plaintext.may_repeat(text)
    pair = checks.Pair("x", text, language)
    by_reading_every_text = [
        f"doubled: {item.phrase!r}"
        for item in doubled(pair.plain_translation, allowed)
        if item.phrase.casefold() not in {d.phrase.casefold() for d in doubled(pair.plain_source)}
    ]
    assert list(checks.doubled_words.function(pair)) == by_reading_every_text


def whitespace_by_stripping_always(source: str, translation: str) -> list[str]:
    def lead(text: str) -> str:
        return text[: len(text) - len(text.lstrip())]

    def trail(text: str) -> str:
        return text[len(text.rstrip()) :]

    found = [
        f"white space at the {edge} differs from the source ({want!r}, not {have!r})"
        for edge, want, have in (
            ("start", lead(source), lead(translation)),
            ("end", trail(source), trail(translation)),
        )
        if want != have
    ]
    if "  " in translation.strip() and "  " not in source.strip():
        found.append("double space")
    return found


edged = st.lists(
    st.sampled_from(["a", "Go", " ", "  ", "\n", "\t", "\u00a0", "\u2028", "\x1c", "x y", ".", ""]),
    max_size=8,
).map("".join)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(edged | pieces, edged | pieces)
def test_white_space_is_stripped_only_at_edges_that_have_some(source: str, text: str) -> None:
    pair = checks.Pair(source, text, "cs")
    assert list(checks.whitespace.function(pair)) == whitespace_by_stripping_always(source, text)
    unchanged = text.strip() == source.strip() and bool(re.search(r"[^\W\d_]", pair.plain_source))
    assert list(checks.unchanged.function(pair)) == (
        ["the translation is the source unchanged (if meant, flag it ignore-unchanged)"]
        if unchanged
        else []
    )


@settings(max_examples=2000, deadline=None)
@given(edged | pieces, edged | pieces)
def test_the_newline_edges_are_compared_as_startswith_and_endswith_do(
    source: str, text: str
) -> None:
    po = POFile(headers=(("Language", "cs"),), messages=(Message(source, text, lineno=7),))
    found = [f.message for f in validity.validate(po, "f.po", "cs", "d") if f.line == 7]
    expected = [
        f"msgid and msgstr do not both {edge} with a newline"
        for edge, test in (("begin", str.startswith), ("end", str.endswith))
        if text and test(source, "\n") != test(text, "\n")
    ]
    assert found == expected
