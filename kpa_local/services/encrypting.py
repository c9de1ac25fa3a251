"""A KPA made before encryption, encrypted in place: a backup first, the database then its backups.

Apart from the key's own rules (encryption.py), because it checks the password of the account
that asks, which the accounts service does, and the accounts service itself uses the key's rules.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kpa_local.db import cipher
from kpa_local.db.backup import read_facts
from kpa_local.db.keyring import RECOVERY_SLOT, account_slot, new_recovery_key, seal
from kpa_local.domain.errors import KpaError
from kpa_local.services.access import Permission, require
from kpa_local.services.accounts import check_password
from kpa_local.services.audit import record_action
from kpa_local.services.backup_kinds import BEFORE_ENCRYPTION
from kpa_local.services.backups import IDENTITY_SECRET, encrypt_backups, take_backup
from kpa_local.services.encryption import accounts_file, is_encrypted, keep_recovery_beside

if TYPE_CHECKING:
    from kpa_local.services.context import Context


@dataclass(frozen=True)
class Conversion:
    """What encrypting an existing KPA did."""

    recovery_key: str
    safety_copy: Path
    backups_encrypted: int
    accounts_without_key: tuple[str, ...]


def encrypt_existing(context: Context, password: str) -> Conversion:
    """Encrypt the database of a KPA made before encryption, by a coordination account.

    A backup is taken first; the database is encrypted into a new file that replaces the old
    one once checked; the backups are then encrypted too. The key is wrapped for the account
    that does it and for a new recovery key; the other accounts get theirs with a new password.
    """
    require(context, Permission.MANAGE_ACCOUNTS)
    workspace = context.workspace
    live = context.database.sqlite_file
    if live != workspace.database_file:
        raise KpaError(
            "Cette KPA a sa base sur un serveur : l'application ne la chiffre pas, c'est au serveur de la protéger "
            "(disque chiffré, accès réservés, voir le README). Ses sauvegardes sont déjà chiffrées avec la clé "
            "de la KPA."
        )
    if is_encrypted(workspace):
        raise KpaError("La base de cette KPA est déjà chiffrée.")
    cipher.sqlcipher()
    account_id = context.actor.account_id
    if account_id is None:
        raise KpaError("Connectez-vous avec votre compte de coordination pour chiffrer la KPA.")
    check_password(workspace, account_id, password)
    safety = take_backup(live, workspace.backups_dir, code=context.settings.kpa.code, reason=BEFORE_ENCRYPTION)
    key = secrets.token_bytes(cipher.KEY_BYTES)
    staged = live.with_name(".chiffrement-" + live.name)
    for leftover in (staged, staged.with_name(staged.name + "-journal")):
        leftover.unlink(missing_ok=True)
    context.database.read("PRAGMA wal_checkpoint(TRUNCATE)")
    cipher.encrypt_copy(live, staged, key)
    facts = read_facts(staged, IDENTITY_SECRET, key=key)
    if not facts.sound:
        staged.unlink(missing_ok=True)
        raise KpaError(f"Le chiffrement n'a pas abouti ({facts.problems[0]}) : rien n'a été changé.")
    recovery = new_recovery_key()
    context.database.dispose()
    for end in ("-wal", "-shm"):
        live.with_name(live.name + end).unlink(missing_ok=True)
    staged.replace(live)
    recovery_copy = seal(RECOVERY_SLOT, key, recovery)
    accounts_file(workspace).put_slots(seal(account_slot(account_id), key, password), recovery_copy)
    keep_recovery_beside(workspace, recovery_copy)
    cipher.remember(live, key)
    encrypted = encrypt_backups(workspace.backups_dir, key)
    record_action(context, "chiffrement", "base", ("base", "sauvegardes"))
    others = tuple(row.login for row in accounts_file(workspace).all() if row.id != account_id and row.active)
    return Conversion(recovery, safety.path, encrypted, others)
