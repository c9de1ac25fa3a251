"""Quarterly statements: the figures of each month, the PDF read back, and who may print whose."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from pypdf import PdfReader

from kpa_local.domain.accounts import Actor
from kpa_local.domain.dates import Quarter
from kpa_local.domain.errors import KpaError, Refused
from kpa_local.domain.periods import Period
from kpa_local.services.context import Context
from kpa_local.services.sharing import validate_sharing
from kpa_local.services.statements import statement_for, write_statements
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, open_billing
from tests.conftest import TODAY
from tests.services.sharing_support import Team, build_team

Q4 = Quarter(2026, 4)


@pytest.fixture
def kpa(workspace: Workspace) -> Iterator[tuple[Context, Team]]:
    clock = Clock(TODAY)
    context = open_billing(workspace, clock)
    team = build_team(context, clock)
    validate_sharing(context, Period.parse("2026-10"), decided_on=date(2026, 11, 5), decision_ref="Réunion du 05/11")
    yield context, team
    context.close()


def _text(path_bytes: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(path_bytes)).pages)


def test_a_statement_gives_hours_and_sums_month_by_month(kpa: tuple[Context, Team]) -> None:
    context, team = kpa
    statement = statement_for(context, team.awa, Q4)
    assert [(m.month, m.minutes, m.amount.cents) for m in statement.months] == [
        (date(2026, 10, 1), 32 * 60, 0),
        (date(2026, 11, 1), 0, 77_186),
        (date(2026, 12, 1), 0, 0),
    ]
    assert (statement.minutes, statement.amount.cents) == (32 * 60, 77_186)


def test_statements_for_everyone_as_readable_pdfs(kpa: tuple[Context, Team]) -> None:
    context, team = kpa
    seen: list[tuple[int, int]] = []
    # Drawn by two worker processes, as a large batch is.
    paths = write_statements(context, Q4, progress=lambda done, total: seen.append((done, total)), processes=2)
    assert len(paths) == 4 and seen[-1] == (4, 4)  # three coopérant·es and the bénévole who worked
    awa = next(path for path in paths if path.name == f"releve-2026Q4-{team.awa}.pdf")
    assert awa.parent.name == "releves-2026Q4"
    text = _text(awa.read_bytes())
    for words in ("Relevé du 4e trimestre 2026", "Awa DIALLO", "Octobre 2026", "32 h", "Novembre 2026",
                  "771,86", "Total du trimestre", "décidée par la KPA le 05/11/2026", "RSA",
                  "Qui vous verse ces sommes CAE des Ateliers du Nord, coopérative d'activité et d'emploi (CAE) "
                  "SIRET 832 145 676 00017 8 rue de la Coopération, 59000 Lille",
                  "C'est la coopérative « CAE des Ateliers du Nord » qui la verse"):  # fmt: skip
        assert words in text, words
    dan = next(path for path in paths if path.name == f"releve-2026Q4-{team.dan}.pdf")
    assert "Aucune somme n'a été décidée pour vous" in _text(dan.read_bytes())


def test_a_cooperant_prints_only_their_own(kpa: tuple[Context, Team]) -> None:
    context, team = kpa
    context.actor = Actor(name="Awa", role="cooperant", account_id=7, person_id=team.awa)
    assert len(write_statements(context, Q4, [team.awa])) == 1
    with pytest.raises(KpaError, match="relevés des autres"):
        write_statements(context, Q4, [team.bruno])
    with pytest.raises(KpaError):
        statement_for(context, team.bruno, Q4)


def test_an_empty_quarter_writes_nothing(kpa: tuple[Context, Team]) -> None:
    context, _team = kpa
    with pytest.raises(Refused, match="pas de relevé"):
        write_statements(context, Quarter(2026, 2))
    assert not (context.workspace.exports_dir / "releves-2026Q2").exists()


def test_statement_files_hold_no_name_and_only_their_owner_reads_them(kpa: tuple[Context, Team]) -> None:
    import os
    import re

    from kpa_local.domain.text import fold

    context, _team = kpa
    paths = write_statements(context, Q4)
    names = {fold(word) for row in context.database.read("SELECT first_name, last_name FROM person") for word in row}
    for path in paths:
        written = fold(str(path.relative_to(context.workspace.root)))
        assert not [name for name in names if name in written], path
    assert all(re.fullmatch(r"releve-2026Q4-\d+\.pdf", path.name) for path in paths)
    if os.name == "posix":  # modes are POSIX; on Windows the profile folder's rights keep files private
        assert [oct(path.stat().st_mode & 0o777) for path in paths] == ["0o600"] * len(paths)
        assert oct(paths[0].parent.stat().st_mode & 0o777) == "0o700"


def test_a_statement_is_not_written_without_the_cae_that_pays(workspace: Workspace) -> None:
    from kpa_local.config import save_sections

    clock = Clock(TODAY)
    context = open_billing(workspace, clock)
    try:
        build_team(context, clock)
        context.settings = save_sections(workspace.config_file, {"portage": {"name": "", "siret": ""}})
        with pytest.raises(Refused) as refused:
            write_statements(context, Q4)
        assert str(refused.value) == (
            "Un relevé doit nommer la coopérative (CAE) qui verse les sommes : indiquez le nom et le SIRET de la "
            "structure de portage dans les paramètres, puis recommencez."
        )
        assert not (context.workspace.exports_dir / "releves-2026Q4").exists()
    finally:
        context.close()
