"""Accounts are what the database says: every way around the accounts file, refused and journalled."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kpa_local.domain.accounts import AccountForm, Actor
from kpa_local.domain.errors import KpaError
from kpa_local.services import accounts, encryption
from kpa_local.services.access import AccessDenied
from kpa_local.services.audit import list_entries, verify_trail
from kpa_local.services.members import create_member, get_member
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today, make_draft

pytestmark = pytest.mark.sqlite_file("the computer's accounts file against the database")

AWA, THOMAS, HELENE = "mot de passe d'Awa", "mot de passe de Thomas", "mot de passe d'Hélène"
T0 = datetime(2026, 11, 26, 9, 0)


@dataclass(frozen=True)
class Office:
    """A KPA with one account of each role, signed out (the key forgotten, as in a new process)."""

    workspace: Workspace
    encrypted: bool
    recovery_key: str | None
    helene_person: int
    other_person: int


def _open(workspace: Workspace, actor: Actor) -> Any:
    return open_workspace(workspace, actor=actor, clock=frozen_today)


def _make_office(root: Path, encrypted: bool) -> Office:
    workspace = Workspace(root)
    create_workspace(workspace, name="Coop Test", code="coop-test")
    if not encrypted:  # a KPA made before encryption: its database exists before the first account
        open_workspace(workspace, clock=frozen_today).close()
    first = accounts.create_first_account(workspace, AccountForm("Awa Diallo", "awa", "coordination", AWA, AWA))
    assert encryption.is_encrypted(workspace) == encrypted
    context = _open(workspace, accounts.sign_in(workspace, "awa", AWA))
    helene = create_member(context, make_draft(first_name="Hélène", last_name="Dupont")).id
    other = create_member(context, make_draft(first_name="Karim", last_name="Benali")).id
    accounts.create_account(context, AccountForm("Thomas Petit", "thomas", "contributeur", THOMAS, THOMAS))
    accounts.create_account(context, AccountForm("Hélène Dupont", "helene", "cooperant", HELENE, HELENE, helene))
    context.close()
    encryption.lock(workspace)
    return Office(workspace, encrypted, first.recovery_key, helene, other)


@pytest.fixture(params=["plain", "encrypted"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """The office, plain and encrypted."""
    made = _make_office(tmp_path / "kpa", request.param == "encrypted")
    yield made
    encryption.lock(made.workspace)


@pytest.fixture
def plain_office(tmp_path: Path) -> Office:
    """The office of a plain KPA (where its database itself can be edited, or written without a password)."""
    return _make_office(tmp_path / "kpa", False)


@pytest.fixture
def encrypted_office(tmp_path: Path) -> Iterator[Office]:
    """The office of an encrypted KPA (the only one with a recovery key)."""
    made = _make_office(tmp_path / "kpa", True)
    yield made
    encryption.lock(made.workspace)


def _edit(workspace: Workspace, sql: str, *parameters: object) -> None:
    """What anyone with the office computer's files can do to the accounts file."""
    with closing(sqlite3.connect(workspace.accounts_file)) as connection:
        connection.execute(sql, parameters)
        connection.commit()


def _id(workspace: Workspace, login: str) -> int:
    row = accounts.accounts_of(workspace).find(login=login)
    assert row is not None
    return row.id


def _journalled_differences(workspace: Workspace) -> list[tuple[str, tuple[str, ...]]]:
    """What the journal says, read at the next coordination sign-in; the journal must be whole."""
    context = _open(workspace, accounts.sign_in(workspace, "awa", AWA))
    try:
        assert verify_trail(context) is None
        entries = list_entries(context, action="compte.different", limit=100)
        return [(entry.record, entry.fields) for entry in entries]
    finally:
        context.close()
        encryption.lock(workspace)


def _refused(workspace: Workspace, login: str, password: str) -> None:
    with pytest.raises(accounts.SignInRefused) as refusal:
        accounts.sign_in(workspace, login, password)
    assert refusal.value.message == accounts.MISMATCH
    assert not encryption.is_unlocked(workspace)


def test_a_role_changed_by_hand_is_refused_and_journalled(office: Office) -> None:
    workspace = office.workspace
    assert accounts.sign_in(workspace, "thomas", THOMAS).role == "contributeur"
    encryption.lock(workspace)
    thomas = _id(workspace, "thomas")
    _edit(workspace, "UPDATE account SET role = 'coordination' WHERE login = 'thomas'")
    _refused(workspace, "thomas", THOMAS)
    assert _journalled_differences(workspace) == [(f"compte:{thomas}", ("role",))]


def test_a_member_link_changed_by_hand_opens_no_other_record(office: Office) -> None:
    workspace = office.workspace
    _edit(workspace, "UPDATE account SET person_id = ? WHERE login = 'helene'", office.other_person)
    _refused(workspace, "helene", HELENE)
    assert _journalled_differences(workspace) == [(f"compte:{_id(workspace, 'helene')}", ("person_id",))]


def test_a_name_changed_by_hand_puts_no_other_name_on_the_journal(office: Office) -> None:
    workspace = office.workspace
    _edit(workspace, "UPDATE account SET name = 'Awa Diallo' WHERE login = 'thomas'")
    _refused(workspace, "thomas", THOMAS)
    assert _journalled_differences(workspace) == [(f"compte:{_id(workspace, 'thomas')}", ("name",))]


def test_the_role_of_the_session_comes_from_the_database(office: Office) -> None:
    """Even the file changed back and forth between checks, what acts is the database's copy."""
    workspace = office.workspace
    actor = accounts.sign_in(workspace, "helene", HELENE)
    assert (actor.role, actor.person_id) == ("cooperant", office.helene_person)
    context = _open(workspace, actor)
    try:
        assert get_member(context, office.helene_person).id == office.helene_person
        with pytest.raises(AccessDenied):
            get_member(context, office.other_person)
    finally:
        context.close()


def test_a_closed_account_reopened_by_hand_is_refused(office: Office) -> None:
    workspace = office.workspace
    context = _open(workspace, accounts.sign_in(workspace, "awa", AWA))
    accounts.set_active(context, _id(workspace, "thomas"), False)
    context.close()
    encryption.lock(workspace)
    with pytest.raises(accounts.SignInRefused, match="incorrect"):
        accounts.sign_in(workspace, "thomas", THOMAS)
    _edit(workspace, "UPDATE account SET active = 1 WHERE login = 'thomas'")
    _refused(workspace, "thomas", THOMAS)
    assert _journalled_differences(workspace) == [(f"compte:{_id(workspace, 'thomas')}", ("active",))]


def test_a_key_slot_or_a_login_moved_to_another_account_is_refused(office: Office) -> None:
    """Thomas's row (and so his hash and his key slot) given the coordination's login: refused."""
    workspace = office.workspace
    _edit(workspace, "UPDATE account SET login = 'awa-avant' WHERE login = 'awa'")
    _edit(workspace, "UPDATE account SET login = 'awa' WHERE login = 'thomas'")
    _refused(workspace, "awa", THOMAS)
    _edit(workspace, "UPDATE account SET login = 'thomas' WHERE login = 'awa'")
    _edit(workspace, "UPDATE account SET login = 'awa' WHERE login = 'awa-avant'")
    assert _journalled_differences(workspace) == [(f"compte:{_id(workspace, 'thomas')}", ("login",))]


