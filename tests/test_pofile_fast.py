"""The fast PO reader (pofast.py) against the strict lexer it stands in for.

``pofile.loads`` tries :func:`metsi18n.po.fast.parse` first and falls back to the lexer;
``loads_strict`` always uses the lexer. Both must give equal POFiles, or raise
CatalogErrors with the same text, for every input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metsi18n import po as pofile
from metsi18n.errors import CatalogError
from metsi18n.po import fast as pofast
from metsi18n.po.fields import parse_references
from metsi18n.po.lexer import decode, reference_texts
from metsi18n.po.reader import loads_strict
from tests.test_pofile import HEADERS, messages, unique
from tests.test_pofile_reference import FILES, SAMPLE

REPO = Path(__file__).resolve().parent.parent


def result(data: bytes, reader: object) -> object:
    try:
        return reader(data, "x.po")  # type: ignore[operator]
    except CatalogError as exc:
        return f"CatalogError: {exc}"


def same(data: bytes) -> object:
    """Assert that both readers agree on ``data``; return what they gave."""
    fast = result(data, pofile.loads)
    assert fast == result(data, loads_strict)
    return fast


def takes_fast_path(data: bytes) -> bool:
    return pofast.parse(decode(data, "x.po")) is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_catalog_of_the_repository_reads_the_same(path: Path) -> None:
    data = path.read_bytes()
    assert isinstance(same(data), pofile.POFile)
    assert takes_fast_path(data)


def test_benchmark_catalogs_read_the_same(bench_catalogs: list[Path]) -> None:
    assert len(bench_catalogs) > 40
    for path in bench_catalogs:
        data = path.read_bytes()
        assert isinstance(same(data), pofile.POFile), path
        assert takes_fast_path(data), path


TRICKY = [
    SAMPLE,
    "",
    "\n\n",
    "# only a comment\n",
    'msgid "a"\nmsgstr "b"',  # no final newline
    '\n\n\nmsgid "a"\nmsgstr "b"\n',  # leading blank lines
    'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n# e\nmsgid "e"\nmsgstr "f"\n',
    'msgid "a"\n\nmsgstr "b"\n',  # a blank line inside an entry
    '# c\n\nmsgid "a"\nmsgstr "b"\n',  # a blank line after the comments
    'msgid  "a"\nmsgstr "b"\n',
    'msgid "a" \nmsgstr "b"\n',
    ' msgid "a"\nmsgstr "b"\n',
    'msgid"a"\nmsgstr "b"\n',
    'msgid "a" "b"\nmsgstr "c"\n',
    'msgid "a"\n  "b"\nmsgstr "c"\n',
    'msgid "\\101\\x41\\q"\nmsgstr "c"\n',
    'msgid "\\101\\x42"\nmsgstr "c"\n',
    'msgid "\\n\\t\\b\\r\\f\\v\\a\\"\\\\"\n"\\\\"\n"n"\nmsgstr "\\\\\\""\n',
    'msgid "a"\nmsgid_plural "b"\nmsgstr[ 0 ] "c"\nmsgstr[1] "d"\n',
    'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[2] "d"\n',
    'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "c"\n',
    'msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n',
    'msgid "a"\nmsgstr[0] "c"\n',
    "".join(
        f'msgid "{i}"\nmsgid_plural "p"\n' + "".join(f'msgstr[{n}] "{n}"\n' for n in range(i))
        for i in (1, 10)
    ),
    'msgid "a"\nmsgid_plural "p"\n' + "".join(f'msgstr[{n}] "{n}"\n' for n in range(11)),
    'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
    'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Language: cs\\n"\n',  # header last
    '#, fuzzy\n#~ msgid ""\n#~ msgstr "Language: cs\\n"\n',  # obsolete header
    'msgid ""\nmsgid_plural "p"\nmsgstr[0] "Language: cs\\n"\n',  # plural header
    'msgid ""\nmsgstr "odd"\n"Language:cs"\n',
    "# a\n#  b\n#\n#.x\n#. y\n#: a.md:1 b.md\n#: c.md:007\n#, fuzzy\n#! no-wrap, range: 1..3\n"
    'msgid "a"\nmsgstr "b"\n',
    '#, python-format\n#| msgctxt "pc"\n#| msgid "p"\n#| "q"\n#| msgid_plural "pp"\n'
    'msgctxt "c"\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\n"d"\nmsgstr[1] "e"\n',
    '#| msgctxt "pc"\nmsgid "a"\nmsgstr "b"\n',
    '#| msgid_plural "pp"\nmsgid "a"\nmsgstr "b"\n',
    '#| msgid "p"\n#| msgctxt "pc"\nmsgid "a"\nmsgstr "b"\n',
    '#|msgid "p"\nmsgid "a"\nmsgstr "b"\n',
    '# t\n#~| msgid "p"\n#~| "q"\n#~ msgctxt "c"\n#~ msgid "a"\n#~ "b"\n#~ msgid_plural "z"\n'
    '#~ msgstr[0] "c"\n#~ "d"\n#~ msgstr[1] "e"\n',
    '#~ msgid "a"\nmsgstr "b"\n',
    '#| msgid "p"\n#~ msgid "a"\n#~ msgstr "b"\n',
    '#~| msgid "p"\nmsgid "a"\nmsgstr "b"\n',
    '#~ msgid "a"\n"b"\n#~ msgstr "b"\n',
    '#~msgid "a"\n#~msgstr "b"\n',
    '#~ # c\n#~ msgid "a"\n#~ msgstr "b"\n',
    'msgid "a"\nmsgstr "b"\n#~\n',
    'msgid "a"\nmsgstr "b"\n\n#| msgid "p"\n',
    'msgid "a"\nmsgstr "b"\n"c"\n',
    'msgid "a"\n# c\nmsgstr "b"\n',
    'msgid "a\nmsgstr "b"\n',
    'msgid "a"\x0b\nmsgstr "b\x0c"\n"\u2028"\n',
    'msgid "a"\nmsgstr "b"\n\t\nmsgid "c"\nmsgstr "d"\n',
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_inputs_read_the_same(text: str) -> None:
    for data in (
        text.encode(),
        text.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + text.encode(),
    ):
        same(data)


def test_the_fast_path_takes_what_gnu_and_dumps_write() -> None:
    assert takes_fast_path(SAMPLE.replace("\\101", "A").encode())
    assert not takes_fast_path(SAMPLE.encode())  # octal escapes are left to the lexer
    assert not takes_fast_path(b'msgid "a"\n\nmsgstr "b"\n')  # blank line inside an entry
    duplicate = b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n'
    assert not takes_fast_path(duplicate)  # the lexer reports it, with both lines


catalogs = st.builds(
    lambda batch, comments: pofile.POFile(
        headers=HEADERS, header_comments=comments, messages=unique(batch)
    ),
    st.lists(messages(), min_size=1, max_size=8),
    st.sampled_from([(), ("Random catalog",), ("", "  x")]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(po=catalogs, width=st.sampled_from([79, 79, 30, 0]))
def test_what_dumps_writes_takes_the_fast_path_and_reads_the_same(
    po: pofile.POFile, width: int
) -> None:
    data = pofile.dumps(po, width).encode()
    assert takes_fast_path(data)
    assert isinstance(same(data), pofile.POFile)


PIECES = [
    "",
    " ",
    "\t",
    "\v",
    '"',
    "\\",
    "\\n",
    "\\q",
    "\\101",
    "\\x41",
    '"x"',
    "#~ ",
    "#~| ",
    "#| ",
    "#",
    "#, fuzzy",
    "#: a.md:1",
    "msgid ",
    'msgid "x"',
    "msgstr ",
    'msgstr "y"',
    "msgstr[1] ",
    'msgid_plural "p"',
    'msgctxt "c"',
]
OPERATIONS = ["drop", "dup", "swap", "insert", "prefix", "suffix", "inside", "tilde", "join"]
edits = st.lists(
    st.tuples(st.integers(0, 10**6), st.sampled_from(OPERATIONS), st.sampled_from(PIECES)),
    min_size=1,
    max_size=4,
)


def damage(lines: list[str], script: list[tuple[int, str, str]]) -> list[str]:
    lines = list(lines)
    for at, operation, piece in script:
        at %= len(lines)
        line = lines[at]
        if operation == "drop":
            del lines[at]
        elif operation == "dup":
            lines.insert(at, line)
        elif operation == "swap":
            other = (at * 7 + 1) % len(lines)
            lines[at], lines[other] = lines[other], line
        elif operation == "insert":
            lines.insert(at, piece)
        elif operation == "prefix":
            lines[at] = piece + line
        elif operation == "suffix":
            lines[at] = line + piece
        elif operation == "inside":  # into the first string of the line
            quote = line.find('"')
            lines[at] = line if quote < 0 else line[: quote + 1] + piece + line[quote + 1 :]
        elif operation == "tilde":
            lines[at] = "#~ " + line
        elif at + 1 < len(lines):
            lines[at : at + 2] = [line + piece + lines[at + 1]]
        if not lines:
            lines = [""]
    return lines


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    po=catalogs,
    script=edits,
    crlf=st.booleans(),
    final_newline=st.booleans(),
)
def test_damaged_catalogs_give_the_same_result_or_the_same_error(
    po: pofile.POFile, script: list[tuple[int, str, str]], crlf: bool, final_newline: bool
) -> None:
    lines = damage(pofile.dumps(po).split("\n"), script)
    text = "\n".join(lines)
    if not final_newline:
        text = text.rstrip("\n")
    same(text.replace("\n", "\r\n" if crlf else "\n").encode())


@settings(max_examples=200, deadline=None)
@given(script=edits)
def test_the_damaged_sample_gives_the_same_result_or_the_same_error(
    script: list[tuple[int, str, str]],
) -> None:
    same("\n".join(damage(SAMPLE.split("\n"), script)).encode())


references = st.tuples(
    st.text(alphabet="ab/._:-é ", min_size=1, max_size=8),
    st.text(alphabet="0123456789", max_size=4),
).map(lambda parts: " " + ":".join(parts))


@settings(max_examples=2000, deadline=None)
@given(references | st.text(alphabet="ab: 0129\t", max_size=12))
def test_a_one_reference_line_reads_as_the_reference_parser_reads_it(body: str) -> None:
    """``reference_texts`` keeps the body of a ``#: file:12`` line as it is where its number
    has no leading zero; the general parser, written out as before, is the referee."""
    expected = [name if n is None else f"{name}:{n}" for name, n in parse_references(body)]
    assert reference_texts(body) == expected
