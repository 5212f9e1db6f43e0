"""The output folder is the build's own: marked, never another's files, no link followed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from metsi18n.cli import main

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"
MARKER = ".metsi18n-build"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*map(str, args)])
    return result.exit_code, result.output


def build(out: Path, *args: str) -> tuple[int, str]:
    return run("-C", FIXTURE, "build", "-o", out, *args)


def refused_with_one_line(code: int, output: str) -> bool:
    return code == 2 and output.startswith("error: ") and output.count("\n") == 1


@pytest.mark.parametrize(
    "layout",
    [
        {"sitemap.xml": "<urlset/>", "index.html": "my web root", "photos/cat.jpg": "jpeg"},
        {"guide/intro.html": "my docs", "guide/usage.html": "more docs"},
        {"notes.txt": "mine"},
    ],
    ids=["web root with a sitemap", "docs folder of x/y.html pages", "any file"],
)
def test_a_folder_that_is_not_a_build_is_refused_and_left_as_it_was(
    tmp_path: Path, layout: dict[str, str]
) -> None:
    out = tmp_path / "out"
    for name, text in layout.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    before = files(out)
    code, output = build(out)
    assert refused_with_one_line(code, output), output
    assert "is not a metsi18n build (no .metsi18n-build;" in output
    assert files(out) == before


def test_a_build_writes_its_marker_naming_the_project_and_rebuilds_its_own_folder(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert build(out)[0] == 0
    assert (out / MARKER).read_text(encoding="utf-8").splitlines()[-1] == (
        'project: "Golden health articles"'
    )
    (out / "en" / "stale.html").write_text("put here by hand", encoding="utf-8")
    code, output = build(out)
    assert code == 0, output
    assert "1 removed" in output
    assert not (out / "en" / "stale.html").exists()


def earlier_build(out: Path, marked: bool) -> None:
    """A build as metsi18n made it before the versions: a plain folder, written in place
    (with the marker from the first marked release on, without it before)."""
    built = out.with_name("built")
    assert build(built)[0] == 0
    shutil.copytree(built, out)  # the files themselves, not the link
    if not marked:
        (out / MARKER).unlink()


def test_a_build_of_an_earlier_version_without_a_marker_is_refused(tmp_path: Path) -> None:
    """Migration: the folder might be anyone's; the user deletes it once (the message says so)."""
    out = tmp_path / "out"
    earlier_build(out, marked=False)
    before = files(out)
    code, output = build(out)
    assert refused_with_one_line(code, output)
    assert "builds by earlier versions of metsi18n have none" in output
    assert output.rstrip().endswith("or delete it")
    assert files(out) == before


def test_the_build_of_another_project_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(FIXTURE, other)
    config = other / "metsi18n.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Golden health articles", "Another site"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run("-C", other, "build", "-o", out)[0] == 0
    before = files(out)
    code, output = build(out)
    assert refused_with_one_line(code, output)
    assert "holds the build of another project" in output
    assert files(out) == before


