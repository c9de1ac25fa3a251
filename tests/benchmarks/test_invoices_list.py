"""The invoices list of a KPA with 50,000 invoices: a page of rows, and search as you type.

Targets: the list opens under 200 ms and each keystroke of a search answers under 50 ms.
The baseline, measured in the same run, is the plainest SQLite read of a hundred invoices.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kpa_local.db import cipher
from kpa_local.services.billing_queries import list_documents
from kpa_local.services.billing_views import DocumentQuery
from kpa_local.services.context import Context
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace


@pytest.fixture
def invoices(invoices_space: Workspace) -> Iterator[Context]:
    context = open_workspace(invoices_space)
    yield context
    context.close()


@pytest.mark.benchmark(group="invoices-list")
def test_baseline_plain_sqlite_read(benchmark: Any, invoices_space: Workspace) -> None:
    with cipher.connect(invoices_space.database_file) as connection:
        rows = benchmark(
            lambda: connection.execute(
                "SELECT id, number, issue_date, total_cents FROM document ORDER BY issue_date DESC LIMIT 100"
            ).fetchall()
        )
    assert len(rows) == 100


@pytest.mark.benchmark(group="invoices-list")
def test_open_the_list(benchmark: Any, invoices: Context) -> None:
    page = benchmark(list_documents, invoices, DocumentQuery())
    assert len(page.rows) == 100 and page.total_count > 50_000
    assert benchmark.stats.stats.median < 0.200


@pytest.mark.benchmark(group="invoices-list")
def test_each_keystroke_of_a_search(benchmark: Any, invoices: Context) -> None:
    keystrokes = ["B", "Bo", "Bou", "Boul", "Boula"]

    def type_name() -> int:
        return sum(list_documents(invoices, DocumentQuery(search=text)).total_count for text in keystrokes)

    assert benchmark(type_name) > 0
    assert benchmark.stats.stats.median / len(keystrokes) < 0.050


@pytest.mark.benchmark(group="invoices-list")
def test_overdue_filter(benchmark: Any, invoices: Context) -> None:
    page = benchmark(list_documents, invoices, DocumentQuery(overdue_only=True))
    assert page.total_count > 0
    assert benchmark.stats.stats.median < 0.200
