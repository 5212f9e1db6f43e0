"""Every reader of user files either reads or gives one error line: generated input.

The four readers (PO catalogs, front matter, Markdown, metsi18n.toml) get 10,000
generated inputs each, built from the pieces those formats are made of, so most
cases are near-misses rather than noise. Whatever the reader does, it returns or
raises a :class:`Metsi18nError` whose message is one line naming the file: the
command shows exactly that with exit 2 (``cli.errors.handles_errors``); any other
exception would be a traceback. A smaller run goes through the command line itself
(exit 0, 1 or 2; one ``error:`` line; no traceback). Deterministic (derandomize),
so CI sees the same cases on every run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metsi18n import po
from metsi18n.cli import main
from metsi18n.config import load_settings, publish_threshold
from metsi18n.errors import Metsi18nError
from metsi18n.po import plurals
from metsi18n.quality.validity import validate
from metsi18n.source import document_units, parse_document

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"
MANY = settings(
    max_examples=10_000,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def pieces(parts: list[str], max_size: int = 24) -> st.SearchStrategy[str]:
    """Text made of the format's own pieces and a little noise between them."""
    noise = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=4)
    return st.lists(st.one_of(st.sampled_from(parts), noise), max_size=max_size).map("".join)


def reads_or_one_line(read: Callable[[], object], shown: str) -> None:
    try:
        read()
    except Metsi18nError as exc:
        message = str(exc)
        assert "\n" not in message, message
        assert message.startswith(shown), message


# --- PO -----------------------------------------------------------------------------

PO_PIECES = [
    'msgid ""\nmsgstr ""\n',
    '"Content-Type: text/plain; charset=UTF-8\\n"\n',
    '"Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
    '"Content-Type: text/plain; charset=nonsense\\n"\n',
    '"Language: fr\\n"\n',
    '"Plural-Forms: nplurals=2; plural=n > 1;\\n"\n',
    '"Plural-Forms: nplurals=2; plural=n%0;\\n"\n',
    '"Plural-Forms: nplurals=99999999999999999999; plural=n;\\n"\n',
    '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\\n"\n',
    "\n",
    "msgid ",
    "msgid_plural ",
    "msgstr ",
    "msgstr[0] ",
    "msgstr[1] ",
    "msgstr[99999999999] ",
    "msgctxt ",
    '"text"',
    '"%(num)d %s %100000000s"',
    '"<1>tag</1>"',
    '"\\n"',
    '"\\t\\"\\\\"',
    '"\\x41\\101\\u"',
    '"',
    "#, fuzzy\n",
    "#, python-format\n",
    "#, no-python-format, c-format\n",
    "#: source/a.md:3\n",
    "#. note\n",
    "#| msgid ",
    "#~ ",
    "#~| ",
    "# comment\n",
    "\r\n",
    "\ufeff",
]


@MANY
@given(
    st.one_of(
        pieces(PO_PIECES, 40).map(lambda text: text.encode("utf-8")),
        pieces(PO_PIECES, 40).map(lambda text: text.encode("latin-1", "replace")),
        st.binary(max_size=64),
    )
)
def test_a_po_file_reads_or_gives_one_line(data: bytes) -> None:
    def read() -> None:
        catalog = po.loads(data, "locales/fr/LC_MESSAGES/a.po")
        validate(catalog, "locales/fr/LC_MESSAGES/a.po", "fr", "a")
        po.dumps(catalog)

    reads_or_one_line(read, "locales/fr/LC_MESSAGES/a.po")


@settings(MANY, max_examples=2_000)
@given(pieces(["nplurals=", "; plural=", ";", "n", "%", "0", "1", "99999999999", "(", ")",
               "?", ":", "==", "!=", "&&", "||", "/", "-", "!", " "], 30))  # fmt: skip
def test_a_plural_rule_parses_or_is_refused_without_a_crash(text: str) -> None:
    try:
        rule = plurals.parse(text)
    except plurals.PluralFormsError:
        return
    for n in (0, 1, 2, 11, 10**9):
        form = rule.form(n)
        assert form is None or isinstance(form, int)


# --- front matter and Markdown --------------------------------------------------------

