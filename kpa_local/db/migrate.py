"""Bringing a database to the schema of this version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kpa_local.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The newest revision in migrations/versions; a test keeps it equal to Alembic's head, so
# that opening an up-to-date database does not have to load Alembic at all.
HEAD_REVISION = "0014"


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


def known_revisions() -> set[str]:
    """Every revision this version of kpa_local knows how to migrate from."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(database: Database) -> str | None:
    """The revision a database is at (None when it is empty)."""
    if not database.has_table("alembic_version"):
        return None
    rows = database.read("SELECT version_num FROM alembic_version")
    return str(rows[0][0]) if rows else None


def upgrade(database: Database) -> None:
    """Migrate to the newest schema (the caller backs the database up first)."""
    if current_revision(database) == HEAD_REVISION:
        return
    from alembic import command

    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
