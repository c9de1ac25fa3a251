"""The database and its backups encrypted: nothing readable in the files, the right secrets and only them."""

from __future__ import annotations

import sys
import unicodedata
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from kpa_local.db import cipher
from kpa_local.domain.accounts import AccountForm, Actor
from kpa_local.domain.errors import KpaError
from kpa_local.services import accounts, encrypting, encryption
from kpa_local.services.backups import backup_now, list_backups
from kpa_local.services.demo import build_demo
from kpa_local.services.members import create_member, list_members
from kpa_local.services.views import MemberQuery
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace
from tests.conftest import frozen_today, make_draft

pytestmark = pytest.mark.sqlite_file("SQLCipher's encryption of the SQLite file")

PASSWORD = "un mot de passe"


def _first(workspace: Workspace) -> str | None:
    form = AccountForm("Awa Diallo", "awa", "coordination", PASSWORD, PASSWORD)
    return accounts.create_first_account(workspace, form).recovery_key


def _first_encrypted(workspace: Workspace) -> str:
    recovery = _first(workspace)
    assert recovery is not None
    return recovery


def _forms(value: str) -> set[bytes]:
    """A value as it could sit in a file: as is, upper and lower case, without accents."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return {form.encode("utf-8") for form in (value, value.upper(), value.lower(), plain, plain.upper()) if form}


def _personal_values(context: object) -> set[bytes]:
    from kpa_local.services.context import Context

    assert isinstance(context, Context)
    rows = context.database.read("SELECT first_name, last_name, email, phone, birth_date FROM person")
    values: set[bytes] = set()
    for first, last, email, phone, birth in rows:
        for value in (first, last, email, phone, str(birth), date.fromisoformat(str(birth)).strftime("%d/%m/%Y")):
            if value:
                values |= _forms(str(value))
    # Encrypted bytes are random: a 4-byte name (KACI) turns up by chance in a few megabytes about
    # once in a thousand scans per name. From 6 bytes on, chance matches are out of reach (2^-48 per
    # position); the short names are still covered by e-mails, dates and the long canary names.
    return {value for value in values if len(value) >= 6}


def test_a_populated_kpa_leaves_no_personal_value_in_any_of_its_files(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "demo")
    context = build_demo(workspace, people=30, years=1, clock=frozen_today)
    try:
        create_member(context, make_draft(last_name="Zébulonnaz", first_name="Philomène"))
        backup_now(context)
        backup_now(context)
        secrets = _personal_values(context)
        assert secrets and any(b"Zebulonnaz" in value for value in secrets)
        files = [workspace.database_file, *workspace.data_dir.glob("kpa.sqlite3-*"),
                 *workspace.backups_dir.glob("*.sqlite3")]  # fmt: skip
        assert workspace.data_dir.joinpath("kpa.sqlite3-wal").is_file()  # scanned while the app works
        assert len([path for path in files if path.parent == workspace.backups_dir]) >= 2
        for path in files:
            data = path.read_bytes()
            found = [value for value in secrets if value in data]
            assert not found, (path.name, found[:3])
        plain = tmp_path / "en-clair.sqlite3"  # the same scan finds them in a plain copy
        with closing(cipher.connect(workspace.database_file)) as connection:
            connection.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
            connection.execute("SELECT sqlcipher_export('plain')")
        assert b"Zebulonnaz" in plain.read_bytes().replace("é".encode(), b"e")
    finally:
        context.close()
    assert all(cipher.is_encrypted(backup.path) for backup in list_backups(workspace.backups_dir))


def test_only_a_signed_in_account_or_the_recovery_key_opens_the_database(workspace: Workspace) -> None:
    recovery = _first_encrypted(workspace)
    context = open_workspace(workspace, clock=frozen_today)
    create_member(context, make_draft())
    context.close()
    encryption.lock(workspace)
    with pytest.raises(cipher.Locked, match="connectez-vous"):
        open_workspace(workspace, clock=frozen_today)
    with pytest.raises(accounts.SignInRefused, match="incorrect"):
        accounts.sign_in(workspace, "awa", "pas le bon")
    with pytest.raises(encryption.WrongRecoveryKey, match="clé de secours n'ouvre pas"):
        encryption.unlock_with_recovery(workspace, "AAAA-" + recovery[5:])
    assert cipher.key_for(workspace.database_file) is None
    encryption.unlock_with_recovery(workspace, recovery.lower().replace("-", " "))  # as typed from the sheet
    context = open_workspace(workspace, clock=frozen_today)
    assert list_members(context, MemberQuery()).total == 1
    context.close()


def test_a_wrong_key_is_a_clean_message_and_nothing_is_printed(
    workspace: Workspace, capfd: pytest.CaptureFixture[str]
) -> None:
    _first(workspace)
    open_workspace(workspace, clock=frozen_today).close()
    with pytest.raises(cipher.WrongKey, match="n'ouvre pas"):
        cipher.check_key(workspace.database_file, bytes(32))
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""  # SQLCipher's own error lines stay silent


def test_accounts_get_their_own_copy_of_the_key(workspace: Workspace) -> None:
    _first(workspace)
    context = open_workspace(workspace, clock=frozen_today, actor=Actor("Awa Diallo", "coordination", 1))
    karim = accounts.create_account(context, AccountForm("Karim Haddad", "karim", "contributeur", "mot de passe k",
                                                         "mot de passe k"))  # fmt: skip
    context.close()
    encryption.lock(workspace)
    accounts.sign_in(workspace, "karim", "mot de passe k")  # unwraps the key with his own password
    assert encryption.is_unlocked(workspace)
    context = open_workspace(workspace, clock=frozen_today, actor=Actor("Awa Diallo", "coordination", 1))
    accounts.reset_password(context, karim.id, "tout nouveau k", "tout nouveau k")
    context.close()
    encryption.lock(workspace)
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(workspace, "karim", "mot de passe k")
    accounts.sign_in(workspace, "karim", "tout nouveau k")
    assert encryption.is_unlocked(workspace)


def test_every_password_lost_the_recovery_key_gives_a_new_one(workspace: Workspace) -> None:
    recovery = _first_encrypted(workspace)
    open_workspace(workspace, clock=frozen_today).close()
    encryption.lock(workspace)
    with pytest.raises(encryption.WrongRecoveryKey):
        accounts.recover_account(workspace, "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", "awa", "neuf neuf", "neuf neuf")
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in(workspace, "awa", "neuf neuf")
    accounts.recover_account(workspace, recovery, "awa", "neuf neuf", "neuf neuf")
    encryption.lock(workspace)
    accounts.sign_in(workspace, "awa", "neuf neuf")
    context = open_workspace(workspace, clock=frozen_today)
    assert context.database.read("SELECT count(*) FROM person")[0][0] == 0
    context.close()


def test_an_older_kpa_is_encrypted_with_its_backups_and_keeps_its_data(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ancienne")
    create_workspace(workspace, name="Coop Test", code="coop-test")
    plain = open_workspace(workspace, clock=frozen_today)  # made before encryption existed
    create_member(plain, make_draft(last_name="Zébulonnaz"))
    plain_backup = backup_now(plain)
    plain.close()
    assert _first(workspace) is None  # the database exists: the first account leaves it as it is
    assert not encryption.is_encrypted(workspace)
    context = open_workspace(workspace, clock=frozen_today, actor=Actor("Awa Diallo", "coordination", 1))
    accounts.create_account(context, AccountForm("Karim Haddad", "karim", "contributeur", "mot de passe k",
                                                 "mot de passe k"))  # fmt: skip
    with pytest.raises(KpaError, match="pas votre mot de passe"):
        encrypting.encrypt_existing(context, "pas le bon")
    assert not cipher.is_encrypted(workspace.database_file)
    done = encrypting.encrypt_existing(context, PASSWORD)
    assert done.accounts_without_key == ("karim",) and done.backups_encrypted >= 2
    assert [member.last_name for member in list_members(context, MemberQuery()).rows] == ["Zébulonnaz"]
    context.close()
    for path in (workspace.database_file, plain_backup.path, done.safety_copy):
        assert cipher.is_encrypted(path) and b"Zebulonnaz" not in path.read_bytes().replace("é".encode(), b"e")
    encryption.lock(workspace)
    with pytest.raises(accounts.SignInRefused, match="nouveau mot de passe"):
        accounts.sign_in(workspace, "karim", "mot de passe k")
    encryption.unlock_with_recovery(workspace, done.recovery_key)
    with closing(cipher.connect(plain_backup.path, key=cipher.key_for(workspace.database_file))) as backup:
        assert backup.execute("SELECT last_name FROM person").fetchall() == [("Zébulonnaz",)]


def test_without_sqlcipher_no_kpa_is_created_unprotected(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cipher, "_module", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import fails as if it were not installed
    assert not cipher.available()
    with pytest.raises(cipher.CipherUnavailable, match="rien n'est créé"):
        _first(workspace)
    assert not accounts.has_accounts(workspace) and not workspace.database_file.exists()


def test_a_backup_is_restored_on_a_new_computer_with_a_password_or_the_recovery_key(tmp_path: Path) -> None:
    from kpa_local.services.restore import RestoreRefused, restore_on_new_computer

    old = Workspace(tmp_path / "ancien")
    create_workspace(old, name="Coop Test", code="coop-test")
    recovery = _first_encrypted(old)
    context = open_workspace(old, clock=frozen_today, actor=Actor("Awa Diallo", "coordination", 1))
    create_member(context, make_draft(last_name="Zébulonnaz"))
    (tmp_path / "cle").mkdir()
    backup = backup_now(context, tmp_path / "cle")
    context.close()
    new = Workspace(tmp_path / "nouveau")
    create_workspace(new, name="Coop Test", code="coop-test")
    for wrong in ({"login": "awa", "password": "pas le bon"}, {"recovery_key": "AAAA" + recovery[4:]}):
        with pytest.raises(RestoreRefused, match=r"incorrect|n'ouvre pas"):
            restore_on_new_computer(new, backup.path, **wrong)
        assert not new.database_file.exists() and not accounts.has_accounts(new)
    restore_on_new_computer(new, backup.path, recovery_key=recovery)
    encryption.lock(new)
    accounts.sign_in(new, "awa", PASSWORD)  # the accounts came with the backup
    moved = open_workspace(new, clock=frozen_today)
    assert [member.last_name for member in list_members(moved, MemberQuery()).rows] == ["Zébulonnaz"]
    moved.close()
    with pytest.raises(RestoreRefused, match="déjà ses données"):
        restore_on_new_computer(new, backup.path, recovery_key=recovery)
