"""The packages form layers: nothing below ``service`` imports it, and no two packages import each other.

Read from the source with ``ast``, so an import inside a function or under ``TYPE_CHECKING`` counts
as well: a lazy import is still a dependency, it only moves the failure to run time.
"""

from __future__ import annotations

import ast
import tomllib
from collections import defaultdict
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = frozenset(p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file())
ABOVE_SERVICE = frozenset({"service", "bench"})
"""The command-line package and the benchmarks that drive it; everything else stands below."""
NOT_SHIPPED = frozenset({"testkit", "simweb", "bench"})
"""Test, demo and benchmark helpers: what an installation runs never imports them."""
DEMO = "service/commands/demo.py"
"""The one command that runs the simulated web (and through it the test kit)."""


def imported_packages(path: Path) -> set[str]:
    """Top-level x4watch packages that ``path`` imports (absolute imports; relative ones stay inside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & PACKAGES


def graph() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the modules that import it."""
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for package in sorted(PACKAGES):
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in imported_packages(path) - {package}:
                edges[package][target].append(str(path.relative_to(ROOT)))
    return edges


def test_the_packages_are_found() -> None:
    assert {"core", "crawler", "detectors", "documents", "store", "seeds", "service", "dashboard"} <= PACKAGES


def test_every_package_is_installed() -> None:
    """The wheel holds what ``[tool.setuptools.packages.find] include`` names: a package left out
    imports in the tests (the repository is on their path) and fails on an installed machine."""
    found = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = found["tool"]["setuptools"]["packages"]["find"]["include"]
    missing = {p for p in PACKAGES if not any(fnmatch(p, pattern) for pattern in include)} - {"tests"}
    assert not missing, f"add {sorted(missing)} to pyproject.toml's packages.find include"


def test_nothing_below_service_imports_service() -> None:
    edges = graph()
    offenders = {pkg: edges[pkg]["service"] for pkg in sorted(PACKAGES - ABOVE_SERVICE) if "service" in edges[pkg]}
    assert not offenders, offenders


def test_runtime_packages_never_import_the_test_kit() -> None:
    edges = graph()
    runtime = PACKAGES - ABOVE_SERVICE - NOT_SHIPPED
    offenders = {(pkg, kit): edges[pkg][kit] for pkg in sorted(runtime) for kit in NOT_SHIPPED if kit in edges[pkg]}
    assert not offenders, offenders
    service = {kit: edges["service"][kit] for kit in NOT_SHIPPED if kit in edges["service"]}
    assert all(modules == [DEMO] for modules in service.values()), service


def test_core_imports_no_other_package() -> None:
    assert not dict(graph()["core"])


def test_no_two_packages_import_each_other() -> None:
    edges = graph()
    circles = {
        (a, b): (edges[a][b], edges[b][a]) for a in sorted(edges) for b in sorted(edges[a]) if a < b and a in edges[b]
    }
    assert not circles, circles


def module_graph() -> dict[str, set[str]]:
    """module -> the x4watch modules it imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
    }
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        edges[name] = {t for t in targets if t in modules and t != name and not name.startswith(t + ".")}
    return edges


def test_no_two_modules_import_each_other() -> None:
    edges = module_graph()
    circles = sorted((a, b) for a in edges for b in edges[a] if a < b and a in edges.get(b, set()))
    assert not circles, circles
