"""Writing files so that a crash leaves either the old content or the whole new one, never half."""

from __future__ import annotations

import os
from pathlib import Path


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


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet, whole or not at all; FileExistsError if it exists (never replaced)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)  # fails, rather than replaces, when the name is taken
        except FileExistsError:
            raise
        except (OSError, NotImplementedError):
            if path.exists():  # a file system without hard links: checked, then renamed
                raise FileExistsError(path) from None
            Path(temporary).rename(path)  # on Windows, refuses an existing name too
    finally:
        Path(temporary).unlink(missing_ok=True)
