"""The locks pin every dependency with hashes, inside pyproject.toml's ranges.

requirements-test.txt is what .ci/run installs, requirements.txt what the Quick start
installs; both come from `bash .ci/relock`. These tests read them offline.
"""

from __future__ import annotations

import re
import tomllib
from contextlib import chdir
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from .conftest import REPO

RUNTIME_LOCK = REPO / "requirements.txt"
TEST_LOCK = REPO / "requirements-test.txt"


@dataclass(frozen=True)
class Pin:
    name: NormalizedName
    version: Version | None  # None: not an exact `==` pin
    marker: Marker | None
    hashes: frozenset[str]

    def applies_here(self) -> bool:
        return self.marker is None or self.marker.evaluate()


def read_lock(path: Path) -> dict[NormalizedName, Pin]:
    """The lock's requirements, as pip reads them (continuation lines joined)."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    pins: dict[NormalizedName, Pin] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        hashes = frozenset(re.findall(r"--hash=sha256:([0-9a-f]{64})\b", line))
        requirement = Requirement(re.sub(r"--hash=\S+", "", line).strip())
        specifiers = list(requirement.specifier)
        exact = len(specifiers) == 1 and specifiers[0].operator == "=="
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{path.name} pins {name} twice"
        pins[name] = Pin(
            name=name,
            version=Version(specifiers[0].version) if exact else None,
            marker=requirement.marker,
            hashes=hashes,
        )
    return pins


def pyproject() -> dict[str, Any]:
    with (REPO / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def requirements(lines: list[str]) -> list[Requirement]:
    return [Requirement(line) for line in lines]


def assert_satisfied(requirement: Requirement, pins: dict[NormalizedName, Pin], lock: str) -> None:
    pin = pins.get(canonicalize_name(requirement.name))
    assert pin is not None, f"{lock} does not pin {requirement.name}"
    assert pin.version is not None
    assert requirement.specifier.contains(pin.version, prereleases=True), (
        f"{lock} pins {pin.name}=={pin.version}, outside {requirement}"
    )


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, TEST_LOCK], ids=lambda path: path.name)
def test_every_entry_of_a_lock_is_one_exact_version_with_its_hashes(lock: Path) -> None:
    pins = read_lock(lock)
    assert len(pins) > 10
    for pin in pins.values():
        assert pin.version is not None, f"{lock.name}: {pin.name} is not pinned with =="
        assert pin.hashes, f"{lock.name}: {pin.name} has no sha256 hash"
    lines = lock.read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if line.startswith(("-", "--"))], "no pip options"


def test_the_runtime_lock_pins_each_dependency_inside_its_range_on_every_platform() -> None:
    pins = read_lock(RUNTIME_LOCK)
    direct = requirements(pyproject()["project"]["dependencies"])
    names = {canonicalize_name(req.name) for req in direct}
    assert "babel" in names
    assert "polib" not in names, "polib is the tests' reader, not a runtime dependency"
    for requirement in direct:
        assert_satisfied(requirement, pins, RUNTIME_LOCK.name)
        assert pins[canonicalize_name(requirement.name)].marker is None


def test_the_test_lock_pins_the_dependencies_and_the_test_extra_inside_their_ranges() -> None:
    project = pyproject()["project"]
    pins = read_lock(TEST_LOCK)
    for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        assert_satisfied(Requirement(line), pins, TEST_LOCK.name)


def test_the_runtime_lock_takes_each_pin_from_the_test_lock() -> None:
    """The Quick start installs only versions, and files, that the suite has passed with."""
    runtime, tested = read_lock(RUNTIME_LOCK), read_lock(TEST_LOCK)
    for name, pin in runtime.items():
        assert tested.get(name) == pin, f"{name}: requirements.txt differs from the test lock"
    assert set(tested) - set(runtime) >= {"pytest", "mypy", "ruff"}


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, TEST_LOCK], ids=lambda path: path.name)
def test_the_build_backend_is_locked_with_what_it_asks_for(lock: Path) -> None:
    """metsi18n installs with --no-build-isolation: hatchling and its wants come from the lock."""
    pins = read_lock(lock)
    build_system = requirements(pyproject()["build-system"]["requires"])
    for requirement in build_system:
        assert_satisfied(requirement, pins, lock.name)
    hatchling = pytest.importorskip("hatchling.build")
    with chdir(REPO):
        wanted = [
            *hatchling.get_requires_for_build_wheel(),
            *hatchling.get_requires_for_build_editable(),
        ]
    assert wanted, "hatchling asks for editables to make an editable install"
    for line in wanted:
        assert_satisfied(Requirement(line), pins, lock.name)


def test_the_lock_input_for_the_build_backend_is_what_pyproject_says() -> None:
    lines = (REPO / ".ci" / "build-requirements.in").read_text(encoding="utf-8").splitlines()
    listed = [line for line in lines if line.strip() and not line.startswith("#")]
    assert Requirement(listed[0]) == Requirement(pyproject()["build-system"]["requires"][0])
    assert [canonicalize_name(Requirement(line).name) for line in listed] == [
        "hatchling",
        "editables",
    ]


def test_the_holds_of_ci_constraints_are_in_force() -> None:
    lines = (REPO / ".ci" / "constraints.txt").read_text(encoding="utf-8").splitlines()
    holds = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    if not holds:
        pytest.skip("no holds in .ci/constraints.txt today")
    for lock in (RUNTIME_LOCK, TEST_LOCK):
        pins = read_lock(lock)
        for hold in holds:
            assert_satisfied(hold, pins, lock.name)


def test_the_test_lock_holds_every_dependency_of_what_it_installs_here() -> None:
    """From metsi18n[test] down, each requirement that applies here is a pin that applies here.

    Read from the installed packages' metadata; a package installed at another version
    than the lock's (a hand-made venv) is not descended into.
    """
    pins = read_lock(TEST_LOCK)
    try:
        roots = metadata.distribution("metsi18n").requires or []
    except metadata.PackageNotFoundError:
        pytest.skip("metsi18n is not installed")
    queue = [(Requirement(line), {"test"}) for line in roots]
    seen: set[tuple[str, str]] = set()
    descended = 0
    while queue:
        requirement, extras = queue.pop()
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in extras | {""}):
            continue
        name = canonicalize_name(requirement.name)
        key = (name, ",".join(sorted(requirement.extras)))
        if key in seen:
            continue
        seen.add(key)
        assert_satisfied(requirement, pins, TEST_LOCK.name)
        assert pins[name].applies_here(), f"{name} is needed here, but its pin's marker says no"
        try:
            if Version(metadata.version(name)) != pins[name].version:
                continue
        except metadata.PackageNotFoundError:
            continue
        descended += 1
        for line in metadata.distribution(name).requires or []:
            queue.append((Requirement(line), set(requirement.extras)))
    assert descended > 20
