"""The engine and its units of work; SQLite is set up for safety on every connection.

SQLAlchemy is imported only when a unit of work first needs it: reading a few figures
from a SQLite file goes through the standard library, so the first screen's numbers do
not wait for the whole database layer to load.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kpa_local.db import cipher
from kpa_local.db.collation import add_french_collation, forget_sort_keys
from kpa_local.domain.errors import KpaError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
SQLITE_PREFIX = "sqlite:///"

# What every SQLite connection must use, and the value PRAGMA reads back once set.
SQLITE_PRAGMAS: tuple[tuple[str, str, Any], ...] = (
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", 2),
    ("foreign_keys", "ON", 1),
    ("busy_timeout", str(BUSY_TIMEOUT_MS), BUSY_TIMEOUT_MS),
    ("trusted_schema", "OFF", 0),
    # Deleted and overwritten values are zeroed in the file, so that wiped personal data is gone.
    ("secure_delete", "ON", 1),
    # 64 MiB of pages kept in memory per connection: pages are read (and, for an encrypted
    # database, decrypted) once, not at every query of a list being searched.
    ("cache_size", "-65536", -65536),
)


class DatabaseSetupError(KpaError):
    """A connection that could not be given the settings that keep data safe."""


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"{SQLITE_PREFIX}{path}"


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: Any, read_only: bool = False) -> None:
    add_french_collation(dbapi_connection)
    cursor = dbapi_connection.cursor()
    try:
        if read_only:  # a damaged database is only read: SQLite itself refuses every write
            cursor.execute("PRAGMA query_only = ON")
        for name, value, expected in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {name} = {value}")
            actual = cursor.execute(f"PRAGMA {name}").fetchone()[0]
            if actual != expected:
                raise DatabaseSetupError(
                    f"La base de données refuse le réglage {name} = {value} (elle garde {actual}) : "
                    "vérifiez que le dossier data/ est sur un disque local, pas sur un partage réseau."
                )
    finally:
        cursor.close()


def make_engine(url: str, read_only: bool = False) -> Engine:
    """An engine for the URL; SQLite connections get WAL, FULL sync, foreign keys, a busy timeout."""
    from sqlalchemy import create_engine, event

    if url.startswith(SQLITE_PREFIX):
        path = Path(url[len(SQLITE_PREFIX) :])
        # Each connection through cipher.connect: SQLCipher with the key held while unlocked, else sqlite3.
        engine = create_engine(
            url, creator=lambda: cipher.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        )
        event.listen(engine, "connect", lambda connection, record: _apply_sqlite_pragmas(connection, record, read_only))
        return engine
    from kpa_local.db import server

    if server.is_server_url(url):
        missing = server.driver_missing()
        if missing:
            raise DatabaseSetupError(missing)
        options = {"default_transaction_read_only": "on"} if read_only else {}
        arguments = {"options": " ".join(f"-c {name}={value}" for name, value in options.items())} if options else {}
        # A computer that lost the network gets an answer in seconds, not at the kernel's timeout.
        return create_engine(
            server.driver_url(url), pool_pre_ping=True, connect_args={"connect_timeout": 10, **arguments}
        )
    return create_engine(url, pool_pre_ping=True)


class Database:
    """An engine (made on first use) and the sessions that services use, one per unit of work."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.read_only = read_only
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        # Called after each flush, inside its transaction (the audit trail records changes there).
        self.flush_hooks: list[Callable[[Session], None]] = []

    @property
    def sqlite_file(self) -> Path | None:
        """The file of a SQLite database, None for any other engine."""
        return Path(self.url[len(SQLITE_PREFIX) :]) if self.url.startswith(SQLITE_PREFIX) else None

    @property
    def on_server(self) -> bool:
        """Whether the database is on a PostgreSQL server, shared by several computers."""
        from kpa_local.db.server import is_server_url

        return is_server_url(self.url)

    @property
    def dialect(self) -> str:
        """The SQL the database speaks: "sqlite" or "postgresql"."""
        return "postgresql" if self.on_server else "sqlite"

    def now(self) -> datetime:
        """The time of day that dates what is done: the server's when several computers share it."""
        if not self.on_server:
            return datetime.now().replace(microsecond=0)
        moment = self.read("SELECT LOCALTIMESTAMP(0)")[0][0]
        assert isinstance(moment, datetime)
        return moment

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made the first time it is needed."""
        if self._engine is None:
            self._engine = make_engine(self.url, self.read_only)
        return self._engine

    @contextmanager
    def unit_of_work(self, *, immediate: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        `immediate` takes the write lock at once (SQLite's BEGIN IMMEDIATE, the server's shared
        transaction lock), for work that reads then writes what another instance of the app could
        write at the same moment (the next number of a series): the other waits instead of reading
        a stale value.
        """
        if self._sessions is None:
            from sqlalchemy import event
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            event.listen(self._sessions, "after_flush", self._after_flush)
        session = self._sessions()
        try:
            if immediate and self.sqlite_file is not None:
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            elif immediate and self.on_server:
                from kpa_local.db.server import take_write_lock

                take_write_lock(session.connection())
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _after_flush(self, session: Session, _flush_context: object) -> None:
        for hook in self.flush_hooks:
            hook(session)

    def read(self, sql: str, parameters: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of one read-only query with `:name` parameters, in one short transaction.

        A SQLite file is read with the standard library until the database layer is loaded,
        with the same safety settings as every other connection.
        """
        path = self.sqlite_file
        # Only while SQLAlchemy is not loaded yet (the first screen's figures): later reads use the
        # engine's pooled connections, whose pages stay in memory (decrypted) from one read to the next.
        if path is not None and self._engine is None and "sqlalchemy.orm" not in sys.modules:
            with closing(cipher.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as connection:
                _apply_sqlite_pragmas(connection, None, self.read_only)
                return [tuple(row) for row in connection.execute(sql, dict(parameters or {}))]
        from sqlalchemy import text

        with self.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), dict(parameters or {}))]

    def has_table(self, name: str) -> bool:
        """Whether the database holds a table of that name."""
        if self.sqlite_file is not None:
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :name"
            return bool(self.read(query, {"name": name})[0][0])
        from sqlalchemy import inspect

        return inspect(self.engine).has_table(name)

    def dispose(self) -> None:
        """Close every pooled connection (before copying or replacing the file), and forget the names kept to sort."""
        if self._engine is not None:
            self._engine.dispose()
        forget_sort_keys()
