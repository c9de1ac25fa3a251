"""The import contracts cover every module of the package: none outside the interface may import textual."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import kpa_local

ROOT = Path(kpa_local.__file__).parent


def _modules() -> list[str]:
    """Every module of the package, by its dotted name."""
    names = []
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def _contract(name: str) -> dict[str, object]:
    settings = tomllib.loads((ROOT.parent / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = settings["tool"]["importlinter"]["contracts"]
    return next(contract for contract in contracts if contract["name"] == name)


def _covered(module: str, sources: list[str]) -> bool:
    return any(module == source or module.startswith(f"{source}.") for source in sources)


def test_every_module_outside_the_interface_is_forbidden_textual() -> None:
    sources = _contract("Le cœur n'importe jamais textual")["source_modules"]
    assert isinstance(sources, list)
    uncovered = [
        module for module in _modules()
        if module not in ("kpa_local", "kpa_local.__main__") and not _covered(module, ["kpa_local.tui", *sources])
    ]  # fmt: skip
    assert uncovered == []


def test_the_settings_modules_are_kept_from_the_database() -> None:
    sources = _contract("Les paramètres ne touchent ni la base ni les services")["source_modules"]
    settings_modules = [module for module in _modules() if module.startswith("kpa_local.config")]
    assert isinstance(sources, list) and settings_modules and all(_covered(m, sources) for m in settings_modules)


def _imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules a module imports, at its top or inside a function alike."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found |= {target} if target in known else ({base} if base in known else set())
    return found - {module}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, however far round (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_no_modules_import_each_other_not_even_from_inside_a_function() -> None:
    paths = {name: _path_of(name) for name in _modules()}
    graph = {name: _imports_of(name, path, set(paths)) for name, path in paths.items()}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _path_of(module: str) -> Path:
    relative = Path(*module.split(".")[1:])
    package = ROOT / relative / "__init__.py"
    return package if package.is_file() else (ROOT / relative).with_suffix(".py")
