"""Rendering 1,000 issued PDFs again in one batch, with progress: target under 30 s.

The baseline, measured in the same run, is the same batch without Factur-X: reportlab pages only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any

import pytest

from kpa_local.db import cipher
from kpa_local.documents.business_pdf import render_business_pdf
from kpa_local.domain.billing import content_from_json
from kpa_local.services.context import Context
from kpa_local.services.issuing import render_issued
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.benchmarks.billing_bulk import add_invoices

BATCH = 1_000


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    from kpa_local.services.demo import build_demo

    space = Workspace(tmp_path_factory.mktemp("bench") / "thousand")
    build_demo(space).close()
    add_invoices(space, BATCH - 8)  # with the demo's eight issued documents: one thousand
    context = open_workspace(space)
    yield context
    context.close()


@pytest.mark.benchmark(group="render-batch")
def test_baseline_pages_only(benchmark: Any, thousand: Context) -> None:
    with closing(cipher.connect(thousand.workspace.database_file)) as connection:
        contents = [content_from_json(row[0]) for row in connection.execute("SELECT content_json FROM frozen_content")]
    assert len(contents) == BATCH
    benchmark.pedantic(lambda: [render_business_pdf(content) for content in contents], rounds=1, iterations=1)


@pytest.mark.benchmark(group="render-batch")
def test_render_a_thousand_issued_pdfs(benchmark: Any, thousand: Context) -> None:
    progress: list[tuple[int, int]] = []
    report = benchmark.pedantic(
        lambda: render_issued(thousand, lambda done, total: progress.append((done, total))), rounds=1, iterations=1
    )
    assert report.checked == BATCH
    assert progress[-1] == (BATCH, BATCH) and len(progress) == BATCH
    assert benchmark.stats.stats.median < 30
