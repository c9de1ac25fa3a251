"""Backups of the workspace's database: daily at start, before a migration or a restore, on demand.

Each backup is a SQLite file `kpa-<code>-<date>-<time>-<reason>.sqlite3` with a small
JSON card beside it (`….sqlite3.json`) written once the copy has passed SQLite's
integrity check: a backup without its card was interrupted and is not "verified".
Backups in the workspace's `backups/` folder are rotated (see `domain.backup_plan`);
copies written elsewhere (a USB key) are left alone.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path

from kpa_local.db import cipher
from kpa_local.db.backup import Progress, copy_database, make_private, new_private_file, read_facts
from kpa_local.domain.backup_plan import moments_to_keep
from kpa_local.files import FileRefused, is_disk_full, megabytes, read_bounded_text, write_atomically
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.backup_kinds import (
    BEFORE_MIGRATION,
    BEFORE_RESTORE,
    CARD_SUFFIX,
    DAILY,
    MANUAL,
    NAME,
    REASONS,
    SUFFIXES,
    Backup,
    BackupError,
    BackupFailed,
    digest_of,
    free_name,
)
from kpa_local.services.context import Context
from kpa_local.workspace import Workspace

LOCK_FILE = ".sauvegarde-en-cours"
STALE_LOCK_SECONDS = 15 * 60
IDENTITY_SECRET = "pseudonymes-reseau"  # the workspace's own random secret tells its backups apart
EVENT_DAYS = 30


# A copy needs the database and its write-ahead log, and a little more for the card and SQLite's own files.
ROOM_MARGIN = 1024 * 1024
SIDE_FILES = ("-wal", "-shm", "-journal")


def _room_missing(database_file: Path, folder: Path) -> tuple[int, int]:
    """How many bytes a copy needs, and how many of them the disk of `folder` lacks (0 when there is room)."""
    needed = ROOM_MARGIN
    for path in (database_file, database_file.with_name(database_file.name + "-wal")):
        with suppress(OSError):
            needed += path.stat().st_size
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return needed, 0  # the copy itself will say what is wrong
    return needed, max(0, needed - free)


def _what(reason: str) -> str:
    return "La sauvegarde du jour" if reason == DAILY else f"La sauvegarde ({REASONS.get(reason, reason)})"


def _full_disk(reason: str, folder: Path, missing: int) -> BackupFailed:
    return BackupFailed(
        f"{_what(reason)} n'a pas pu être faite : le disque est plein, libérez {megabytes(missing)} Mo "
        f"(le dossier {folder} est sur ce disque)."
    )


def _failure(error: BaseException, reason: str, folder: Path, database_file: Path) -> BackupFailed:
    """The sentence for a backup that could not be written."""
    needed, missing = _room_missing(database_file, folder)
    if is_disk_full(error):
        return _full_disk(reason, folder, missing or needed)
    detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return BackupFailed(
        f"{_what(reason)} n'a pas pu être faite : le dossier {folder} ne peut pas être écrit ({detail}). "
        "Vérifiez que le disque est branché et accepte l'écriture."
    )


def _remove_partial(partial: Path) -> None:
    """Remove an interrupted copy and the files SQLite made beside it."""
    for path in (partial, *(partial.with_name(partial.name + end) for end in SIDE_FILES)):
        with suppress(OSError):
            path.unlink(missing_ok=True)


def take_backup(
    database_file: Path,
    folder: Path,
    *,
    code: str,
    reason: str,
    now: datetime | None = None,
    progress: Progress | None = None,
    accounts_file: Path | None = None,
) -> Backup:
    """Copy the database into `folder`, check the copy, then write its card; return the backup.

    The copy is written under a temporary name and renamed once whole and checked: an
    interrupted backup never replaces nor damages an earlier one. The card of an encrypted
    backup carries the accounts and their wrapped keys (`accounts_file`): on a new computer,
    a password of the KPA or its recovery key is then enough to restore it.
    """
    moment = (now or datetime.now()).replace(microsecond=0)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _failure(error, reason, folder, database_file) from None
    make_private(folder)
    _, missing = _room_missing(database_file, folder)
    if missing:  # refused before a byte is written: a copy that cannot end would only fill the disk
        raise _full_disk(reason, folder, missing)
    target = free_name(folder, code, moment, reason)
    partial = target.with_name(target.name + ".part")
    key = cipher.key_for(database_file)  # an encrypted database gives an encrypted backup
    try:
        copy_database(database_file, partial, progress, key=key)
        facts = read_facts(partial, IDENTITY_SECRET, key=key)
        if not facts.sound:
            raise BackupError(
                f"La copie de la base n'est pas saine ({facts.problems[0]}) : lancez « kpa check » "
                "et gardez les sauvegardes précédentes."
            )
        partial.replace(target)
    except BaseException as error:
        _remove_partial(partial)
        if isinstance(error, OSError) or is_disk_full(error):  # SQLite says a full disk in its own words
            raise _failure(error, reason, folder, database_file) from None
        raise
    backup = Backup(target, moment, reason, True, facts.revision, digest_of(target), target.stat().st_size)
    card = {
        "format": 1,
        "kpa": code,
        "taken_at": moment.isoformat(),
        "reason": reason,
        "revision": backup.revision,
        "sha256": backup.sha256,
        "size": backup.size,
        "verified": True,
    }
    card.update(_witness_card(target, key))
    if key is not None and accounts_file is not None and accounts_file.is_file():
        from kpa_local.db.accounts import AccountsFile

        card["comptes"] = AccountsFile(accounts_file).snapshot()
    if key is not None and accounts_file is not None:
        _add_recovery_slot(card, accounts_file.parent)
    card_path = target.with_name(target.name + CARD_SUFFIX)
    try:
        write_atomically(card_path, json.dumps(card, indent=2) + "\n")
    except OSError as error:  # a copy without its card would pass for the day's backup, unverified
        _remove_partial(target)
        raise _failure(error, reason, folder, database_file) from None
    make_private(card_path)
    return backup


def _add_recovery_slot(card: dict[str, object], data_dir: Path) -> None:
    """The recovery slot kept beside the database goes in the card too: the accounts file may be lost."""
    from kpa_local.db.keyring import RECOVERY_FILE

    with suppress(OSError, ValueError, FileRefused):
        card["secours"] = json.loads(read_bounded_text(data_dir / RECOVERY_FILE))


def _witness_card(target: Path, key: bytes | None) -> dict[str, object]:
    """The backup's own marks (top of each series, journal's head), witnesses of what it held."""
    from kpa_local.services.marks import CARD_KEY, backup_card_marks

    return {CARD_KEY: backup_card_marks(target, key)}


def encrypt_backups(folder: Path, key: bytes) -> int:
    """Encrypt, one by one, the plain backups of a KPA whose database has just been encrypted; return how many.

    Each is encrypted into a new file then put in its place, its card updated: an interruption
    leaves every backup whole, plain or encrypted.
    """
    done = 0
    for backup in list_backups(folder):
        if cipher.is_encrypted(backup.path):
            continue
        staged = backup.path.with_name(backup.path.name + ".part")
        staged.unlink(missing_ok=True)
        cipher.encrypt_copy(backup.path, staged, key)
        make_private(staged)
        staged.replace(backup.path)
        card_path = backup.path.with_name(backup.path.name + CARD_SUFFIX)
        if card_path.is_file():
            card = json.loads(read_bounded_text(card_path))
            card.update(sha256=digest_of(backup.path), size=backup.path.stat().st_size)
            write_atomically(card_path, json.dumps(card, indent=2) + "\n")
        done += 1
    return done


def keep_damaged_file(database_file: Path, folder: Path, *, code: str, now: datetime) -> Backup:
    """A plain copy of a damaged database (and its write-ahead log), kept before it is replaced."""
    import shutil

    moment = now.replace(microsecond=0)
    target = free_name(folder, code, moment, BEFORE_RESTORE)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(database_file, target)
    wal = database_file.with_name(database_file.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    make_private(target)
    return Backup(target, moment, BEFORE_RESTORE, False, None, digest_of(target), target.stat().st_size)


def list_backups(folder: Path) -> list[Backup]:
    """The backups found in a folder, newest first; one without a valid card is unverified."""
    backups: list[tuple[int, Backup]] = []
    for path in (path for ending in SUFFIXES for path in folder.glob(f"kpa-*{ending}")) if folder.is_dir() else ():
        match = NAME.match(path.name)
        if match is None:
            continue
        taken_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        backup = Backup(path, taken_at, match["reason"], False)
        card_path = path.with_name(path.name + CARD_SUFFIX)
        with suppress(OSError, ValueError, KeyError, TypeError, FileRefused):
            card = json.loads(read_bounded_text(card_path))
            backup = Backup(
                path,
                taken_at,
                match["reason"],
                card["verified"] is True,
                card["revision"],
                card["sha256"],
                card["size"],
            )
        backups.append((int(match["n"] or 1), backup))  # -2, -3…: taken later in the same second
    ordered = sorted(backups, key=lambda found: (found[1].taken_at, found[0], found[1].path.name), reverse=True)
    return [backup for _n, backup in ordered]


def rotate(folder: Path, now: datetime | None = None) -> list[Path]:
    """Remove the backups the plan no longer keeps; return them.

    Never removed: the newest verified backup, and for EVENT_DAYS the backups taken on
    demand or before a migration or a restore (the one just restored from stays too).
    """
    backups = list_backups(folder)
    verified = [backup for backup in backups if backup.verified]
    newest_verified = verified[0] if verified else None
    keep = moments_to_keep(backup.taken_at for backup in backups)
    recent = (now or datetime.now()) - timedelta(days=EVENT_DAYS)
    kept_moments: set[datetime] = set()
    removed = []
    for backup in backups:  # newest first: of two backups at the same second, the first is kept
        if backup is newest_verified or (backup.reason != DAILY and backup.taken_at >= recent):
            kept_moments.add(backup.taken_at)
            continue
        if backup.taken_at in keep and backup.taken_at not in kept_moments:
            kept_moments.add(backup.taken_at)
            continue
        backup.path.unlink(missing_ok=True)
        backup.path.with_name(backup.path.name + CARD_SUFFIX).unlink(missing_ok=True)
        removed.append(backup.path)
    stale = (now or datetime.now()).timestamp() - 3600
    partials = (partial for ending in SUFFIXES for partial in folder.glob(f"kpa-*{ending}.part*"))
    for partial in partials:  # left by a backup interrupted over an hour ago
        with suppress(OSError):
            if partial.stat().st_mtime < stale:
                partial.unlink()
                removed.append(partial)
    return removed


def backup_due(folder: Path, today: datetime) -> bool:
    """Whether no backup has been taken in `folder` on that day yet."""
    return not any(backup.taken_at.date() == today.date() for backup in list_backups(folder))


def protect_workspace(workspace: Workspace) -> None:
    """Make the data and backup folders, and the files in them, readable by their owner only."""
    for folder in (workspace.data_dir, workspace.backups_dir):
        if folder.is_dir():
            make_private(folder)
            for path in folder.iterdir():
                make_private(path)


@contextmanager
def one_process_at_a_time(folder: Path) -> Iterator[bool]:
    """Whether this process holds the backups folder's lock (a file made only if absent), until the block ends.

    A lock left by a process that died is taken over once it is older than any backup takes.
    """
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_FILE
    with suppress(OSError):
        if time.time() - lock.stat().st_mtime > STALE_LOCK_SECONDS:
            lock.unlink()
    try:
        new_private_file(lock)
    except FileExistsError:
        yield False
        return
    try:
        yield True
    finally:
        lock.unlink(missing_ok=True)


def startup_backup(
    workspace: Workspace, *, code: str, migrating: bool, clock: Callable[[], datetime] = datetime.now
) -> Backup | None:
    """At start: a backup before a migration, else the day's first backup, then rotation.

    One that cannot be written raises BackupFailed, having left nothing behind; the day's
    backup is then tried again at the next start.
    """
    database_file = workspace.database_file
    if not database_file.is_file() or database_file.stat().st_size == 0:
        return None
    now = clock()
    if not migrating and not backup_due(workspace.backups_dir, now):
        return None
    reason = BEFORE_MIGRATION if migrating else DAILY
    try:
        return _startup_backup(workspace, reason, code, now)
    except OSError as error:  # the lock itself could not be written
        raise _failure(error, reason, workspace.backups_dir, database_file) from None


def _startup_backup(workspace: Workspace, reason: str, code: str, now: datetime) -> Backup | None:
    database_file = workspace.database_file
    migrating = reason == BEFORE_MIGRATION
    with one_process_at_a_time(workspace.backups_dir) as mine:
        # Several copies of the app opened at once: one takes the backup, the others go on.
        if not mine or (not migrating and not backup_due(workspace.backups_dir, now)):
            return None
        backup = take_backup(
            database_file, workspace.backups_dir, code=code, reason=reason,
            now=now, accounts_file=workspace.accounts_file,
        )  # fmt: skip
        rotate(workspace.backups_dir)
    return backup


def backup_now(context: Context, folder: Path | None = None, progress: Progress | None = None) -> Backup:
    """A backup asked for by someone: into the workspace's backups (then rotated) or another folder."""
    require(context, Permission.BACK_UP)
    live = context.database.sqlite_file
    target = folder or context.workspace.backups_dir
    if folder is not None and not folder.is_dir():
        raise BackupError(
            f"Le dossier {folder} n'existe pas : vérifiez que la clé ou le disque est branché et que le chemin "
            "est exact, puis réessayez."
        )
    try:
        if live is None:  # a KPA on a server: its dump, encrypted with the KPA's key
            from kpa_local.services.server_backups import take_server_backup

            backup = take_server_backup(context, target, reason=MANUAL)
        else:
            backup = take_backup(live, target, code=context.settings.kpa.code, reason=MANUAL, progress=progress,
                                 accounts_file=context.workspace.accounts_file)  # fmt: skip
    except OSError as error:
        raise BackupError(
            f"La sauvegarde n'a pas pu être écrite dans {target} ({error.strerror}) : vérifiez que la clé ou "
            "le disque est branché, qu'il reste de la place, puis réessayez."
        ) from None
    if folder is None:
        rotate(context.workspace.backups_dir)
    record_action(context, "sauvegarde", backup.path.name)
    return backup