FRONT_PIECES = [
    "---\n",
    "title: Sleeping well\n",
    "title: \n",
    'title: "unclosed\n',
    "title: [a, b]\n",
    "slug: sleep\n",
    "slug: Not A Slug\n",
    "date: 2026-01-05\n",
    "date: 2026-13-45\n",
    "date: 2026-02-30 10:00\n",
    "date: 99999-01-01\n",
    "description: Short.\n",
    "description: 3\n",
    "&anchor ",
    "*anchor\n",
    "!!python/object:os.system\n",
    "? ",
    ": ",
    "- ",
    "  ",
    "\t",
    "\n",
]
MARKDOWN_PIECES = [
    "\n",
    "Go to bed. Sleep well.",
    "# Heading\n",
    "1. item\n",
    "- item\n",
    "> quote\n",
    "**bold** ",
    "*em* ",
    "`code` ",
    "```\ncode\n```\n",
    "[link](https://example.org) ",
    "![alt](x.png) ",
    "<b>html</b> ",
    "<script>alert(1)</script>\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "---\n",
    "Dr. Smith, e.g. 2.5 mg. ",
    "\\",
    "&amp; ",
    "<1>",
    "</1>",
]


@MANY
@given(pieces(FRONT_PIECES, 16), pieces(MARKDOWN_PIECES, 4))
def test_front_matter_reads_or_gives_one_line(front: str, body: str) -> None:
    def read() -> None:
        document_units(parse_document(front + body, "source/a.md"))

    reads_or_one_line(read, "source/a.md")


FRONT = "---\ntitle: T\nslug: a\ndate: 2026-01-02\n---\n"


@MANY
@given(pieces(MARKDOWN_PIECES, 30))
def test_markdown_reads_or_gives_one_line(body: str) -> None:
    def read() -> None:
        document = parse_document(FRONT + body, "source/a.md")
        document_units(document, "sentence")
        document_units(document, "paragraph")

    reads_or_one_line(read, "source/a.md")


# --- metsi18n.toml ---------------------------------------------------------------------

TOML_PIECES = [
    "[project]\n",
    'name = "Health"\n',
    "name = 3\n",
    'source_language = "en"\n',
    'source_language = "xx-Nope"\n',
    'base_url = "https://example.org/"\n',
    'segmentation = "paragraph"\n',
    'segmentation = "words"\n',
    "min_translated = 80\n",
    "min_translated = 800\n",
    'min_translated = "high"\n',
    'source_dir = "../../etc"\n',
    'output_dir = "/"\n',
    "[languages]\n",
    'fr = "published"\n',
    'cs = { status = "published", min_translated = 95 }\n',
    'de = { status = "sometimes" }\n',
    'x = "draft"\n',
    "ar = 3\n",
    "[languages.fr]\n",
    "[[project]]\n",
    "= \n",
    '"\n',
    "\n",
]


@pytest.fixture(scope="module")
def toml_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("toml")


@MANY
@given(pieces(TOML_PIECES, 16))
def test_metsi18n_toml_reads_or_gives_one_line(toml_root: Path, text: str) -> None:
    (toml_root / "metsi18n.toml").write_text(text, encoding="utf-8")

    def read() -> None:
        loaded = load_settings(toml_root)
        for language in loaded.languages:
            publish_threshold(loaded, language.code)
            loaded.po_path(language.code, "site")

    reads_or_one_line(read, "metsi18n.toml")


# --- through the command line ------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "project"
    shutil.copytree(FIXTURE, root)
    return root


@settings(MANY, max_examples=150)
@given(
    st.sampled_from(["check", "stats", "lint", "build"]),
    pieces(PO_PIECES, 40),
    pieces(FRONT_PIECES, 10),
)
def test_commands_exit_0_1_or_2_with_one_error_line_and_no_traceback(
    cli_project: Path, command: str, catalog: str, front: str
) -> None:
    (cli_project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po").write_text(
        catalog, encoding="utf-8"
    )
    (cli_project / "source" / "first-aid.md").write_text(front + "Some text.\n", encoding="utf-8")
    args = ["-C", str(cli_project), command]
    if command == "build":
        shutil.rmtree(cli_project.parent / "out", ignore_errors=True)
        args += ["-o", str(cli_project.parent / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("error: ")
        assert result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize(
    "header",
    [
        "nplurals=99999999999999999999; plural=n > 1;",
        "nplurals=2; plural=n%0;",
        "nplurals=2; plural=(n==1 ? 0 : n/0);",
    ],
)
@pytest.mark.parametrize("command", ["export", "check", "stats", "lint", "build"])
def test_a_bad_plural_rule_is_never_a_traceback(tmp_path: Path, header: str, command: str) -> None:
    """Regressions of the audit: each was a traceback (exit 1) in one command or another."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    for name in ("site.po", "sleep.po"):
        path = root / "locales" / "fr" / "LC_MESSAGES" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("nplurals=2; plural=n > 1;", header), encoding="utf-8")
    args = ["-C", str(root), command] + (
        ["-o", str(tmp_path / "out")] if command == "build" else []
    )
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    if command == "check":
        assert result.exit_code == 1
        assert "locales/fr/LC_MESSAGES/site.po:1: error: Plural-Forms" in result.output
