""".github/workflows/site.yml: the check on pull requests, the shards and their join on main.

GitHub is not here, so the workflow is read as data (PyYAML) and its shell steps are
run as the runner would run them, with the matrix filled in and the artifacts copied.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
FIXTURE = ROOT / "tests" / "golden" / "build" / "project"
SHARD_OPTION = re.compile(r"--shard \"?(\$\{\{ matrix\.shard \}\})/(\$\{\{ [^}]+ \}\}|\d+)")


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps_running(job: dict[str, Any], command: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if command in step.get("run", "")]


def step_using(job: dict[str, Any], action: str) -> dict[str, Any]:
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith(f"{action}@")]
    return step


def shard_count(workflow: dict[str, Any]) -> int:
    """N of the shard job's ``build --shard K/N``, checked against its matrix."""
    job = workflow["jobs"]["shard"]
    matrix = job["strategy"]["matrix"]
    (build,) = steps_running(job, "metsi18n build")
    (found,) = SHARD_OPTION.findall(build["run"])
    count = len(matrix["shard"])
    if found[1] == "${{ strategy.job-total }}":
        # job-total is N only while the matrix has this one dimension.
        assert set(matrix) == {"shard"}
    else:
        assert int(found[1]) == count
    assert matrix["shard"] == list(range(1, count + 1))
    return count


def test_pull_requests_are_checked_with_annotations_and_a_summary(
    workflow: dict[str, Any],
) -> None:
    assert "pull_request" in workflow["on"]
    job = workflow["jobs"]["check"]
    assert "pull_request" in job["if"]
    (check,) = steps_running(job, "metsi18n check")
    assert check["run"].split() == ["metsi18n", "check", "--format", "github"]
    (summary,) = steps_running(job, "metsi18n stats")
    assert summary["run"] == 'metsi18n stats --format markdown >> "$GITHUB_STEP_SUMMARY"'
    assert summary["if"] == "always()"
    assert job["steps"].index(summary) > job["steps"].index(check)


def test_pushes_to_main_build_one_shard_per_matrix_job_and_upload_it(
    workflow: dict[str, Any],
) -> None:
    assert workflow["on"]["push"]["branches"] == ["main"]
    job = workflow["jobs"]["shard"]
    assert "push" in job["if"]
    assert shard_count(workflow) == 4
    (build,) = steps_running(job, "metsi18n build")
    assert '-o "built/shard-${{ matrix.shard }}"' in build["run"]
    # The output is a link to a version beside it: the files are copied through it.
    (copy,) = steps_running(job, "cp -RL")
    assert 'cp -RL "built/shard-${{ matrix.shard }}" shards/' in copy["run"]
    upload = step_using(job, "actions/upload-artifact")
    assert upload["with"]["name"] == "shard-${{ matrix.shard }}"
    # The folder above the shard's: the artifact holds the folder shard-K itself.
    assert upload["with"]["path"].rstrip("/") == "shards"


def test_the_join_job_waits_for_the_shards_joins_them_and_compares(
    workflow: dict[str, Any],
) -> None:
    job = workflow["jobs"]["join"]
    assert job["needs"] in ("shard", ["shard"])
    download = step_using(job, "actions/download-artifact")
    assert download["with"]["pattern"] == "shard-*"
    assert download["with"]["path"] == "shards"
    (joining,) = steps_running(job, "metsi18n join")
    (compare,) = steps_running(job, "diff -r")
    assert job["steps"].index(download) < job["steps"].index(joining)
    assert job["steps"].index(joining) < job["steps"].index(compare)
    assert "metsi18n join -o joined shards/*/" in joining["run"]
    assert "metsi18n build -o whole" in compare["run"]


def test_every_job_installs_metsi18n_from_the_lock(workflow: dict[str, Any]) -> None:
    lock = workflow["env"]["LOCK_FILE"]
    for job in workflow["jobs"].values():
        (install,) = steps_running(job, "pip install")
        assert '-r "$LOCK_FILE"' in install["run"]
        assert "--require-hashes" in install["run"]
        assert "--no-deps" in install["run"]
    assert (ROOT / lock).is_file(), f"LOCK_FILE {lock} is not in the repository"


def filled(text: str, values: dict[str, str]) -> str:
    """``text`` with the ``${{ ... }}`` expressions of ``values`` replaced; no other left."""
    for expression, value in values.items():
        text = text.replace("${{ " + expression + " }}", value)
    assert "${{" not in text, text
    return text


