"""metsi18n build --shard K/N: a deterministic share of the pages; the shards add up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n import build as site
from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.pages import in_shard

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden project plus eight more articles (English only), for shards to split."""
    root = tmp_path_factory.mktemp("shard") / "project"
    shutil.copytree(FIXTURE, root)
    text = (root / "source" / "sleep.md").read_text(encoding="utf-8")
    for number in range(8):
        extra = text.replace("slug: sleep", f"slug: extra-{number}")
        extra = extra.replace("title: Sleeping well", f"title: Sleeping well, part {number}")
        (root / "source" / f"extra-{number}.md").write_text(extra, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def full(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("full") / "site"
    site.build(load_settings(project), out)
    return snapshot(out)


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_the_union_of_the_shards_is_the_full_build(
    project: Path, full: dict[str, bytes], count: int, tmp_path: Path
) -> None:
    union: dict[str, bytes] = {}
    for index in range(1, count + 1):
        out = tmp_path / f"shard-{index}"
        site.build(load_settings(project), out, shard=(index, count))
        files = snapshot(out)
        assert not set(files) & set(union), "a file is built by two shards"
        union.update(files)
        if index > 1:
            assert all(name.endswith(".html") and "/" in name for name in files)
    assert union == full


def test_shards_are_deterministic_and_split_by_article(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "a"
    again = tmp_path / "b"
    site.build(load_settings(project), first, shard=(2, 3))
    site.build(load_settings(project), again, shard=(2, 3), jobs=2)
    assert snapshot(first) == snapshot(again)
    slugs = {Path(name).stem for name in snapshot(first)}
    assert slugs == {
        s for s in [f"extra-{n}" for n in range(8)] + ["sleep", "first-aid"] if in_shard(s, 2, 3)
    }
    # A slug's shard depends on the slug alone.
    assert [in_shard("sleep", k, 3) for k in (1, 2, 3)].count(True) == 1


def test_a_shard_rebuilds_into_its_own_folder(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "shard"
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(
            main, ["-C", str(project), "build", "--shard", "2/2", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
    assert "0 files written" in result.output


def test_a_killed_builds_leftovers_do_not_stop_the_next_one(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "shard"
    site.build(load_settings(project), out, shard=(2, 2))
    before = snapshot(out)
    page = next(iter(before))
    # What a staged write leaves when its process dies before the renames.
    leftover = (out / page).parent / f".{Path(page).name}.k3j9x.tmp"
    leftover.write_bytes(b"half a page")
    result = site.build(load_settings(project), out, shard=(2, 2))
    assert result.removed == [leftover.relative_to(out).as_posix()]
    assert snapshot(out) == before


@pytest.mark.parametrize("bad", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2"])
def test_a_bad_shard_is_a_usage_error(project: Path, bad: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["-C", str(project), "build", "--shard", bad, "-o", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert "K/N" in result.output
    assert not (tmp_path / "x").exists()
