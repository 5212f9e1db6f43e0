"""Validity as msgfmt --check sees it, per entry; msgfmt itself as the referee when installed."""

from __future__ import annotations

import gettext
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from metsi18n.languages import PLURAL_TABLE
from metsi18n.po import Message, POFile
from metsi18n.po import plurals as pluralrule
from metsi18n.quality.validity import (
    check_format,
    plural_forms,
    plural_forms_problem,
    same_plurals,
    validate,
)

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


def problems(
    *messages: Message, headers: tuple[tuple[str, str], ...] = HEADERS, language: str = "cs"
) -> list[str]:
    po = POFile(headers=headers, messages=messages)
    return [f"{f.line}:{f.severity}:{f.message}" for f in validate(po, "x.po", language, "a")]


def headed(language: str, forms: str) -> tuple[tuple[str, str], ...]:
    """HEADERS for a catalog of ``language`` declaring ``Plural-Forms: forms``."""
    values = {"Language": language, "Plural-Forms": forms}
    return tuple((k, values.get(k, v)) for k, v in HEADERS)


def minutes(*forms: str) -> Message:
    return Message("%d minute", msgid_plural="%d minutes", msgstr_plural=forms, lineno=12)


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
    assert problems(headers=polish, language="cs_CZ")[0].startswith("1:error:Language: cs")
    assert problems(headers=()) == ['1:error:no header entry (msgid "")']


def test_plural_formulas_are_compared_by_what_they_do() -> None:
    ours = plural_forms(CS_PLURALS)
    assert ours is not None
    assert same_plurals(ours, (3, "n==1 ? 0 : n>=2 && n<=4 ? 1 : 2"))
    assert not same_plurals(ours, (3, "n==1 ? 0 : n>=2 && n<=5 ? 1 : 2"))
    assert plural_forms("nplurals=3; plural=n===1;") is None


# --- Plural-Forms: any rule a source gives for the language ----------------------------------

CLDR_SPANISH = "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"


def test_a_catalog_with_cldr_2_19s_three_form_rule_for_es_is_valid() -> None:
    assert (
        problems(
            minutes("minuto", "de minutos", "minutos"),
            headers=headed("es", CLDR_SPANISH),
            language="es",
        )
        == []
    )


def test_msginits_rule_for_es_is_valid_too_however_it_is_spelled() -> None:
    for forms in (
        "nplurals=2; plural=(n != 1);",
        "nplurals=2; plural=n!=1;",
        "nplurals=2; plural=n>1 || n==0;",
    ):
        assert (
            problems(minutes("minuto", "minutos"), headers=headed("es", forms), language="es") == []
        )


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("ga", "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;"),  # msginit's
        ("ga", "nplurals=5; plural=n==1 ? 0 : n==2 ? 1 : n>2 && n<7 ? 2 : n>6 && n<11 ? 3 : 4;"),
        ("tr", "nplurals=1; plural=0;"),  # what Babel's table gave before 2.19
        ("pt_BR", "nplurals=2; plural=(n > 1);"),
        (
            "ar",
            "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
            "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
        ),
    ],
)
def test_every_rule_gettext_or_cldr_gives_for_a_language_is_valid(
    language: str, forms: str
) -> None:
    assert plural_forms_problem(language, forms) is None


def test_a_catalog_declaring_two_forms_with_an_entry_of_three_is_a_finding() -> None:
    found = problems(
        minutes("minuto", "de minutos", "minutos"),
        headers=headed("es", "nplurals=2; plural=(n != 1);"),
        language="es",
    )
    assert found == ["12:error:3 plural forms, but Plural-Forms says nplurals=2"]


def test_an_invented_rule_for_fr_is_a_finding() -> None:
    invented = "nplurals=2; plural=n > 2;"
    found = problems(minutes("minute", "minutes"), headers=headed("fr", invented), language="fr")
    assert len(found) == 1
    assert found[0].startswith("1:error:Plural-Forms does not match fr: no rule gettext or CLDR")
    assert "'nplurals=2; plural=(n > 1);'" in found[0]  # what a new catalog gets


