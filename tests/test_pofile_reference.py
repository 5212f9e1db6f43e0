"""The direct PO reader against its reference (the same lexer, with polib parsing entries)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metsi18n import po as pofile
from metsi18n.errors import CatalogError
from tests.po_reference import loads_reference

REPO = Path(__file__).resolve().parent.parent
FILES = sorted(
    {
        *REPO.glob("locales/**/*.po"),
        *REPO.glob("locales/*.pot"),
        *REPO.glob("tests/golden/**/*.po"),
        *REPO.glob("tests/golden/**/*.pot"),
    }
)

SAMPLE = """\
# Translator comment
msgid ""
msgstr ""
"Language: cs\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;\\n"

#. Paragraph 1
#: source/a.md:3
#, fuzzy, python-format
#| msgctxt "old"
#| msgid "Old "
#| "text"
msgctxt "ctx"
msgid "Tab\\there, \\"quoted\\", bell\\a, octal \\101 "
"and a long continuation"
msgstr "Přeloženo"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Jeden"
msgstr[1] "%d soubory"
msgstr[2] "%d souborů"

#~ msgid "Gone"
#~ msgstr "Pryč"
"""


def result(data: bytes, reader: object) -> object:
    try:
        return reader(data, "x.po")  # type: ignore[operator]
    except CatalogError as exc:
        return str(exc)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_catalog_of_the_repository_reads_the_same(path: Path) -> None:
    data = path.read_bytes()
    assert pofile.loads(data, str(path)) == loads_reference(data, str(path))


def test_the_sample_reads_the_same_and_keeps_everything() -> None:
    data = SAMPLE.encode("utf-8")
    po = pofile.loads(data, "x.po")
    assert po == loads_reference(data, "x.po")
    first = po.messages[0]
    assert first.msgid == 'Tab\there, "quoted", bell\a, octal A and a long continuation'
    assert (first.previous_msgctxt, first.previous_msgid) == ("old", "Old text")
    assert po.messages[1].msgstr_plural == ("Jeden", "%d soubory", "%d souborů")
    assert po.messages[2].obsolete


LINES = SAMPLE.split("\n")
edits = st.lists(
    st.tuples(
        st.integers(0, len(LINES) - 1),
        st.sampled_from(["drop", "dup", "junk", "quote", "hash", "tilde", "swap"]),
        st.sampled_from(['"', "\\", "msgid", "#|", "#~ ", "msgstr[3] ", "x", " "]),
    ),
    max_size=4,
)


@given(edits)
@settings(max_examples=300, deadline=None)
def test_damaged_catalogs_give_the_same_entries_or_the_same_error(
    script: list[tuple[int, str, str]],
) -> None:
    lines = list(LINES)
    for at, operation, piece in script:
        at %= len(lines)
        if operation == "drop":
            del lines[at]
        elif operation == "dup":
            lines.insert(at, lines[at])
        elif operation == "junk":
            lines[at] = lines[at] + piece
        elif operation == "quote":
            lines[at] = lines[at].replace('"', piece, 1)
        elif operation == "hash":
            lines[at] = "#" + lines[at]
        elif operation == "tilde":
            lines[at] = "#~ " + lines[at]
        else:
            lines[at], lines[-1] = lines[-1], lines[at]
        if not lines:
            lines = [""]
    data = "\n".join(lines).encode("utf-8")
    assert result(data, pofile.loads) == result(data, loads_reference)
