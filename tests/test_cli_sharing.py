"""The sharing-out commands of `kpa` on the demo KPA (built with the clock on 26/11/2026)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.services.demo import build_demo
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today

pytestmark = pytest.mark.usefixtures("demo_coordination")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    build_demo(Workspace(root), clock=frozen_today).close()
    return root


def run(demo: Path, *arguments: str) -> int:
    return main(["--workspace", str(demo), *arguments])


def test_preview_validate_and_list(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(demo, "share", "list") == 0
    assert "3 répartition(s) validée(s)." in capsys.readouterr().out
    assert run(demo, "share", "preview", "--period", "2026-10") == 0
    october = capsys.readouterr().out
    assert "Répartition d'octobre 2026 — validée le 05/11/2026" in october and "10 % des recettes" in october
    assert run(demo, "share", "validate", "--period", "2026-10", "--decided-on", "06/11/2026", "--decision", "x") == 1
    assert "déjà validée" in capsys.readouterr().err
    assert run(demo, "share", "preview", "--period", "2026-07", "--adjustment", "abc") == 1
    assert "n'est pas un nombre" in capsys.readouterr().err


def test_statements_and_savings(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(demo, "statements", "--quarter", "2026Q4") == 0
    output = capsys.readouterr().out
    folder = demo / "exports" / "releves-2026Q4"
    assert f"dans {folder}" in output and len(list(folder.glob("*.pdf"))) == int(output.split()[0]) > 0
    assert run(demo, "savings") == 0
    savings = capsys.readouterr().out
    assert "Achat collectif" in savings and "Solde de l'épargne collective" in savings
    assert run(demo, "statements", "--quarter", "2026Q9") == 1
    assert "n'est pas un trimestre" in capsys.readouterr().err
