"""Backups, their rotation, restore and the integrity check, through the services."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from contextlib import closing
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kpa_local.db import cipher
from kpa_local.db.engine import Database, sqlite_url
from kpa_local.db.migrate import HEAD_REVISION
from kpa_local.domain.backup_plan import moments_to_keep
from kpa_local.domain.money import Money
from kpa_local.services.access import AccessDenied
from kpa_local.services.backup_kinds import BackupError
from kpa_local.services.backups import (
    LOCK_FILE,
    STALE_LOCK_SECONDS,
    backup_now,
    list_backups,
    one_process_at_a_time,
    rotate,
    startup_backup,
    take_backup,
)
from kpa_local.services.clients import list_clients
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.integrity import check_workspace
from kpa_local.services.issuing import issue_document, pdf_path
from kpa_local.services.payments import record_payment
from kpa_local.services.restore import RestoreRefused, restore_backup
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, draft, person_client
from tests.conftest import TODAY

pytestmark = pytest.mark.sqlite_file("the SQLite file's backups; a server's backups are not built yet")

ROOT = Path(__file__).resolve().parents[2]


def _issued(context: Context, count: int = 2) -> list[int]:
    client = business_client(context)
    ids = [create_document(context, draft(client)) for _ in range(count)]
    for document_id in ids:
        issue_document(context, document_id)
    return ids


def _problems(context: Context) -> list[str]:
    return [finding.problem for finding in check_workspace(context).findings]


def test_a_backup_is_a_checked_private_copy_with_its_card(billing: Context) -> None:
    _issued(billing)
    backup = backup_now(billing)
    assert backup.verified and backup.revision == HEAD_REVISION
    assert backup.path.name.startswith("kpa-coop-test-") and backup.path.name.endswith("-manuelle.sqlite3")
    card = json.loads(backup.path.with_name(backup.path.name + ".json").read_text(encoding="utf-8"))
    assert card["sha256"] == backup.sha256 and card["verified"] is True
    with closing(cipher.connect(backup.path, key=_key(billing))) as connection:
        assert connection.execute("SELECT count(*) FROM document WHERE number IS NOT NULL").fetchone() == (2,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    for path in (backup.path, billing.workspace.backups_dir, billing.workspace.database_file):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    assert list_backups(billing.workspace.backups_dir)[0] == backup


def test_a_backup_to_a_file_or_a_missing_folder_is_refused(billing: Context, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "cle.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    unplugged = tmp_path / "media" / "CLE"
    for target in (not_a_folder, unplugged):
        with pytest.raises(BackupError, match="n'existe pas : vérifiez que la clé"):
            backup_now(billing, target)
    assert not unplugged.parent.exists()  # nothing created where the key should be


def test_backups_taken_while_invoices_are_issued_each_pass_the_check(billing: Context, tmp_path: Path) -> None:
    client = business_client(billing)
    ids = [create_document(billing, draft(client)) for _ in range(12)]
    command = [sys.executable, "-m", "tests.services.issue_worker", str(billing.workspace.root), TODAY.isoformat()]
    worker = subprocess.Popen([*command, *map(str, ids)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    backups = []
    (tmp_path / "cle").mkdir()
    while worker.poll() is None:
        backups.append(backup_now(billing, tmp_path / "cle"))
    assert worker.wait() == 0
    backups.append(backup_now(billing, tmp_path / "cle"))
    issued_counts = set()
    # An earlier copy is, by design, behind the PDFs issued since: only the last one owns them all.
    behind = ("n'a aucun document dans la base", "La base a été remplacée par une copie plus ancienne")
    for backup in backups:
        _hold_key(billing, backup.path)
        database = Database(sqlite_url(backup.path))
        copy = replace(billing, database=database)
        problems = _problems(copy)
        assert [problem for problem in problems if not problem.startswith(behind[1]) and behind[0] not in problem] == []
        assert backup != backups[-1] or problems == [], backup.path
        issued_counts.add(database.read("SELECT count(*) FROM document WHERE number IS NOT NULL")[0][0])
        database.dispose()
    assert max(issued_counts) == 12


def _fake_backup(folder: Path, moment: datetime, verified: bool = True) -> None:
    path = folder / f"kpa-coop-test-{moment:%Y%m%d-%H%M%S}-quotidienne.sqlite3"
    path.write_bytes(b"copie")
    card = {"verified": verified, "revision": "0003", "sha256": "0" * 64, "size": 5}
    path.with_name(path.name + ".json").write_text(json.dumps(card), encoding="utf-8")


def test_rotation_over_two_years_keeps_exactly_the_planned_days(tmp_path: Path) -> None:
    start = date(2025, 1, 1)
    last = start
    for offset in range(730):
        last = start + timedelta(days=offset)
        _fake_backup(tmp_path, datetime.combine(last, datetime.min.time()).replace(hour=9))
        rotate(tmp_path, now=datetime.combine(last, datetime.min.time()).replace(hour=10))
    kept = {backup.taken_at.date() for backup in list_backups(tmp_path)}
    # Counted by the calendar: the last 7 days, the last day of the last 4 ISO weeks, of the last 12 months.
    days = {last - timedelta(days=n) for n in range(7)}
    sundays = {last - timedelta(days=last.isoweekday() + 7 * (n - 1)) for n in range(1, 4)} | {last}
    month_ends = {last}
    month_start = last.replace(day=1)
    for _ in range(11):
        month_ends.add(month_start - timedelta(days=1))
        month_start = (month_start - timedelta(days=1)).replace(day=1)
    assert kept == days | sundays | month_ends
    assert len(list(tmp_path.iterdir())) == 2 * len(kept)  # each kept backup keeps its card


def test_the_newest_verified_backup_is_kept_however_old(tmp_path: Path) -> None:
    old = datetime(2020, 1, 1)
    _fake_backup(tmp_path, old)
    for month in range(1, 13):
        for day in (1, 8, 15, 22):
            _fake_backup(tmp_path, datetime(2026, month, day), verified=False)
    now = datetime(2026, 12, 23)
    assert old not in moments_to_keep(backup.taken_at for backup in list_backups(tmp_path))
    rotate(tmp_path, now=now)
    kept = [backup.taken_at for backup in list_backups(tmp_path)]
    assert old in kept
    assert len(kept) == 1 + len(moments_to_keep(datetime(2026, month, day) for month in range(1, 13)
                                                for day in (1, 8, 15, 22)))  # fmt: skip


def test_backups_on_demand_stay_a_month_even_on_a_busy_day(tmp_path: Path, billing: Context) -> None:
    live = billing.workspace.database_file
    morning = datetime(2026, 11, 26, 9)
    take_backup(live, tmp_path, code="coop-test", reason="quotidienne", now=morning)
    take_backup(live, tmp_path, code="coop-test", reason="manuelle", now=morning.replace(hour=11))
    take_backup(live, tmp_path, code="coop-test", reason="avant-restauration", now=morning.replace(hour=12))
    rotate(tmp_path, now=morning.replace(hour=13))
    assert [backup.reason for backup in list_backups(tmp_path)] == ["avant-restauration", "manuelle"]
    rotate(tmp_path, now=morning + timedelta(days=40))
    assert [backup.reason for backup in list_backups(tmp_path)] == ["avant-restauration"]


def test_restore_round_trip_keeps_what_was_there_before(billing: Context) -> None:
    person_client(billing)
    backup = backup_now(billing)
    business_client(billing)
    assert len(list_clients(billing)) == 2
    report = restore_backup(billing, backup.path)
    assert [client.name for client in list_clients(billing)] == ["Mme Hélène Dupont"]
    assert not report.migrated
    with closing(cipher.connect(report.safety_copy.path, key=_key(billing))) as connection:
        assert connection.execute("SELECT count(*) FROM client").fetchone() == (2,)
    assert _problems(billing) == []
    assert not list(billing.workspace.data_dir.glob(".restauration-*"))


def test_an_older_backup_is_migrated_when_restored(billing: Context, tmp_path: Path) -> None:
    from alembic import command

    from kpa_local.db.migrate import alembic_config

    person_client(billing)
    backup = backup_now(billing, tmp_path)
    _hold_key(billing, backup.path)
    old = Database(sqlite_url(backup.path))
    config = alembic_config()
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    old.dispose()
    report = restore_backup(billing, backup.path)
    assert report.migrated and report.revision == "0002"
    assert billing.database.read("SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert list_clients(billing) == ()  # the clients table came with revision 0003


def _refusal(context: Context, file: Path) -> str:
    before = context.workspace.database_file.read_bytes()
    with pytest.raises(RestoreRefused) as refusal:
        restore_backup(context, file)
    assert context.workspace.database_file.read_bytes() == before
    return refusal.value.message


def test_corrupt_truncated_foreign_and_newer_files_are_refused(billing: Context, tmp_path: Path) -> None:
    person_client(billing)
    (tmp_path / "bonnes").mkdir()
    good = backup_now(billing, tmp_path / "bonnes")
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("pas une base", encoding="utf-8")
    assert re.search("pas une base de données de KPA|ne s'ouvre pas avec la clé", _refusal(billing, text_file))
    truncated = tmp_path / "tronquee.sqlite3"
    truncated.write_bytes(good.path.read_bytes()[: good.size // 2])
    assert "ne peut pas être restauré" in _refusal(billing, truncated)
    corrupt = tmp_path / "abimee.sqlite3"
    data = bytearray(good.path.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xff" * 4096
    corrupt.write_bytes(bytes(data))
    assert "ne peut pas être restauré" in _refusal(billing, corrupt)
    other = Workspace(tmp_path / "autre")
    create_workspace(other, name="Autre KPA", code="autre")
    open_workspace(other).close()
    assert "une autre KPA" in _refusal(billing, other.database_file)
    newer = tmp_path / "future.sqlite3"
    newer.write_bytes(good.path.read_bytes())
    with closing(cipher.connect(newer, key=_key(billing))) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    assert "version plus récente" in _refusal(billing, newer)
    assert "n'existe pas" in _refusal(billing, tmp_path / "absente.sqlite3")


def test_a_backup_killed_half_way_leaves_earlier_backups_and_the_database_whole(
    billing: Context, tmp_path: Path
) -> None:
    import hashlib
    import time

    _issued(billing, 3)
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    earlier = backup_now(billing, folder)
    code = (
        "import sys; from pathlib import Path; from kpa_local.services.backups import take_backup\n"
        "from tests.worker_keys import hold_test_keys; hold_test_keys()\n"
        "print('ready', flush=True)\n"
        "while True: take_backup(Path(sys.argv[1]), Path(sys.argv[2]), code='coop-test', reason='manuelle')\n"
    )
    for delay in (0.05, 0.12, 0.2, 0.31, 0.43):
        worker = subprocess.Popen(
            [sys.executable, "-c", code, str(billing.workspace.database_file), str(folder)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        time.sleep(delay)
        worker.kill()  # SIGKILL, or TerminateProcess on Windows: no chance to tidy up
        worker.wait()
    assert hashlib.sha256(earlier.path.read_bytes()).hexdigest() == earlier.sha256
    for backup in list_backups(folder):
        if backup.verified:
            assert hashlib.sha256(backup.path.read_bytes()).hexdigest() == backup.sha256
    with closing(cipher.connect(billing.workspace.database_file)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _problems(billing) == []


def test_the_check_names_gaps_changed_totals_broken_links_and_altered_pdfs(billing: Context) -> None:
    first, second = _issued(billing)
    record_payment(billing, first, TODAY, Money(100), "virement")
    assert _problems(billing) == []
    client = business_client(billing, name="Autre client")
    draft_id = create_document(billing, draft(client))
    live = billing.workspace.database_file
    with closing(cipher.connect(live)) as connection, connection:
        for _ in range(2):  # the series may only move on one number at a time
            connection.execute("UPDATE number_series SET last_seq = last_seq + 1 WHERE series = 'FA'")
        connection.execute("UPDATE document SET total_cents = total_cents + 1 WHERE id = ?", (draft_id,))
    with closing(cipher.connect(live)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(
            "INSERT INTO payment (invoice_id, paid_on, amount_cents, method, reference, created_at) "
            "VALUES (9999, '2026-11-26', 100, 'virement', '', '2026-11-26 10:00:00')"
        )
        connection.commit()
    number = billing.database.read("SELECT number FROM document WHERE id = :id", {"id": second})[0][0]
    path = pdf_path(billing, number, TODAY.year)
    path.write_bytes(path.read_bytes() + b"%")
    problems = _problems(billing)
    assert problems == [
        "1 ligne de la table payment renvoie à des données qui n'existent plus.",
        "Dans la série FA de 2026, il manque les numéros 3, 4.",
        f"Les totaux enregistrés de brouillon n° {draft_id} ne sont pas la somme de ses lignes.",
        f"Le PDF de {number} a été modifié depuis son émission ({path}).",
    ]
    path.unlink()
    assert f"Le PDF de {number} manque ({path})." in _problems(billing)


def _key(context: Context) -> bytes | None:
    """The key of the workspace's database, for its backups (None when it is not encrypted)."""
    return cipher.key_for(context.workspace.database_file)


