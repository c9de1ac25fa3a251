"""Restoring a KPA on a server: into a new database, used only once it is checked.

The database the computers use now is never overwritten: the backup is restored, as the owner
of the tables, into a new database beside it; brought to this version's schema; granted to the
app's role; checked (schema, role, audit trail). Only then does this computer's `[database] url`
name the new database, and the sentence says what the other computers must change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from kpa_local.config import save_sections
from kpa_local.db import cipher, server
from kpa_local.db.engine import Database
from kpa_local.domain.errors import KpaError
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action, verify_trail
from kpa_local.services.backup_kinds import BEFORE_RESTORE, Backup, BackupError
from kpa_local.services.backups import rotate
from kpa_local.services.context import Context
from kpa_local.services.server_backups import check_dump, libpq_address, run_tool, take_server_backup, tool, unseal
from kpa_local.services.server_setup import check_before_use, prepare, role_of

_RESTORED = re.compile(r"_r\d{14}$")


@dataclass(frozen=True)
class ServerRestore:
    """A backup restored on the server: the new database's address, and the backup of what was there."""

    url: str
    safety_copy: Backup
    settings_changed: bool


def with_database(url: str, name: str) -> str:
    """The same address, naming another database."""
    parts = urlsplit(url.strip())
    return parts._replace(path=f"/{name}").geturl()


def _new_name(url: str, moment: datetime) -> str:
    current = urlsplit(url.strip()).path.strip("/")
    return f"{_RESTORED.sub('', current)}_r{moment:%Y%m%d%H%M%S}"


def restore_on_server(context: Context, file: Path, owner_url: str, *, now: datetime | None = None) -> ServerRestore:
    """Restore a sealed dump into a new database of the server, check it, then switch this computer to it."""
    require(context, Permission.RESTORE)
    key = cipher.key_for(context.workspace.database_file)
    if key is None:
        raise BackupError("La clé de la KPA n'est pas ouverte : connectez-vous avec votre compte, puis restaurez.")
    if role_of(owner_url) == role_of(context.database.url):
        raise KpaError("L'adresse --owner doit être celle du propriétaire des tables, pas celle de l'application.")
    try:
        dump = unseal(file.read_bytes(), key)
    except OSError as error:
        raise BackupError(f"Le fichier {file} ne peut pas être lu ({error.strerror}).") from None
    check_dump(dump)
    safety = take_server_backup(context, context.workspace.backups_dir, reason=BEFORE_RESTORE)
    moment = (now or context.database.now()).replace(microsecond=0)
    name = _new_name(context.database.url, moment)
    new_owner, new_app = with_database(owner_url, name), with_database(context.database.url, name)
    owner = Database(owner_url)
    try:
        with owner.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except Exception as error:
        raise KpaError(
            f"Le propriétaire des tables ne peut pas créer la base {name} sur le serveur ({type(error).__name__}) : "
            "donnez-lui le droit CREATEDB (voir le README), puis recommencez. Rien n'a été changé."
        ) from None
    finally:
        owner.dispose()
    address, password = libpq_address(new_owner)
    run_tool(
        [tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={address}"],
        "La restauration par pg_restore",
        stdin=dump,
        extra=password,
    )
    _keep_accounts(context.database, new_owner)
    prepare(new_owner, new_app)
    restored = Database(new_app)
    check_before_use(restored)
    previous = context.database
    context.database = restored
    broken = verify_trail(context, witnesses=False)
    if broken is not None:
        context.database = previous
        restored.dispose()
        raise BackupError(f"La base restaurée ne passe pas la vérification ({broken.text}) : rien n'a été changé.")
    previous.dispose()
    changed = _switch_settings(context, new_app)
    rotate(context.workspace.backups_dir)
    record_action(context, "restauration", file.name, ("base",))
    return ServerRestore(new_app, safety, changed)


_ACCOUNT_COLUMNS = (
    "id, login, name, role, password_hash, person_id, active, failures, blocked_until, created_at, password_changed_at"
)


def _keep_accounts(previous: Database, new_owner: str) -> None:
    """The accounts as they are now (a password given since the backup, an account closed) go into the restored
    database, with the wrapped copies of the key: a restore brings data back, never an old password."""
    from sqlalchemy import text

    accounts = previous.read(f"SELECT {_ACCOUNT_COLUMNS} FROM account")
    slots = previous.read("SELECT name, salt, nonce, wrapped FROM key_slot")
    names = _ACCOUNT_COLUMNS.split(", ")
    owner = Database(new_owner)
    try:
        with owner.engine.begin() as connection:
            connection.execute(text("DELETE FROM account"))
            connection.execute(text("DELETE FROM key_slot"))
            for row in accounts:
                connection.execute(
                    text(f"INSERT INTO account ({_ACCOUNT_COLUMNS}) VALUES ({', '.join(':' + n for n in names)})"),
                    dict(zip(names, row, strict=True)),
                )
            for name, salt, nonce, wrapped in slots:
                connection.execute(
                    text("INSERT INTO key_slot (name, salt, nonce, wrapped) VALUES (:n, :s, :o, :w)"),
                    {"n": name, "s": bytes(salt), "o": bytes(nonce), "w": bytes(wrapped)},
                )
    finally:
        owner.dispose()


def _switch_settings(context: Context, url: str) -> bool:
    """Write the new address in this computer's settings (not when KPA_DATABASE_URL gives it)."""
    from kpa_local.services.database_address import from_environment

    if from_environment():
        return False
    context.settings = save_sections(context.workspace.config_file, {"database": {"url": url}})
    return True


def switch_sentence(report: ServerRestore) -> str:
    """What the person is told once the restore is done."""
    where = server.shown_address(report.url)
    if report.settings_changed:
        return (
            f"Ce poste utilise maintenant la base restaurée ({where}). Sur les autres postes, copiez "
            "config/kpa.toml de celui-ci, ou remplacez-y la clé « database.url »."
        )
    return f"La base restaurée est prête ({where}) : mettez cette adresse dans KPA_DATABASE_URL sur chaque poste."
