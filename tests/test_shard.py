"""metsi18n build --shard K/N: a deterministic share of the pages; the shards add up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from metsi18n.cli import main
from metsi18n.config import load_settings
from metsi18n.site import builder as site
from metsi18n.site.article import in_shard

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
        marker = files.pop(".metsi18n-build", None)  # every shard's folder is a build's own
        assert not set(files) & set(union), "a file is built by two shards"
        assert (marker is None) == (not files), "a shard with pages has the marker, else no folder"
        union.update({".metsi18n-build": marker} if marker else {})
        union.update(files)
        if index > 1:
            pages = [name for name in files if not name.startswith(("media/", "catalogs/"))]
            assert all(name.endswith(".html") and "/" in name for name in pages)
    assert union == full


def test_shards_are_deterministic_and_split_by_article(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "a"
    again = tmp_path / "b"
    site.build(load_settings(project), first, shard=(2, 3))
    site.build(load_settings(project), again, shard=(2, 3), jobs=2)
    assert snapshot(first) == snapshot(again)
    slugs = {Path(name).stem for name in snapshot(first) if "/" in name}
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
    leftover = (out / page).parent / f".metsi18n-tmp.{Path(page).name}.k3j9x.tmp"
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


# --- metsi18n join: the shard folders -> one site ----------------------------------


def join(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["join", *map(str, args)])


@pytest.fixture
def shards(project: Path, tmp_path: Path) -> list[Path]:
    """The three folders of ``build --shard K/3`` (a shard without articles makes none)."""
    folders = []
    for index in (1, 2, 3):
        out = tmp_path / f"shard-{index}"
        site.build(load_settings(project), out, shard=(index, 3))
        out.mkdir(exist_ok=True)
        folders.append(out)
    return folders


def test_the_join_of_three_shards_is_the_full_build_byte_for_byte(
    shards: list[Path], full: dict[str, bytes], tmp_path: Path
) -> None:
    assert all(snapshot(folder) for folder in shards), "every shard holds a page"
    result = join("-o", tmp_path / "site", *shards)
    assert result.exit_code == 0, result.output
    assert snapshot(tmp_path / "site") == full
    assert f"{len(full)} files; {len(full)} written, 0 unchanged, 0 removed" in result.output
    again = join("-o", tmp_path / "site", *reversed(shards))
    assert f"0 written, {len(full)} unchanged, 0 removed" in again.output


def test_an_overlap_is_refused_naming_the_path_and_both_shards(
    shards: list[Path], full: dict[str, bytes], tmp_path: Path
) -> None:
    page = next(name for name in snapshot(shards[1]) if name.endswith(".html"))
    (shards[2] / page).parent.mkdir(parents=True, exist_ok=True)
    (shards[2] / page).write_bytes(b"<p>another page</p>")
    result = join("-o", tmp_path / "site", *shards)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"error: {page}: overlap:")
    assert str(shards[1]) in result.output
    assert str(shards[2]) in result.output
    assert not (tmp_path / "site").exists()


def test_a_refused_join_leaves_the_previous_output_as_it_was(
    shards: list[Path], full: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert join("-o", out, *shards).exit_code == 0
    (shards[2] / "index.html").write_bytes(b"not the index")
    (shards[1] / "extra.html").write_bytes(b"a new file that must not land")
    result = join("-o", out, *shards)
    assert result.exit_code == 2
    assert "error: index.html: overlap:" in result.output
    assert snapshot(out) == full


def test_a_file_in_one_shard_and_a_folder_in_another_is_an_overlap(
    shards: list[Path], tmp_path: Path
) -> None:
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "en").write_bytes(b"a file where the shards have a folder")
    shutil.copy(shards[0] / ".metsi18n-build", odd)
    result = join("-o", tmp_path / "site", *shards, odd)
    assert result.exit_code == 2
    assert f"error: en: overlap: a file in shard folder {odd} and a folder in" in result.output
    assert not (tmp_path / "site").exists()


def test_identical_duplicates_are_taken_once(
    shards: list[Path], full: dict[str, bytes], tmp_path: Path
) -> None:
    (shards[2] / "style.css").write_bytes((shards[0] / "style.css").read_bytes())
    result = join("-o", tmp_path / "site", *shards, shards[1])
    assert result.exit_code == 0, result.output
    # shards[1]'s files and style.css; the marker every shard holds is no duplicate.
    extra = (len(snapshot(shards[1])) - 1) + 1
    assert f"{len(full)} files ({extra} in more than one shard)" in result.output
    assert snapshot(tmp_path / "site") == full


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_shard_folder_that_is_not_there_is_a_usage_error(
    shards: list[Path], kind: str, tmp_path: Path
) -> None:
    bad = tmp_path / "shard-4"
    if kind == "file":
        bad.write_bytes(b"")
    result = join("-o", tmp_path / "site", *shards, bad)
    assert result.exit_code == 2
    assert result.output == (
        f"error: {bad}: no such shard folder\n"
        if kind == "missing"
        else f"error: {bad}: shard is not a folder\n"
    )
    assert not (tmp_path / "site").exists()


def test_join_needs_an_output_and_a_shard(tmp_path: Path) -> None:
    assert join(tmp_path).exit_code == 2
    assert join("-o", tmp_path / "site").exit_code == 2
    assert not (tmp_path / "site").exists()


def test_the_output_folder_is_treated_as_builds(shards: list[Path], tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("mine", encoding="utf-8")
    refused = join("-o", notes, *shards)
    assert refused.exit_code == 2
    assert "is not empty and is not a metsi18n build (no .metsi18n-build;" in refused.output
    assert [p.name for p in notes.iterdir()] == ["todo.txt"]
    inside = join("-o", shards[0] / "site", *shards)
    assert inside.exit_code == 2
    assert "overlaps shard folder" in inside.output
    assert not (shards[0] / "site").exists()


def test_files_no_shard_holds_are_removed_and_leftovers_are_not_copied(
    shards: list[Path], full: dict[str, bytes], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert join("-o", out, *shards).exit_code == 0
    (out / "en" / "stale.html").write_bytes(b"an article since removed")
    leftover = shards[1] / "en" / ".metsi18n-tmp.sleep.html.k3j9x.tmp"
    leftover.write_bytes(b"what a killed build left")
    result = join("-o", out, *shards)
    assert result.exit_code == 0, result.output
    assert "0 written" in result.output
    assert "1 removed" in result.output
    assert snapshot(out) == full
