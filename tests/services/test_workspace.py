from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from kpa_local.db import cipher
from kpa_local.db.migrate import HEAD_REVISION, current_revision, head_revision
from kpa_local.db.models import Base
from kpa_local.domain.errors import KpaError
from kpa_local.services.context import Context
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace, locate


def test_models_and_migrations_agree(context: Context) -> None:
    with context.database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert current_revision(context.database) == head_revision() == HEAD_REVISION


@pytest.mark.sqlite_file("SQLite's settings of each connection")
def test_every_connection_is_set_up_for_safety(context: Context) -> None:
    with context.database.engine.connect() as connection:
        values = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "trusted_schema")
        }
    assert values == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10_000,
        "trusted_schema": 0,
    }


@pytest.mark.sqlite_file("reads the SQLite file's bytes")
def test_the_workspace_gets_a_secret_kept_only_in_the_database(context: Context) -> None:
    with cipher.connect(context.workspace.database_file) as connection:
        (secret,) = connection.execute("SELECT value FROM secret").fetchone()
    assert len(secret) == 32
    assert secret.hex() not in context.workspace.config_file.read_text(encoding="utf-8")
    context.close()
    reopened = open_workspace(context.workspace)
    with cipher.connect(context.workspace.database_file) as connection:
        assert connection.execute("SELECT value FROM secret").fetchall() == [(secret,)]
    reopened.close()


@pytest.mark.sqlite_file("backs up the SQLite file")
def test_a_database_is_copied_before_it_is_migrated(workspace: Workspace) -> None:
    workspace.make_folders()
    with cipher.connect(workspace.database_file) as connection:
        connection.execute("CREATE TABLE old_data (x INTEGER)")
        connection.execute("INSERT INTO old_data VALUES (42)")
    opened = open_workspace(workspace)
    opened.close()
    backups = list(workspace.backups_dir.glob("kpa-coop-test-*-avant-mise-a-jour.sqlite3"))
    assert len(backups) == 1
    with cipher.connect(backups[0], key=cipher.key_for(workspace.database_file)) as connection:
        assert connection.execute("SELECT x FROM old_data").fetchall() == [(42,)]
        assert connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'person'").fetchone() == (0,)


@pytest.mark.sqlite_file("backs up the SQLite file")
def test_a_new_workspace_is_backed_up_once_a_day_and_reopening_migrates_nothing(workspace: Workspace) -> None:
    open_workspace(workspace).close()
    assert list(workspace.backups_dir.iterdir()) == []
    for _ in range(3):
        open_workspace(workspace).close()
    backups = sorted(path.name for path in workspace.backups_dir.iterdir())
    assert len(backups) == 2  # one backup and its card
    assert backups[0].endswith("-quotidienne.sqlite3")


def test_creating_over_an_existing_kpa_is_refused(workspace: Workspace) -> None:
    with pytest.raises(KpaError, match="contient déjà une KPA"):
        create_workspace(workspace, name="Autre", code="autre")


def test_a_bad_network_code_is_refused_at_creation(tmp_path: Path) -> None:
    with pytest.raises(KpaError, match="minuscules"):
        create_workspace(Workspace(tmp_path / "x"), name="X", code="Pas Bon")
    assert not (tmp_path / "x" / "config").exists()


def test_the_workspace_is_found_from_option_then_environment(tmp_path: Path) -> None:
    assert locate(tmp_path / "a", {"KPA_WORKSPACE": str(tmp_path / "b")}).root == tmp_path / "a"
    assert locate(None, {"KPA_WORKSPACE": str(tmp_path / "b")}).root == tmp_path / "b"
    assert (locate(None, {}).root / "kpa_local").is_dir()


def test_the_title_reads_the_name_alone_and_never_fails(workspace: Workspace) -> None:
    assert workspace.kpa_name() == "Coop Test"
    path = workspace.config_file
    path.write_text(path.read_text(encoding="utf-8").replace("payment_days = 30", "payment_days = 90"), "utf-8")
    assert workspace.kpa_name() == "Coop Test"
    path.write_text("[kpa\nname = ", encoding="utf-8")
    assert workspace.kpa_name() == ""
    path.unlink()
    assert workspace.kpa_name() == ""
