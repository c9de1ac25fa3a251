"""Moving a KPA from its SQLite file to a PostgreSQL server, checked row by row, with a backup first.

The file is backed up, the server's database prepared by the owner of its tables, and every row
copied with the guards held off only for the copy (an issued invoice's lines come with it). Each
table is then read back on both sides and compared row by row; only then does this computer's
`[database] url` name the server, and the file is kept aside (renamed, never deleted). The KPA's
key comes along in the server's key slots: the same passwords and the same recovery key open it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kpa_local.config import save_sections
from kpa_local.db import server
from kpa_local.db.engine import Database
from kpa_local.domain.errors import KpaError
from kpa_local.services.access import Permission, require
from kpa_local.services.backup_kinds import BEFORE_MOVE, Backup
from kpa_local.services.backups import take_backup
from kpa_local.services.context import Context
from kpa_local.services.database_address import from_environment
from kpa_local.services.server_accounts import ServerAccounts
from kpa_local.services.server_setup import check_addresses, prepare

# Kept on each computer, not copied: the schema's version is the server's own.
NOT_COPIED = {"alembic_version"}
# Filled from the computer's accounts file, not from the database's rows: compared apart.
FROM_ACCOUNTS_FILE = {"key_slot", "account_event"}


@dataclass(frozen=True)
class MoveReport:
    """A KPA moved to a server: the rows copied, the backup taken first, where the file was put aside."""

    rows: int
    safety_copy: Backup
    kept_file: Path


def _tables() -> list[Any]:
    from kpa_local.db.models import Base

    return [table for table in Base.metadata.sorted_tables if table.name not in NOT_COPIED]


def _refuse_if_used(target: Database) -> None:
    for table in ("person", "document", "account", "audit_entry"):
        if target.read(f"SELECT count(*) FROM {table}")[0][0]:
            raise KpaError(
                f"La base du serveur ({server.shown_address(target.url)}) a déjà des données (table {table}) : "
                "une KPA ne s'y déplace que dans une base neuve. Rien n'a été changé."
            )


def _copy(source: Database, owner: Database) -> int:
    """Every row of every table, guards held off for the copy; the row count."""
    from sqlalchemy import Integer, select, text

    copied = 0
    with source.engine.connect() as reading, owner.engine.begin() as writing:
        tables = _tables()
        for table in tables:
            writing.execute(text(f'ALTER TABLE "{table.name}" DISABLE TRIGGER USER'))
        for table in reversed(tables):  # what the migrations put in a new database (the trail's head) is the file's
            writing.execute(table.delete())
        for table in tables:
            rows = [dict(row._mapping) for row in reading.execute(select(table))]
            if rows:
                writing.execute(table.insert(), rows)
            copied += len(rows)
        for table in tables:
            writing.execute(text(f'ALTER TABLE "{table.name}" ENABLE TRIGGER USER'))
            keys = list(table.primary_key.columns)
            if len(keys) == 1 and isinstance(keys[0].type, Integer):  # its sequence goes on after the copied rows
                column = keys[0].name
                writing.execute(
                    text(
                        f'SELECT setval(pg_get_serial_sequence(:table, :column), coalesce(max("{column}"), 1), '
                        f'max("{column}") IS NOT NULL) FROM "{table.name}"'
                    ),
                    {"table": table.name, "column": column},
                )
    return copied


def differences(source: Database, target: Database) -> list[str]:
    """The tables whose rows differ between the file and the server (compared row by row, in key order)."""
    from sqlalchemy import select

    different = []
    with source.engine.connect() as left, target.engine.connect() as right:
        for table in (table for table in _tables() if table.name not in FROM_ACCOUNTS_FILE):
            order = list(table.primary_key.columns)
            mine = [tuple(row) for row in left.execute(select(table).order_by(*order))]
            theirs = [tuple(row) for row in right.execute(select(table).order_by(*order))]
            if mine != theirs:
                different.append(table.name)
    return different


def _key_slots(context: Context, owner: Database) -> None:
    """The wrapped copies of the KPA's key and the sign-in events not yet in the trail, from the accounts file."""
    from sqlalchemy import text

    from kpa_local.db.accounts import AccountsFile

    accounts = AccountsFile(context.workspace.accounts_file)
    if not context.workspace.accounts_file.is_file():
        return
    with owner.engine.begin() as connection:
        for slot in accounts.slots().values():
            connection.execute(
                text("INSERT INTO key_slot (name, salt, nonce, wrapped) VALUES (:name, :salt, :nonce, :wrapped)"),
                {"name": slot.name, "salt": slot.salt, "nonce": slot.nonce, "wrapped": slot.wrapped},
            )
        for number, event in enumerate(accounts.pending_events(), start=1):
            connection.execute(
                text("INSERT INTO account_event (id, at, account_id, action) VALUES (:id, :at, :account, :action)"),
                {"id": number, "at": event.at, "account": event.account_id, "action": event.action},
            )