def test_a_password_hash_moved_to_the_coordination_account_is_refused(office: Office) -> None:
    workspace = office.workspace
    _edit(
        workspace,
        "UPDATE account SET password_hash = (SELECT password_hash FROM account WHERE login = 'thomas') "
        "WHERE login = 'awa'",
    )
    if office.encrypted:  # and Thomas's key slot put in Awa's place: its name is bound to it, it opens nothing
        _edit(workspace, "DELETE FROM key_slot WHERE name = ?", f"compte:{_id(workspace, 'awa')}")
        _edit(
            workspace,
            "INSERT INTO key_slot SELECT ?, salt, nonce, wrapped FROM key_slot WHERE name = ?",
            f"compte:{_id(workspace, 'awa')}",
            f"compte:{_id(workspace, 'thomas')}",
        )
    with pytest.raises(accounts.SignInRefused) as refusal:
        accounts.sign_in(workspace, "awa", THOMAS)
    assert refusal.value.message in (accounts.MISMATCH, accounts.WRONG)
    assert not encryption.is_unlocked(workspace)


def test_a_row_deleted_from_the_database_is_refused(plain_office: Office) -> None:
    """On a plain KPA the database itself can be edited: a deleted account is not believed from the file."""
    workspace = plain_office.workspace
    with closing(sqlite3.connect(workspace.database_file)) as connection:
        connection.execute("DELETE FROM account WHERE login = 'thomas'")
        connection.commit()
    _refused(workspace, "thomas", THOMAS)


def test_failures_erased_from_the_file_still_make_sign_in_wait(plain_office: Office) -> None:
    """A plain KPA counts failures in its database too (an encrypted one cannot be written without a password)."""
    workspace = plain_office.workspace
    moment = T0
    for _ in range(4):
        moment += timedelta(minutes=20)
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(workspace, "thomas", "mauvais", now=moment)
    _edit(workspace, "UPDATE account SET failures = 0, blocked_until = NULL WHERE login = 'thomas'")
    _edit(workspace, "DELETE FROM pending_event")
    with pytest.raises(accounts.SignInRefused, match="attendez"):
        accounts.sign_in(workspace, "thomas", THOMAS, now=moment + timedelta(seconds=5))
    with pytest.raises(accounts.SignInRefused, match="Attendez 20 secondes"):
        accounts.sign_in(workspace, "thomas", "mauvais", now=moment + timedelta(minutes=1))


def test_without_the_accounts_file_no_first_account_is_made(office: Office) -> None:
    workspace = office.workspace
    workspace.accounts_file.unlink()
    assert accounts.has_accounts(workspace)
    with pytest.raises(KpaError) as refusal:
        accounts.create_first_account(
            workspace, AccountForm("Intrus", "intrus", "coordination", "12345678x", "12345678x")
        )
    assert "clé de secours" in refusal.value.message
    assert not accounts.accounts_of(workspace).exists()


def test_the_recovery_key_rebuilds_a_lost_accounts_file(office: Office) -> None:
    workspace = office.workspace
    workspace.accounts_file.unlink()
    if not office.encrypted:  # nothing to unlock: the database alone gives the accounts back
        assert accounts.sign_in(workspace, "thomas", THOMAS).role == "contributeur"
        return
    with pytest.raises(accounts.SignInRefused, match="kpa accounts recover"):
        accounts.sign_in(workspace, "awa", AWA)
    assert office.recovery_key is not None
    accounts.recover_account(workspace, office.recovery_key, "awa", "nouveau mot de passe", "nouveau mot de passe")
    encryption.lock(workspace)
    actor = accounts.sign_in(workspace, "awa", "nouveau mot de passe")
    assert (actor.name, actor.role) == ("Awa Diallo", "coordination")
    context = _open(workspace, actor)
    try:
        assert get_member(context, office.helene_person).id == office.helene_person
        assert {view.login for view in accounts.list_accounts(context)} == {"awa", "thomas", "helene"}
    finally:
        context.close()
    encryption.lock(workspace)
    with pytest.raises(accounts.SignInRefused, match="nouveau mot de passe"):
        accounts.sign_in(workspace, "thomas", THOMAS)  # his key slot went with the file: coordination resets it


