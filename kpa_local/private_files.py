"""Files that must not outlive the moment they are needed, such as the recovery-key sheet to print.

The system's PDF viewer can only open a file, so the sheet is written, but only inside the
workspace, in a folder only this account can enter, readable by this account only, and
removed whatever happens: when it is no longer shown, when the program ends, and, after a
crash or a power cut, when the app next starts.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import tempfile
from pathlib import Path

from kpa_local.workspace import Workspace

_pending: set[Path] = set()


def private_dir(workspace: Workspace) -> Path:
    """The workspace's folder for such files (data/prive)."""
    return workspace.data_dir / "prive"


def write_private(workspace: Workspace, prefix: str, suffix: str, content: bytes) -> Path:
    """Write `content` to a new file of the private folder (mode 0600, folder 0700); removed at exit at the latest."""
    folder = private_dir(workspace)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # also when the folder was already there, or the umask was loose
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)  # created 0600, never reused
    path = Path(name)
    if not _pending:
        atexit.register(_remove_pending)
    _pending.add(path)
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    return path


def remove_private(path: Path | None) -> None:
    """Remove a file written by `write_private` (nothing if it is already gone)."""
    if path is None:
        return
    _pending.discard(path)
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def sweep_private(workspace: Workspace) -> int:
    """Remove what a crash left in the private folder; how many files were removed."""
    removed = 0
    folder = private_dir(workspace)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.is_file():
                remove_private(path)
                removed += 1
    return removed


def _remove_pending() -> None:
    for path in list(_pending):
        remove_private(path)
