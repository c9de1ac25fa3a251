"""Writing files so that a crash leaves either the old content or the whole new one, never half."""

from __future__ import annotations

import errno
import os
from pathlib import Path

MEGABYTE = 1024 * 1024
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_disk_full(error: BaseException) -> bool:
    """Whether an error says the disk (or the account's quota) is full: the system's or SQLite's own words."""
    cause = getattr(error, "orig", None) or error
    if isinstance(cause, OSError) and cause.errno in _FULL_ERRNOS:
        return True
    return "database or disk is full" in str(cause)


def megabytes(size: int) -> int:
    """A number of bytes as whole megabytes, rounded up (at least 1)."""
    return max(1, -(-size // MEGABYTE))


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write bytes (or UTF-8 text, with `\\n` line ends) to a temporary file, sync it, then rename it."""
    import tempfile  # only when writing: the app starts without it

    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
