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
    assert '-o "shard-${{ matrix.shard }}"' in build["run"]
    upload = step_using(job, "actions/upload-artifact")
    assert upload["with"]["name"] == "shard-${{ matrix.shard }}"
    assert upload["with"]["path"].rstrip("/") == "shard-${{ matrix.shard }}"


def test_the_join_job_waits_for_the_shards_joins_them_and_compares(
    workflow: dict[str, Any],
) -> None:
    job = workflow["jobs"]["join"]
    assert job["needs"] in ("shard", ["shard"])
    download = step_using(job, "actions/download-artifact")
    assert download["with"]["pattern"] == "shard-*"
    assert download["with"]["merge-multiple"] is False  # one folder per shard
    (joining,) = steps_running(job, "metsi18n join")
    (compare,) = steps_running(job, "diff -r")
    assert job["steps"].index(download) < job["steps"].index(joining)
    assert job["steps"].index(joining) < job["steps"].index(compare)
    assert "metsi18n build -o whole" in compare["run"]


def test_every_job_installs_metsi18n_from_the_lock(workflow: dict[str, Any]) -> None:
    lock = workflow["env"]["LOCK_FILE"]
    for job in workflow["jobs"].values():
        (install,) = steps_running(job, "pip install")
        assert '-r "$LOCK_FILE"' in install["run"]
        assert "--require-hashes" in install["run"]
        assert "--no-deps" in install["run"]
    assert (ROOT / lock).is_file(), f"LOCK_FILE {lock} is not in the repository"


def test_the_workflows_commands_build_shards_whose_join_is_the_whole_site(
    workflow: dict[str, Any], tmp_path: Path
) -> None:
    """The shell steps of both jobs, on a project of ten articles, as the runner runs them."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    text = (project / "source" / "sleep.md").read_text(encoding="utf-8")
    for number in range(8):
        extra = text.replace("slug: sleep", f"slug: extra-{number}")
        (project / "source" / f"extra-{number}.md").write_text(extra, encoding="utf-8")
    count = shard_count(workflow)
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "METSI18N_CACHE_DIR": str(tmp_path / "cache"),
    }

    def run(step: dict[str, Any], values: dict[str, str]) -> None:
        script = step["run"]
        for expression, value in values.items():
            script = script.replace("${{ " + expression + " }}", value)
        assert "${{" not in script, script
        subprocess.run(["bash", "-e", "-c", script], cwd=project, env=environment, check=True)

    jobs = workflow["jobs"]
    (build,) = steps_running(jobs["shard"], "metsi18n build")
    uploaded = []
    for index in range(1, count + 1):
        run(build, {"matrix.shard": str(index), "strategy.job-total": str(count)})
        folder = project / f"shard-{index}"
        if folder.is_dir() and any(folder.iterdir()):  # upload-artifact: if-no-files-found
            shutil.copytree(folder, project / "shards" / f"shard-{index}")
            uploaded.append(index)
    assert len(uploaded) > 1, "the articles fall into more than one shard"
    for step in jobs["join"]["steps"]:
        if "run" in step and "pip install" not in step["run"]:  # metsi18n is installed here
            run(step, {})
    whole = sorted(p.relative_to(project / "whole") for p in (project / "whole").rglob("*"))
    joined = sorted(p.relative_to(project / "joined") for p in (project / "joined").rglob("*"))
    assert whole == joined
    assert Path("en/extra-7.html") in joined


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
