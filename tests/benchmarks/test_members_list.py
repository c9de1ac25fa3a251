"""The members list of a large KPA: a window of rows, and search as you type.

Targets: the list opens within 100 ms and each keystroke answers under 50 ms. The baseline,
measured in the same run, is the plainest SQLite read of a hundred people.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kpa_local.db import cipher
from kpa_local.services.context import Context
from kpa_local.services.members import list_members
from kpa_local.services.views import MemberQuery
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace


@pytest.fixture
def large(large_space: Workspace) -> Iterator[Context]:
    context = open_workspace(large_space)
    yield context
    context.close()


@pytest.mark.benchmark(group="members-list")
def test_baseline_plain_sqlite_read(benchmark: Any, large_space: Workspace) -> None:
    with cipher.connect(large_space.database_file) as connection:
        rows = benchmark(
            lambda: connection.execute(
                "SELECT id, last_name, first_name FROM person ORDER BY last_name LIMIT 100"
            ).fetchall()
        )
    assert len(rows) == 100


@pytest.mark.benchmark(group="members-list")
def test_open_the_list(benchmark: Any, large: Context) -> None:
    page = benchmark(list_members, large, MemberQuery())
    assert len(page.rows) == 100 and page.total > 100
    assert benchmark.stats.stats.median < 0.100


@pytest.mark.benchmark(group="members-list")
def test_each_keystroke_of_a_search(benchmark: Any, large: Context) -> None:
    keystrokes = ["b", "be", "ben", "bena", "benal"]

    def type_name() -> int:
        return sum(list_members(large, MemberQuery(search=text, status="all")).total for text in keystrokes)

    assert benchmark(type_name) > 0
    assert benchmark.stats.stats.median / len(keystrokes) < 0.050
