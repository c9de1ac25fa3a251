"""The database's copy of the accounts: what sign-in believes, the accounts file only unlocking.

Sign-in happens before the workspace is opened, so this module reads and writes the KPA's
database with one short DB-API connection (SQLCipher with the key held, sqlite3 for a plain
file), never through the engine. An encrypted database is read only once a password (or the
recovery key) has unwrapped its key: nothing in the accounts file can then change what it says.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpa_local.db import cipher
from kpa_local.db.accounts import AccountRow, AccountsFile
from kpa_local.domain.accounts import Actor
from kpa_local.domain.errors import KpaError
from kpa_local.workspace import Workspace

# What the accounts file must say exactly as the database does for a sign-in to be believed.
COMPARED = ("login", "name", "role", "password_hash", "person_id", "active")
MISMATCH = "compte.different"
_COLUMNS = "id, login, name, role, password_hash, person_id, active, failures, blocked_until"
_ALL = _COLUMNS + ", created_at, password_changed_at"


@dataclass(frozen=True)
class Copy:
    """The database's copy of one account: `ready` once the copy exists (else the file is believed)."""

    ready: bool
    row: AccountRow | None


@contextmanager
def _connection(workspace: Workspace, file: Path | None = None, *, write: bool = False) -> Iterator[Any]:
    """One transaction on the KPA's database file, or a backup of it (Locked if its key is not held).

    A write takes SQLite's write lock at once; a read waits for no one.
    """
    key = cipher.key_for(workspace.database_file)
    target = file or workspace.database_file
    with closing(cipher.connect(target, key=key, timeout=10, isolation_level=None)) as connection:
        connection.execute("PRAGMA secure_delete = ON")  # an old password hash is zeroed, not left behind
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _is_ready(connection: Any) -> bool:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"account", "account_copy"} <= tables:
        return False
    return bool(connection.execute("SELECT count(*) FROM account_copy").fetchone()[0])


def _mark_copied(connection: Any) -> None:
    connection.execute("INSERT INTO account_copy (id, copied_at) VALUES (1, datetime('now'))")


DAMAGED = (
    "La base de données est abîmée et aucune sauvegarde vérifiée ne dit quels sont les comptes de la KPA : "
    "prévenez la personne qui s'occupe de l'ordinateur (les sauvegardes sont dans le dossier backups/)."
)


def find(workspace: Workspace, account_id: int) -> Copy:
    """The database's copy of an account (not ready: no database yet, or not migrated and copied yet).

    A damaged database is not a reason to believe the file: the newest verified backup says instead
    (so that coordination can still sign in and restore it).
    """
    if not workspace.database_file.is_file():
        return Copy(False, None)
    try:
        return _find_in(workspace, None, account_id)
    except cipher.database_errors():
        from kpa_local.services.backups import list_backups

        verified = [backup for backup in list_backups(workspace.backups_dir) if backup.verified]
        if not verified:
            raise KpaError(DAMAGED) from None
        return _find_in(workspace, verified[0].path, account_id)


def _find_in(workspace: Workspace, file: Path | None, account_id: int) -> Copy:
    with _connection(workspace, file) as connection:
        if not _is_ready(connection):
            return Copy(False, None)
        found = connection.execute(f"SELECT {_COLUMNS} FROM account WHERE id = ?", (account_id,)).fetchone()
    return Copy(True, AccountRow.of(found) if found else None)


def all_rows(workspace: Workspace) -> list[AccountRow]:
    """Every account the database knows (none before the copy)."""
    if not workspace.database_file.is_file():
        return []
    with _connection(workspace) as connection:
        if not _is_ready(connection):
            return []
        return [AccountRow.of(row) for row in connection.execute(f"SELECT {_COLUMNS} FROM account ORDER BY id")]


def holds_accounts(workspace: Workspace) -> bool:
    """Whether the KPA's database has (or may have) accounts: then no « first » account is ever made.

    An encrypted database whose key is not held cannot say: it is taken to have some. A database
    not copied yet has had accounts if its audit trail ever names one.
    """
    if not workspace.database_file.is_file() or workspace.database_file.stat().st_size == 0:
        return False
    try:
        with _connection(workspace) as connection:
            if _is_ready(connection):
                return bool(connection.execute("SELECT count(*) FROM account").fetchone()[0])
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "audit_entry" not in tables:
                return False
            named = "SELECT count(*) FROM audit_entry WHERE account_id IS NOT NULL"
            return bool(connection.execute(named).fetchone()[0])
    except cipher.Locked:
        return True