def test_what_a_killed_first_build_left_is_taken_and_cleared(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    (out / "en" / ".metsi18n-tmp.sleep.html.k3j9x.tmp").write_bytes(b"half a page")
    code, output = build(out)
    assert code == 0, output
    assert not list(out.rglob(".metsi18n-tmp.*"))
    assert (out / MARKER).is_file()


def test_a_hidden_tmp_file_of_someone_else_is_not_taken_for_a_leftover(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".draft.tmp").write_text("an editor's swap file", encoding="utf-8")
    assert refused_with_one_line(*build(out))
    assert (out / ".draft.tmp").exists()


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_a_symbolic_link_inside_the_output_is_refused_and_nothing_lands_outside(
    tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "out"
    assert build(out)[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the build's", encoding="utf-8")
    if kind == "folder":
        shutil.rmtree(out / "fr")
        (out / "fr").symlink_to(elsewhere, target_is_directory=True)
    else:
        (out / "index.html").unlink()
        (out / "index.html").symlink_to(elsewhere / "keep.txt")
    before = files(out)
    code, output = build(out)
    assert refused_with_one_line(code, output), output
    link = "fr" if kind == "folder" else "index.html"
    assert f"holds a symbolic link, {link}: the build does not follow or replace links" in output
    assert files(elsewhere) == {"keep.txt": b"not the build's"}
    assert files(out) == before


def test_join_takes_only_build_folders_and_treats_its_output_as_build_does(
    tmp_path: Path,
) -> None:
    shards = [tmp_path / f"shard-{k}" for k in (1, 2)]
    for number, shard in enumerate(shards, 1):
        assert build(shard, "--shard", f"{number}/2")[0] == 0
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "page.html").write_text("not a build", encoding="utf-8")
    code, output = run("join", "-o", tmp_path / "site", *shards, stray)
    assert refused_with_one_line(code, output)
    assert f"error: {stray}: not a metsi18n build folder (no .metsi18n-build)" in output
    web_root = tmp_path / "www"
    web_root.mkdir()
    (web_root / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    code, output = run("join", "-o", web_root, *shards)
    assert refused_with_one_line(code, output)
    assert files(web_root) == {"sitemap.xml": b"<urlset/>"}
    code, output = run("join", "-o", tmp_path / "site", *shards)
    assert code == 0, output
    whole = tmp_path / "whole"
    assert build(whole)[0] == 0
    assert files(tmp_path / "site") == files(whole)


def versions(out: Path) -> list[str]:
    return sorted(os.listdir(out.with_name(f".{out.name}.metsi18n")))


def disk_state(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` with its inode and modification time."""
    state = {}
    for path in [folder, *folder.rglob("*")]:
        stat = path.lstat()
        state[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return state


def test_the_output_is_a_link_to_a_version_kept_beside_it_with_one_spare(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert build(out)[0] == 0
    first = os.readlink(out)
    assert first.startswith(".out.metsi18n/v.")
    assert versions(out) == [MARKER, first.rpartition("/")[2]]
    assert (tmp_path / ".out.metsi18n" / MARKER).read_bytes() == (out / MARKER).read_bytes()
    state = disk_state(tmp_path / ".out.metsi18n")
    assert build(out)[0] == 0
    assert os.readlink(out) == first  # nothing differs: nothing switched,
    assert disk_state(tmp_path / ".out.metsi18n") == state  # nor any version made
    (out / "en" / "stale.html").write_text("put here by hand", encoding="utf-8")
    whole = files(out)
    assert build(out)[0] == 0
    second = os.readlink(out)
    assert second != first
    assert files(out) == {k: v for k, v in whole.items() if k != "en/stale.html"}
    spare = first.rpartition("/")[2]  # the previous version, kept as the spare
    assert versions(out) == sorted([MARKER, spare, second.rpartition("/")[2]])
    (out / "en" / "stale.html").write_text("again", encoding="utf-8")
    assert build(out)[0] == 0
    assert os.readlink(out) == first  # the spare became the new site
    assert "en/stale.html" not in files(out)
    assert sorted(os.listdir(tmp_path)) == [".out.metsi18n", "out"]


def test_a_marked_build_of_an_earlier_version_becomes_a_version_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    earlier_build(out, marked=True)
    whole = files(out)
    (out / "en" / "stale.html").write_text("left by the old build", encoding="utf-8")
    code, output = build(out)
    assert code == 0, output
    assert out.is_symlink()
    assert files(out) == whole
    assert versions(out) == [MARKER, os.readlink(out).rpartition("/")[2]]  # the old one gone


def test_a_link_the_build_did_not_make_is_refused_and_left_alone(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("someone's page", encoding="utf-8")
    out = tmp_path / "out"
    out.symlink_to(elsewhere, target_is_directory=True)
    code, output = build(out)
    assert refused_with_one_line(code, output), output
    assert "is a symbolic link that is not a metsi18n build's" in output
    assert os.readlink(out) == str(elsewhere)
    assert files(elsewhere) == {"index.html": b"someone's page"}
    assert not (tmp_path / ".out.metsi18n").exists()


def test_a_versions_folder_that_is_not_the_builds_is_refused_and_left_alone(
    tmp_path: Path,
) -> None:
    taken = tmp_path / ".out.metsi18n"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = build(tmp_path / "out")
    assert refused_with_one_line(code, output), output
    assert "where the builds of" in output
    assert "is not a metsi18n build" in output
    assert sorted(os.listdir(tmp_path)) == [".out.metsi18n"]
    assert files(taken) == {"notes.txt": b"mine"}
