"""The KPA's database encrypted: a random key made with the first account, unwrapped at sign-in.

There is no shared passphrase. The database key is random; each account's password unwraps
that account's copy of it (db/keyring.py), and so does the recovery key shown once when the
key is made. Creating an account or giving a new password wraps the key for it, which only
a session that holds the key can do. Locking the screen forgets the key.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from kpa_local.db import cipher
from kpa_local.db.accounts import AccountsFile
from kpa_local.db.keyring import (
    RECOVERY_FILE,
    RECOVERY_SLOT,
    Slot,
    account_slot,
    new_recovery_key,
    normal_recovery_key,
    open_slot,
    seal,
)
from kpa_local.domain.errors import KpaError
from kpa_local.files import FileRefused, read_bounded_text

if TYPE_CHECKING:
    from kpa_local.services.server_accounts import ServerAccounts
    from kpa_local.workspace import Workspace

NO_SLOT = (
    "Ce compte n'a pas encore la clé de la KPA chiffrée : demandez à une personne de la coordination de vous "
    "donner un nouveau mot de passe, puis connectez-vous avec lui."
)
WRONG_RECOVERY = (
    "Cette clé de secours n'ouvre pas la KPA : vérifiez chaque groupe de quatre signes sur la feuille imprimée "
    "(les tirets et les espaces ne comptent pas)."
)


class WrongRecoveryKey(KpaError):
    """A recovery key that does not unwrap the database key."""


class NoKeyForAccount(KpaError):
    """An account of an encrypted KPA that has no copy of the key yet (made before the encryption)."""


def accounts_file(workspace: Workspace) -> AccountsFile | ServerAccounts:
    """Where the wrapped copies of the key are kept: the accounts file, or the server's database."""
    from kpa_local.services.server_accounts import accounts_store

    return accounts_store(workspace)


def recovery_file(workspace: Workspace) -> Path:
    """The recovery slot kept beside the database, so that losing the accounts file loses nothing."""
    return workspace.data_dir / RECOVERY_FILE


def recovery_slot(workspace: Workspace) -> Slot | None:
    """The recovery key's slot: in the accounts file, else beside the database, else in the newest backup's card."""
    slot = accounts_file(workspace).slots().get(RECOVERY_SLOT)
    if slot is not None:
        return slot
    cards = sorted(workspace.backups_dir.glob("*.json"), reverse=True) if workspace.backups_dir.is_dir() else []
    for place in (recovery_file(workspace), *cards):
        try:
            kept = json.loads(read_bounded_text(place))
            kept = kept.get("secours", kept) if place != recovery_file(workspace) else kept
            return Slot(RECOVERY_SLOT, bytes.fromhex(kept["salt"]), bytes.fromhex(kept["nonce"]),
                        bytes.fromhex(kept["wrapped"]))  # fmt: skip
        except (OSError, ValueError, KeyError, TypeError, AttributeError, FileRefused):
            continue
    return None


def recovery_card(slot: Slot) -> dict[str, str]:
    """A recovery slot as plain values (the file beside the database, a backup's card)."""
    return {"name": slot.name, "salt": slot.salt.hex(), "nonce": slot.nonce.hex(), "wrapped": slot.wrapped.hex()}


def keep_recovery_beside(workspace: Workspace, slot: Slot) -> None:
    from kpa_local.db.backup import make_private
    from kpa_local.files import write_atomically

    path = recovery_file(workspace)
    write_atomically(path, json.dumps(recovery_card(slot), indent=2) + "\n")
    make_private(path)


def is_encrypted(workspace: Workspace) -> bool:
    """Whether the KPA's database is encrypted (its recovery slot is in the accounts file or beside it)."""
    return RECOVERY_SLOT in accounts_file(workspace).slots() or recovery_file(workspace).is_file()


def is_unlocked(workspace: Workspace) -> bool:
    """Whether the database key is held in memory now."""
    return cipher.key_for(workspace.database_file) is not None


def on_server(workspace: Workspace) -> bool:
    """Whether the KPA's database is on a server (its key then encrypts the backups only)."""
    from kpa_local.services.server_accounts import server_url

    return server_url(workspace) is not None


def _needs_cipher(workspace: Workspace) -> None:
    """Refuse (CipherUnavailable) where the database file is to be encrypted and SQLCipher cannot be loaded."""
    if not on_server(workspace):
        cipher.sqlcipher()


def start(workspace: Workspace, account_id: int, password: str) -> str:
    """Make the key of a KPA whose database does not exist yet; wrap it for the first account.

    Returns the recovery key, to be shown once. Refused (CipherUnavailable) where SQLCipher
    cannot be loaded: nothing would be protected. On a server the key encrypts the backups.
    """
    _needs_cipher(workspace)
    key = secrets.token_bytes(cipher.KEY_BYTES)
    recovery = new_recovery_key()
    recovery_copy = seal(RECOVERY_SLOT, key, recovery)
    accounts_file(workspace).put_slots(seal(account_slot(account_id), key, password), recovery_copy)
    keep_recovery_beside(workspace, recovery_copy)
    cipher.remember(workspace.database_file, key)
    return recovery


def unlock(workspace: Workspace, account_id: int, password: str) -> bool:
    """Unwrap the database key with an account's password and hold it; False when the password does not open it.

    Always True for a KPA whose database is not encrypted; NoKeyForAccount for an account without a slot.
    """
    slots = accounts_file(workspace).slots()
    if not is_encrypted(workspace):
        return True
    slot = slots.get(account_slot(account_id))
    if slot is None:
        raise NoKeyForAccount(NO_SLOT)
    key = open_slot(slot, password)
    if key is None:
        return False
    _needs_cipher(workspace)
    cipher.remember(workspace.database_file, key)
    recovery = slots.get(RECOVERY_SLOT)
    if recovery is not None and not recovery_file(workspace).is_file():
        keep_recovery_beside(workspace, recovery)  # a KPA encrypted before the slot was kept beside
    return True


def unlock_with_recovery(workspace: Workspace, recovery_key: str) -> None:
    """Unwrap the database key with the recovery key and hold it (every password lost, or the accounts file)."""
    slot = recovery_slot(workspace)
    if slot is None:
        raise KpaError(
            "La base de cette KPA n'est pas chiffrée : il n'y a pas de clé de secours. Une personne de la "
            "coordination peut donner un nouveau mot de passe (kpa accounts reset IDENTIFIANT)."
        )
    key = open_slot(slot, normal_recovery_key(recovery_key))
    if key is None:
        raise WrongRecoveryKey(WRONG_RECOVERY)
    _needs_cipher(workspace)
    if workspace.database_file.is_file():
        cipher.check_key(workspace.database_file, key)  # a slot put beside by someone else opens nothing
    cipher.remember(workspace.database_file, key)
    if RECOVERY_SLOT not in accounts_file(workspace).slots():
        accounts_file(workspace).put_slots(slot)  # an accounts file lost, then rebuilt
    if not recovery_file(workspace).is_file():
        keep_recovery_beside(workspace, slot)


def slot_for(workspace: Workspace, account_id: int, password: str) -> Slot | None:
    """The database key wrapped for an account's new password (None when the database is not encrypted).

    Only a session that holds the key (someone signed in) can do it.
    """
    if not is_encrypted(workspace):
        return None
    key = cipher.key_for(workspace.database_file)
    if key is None:
        raise KpaError("La KPA est verrouillée : connectez-vous avec un compte de coordination, puis recommencez.")
    return seal(account_slot(account_id), key, password)


def lock(workspace: Workspace) -> None:
    """Forget the database key (the screen locks, the app closes)."""
    cipher.forget(workspace.database_file)
