"""The apps form layers: each may import only from its own layer and the layers below (docs/architecture.md).

Read from the source itself: every `import` in `src/opvangnet` outside migrations, including imports inside
functions (they run too), but not those under `if TYPE_CHECKING:` (types only, never executed).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src"

# Bottom first. A module belongs to the component whose prefix matches it longest.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("opvangnet.core", "opvangnet.vocabulary", "opvangnet.audit")),
    ("access rules", ("opvangnet.accounts.roles", "opvangnet.accounts.scoping")),
    ("regions", ("opvangnet.regions",)),
    ("accounts", ("opvangnet.accounts",)),
    ("capacity", ("opvangnet.capacity",)),
    ("placement", ("opvangnet.placement",)),
    ("identification", ("opvangnet.identification",)),
    ("collection", ("opvangnet.collection",)),
    ("insights", ("opvangnet.insights",)),
    ("planning", ("opvangnet.planning",)),
    # settings, urls, cli, wsgi, the demo that seeds every app, and the work list that reads every app
    ("site", ("opvangnet", "opvangnet.worklist")),
]
# Pure cores: nothing from Django, nothing from the rest of the project.
PURE_CORES = (
    "opvangnet.placement.engine",
    "opvangnet.planning.simulate",
    "opvangnet.identification.deadlines",
)


@dataclass(frozen=True)
class Edge:
    source: str  # importing module
    target: str  # imported module
    line: int


def component(module: str) -> tuple[int, str]:
    best: tuple[int, int, str] | None = None
    for index, (name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[0]
            ):
                best = (len(prefix), index, name)
    if best is None:
        raise ValueError(f"{module} belongs to no layer")
    return best[1], best[2]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, int]]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(child) for inner in node.body for child in ast.walk(inner)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            # `from a.b import c` names a.b.c, a module or an attribute: the longest layer prefix decides.
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno


def project_edges() -> list[Edge]:
    edges = []
    for path in sorted((SOURCE / "opvangnet").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        tree = ast.parse(path.read_text(), filename=str(path))
        for target, line in _runtime_imports(tree, module, path.name == "__init__.py"):
            if target == "opvangnet" or target.startswith("opvangnet."):
                edges.append(Edge(module, target, line))
    return edges


def violations(edges: list[Edge]) -> list[str]:
    found = []
    for edge in edges:
        source_layer, source_name = component(edge.source)
        target_layer, target_name = component(edge.target)
        if target_layer > source_layer:
            found.append(
                f"{edge.source}:{edge.line} imports {edge.target} ({source_name} may not use {target_name})"
            )
    return sorted(set(found))


def test_every_app_imports_only_from_the_layers_below() -> None:
    found = violations(project_edges())
    assert not found, "imports against docs/architecture.md:\n" + "\n".join(found)


def test_the_check_fails_when_a_lower_app_imports_a_higher_one() -> None:
    edges = [
        Edge("opvangnet.placement.views", "opvangnet.capacity.models", 1),
        Edge("opvangnet.capacity.services", "opvangnet.placement.models", 7),
        Edge("opvangnet.regions.models", "opvangnet.accounts.scoping", 3),
        Edge("opvangnet.accounts.scoping", "opvangnet.regions.models", 9),
    ]
    assert violations(edges) == [
        "opvangnet.accounts.scoping:9 imports opvangnet.regions.models (access rules may not use regions)",
        "opvangnet.capacity.services:7 imports opvangnet.placement.models (capacity may not use placement)",
    ]


def test_lazy_imports_count_and_type_only_imports_do_not() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from opvangnet.planning.models import Scenario\n"
        "def f():\n    from opvangnet.insights import figures\n"
    )
    imported = {name for name, _line in _runtime_imports(tree, "opvangnet.capacity.views", False)}
    assert "opvangnet.insights.figures" in imported
    assert "opvangnet.planning.models.Scenario" not in imported


@pytest.mark.parametrize("core", PURE_CORES)
def test_the_pure_cores_import_nothing_of_django_or_the_project(core: str) -> None:
    paths = [SOURCE / Path(*core.split(".")).with_suffix(".py"), SOURCE / Path(*core.split("."))]
    files = [p for p in paths if p.is_file()] + [f for p in paths if p.is_dir() for f in p.rglob("*.py")]
    assert files, core
    for path in files:
        module = _module_name(path)
        for target, line in _runtime_imports(ast.parse(path.read_text()), module, path.name == "__init__.py"):
            assert not target.startswith("django"), f"{module}:{line} imports {target}"
            assert not target.startswith("opvangnet.") or target.startswith(core), (
                f"{module}:{line} imports {target}"
            )
