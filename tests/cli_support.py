"""The command line run on a workspace (the `cli_demo` fixture of tests/conftest.py gives one)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from kpa_local.cli import main
from kpa_local.workspace import Workspace
from tests.raw_database import Raw, raw


def run(demo: Path, *arguments: str) -> int:
    return main(["--workspace", str(demo), *arguments])


def _counts(connection: Raw, skip: tuple[str, ...] = ()) -> dict[str, int]:
    listing = (
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        if connection.on_server
        else "SELECT name FROM sqlite_master WHERE type = 'table'"
    )
    tables = [row[0] for row in connection.execute(listing).fetchall()]
    counts = {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
    return {table: count for table, count in counts.items() if table not in skip}


def state_of(root: Path, *folders: Path) -> tuple[object, ...]:
    """Every table's row count, the audit entries but sign-ins, the accounts, and the documents' files.

    A command that refuses leaves all of it as it was (it may sign in, and take the day's backup).
    """
    with raw(Workspace(root)) as connection:
        rows = _counts(connection, skip=("audit_entry", "audit_head"))
        actions = connection.execute("SELECT count(*) FROM audit_entry WHERE action != 'connexion'").fetchone()[0]
    accounts: dict[str, int] = {}
    if (root / "data" / "comptes.sqlite3").is_file():
        with closing(sqlite3.connect(root / "data" / "comptes.sqlite3")) as plain:
            accounts = _counts(Raw(plain, False))
    places = (root / "invoices", root / "exports", *folders)
    return rows, actions, accounts, sorted(str(path) for place in places for path in place.rglob("*"))
