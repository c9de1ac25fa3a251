"""Copies of a SQLite database file: taken with SQLite's online backup API, checked, read back.

The copy is consistent even while the app writes: in WAL mode the backup reads one
snapshot of the database and writers go on meanwhile. A copy is a single self-contained
file (journal mode DELETE), readable by its owner only where the system allows it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from kpa_local.db import cipher
from kpa_local.db.cipher import SQLITE_HEADER
from kpa_local.domain.text import count_text

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FileFacts:
    """What a database file says about itself."""

    problems: tuple[str, ...]
    revision: str | None
    identity: bytes | None

    @property
    def sound(self) -> bool:
        return not self.problems


def make_private(path: Path) -> None:
    """Readable and writable by the owner only (folders: also enterable), where the system allows it."""
    with contextlib.suppress(OSError, NotImplementedError):
        path.chmod(PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def new_private_file(path: Path) -> None:
    """Create an empty file that nobody but its owner can read; refuse if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    os.close(handle)


def copy_database(source: Path, target: Path, progress: Progress | None = None, *, key: bytes | None = None) -> None:
    """Copy `source` into the new file `target` (which must not exist), then make it self-contained.

    The copy is taken in one step, so that it is one consistent snapshot however busy the
    database is; `progress(done, total)` is told the pages copied. An encrypted database (its
    key given, or held for `source`) gives a copy encrypted with the same key; a plain one
    given a key is encrypted on the way.
    """
    new_private_file(target)
    key = key if key is not None else cipher.key_for(source)
    if key is not None and source.is_file() and not cipher.is_encrypted(source):
        target.unlink()
        cipher.encrypt_copy(source, target, key)
        make_private(target)
        return

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    with (
        closing(cipher.connect(source, key=key, timeout=10)) as origin,
        closing(cipher.connect(target, key=key)) as copy,
    ):
        origin.backup(copy, pages=-1, progress=report)
        copy.execute("PRAGMA journal_mode = DELETE")
    make_private(target)


def copy_into(source: Path, target: Path, *, key: bytes | None = None) -> None:
    """Replace the content of the live database `target` with `source`, through SQLite itself.

    SQLite takes the write lock and rewrites every page in one transaction: other
    connections see the old database or the new one, never a mixture, and the WAL is handled.
    Both files are encrypted with the same key (given, or held for `target`), or both plain.
    """
    key = key if key is not None else cipher.key_for(target)
    with (
        closing(cipher.connect(source, key=key)) as origin,
        closing(cipher.connect(target, key=key, timeout=10)) as live,
    ):
        origin.backup(live, pages=-1)


def read_facts(path: Path, identity_name: str, *, quick: bool = False, key: bytes | None = None) -> FileFacts:
    """Check a database file (SQLite header, integrity, foreign keys) and read its revision and identity.

    Revision and identity are None when the file does not hold them (not a kpa_local database,
    or one from before its first migration). An encrypted file is read with `key`.
    """
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        return FileFacts((f"le fichier ne peut pas être lu ({error.strerror})",), None, None)
    if header != SQLITE_HEADER and key is None:
        return FileFacts(("ce n'est pas une base de données de KPA, ou elle est chiffrée",), None, None)
    if header == SQLITE_HEADER:
        key = None
    try:
        with closing(cipher.connect(path, key=key, read_only=True)) as connection:
            check = "quick_check" if quick else "integrity_check"
            integrity = [row[0] for row in connection.execute(f"PRAGMA {check}")]
            if integrity != ["ok"]:
                return FileFacts((f"la base est abîmée ({integrity[0]})",), None, None)
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = identity = None
            if "alembic_version" in tables:
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if "secret" in tables:
                query = "SELECT value FROM secret WHERE name = ?"
                identity = connection.execute(query, (identity_name,)).fetchone()
            broken_links = connection.execute("PRAGMA foreign_key_check").fetchall()
    except cipher.database_errors() as error:
        if key is not None and "not a database" in str(error):
            return FileFacts(("elle ne s'ouvre pas avec la clé de cette KPA (une autre KPA, ou un fichier abîmé)",),
                             None, None)  # fmt: skip
        return FileFacts((f"la base est illisible ({error})",), None, None)
    problems = (f"{count_text(len(broken_links), 'lien cassé', 'liens cassés')} entre tables",) if broken_links else ()
    return FileFacts(problems, str(revision[0]) if revision else None, bytes(identity[0]) if identity else None)
