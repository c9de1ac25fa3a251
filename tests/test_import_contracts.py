"""The import contracts cover every module of the package: none outside the interface may import textual."""

from __future__ import annotations

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
