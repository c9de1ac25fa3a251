"""The tests on a PostgreSQL server: one throw-away database per test, made from a prepared template.

`KPA_TEST_SERVER` is the address of a throw-away cluster's superuser (`.ci/run` starts one, bound to
127.0.0.1). Two roles are made once, as a KPA's server has them: the owner of the tables, and the
app's role, which owns nothing. The template is migrated and granted once per run; each test's
database is a copy of it (`CREATE DATABASE … TEMPLATE`), dropped at the end of the test.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

ADMIN = os.environ.get("KPA_TEST_SERVER", "")
OWNER, APP = "kpa_test_owner", "kpa_test_app"
TEMPLATE = "kpa_test_template"
_LOCK = 0x7E57


def _address(role: str, database: str) -> str:
    parts = urlsplit(ADMIN)
    host = parts.hostname or "127.0.0.1"
    port = f":{parts.port}" if parts.port else ""
    return f"postgresql://{role}:{role}@{host}{port}/{database}"


def owner_url(database: str) -> str:
    return _address(OWNER, database)


def app_url(database: str) -> str:
    return _address(APP, database)


@contextmanager
def admin() -> Iterator[Any]:
    """A connection as the cluster's superuser, outside any transaction (CREATE DATABASE needs it)."""
    import psycopg

    with psycopg.connect(ADMIN.replace("postgresql+psycopg:", "postgresql:"), autocommit=True) as connection:
        yield connection


def _prepared(revision: str) -> str:
    """The template at this schema's revision, made once for every test process of the run."""
    from kpa_local.services.server_setup import prepare

    name = f"{TEMPLATE}_{revision}"
    with admin() as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (_LOCK,))
        try:
            roles = {row[0] for row in connection.execute("SELECT rolname FROM pg_roles")}
            for role in (OWNER, APP):
                if role not in roles:  # the owner may create a database: a restore goes into a new one
                    rights = " CREATEDB" if role == OWNER else ""
                    connection.execute(f"CREATE ROLE {role} LOGIN{rights} PASSWORD '{role}'")
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                connection.execute(f"CREATE DATABASE {name}_part OWNER {OWNER}")
                prepare(owner_url(f"{name}_part"), app_url(f"{name}_part"))
                connection.execute(f"ALTER DATABASE {name}_part RENAME TO {name}")
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_LOCK,))
    return name


def copy_database(template: str) -> str:
    """A new database, a copy of `template` (which nobody may be connected to); its name."""
    name = f"kpa_t_{secrets.token_hex(6)}"
    with admin() as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {template} OWNER {OWNER}")
    return name


def new_database() -> str:
    """A new database at this version's schema, ready for the app's role; its name."""
    from kpa_local.db.migrate import HEAD_REVISION

    return copy_database(_prepared(HEAD_REVISION))


def drop_database(name: str) -> None:
    """Drop a test's database, whoever is still connected to it."""
    from kpa_local.services.server_accounts import forget_servers

    forget_servers()
    with admin() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def forget_servers() -> None:
    """Close the connections kept for sign-in, so that a database can be copied or dropped."""
    from kpa_local.services.server_accounts import forget_servers as forget

    forget()


def second_computer(workspace: Any) -> Any:
    """Another computer of the same KPA: a folder of its own with a copy of the settings (the server's address)."""
    from kpa_local.workspace import Workspace

    other = Workspace(workspace.root.parent / f"{workspace.root.name}-second-poste")
    other.config_file.parent.mkdir(parents=True)
    other.config_file.write_bytes(workspace.config_file.read_bytes())
    return other
