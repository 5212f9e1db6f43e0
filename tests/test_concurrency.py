"""One writer at a time: the project lock, the lock of a site's folder (join), and a
catalog saved while export runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from metsi18n import pipeline, storage
from metsi18n.cli import main
from metsi18n.config import load_settings

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def metsi18n(root: Path, *args: str | Path, cache: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "METSI18N_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen(
        [sys.executable, "-m", "metsi18n", "-C", str(root), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_a_second_writer_waits_with_a_message_and_then_runs(project: Path, tmp_path: Path) -> None:
    with storage.project_lock(project):
        build = metsi18n(project, "build", "-o", tmp_path / "out", cache=tmp_path / "cache")
        time.sleep(4)  # long enough to start, read everything and reach the lock
        assert build.poll() is None, "the build ran while another held the lock"
        assert not (tmp_path / "out").exists()
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert err.startswith("waiting: another metsi18n run is writing ")
    assert err.count("\n") == 1
    assert "8 pages; " in out


def test_pseudo_waits_for_the_lock_like_build(project: Path, tmp_path: Path) -> None:
    """pseudo builds a site folder too: before it took the lock it ran beside a build."""
    with storage.project_lock(project):
        preview = metsi18n(project, "pseudo", "-o", tmp_path / "preview", cache=tmp_path / "c")
        time.sleep(4)  # long enough to start, read everything and reach the lock
        assert preview.poll() is None, "pseudo ran while another held the lock"
        assert not (tmp_path / "preview").exists()
    out, err = preview.communicate(timeout=120)
    assert preview.returncode == 0, err
    assert err.startswith("waiting: another metsi18n run is writing ")
    assert (tmp_path / "preview" / "en-XA").is_dir(), out


def test_two_pseudo_previews_into_one_folder_at_once_both_succeed(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "preview"
    runs = [metsi18n(project, "pseudo", "-o", out, cache=tmp_path / f"c{k}") for k in (1, 2)]
    for run in runs:
        _, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
        assert "Traceback" not in err
    kept = sorted(os.listdir(tmp_path / ".preview.metsi18n"))
    assert kept[0] == ".metsi18n-build"
    assert len(kept) == 2  # the marker and the version: the second run had nothing to change


def test_two_builds_into_one_folder_at_once_both_succeed_with_the_same_site(
    project: Path, tmp_path: Path
) -> None:
    """Before the lock, the slower crashed with FileNotFoundError (2 of 2 in the audit)."""
    out = tmp_path / "out"
    runs = [metsi18n(project, "build", "-o", out, cache=tmp_path / f"c{k}") for k in (1, 2)]
    results = [run.communicate(timeout=180) for run in runs]
    for run, (_, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    whole = tmp_path / "whole"
    assert CliRunner().invoke(main, ["-C", str(project), "build", "-o", str(whole)]).exit_code == 0
    assert files(out) == files(whole)


def shards(project: Path, tmp_path: Path) -> list[Path]:
    folders = [tmp_path / "shards" / f"s{k}" for k in (1, 2)]
    for k, folder in enumerate(folders, 1):
        arguments = ["-C", str(project), "build", "--shard", f"{k}/2", "-o", str(folder)]
        assert CliRunner().invoke(main, arguments).exit_code == 0
    return folders


def join(root: Path, output: Path, parts: list[Path], cache: Path) -> subprocess.Popen[str]:
    """``metsi18n join`` (it reads no project: ``root`` is only where it runs)."""
    return metsi18n(root, "join", "-o", output, *parts, cache=cache)


def test_a_join_waits_while_another_run_writes_the_same_site(project: Path, tmp_path: Path) -> None:
    """Two joins into one folder at once crashed (FileNotFoundError in 3 of 6 trials)
    and once left a site unlike the full build: both took the same spare version."""
    parts, out = shards(project, tmp_path), tmp_path / "out"
    with storage.output_lock(out):
        run = join(project, out, parts, tmp_path / "c")
        time.sleep(4)  # long enough to start and reach the lock
        assert run.poll() is None, "the join ran while another run wrote the folder"
        assert not out.exists()
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert (
        err
        == f"waiting: another metsi18n run is writing {tmp_path}; this one starts when it ends\n"
    )
    whole = tmp_path / "whole"
    assert CliRunner().invoke(main, ["-C", str(project), "build", "-o", str(whole)]).exit_code == 0
    assert files(out) == files(whole)


def test_a_join_into_a_projects_site_waits_for_that_projects_writer(
    project: Path, tmp_path: Path
) -> None:
    """The project's own site sits in the project folder: its lock covers the site."""
    parts = shards(project, tmp_path)
    with storage.project_lock(project):
        run = join(tmp_path, project / "site", parts, tmp_path / "c")
        time.sleep(4)
        assert run.poll() is None, "the join ran while the project's build held its lock"
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert err.startswith(f"waiting: another metsi18n run is writing {project};")


