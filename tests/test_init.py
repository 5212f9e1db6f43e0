"""metsi18n init: codes, safe folders, headers, Plural-Forms checked against GNU msginit."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main
from metsi18n.languages import language_info

needs_gettext = pytest.mark.skipif(shutil.which("msginit") is None, reason="GNU gettext missing")

# --- a tiny evaluator of Plural-Forms (C syntax over n); no eval of the text ---------------

Node = Callable[[int], int]
_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY: list[dict[str, Callable[[int, int], int]]] = [
    {"||": lambda a, b: int(bool(a) or bool(b))},
    {"&&": lambda a, b: int(bool(a) and bool(b))},
    {"==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b)},
    {
        "<": lambda a, b: int(a < b),
        ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b),
        ">=": lambda a, b: int(a >= b),
    },
    {"+": lambda a, b: a + b, "-": lambda a, b: a - b},
    {"*": lambda a, b: a * b, "/": lambda a, b: a // b, "%": lambda a, b: a % b},
]


class _Parser:
    """Recursive descent with C precedence: ?: < || < && < == != < relational < + - < * / %."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        position, text = 0, text.strip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                raise ValueError(f"bad plural expression at {text[position:]!r}")
            self.tokens.append(match.group(match.lastindex or 0))
            position = match.end()
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'}, got {token!r}")
        self.position += 1
        return token

    def ternary(self) -> Node:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if condition(n) else no(n)

    def binary(self, level: int) -> Node:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while (token := self.peek()) is not None and token in _BINARY[level]:
            self.take()
            left = _apply(_BINARY[level][token], left, self.binary(level + 1))
        return left

    def unary(self) -> Node:
        token = self.take()
        if token == "!":
            operand = self.unary()
            return lambda n: int(not operand(n))
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise ValueError(f"unexpected {token!r}")


def _apply(operator: Callable[[int, int], int], left: Node, right: Node) -> Node:
    return lambda n: operator(left(n), right(n))


def plural_forms(header: str) -> tuple[int, Node]:
    """``nplurals=3; plural=...;`` -> (3, n -> form)."""
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", header)
    if match is None:
        raise ValueError(f"not a Plural-Forms value: {header!r}")
    parser = _Parser(match.group(2))
    tree = parser.ternary()
    if parser.peek() is not None:
        raise ValueError(f"trailing {parser.peek()!r}")
    return int(match.group(1)), tree


def test_the_evaluator_follows_c_precedence() -> None:
    count, form = plural_forms("nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2;")
    assert count == 3
    assert [form(n) for n in (1, 2, 5, 22, 25, 0)] == [0, 1, 2, 1, 2, 2]
    assert plural_forms("nplurals=2; plural=(n != 1);")[1](1) == 0
    assert plural_forms("nplurals=2; plural=!(n == 1 || n == 2);")[1](3) == 1
    with pytest.raises(ValueError, match="bad plural"):
        plural_forms("nplurals=2; plural=__import__('os');")


# --- Plural-Forms against GNU msginit ---------------------------------------------------------

POT = """\
msgid ""
msgstr ""
"Project-Id-Version: t\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

msgid "%d minute"
msgid_plural "%d minutes"
msgstr[0] ""
msgstr[1] ""
"""
MSGINIT_AGREES = ["cs", "de", "fr", "pl", "ru", "ja", "pt_BR", "sk", "uk", "lt", "lv"]
MSGINIT_AGREES += ["ro", "sl", "es", "it", "he", "ko", "nl", "sv", "hr", "sr", "be"]
#: Languages where languages.py (Babel's table) and msginit 0.21 disagree: reported, not ours.
MSGINIT_DISAGREES = {
    "tr": "Babel's table says nplurals=1 for Turkish; gettext 0.21 says 2 (n != 1)",
    "hu": "Babel's table says nplurals=1 for Hungarian; gettext 0.21 says 2 (n != 1)",
    "ga": "Babel follows CLDR's 5 forms for Irish; gettext 0.21 has 3",
}
#: Arabic, as the GNU gettext manual and Poedit/Weblate write it (msginit 0.21 has none):
#: 3 = n%100 in 3..10 (few), 4 = n%100 in 11..99 (many), 5 = 100..102 etc. (other).
GETTEXT_ARABIC = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)


