"""The database file encrypted with SQLCipher, and the keys held in memory while someone is signed in.

The key is 32 random bytes given to SQLCipher as a raw key (no passphrase, no key
derivation at each connection: the accounts' passwords unwrap it once, at sign-in).
While a workspace is unlocked its key sits here, by database file; locking forgets it.
A database file without a key in memory is opened with the standard library's sqlite3.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

from kpa_local.domain.errors import KpaError

KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"

_keys: dict[Path, bytes] = {}
_keys_lock = threading.Lock()
_module: ModuleType | None = None


class CipherUnavailable(KpaError):
    """SQLCipher could not be loaded: nothing is encrypted, so nothing new is created."""


class Locked(KpaError):
    """An encrypted database asked for while its key is not in memory."""


class WrongKey(KpaError):
    """A key that does not open the file (another KPA's, or a damaged file)."""


LOCKED = "La base de la KPA est chiffrée : connectez-vous pour l'ouvrir."
UNAVAILABLE = (
    "Le chiffrement (SQLCipher, paquet sqlcipher3) n'a pas pu être chargé sur cet ordinateur : les données ne "
    "seraient pas protégées, alors rien n'est créé. Réinstallez kpa_local (pip install -e .) ou prévenez la "
    "personne qui s'occupe de l'ordinateur."
)


def sqlcipher() -> ModuleType:
    """SQLCipher's DB-API module, loaded on first use; refused with a French sentence if it is missing."""
    global _module
    if _module is None:
        try:
            from sqlcipher3 import dbapi2  # type: ignore[import-untyped]
        except ImportError:
            raise CipherUnavailable(UNAVAILABLE) from None
        _module = dbapi2
    return _module


def available() -> bool:
    """Whether SQLCipher can be loaded here."""
    try:
        sqlcipher()
    except CipherUnavailable:
        return False
    return True


def _place(path: Path) -> Path:
    return path.resolve()


def remember(path: Path, key: bytes) -> None:
    """Hold the key of the database file `path` until it is forgotten."""
    with _keys_lock:
        _keys[_place(path)] = key


def forget(path: Path) -> None:
    """Forget the key of `path` (the screen locks, the app closes)."""
    with _keys_lock:
        _keys.pop(_place(path), None)


def key_for(path: Path) -> bytes | None:
    """The key held for `path`, if any."""
    with _keys_lock:
        return _keys.get(_place(path))


def is_encrypted(path: Path) -> bool:
    """Whether a database file exists and does not start with SQLite's plain header.

    Never call it on a file this process holds open through SQLite (closing the file here
    would release SQLite's locks on it).
    """
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return len(head) == len(SQLITE_HEADER) and head != SQLITE_HEADER


def key_pragma(key: bytes) -> str:
    """The value SQLCipher takes for a raw key (in PRAGMA key or ATTACH … KEY)."""
    return f"\"x'{key.hex()}'\""


def connect(
    path: Path, *, key: bytes | None = None, timeout: float = 10.0, read_only: bool = False, **options: Any
) -> Any:
    """A DB-API connection to `path`: SQLCipher with its key when one is given or held, sqlite3 otherwise.

    An encrypted file whose key is not held is refused (Locked), never opened as plain data.
    `read_only` opens the file without the right to write (nor to create it).
    """
    key = key if key is not None else key_for(path)
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    if read_only:
        options["uri"] = True
    if key is None:
        return _plain(path, target, timeout, options)
    connection = sqlcipher().connect(target, timeout=timeout, **options)
    # SQLCipher writes its own error lines on the terminal unless told not to.
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {key_pragma(key)}")
    return connection


def database_errors() -> tuple[type[Exception], ...]:
    """The errors a database file raises, with or without SQLCipher."""
    errors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
    if _module is not None:
        errors += (_module.DatabaseError,)
    return errors


def _plain(path: Path, target: str, timeout: float, options: dict[str, Any]) -> sqlite3.Connection:
    """A sqlite3 connection, refused (Locked) when the file turns out to be encrypted.

    The header is read only after SQLite itself failed to read the file: opening and closing
    the file from Python while SQLite holds locks on it would release those locks.
    """
    connection: sqlite3.Connection = sqlite3.connect(target, timeout=timeout, **options)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error) and is_encrypted(path):
            connection.close()
            raise Locked(LOCKED) from None
    return connection


def check_key(path: Path, key: bytes) -> None:
    """Refuse a key that does not open `path`."""
    connection = connect(path, key=key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as error:
        if "not a database" in str(error):
            raise WrongKey("Cette clé n'ouvre pas la base de données de cette KPA.") from None
        raise
    finally:
        connection.close()


def encrypt_copy(source: Path, target: Path, key: bytes) -> None:
    """Write the new file `target`: the plain database `source` encrypted with `key` (sqlcipher_export)."""
    connection = sqlcipher().connect(str(source), timeout=10)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_pragma(key)}", (str(target),))
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
