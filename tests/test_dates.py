"""The notice's date from git: the day the English of the sentences shown in English
was committed, on a temporary repository with fixed dates."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from metsi18n.config import load_settings
from metsi18n.site import builder as site
from metsi18n.site.dates import blame, changed_on, head
from metsi18n.site.page import prepare
from metsi18n.source import parse_document

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"
ARTICLE = "source/first-aid.md"
#: Lines 13-14 of the article: one sentence over two lines.
LINE_14 = ('[NHS guidance](https://www.nhs.uk/conditions/burns-and-scalds/ "NHS") for details.',)
EDITED = "See the <1>NHS guidance</1> for more details."

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def commit(root: Path, message: str, committed: str, authored: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "C",
        "GIT_COMMITTER_EMAIL": "c@example.org",
        "GIT_AUTHOR_DATE": authored or committed,
        "GIT_COMMITTER_DATE": committed,
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def notice_date(out: Path, page: str) -> str:
    """The date the notice of ``page`` names (its last date), with plain spaces."""
    html = (out / page).read_text(encoding="utf-8").replace("\u00a0", " ")
    notice = re.search(r'<div class="notice" role="note">(.*?)</div>', html, re.S)
    assert notice is not None, page
    return re.findall(r"\d+ \S+ \d{4}", notice[1])[-1]


def edit_line_14(root: Path) -> None:
    source = root / ARTICLE
    text = source.read_text(encoding="utf-8")
    assert LINE_14[0] in text.splitlines()[13]
    source.write_text(text.replace(" for details.", " for more details."), encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The golden project as the first commit of a repository."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit(root, "base", "2026-01-05T10:00:00+00:00")
    return root


def test_the_notice_gives_the_day_the_sentence_shown_in_english_was_committed(
    repository: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    site.build(load_settings(repository), out)
    # The first commit's lines: no known date (a shallow clone's cut looks the same).
    assert notice_date(out, "fr/first-aid.html") == "14 mars 2026"  # the front matter's
    edit_line_14(repository)
    site.build(load_settings(repository), out)
    assert notice_date(out, "fr/first-aid.html") == "14 mars 2026"  # not committed yet
    # Committed at 23:30 on 20 May in UTC-2 (21 May in UTC), written on 1 February.
    commit(repository, "edit", "2026-05-20T23:30:00-02:00", "2026-02-01T09:00:00+00:00")
    result = site.build(load_settings(repository), out)  # the same files: a new HEAD
    assert "fr/first-aid.html" in result.written
    assert notice_date(out, "fr/first-aid.html") == "20 mai 2026"
    assert notice_date(out, "ar/first-aid.html") == "20 مايو 2026"  # the edit: in English too
    assert notice_date(out, "fr/burn-warnings.html") == "20 mars 2026"  # another file's
    assert "fr/burn-warnings.html" not in result.written
    assert site.build(load_settings(repository), out).written == []
    again = tmp_path / "again"
    site.build(load_settings(repository), again, jobs=2)
    for page in out.rglob("*.html"):
        assert (again / page.relative_to(out)).read_bytes() == page.read_bytes()


def test_a_unit_spanning_two_lines_takes_its_newest_line_and_an_uncommitted_one_the_front_matter(
    repository: Path,
) -> None:
    edit_line_14(repository)
    commit(repository, "edit", "2026-05-20T12:00:00+00:00")
    source = repository / ARTICLE
    source.write_text(
        source.read_text(encoding="utf-8").replace("Keep the person", "Keep them"), "utf-8"
    )
    head.cache_clear()
    subprocess.run(["git", "-C", str(repository), "config", "blame.showRoot", "true"], check=True)
    dates = blame(repository, Path(ARTICLE))
    assert dates["14"] == "2026-05-20"
    assert "13" not in dates  # the first commit's: a boundary, no known date (showRoot or not)
    assert dates["15"] == ""  # not committed
    document = parse_document(source.read_text(encoding="utf-8"), ARTICLE)
    prepared = prepare(document, "sentence")
    assert str(changed_on(prepared, {EDITED}, dates)) == "2026-05-20"
    assert str(changed_on(prepared, {"Keep them <1>warm</1>."}, dates)) == "2026-03-14"
    assert str(changed_on(prepared, {"Do not use ice."}, dates)) == "2026-03-14"


def test_without_git_the_notice_gives_the_front_matter_date(
    repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_line_14(repository)
    commit(repository, "edit", "2026-05-20T12:00:00+00:00")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    out = tmp_path / "out"
    site.build(load_settings(repository), out)
    assert notice_date(out, "fr/first-aid.html") == "14 mars 2026"
