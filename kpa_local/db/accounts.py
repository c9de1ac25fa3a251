"""The accounts file, apart from the KPA's database: sign-in must work before that database is opened.

A small SQLite file `data/comptes.sqlite3` (readable by its owner only) holds each account's
login, role and argon2id password hash, the failures in a row, and the sign-in events not
yet copied into the audit trail (a failed sign-in happens before the database is open).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpa_local.db.backup import make_private
from kpa_local.db.keyring import Slot

# The statements that bring the file to each version, in order.
SCHEMA: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE account (id INTEGER PRIMARY KEY AUTOINCREMENT, login TEXT NOT NULL UNIQUE, "
        "name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL, person_id INTEGER, "
        "active INTEGER NOT NULL DEFAULT 1, failures INTEGER NOT NULL DEFAULT 0, blocked_until TEXT, "
        "created_at TEXT NOT NULL, password_changed_at TEXT NOT NULL)",
        "CREATE TABLE pending_event (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, account_id INTEGER, "
        "action TEXT NOT NULL)",
    ),
    # Each account's wrapped copy of the database key, and the recovery key's.
    ("CREATE TABLE key_slot (name TEXT PRIMARY KEY, salt BLOB NOT NULL, nonce BLOB NOT NULL, wrapped BLOB NOT NULL)",),
)
SCHEMA_VERSION = len(SCHEMA)
_COLUMNS = "id, login, name, role, password_hash, person_id, active, failures, blocked_until"


@dataclass(frozen=True)
class AccountRow:
    """An account as stored."""

    id: int
    login: str
    name: str
    role: str
    password_hash: str
    person_id: int | None
    active: bool
    failures: int
    blocked_until: str | None

    @classmethod
    def of(cls, values: Any) -> AccountRow:
        """An account from the columns of `_COLUMNS`, in that order (`active` read as a truth value)."""
        id_, login, name, role, password_hash, person_id, active, failures, blocked_until = values
        return cls(id_, login, name, role, password_hash, person_id, bool(active), failures, blocked_until)


@dataclass(frozen=True)
class PendingEvent:
    """A sign-in event waiting to be written into the audit trail."""

    id: int
    at: str
    account_id: int | None
    action: str


class AccountsFile:
    """Reads and writes the accounts file; every write is one immediate transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("BEGIN IMMEDIATE")
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version < SCHEMA_VERSION:
                    for statements in SCHEMA[version:]:
                        for statement in statements:
                            connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        make_private(self.path)

    def exists(self) -> bool:
        """Whether any account has been created."""
        if not self.path.is_file():
            return False
        with self._connect() as connection:
            return bool(connection.execute("SELECT count(*) FROM account").fetchone()[0])

    def find(self, *, login: str | None = None, account_id: int | None = None) -> AccountRow | None:
        """One account, by login or by number."""
        with self._connect() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM account WHERE login = ? OR id = ?", (login, account_id)
            ).fetchone()
        return AccountRow(*row) if row else None

    def all(self) -> list[AccountRow]:
        """Every account, by name."""
        with self._connect() as connection:
            rows = connection.execute(f"SELECT {_COLUMNS} FROM account ORDER BY name COLLATE NOCASE").fetchall()
        return [AccountRow(*row) for row in rows]

    def insert(self, values: dict[str, Any], *, only_if_empty: bool = False) -> int | None:
        """Add an account; with `only_if_empty`, only when there is none yet (None otherwise)."""
        with self._connect() as connection:
            if only_if_empty and connection.execute("SELECT count(*) FROM account").fetchone()[0]:
                return None
            names = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cursor = connection.execute(f"INSERT INTO account ({names}) VALUES ({marks})", tuple(values.values()))
            return int(cursor.lastrowid or 0)

    def update(
        self,
        account_id: int,
        values: dict[str, Any],
        event: str | None = None,
        at: str = "",
        *,
        slot: Slot | None = None,
    ) -> None:
        """Change some columns of an account, and note an event for the audit trail if given.

        A new password comes with its slot (the database key wrapped for it), in the same transaction.
        """
        with self._connect() as connection:
            assignments = ", ".join(f"{name} = ?" for name in values)
            connection.execute(f"UPDATE account SET {assignments} WHERE id = ?", (*values.values(), account_id))
            if slot is not None:
                _put_slot(connection, slot)
            if event:
                connection.execute(
                    "INSERT INTO pending_event (at, account_id, action) VALUES (?, ?, ?)", (at, account_id, event)
                )

    def note(self, event: str, at: str, account_id: int | None = None) -> None:
        """Keep an event for the audit trail (a failed sign-in with an unknown login, say)."""
        with self._connect() as connection:
            connection.execute(
                "INSERT INTO pending_event (at, account_id, action) VALUES (?, ?, ?)", (at, account_id, event)
            )

    def pending_events(self) -> list[PendingEvent]:
        """The events waiting for the audit trail, oldest first."""
        with self._connect() as connection:
            rows = connection.execute("SELECT id, at, account_id, action FROM pending_event ORDER BY id").fetchall()
        return [PendingEvent(*row) for row in rows]

    def forget_events(self, up_to: int) -> None:
        """Remove the events now written into the audit trail."""
        with self._connect() as connection:
            connection.execute("DELETE FROM pending_event WHERE id <= ?", (up_to,))

    def slots(self) -> dict[str, Slot]:
        """Every wrapped copy of the database key, by name (none: the database is not encrypted)."""
        if not self.path.is_file():
            return {}
        with self._connect() as connection:
            rows = connection.execute("SELECT name, salt, nonce, wrapped FROM key_slot").fetchall()
        return {row[0]: Slot(row[0], bytes(row[1]), bytes(row[2]), bytes(row[3])) for row in rows}

    def put_slots(self, *slots: Slot) -> None:
        """Add or replace slots, all at once."""
        with self._connect() as connection:
            for slot in slots:
                _put_slot(connection, slot)

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        """The accounts and the slots as plain values (for a backup's card: a new computer needs them)."""
        with self._connect() as connection:
            connection.row_factory = sqlite3.Row
            accounts = [dict(row) for row in connection.execute("SELECT * FROM account ORDER BY id")]
            slots = [{"name": row["name"], "salt": bytes(row["salt"]).hex(), "nonce": bytes(row["nonce"]).hex(),
                      "wrapped": bytes(row["wrapped"]).hex()}
                     for row in connection.execute("SELECT * FROM key_slot ORDER BY name")]  # fmt: skip
        return {"accounts": accounts, "slots": slots}

    def load_snapshot(self, snapshot: dict[str, list[dict[str, Any]]]) -> None:
        """Fill an empty accounts file from a snapshot (a backup restored on a new computer)."""
        with self._connect() as connection:
            if connection.execute("SELECT count(*) FROM account").fetchone()[0]:
                raise ValueError("accounts file not empty")
            for account in snapshot["accounts"]:
                names = ", ".join(account)
                marks = ", ".join("?" for _ in account)
                connection.execute(f"INSERT INTO account ({names}) VALUES ({marks})", tuple(account.values()))
            for slot in snapshot_slots(snapshot):
                _put_slot(connection, slot)


def snapshot_slots(snapshot: dict[str, list[dict[str, Any]]]) -> list[Slot]:
    """The slots of an accounts snapshot."""
    return [Slot(item["name"], bytes.fromhex(item["salt"]), bytes.fromhex(item["nonce"]),
                 bytes.fromhex(item["wrapped"])) for item in snapshot.get("slots", [])]  # fmt: skip


def _put_slot(connection: sqlite3.Connection, slot: Slot) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO key_slot (name, salt, nonce, wrapped) VALUES (?, ?, ?, ?)",
        (slot.name, slot.salt, slot.nonce, slot.wrapped),
    )
