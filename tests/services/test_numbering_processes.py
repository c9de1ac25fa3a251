"""Several processes issuing at once, and processes killed mid-issue: no gap, no duplicate, data whole."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time
from pathlib import Path

from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import issue_document, pdf_path
from kpa_local.workspace import Workspace
from tests.billing_support import business_client, draft
from tests.conftest import ON_SERVER, TODAY
from tests.raw_database import raw

ROOT = Path(__file__).resolve().parents[2]


def _drafts(context: Context, count: int) -> list[int]:
    client = business_client(context)
    return [create_document(context, draft(client)) for _ in range(count)]


def _worker(workspace: Workspace, ids: list[int]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.services.issue_worker", str(workspace.root), TODAY.isoformat()]
    return subprocess.Popen([*command, *map(str, ids)], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def _check_series(context: Context) -> list[str]:
    """The issued numbers, after checking the series has no gap, no duplicate, and the file is whole."""
    with raw(context.workspace) as connection:
        if not connection.on_server:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute(
            "SELECT d.seq, d.number, f.content_json IS NOT NULL, d.pdf_sha256 FROM document d "
            "LEFT JOIN frozen_content f ON f.document_id = d.id "
            "WHERE d.kind = 'facture' AND d.number IS NOT NULL ORDER BY d.seq"
        ).fetchall()
        last = connection.execute("SELECT last_seq FROM number_series WHERE series = 'FA'").fetchone()
    sequence = [row[0] for row in rows]
    assert sequence == list(range(1, len(rows) + 1)), f"série trouée ou en double : {sequence}"
    assert (last[0] if last else 0) == len(rows)
    assert all(row[2] and row[3] for row in rows)
    assert len({row[1] for row in rows}) == len(rows)
    return [row[1] for row in rows]


# Three computers issuing 30 invoices each on a server; on one file (three copies of the app on the office
# computer), 6 each prove the same write lock in a fifth of the time.
EACH = 30 if ON_SERVER else 6


def test_several_processes_issuing_at_once_share_one_series(billing: Context) -> None:
    """Three computers (on a server) or three instances (on one file) issuing at once: one series, no gap."""
    ids = _drafts(billing, 3 * EACH)
    workers = [_worker(billing.workspace, ids[index::3]) for index in range(3)]
    for worker in workers:
        assert worker.wait(timeout=300) == 0
    numbers = _check_series(billing)
    assert numbers == [f"FA-2026-{seq:04d}" for seq in range(1, 3 * EACH + 1)]
    for number in numbers:
        path = pdf_path(billing, number, 2026)
        with raw(billing.workspace) as connection:
            (digest,) = connection.execute("SELECT pdf_sha256 FROM document WHERE number = ?", (number,)).fetchone()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_process_killed_at_random_points_never_breaks_the_series(billing: Context) -> None:
    ids = _drafts(billing, 60)
    rng = random.Random(20261126)
    issued_before = 0
    for _ in range(12):
        remaining = _remaining(billing, ids)
        if not remaining:
            break
        worker = _worker(billing.workspace, remaining)
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        worker.kill()
        worker.wait(timeout=30)
        numbers = _check_series(billing)
        assert len(numbers) >= issued_before
        issued_before = len(numbers)
    for document_id in _remaining(billing, ids):
        issue_document(billing, document_id)
    assert _check_series(billing) == [f"FA-2026-{seq:04d}" for seq in range(1, 61)]


def _remaining(context: Context, ids: list[int]) -> list[int]:
    with raw(context.workspace) as connection:
        issued = {row[0] for row in connection.execute("SELECT id FROM document WHERE number IS NOT NULL")}
    return [document_id for document_id in ids if document_id not in issued]
