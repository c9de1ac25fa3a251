"""A full disk is a sentence: the day's backup that cannot be written never stops the other work."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kpa_local.db.backup import copy_database
from kpa_local.files import megabytes
from kpa_local.services import backups
from kpa_local.services.backup_kinds import BackupFailed
from kpa_local.services.backups import ROOM_MARGIN, list_backups, rotate, startup_backup
from kpa_local.services.context import Context
from tests.cli_support import run

pytestmark = pytest.mark.sqlite_file("the SQLite file's backups on a full disk")

FULL = "sauvegarde du jour n'a pas pu être faite : le disque est plein, libérez"


def _failing_copy(error: Exception, calls: list[Path]) -> Callable[..., None]:
    """A copy that writes part of the backup (and SQLite's log beside it), then meets a full disk."""

    def copy(source: Path, target: Path, *_args: Any, **_options: Any) -> None:
        calls.append(target)
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4096)
        target.with_name(target.name + "-wal").write_bytes(b"\x00" * 4096)
        raise error

    return copy


def _no_backup_today(folder: Path) -> None:
    for path in folder.glob("kpa-*"):
        path.unlink()


@pytest.mark.parametrize(
    "full", [OSError(errno.ENOSPC, "No space left on device"), sqlite3.OperationalError("database or disk is full")]
)
def test_a_full_disk_at_the_daily_backup_is_told_once_and_every_command_goes_on(
    cli_demo: Path, full: Exception, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = cli_demo / "backups"
    _no_backup_today(folder)
    calls: list[Path] = []
    monkeypatch.setattr(backups, "copy_database", _failing_copy(full, calls))
    capsys.readouterr()
    assert run(cli_demo, "members", "list", "--all") == 0
    said = capsys.readouterr()
    assert "40 personnes." in said.out
    assert said.err.count(FULL) == 1
    assert "refaite à la prochaine ouverture" in said.err
    assert "inattendue" not in said.err
    assert sorted(path.name for path in folder.iterdir() if not path.name.startswith(".")) == []
    assert run(cli_demo, "activities", "list") == 0  # the next command tries again, and goes on too
    said = capsys.readouterr()
    assert "6 activités." in said.out
    assert said.err.count(FULL) == 1
    assert len(calls) == 2
    assert not list(folder.glob("*.part*"))
    monkeypatch.setattr(backups, "copy_database", copy_database)  # room made: the next opening backs up
    assert run(cli_demo, "members", "list") == 0
    assert FULL not in capsys.readouterr().err
    assert [backup.reason for backup in list_backups(folder) if backup.verified] == ["quotidienne"]


def test_too_little_room_is_told_before_a_byte_is_written(context: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = context.workspace
    _no_backup_today(workspace.backups_dir)
    calls: list[Path] = []
    monkeypatch.setattr(backups, "copy_database", _failing_copy(AssertionError("copie tentée"), calls))
    monkeypatch.setattr(shutil, "disk_usage", lambda _folder: _Usage(0))
    size = workspace.database_file.stat().st_size
    wal = workspace.database_file.with_name(workspace.database_file.name + "-wal")
    size += wal.stat().st_size if wal.exists() else 0
    with pytest.raises(BackupFailed) as refusal:
        startup_backup(workspace, code="coop-test", migrating=False)
    assert f"le disque est plein, libérez {megabytes(size + ROOM_MARGIN)} Mo" in refusal.value.message
    assert calls == []
    assert not list(workspace.backups_dir.glob("kpa-*"))


class _Usage:
    def __init__(self, free: int) -> None:
        self.free = free


def test_a_backup_before_a_migration_that_cannot_be_written_stops_the_migration(
    context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    from kpa_local.db.migrate import alembic_config, current_revision
    from kpa_local.domain.errors import KpaError
    from kpa_local.services.workspaces import open_workspace

    config = alembic_config()
    with context.database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    context.close()
    monkeypatch.setattr(backups, "copy_database", _failing_copy(OSError(errno.ENOSPC, "plein"), []))
    with pytest.raises(KpaError, match=r"le disque est plein, libérez .* rien n'a été changé"):
        open_workspace(context.workspace)
    assert current_revision(context.database) == "0007"
    assert not list(context.workspace.backups_dir.glob("*.part*"))


def test_leftovers_of_an_interrupted_backup_are_removed_by_the_rotation(context: Context) -> None:
    folder = context.workspace.backups_dir
    leftovers = [folder / f"kpa-coop-test-20261126-101010-quotidienne.sqlite3.part{end}" for end in ("", "-wal")]
    for path in leftovers:
        path.write_bytes(b"x")
        old = time.time() - 7200
        os.utime(path, (old, old))
    rotate(folder)
    assert [path.exists() for path in leftovers] == [False, False]


def _log_is_a_folder(log: Path) -> None:
    log.mkdir()  # no file can be opened there, whoever runs the test (root included)


def _log_on_a_full_disk(log: Path) -> None:
    log.symlink_to("/dev/full")  # opens, then every write fails with ENOSPC


# /dev/full is a Linux device: elsewhere only the folder stands for a log that cannot be written.
LOG_BREAKERS = [_log_is_a_folder, *([_log_on_a_full_disk] if Path("/dev/full").exists() else [])]


@pytest.mark.parametrize("break_log", LOG_BREAKERS)
def test_a_log_that_cannot_be_written_never_reaches_the_terminal(
    cli_demo: Path,
    break_log: Callable[[Path], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kpa_local.services import members

    log = cli_demo / "data" / "kpa.log"
    log.unlink(missing_ok=True)
    break_log(log)
    monkeypatch.setattr(logging.getLogger("kpa_local"), "handlers", [])
    monkeypatch.setattr(logging, "raiseExceptions", True)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("panne imprévue")

    monkeypatch.setattr(members, "list_members", broken)
    capsys.readouterr()
    assert run(cli_demo, "members", "list") == 3
    said = capsys.readouterr().err
    assert "Une erreur inattendue s'est produite" in said
    assert "Logging error" not in said
    assert "Traceback" not in said
    assert "panne imprévue" not in said


def test_a_full_disk_while_saving_is_said_as_such(
    cli_demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kpa_local.services import members

    def full(*_args: Any, **_kwargs: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(members, "list_members", full)
    capsys.readouterr()
    assert run(cli_demo, "members", "list") == 1
    said = capsys.readouterr().err
    assert "Le disque est plein : ce qui devait être enregistré ne l'a pas été, et rien n'a changé" in said
    assert "inattendue" not in said


def _small_disk_mountable() -> bool:
    """Whether this run may mount a small tmpfs (as root on Linux): the real full disk, beside the hook."""
    import subprocess
    import tempfile

    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder], capture_output=True)
        if mounted.returncode != 0:
            return False
        subprocess.run(["umount", folder], check=True)
    return True


# A real small disk where the run may mount one; everywhere, a write hook that meets a full disk.
SMALL_DISKS = ["crochet", *(["tmpfs"] if _small_disk_mountable() else [])]


@contextmanager
def _small_disk(kind: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on a disk about to be full: a small tmpfs, or any folder where copies meet ENOSPC."""
    import subprocess

    folder.mkdir()
    if kind == "crochet":
        monkeypatch.setattr(backups, "copy_database", _failing_copy(OSError(errno.ENOSPC, "plein"), []))
        yield folder
        return
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(disk: Path, kind: str) -> None:
    if kind == "tmpfs":
        usage = os.statvfs(disk)
        (disk / "remplissage").write_bytes(b"\0" * (usage.f_bavail * usage.f_frsize - 300 * 1024))  # 300 Ko left


@pytest.mark.parametrize("kind", SMALL_DISKS)
def test_on_a_small_disk_the_day_s_backup_is_told_and_the_work_goes_on(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpa_local.services.members import create_member, list_members
    from kpa_local.services.views import MemberQuery
    from kpa_local.services.workspaces import create_workspace, open_workspace
    from kpa_local.workspace import Workspace
    from tests.conftest import ENCRYPTED, encrypt_before_use, make_draft

    with _small_disk(kind, tmp_path / "disque", monkeypatch) as disk:
        workspace = Workspace(disk / "kpa")
        create_workspace(workspace, name="Coop Test", code="coop-test")
        if ENCRYPTED:
            encrypt_before_use(workspace)
        context = open_workspace(workspace)
        for number in range(40):
            create_member(context, make_draft(last_name=f"Martin{number}", notes="x" * 20_000))
        context.close()
        _no_backup_today(workspace.backups_dir)
        _fill(disk, kind)
        reopened = open_workspace(workspace)
        try:
            assert len(reopened.notices) == 1 and FULL in reopened.notices[0]
            assert list_members(reopened, MemberQuery(status="all")).total == 40
        finally:
            reopened.close()
        assert [path.name for path in workspace.backups_dir.iterdir() if not path.name.startswith(".")] == []
