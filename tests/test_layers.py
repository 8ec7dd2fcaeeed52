"""The import graph: every arrow points down the layers, and no two modules import each other in a circle."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extractors", "kg", "api")

# Lower layers first. A module may import its own layer and the ones before it; `api` and `kg.cli`
# share the top and never import each other (`kg serve` names the app by its import string).
LAYERS = [
    ("extractors",),
    ("kg", "kg.core"),  # `kg` itself holds only the version
    ("kg.store",),
    ("kg.ingest",),
    ("kg.read",),
    ("kg.eval",),
    ("kg.cli", "api"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules `name` imports anywhere in its body (function-level imports included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import sub` imports the submodule when there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:  # `import kg.store.queries` -> the deepest project module named
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    # importing `a.b.c` first runs the packages `a` and `a.b`: those the importer is not itself inside
    return found | {p for t in found for p in _packages_of(t) if p in known and not _inside(name, p)}


def _packages_of(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def layer_of(module: str) -> tuple[int, str]:
    best = (-1, "")
    for rank, owners in enumerate(LAYERS):
        for owner in owners:
            if (module == owner or module.startswith(owner + ".")) and len(owner) > len(best[1]):
                best = (rank, owner)
    assert best[0] >= 0, f"{module} belongs to no layer: add its package to LAYERS"
    return best


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    modules = project_modules()
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for name, path in modules.items():
        g.add_edges_from((name, target) for target in imported(name, path, set(modules)))
    return g


def upward_imports(graph: nx.DiGraph) -> list[str]:
    found = []
    for importer, target in graph.edges:
        (rank_from, owner_from), (rank_to, owner_to) = layer_of(importer), layer_of(target)
        if rank_to > rank_from or (rank_to == rank_from and {owner_from, owner_to} == {"kg.cli", "api"}):
            found.append(f"{importer} -> {target}")
    return sorted(found)


def cycles(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def test_every_import_points_down_the_layers(graph):
    assert not upward_imports(graph), "imports against the layers:\n" + "\n".join(upward_imports(graph))


def test_no_modules_import_each_other_in_a_circle(graph):
    assert not cycles(graph), f"import cycles: {cycles(graph)}"


def test_the_checks_catch_an_upward_import_a_sideways_one_and_a_cycle():
    bad = nx.DiGraph([("kg.store.oxigraph", "kg.read.answers"), ("kg.cli.serve", "api.app"),
                      ("kg.read.a", "kg.read.b"), ("kg.read.b", "kg.read.a"), ("api.app", "kg.read.answers")])
    assert upward_imports(bad) == ["kg.cli.serve -> api.app", "kg.store.oxigraph -> kg.read.answers"]
    assert cycles(bad) == [["kg.read.a", "kg.read.b"]]


def test_imports_are_read_whole_relative_and_inside_functions():
    names = set(project_modules())
    assert "kg.read.answers" in imported("api.app", ROOT / "api" / "app.py", names)
    assert "api.errors" in imported("api.cors", ROOT / "api" / "cors.py", names)  # `from .errors import`
    assert "kg.ingest.build" in imported("kg.cli.ingest", ROOT / "kg" / "cli" / "ingest.py", names)  # in a function


def test_importing_a_module_of_a_package_runs_the_package_first():
    names = set(project_modules())
    # source_phrase imports extractors.actors.rules: extractors.actors (its __init__) runs before it
    found = imported("extractors.source_phrase", ROOT / "extractors" / "source_phrase.py", names)
    assert {"extractors.actors.rules", "extractors.actors"} <= found
    # a module never depends on the package it sits in through this
    assert "extractors.actors" not in imported("extractors.actors.coref", ROOT / "extractors" / "actors" / "coref.py", names)


# pyoxigraph (and any future back-end's client) stays behind the Store protocol, inside kg/store.
STORE_LIBRARIES = ("pyoxigraph",)


def third_party_imports(path: Path) -> set[str]:
    """Top-level names of everything a module imports (function-level imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def store_library_imports(modules: dict[str, Path]) -> list[str]:
    return sorted(f"{name} imports {lib}" for name, path in modules.items()
                  if layer_of(name)[1] != "kg.store"
                  for lib in third_party_imports(path) & set(STORE_LIBRARIES))


def test_no_module_outside_kg_store_imports_a_store_library():
    found = store_library_imports(project_modules())
    assert not found, "a store library used outside kg/store (go through kg.store's Store protocol):\n" + "\n".join(found)


def test_the_store_library_check_catches_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from pyoxigraph import NamedNode\n")
    inside = tmp_path / "inside.py"
    inside.write_text("import pyoxigraph\n")
    assert store_library_imports({"kg.read.m": module, "kg.store.inside": inside}) == ["kg.read.m imports pyoxigraph"]
