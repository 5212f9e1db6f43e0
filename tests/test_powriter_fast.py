"""The writer's shortcuts against its general paths, and catalogs that must round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n.errors import CatalogError
from metsi18n.po import dumps, loads
from metsi18n.po.fields import _PLAIN_REFERENCE, parse_references, reference_lines
from metsi18n.po.linebreak import ClassLetters
from metsi18n.po.writer import _Style, _wrap, _wrap_general
from tests.test_pofile import DIRECTIVES, SENTENCES, SPECIALS, msgcat, needs_gettext

REPO = Path(__file__).resolve().parent.parent

pieces = st.one_of(
    st.text(alphabet="abcdefghij", min_size=1, max_size=30),
    st.sampled_from([" ", "  ", "-", "/", ", ", ". ", "(", ")", "'", '"', "\\", "\t", "\n"]),
    st.sampled_from(SPECIALS),
    st.sampled_from([d for ds in DIRECTIVES.values() for d in ds]),
    st.tuples(st.sampled_from(SENTENCES), st.integers(0, 400), st.integers(1, 100)).map(
        lambda p: p[0][p[1] % len(p[0]) :][: p[2]]
    ),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40),
)
values = st.lists(pieces, max_size=25).map("".join).filter(lambda v: "\0" not in v)
# Lines each ending with a newline, like a header's.
header_like = st.lists(
    st.lists(pieces, max_size=8).map("".join).map(lambda v: v.replace("\n", "") + "\n"),
    min_size=1,
    max_size=6,
).map("".join)


@st.composite
def styles(draw: st.DrawFn) -> _Style:
    cjk = draw(st.booleans())
    return _Style(
        width=draw(st.sampled_from([20, 30, 79, 79, 120, 2**31 - 1])),
        wrap=draw(st.booleans()) or draw(st.booleans()),
        language=draw(st.sampled_from([None, None, "c", "python", "python-brace"])),
        cjk=cjk,
        encoding=draw(st.sampled_from(["utf-8", "euc_jp"])) if cjk else "utf-8",
        classes=ClassLetters(cjk),
    )


@settings(max_examples=3000, deadline=None)
@given(
    value=values | header_like.filter(lambda v: "\0" not in v),
    style=styles(),
    prefix=st.sampled_from(["", "#~ ", "#| ", "#~| "]),
    keyword=st.sampled_from(["msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[1]"]),
)
def test_wrap_matches_its_general_path(
    value: str, style: _Style, prefix: str, keyword: str
) -> None:
    from metsi18n.po.directives import directive_interiors

    interiors = frozenset[int]()
    if style.language and value:
        translated = keyword.startswith("msgstr")
        interiors = directive_interiors(value, style.language, style.encoding, translated)
    width = (style.width if style.wrap else 2**31 - 1) - 2 - len(prefix)
    expected = _wrap_general(prefix, keyword, value, interiors, width, style)
    assert _wrap(prefix, keyword, value, style) == expected


references = st.lists(
    st.sampled_from(["a", "./", ":", "0", "1", "9", "07", " ", "\t", "\n", "\r", ".", "/", "é"]),
    max_size=12,
).map("".join)


def printed(reference: str) -> list[str]:
    """What the general path prints for one reference."""
    texts = []
    for name, line in parse_references(reference):
        while name.startswith("./"):
            name = name[2:]
        texts.append(name if line is None else f"{name}:{line}")
    return texts


@settings(max_examples=1000, deadline=None)
@given(reference=references | st.sampled_from(["src/a.md:12", "a:b:0", "x::3", "./a:1", "a:01"]))
def test_plain_references_print_as_written(reference: str) -> None:
    if _PLAIN_REFERENCE.fullmatch(reference):
        assert printed(reference) == [reference]


@settings(max_examples=500, deadline=None)
@given(refs=st.lists(references, max_size=20), width=st.sampled_from([20, 40, 79]))
def test_reference_lines_match_the_general_path(refs: list[str], width: int) -> None:
    # A leading blank changes nothing parse_references reads but keeps the shortcut out.
    general = reference_lines([f" {r}" for r in refs], width, "utf-8")
    assert reference_lines(refs, width, "utf-8") == general


def catalogs() -> list[Path]:
    found = [
        *REPO.glob("locales/**/*.po"),
        *REPO.glob("locales/*.pot"),
        *REPO.glob("tests/golden/**/*.po"),
        *REPO.glob("tests/golden/**/*.pot"),
    ]
    return sorted(path for path in set(found) if path.is_file())


@needs_gettext
@pytest.mark.parametrize("path", catalogs(), ids=str)
def test_catalogs_round_trip_like_msgcat(path: Path) -> None:
    round_trips_like_msgcat(path)


@needs_gettext
def test_benchmark_catalogs_round_trip_like_msgcat(bench_catalogs: list[Path]) -> None:
    for path in bench_catalogs[::5]:
        round_trips_like_msgcat(path)


def round_trips_like_msgcat(path: Path) -> None:
    data = path.read_bytes()
    try:
        text = dumps(loads(data, str(path)))
    except CatalogError:
        return  # a deliberately broken file
    assert msgcat(text) == text
    if data.isascii() or b"charset=UTF-8" in data:
        original = data.decode("utf-8")
        if msgcat(original) == original:  # written in msgcat's layout already
            assert text == original
