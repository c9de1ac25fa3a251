"""`kpa backup`, `kpa restore` and `kpa check` on a copy of the demo KPA."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest

from kpa_local.db import cipher
from tests.cli_support import run

pytestmark = pytest.mark.sqlite_file("the SQLite file's backups and restores")


def _names(database: Path) -> list[str]:
    with closing(cipher.connect(database)) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM client ORDER BY id")]


def test_back_up_to_a_key_list_check_and_restore(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "cle-usb"
    key.mkdir()
    assert run(cli_demo, "backup", "--to", str(key)) == 0
    assert "Sauvegarde vérifiée écrite" in capsys.readouterr().out
    (copy,) = key.glob("kpa-*-manuelle.sqlite3")
    assert run(cli_demo, "backup", "--list") == 0
    listing = capsys.readouterr().out
    assert "sauvegarde du jour" in listing and "vérifiée" in listing  # taken when the command opened the KPA
    assert run(cli_demo, "check") == 0
    assert "Tout est en ordre." in capsys.readouterr().out

    database = cli_demo / "data" / "kpa.sqlite3"
    before = _names(database)
    with closing(cipher.connect(database)) as connection, connection:
        connection.execute("UPDATE client SET name = 'Nom effacé par erreur'")
    assert _names(database) != before
    monkeypatch.setattr("builtins.input", lambda _prompt: "non")
    assert run(cli_demo, "restore", str(copy)) == 1
    assert "Rien n'a été changé." in capsys.readouterr().out
    assert _names(database) != before
    monkeypatch.setattr("builtins.input", lambda _prompt: "oui")
    assert run(cli_demo, "restore", str(copy)) == 0
    assert "restaurée" in capsys.readouterr().out
    assert _names(database) == before
    assert list((cli_demo / "backups").glob("kpa-*-avant-restauration.sqlite3"))


def test_refusals_and_findings_exit_with_one(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_backup = tmp_path / "photo.sqlite3"
    not_a_backup.write_bytes(b"\x89PNG....")
    assert run(cli_demo, "restore", str(not_a_backup), "--yes") == 1
    assert "ne s'ouvre pas avec la clé de cette KPA" in capsys.readouterr().err  # the demo is encrypted
    pdf = next((cli_demo / "invoices").rglob("FA-*.pdf"))
    pdf.write_bytes(b"%PDF-1.4 replaced")
    assert run(cli_demo, "check") == 1
    err = capsys.readouterr().err
    assert f"Le PDF de {pdf.stem} a été modifié" in err and "À faire : Remettez l'original" in err


def test_the_audit_list_keeps_its_codes_and_says_them_in_words(
    cli_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(cli_demo, "backup") == 0
    capsys.readouterr()
    assert run(cli_demo, "audit", "list", "--words", "sauvegarde", "--limit", "1") == 0
    (line, _count) = capsys.readouterr().out.splitlines()
    assert " sauvegarde " in line and line.endswith("« Sauvegarde faite »")
    assert run(cli_demo, "audit", "list", "--action", "person.", "--limit", "1") == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert "person." in line and "« Fiche d'une personne" in line and ", Personne n° " in line
