"""The engine and its units of work; SQLite is set up for safety on every connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kpa_local.domain.errors import KpaError

BUSY_TIMEOUT_MS = 10_000

# What every SQLite connection must use, and the value PRAGMA reads back once set.
SQLITE_PRAGMAS: tuple[tuple[str, str, Any], ...] = (
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", 2),
    ("foreign_keys", "ON", 1),
    ("busy_timeout", str(BUSY_TIMEOUT_MS), BUSY_TIMEOUT_MS),
    ("trusted_schema", "OFF", 0),
)


class DatabaseSetupError(KpaError):
    """A connection that could not be given the settings that keep data safe."""


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
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


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite connections get WAL, FULL sync, foreign keys, a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _apply_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """An engine and the factory of the sessions that services use, one per unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection (before copying or replacing the file)."""
        self.engine.dispose()