def test_a_build_into_a_folder_outside_the_project_waits_for_a_join_there(
    project: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "www"
    elsewhere.mkdir()
    with storage.output_lock(elsewhere / "site"):
        build = metsi18n(project, "build", "-o", elsewhere / "site", cache=tmp_path / "c")
        time.sleep(4)
        assert build.poll() is None, "the build ran while a join wrote the folder"
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert err.startswith(f"waiting: another metsi18n run is writing {elsewhere};")
    assert "8 pages; " in out


def test_the_lock_of_a_site_in_the_project_folder_is_the_project_lock(tmp_path: Path) -> None:
    """A second flock on the project folder would wait for this very process."""
    with storage.project_lock(tmp_path), storage.output_lock(tmp_path / "site", tmp_path):
        pass
    with storage.output_lock(tmp_path / "not" / "yet" / "site"):  # the nearest folder that is
        pass


def test_a_catalog_saved_while_export_runs_is_not_overwritten(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = project / "source" / "sleep.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new sentence.\n", "utf-8")
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    real = pipeline.plan_export

    def translator_saves_meanwhile(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)  # every file read, merged and staged
        catalog.write_text(catalog.read_text("utf-8").replace("SLEEPING WELL", "BIEN DORMIR"))
        return result

    monkeypatch.setattr(pipeline, "plan_export", translator_saves_meanwhile)
    before = files(project)
    result = CliRunner().invoke(main, ["-C", str(project), "export"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: locales/fr/LC_MESSAGES/sleep.po: changed while export ran; run export again\n"
    )
    after = files(project)
    saved = "locales/fr/LC_MESSAGES/sleep.po"
    assert b"BIEN DORMIR" in after[saved]
    assert {k: v for k, v in after.items() if k != saved} == {
        k: v for k, v in before.items() if k != saved
    }
    assert not list(project.rglob(".metsi18n-tmp.*"))


def test_the_next_writer_clears_what_a_killed_export_left(project: Path) -> None:
    left = [
        project / "locales" / "fr" / "LC_MESSAGES" / ".metsi18n-tmp.sleep.po.k3j9x.tmp",
        project / "locales" / "fr" / "LC_MESSAGES" / ".sleep.po.a81kd0.tmp",  # metsi18n 0.1
        project / ".metsi18n-tmp.metsi18n.toml.x1.tmp",
    ]
    for path in left:
        path.write_bytes(b"half a catalog")
    keep = project / "locales" / "notes.tmp"
    keep.write_text("not ours", encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(project), "export"])
    assert result.exit_code == 0, result.output
    assert [path for path in left if path.exists()] == []
    assert keep.exists()


def test_export_check_and_reading_commands_need_no_lock(project: Path) -> None:
    with storage.project_lock(project):
        for command in (["export", "--check"], ["check"], ["stats"], ["lint"]):
            result = CliRunner().invoke(main, ["-C", str(project), *command])
            assert result.exit_code in (0, 1), (command, result.output)
    assert load_settings(project).name == "Golden health articles"
