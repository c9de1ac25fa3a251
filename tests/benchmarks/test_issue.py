"""Issuing one invoice in a running app: number, PDF, Factur-X, hash, file written and committed.

Target: median under 60 ms. The baselines, measured in the same run: rendering the same page
with reportlab alone (no database, no Factur-X), and writing those bytes with their hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from kpa_local.documents.business_pdf import render_business_pdf
from kpa_local.files import write_atomically
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document
from kpa_local.services.issuing import content_of, issue_document
from kpa_local.services.workspaces import open_workspace
from kpa_local.workspace import Workspace
from tests.billing_support import business_client, draft

ROUNDS = 40


@pytest.fixture
def opened(demo_space: Workspace) -> Iterator[Context]:
    context = open_workspace(demo_space)
    yield context
    context.close()


@pytest.fixture
def drafts(opened: Context) -> Iterator[int]:
    client = business_client(opened, name="Client des mesures")
    return iter([create_document(opened, draft(client)) for _ in range(ROUNDS + 5)])


@pytest.mark.benchmark(group="issue")
def test_baseline_render_the_page_only(benchmark: Any, opened: Context, drafts: Iterator[int]) -> None:
    content = content_of(opened, next(drafts))
    pdf = benchmark(render_business_pdf, content)
    assert pdf.startswith(b"%PDF")


@pytest.mark.benchmark(group="issue")
def test_baseline_write_and_hash(benchmark: Any, opened: Context, drafts: Iterator[int]) -> None:
    pdf = render_business_pdf(content_of(opened, next(drafts)))
    target = opened.workspace.exports_dir / "mesure.pdf"

    def write() -> str:
        write_atomically(target, pdf)
        return hashlib.sha256(pdf).hexdigest()

    assert len(benchmark(write)) == 64


@pytest.mark.benchmark(group="issue")
def test_issue_one_invoice(benchmark: Any, opened: Context, drafts: Iterator[int]) -> None:
    issue_document(opened, next(drafts))  # the first issue loads the PDF and Factur-X libraries

    def setup() -> tuple[tuple[Context, int], dict[str, Any]]:
        return (opened, next(drafts)), {}

    issued = benchmark.pedantic(issue_document, setup=setup, rounds=ROUNDS, iterations=1)
    assert issued.number.startswith("FA-")
    assert benchmark.stats.stats.median < 0.060
