"""Bringing a database to the schema of this version, after a backup copy of its file."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kpa_local.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The newest revision in migrations/versions; a test keeps it equal to Alembic's head, so
# that opening an up-to-date database does not have to load Alembic at all.
HEAD_REVISION = "0003"


def alembic_config() -> Config:
    """The Alembic configuration of kpa_local (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest revision of the migration scripts, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    """The revision a database is at (None when it is empty)."""
    if not database.has_table("alembic_version"):
        return None
    rows = database.read("SELECT version_num FROM alembic_version")
    return str(rows[0][0]) if rows else None


def copy_sqlite_file(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite file, through SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
    return target


def upgrade(database: Database, *, database_file: Path | None, backups_dir: Path) -> Path | None:
    """Migrate to the newest schema; a SQLite file that holds data is copied first.

    Returns the path of the backup copy, if one was made.
    """
    if current_revision(database) == HEAD_REVISION:
        return None
    from alembic import command

    backup = None
    holds_tables = database_file is not None and bool(database.read("SELECT count(*) FROM sqlite_master")[0][0])
    if database_file is not None and holds_tables:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = copy_sqlite_file(database_file, backups_dir / f"avant-mise-a-jour-{stamp}.sqlite3")
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup
