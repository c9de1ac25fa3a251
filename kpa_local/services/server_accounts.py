"""The accounts of a KPA on a server: in its database, the same for every computer.

On a SQLite file the accounts file of the computer unlocks the database, and the database's
copy is what sign-in believes (services/account_records.py). On a server there is no file to
unlock: the database's `account` table is both, so a person's account, password and lock-out
are the same on every computer. `ServerAccounts` answers as `AccountsFile` does, so that
signing in, creating and resetting accounts run unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kpa_local.config import load_settings
from kpa_local.db.accounts import AccountRow, AccountsFile, PendingEvent
from kpa_local.db.engine import Database
from kpa_local.db.keyring import Slot
from kpa_local.workspace import Workspace

_COLUMNS = ("id", "login", "name", "role", "password_hash", "person_id", "active", "failures", "blocked_until")
# One engine per server address for the whole process: sign-in does not connect anew at each key typed.
_DATABASES: dict[str, Database] = {}


def server_url(workspace: Workspace) -> str | None:
    """The server address of the workspace's KPA, None when it keeps its SQLite file."""
    from kpa_local.db.server import is_server_url
    from kpa_local.services.database_address import checked_address

    if not workspace.config_file.is_file():
        return None
    # Checked before anything connects: an address sent elsewhere in clear, or mistyped, reaches nothing.
    url = checked_address(workspace, load_settings(workspace.config_file))
    return url if is_server_url(url) else None


def _database(url: str) -> Database:
    """The server's database, once found prepared and used by a role that owns nothing (before any account is read)."""
    if url not in _DATABASES:
        from kpa_local.services.server_setup import check_before_use

        database = Database(url)
        try:
            check_before_use(database)
        except BaseException:
            database.dispose()
            raise
        _DATABASES[url] = database
    return _DATABASES[url]


class ServerAccounts:
    """Reads and writes the accounts in the server's database; every write is one locked transaction."""

    def __init__(self, url: str) -> None:
        self.database = _database(url)

    @contextmanager
    def _write(self) -> Iterator[Any]:
        from kpa_local.db.server import take_write_lock

        with self.database.engine.begin() as connection:
            take_write_lock(connection)
            yield connection

    def exists(self) -> bool:
        """Whether any account has been created."""
        return bool(self.database.read("SELECT count(*) FROM account")[0][0])

    def find(self, *, login: str | None = None, account_id: int | None = None) -> AccountRow | None:
        """One account, by login or by number."""
        rows = self.database.read(
            f"SELECT {', '.join(_COLUMNS)} FROM account WHERE login = :login OR id = :id",
            {"login": login, "id": account_id},
        )
        return AccountRow.of(rows[0]) if rows else None

    def all(self) -> list[AccountRow]:
        """Every account, by name."""
        return [
            AccountRow.of(row) for row in self.database.read(f"SELECT {', '.join(_COLUMNS)} FROM account ORDER BY id")
        ]

    def insert(self, values: dict[str, Any], *, only_if_empty: bool = False) -> int | None:
        """Add an account with the next number; with `only_if_empty`, only when there is none yet."""
        from sqlalchemy import text

        values = {"failures": 0, "blocked_until": None, "active": True, **values}
        values["active"] = bool(values["active"])
        with self._write() as connection:
            count, highest = connection.execute(text("SELECT count(*), coalesce(max(id), 0) FROM account")).one()
            if only_if_empty and count:
                return None
            values = {"id": int(highest) + 1, **values}
            names = ", ".join(values)
            marks = ", ".join(f":{name}" for name in values)
            connection.execute(text(f"INSERT INTO account ({names}) VALUES ({marks})"), values)
        return int(values["id"])

    def update(
        self,
        account_id: int,
        values: dict[str, Any],
        event: str | None = None,
        at: str = "",
        *,
        slot: Slot | None = None,
    ) -> None:
        """Change some columns of an account, and note an event for the audit trail if given."""
        from sqlalchemy import text

        values = {name: bool(value) if name == "active" else value for name, value in values.items()}
        with self._write() as connection:
            if values:
                assignments = ", ".join(f"{name} = :{name}" for name in values)
                connection.execute(
                    text(f"UPDATE account SET {assignments} WHERE id = :account_id"),
                    {**values, "account_id": account_id},
                )
            if slot is not None:
                _put_slot(connection, slot)
            if event:
                _note(connection, event, at, account_id)

    def note(self, event: str, at: str, account_id: int | None = None) -> None:
        """Keep an event for the audit trail (a failed sign-in with an unknown login, say)."""
        with self._write() as connection:
            _note(connection, event, at, account_id)

    def pending_events(self) -> list[PendingEvent]:
        """The events waiting for the audit trail, oldest first."""
        rows = self.database.read("SELECT id, at, account_id, action FROM account_event ORDER BY id")
        return [PendingEvent(*row) for row in rows]

    def forget_events(self, up_to: int) -> None:
        """Remove the events now written into the audit trail."""
        from sqlalchemy import text

        with self._write() as connection:
            connection.execute(text("DELETE FROM account_event WHERE id <= :up_to"), {"up_to": up_to})

    def slots(self) -> dict[str, Slot]:
        """The wrapped copies of the KPA's key kept on the server."""
        rows = self.database.read("SELECT name, salt, nonce, wrapped FROM key_slot")
        return {row[0]: Slot(row[0], bytes(row[1]), bytes(row[2]), bytes(row[3])) for row in rows}

    def put_slots(self, *slots: Slot) -> None:
        """Add or replace slots, all at once."""
        with self._write() as connection:
            for slot in slots:
                _put_slot(connection, slot)


def _note(connection: Any, event: str, at: str, account_id: int | None) -> None:
    from sqlalchemy import text

    highest = connection.execute(text("SELECT coalesce(max(id), 0) FROM account_event")).scalar_one()
    connection.execute(
        text("INSERT INTO account_event (id, at, account_id, action) VALUES (:id, :at, :account_id, :action)"),
        {"id": int(highest) + 1, "at": at, "account_id": account_id, "action": event},
    )


def _put_slot(connection: Any, slot: Slot) -> None:
    from sqlalchemy import text

    connection.execute(text("DELETE FROM key_slot WHERE name = :name"), {"name": slot.name})
    connection.execute(
        text("INSERT INTO key_slot (name, salt, nonce, wrapped) VALUES (:name, :salt, :nonce, :wrapped)"),
        {"name": slot.name, "salt": slot.salt, "nonce": slot.nonce, "wrapped": slot.wrapped},
    )


def forget_servers() -> None:
    """Close every server connection kept for sign-in (at the end of the app, or of a test)."""
    for database in _DATABASES.values():
        database.dispose()
    _DATABASES.clear()


def accounts_store(workspace: Workspace) -> AccountsFile | ServerAccounts:
    """Where the workspace's accounts are read and written: the server's database, or this computer's file."""
    url = server_url(workspace)
    return ServerAccounts(url) if url else AccountsFile(workspace.accounts_file)
