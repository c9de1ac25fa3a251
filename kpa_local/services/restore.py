"""Restoring a backup: the file is checked first, the current database is kept as a backup, then replaced.

A backup belongs to this workspace when it holds the same random workspace secret; an
older one is migrated on a staging copy before it replaces anything, and the live database
is rewritten through SQLite's backup API, so that a failure at any point leaves either
the old database or the restored one.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kpa_local.db import cipher
from kpa_local.db.backup import copy_database, copy_into, read_facts
from kpa_local.db.engine import Database, sqlite_url
from kpa_local.db.migrate import HEAD_REVISION, known_revisions, upgrade
from kpa_local.files import read_bounded_text, regular_file
from kpa_local.services import account_records
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.backup_kinds import BEFORE_RESTORE, CARD_SUFFIX, Backup, BackupError
from kpa_local.services.backups import IDENTITY_SECRET, keep_damaged_file, list_backups, rotate, take_backup
from kpa_local.services.context import Context
from kpa_local.services.marks import database_marks, journal_text, read_marks, save_marks
from kpa_local.workspace import Workspace

_WHAT_TO_DO = "Choisissez une autre sauvegarde (« kpa backup --list » les montre, la plus récente d'abord)."


class RestoreRefused(BackupError):
    """A file that cannot be restored here, with the reason."""


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did."""

    restored: Path
    revision: str
    migrated: bool
    safety_copy: Backup


def _key(context: Context) -> bytes | None:
    """The key of the workspace's database (None when it is not encrypted)."""
    live = context.database.sqlite_file
    return cipher.key_for(live) if live is not None else None


def _identity(context: Context) -> bytes | None:
    """The workspace's secret; from its newest verified backup when the database itself cannot be read."""
    from sqlalchemy.exc import DatabaseError

    unreadable: tuple[type[Exception], ...] = (*cipher.database_errors(), DatabaseError)
    try:
        rows = context.database.read("SELECT value FROM secret WHERE name = :name", {"name": IDENTITY_SECRET})
        return bytes(rows[0][0]) if rows else None
    except unreadable:
        for backup in list_backups(context.workspace.backups_dir):
            facts = read_facts(backup.path, IDENTITY_SECRET, key=_key(context)) if backup.verified else None
            if facts is not None and facts.sound:
                return facts.identity
        return None


def check_restorable(context: Context, file: Path) -> str:
    """The revision of a backup that may be restored here; refuse, with the reason, any other file."""
    if not file.exists():
        raise RestoreRefused(f"{file} n'existe pas : vérifiez le chemin du fichier.")
    regular_file(file)  # SQLite reads it: a device or a pipe would never end
    facts = read_facts(file, IDENTITY_SECRET, key=_key(context))
    if not facts.sound:
        raise RestoreRefused(f"{file.name} ne peut pas être restauré : {facts.problems[0]}. {_WHAT_TO_DO}")
    if facts.revision is None or facts.identity is None:
        raise RestoreRefused(f"{file.name} n'est pas une sauvegarde de kpa_local. {_WHAT_TO_DO}")
    if facts.identity != _identity(context):
        raise RestoreRefused(
            f"{file.name} est la sauvegarde d'une autre KPA : elle ne peut pas remplacer les données de "
            f"{context.settings.kpa.name}. {_WHAT_TO_DO}"
        )
    if facts.revision not in known_revisions():
        raise RestoreRefused(
            f"{file.name} a été faite par une version plus récente de kpa_local : mettez l'application à jour, "
            "puis restaurez-la."
        )
    return facts.revision


def server_restore_sentence() -> str:
    """How a KPA on a server is restored (never from a screen: the owner's address is not typed there)."""
    return (
        "Cette KPA a sa base sur un serveur : une sauvegarde s'y restaure dans une nouvelle base, par le "
        "propriétaire des tables, avec kpa restore FICHIER --owner ADRESSE (voir le README, « La KPA sur un "
        "serveur PostgreSQL »)."
    )


