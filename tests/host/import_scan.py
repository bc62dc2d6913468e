"""Read the imports of the host and the plugins from their source (AST), for boundary tests.

Every import counts, the deferred ones inside functions too (an import moved into a function
still couples the modules); only ``if TYPE_CHECKING:`` blocks are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: What a plugin offers other plugins: its tables, its service functions and its nested output
#: shapes. Everything else (routes, importers, hooks, admin views, helpers) is its own business.
PUBLIC_FACE = frozenset({"models", "services", "schemas"})


@dataclass(frozen=True)
class Import:
    path: Path  # the importing file
    line: int
    module: str  # the absolute module imported from
    names: tuple[str, ...]  # names taken from it (empty for ``import module``)

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "examples":  # examples/<package>/... are third-party packages
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skipped


def imports_of(path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_nodes(tree)
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield Import(path, node.lineno, module, tuple(a.name for a in node.names))


def python_files(*folders: str) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        base = ROOT / folder
        if base.is_dir():
            found.extend(sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts))
    return found
