"""The interview commands of `kpa` on a copy of the demo KPA (built once with the clock on 26/11/2026)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli_support import run


def test_list_cards_report_and_analysis(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "interviews", "list") == 0
    listing = capsys.readouterr().out
    assert "6 entretiens." in listing and "Personne anonyme" in listing and "non partagé" in listing
    assert run(cli_demo, "interviews", "cards") == 0
    assert "cartes-du-kit-entretien.pdf" in capsys.readouterr().out
    assert len(PdfReader(cli_demo / "exports" / "entretiens" / "cartes-du-kit-entretien.pdf").pages) == 3
    anonymous = next(line.split()[1] for line in listing.splitlines() if "Personne anonyme" in line)
    assert run(cli_demo, "interviews", "report", anonymous) == 0
    report = cli_demo / "exports" / "entretiens" / f"entretien-{anonymous}.pdf"
    assert str(report) in capsys.readouterr().out
    assert "Personne anonyme" in " ".join(page.extract_text() for page in PdfReader(report).pages)
    assert run(cli_demo, "interviews", "analysis") == 0
    analysis = capsys.readouterr().out
    assert "4 entretiens comptés" in analysis and "1 sans accord de partage et 1 en cours" in analysis
    assert "Femmes de 40 ans et plus" in analysis and "Liens sociaux" in analysis
    assert run(cli_demo, "interviews", "analysis", "--effect", "liens_sociaux") == 0
    assert "Liens sociaux : 3 passages." in capsys.readouterr().out


def test_refusals_say_what_to_do(
    cli_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(cli_demo, "interviews", "analysis", "--effect", "bonheur") == 1
    assert "n'est pas un effet de la grille" in capsys.readouterr().err
    assert run(cli_demo, "interviews", "report", "999") == 1
    assert "n'existe pas" in capsys.readouterr().err
    # A coopérant·e reads only the interviews they led, and not the analysis of everyone's.
    monkeypatch.setenv("KPA_USER", "thomas")
    monkeypatch.setenv("KPA_PASSWORD", "demo-cooperant")
    assert run(cli_demo, "interviews", "list") == 0
    assert "0 entretien." in capsys.readouterr().out
    assert run(cli_demo, "interviews", "analysis") == 1
    assert "lire tous les entretiens" in capsys.readouterr().err
    assert run(cli_demo, "interviews", "report", "1") == 1
    assert "ne peut lire que les entretiens" in capsys.readouterr().err
