"""Validity as msgfmt --check sees it, per entry; msgfmt itself as the referee when installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from metsi18n.pofile import Message, POFile
from metsi18n.validity import check_format, plural_forms, same_plurals, validate

CS_PLURALS = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
HEADERS = (
    ("Project-Id-Version", "Test"),
    ("PO-Revision-Date", "2024-01-01 00:00+0000"),
    ("Last-Translator", "T <t@example.org>"),
    ("Language-Team", "Czech"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Language", "cs"),
    ("Plural-Forms", CS_PLURALS),
)


def problems(*messages: Message, headers: tuple[tuple[str, str], ...] = HEADERS) -> list[str]:
    po = POFile(headers=headers, messages=messages)
    return [f"{f.line}:{f.severity}:{f.message}" for f in validate(po, "cs.po", "cs", "a")]


def test_a_good_catalog_is_valid() -> None:
    plural = Message(
        "%(num)d minute",
        msgid_plural="%(num)d minutes",
        msgstr_plural=("%(num)d minuta", "%(num)d minuty", "%(num)d minut"),
        flags=("python-format",),
    )
    assert problems(Message("Rest.", "Odpočívejte."), plural) == []


def test_header_language_and_plural_forms_must_match_the_folder() -> None:
    wrong = tuple((k, "de" if k == "Language" else v) for k, v in HEADERS)
    assert problems(headers=wrong) == [
        "1:error:Language: de in the header, but the catalog is in cs/"
    ]
    polish = tuple(
        (k, "nplurals=2; plural=(n != 1);" if k == "Plural-Forms" else v) for k, v in HEADERS
    )
    assert problems(headers=polish)[0].startswith("1:error:Plural-Forms does not match cs")
    assert problems(headers=()) == ['1:error:no header entry (msgid "")']


def test_plural_formulas_are_compared_by_what_they_do() -> None:
    ours = plural_forms(CS_PLURALS)
    assert ours is not None
    assert same_plurals(ours, (3, "n==1 ? 0 : n>=2 && n<=4 ? 1 : 2"))
    assert not same_plurals(ours, (3, "n==1 ? 0 : n>=2 && n<=5 ? 1 : 2"))
    assert plural_forms("nplurals=3; plural=n===1;") is None


def test_entries_are_reported_on_their_line() -> None:
    found = problems(
        Message("a\n", "b", lineno=20),
        Message("%(n)d days", msgid_plural="%(n)d days", msgstr_plural=("x", "y"), lineno=30),
        Message("Hi %(name)s", "Ahoj", flags=("python-format",), lineno=40),
        Message("Rest.", "Klid.", lineno=50),
        Message("Rest.", "Odpočinek.", lineno=60),
    )
    assert [line.split(":")[0] for line in found] == ["20", "30", "40", "60"]


def test_python_format_follows_msgfmt() -> None:
    assert list(check_format("%(a)s %(b)d", "%(b)d %(a)s", exact=True)) == []
    assert list(check_format("%(a)s", "%(a)d", exact=True)) != []
    assert list(check_format("%(num)d minutes", "one minute", exact=False)) == []
    assert list(check_format("%s and %d", "%d a %s", exact=True)) != []
    assert list(check_format("50%% of %s", "%s: 50 %%", exact=True)) == []


BROKEN = f"""\
msgid ""
msgstr ""
"Language: cs\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: {CS_PLURALS}\\n"

#, python-format
msgid "Hi %(name)s"
msgstr "Ahoj %(jmeno)s"

msgid "a\\n"
msgstr "b"
"""


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_msgfmt_rejects_what_validate_rejects(tmp_path: Path) -> None:
    path = tmp_path / "cs.po"
    path.write_text(BROKEN, encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    lines = {int(line.split(":")[1]) for line in result.stderr.splitlines() if ".po:" in line}
    found = problems(
        Message("Hi %(name)s", "Ahoj %(jmeno)s", flags=("python-format",), lineno=7),
        Message("a\n", "b", lineno=11),
    )
    ours = {int(line.split(":")[0]) for line in found if ":error:" in line}
    # msgfmt points at the msgstr line of each entry, we at its first line
    starts = [7, 11]
    assert {max(s for s in starts if s <= line) for line in lines if line > 5} == ours
