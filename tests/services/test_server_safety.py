"""A KPA on a server kept safe: its backups sealed with the KPA's key, restored into a new database, and a
KPA moved there from its SQLite file. These need the throw-away cluster of KPA_TEST_SERVER."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kpa_local.db.engine import Database
from kpa_local.db.models import Base
from kpa_local.domain.accounts import AccountForm
from kpa_local.domain.errors import KpaError
from kpa_local.services.accounts import create_first_account, sign_in
from kpa_local.services.audit import verify_trail
from kpa_local.services.backup_kinds import BackupError
from kpa_local.services.backups import backup_now, list_backups
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document
from kpa_local.services.moving import move_to_server
from kpa_local.services.server_backups import MAGIC, check_dump, unseal
from kpa_local.services.server_restore import restore_on_server
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests import server_support
from tests.billing_support import Clock, business_client, draft, open_billing
from tests.conftest import ON_SERVER, SERVER_TEMPLATE, TODAY
from tests.raw_database import raw

pytestmark = pytest.mark.skipif(
    not ON_SERVER, reason="sans serveur PostgreSQL de test : KPA_TEST_SERVER=postgresql://… (.ci/run en démarre un)"
)
PASSWORD = "un mot de passe long"
FORM = AccountForm("Camille Martin", "camille", "coordination", PASSWORD, PASSWORD)


@pytest.fixture
def kept(workspace: Workspace) -> Context:
    """A KPA on the server with its first account (so its key), one issued invoice."""
    first = create_first_account(workspace, FORM)
    assert first.recovery_key  # on a server the key encrypts the backups
    context = open_billing(workspace, Clock(TODAY))
    context.actor = first.actor
    issue_document(context, create_document(context, draft(business_client(context))))
    return context


def _invoices(url: str) -> int:
    database = Database(url)
    try:
        return int(database.read("SELECT count(*) FROM document WHERE number IS NOT NULL")[0][0])
    finally:
        database.dispose()


def test_a_backup_is_a_sealed_dump_read_back_before_its_card(kept: Context) -> None:
    from kpa_local.db import cipher

    backup = backup_now(kept)
    sealed = backup.path.read_bytes()
    assert backup.path.suffix == ".pgdump" and sealed.startswith(MAGIC)
    assert b"Boulangerie" not in sealed and b"FA-2026" not in sealed  # nothing readable without the key
    card = json.loads(backup.path.with_name(backup.path.name + ".json").read_text(encoding="utf-8"))
    assert card["verified"] is True and card["sha256"] == backup.sha256 and "secours" in card
    key = cipher.key_for(kept.workspace.database_file)
    assert key is not None and check_dump(unseal(sealed, key)) > 10
    assert backup.path in [found.path for found in list_backups(kept.workspace.backups_dir) if found.verified]
    altered = bytearray(sealed)
    altered[len(altered) // 2] ^= 1
    with pytest.raises(BackupError, match="modifiée"):
        unseal(bytes(altered), key)


def test_without_pg_dump_the_sentence_says_what_to_install(kept: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BackupError, match="postgresql-client"):
        backup_now(kept)


def test_a_restore_goes_into_a_new_database_checked_before_it_is_used(kept: Context) -> None:
    from kpa_local.services.accounts import change_own_password

    backup = backup_now(kept)
    before = kept.database.url
    issue_document(kept, create_document(kept, draft(business_client(kept))))
    later = "un autre mot de passe long"
    change_own_password(kept, PASSWORD, later, later)  # given after the backup: kept by the restore
    name = before.rsplit("/", 1)[1]
    report = restore_on_server(kept, backup.path, server_support.owner_url(name))
    try:
        assert report.url != before and _invoices(report.url) == 1
        assert _invoices(before) == 2  # the database in use is never overwritten
        assert kept.database.url == report.url and verify_trail(kept, witnesses=False) is None
        # The invoice issued after the backup keeps its number: the older base is named, never numbered anew.
        broken = verify_trail(kept)
        assert broken is not None and "FA-2026-0002 manque" in broken.text
        assert report.safety_copy.path.suffix == ".pgdump"
        monkey = pytest.MonkeyPatch()
        monkey.setenv("KPA_DATABASE_URL", report.url)
        try:
            assert sign_in(kept.workspace, "camille", later).name == "Camille Martin"
        finally:
            monkey.undo()
    finally:
        kept.close()
        server_support.drop_database(report.url.rsplit("/", 1)[1])


def test_a_kpa_moves_from_its_file_to_a_server_row_by_row(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = server_support.new_database()
    server_url, owner_url = server_support.app_url(database), server_support.owner_url(database)
    monkeypatch.delenv("KPA_DATABASE_URL")  # the KPA starts on its own encrypted file
    first = create_first_account(workspace, FORM)
    context = open_billing(workspace, Clock(TODAY))
    context.actor = first.actor
    issue_document(context, create_document(context, draft(business_client(context))))
    with raw(workspace) as connection:  # every table of the app (not alembic's, not SQLite's own)
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = [
            connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t in Base.metadata.tables
        ]
    report = move_to_server(context, server_url, owner_url)
    try:
        assert report.rows == sum(counts) and report.kept_file.is_file() and not workspace.database_file.exists()
        assert f'url = "{server_url}"' in workspace.config_file.read_text(encoding="utf-8")
        assert sign_in(workspace, "camille", PASSWORD).name == "Camille Martin"  # the same key, the same password
        moved = open_workspace(workspace, clock=Clock(TODAY))
        moved.actor = first.actor
        try:
            assert verify_trail(moved) is None
            again = issue_document(moved, create_document(moved, draft(business_client(moved))))
            assert again.number == "FA-2026-0002"  # the series goes on after the rows copied
        finally:
            moved.close()
    finally:
        server_support.drop_database(database)


def test_a_server_database_with_data_is_refused_and_the_file_stays(
    workspace: Workspace, cli_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = server_support.copy_database((cli_template / SERVER_TEMPLATE).read_text(encoding="utf-8"))
    monkeypatch.delenv("KPA_DATABASE_URL")
    context = open_billing(workspace, Clock(TODAY))
    issue_document(context, create_document(context, draft(business_client(context))))
    try:
        with pytest.raises(KpaError, match="a déjà des données"):
            move_to_server(context, server_support.app_url(used), server_support.owner_url(used))
        assert workspace.database_file.is_file() and 'url = ""' in workspace.config_file.read_text(encoding="utf-8")
    finally:
        context.close()
        server_support.drop_database(used)


def test_the_other_computers_read_the_same_backup_key(kept: Context, tmp_path: Path) -> None:
    other = server_support.second_computer(kept.workspace)
    assert sign_in(other, "camille", PASSWORD).name == "Camille Martin"
    from kpa_local.db import cipher

    assert cipher.key_for(other.database_file) == cipher.key_for(kept.workspace.database_file)
