"""stats: counts per state, and word counts that agree with Translate Toolkit's pocount."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n import po as pofile
from metsi18n.cli import main
from metsi18n.po import Message, POFile
from metsi18n.quality.stats import catalog_stats, wordcount
from tests.conftest import FIXTURES, REPO

SAMPLES = [
    "What are liver metastases?",
    "See <1>the leaflet</1> and <2/>, e.g. on p. 3.",
    "Take 2.5 mg (or 2,5 mg) twice; 10,000 people, 50% of them.",
    "%(num)d minutes read",
    "Line<br/>break and <b class='x'>bold</b> <a href=\"u\">link</a>",
    "don't can't U.S.A. co-operate a.b.c 1.2.3",
    "肝転移とは何ですか？ 広がります。",
    "ما هي النقائل الكبدية؟",
    "Jaterní metastázy jsou zhoubné nádory.",
    "  ...  --  ",
    "",
    *FIXTURES.joinpath("liver-metastases.original.txt").read_text(encoding="utf-8").splitlines(),
]


@pytest.mark.parametrize("text", SAMPLES)
def test_wordcount_agrees_with_pocount(text: str) -> None:
    pocount = pytest.importorskip("translate.tools.pocount")
    assert wordcount(text) == pocount.wordcount(text)


def test_wordcount_ignores_tags() -> None:
    assert wordcount("See <1>the leaflet</1> and <2/>.") == 4


def test_counts_per_state() -> None:
    po = POFile(
        headers=(("Language", "cs"),),
        messages=(
            Message("One two three.", "Jedna dva tři."),
            Message("Four five.", "Čtyři pět.", flags=("fuzzy",)),
            Message("Six.", ""),
            Message("Seven eight.", "", flags=("fuzzy",)),  # fuzzy without text: untranslated
            Message("Nine.", "Devět.", obsolete=True),
            # "%(n)d day" is 3 words for pocount (n, d, day)
            Message("%(n)d day", msgid_plural="%(n)d days", msgstr_plural=("a", "b", "c")),
        ),
    )
    stats = catalog_stats(po, "cs", "a")
    assert stats.messages == {"translated": 2, "fuzzy": 1, "untranslated": 2, "obsolete": 1}
    assert stats.words == {"translated": 9, "fuzzy": 2, "untranslated": 3, "obsolete": 1}
    assert stats.total == 5
    assert stats.percent == 40.0


def _repository_catalogs() -> list[Path]:
    return sorted((REPO / "locales").rglob("*.po")) + sorted((REPO / "locales").glob("*.pot"))


@pytest.mark.parametrize("path", _repository_catalogs(), ids=lambda p: p.name)
def test_stats_agree_with_pocount_on_every_catalog_of_the_repository(path: Path) -> None:
    pocount = pytest.importorskip("translate.tools.pocount")
    theirs = pocount.calcstats(str(path))
    ours = catalog_stats(pofile.loads(path.read_bytes(), path.name), "x", "x")
    assert ours.total_words == theirs["totalsourcewords"]
    assert ours.words["translated"] == theirs["translatedsourcewords"]
    assert ours.words["fuzzy"] == theirs["fuzzysourcewords"]
    assert ours.words["untranslated"] == theirs["untranslatedsourcewords"]
    assert ours.messages["translated"] == theirs["translated"]
    assert ours.total == theirs["total"]


CS_HEADER = """\
msgid ""
msgstr ""
"Language: cs\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

"""


@pytest.fixture
def stats_project(make_project: object) -> Path:
    config = (
        '[project]\nname = "T"\nbase_url = "https://example.org/"\n\n'
        '[languages]\ncs = { status = "published" }\npl = { status = "draft" }\n'
    )
    root: Path = make_project({}, config)  # type: ignore[operator]
    locales = root / "locales"
    (locales / "cs" / "LC_MESSAGES").mkdir(parents=True)
    template = '#: source/a.md:1\nmsgid "Rest well."\nmsgstr ""\n\nmsgid "Eat."\nmsgstr ""\n'
    (locales / "a.pot").write_text(CS_HEADER + template, encoding="utf-8")
    catalog = template.replace('msgstr ""\n\nmsgid "Eat."', 'msgstr "Odpočívejte."\n\nmsgid "Eat."')
    (locales / "cs" / "LC_MESSAGES" / "a.po").write_text(CS_HEADER + catalog, encoding="utf-8")
    return root


def test_stats_command_formats(stats_project: Path, runner: CliRunner) -> None:
    text = runner.invoke(main, ["-C", str(stats_project), "stats"])
    assert text.exit_code == 0, text.output
    assert "cs a: 50% translated; 1 translated (2 words), 0 fuzzy (0 words)" in text.output
    assert "pl a: 0% translated" in text.output
    assert "(no catalog yet)" in text.output
    data = json.loads(
        runner.invoke(main, ["-C", str(stats_project), "stats", "--format", "json"]).output
    )
    assert [row["language"] for row in data["languages"]] == ["cs", "pl"]
    assert data["catalogs"][0]["messages"] == {
        "translated": 1, "fuzzy": 0, "untranslated": 1, "obsolete": 0, "total": 2
    }  # fmt: skip
    markdown = runner.invoke(
        main, ["-C", str(stats_project), "stats", "-l", "cs", "--format", "markdown"]
    )
    assert markdown.output.splitlines()[2] == "| cs | published | 50% (1/2) | 0 | 1 | 0 | 2/3 |"


def test_stats_of_an_unknown_language_is_bad_input(stats_project: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["-C", str(stats_project), "stats", "-l", "xx-Nope"])
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
