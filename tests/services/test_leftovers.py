"""What an interrupted export or backup left is removed at the next opening; exports stay private."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kpa_local.services.context import Context
from kpa_local.services.leftovers import ONE_GO_SECONDS
from kpa_local.services.workspaces import open_workspace

pytestmark = pytest.mark.sqlite_file("what an interrupted copy of the SQLite file leaves")


def _left(path: Path, seconds_ago: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK\x03\x04 une archive entiere")
    moment = time.time() - seconds_ago
    os.utime(path, (moment, moment))
    return path


def test_leftovers_of_a_killed_export_or_backup_are_removed_at_the_next_opening(context: Context) -> None:
    workspace = context.workspace
    context.close()
    exports, backups, data = workspace.exports_dir, workspace.backups_dir, workspace.data_dir
    left = [
        _left(exports / ".kpa-coop-test-2026Q3.zip.k2j4h1.tmp", 3600),
        _left(exports / "releves-2026Q3" / ".releve-2026Q3-4.pdf.a8d7.tmp", 3600),
        _left(backups / "kpa-coop-test-20261126-101010-quotidienne.sqlite3.part", 3600),
        _left(backups / "kpa-coop-test-20261126-101010-quotidienne.sqlite3.part-wal", 3600),
        _left(data / ".restauration-20261126-101010-000001.sqlite3", 3600),
    ]
    being_written = _left(exports / ".kpa-coop-test-2026Q4.zip.zz91.tmp", ONE_GO_SECONDS / 4)
    kept = _left(exports / "kpa-coop-test-2026Q3.zip", 3600)
    reopened = open_workspace(workspace)
    reopened.close()
    assert [path.name for path in left if path.exists()] == []
    assert being_written.exists()  # another copy of the app may be writing it right now
    assert kept.exists()


def test_exports_are_made_private_at_opening(context: Context) -> None:
    workspace = context.workspace
    context.close()
    folder = workspace.exports_dir / "releves-2026Q3"
    folder.mkdir(parents=True)
    statement = folder / "releve-2026Q3-4.pdf"
    statement.write_bytes(b"%PDF-1.7")
    for path, mode in ((workspace.exports_dir, 0o755), (folder, 0o755), (statement, 0o644)):
        path.chmod(mode)
    open_workspace(workspace).close()
    assert statement.read_bytes() == b"%PDF-1.7"  # made private, never removed
    if os.name == "posix":  # modes are POSIX; on Windows the profile folder's rights keep files private
        modes = [oct(path.stat().st_mode & 0o777) for path in (workspace.exports_dir, folder, statement)]
        assert modes == ["0o700", "0o700", "0o600"]
