"""Killed at any step, export leaves every catalog old or new and build the whole site
old or new; the next run tidies.

Each trial runs the command in a child process that SIGKILLs itself just before its
k-th file-system step (a temporary or a new file written, a folder made, a hard link,
the flush, the symbolic link, a rename, a deletion), for every k from the first step
to the last, the final switch included, and at a few random times besides. Then every
catalog and template must be byte for byte what it was before or what an unkilled run
makes, the site seen through the output path must be, as a whole, the old site or the
new one, and the next run must give the new state with no temporary or stale version
left.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "golden" / "build" / "project"

#: Run metsi18n with a kill before step number KILL_AT (counted over the wrapped calls);
#: with KILL_AT=0, count the steps into STEPS_FILE instead.
CHILD = r"""
import os, signal, sys
from metsi18n import storage
kill_at = int(os.environ["KILL_AT"])
count = [0]
def step():
    count[0] += 1
    if count[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
def wrap(function):
    def wrapped(*args, **kwargs):
        step()
        return function(*args, **kwargs)
    return wrapped
storage.write_beside = wrap(storage.write_beside)
storage.tree.write_new = wrap(storage.tree.write_new)
for name in ("replace", "unlink", "sync", "link", "symlink", "mkdir", "rmdir"):
    setattr(os, name, wrap(getattr(os, name)))
import atexit
if kill_at == 0:
    atexit.register(lambda: open(os.environ["STEPS_FILE"], "w").write(str(count[0])))
from metsi18n.cli import main
sys.exit(main(sys.argv[1:]))
"""


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(
    args: list[str], kill_at: int, tmp: Path, cache: str = "cache"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KILL_AT": str(kill_at),
        "STEPS_FILE": str(tmp / "steps"),
        "SOURCE_DATE_EPOCH": "1700000000",
        "METSI18N_CACHE_DIR": str(tmp / cache),
    }
    return subprocess.run(
        [sys.executable, "-c", CHILD, *args], env=env, capture_output=True, text=True, timeout=120
    )


def edit(project: Path) -> None:
    """Changes that make export and build create, replace and remove files."""
    sleep = project / "source" / "sleep.md"
    text = sleep.read_text(encoding="utf-8")
    sleep.write_text(text.replace("Go to bed", "Go to sleep") + "\nA new line.\n", "utf-8")
    extra = text.replace("slug: sleep", "slug: rest").replace("Sleeping well", "Resting")
    (project / "source" / "rest.md").write_text(extra, encoding="utf-8")
    (project / "source" / "first-aid.md").unlink()
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    catalog.write_text(catalog.read_text("utf-8").replace("SLEEPING WELL", "BIEN DORMIR"))


def steps(args: list[str], tmp: Path) -> int:
    done = run(args, 0, tmp)
    assert done.returncode == 0, done.stderr
    return int((tmp / "steps").read_text())


def kill_points(total: int, rng: random.Random, least: int = 50) -> list[int]:
    """Every step; repeated at random ones until there are at least ``least`` trials."""
    points = list(range(1, total + 1))
    while len(points) < least:
        points.append(rng.randint(1, total))
    return points


def assert_old_or_new(got: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> None:
    for name, data in got.items():
        if ".metsi18n-tmp." in name:
            continue
        assert data in (old.get(name), new.get(name)), f"{name} is neither old nor new"
    for name in set(old) & set(new):  # a file both states have is never missing
        assert name in got, f"{name} vanished"


@pytest.fixture
def projects(tmp_path: Path) -> tuple[Path, Path]:
    """The project before (exported, built into site/) and after the edit."""
    old = tmp_path / "old"
    shutil.copytree(FIXTURE, old)
    for command in (["export"], ["build", "-o", str(old / "site")]):
        assert run(["-C", str(old), *command], -1, tmp_path).returncode == 0
    new = tmp_path / "new"
    shutil.copytree(old, new, symlinks=True)
    edit(new)
    return old, new


def test_export_killed_at_any_step_leaves_every_catalog_old_or_new(
    projects: tuple[Path, Path], tmp_path: Path
) -> None:
    _, edited = projects
    expected = tmp_path / "expected"
    shutil.copytree(edited, expected, symlinks=True)
    # Every run starts with an empty source cache, as the counted one did (export
    # writes its entries: steps too, and a kill among them must harm nothing either).
    total = steps(["-C", str(expected), "export"], tmp_path)
    before, after = files(edited / "locales"), files(expected / "locales")
    assert before != after
    trials = 0
    for kill_at in kill_points(total, random.Random(13)):
        trial = tmp_path / "trial"
        shutil.rmtree(trial, ignore_errors=True)
        shutil.rmtree(tmp_path / "trial-cache", ignore_errors=True)
        shutil.copytree(edited, trial, symlinks=True)
        killed = run(["-C", str(trial), "export"], kill_at, tmp_path, "trial-cache")
        assert killed.returncode == -9, (kill_at, killed.stderr)
        assert_old_or_new(files(trial / "locales"), before, after)
        assert run(["-C", str(trial), "export"], -1, tmp_path, "trial-cache").returncode == 0
        assert files(trial / "locales") == after, kill_at
        left = [p.name for p in (tmp_path / "trial-cache").iterdir() if ".metsi18n-tmp." in p.name]
        assert not left, (kill_at, left)
        trials += 1
    print(f"export: {trials} kills over {total} steps, every catalog old or new")
    assert trials >= 50


def copy_site(site: Path, into: Path) -> Path:
    """The output link and its versions folder, copied as they are into ``into``: the
    link as a link, and the hard links between versions kept (``cp -a``)."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir()
    names = [str(site), str(site.with_name(f".{site.name}.metsi18n"))]
    subprocess.run(["cp", "-a", *names, str(into)], check=True)
    return into / site.name


def assert_tidy(site: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Beside the output: only the link and the versions folder, which holds only the
    marker, the version the link names and one spare; no temporary anywhere, and the
    spare is a whole site too (the previous one, or the same as the current)."""
    assert sorted(os.listdir(site.parent)) == [f".{site.name}.metsi18n", site.name]
    versions = site.parent / f".{site.name}.metsi18n"
    version = os.readlink(site).rpartition("/")[2]
    others = set(os.listdir(versions)) - {".metsi18n-build", version}
    assert len(others) <= 1, others
    for spare in others:
        assert spare.startswith("v.")
        assert files(versions / spare) in (before, after)
    assert not [p for p in site.parent.rglob("*") if ".metsi18n-tmp." in p.name]


def with_a_spare(project: Path, output: Path, tmp_path: Path) -> None:
    """Build ``project`` into ``output`` after a catalog edit, then again with the edit
    undone: the site is as before, and the version it had before is an older one (the
    spare the next build makes its version out of: the steady state after a few
    builds)."""
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "sleep.po"
    text = catalog.read_text("utf-8")
    site = ["-C", str(project), "build", "-o", str(output)]
    catalog.write_text(text.replace("SLEEPING WELL", "AN OLDER TITLE"), "utf-8")
    assert run(site, -1, tmp_path).returncode == 0
    catalog.write_text(text, "utf-8")
    assert run(site, -1, tmp_path).returncode == 0
    assert len(os.listdir(output.with_name(f".{output.name}.metsi18n"))) == 3


@pytest.mark.parametrize(
    ("state", "least"),
    [("after one build", 0), ("after a few builds", 50)],
)
def test_build_killed_at_any_step_leaves_the_whole_site_old_or_new(
    projects: tuple[Path, Path], tmp_path: Path, state: str, least: int
) -> None:
    """After one build the new version is made anew (a link per unchanged file); after a
    few, out of the spare. Every step of both, and 50 kills or more of the second."""
    old, edited = projects
    assert run(["-C", str(edited), "export"], -1, tmp_path).returncode == 0
    if state == "after a few builds":
        with_a_spare(old, edited / "site", tmp_path)
    expected = copy_site(edited / "site", tmp_path / "expected")
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)  # each trial starts without one
    total = steps(["-C", str(edited), "build", "-o", str(expected)], tmp_path)
    before, after = files(edited / "site"), files(expected)
    assert before != after
    outcomes = {"old": 0, "new": 0}
    trials = 0
    rng = random.Random(13)
    for kill_at in kill_points(total, rng, least):
        site = copy_site(edited / "site", tmp_path / "trial")
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
        killed = run(["-C", str(edited), "build", "-o", str(site)], kill_at, tmp_path)
        assert killed.returncode == -9, (kill_at, killed.stderr)
        got = files(site)
        assert got in (before, after), f"killed at step {kill_at} of {total}: a mixed site"
        outcomes["old" if got == before else "new"] += 1
        again = run(["-C", str(edited), "build", "-o", str(site)], -1, tmp_path)
        assert again.returncode == 0, again.stderr
        assert files(site) == after, kill_at
        assert_tidy(site, before, after)
        trials += 1
    # And a few kills by the clock, wherever the run happens to be.
    for _ in range(5 if least else 0):
        site = copy_site(edited / "site", tmp_path / "timed")
        env = {**os.environ, "METSI18N_CACHE_DIR": str(tmp_path / "timed-cache")}
        args = [sys.executable, "-m", "metsi18n", "-C", str(edited), "build", "-o", str(site)]
        child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))
        child.kill()
        child.wait()
        assert files(site) in (before, after)
        trials += 1
    print(
        f"build {state}: {trials} kills over {total} steps, the whole site old "
        f"({outcomes['old']}) or new ({outcomes['new']}) every time"
    )
    assert trials >= max(least, total)
    assert outcomes["old"]
    assert outcomes["new"]
