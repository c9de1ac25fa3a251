"""Files of the app: written so that a crash leaves the old content or the whole new one, read within a limit."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kpa_local.domain.errors import KpaError

MEGABYTE = 1024 * 1024
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_disk_full(error: BaseException) -> bool:
    """Whether an error says the disk (or the account's quota) is full: the system's or SQLite's own words."""
    cause = getattr(error, "orig", None) or error
    if isinstance(cause, OSError) and cause.errno in _FULL_ERRNOS:
        return True
    return "database or disk is full" in str(cause)


def nearly_full(folder: Path) -> bool:
    """Whether the disk that holds `folder` has less than a megabyte left: SQLite then fails in other words."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < MEGABYTE
    except OSError:
        return False


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


# How much of a file given by someone is read at most, by kind (each caller names its own limit).
SETTINGS_LIMIT = 1 * MEGABYTE  # config/kpa.toml, a backup's card, a note
_CHUNK = 256 * 1024


class FileRefused(KpaError):
    """A file that is not read: missing, a folder, a device or a pipe, or longer than its limit."""


@contextlib.contextmanager
def writing_into(place: Path) -> Iterator[None]:
    """Files written into a place someone named: a folder there, or a place not writable, is refused in a sentence.

    A full disk is left as it is: the command line and the app say it in their own words.
    """
    try:
        yield
    except IsADirectoryError:
        raise FileRefused(f"{place} est un dossier : donnez le nom du fichier à écrire, par exemple "
                          f"{place / 'document.pdf'}.") from None  # fmt: skip
    except OSError as error:
        if is_disk_full(error):
            raise
        raise FileRefused(
            f"Rien ne peut être écrit dans {place} : choisissez un dossier à vous, "
            "par exemple dans vos Documents ou sur une clé USB."
        ) from None


def check_place_to_write(path: Path) -> None:
    """Refuse now, before anything is done, a file to write later that could not be written there."""
    if path.exists() and not path.is_file() and not path.is_dir():
        raise FileRefused(f"{path} n'est pas un fichier ordinaire : indiquez un fichier dans un dossier à vous.")
    with writing_into(path):
        if path.is_dir():
            raise IsADirectoryError(path)
        # The one sure test: a file made, then removed, where the file will be written.
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".kpa-essai-"):
            pass


def write_where_asked(path: Path, data: bytes | str) -> None:
    """Write a file at a place someone named (`--out`, `--sheet`): a folder or a place not writable is refused."""
    with writing_into(path):
        write_atomically(path, data)


def _regular(path: Path, status: os.stat_result) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise FileRefused(f"{path} est un dossier : indiquez un fichier.")
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(
            f"{path} n'est pas un fichier enregistré sur le disque (c'est un périphérique, un tube ou un autre "
            "objet spécial) : rien n'a été lu. Indiquez un vrai fichier."
        )


def regular_file(path: Path) -> None:
    """Refuse, with a French sentence, a path that is missing or is not a regular file (for files SQLite reads)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise FileRefused(f"Le fichier {path} n'existe pas : vérifiez son nom et son dossier.") from None
    except OSError as error:
        raise FileRefused(f"Le fichier {path} ne peut pas être lu ({error.strerror}) : vérifiez ses droits.") from None
    _regular(path, status)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, read in chunks and refused as soon as they pass `limit`.

    The size a file claims is never trusted: a device or a pipe says it is empty and never
    ends, a file can grow while it is read. Devices, pipes and folders are refused unread;
    a pipe is opened without waiting for a writer.
    """
    regular_file(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        raise FileRefused(f"Le fichier {path} ne peut pas être lu ({error.strerror}) : vérifiez ses droits.") from None
    with os.fdopen(handle, "rb") as stream:
        _regular(path, os.fstat(stream.fileno()))  # the path may have been swapped since it was looked at
        chunks: list[bytes] = []
        total = 0
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise FileRefused(
                    f"Le fichier {path.name} dépasse {megabytes(limit)} Mo, la taille permise ici : rien n'a été "
                    "lu. Vérifiez que c'est le bon fichier."
                )
            chunks.append(chunk)
    return b"".join(chunks)


def read_bounded_text(path: Path, limit: int = SETTINGS_LIMIT) -> str:
    """A UTF-8 text file read with `read_bounded` (UnicodeDecodeError when it is not UTF-8).

    A byte-order mark at its start, as Windows' Notepad writes one, is not part of the text.
    """
    return read_bounded(path, limit).decode("utf-8-sig")


DOCUMENT_LIMIT = 100 * MEGABYTE  # a PDF of the app's own


def file_digest(path: Path, limit: int = DOCUMENT_LIMIT) -> str:
    """The SHA-256 of a regular file read within `limit` (FileRefused otherwise)."""
    import hashlib

    return hashlib.sha256(read_bounded(path, limit)).hexdigest()


PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def _make_private(path: Path, mode: int) -> None:
    # POSIX only: on Windows chmod sets just the read-only flag, and a user's files are kept
    # private by the profile folder's own access rights.
    if os.name == "posix":
        path.chmod(mode)


def private_folder(folder: Path) -> None:
    """Create `folder` and the parents it lacks, enterable by the account running the app only.

    A folder that exists already is left as it is (a USB key's, say); the workspace's own
    exports/ is made private when the workspace opens.
    """
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)
    for made in missing:
        _make_private(made, PRIVATE_FOLDER_MODE)  # mkdir's mode passes through the umask: said again


def write_private(path: Path, data: bytes | str) -> None:
    """Write a file that holds personal data: atomically, readable by its owner only, in a private folder."""
    private_folder(path.parent)
    write_atomically(path, data)
    _make_private(path, PRIVATE_FILE_MODE)


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