def _hold_key(context: Context, backup: Path) -> None:
    """A backup opened as a database of its own, with the workspace's key when it is encrypted."""
    key = _key(context)
    if key is not None:
        cipher.remember(backup, key)


def _corrupt(database_file: Path) -> None:
    data = bytearray(database_file.read_bytes())
    for page in range(2, len(data) // 4096):
        data[page * 4096 + 100 : page * 4096 + 400] = b"\xff" * 300
    database_file.write_bytes(bytes(data))


def test_a_damaged_database_opens_read_only_until_a_backup_is_restored(billing: Context) -> None:
    from kpa_local.services.workspaces import DamagedDatabase

    person_client(billing)
    backup = backup_now(billing)
    workspace = billing.workspace
    billing.close()
    with closing(cipher.connect(workspace.database_file)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _corrupt(workspace.database_file)
    with pytest.raises(DamagedDatabase) as damage:
        open_workspace(workspace, clock=Clock(TODAY))
    assert damage.value.newest_backup is not None and damage.value.newest_backup.path == backup.path
    assert f"kpa restore {backup.path}" in damage.value.message
    damaged = open_workspace(workspace, clock=Clock(TODAY), read_only=True)
    with pytest.raises(AccessDenied, match="lecture"):
        business_client(damaged)
    report = restore_backup(damaged, backup.path)
    assert not report.safety_copy.verified and report.safety_copy.path.is_file()
    assert [client.name for client in list_clients(damaged)] == ["Mme Hélène Dupont"]
    damaged.close()
    reopened = open_workspace(workspace, clock=Clock(TODAY))
    assert _problems(reopened) == []
    reopened.close()


def test_one_process_at_a_time_takes_the_startup_backup(context: Context) -> None:
    import os
    import time

    workspace = context.workspace
    folder = workspace.backups_dir
    code = context.settings.kpa.code
    before = len(list_backups(folder))
    later = lambda: datetime(2030, 1, 2, 9, 0)  # noqa: E731 - a day without a backup yet
    with one_process_at_a_time(folder) as first, one_process_at_a_time(folder) as second:
        assert first and not second
        # Another copy of the app opening meanwhile goes on without a backup of its own.
        assert startup_backup(workspace, code=code, migrating=False, clock=later) is None
    assert not (folder / LOCK_FILE).exists()
    assert startup_backup(workspace, code=code, migrating=False, clock=later) is not None
    assert len(list_backups(folder)) == before + 1
    # A lock left by a process that died is taken over once it is stale.
    (folder / LOCK_FILE).touch()
    old = time.time() - STALE_LOCK_SECONDS - 1
    os.utime(folder / LOCK_FILE, (old, old))
    with one_process_at_a_time(folder) as mine:
        assert mine