def differences(kept: AccountRow | None, told: AccountRow) -> tuple[str, ...]:
    """The fields in which the accounts file (`told`) says something else than the database (`kept`)."""
    if kept is None:
        return ("compte",)
    return tuple(name for name in COMPARED if getattr(kept, name) != getattr(told, name))


def insert(workspace: Workspace, values: dict[str, Any]) -> None:
    """Add an account to the database's copy, with the number the accounts file gave it.

    Nothing before the copy exists: the first opening copies the whole file.
    """
    if not workspace.database_file.is_file():
        return
    with _connection(workspace, write=True) as connection:
        if not _is_ready(connection):
            return
        values = {"failures": 0, "blocked_until": None, "active": 1, **values}
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        connection.execute(f"INSERT INTO account ({names}) VALUES ({marks})", tuple(values.values()))


def update(workspace: Workspace, account_id: int, values: dict[str, Any]) -> None:
    """Change some columns of an account in the database's copy (nothing before the copy exists)."""
    if not workspace.database_file.is_file():
        return
    with _connection(workspace, write=True) as connection:
        if not _is_ready(connection):
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        connection.execute(f"UPDATE account SET {assignments} WHERE id = ?", (*values.values(), account_id))


def copy_file_once(workspace: Workspace) -> None:
    """At the first opening after the upgrade, copy the accounts of the file into the database, once.

    Until then sign-in believed the accounts file as it was: an account edited in the file
    before this copy had already won whatever that edit gave (a role, a person), so copying it
    gives an attacker nothing more than they could already take. From the copy on, the mark
    kept in the database (encrypted where the KPA is) makes sure it never happens again:
    emptying the file or the table later copies nothing, and every difference is refused.
    """
    accounts_file = AccountsFile(workspace.accounts_file)
    with _connection(workspace, write=True) as connection:
        if _is_ready(connection):
            return
        rows = accounts_file.snapshot()["accounts"] if workspace.accounts_file.is_file() else []
        for row in rows:
            values = tuple(row[name] for name in _ALL.split(", "))
            marks = ", ".join("?" for _ in values)
            connection.execute(f"INSERT OR IGNORE INTO account ({_ALL}) VALUES ({marks})", values)
        _mark_copied(connection)


def record_mismatch(workspace: Workspace, told: AccountRow, fields: tuple[str, ...], kept: AccountRow | None) -> None:
    """Write into the audit trail, at once, that the accounts file said something else than the database.

    Coordination reads it in the journal at its next sign-in; the entry lives in the database,
    where whoever edited the accounts file cannot erase it (on an encrypted KPA).
    """
    from kpa_local.db.engine import Database, sqlite_url
    from kpa_local.services.audit import Change, append

    who = Actor(name=kept.name if kept else "compte inconnu de la KPA", account_id=told.id)
    database = Database(sqlite_url(workspace.database_file))
    try:
        with database.unit_of_work(immediate=True) as session:
            append(session.connection(), who, [Change(MISMATCH, f"compte:{told.id}", fields)])
    finally:
        database.dispose()


def rebuild_file(workspace: Workspace) -> int:
    """Write the accounts of the database into an empty accounts file (lost); how many.

    The key slots are not rebuilt: each account gets its own again with a new password.
    """
    with _connection(workspace) as connection:
        if not _is_ready(connection):
            return 0
        rows = connection.execute(f"SELECT {_ALL} FROM account ORDER BY id").fetchall()
    names = _ALL.split(", ")
    accounts = [dict(zip(names, row, strict=True)) for row in rows]
    AccountsFile(workspace.accounts_file).load_snapshot({"accounts": accounts})
    return len(rows)


def kept_accounts(workspace: Workspace) -> list[tuple[Any, ...]]:
    """Every account of the database, whole (before a restore puts an older copy of the data in place)."""
    if not workspace.database_file.is_file():
        return []
    try:
        with _connection(workspace) as connection:
            if not _is_ready(connection):
                return []
            return [tuple(row) for row in connection.execute(f"SELECT {_ALL} FROM account ORDER BY id")]
    except cipher.database_errors():
        return []  # a damaged database: the backup restored brings its own accounts


def put_back(workspace: Workspace, rows: list[tuple[Any, ...]]) -> None:
    """The accounts as they were before a restore: an older copy of the data brings back no older password, role
    or closed account (the accounts file, which a restore leaves alone, says the same)."""
    if not rows:
        return
    with _connection(workspace, write=True) as connection:
        connection.execute("DELETE FROM account")
        marks = ", ".join("?" for _ in _ALL.split(", "))
        connection.executemany(f"INSERT INTO account ({_ALL}) VALUES ({marks})", rows)
        if not _is_ready(connection):
            _mark_copied(connection)
