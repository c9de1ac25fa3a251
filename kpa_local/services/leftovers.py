"""At opening: what an interrupted export, backup or restore left behind is removed, exports kept private.

Files are written under a temporary name then renamed (files.write_atomically: `.<name>.<random>.tmp`;
a backup: `kpa-….sqlite3.part`, with SQLite's `-wal`, `-shm`, `-journal` beside it; a restore or
an encryption: `data/.restauration-…`, `data/.chiffrement-…`). A process killed meanwhile leaves
them for ever, and they may hold a whole bundle or a copy of the database. Another copy of the app
may be writing one at this very moment, so only those left untouched for a while are removed: a
file written in one go is renamed within seconds, a database copy is checked for longer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from kpa_local.files import PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE
from kpa_local.workspace import Workspace

ONE_GO_SECONDS = 60  # a file written at once, then renamed
DATABASE_COPY_SECONDS = 15 * 60  # a database copied then checked (the backups' lock waits as long)


def _candidates(workspace: Workspace) -> Iterator[tuple[Path, int]]:
    """Each temporary file of the workspace, with how long it must have been left untouched."""
    for folder in (workspace.exports_dir, workspace.invoices_dir):
        if folder.is_dir():
            for path in folder.rglob(".*.tmp"):
                yield path, ONE_GO_SECONDS
    for folder in (workspace.backups_dir, workspace.data_dir, workspace.config_file.parent):
        if folder.is_dir():
            for path in folder.glob(".*.tmp"):
                yield path, ONE_GO_SECONDS
    if workspace.backups_dir.is_dir():
        for path in workspace.backups_dir.glob("kpa-*.sqlite3.part*"):
            yield path, DATABASE_COPY_SECONDS
    if workspace.data_dir.is_dir():
        for pattern in (".restauration-*", ".chiffrement-*"):
            for path in workspace.data_dir.glob(pattern):
                yield path, DATABASE_COPY_SECONDS


def sweep_leftovers(workspace: Workspace, now: float | None = None) -> list[Path]:
    """Remove the temporary files of interrupted work; return those removed (a read-only disk removes none)."""
    moment = time.time() if now is None else now
    removed = []
    for path, quiet_seconds in _candidates(workspace):
        with suppress(OSError):
            if path.is_file() and moment - path.stat().st_mtime >= quiet_seconds:
                path.unlink()
                removed.append(path)
    return removed


def protect_exports(workspace: Workspace) -> None:
    """Make exports/ and everything in it readable by the account running the app only (POSIX)."""
    folder = workspace.exports_dir
    if not folder.is_dir():
        return
    # On Windows chmod only sets the read-only flag: a user's files are private by the profile's rights.
    if os.name != "posix":
        return
    for path in (folder, *folder.rglob("*")):
        with suppress(OSError):
            if path.is_symlink():
                continue
            mode = PRIVATE_FOLDER_MODE if path.is_dir() else PRIVATE_FILE_MODE
            if path.stat().st_mode & 0o777 != mode:  # nothing written when all is private already
                path.chmod(mode)
