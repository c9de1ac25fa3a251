"""The command line run on a workspace (the `demo` fixture of tests/conftest.py builds one)."""

from __future__ import annotations

from pathlib import Path

from kpa_local.cli import main


def run(demo: Path, *arguments: str) -> int:
    return main(["--workspace", str(demo), *arguments])
