"""The house by stage: imports run one way, and no stage reaches into another's rooms.

Every ``import`` and ``from ... import`` of metsi18n's own modules is read with ast
(inside functions and ``TYPE_CHECKING`` blocks too), so a lazy import cannot hide a
wrong direction.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "metsi18n"

#: Each module's layer; a module may import its own layer or a lower one. Reads
#: bottom-up: the PO format, the shared records, articles, catalogs, the site, the
#: checks (which judge pages as the build renders them), the pipeline, the CLI.
LAYERS = {
    "errors": 0,
    "po": 1,
    "model": 2,
    "config": 2,
    "languages": 2,
    "storage": 2,
    "source": 3,
    "catalogs": 4,
    "site": 5,
    "quality": 6,
    "pipeline": 7,
    "cli": 8,
    "__main__": 8,
    "__init__": 8,
}
#: Submodules other stages may import by name (the rest go through the package).
PUBLIC_SUBMODULES = {"metsi18n.po.plurals"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room(name: str) -> str:
    """The layer key of a dotted module name: ``metsi18n.po.reader`` -> ``po``."""
    parts = name.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imports_of(path: Path) -> set[str]:
    """The metsi18n modules ``path`` imports, as dotted names (``from metsi18n import po``
    gives ``metsi18n.po``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "metsi18n"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "metsi18n":
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                is_package = (PACKAGE.parent / candidate.replace(".", "/")).is_dir()
                found.add(candidate if is_module or is_package else node.module)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def direction_problems(imports: dict[str, set[str]]) -> list[str]:
    problems = []
    for importer, imported in sorted(imports.items()):
        for name in sorted(imported):
            if LAYERS[room(name)] > LAYERS[room(importer)]:
                problems.append(f"{importer} imports {name}, a higher stage")
            elif (
                room(name) != room(importer)
                and name.count(".") > 1
                and name not in PUBLIC_SUBMODULES
            ):
                problems.append(f"{importer} reaches into {name}; import the package")
    return problems


def cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each as the path that closes it (depth-first search)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for following in sorted(imports.get(node, ())):
            if following not in imports:
                continue
            if state.get(following) == "open":
                found.append([*path[path.index(following) :], following])
            elif following not in state:
                visit(following, [*path, following])
        state[node] = "done"

    for start in sorted(imports):
        if start not in state:
            visit(start, [start])
    return found


def test_every_module_has_a_layer() -> None:
    assert {room(name) for name in graph()} <= set(LAYERS)


def test_imports_run_one_way_and_through_each_package_front_door() -> None:
    assert direction_problems(graph()) == []


def test_no_module_imports_itself_back_through_others() -> None:
    assert cycles(graph()) == []


def test_the_po_library_needs_nothing_of_metsi18n_but_its_errors() -> None:
    imports = graph()
    outside = {
        name
        for module, imported in imports.items()
        if room(module) == "po"
        for name in imported
        if room(name) not in {"po", "errors"}
    }
    assert outside == set()


def test_polib_is_read_by_the_tests_only() -> None:
    users = [p.name for p in PACKAGE.rglob("*.py") if "import polib" in p.read_text("utf-8")]
    assert users == []


@pytest.mark.parametrize(
    ("imports", "problem"),
    [
        ({"metsi18n.po.reader": {"metsi18n.catalogs"}}, "a higher stage"),
        ({"metsi18n.site.page": {"metsi18n.quality.checks"}}, "a higher stage"),
        ({"metsi18n.quality.gate": {"metsi18n.site.page"}}, "reaches into"),
    ],
)
def test_the_direction_check_catches_a_wrong_import(
    imports: dict[str, set[str]], problem: str
) -> None:
    (found,) = direction_problems(imports)
    assert problem in found


def test_the_cycle_check_catches_a_circle() -> None:
    imports = {"metsi18n.po.a": {"metsi18n.po.b"}, "metsi18n.po.b": {"metsi18n.po.a"}}
    assert cycles(imports) == [["metsi18n.po.a", "metsi18n.po.b", "metsi18n.po.a"]]
