"""`kpa members import` on a workbook: the same report and the same people as from the CSV file made from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kpa_local.cli import main
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.cli_support import state_of
from tests.conftest import copy_demo, frozen_today
from tests.exchange.test_members_workbooks import HEADER, ROWS, people
from tests.exchange.workbooks import Rows, csv_text, write_ods, write_xlsx

README: Rows = (("Ce classeur sert au suivi des membres de la KPA.",),)


def _demo_copy(cli_template: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo, the one in use until the next (on a server: its own copy of the database)."""
    copy_demo(cli_template, root, monkeypatch)
    return root


def _people_of(root: Path) -> list[dict[str, Any]]:
    context = open_workspace(Workspace(root), clock=frozen_today)
    try:
        return people(context)
    finally:
        context.close()


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPA_USER", "camille")
    monkeypatch.setenv("KPA_PASSWORD", "demo-coordination")


@pytest.mark.usefixtures("signed_in")
def test_the_same_members_come_from_the_csv_the_xlsx_and_the_ods(
    cli_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = {"Lisez-moi": README, "Membres": ROWS}
    files = tmp_path / "fichiers"
    files.mkdir()
    csv = files / "membres.csv"
    csv.write_bytes(csv_text(ROWS).encode("utf-8-sig"))
    sources = {
        "csv": [str(csv)],
        "xlsx": [str(write_xlsx(files / "membres.xlsx", book)), "--sheet", "Membres"],
        "ods": [str(write_ods(files / "membres.ods", book)), "--sheet", "Membres"],
    }
    reports, found = {}, {}
    for kind, arguments in sources.items():
        demo = _demo_copy(cli_template, tmp_path / kind, monkeypatch)
        before = _people_of(demo)  # the demo has its own Mamadou Diallo, born on another day
        assert main(["--workspace", str(demo), "members", "import", *arguments]) == 0
        reports[kind] = capsys.readouterr().out.splitlines()
        found[kind] = [person for person in _people_of(demo) if person not in before]
    sheet_line = "Feuille lue : « Membres » (le classeur a aussi « Lisez-moi »). Pour en lire une autre : --sheet NOM."
    assert reports["xlsx"][0] == reports["ods"][0] == sheet_line
    assert reports["xlsx"][1:] == reports["ods"][1:] == reports["csv"]
    assert "Import terminé : 3 nouvelles personnes." in reports["csv"]
    assert len(found["csv"]) == 3
    assert found["xlsx"] == found["csv"] == found["ods"]


def test_refusals_of_a_workbook_leave_the_kpa_as_it_was(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = ("Martin", "Kévin", "31/02/2001", *(None,) * (len(HEADER) - 3))
    workbook = write_xlsx(tmp_path / "membres.xlsx", {"Lisez-moi": README, "Membres": (*ROWS, bad)})
    old = tmp_path / "membres.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    before = state_of(cli_demo)
    for arguments, words in (
        ([str(workbook), "--sheet", "Adhérents"], "n'a pas de feuille nommée « Adhérents ». Ses feuilles : "
                                                  "« Lisez-moi », « Membres »."),
        ([str(workbook)], "Il manque des colonnes dans la feuille « Lisez-moi » de membres.xlsx"),
        ([str(old)], "membres.xls est un classeur Excel de l'ancien format (.xls)"),
    ):  # fmt: skip
        assert main(["--workspace", str(cli_demo), "members", "import", *arguments]) == 1
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err
    assert main(["--workspace", str(cli_demo), "members", "import", str(workbook), "--sheet", "Membres"]) == 1
    out = capsys.readouterr().out
    assert "ligne    6 · Kévin Martin" in out and "Rien n'a été importé" in out
    assert state_of(cli_demo) == before
