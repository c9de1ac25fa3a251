"""`kpa share request`: the demande de versement of a validated sharing-out, and every refusal with nothing written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kpa_local.services.demo import DEMO_ACCOUNTS
from tests.cli_support import run, state_of

PASSWORDS = {role: password for _login, _name, role, password in DEMO_ACCOUNTS}


def _validated(demo: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The validated periods `kpa share list` gives, each with the amount it says was shared."""
    assert run(demo, "share", "list") == 0
    periods = {}
    for line in capsys.readouterr().out.splitlines():
        if line[:4].isdigit():
            code, _, rest = line.partition(" ")
            periods[code] = rest.split(" partagés")[0].split("  ")[-1].strip()
    return periods


def test_each_validated_period_gets_its_pdf_and_csv(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    periods = _validated(cli_demo, capsys)
    assert len(periods) >= 2
    for code, shared in periods.items():
        assert run(cli_demo, "share", "request", "--period", code) == 0
        said = capsys.readouterr().out
        pdf = cli_demo / "exports" / f"demande-versement-{code}.pdf"
        table = cli_demo / "exports" / f"demande-versement-{code}.csv"
        assert f"  PDF : {pdf}" in said and f"  CSV pour la paie : {table}" in said
        assert pdf.read_bytes().startswith(b"%PDF")
        rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
        total = sum(int(row["montant"].replace(",", "")) for row in rows)
        assert total == int("".join(digit for digit in shared if digit.isdigit())), (code, shared)
        assert (f"{shared} à verser à " in said) if rows else ("rien à verser" in said)


def test_a_period_typed_in_words_and_a_folder(cli_demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pour la paie"
    assert run(cli_demo, "share", "request", "--period", "Septembre 2026", "--folder", str(folder)) == 0
    assert sorted(path.name for path in folder.iterdir()) == [
        "demande-versement-2026-09.csv", "demande-versement-2026-09.pdf"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("period", "said"),
    [
        pytest.param("2026-11", "La répartition de novembre 2026 n'est pas validée", id="not-validated"),
        pytest.param("2026-11", "Validez d'abord la répartition", id="what-to-do"),
        pytest.param("2026Q3", "Aucune répartition validée ne porte exactement sur 3e trimestre 2026", id="quarter"),
        pytest.param("2026-13", "« 2026-13 » n'est pas une période : écrivez un mois comme", id="no-such-month"),
        pytest.param("la rentrée", "« la rentrée » n'est pas une période", id="words"),
    ],
)
def test_a_refusal_says_what_to_do_and_writes_nothing(
    cli_demo: Path, capsys: pytest.CaptureFixture[str], period: str, said: str
) -> None:
    before = state_of(cli_demo)
    assert run(cli_demo, "share", "request", "--period", period) == 1
    assert said in capsys.readouterr().err
    assert state_of(cli_demo) == before


def test_a_contributor_may_write_it_and_a_cooperant_may_not(
    cli_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = next(iter(_validated(cli_demo, capsys)))
    monkeypatch.setenv("KPA_USER", "karim")
    monkeypatch.setenv("KPA_PASSWORD", PASSWORDS["contributeur"])
    assert run(cli_demo, "share", "request", "--period", code) == 0
    capsys.readouterr()
    before = state_of(cli_demo)
    note = (cli_demo / "data" / "demo-comptes.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("KPA_USER", next(line.split()[0] for line in note.splitlines() if "(coopérant·e)" in line))
    monkeypatch.setenv("KPA_PASSWORD", PASSWORDS["cooperant"])
    assert run(cli_demo, "share", "request", "--period", code) == 1
    assert "ne permet pas de voir les fiches des membres" in capsys.readouterr().err
    assert state_of(cli_demo) == before
