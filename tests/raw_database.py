"""The KPA's database opened by hand, as someone who can read and edit it without the app would.

On SQLite that is the file (with the key the test holds, for an encrypted one); on a server it is a
connection with the address of the settings, as the app's role. Statements are written with `?`
marks on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any
from urllib.parse import urlsplit

from kpa_local.db import cipher
from kpa_local.services.server_accounts import server_url
from kpa_local.workspace import Workspace


class Raw:
    """One connection; `execute` returns the DB-API cursor."""

    def __init__(self, connection: Any, on_server: bool) -> None:
        self.connection = connection
        self.on_server = on_server

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        if self.on_server:
            return self.connection.execute(sql.replace("?", "%s"), tuple(parameters))
        return self.connection.execute(sql, tuple(parameters))


@contextmanager
def raw(workspace: Workspace, *, owner: bool = False) -> Iterator[Raw]:
    """The workspace's database, committed at the end of the block, rolled back if it raises.

    `owner`: on a server, as the owner of the tables (who can take the guards down), not as the app's role.
    """
    url = server_url(workspace)
    if url is None:
        with closing(cipher.connect(workspace.database_file)) as connection, connection:
            yield Raw(connection, False)
        return
    import psycopg

    if owner:
        from tests.server_support import owner_url

        url = owner_url(urlsplit(url).path.strip("/"))
    with psycopg.connect(url) as connection:
        yield Raw(connection, True)


@contextmanager
def without_guards(connection: Raw, *tables: str) -> Iterator[None]:
    """These tables' guards taken down, as whoever owns the database can; on a server they are put back
    after the block (whoever hides a change covers their tracks), on a file they stay dropped."""
    from kpa_local.db.guards import NAMES

    for table in tables:
        if connection.on_server:
            connection.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for name in NAMES:
                if name.startswith(f"{table}_"):
                    connection.execute(f"DROP TRIGGER IF EXISTS {name}")
    yield
    for table in tables if connection.on_server else ():
        connection.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def refusals() -> tuple[type[BaseException], ...]:
    """What a database's guard raises, on either engine."""
    try:
        import psycopg
    except ImportError:
        return cipher.database_errors()
    return (*cipher.database_errors(), psycopg.Error)
