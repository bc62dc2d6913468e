"""The joints between host and plugins, read from the source (AST, every import counted).

- A plugin imports another plugin only through its public face: ``models``, ``services`` and
  ``schemas`` (nested output shapes), and never an underscore name from them. Routes, importers,
  hooks, CLI, admin views and helpers are the owning plugin's own; what several plugins share
  belongs in the host (``japaguide.importing``, ``japaguide.provenance``, ``japaguide.money``).
- The host imports no plugin: it knows no feature.
- The host's own modules import each other without a circle: the factory wires
  (``japaguide/factory.py``), ``extensions.py`` holds objects only, so no deferred import is
  needed to dodge a cycle.
"""

from __future__ import annotations

from pathlib import Path

from tests.host.import_scan import (
    PUBLIC_FACE,
    ROOT,
    Import,
    imports_of,
    module_name,
    python_files,
)


def _owner(path: Path) -> str:
    """The plugin a file belongs to: ``plugins.<name>`` or an example's top package."""
    parts = module_name(path).split(".")
    return ".".join(parts[:2]) if parts[0] == "plugins" else parts[0]


def boundary_violations(paths: list[Path]) -> list[str]:
    """One line per import that reaches past another plugin's public face."""
    found: list[str] = []
    for path in paths:
        own = _owner(path)
        for imp in imports_of(path):
            parts = imp.module.split(".")
            if parts[0] != "plugins" or len(parts) < 2 or ".".join(parts[:2]) == own:
                continue
            found.extend(_check(imp, parts))
    return found


def _check(imp: Import, parts: list[str]) -> list[str]:
    other = ".".join(parts[:2])
    face = ", ".join(sorted(PUBLIC_FACE))
    if len(parts) == 2:  # from plugins.x import models / import plugins.x
        modules = imp.names or ("",)
        return [
            f"{imp.where()}: imports {other}{'.' + m if m else ''}: only {other}.{{{face}}} "
            "are importable from another plugin"
            for m in modules
            if m not in PUBLIC_FACE
        ]
    if len(parts) > 3 or parts[2] not in PUBLIC_FACE:
        return [
            f"{imp.where()}: imports {imp.module}, an internal module of {other}: use its "
            f"public face ({face}) or move what is shared to the host (japaguide/)"
        ]
    return [
        f"{imp.where()}: imports the private name {name!r} from {imp.module}"
        for name in imp.names
        if name.startswith("_")
    ]


def test_plugins_import_each_other_only_through_their_public_face() -> None:
    violations = boundary_violations(python_files("plugins", "examples"))
    assert not violations, "Cross-plugin imports past the public face:\n" + "\n".join(violations)


def test_the_host_imports_no_plugin() -> None:
    found = [
        f"{imp.where()}: the host imports {imp.module}: the host knows no feature"
        for path in python_files("japaguide")
        for imp in imports_of(path)
        if imp.module.split(".")[0] == "plugins"
    ]
    assert not found, "\n".join(found)


def test_the_boundary_check_catches_each_kind_of_violation(tmp_path: Path) -> None:
    """The check fails on a new violation (so the test above can fail)."""
    plugin = ROOT / "plugins" / "zz_boundary_probe"
    source = (
        "from plugins.countries.routes import make_blueprints\n"
        "from plugins.countries.services import _private\n"
        "from plugins.countries import importer, models\n"
        "import plugins.visas.cli\n"
        "def later():\n"
        "    from plugins.calc.hidden_costs import x\n"
        "from plugins.visas.services import visa_summary\n"
        "from plugins.zz_boundary_probe.routes import own\n"
    )
    plugin.mkdir()
    try:
        probe = plugin / "services.py"
        probe.write_text(source)
        violations = boundary_violations([probe])
    finally:
        for child in plugin.iterdir():
            child.unlink()
        plugin.rmdir()
    joined = "\n".join(violations)
    assert len(violations) == 5, joined
    assert "plugins.countries.routes, an internal module" in joined
    assert "private name '_private'" in joined
    assert "imports plugins.countries.importer: only" in joined
    assert "plugins.visas.cli" in joined
    assert "plugins.calc.hidden_costs" in joined  # deferred imports count too
    assert "visa_summary" not in joined and "zz_boundary_probe.routes" not in joined


# ----------------------------------------------------------------- the host's import graph


def host_import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in python_files("japaguide")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for imp in imports_of(path):
            # ``from pkg import mod`` imports pkg.mod; ``from pkg import name`` imports pkg.
            candidates = [
                f"{imp.module}.{n}" if f"{imp.module}.{n}" in modules else imp.module
                for n in imp.names or ("",)
            ]
            for candidate in candidates:
                # the longest known module the import names (a package's attribute or module)
                while candidate and candidate not in modules:
                    candidate = candidate.rpartition(".")[0]
                if candidate and candidate != name:
                    targets.add(candidate)
        graph[name] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path ``[a, b, …, a]``, or None (depth-first search)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_circle_in_the_host() -> None:
    cycle = find_cycle(host_import_graph())
    assert cycle is None, "Import circle in japaguide/: " + " -> ".join(cycle or [])


def test_extensions_hold_objects_only() -> None:
    imported = host_import_graph()["japaguide.extensions"]
    assert imported <= {"japaguide", "japaguide.database"}, sorted(imported)


def test_the_cycle_check_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