def upload(workspace: Path, step: dict[str, Any], values: dict[str, str], artifact: Path) -> bool:
    """actions/upload-artifact of one folder: its contents at the artifact's root.

    False (no artifact) when there is no file, as ``if-no-files-found: ignore`` does.
    """
    folder = workspace / filled(step["with"]["path"], values)
    if not folder.is_dir() or not any(p.is_file() for p in folder.rglob("*")):
        assert step["with"]["if-no-files-found"] == "ignore"
        return False
    hidden = step["with"].get("include-hidden-files") is True
    ignore = None if hidden else shutil.ignore_patterns(".*")  # upload-artifact v4 on
    # Links copied as links: the workflow must not depend on the action following them.
    shutil.copytree(folder, artifact, ignore=ignore, symlinks=True)
    assert not [p for p in artifact.rglob("*") if p.is_symlink()], "a link in the artifact"
    return True


def download(artifacts: list[Path], step: dict[str, Any], workspace: Path) -> None:
    """actions/download-artifact@v5 to v8 by pattern (src/download-artifact.ts): each
    artifact into ``path``/<its name>/, except with merge-multiple or when only one
    artifact matched, where all go straight into ``path``."""
    target = workspace / step["with"]["path"]
    flat = step["with"].get("merge-multiple") is True or len(artifacts) == 1
    for artifact in artifacts:
        shutil.copytree(artifact, target if flat else target / artifact.name, dirs_exist_ok=True)


def make_project(folder: Path, slugs: list[str]) -> Path:
    """The golden project with the articles ``slugs`` (copies of sleep.md beyond its two)."""
    shutil.copytree(FIXTURE, folder)
    text = (folder / "source" / "sleep.md").read_text(encoding="utf-8")
    for slug in slugs:
        path = folder / "source" / f"{slug}.md"
        if not path.exists():
            path.write_text(text.replace("slug: sleep", f"slug: {slug}"), encoding="utf-8")
    for path in (folder / "source").glob("*.md"):
        if path.stem not in slugs:
            path.unlink()
    return folder


@pytest.mark.parametrize(
    ("slugs", "artifacts"),
    [
        (["sleep"], 1),  # this repository's case: one article, so one artifact
        (["sleep", "first-aid", *(f"extra-{n}" for n in range(8))], 4),
    ],
)
def test_the_workflows_commands_build_shards_whose_join_is_the_whole_site(
    workflow: dict[str, Any], tmp_path: Path, slugs: list[str], artifacts: int
) -> None:
    """The shell steps of both jobs as the runner runs them, each job in a fresh checkout,
    with the artifacts passed on as upload-artifact and download-artifact pass them."""
    checkout = make_project(tmp_path / "project", slugs)
    count = shard_count(workflow)
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "METSI18N_CACHE_DIR": str(tmp_path / "cache"),
    }

    def run(job: dict[str, Any], workspace: Path, values: dict[str, str]) -> None:
        for step in job["steps"]:
            script = step.get("run", "")
            if not script or "pip install" in script:  # metsi18n is installed here
                continue
            script = filled(script, values)
            subprocess.run(["bash", "-e", "-c", script], cwd=workspace, env=environment, check=True)

    jobs = workflow["jobs"]
    uploaded = []
    for index in range(1, count + 1):
        workspace = tmp_path / f"runner-{index}"
        shutil.copytree(checkout, workspace)
        values = {"matrix.shard": str(index), "strategy.job-total": str(count)}
        run(jobs["shard"], workspace, values)
        artifact = tmp_path / "artifacts" / f"shard-{index}"
        if upload(
            workspace, step_using(jobs["shard"], "actions/upload-artifact"), values, artifact
        ):
            uploaded.append(artifact)
    assert len(uploaded) == artifacts
    workspace = tmp_path / "runner-join"
    shutil.copytree(checkout, workspace)
    download(uploaded, step_using(jobs["join"], "actions/download-artifact"), workspace)
    run(jobs["join"], workspace, {})  # ends with diff -r whole joined
    joined = {
        p.relative_to(workspace / "joined").as_posix() for p in workspace.rglob("joined/**/*")
    }
    assert {"index.html", "sitemap.xml", *(f"en/{slug}.html" for slug in slugs)} <= joined


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed")
def test_actionlint_finds_nothing_in_the_workflow() -> None:
    result = subprocess.run(
        ["actionlint", "-no-color", str(WORKFLOW.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