def _originals(context: Context, app_url: str) -> None:
    """The issued PDFs of this computer's invoices/ become the server's originals (those whose hash is right)."""
    from kpa_local.files import DOCUMENT_LIMIT, FileRefused, read_bounded
    from kpa_local.services.context import Context as Opened
    from kpa_local.services.issuing import keep_original, pdf_path

    served = Opened(context.workspace, context.settings, Database(app_url), context.actor, context.clock)
    try:
        rows = context.database.read(
            "SELECT id, number, issue_date, kind FROM document WHERE pdf_sha256 IS NOT NULL ORDER BY id"
        )
        for document_id, number, day, kind in rows:
            try:
                pdf = read_bounded(pdf_path(context, str(number), int(str(day)[:4]), str(kind)), DOCUMENT_LIMIT)
            except FileRefused:
                continue  # `kpa check` on the server names each original missing
            keep_original(served, int(document_id), pdf)
    finally:
        served.close()


def _slots_of(context: Context) -> dict[str, Any]:
    from kpa_local.db.accounts import AccountsFile

    if not context.workspace.accounts_file.is_file():
        return {}
    return AccountsFile(context.workspace.accounts_file).slots()


def move_to_server(context: Context, app_url: str, owner_url: str, *, now: datetime | None = None) -> MoveReport:
    """Move the KPA's data from its SQLite file to the server named by `app_url` (prepared as `owner_url`)."""
    require(context, Permission.RESTORE)
    live = context.database.sqlite_file
    if live is None:
        raise KpaError("Cette KPA est déjà sur un serveur : il n'y a rien à déplacer.")
    check_addresses(app_url, owner_url)  # before the backup: a wrong address changes nothing
    moment = (now or datetime.now()).replace(microsecond=0)
    safety = take_backup(
        live, context.workspace.backups_dir, code=context.settings.kpa.code, reason=BEFORE_MOVE, now=moment,
        accounts_file=context.workspace.accounts_file,
    )  # fmt: skip
    prepare(owner_url, app_url)
    owner, target = Database(owner_url), Database(app_url)
    try:
        _refuse_if_used(target)
        rows = _copy(context.database, owner)
        _key_slots(context, owner)
        different = differences(context.database, target)
        if _slots_of(context) != ServerAccounts(app_url).slots():
            different.append("key_slot")
        if different:
            raise KpaError(
                f"Après la copie, le serveur ne dit pas la même chose que le fichier ({', '.join(different)}) : "
                "la KPA reste sur ce poste. Videz la base du serveur avant de recommencer."
            )
    finally:
        owner.dispose()
        target.dispose()
    _originals(context, app_url)
    kept = _put_file_aside(context, live, moment)
    if not from_environment():
        context.settings = save_sections(context.workspace.config_file, {"database": {"url": app_url}})
    return MoveReport(rows, safety, kept)


def _put_file_aside(context: Context, live: Path, moment: datetime) -> Path:
    """The file renamed beside itself (with its accounts file): kept, but never opened again by mistake."""
    context.database.read("PRAGMA wal_checkpoint(TRUNCATE)")
    context.database.dispose()
    kept = live.with_name(f"{live.name}.sur-le-serveur-{moment:%Y%m%d-%H%M%S}")
    live.replace(kept)
    for end in ("-wal", "-shm"):
        live.with_name(live.name + end).unlink(missing_ok=True)
    accounts = context.workspace.accounts_file
    if accounts.is_file():
        accounts.replace(accounts.with_name(f"{accounts.name}.sur-le-serveur-{moment:%Y%m%d-%H%M%S}"))
    return kept
