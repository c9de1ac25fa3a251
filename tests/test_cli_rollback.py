"""`kpa restore` says what it would take out, `kpa check` names the older database, `kpa check --recover` mends it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpa_local.services.clients import list_clients
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.billing_support import draft
from tests.cli_support import run
from tests.conftest import frozen_today

pytestmark = pytest.mark.sqlite_file("an older copy of the SQLite file put back")


def _draft(root: Path) -> int:
    context = open_workspace(Workspace(root), clock=frozen_today)
    try:
        return create_document(context, draft(list_clients(context)[0].id))
    finally:
        context.close()


def _issue_two(root: Path) -> list[str]:
    context = open_workspace(Workspace(root), clock=frozen_today)
    try:
        client = list_clients(context)[0].id
        return [issue_document(context, create_document(context, draft(client))).number for _ in range(2)]
    finally:
        context.close()


def test_restore_warns_then_check_names_the_older_database_and_recover_resumes_the_series(
    cli_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "cle-usb"
    key.mkdir()
    assert run(cli_demo, "backup", "--to", str(key)) == 0
    (copy,) = key.glob("kpa-*-manuelle.sqlite3")
    first, last = _issue_two(cli_demo)
    capsys.readouterr()
    monkeypatch.setattr("builtins.input", lambda _prompt: "non")
    assert run(cli_demo, "restore", str(copy)) == 1
    warning = f"les factures {first} à {last} émises depuis seraient perdues de la base (leurs PDF restent dans"
    assert warning in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda _prompt: "oui")
    assert run(cli_demo, "restore", str(copy)) == 0
    capsys.readouterr()

    assert run(cli_demo, "check") == 1
    err = capsys.readouterr().err
    assert f"La base a été remplacée par une copie plus ancienne : les factures {first} à {last} manquent" in err
    assert "kpa check --recover" in err
    waiting = _draft(cli_demo)
    capsys.readouterr()
    assert run(cli_demo, "invoice", "issue", str(waiting)) == 1
    assert "copie plus ancienne" in capsys.readouterr().err

    assert run(cli_demo, "check", "--recover") == 0
    out = capsys.readouterr().out
    assert f"{first} ressaisie depuis son PDF." in out and f"La numérotation reprend après {last}." in out
    assert "Tout est en ordre." in out
    assert run(cli_demo, "invoice", "issue", str(waiting)) == 0
    following = f"{last[:-4]}{int(last[-4:]) + 1:04d}"
    assert following in capsys.readouterr().out