def msginit_plural_forms(code: str, tmp_path: Path) -> str:
    (tmp_path / "t.pot").write_text(POT, encoding="utf-8")
    subprocess.run(
        ["msginit", "--no-translator", "-l", code, "-i", "t.pot", "-o", "t.po"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    text = (tmp_path / "t.po").read_text(encoding="utf-8")
    found = re.search(r"Plural-Forms: ((?:[^\\]|\\[^n])*)\\n", text.replace('"\n"', ""))
    assert found is not None, text
    return found.group(1)


def same_plural_rule(ours: str, theirs: str) -> bool:
    count, form = plural_forms(ours)
    other_count, other_form = plural_forms(theirs)
    return count == other_count and all(form(n) == other_form(n) for n in range(1001))


@needs_gettext
@pytest.mark.parametrize("code", MSGINIT_AGREES)
def test_plural_forms_map_every_n_as_msginit_does(code: str, tmp_path: Path) -> None:
    ours = language_info(code).plural_forms
    assert same_plural_rule(ours, msginit_plural_forms(code, tmp_path)), ours


@needs_gettext
@pytest.mark.parametrize("code", sorted(MSGINIT_DISAGREES))
def test_known_disagreements_with_msginit(code: str, tmp_path: Path) -> None:
    ours = language_info(code).plural_forms
    assert not same_plural_rule(ours, msginit_plural_forms(code, tmp_path)), MSGINIT_DISAGREES


def test_arabic_follows_the_gettext_order_of_forms() -> None:
    assert same_plural_rule(language_info("ar").plural_forms, GETTEXT_ARABIC)
    _, form = plural_forms(language_info("ar").plural_forms)
    assert [form(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [
        0,
        1,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
        3,
        4,
    ]


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def bare(project: Path) -> Path:
    """The repository's project without its catalogs or registered languages."""
    for folder in (project / "locales").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    config = project / "metsi18n.toml"
    head = config.read_text(encoding="utf-8").split("[languages]")[0]
    config.write_text(head + "[languages]\n", encoding="utf-8")
    return project


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def header_of(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    head = text.split("\n\n", 1)[0].replace('"\n"', "")
    return dict(re.findall(r"([A-Za-z-]+): ((?:[^\\\"]|\\[^n])*)\\n", head))


def test_init_creates_a_catalog_per_domain_and_registers_draft(
    runner: CliRunner, bare: Path
) -> None:
    config_before = (bare / "metsi18n.toml").read_text(encoding="utf-8")
    result = runner.invoke(main, ["-C", str(bare), "init", "cs", "pt-BR"])
    assert result.exit_code == 0, result.output
    for code in ("cs", "pt_BR"):
        folder = bare / "locales" / code / "LC_MESSAGES"
        assert sorted(p.name for p in folder.iterdir()) == ["liver-metastases.po", "site.po"]
    config = (bare / "metsi18n.toml").read_text(encoding="utf-8")
    assert config.startswith(config_before.rstrip("\n"))  # comments and layout kept
    assert config.endswith('[languages]\ncs = { status = "draft" }\npt_BR = { status = "draft" }\n')
    assert "registered cs as draft" in result.output
    header = header_of(bare / "locales" / "cs" / "LC_MESSAGES" / "site.po")
    assert header["Language"] == "cs"
    assert header["Plural-Forms"] == language_info("cs").plural_forms
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Project-Id-Version"] == "metsi18n health articles"
    assert header["PO-Revision-Date"] == "2023-11-14 22:13+0000"  # SOURCE_DATE_EPOCH
    assert header["Language-Team"].startswith("Čeština")
    assert header_of(bare / "locales" / "pt_BR" / "LC_MESSAGES" / "site.po")["Language"] == (
        "pt_BR"
    )


@needs_gettext
def test_new_catalogs_pass_msgfmt_and_msgcat(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "cs", "ar", "ja"]).exit_code == 0
    catalogs = sorted((bare / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(catalogs) == 6
    for path in catalogs:
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        cat = subprocess.run(["msgcat", str(path)], capture_output=True, check=True)
        assert cat.stdout == path.read_bytes(), path
    arabic = (bare / "locales" / "ar" / "LC_MESSAGES" / "site.po").read_text(encoding="utf-8")
    assert 'msgstr[5] ""' in arabic
    assert "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2" in arabic
    japanese = (bare / "locales" / "ja" / "LC_MESSAGES" / "site.po").read_text(encoding="utf-8")
    assert 'msgstr[0] ""\n' in japanese
    assert "msgstr[1]" not in japanese


def test_init_never_overwrites_a_catalog(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "cs"]).exit_code == 0
    site = bare / "locales" / "cs" / "LC_MESSAGES" / "site.po"
    site.write_text(site.read_text(encoding="utf-8") + "\n# mine\n", encoding="utf-8")
    before = snapshot(bare)
    result = runner.invoke(main, ["-C", str(bare), "init", "cs"])
    assert result.exit_code == 0, result.output
    assert "kept locales/cs/LC_MESSAGES/site.po (already there)" in result.output
    assert snapshot(bare) == before


def test_init_fills_in_a_missing_domain(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "cs"]).exit_code == 0
    (bare / "locales" / "cs" / "LC_MESSAGES" / "site.po").unlink()
    result = runner.invoke(main, ["-C", str(bare), "init", "cs"])
    assert result.exit_code == 0
    assert "created locales/cs/LC_MESSAGES/site.po" in result.output


@pytest.mark.parametrize(
    "code", ["../x", "/tmp/x", "", "cs/../../x", "xx-notreal", "qq", "cs\n", "..", "C", "en"]
)
def test_bad_codes_are_refused_and_nothing_is_created(
    runner: CliRunner, bare: Path, code: str
) -> None:
    before = snapshot(bare)
    result = runner.invoke(main, ["-C", str(bare), "init", "de", code])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert snapshot(bare) == before


def test_init_without_a_language_is_a_usage_error(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init"]).exit_code == 2


def test_init_then_export_check_is_up_to_date(runner: CliRunner, bare: Path) -> None:
    assert runner.invoke(main, ["-C", str(bare), "init", "sr-Latn", "zh-Hant"]).exit_code == 0
    assert (bare / "locales" / "sr_Latn" / "LC_MESSAGES" / "site.po").exists()
    assert (bare / "locales" / "zh_Hant" / "LC_MESSAGES" / "site.po").exists()
    result = runner.invoke(main, ["-C", str(bare), "export", "--check"])
    assert result.exit_code == 0, result.output


def test_an_existing_registration_is_left_alone(
    runner: CliRunner, make_project: Callable[..., Path]
) -> None:
    from .conftest import CONFIG

    article = "---\ntitle: T\ndescription: D.\nslug: a\ndate: 2026-01-02\n---\n\nOne.\n"
    root = make_project({"a.md": article}, CONFIG + 'cs = { status = "published" }\n')
    result = runner.invoke(main, ["-C", str(root), "init", "cs"])
    assert result.exit_code == 0, result.output
    assert 'cs = { status = "published" }' in (root / "metsi18n.toml").read_text(encoding="utf-8")
    assert "registered" not in result.output


def test_init_puts_each_new_language_at_its_sorted_place_keeping_comments(
    runner: CliRunner, project: Path
) -> None:
    config = project / "metsi18n.toml"
    before = config.read_text(encoding="utf-8")
    commented = before.replace(
        'cs = { status = "published" }',
        '# Czech: reviewed by the clinic.\ncs = { status = "published" }   # since 2026',
    )
    config.write_text(commented + "\n# Kept at the end.\n", encoding="utf-8")
    result = runner.invoke(main, ["-C", str(project), "init", "zh-Hant", "bg", "pt", "ca"])
    assert result.exit_code == 0, result.output
    languages = config.read_text(encoding="utf-8").split("[languages]\n")[1]
    assert languages.splitlines() == [
        'ar = { status = "published" }',
        'bg = { status = "draft" }',
        'ca = { status = "draft" }',
        "# Czech: reviewed by the clinic.",
        'cs = { status = "published" }   # since 2026',
        'de = { status = "published" }',
        'es = { status = "published" }',
        'fr = { status = "published" }',
        'ja = { status = "published" }',
        'pl = { status = "draft" }',
        'pt = { status = "draft" }',
        'pt_BR = { status = "published" }',
        'zh_Hant = { status = "draft" }',
        "",
        "# Kept at the end.",
    ]
    assert config.read_text(encoding="utf-8").startswith(before.split("[languages]")[0])
