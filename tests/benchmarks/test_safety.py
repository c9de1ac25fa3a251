"""Backing up and checking the large KPA (2,000 people over ten years).

Targets: a backup (copy, integrity check of the copy, hash, card) under 5 s; `kpa check`
under 5 s. Baselines in the same run: copying the database file byte for byte, and
SQLite's integrity check alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import closing
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from kpa_local.db import cipher
from kpa_local.services.backups import backup_now
from kpa_local.services.context import Context
from kpa_local.services.integrity import check_workspace
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace

ROUNDS = 5


@pytest.fixture
def large(large_space: Workspace) -> Iterator[Context]:
    context = open_workspace(large_space)
    yield context
    context.close()


@pytest.mark.benchmark(group="backup")
def test_baseline_copy_the_file(benchmark: Any, large_space: Workspace, tmp_path: Path) -> None:
    numbers = count()
    benchmark.pedantic(
        lambda: shutil.copyfile(large_space.database_file, tmp_path / f"copie-{next(numbers)}.sqlite3"),
        rounds=ROUNDS,
    )


@pytest.mark.benchmark(group="backup")
def test_back_up_the_large_workspace(benchmark: Any, large: Context, tmp_path: Path) -> None:
    numbers = count()

    def new_key() -> tuple[tuple[Path], dict[str, Any]]:
        folder = tmp_path / f"cle-{next(numbers)}"
        folder.mkdir()
        return (folder,), {}

    backup = benchmark.pedantic(lambda folder: backup_now(large, folder), setup=new_key, rounds=ROUNDS)
    assert backup.verified and backup.size > 1_000_000
    assert benchmark.stats.stats.median < 5.0


@pytest.mark.benchmark(group="check")
def test_baseline_sqlite_integrity_check(benchmark: Any, large_space: Workspace) -> None:
    def integrity() -> str:
        with closing(cipher.connect(large_space.database_file)) as connection:
            return str(connection.execute("PRAGMA integrity_check").fetchone()[0])

    assert benchmark.pedantic(integrity, rounds=ROUNDS) == "ok"


@pytest.mark.benchmark(group="check")
def test_check_the_large_workspace(benchmark: Any, large: Context) -> None:
    report = benchmark.pedantic(check_workspace, args=(large,), rounds=ROUNDS)
    assert report.ok, report.findings
    assert benchmark.stats.stats.median < 5.0
