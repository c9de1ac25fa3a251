"""Sharing out on the large KPA (2,000 people over ten years), and the quarterly statements of 200 people.

Targets: the preview of a quarter under 300 ms; 200 statements (PDF) under 10 s, with progress.
Baselines in the same run: the plainest SQL sum of the quarter's hours, and 200 one-page PDFs
that hold only a title (what reportlab costs before any figure is read).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Paragraph

from kpa_local.db import cipher
from kpa_local.documents.pdf_kit import build_pdf, style
from kpa_local.domain.dates import Quarter
from kpa_local.domain.periods import Period
from kpa_local.services.context import Context
from kpa_local.services.sharing import preview_sharing
from kpa_local.services.statements import write_statements
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace

PEOPLE = 200
ROUNDS = 3


@pytest.fixture
def large(large_space: Workspace) -> Iterator[Context]:
    context = open_workspace(large_space)
    yield context
    context.close()


def _quarter(context: Context) -> Quarter:
    return Quarter.of(context.today()).previous()


@pytest.mark.benchmark(group="sharing-preview")
def test_baseline_sum_of_the_quarter_hours(benchmark: Any, large_space: Workspace, large: Context) -> None:
    period = Period.quarter(_quarter(large))
    with closing(cipher.connect(large_space.database_file)) as connection:
        rows = benchmark(
            lambda: connection.execute(
                "SELECT person_id, sum(minutes) FROM work_entry WHERE day BETWEEN ? AND ? GROUP BY person_id",
                (period.start.isoformat(), period.end.isoformat()),
            ).fetchall()
        )
    assert len(rows) >= PEOPLE


@pytest.mark.benchmark(group="sharing-preview")
def test_preview_of_a_quarter(benchmark: Any, large: Context) -> None:
    period = Period.quarter(_quarter(large))
    preview = benchmark(preview_sharing, large, period)
    assert sum(w.minutes for w in preview.plan.shares) > 0 or preview.plan.notice
    assert len(preview.plan.shares) + len(preview.plan.left_out) >= PEOPLE
    assert benchmark.stats.stats.median < 0.300


def _people(context: Context, quarter: Quarter) -> list[int]:
    period = Period.quarter(quarter)
    rows = context.database.read(
        "SELECT DISTINCT person_id FROM work_entry WHERE day BETWEEN :start AND :end ORDER BY person_id LIMIT :n",
        {"start": period.start.isoformat(), "end": period.end.isoformat(), "n": PEOPLE},
    )
    return [int(row[0]) for row in rows]


@pytest.mark.benchmark(group="statements")
def test_baseline_title_only_pdfs(benchmark: Any) -> None:
    title = style("bench-title", 18, bold=True)

    def pages() -> int:
        return sum(len(build_pdf([Paragraph(f"Relevé {n}", title)], title="x", author="x",
                                 footer=lambda *_: None)) for n in range(PEOPLE))  # fmt: skip

    assert benchmark.pedantic(pages, rounds=ROUNDS) > 0


@pytest.mark.benchmark(group="statements")
def test_statements_of_200_people(benchmark: Any, large: Context, tmp_path: Path) -> None:
    quarter = _quarter(large)
    people = _people(large, quarter)
    assert len(people) == PEOPLE
    seen: list[int] = []
    runs = count()

    def write() -> int:
        next(runs)
        return len(write_statements(large, quarter, people, lambda done, _total: seen.append(done)))

    assert benchmark.pedantic(write, rounds=ROUNDS) == PEOPLE
    assert seen[-1] == PEOPLE and seen[:3] == [1, 2, 3]
    assert benchmark.stats.stats.median < 10.0
