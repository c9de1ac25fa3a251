"""The interviews of a KPA that has led many: 600 interviews (about forty a year for fifteen years).

Targets: the analysis (counts by public and every passage by effect) under 1 s; the list of
interviews under 500 ms; an interview's report as PDF under 1 s. Baseline in the same run:
the plainest SQL read of every passage's effects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from typing import Any

import pytest

from kpa_local.db import cipher
from kpa_local.domain.interviews import CARDS, EFFECTS, Card, PersonFacts
from kpa_local.services.context import Context
from kpa_local.services.interview_analysis import interview_analysis
from kpa_local.services.interview_documents import write_report
from kpa_local.services.interviews import code_passage, interview_report, list_interviews, save_interview
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace
from tests.services.interview_support import full_draft

INTERVIEWS = 600


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    space = Workspace(tmp_path_factory.mktemp("bench") / "entretiens")
    create_workspace(space, name="Coop Entretiens", code="entretiens")
    context = open_workspace(space, clock=lambda: date(2026, 11, 26))
    deck = [Card(code, label) for code, label in CARDS.items()]
    effects = list(EFFECTS)
    try:
        for index in range(INTERVIEWS):
            cards = tuple(deck[(index + k) % len(deck)] for k in range(3))
            notes = tuple(f"Passage {index}-{k}.\n\nEt un autre, {index}-{k}." for k in range(3))
            facts = PersonFacts(20 + index % 50, ("femme", "homme")[index % 2], 6)
            held_on = date(2012, 1, 2) + timedelta(days=index * 9)
            draft = full_draft(held_on=held_on, cards=cards, notes=notes, facts=facts, consent_share=index % 7 != 0)
            interview_id = save_interview(context, draft)
            for k, passage in enumerate(interview_report(context, interview_id).passages):
                start = (index + k) % 8
                code_passage(context, interview_id, passage.id, passage.card, effects[start : start + 2])
    finally:
        context.close()
    return space


@pytest.fixture
def context(many: Workspace) -> Iterator[Context]:
    opened = open_workspace(many, clock=lambda: date(2026, 11, 26))
    yield opened
    opened.close()


@pytest.mark.benchmark(group="interviews")
def test_baseline_read_every_passage(benchmark: Any, many: Workspace) -> None:
    with closing(cipher.connect(many.database_file)) as connection:
        rows = benchmark(lambda: connection.execute("SELECT interview_id, effects FROM interview_passage").fetchall())
    assert len(rows) == INTERVIEWS * 6


@pytest.mark.benchmark(group="interviews")
def test_analysis_of_600_interviews(benchmark: Any, context: Context) -> None:
    analysis = benchmark(interview_analysis, context)
    assert analysis.counted + analysis.not_shared == INTERVIEWS
    assert benchmark.stats.stats.median < 1.0


@pytest.mark.benchmark(group="interviews")
def test_list_of_600_interviews(benchmark: Any, context: Context) -> None:
    assert len(benchmark(list_interviews, context)) == INTERVIEWS
    assert benchmark.stats.stats.median < 0.5


@pytest.mark.benchmark(group="interviews")
def test_a_report_as_pdf(benchmark: Any, context: Context) -> None:
    assert benchmark(write_report, context, 1).exists()
    assert benchmark.stats.stats.median < 1.0