@pytest.mark.parametrize(
    ("forms", "problem"),
    [
        ("nplurals=2; plural=n%0;", "divides by zero"),
        ("nplurals=2; plural=n > 1 ? 10/(n-n) : 0;", "divides by zero"),
        ("nplurals=99999999999999999999; plural=n != 1;", "a catalog holds 1 to 10 forms"),
        ("nplurals=" + "9" * 5000 + "; plural=n != 1;", "not nplurals=INTEGER"),
        ("nplurals=0; plural=0;", "a catalog holds 1 to 10 forms"),
        ("nplurals=2; plural=n;", "gives form"),
        ("nplurals=2; plural=" + "(" * 5000 + "n" + ")" * 5000 + ";", "not nplurals=INTEGER"),
        ("nplurals=2; plural=" + "n+" * 3000 + "n;", "not nplurals=INTEGER"),
        ("nplurals=2; plural=__import__('os').system('true');", "not nplurals=INTEGER"),
    ],
)
def test_a_broken_rule_is_a_finding_not_a_crash(forms: str, problem: str) -> None:
    found = problems(minutes("minute", "minutes"), headers=headed("fr", forms), language="fr")
    assert found, forms
    assert problem in found[0]
    assert found[0].startswith("1:error:")


def test_a_division_guarded_by_its_condition_is_no_division_by_zero() -> None:
    assert plural_forms_problem("qq", "nplurals=2; plural=n != 0 && 10/n < 5;") is None
    assert plural_forms_problem("qq", "nplurals=2; plural=n == 0 ? 0 : 10%n == 0;") is None


def test_a_language_metsi18n_does_not_know_is_only_checked_for_sense() -> None:
    headers = headed("qq", "nplurals=2; plural=n > 7;")
    assert problems(minutes("a", "b"), headers=headers, language="qq") == []
    assert problems(minutes("a", "b", "c"), headers=headers, language="qq") == [
        "12:error:3 plural forms, but Plural-Forms says nplurals=2"
    ]


def test_the_comparison_is_made_once_per_language_and_header() -> None:
    header = headed("es", "nplurals=2; plural=n != 1 && 1;")
    problems(minutes("a", "b"), headers=header, language="es")
    before = plural_forms_problem.cache_info().hits
    problems(minutes("a", "b"), headers=header, language="es")
    assert plural_forms_problem.cache_info().hits == before + 1


def test_the_evaluator_follows_c_precedence_and_unsigned_arithmetic() -> None:
    rule = pluralrule.parse("nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2;")
    assert [rule.form(n) for n in (1, 2, 5, 22, 25, 0)] == [0, 1, 2, 1, 2, 2]
    assert pluralrule.parse("nplurals=2; plural=(n != 1);").form(1) == 0
    assert pluralrule.parse("nplurals=2; plural=!(n == 1 || n == 2);").form(3) == 1
    assert pluralrule.parse("nplurals=2; plural=1 + 2 * 3 - 4 / 2 % 3;").form(0) == 5
    assert pluralrule.parse("nplurals=2; plural=n - 1 > 5;").form(0) == 1  # 0 - 1 wraps
    assert pluralrule.parse("nplurals=2; plural=n%0;").form(4) is None
    assert pluralrule.parse("nplurals=2; plural=(n%10 || 0) + (n%10 && 7);").form(5) == 2
    with pytest.raises(pluralrule.PluralFormsError, match="bad plural"):
        pluralrule.parse("nplurals=2; plural=__import__('os');")


def test_the_evaluator_agrees_with_the_standard_librarys_on_every_rule_of_the_table() -> None:
    """gettext.c2py (which compiles the formula to Python) as an independent referee."""
    table = json.loads(PLURAL_TABLE.read_text(encoding="utf-8"))["languages"]
    rules = {value for _, *values in table.values() for value in values}
    ns = [*range(1001), 10**6, 10**6 + 1, 2 * 10**6, 10**9 + 11]
    for value in sorted(rules):
        rule = pluralrule.parse(value)
        reference = gettext.c2py(rule.expression)
        assert pluralrule.evaluate(pluralrule.parse_expression(rule.expression), ns) == [
            reference(n) for n in ns
        ], value


def test_the_samples_cover_every_n_to_ten_thousand_and_the_millions() -> None:
    samples = set(pluralrule.SAMPLES)
    assert set(range(10_001)) <= samples
    assert {10**k for k in range(10)} <= samples
    assert {k * 10**6 for k in range(1, 11)} <= samples
    assert {k * 10**6 + 1 for k in range(1, 10)} <= samples
    # a rule differing only at 1,000,000 (CLDR's "many") is told apart
    assert not same_plurals((2, "n != 1"), (2, "n != 1 && n != 1000000"))
    assert not same_plurals((2, "n != 1"), (2, "n != 1 && n != 7000000"))


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
