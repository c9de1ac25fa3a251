"""One bad value per row: each is refused with the documented status, in a French sentence that names
the value and its limit, and nothing in the KPA changes (no row, no file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpa_local.cli import main
from tests.cli_support import state_of

PROC = Path("/proc/version")
LINUX_ONLY = pytest.mark.skipif(not PROC.is_file(), reason="/proc is Linux's")
VALIDATION = ("--reason", "erreur", "--decided-on", "26/11/2026", "--decision", "Réunion", "--confirm-large-adjustment")

# (arguments, status, what the sentence must say); {folder} is an existing folder outside the KPA.
CASES = [
    pytest.param(["invoice", "issue", "9" * 23], 2, ["« " + "9" * 23 + " »", "de 1 à 999 999 999"], id="issue-id"),
    pytest.param(["audit", "list", "--limit", "9" * 20], 2, ["« " + "9" * 20 + " »", "de 1 à 100 000"], id="limit"),
    pytest.param(["share", "preview", "--period", "9999-12"], 1, ["« 9999-12 »", "de 1900 à 2100"], id="period"),
    pytest.param(["statements", "--quarter", "9999Q4"], 1, ["« 9999Q4 »", "de 1900 à 2100"], id="quarter"),
    pytest.param(
        ["invoice", "pdf", "FA-2026-0003", "--out", "{folder}"],
        1,
        ["{folder} est un dossier : donnez le nom du fichier"],
        id="out-folder",
    ),
    pytest.param(
        ["invoice", "pdf", "FA-2026-0003", "--out", str(PROC)],
        1,
        [f"Rien ne peut être écrit dans {PROC}"],
        id="out-proc",
        marks=LINUX_ONLY,
    ),
    pytest.param(
        ["invoices", "export", "--from", "01/01/2026", "--to", "26/11/2026", "--folder", "/proc"],
        1,
        ["Rien ne peut être écrit dans /proc"],
        id="journals-proc",
        marks=LINUX_ONLY,
    ),
    pytest.param(
        ["privacy", "export", "1", "--folder", "/proc"],
        1,
        ["Rien ne peut être écrit dans /proc"],
        id="access-proc",
        marks=LINUX_ONLY,
    ),
    pytest.param(
        ["invoice", "pay", "FA-2026-0004", "--amount", "٣", "--method", "cheque"],
        1,
        ["« ٣ »", "chiffres que 0 à 9"],
        id="arabic-digit",
    ),
    pytest.param(
        ["invoice", "pay", "FA-2026-0004", "--amount", "１２,５０", "--method", "cheque"],
        1,
        ["« １２,５０ »", "chiffres que 0 à 9"],
        id="fullwidth-digits",
    ),
    pytest.param(
        ["share", "validate", "--period", "2026-11", "--adjustment", "-" + "9" * 23, *VALIDATION],
        1,
        ["« -" + "9" * 23 + " »", "dépasse -10 000 000,00 €"],
        id="adjustment",
    ),
    pytest.param(
        ["export", "--quarter", "2099Q1", "--yes"],
        1,
        ["2099Q1 n'est pas encore fini", "Le dernier trimestre fini est"],
        id="future-quarter",
    ),
    pytest.param(
        ["accounts", "add", "--person", "99999", "--name", "Awa Diop", "--login", "awa.d", "--role", "cooperant"],
        1,
        ["numéro 99999"],
        id="no-such-person",
    ),
    pytest.param(["invoices", "list", "--status", "payé"], 1, ["« payé »", "brouillon, emise"], id="status"),
]


@pytest.mark.parametrize(("arguments", "status", "said"), CASES)
def test_a_bad_value_is_refused_in_a_sentence_and_changes_nothing(
    cli_demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    status: int,
    said: list[str],
) -> None:
    folder = tmp_path / "un dossier"
    folder.mkdir()
    arguments = [argument.replace("{folder}", str(folder)) for argument in arguments]
    before = state_of(cli_demo, folder)
    assert main(["--workspace", str(cli_demo), *arguments]) == status
    err = capsys.readouterr().err
    for words in said:
        assert words.replace("{folder}", str(folder)) in err.replace("\u202f", " ").replace("\u00a0", " "), err
    assert "Une erreur inattendue" not in err and "Traceback" not in err
    assert state_of(cli_demo, folder) == before


def test_the_state_compared_sees_a_change(cli_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = state_of(cli_demo)
    assert (
        main(["--workspace", str(cli_demo), "invoice", "pay", "FA-2026-0004", "--amount", "10", "--method", "cheque"])
        == 0
    )
    assert state_of(cli_demo) != before


def test_a_members_file_with_a_cell_over_128_kib_is_refused_naming_the_line(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "membres.csv"
    sheet.write_text(f"Nom;Prénom;Date d'entrée;Note\nDiallo;Mamadou;01/03/2025;{'x' * 131_073}\n", encoding="utf-8")
    before = state_of(cli_demo)
    assert main(["--workspace", str(cli_demo), "members", "import", str(sheet)]) == 1
    err = capsys.readouterr().err.replace("\u202f", " ")
    assert "Ligne 2 de membres.csv : une case a plus de 131 072 caractères" in err
    assert "Une erreur inattendue" not in err and "field larger" not in err
    assert state_of(cli_demo) == before