def test_the_first_copy_believes_the_file_once_and_never_again(tmp_path: Path) -> None:
    """A workspace upgraded from before: its accounts are copied in at the first opening, then the copy rules."""
    workspace = Workspace(tmp_path / "kpa")
    create_workspace(workspace, name="Coop Test", code="coop-test")
    open_workspace(workspace, clock=frozen_today).close()
    accounts.create_first_account(workspace, AccountForm("Awa Diallo", "awa", "coordination", AWA, AWA))
    with closing(sqlite3.connect(workspace.database_file)) as connection:  # as the database was before 0007
        connection.execute("DELETE FROM account")
        connection.execute("DELETE FROM account_copy")
        connection.commit()
    actor = accounts.sign_in(workspace, "awa", AWA)  # the file believed, as before the upgrade
    open_workspace(workspace, actor=actor, clock=frozen_today).close()
    _edit(workspace, "UPDATE account SET name = 'Quelqu''un' WHERE login = 'awa'")
    open_workspace(workspace, actor=actor, clock=frozen_today).close()  # a second opening copies nothing
    _refused(workspace, "awa", AWA)


def test_kpa_accounts_recover_rebuilds_the_accounts_on_an_encrypted_kpa(
    encrypted_office: Office, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpa_local.cli import main

    workspace = encrypted_office.workspace
    workspace.accounts_file.unlink()
    assert encrypted_office.recovery_key is not None
    monkeypatch.setenv("KPA_RECOVERY_KEY", encrypted_office.recovery_key)
    monkeypatch.setenv("KPA_NEW_PASSWORD", "nouveau mot de passe")
    assert main(["--workspace", str(workspace.root), "accounts", "recover", "awa"]) == 0
    encryption.lock(workspace)
    monkeypatch.setenv("KPA_PASSWORD", "nouveau mot de passe")
    capsys.readouterr()
    assert main(["--workspace", str(workspace.root), "--user", "awa", "accounts", "list"]) == 0
    listed = capsys.readouterr().out
    assert "thomas" in listed and "helene" in listed


def test_a_restore_brings_back_no_older_password_and_the_card_keeps_the_recovery_slot(office: Office) -> None:
    import json

    from kpa_local.services.backups import backup_now
    from kpa_local.services.restore import restore_backup

    workspace = office.workspace
    context = _open(workspace, accounts.sign_in(workspace, "awa", AWA))
    try:
        backup = backup_now(context)
        accounts.reset_password(context, _id(workspace, "thomas"), "après la sauvegarde", "après la sauvegarde")
        restore_backup(context, backup.path)
    finally:
        context.close()
    encryption.lock(workspace)
    assert accounts.sign_in(workspace, "thomas", "après la sauvegarde").name == "Thomas Petit"
    card = json.loads(backup.path.with_name(backup.path.name + ".json").read_text(encoding="utf-8"))
    if office.encrypted:
        assert card["secours"] == json.loads(encryption.recovery_file(workspace).read_text(encoding="utf-8"))
    else:
        assert "secours" not in card and not encryption.recovery_file(workspace).exists()


def test_the_recovery_key_still_opens_the_kpa_from_a_backup_card(encrypted_office: Office) -> None:
    """The accounts file and the recovery slot beside the database both lost: a backup's card still has it."""
    from kpa_local.services.backups import backup_now

    workspace = encrypted_office.workspace
    context = _open(workspace, accounts.sign_in(workspace, "awa", AWA))
    backup_now(context)
    context.close()
    encryption.lock(workspace)
    workspace.accounts_file.unlink()
    encryption.recovery_file(workspace).unlink()
    assert encrypted_office.recovery_key is not None
    accounts.recover_account(
        workspace, encrypted_office.recovery_key, "awa", "nouveau mot de passe", "nouveau mot de passe"
    )
    encryption.lock(workspace)
    assert accounts.sign_in(workspace, "awa", "nouveau mot de passe").role == "coordination"
    assert encryption.recovery_file(workspace).is_file()
