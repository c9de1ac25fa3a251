"""Copies of the database key, each wrapped with a key derived from one secret.

A slot holds the database key encrypted with AES-256-GCM under a key derived from a secret
(an account's password, or the recovery key) with argon2id and the slot's own salt. The
slot's name is bound to it (associated data): a slot copied onto another account does not
open. A wrong secret opens nothing; nothing in a slot tells the secret.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass

SALT_BYTES = 16
NONCE_BYTES = 12
RECOVERY_BYTES = 20  # 160 random bits, written as 32 letters and digits
RECOVERY_SLOT = "secours"
# The recovery slot kept beside the database (in data/), and in every backup's card.
RECOVERY_FILE = "cle-de-secours.json"


@dataclass(frozen=True)
class Slot:
    """One wrapped copy of the database key."""

    name: str
    salt: bytes
    nonce: bytes
    wrapped: bytes


def account_slot(account_id: int) -> str:
    """The name of an account's slot."""
    return f"compte:{account_id}"


def derive(secret: str, salt: bytes) -> bytes:
    """A 256-bit key from a secret, with argon2id (64 MiB, 3 passes: the same cost as the password hash)."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost=3, memory_cost=64 * 1024, parallelism=1, hash_len=32, type=Type.ID
    )


def seal(name: str, key: bytes, secret: str) -> Slot:
    """Wrap `key` for `secret`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    return Slot(name, salt, nonce, AESGCM(derive(secret, salt)).encrypt(nonce, key, name.encode("utf-8")))


def open_slot(slot: Slot, secret: str) -> bytes | None:
    """The key in `slot`, or None when the secret is not the one it was wrapped for."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(derive(secret, slot.salt)).decrypt(slot.nonce, slot.wrapped, slot.name.encode("utf-8"))
    except InvalidTag:
        return None


def new_recovery_key() -> str:
    """A recovery key to print: 32 characters in groups of four (A-Z and 2-7, no 0, 1, 8 or 9)."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[index : index + 4] for index in range(0, len(text), 4))


def normal_recovery_key(typed: str) -> str:
    """A recovery key as typed (any case, spaces or dashes, 0 for O, 1 for I, 8 for B) in its printed form."""
    letters = "".join(char for char in typed.upper() if char.isalnum())
    letters = letters.translate(str.maketrans("018", "OIB"))
    return "-".join(letters[index : index + 4] for index in range(0, len(letters), 4))
