"""The sharing-out commands of `kpa` on a copy of the demo KPA (built once with the clock on 26/11/2026)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_support import run


def test_preview_validate_and_list(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "share", "list") == 0
    listing = capsys.readouterr().out
    validated = [line.split()[0] for line in listing.splitlines() if line[:4].isdigit()]
    assert len(validated) >= 2 and f"{len(validated)} répartitions validées." in listing
    assert run(cli_demo, "share", "preview", "--period", "2026-09") == 0
    september = capsys.readouterr().out
    assert "Répartition de septembre 2026 — validée le 05/10/2026" in september and "10 % des recettes" in september
    assert (
        run(cli_demo, "share", "validate", "--period", "2026-09", "--decided-on", "06/10/2026", "--decision", "x") == 1
    )
    assert "déjà validée" in capsys.readouterr().err
    assert run(cli_demo, "share", "preview", "--period", "2026-07", "--adjustment", "abc") == 1
    assert "n'est pas un nombre" in capsys.readouterr().err
    assert run(cli_demo, "share", "preview", "--period", "2026-11") == 0
    assert "aperçu, rien n'est enregistré" in capsys.readouterr().out


def test_statements_and_savings(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "statements", "--quarter", "2026Q4") == 0
    output = capsys.readouterr().out
    folder = cli_demo / "exports" / "releves-2026Q4"
    assert f"dans {folder}" in output and len(list(folder.glob("*.pdf"))) == int(output.split()[0]) > 0
    assert run(cli_demo, "savings") == 0
    savings = capsys.readouterr().out
    assert "Achat collectif" in savings and "Solde de l'épargne collective" in savings
    assert run(cli_demo, "statements", "--quarter", "2026Q9") == 1
    assert "n'est pas un trimestre" in capsys.readouterr().err