def restore_backup(context: Context, file: Path, *, now: datetime | None = None) -> RestoreReport:
    """Replace the workspace's database with a checked backup, after keeping the current one."""
    require(context, Permission.RESTORE)
    live = context.database.sqlite_file
    if live is None:
        raise RestoreRefused(server_restore_sentence())
    revision = check_restorable(context, file)
    accounts_now = account_records.kept_accounts(context.workspace)
    moment = now or datetime.now()
    damaged = context.database.read_only
    if damaged:  # SQLite cannot copy a damaged database: its file is kept as it is
        safety = keep_damaged_file(live, context.workspace.backups_dir, code=context.settings.kpa.code, now=moment)
    else:
        safety = take_backup(
            live, context.workspace.backups_dir, code=context.settings.kpa.code, reason=BEFORE_RESTORE, now=moment,
            accounts_file=context.workspace.accounts_file,
        )  # fmt: skip
    staging = context.workspace.data_dir / f".restauration-{moment:%Y%m%d-%H%M%S-%f}.sqlite3"
    key = _key(context)
    if key is not None:
        cipher.remember(staging, key)
    try:
        copy_database(file, staging, key=key)
        if revision != HEAD_REVISION:
            staged = Database(sqlite_url(staging))
            try:
                upgrade(staged)
            finally:
                staged.dispose()
        facts = read_facts(staging, IDENTITY_SECRET, key=key)
        if not facts.sound:
            raise RestoreRefused(f"{file.name} n'a pas pu être mise à jour ({facts.problems[0]}). {_WHAT_TO_DO}")
        context.database.dispose()
        if damaged:
            for end in ("-wal", "-shm"):
                live.with_name(live.name + end).unlink(missing_ok=True)
            staging.replace(live)
            context.database = Database(context.database.url)
        else:
            copy_into(staging, live)
    finally:
        cipher.forget(staging)
        for leftover in (staging, *(staging.with_name(staging.name + end) for end in ("-wal", "-shm", "-journal"))):
            with suppress(OSError):
                leftover.unlink(missing_ok=True)
    account_records.put_back(context.workspace, accounts_now)
    rotate(context.workspace.backups_dir)
    record_action(context, "restauration", file.name, ("base",))
    _cut_the_journal(context, safety.path)
    return RestoreReport(file, revision, revision != HEAD_REVISION, safety)


def restore_on_new_computer(
    workspace: Workspace, file: Path, *, login: str = "", password: str = "", recovery_key: str = ""
) -> str:
    """Set up a KPA on a new computer from an encrypted backup and its card (the `.json` beside it).

    The workspace has its settings but no database and no account yet. A password of the
    KPA (with its login) or its recovery key unwraps the key kept in the card; the accounts
    come back with it, and the database is then opened (and brought up to date) as usual.
    """
    import json

    from kpa_local.db.accounts import AccountsFile, snapshot_slots
    from kpa_local.db.keyring import RECOVERY_SLOT, account_slot, normal_recovery_key, open_slot
    from kpa_local.domain.accounts import normal_login

    if workspace.database_file.exists() or AccountsFile(workspace.accounts_file).exists():
        raise RestoreRefused("Cette KPA a déjà ses données : connectez-vous, puis restaurez avec « kpa restore ».")
    card_path = file.with_name(file.name + CARD_SUFFIX)
    if not file.exists() or not card_path.exists():
        raise RestoreRefused(
            f"Il faut la sauvegarde et sa fiche ({file.name} et {card_path.name}) : copiez les deux fichiers."
        )
    regular_file(file)  # SQLite reads it: a device or a pipe would never end
    try:
        accounts = json.loads(read_bounded_text(card_path)).get("comptes")
    except (ValueError, AttributeError):
        raise RestoreRefused(
            f"La fiche {card_path.name} est illisible : recopiez-la depuis la clé de sauvegarde."
        ) from None
    if not accounts:
        raise RestoreRefused(
            f"{file.name} n'est pas une sauvegarde chiffrée avec ses comptes : elle ne peut pas servir ici."
        )
    slots = {slot.name: slot for slot in snapshot_slots(accounts)}
    if recovery_key:
        slot, secret = slots.get(RECOVERY_SLOT), normal_recovery_key(recovery_key)
    else:
        found = [row["id"] for row in accounts["accounts"] if row["login"] == normal_login(login)]
        slot, secret = (slots.get(account_slot(found[0])) if found else None), password
    key = open_slot(slot, secret) if slot is not None else None
    if key is None:
        raise RestoreRefused(
            "La clé de secours n'ouvre pas cette sauvegarde." if recovery_key
            else "Identifiant ou mot de passe incorrect pour cette sauvegarde."
        )  # fmt: skip
    facts = read_facts(file, IDENTITY_SECRET, key=key)
    if not facts.sound or facts.revision is None:
        raise RestoreRefused(f"{file.name} ne peut pas être restauré : {(facts.problems or ('vide',))[0]}.")
    if facts.revision not in known_revisions():
        raise RestoreRefused(f"{file.name} a été faite par une version plus récente de kpa_local : mettez-la à jour.")
    workspace.make_folders()
    copy_database(file, workspace.database_file, key=key)
    AccountsFile(workspace.accounts_file).load_snapshot(accounts)
    cipher.remember(workspace.database_file, key)
    return facts.revision


def _cut_the_journal(context: Context, kept_in: Path) -> None:
    """A restore cuts the journal on purpose: the cut is written in the journal, and the marks' head follows.

    The series keep their highest numbers: documents issued since the backup still stop issuing
    until they are re-entered (services.reentry).
    """
    saved = read_marks(context.workspace)
    cut = journal_text(context, saved.journal, database_marks(context).journal)
    if cut and saved.journal is not None:
        record_action(context, "journal.coupe", f"jusqu'à l'entrée n° {saved.journal.last_id}", (kept_in.name,))
    save_marks(context, anchor_journal=True)
