"""The role × action matrix through the command line: each account signs in and tries each command."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import pytest

from kpa_local.cli import main
from kpa_local.db import cipher
from kpa_local.services.backups import backup_now
from kpa_local.services.demo import DEMO_ACCOUNTS, build_demo
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today, share_key

PASSWORDS = {role: password for _login, _name, role, password in DEMO_ACCOUNTS}
# What each role may do, written from the roles' description (not from the code's table).
ALLOWED = {
    "coordination": {"members", "activities", "invoices", "issue", "pay", "journals", "backup", "check", "audit",
                     "accounts", "anonymise", "restore"},
    "contributeur": {"members", "activities", "invoices", "issue", "pay", "backup", "check"},
    "cooperant": {"activities", "invoices"},
}  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("roles") / "demo"
    context = build_demo(Workspace(root), people=8, years=1, clock=frozen_today)
    backup_now(context)
    context.close()
    return root


def _commands(demo: Path, tmp_path: Path) -> dict[str, list[str]]:
    with closing(cipher.connect(demo / "data" / "kpa.sqlite3")) as connection:
        draft = connection.execute("SELECT id FROM document WHERE kind = 'facture' AND number IS NULL").fetchone()[0]
    backup = next((demo / "backups").glob("kpa-*-manuelle.sqlite3"))
    return {
        "members": ["members", "list"],
        "activities": ["activities", "list"],
        "invoices": ["invoices", "list"],
        "issue": ["invoice", "issue", str(draft)],
        "pay": ["invoice", "pay", "FA-2026-0004", "--amount", "10", "--method", "virement"],
        "journals": ["invoices", "export", "--from", "01/01/2026", "--to", "26/11/2026", "--folder", str(tmp_path)],
        "backup": ["backup", "--to", str(tmp_path)],
        "check": ["check"],
        "audit": ["audit", "list"],
        "accounts": ["accounts", "list"],
        "anonymise": ["privacy", "anonymise", "--due"],
        "restore": ["restore", str(backup), "--yes"],
    }


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("action", sorted(ALLOWED["coordination"]))
def test_each_account_may_do_what_its_role_allows(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    role: str, action: str,
) -> None:  # fmt: skip
    demo = tmp_path / "demo"
    shutil.copytree(template, demo)
    share_key(Workspace(template), Workspace(demo))
    login = {"coordination": "camille", "contributeur": "karim"}.get(role)
    if login is None:
        note = (demo / "data" / "demo-comptes.txt").read_text(encoding="utf-8")
        login = next(line.split()[0] for line in note.splitlines() if "(coopérant·e)" in line)
    monkeypatch.setenv("KPA_USER", login)
    monkeypatch.setenv("KPA_PASSWORD", PASSWORDS[role])
    code = main(["--workspace", str(demo), *_commands(demo, tmp_path)[action]])
    err = capsys.readouterr().err
    if action in ALLOWED[role]:
        assert code == 0, err
    else:
        assert code == 1 and "ne permet pas d" in err, err


def test_a_backup_refused_to_a_role_is_not_announced_first(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(template, demo)
    share_key(Workspace(template), Workspace(demo))
    note = (demo / "data" / "demo-comptes.txt").read_text(encoding="utf-8")
    monkeypatch.setenv("KPA_USER", next(line.split()[0] for line in note.splitlines() if "(coopérant·e)" in line))
    monkeypatch.setenv("KPA_PASSWORD", PASSWORDS["cooperant"])
    assert main(["--workspace", str(demo), "backup", "--to", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "ne permet pas d" in captured.err
    assert "Sauvegarde en cours" not in captured.out + captured.err
