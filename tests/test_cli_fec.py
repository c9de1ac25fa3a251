"""`kpa invoices fec`: the demo's entries written in FEC layout, and every bad input refused with nothing written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kpa_local.services.demo import DEMO_PORTAGE
from tests.cli_support import run, state_of
from tests.exchange.fec_rules import layout_problems, rows_of

PROC = Path("/proc")
LINUX_ONLY = pytest.mark.skipif(not (PROC / "version").is_file(), reason="/proc is Linux's")


def test_the_demo_year_is_written_in_fec_layout(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "invoices", "fec", "--from", "01/01/2026", "--to", "31/12/2026") == 0
    path = cli_demo / "exports" / f"{DEMO_PORTAGE['siren']}FEC20261231.txt"
    said = capsys.readouterr().out
    rows = rows_of(path.read_text(encoding="utf-8"))
    entries = len({row["EcritureNum"] for row in rows})
    assert f"Écritures comptables : {path} ({entries} écritures, {len(rows)} lignes, " in said
    assert "au débit comme au crédit" in said
    problems = layout_problems(
        path.name, path.read_bytes(), date(2026, 1, 1), date(2026, 12, 31), DEMO_PORTAGE["siren"]
    )
    assert problems == []


def test_a_folder_can_be_given(cli_demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pour le comptable"
    assert run(cli_demo, "invoices", "fec", "--from", "01/10/2026", "--to", "31/10/2026", "--folder", str(folder)) == 0
    assert [path.name for path in folder.iterdir()] == [f"{DEMO_PORTAGE['siren']}FEC20261031.txt"]


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        pytest.param(("--from", "31/12/2026", "--to", "01/01/2026"), "inversez les dates", id="backwards"),
        pytest.param(("--from", "01/13/2026", "--to", "31/12/2026"), "« 01/13/2026 » n'existe pas", id="no-such-day"),
        pytest.param(("--from", "le 1er mai", "--to", "31/12/2026"), "« le 1er mai » n'est pas une date", id="words"),
        pytest.param(("--from", "01/01/2025", "--to", "31/12/2025"), "aucune écriture du 01/01/2025", id="nothing"),
        pytest.param(
            ("--from", "01/01/2026", "--to", "31/12/2026", "--folder", str(PROC)),
            f"Rien ne peut être écrit dans {PROC}",
            id="proc",
            marks=LINUX_ONLY,
        ),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    cli_demo: Path, capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], said: str
) -> None:
    before = state_of(cli_demo)
    assert run(cli_demo, "invoices", "fec", *arguments) == 1
    assert said in capsys.readouterr().err
    assert state_of(cli_demo) == before


def test_a_file_given_as_the_folder_is_refused(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("à garder", encoding="utf-8")
    before = state_of(cli_demo)
    assert run(cli_demo, "invoices", "fec", "--from", "01/01/2026", "--to", "31/12/2026", "--folder", str(a_file)) == 1
    assert f"Rien ne peut être écrit dans {a_file}" in capsys.readouterr().err
    assert state_of(cli_demo) == before and a_file.read_text(encoding="utf-8") == "à garder"
