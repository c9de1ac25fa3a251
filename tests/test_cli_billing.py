"""The billing commands of `kpa`, on a copy of the demo KPA built once with the clock on 26/11/2026."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.cli_support import run


def test_list_invoices_quotes_and_clients(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "invoices", "list") == 0
    output = capsys.readouterr().out
    assert "FA-2026-0004" in output and "9 documents." in output
    assert run(cli_demo, "invoices", "list", "--overdue") == 0
    assert "FA-2026-0004" in capsys.readouterr().out
    assert run(cli_demo, "invoices", "list", "--quotes") == 0
    assert "5 documents." in capsys.readouterr().out
    assert run(cli_demo, "clients", "list") == 0
    assert "6 clients." in capsys.readouterr().out


def test_write_a_pdf_and_restore_missing_ones(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = cli_demo / "invoices" / "2026" / "FA-2026-0003.pdf"
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    out = tmp_path / "copie.pdf"
    assert run(cli_demo, "invoice", "pdf", "FA-2026-0003", "--out", str(out)) == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
    original.unlink()
    assert run(cli_demo, "invoices", "pdfs") == 0
    assert "8 PDF vérifiés, 1 réécrit." in capsys.readouterr().out
    assert hashlib.sha256(original.read_bytes()).hexdigest() == digest
    assert run(cli_demo, "invoice", "pdf", "FA-9999") == 1
    assert "Aucun document ne porte le numéro" in capsys.readouterr().err


def test_record_a_payment(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "invoice", "pay", "FA-2026-0004", "--amount", "12,345", "--method", "cheque") == 1
    assert "centime" in capsys.readouterr().err
    assert run(cli_demo, "invoice", "pay", "FA-2026-0004", "--amount", "9 999", "--method", "cheque") == 1
    assert "un montant plus grand n'est pas accepté" in capsys.readouterr().err
    arguments = ("--amount", "97,60", "--method", "virement", "--date", "26/11/2026", "--reference", "VIR 42")
    assert run(cli_demo, "invoice", "pay", "FA-2026-0004", *arguments) == 0
    assert "reste à payer : 200,00" in capsys.readouterr().out.replace("\u202f", " ").replace("\u00a0", " ")


def test_issue_a_draft_from_a_script(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "invoices", "list", "--status", "brouillon") == 0
    draft_id = capsys.readouterr().out.split("(brouillon ")[1].split(")")[0]
    assert run(cli_demo, "invoice", "issue", draft_id) == 0
    assert re.search(r"Facture FA-\d{4}-\d{4} émise le", capsys.readouterr().out)
    assert run(cli_demo, "invoice", "issue", draft_id) == 1
    assert "déjà émise" in capsys.readouterr().err


def test_journals_for_the_accountant(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(cli_demo, "invoices", "export", "--from", "01/01/2026", "--to", "31/12/2026") == 0
    output = capsys.readouterr().out
    assert "journal-ventes_2026-01-01_2026-12-31.csv (8 lignes)" in output
    assert (cli_demo / "exports" / "journal-paiements_2026-01-01_2026-12-31.csv").is_file()
    assert run(cli_demo, "invoices", "export", "--from", "31/12/2026", "--to", "01/01/2026") == 1


def test_issuing_says_the_number_and_amount_and_asks_a_person(
    cli_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(cli_demo, "invoices", "list", "--status", "brouillon") == 0
    draft_id = capsys.readouterr().out.split("(brouillon ")[1].split(")")[0]
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _question: "n")
    assert run(cli_demo, "invoice", "issue", draft_id) == 1
    asked = capsys.readouterr().out
    number = re.search(r"Émettre la facture (FA-\d{4}-\d{4}) pour .+ : [\d\s,]+\s€ à payer", asked)
    assert number, asked
    assert "Une facture émise ne peut plus être modifiée : une erreur se corrige par un avoir." in asked
    assert "Rien n'a été émis." in asked
    monkeypatch.setattr("builtins.input", lambda _question: "o")
    assert run(cli_demo, "invoice", "issue", draft_id) == 0
    assert f"Facture {number.group(1)} émise le" in capsys.readouterr().out


def test_hand_over_the_period_to_the_platform_and_read_back_its_statuses(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(cli_demo, "invoices", "handover", "--from", "01/01/2026", "--to", "31/12/2026", "--zip") == 0
    output = capsys.readouterr().out
    assert "remise-plateforme_2026-01-01_2026-12-31.zip (8 documents," in output
    assert (cli_demo / "exports" / "remise-plateforme_2026-01-01_2026-12-31.zip").is_file()
    folder = tmp_path / "pour-la-cae"
    assert (
        run(cli_demo, "invoices", "handover", "--from", "01/01/2026", "--to", "31/12/2026", "--folder", str(folder))
        == 0
    )
    assert (folder / "remise-plateforme_2026-01-01_2026-12-31" / "manifeste.csv").is_file()
    capsys.readouterr()
    statuses = tmp_path / "statuts.csv"
    statuses.write_text("numero,status,date,reason\nFA-2026-0003,deposited,2026-11-20,\nFA-2099-0001,paid,20/11/2026,\n",
                        encoding="utf-8")  # fmt: skip
    assert run(cli_demo, "invoices", "statuses", str(statuses)) == 1
    output = capsys.readouterr().out
    assert "Ligne 3 (FA-2099-0001) : aucune facture ni aucun avoir émis" in output
    assert "Rien n'a été enregistré : 1 nouveau statut, 1 ligne refusée." in output
    statuses.write_text("numero,status,date,reason\nFA-2026-0003,deposited,2026-11-20,\n", encoding="utf-8")
    assert run(cli_demo, "invoices", "statuses", str(statuses)) == 0
    assert "Suivi enregistré : 1 nouveau statut." in capsys.readouterr().out
