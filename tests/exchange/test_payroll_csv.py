"""The demande de versement's CSV: the columns docs/repartition.md documents, French figures, no formula."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from kpa_local.domain.billing import Party
from kpa_local.domain.money import Money
from kpa_local.domain.payroll import PayrollLine, PayrollRequest
from kpa_local.exchange.payroll_csv import HEADER, payroll_csv

DOC = Path(__file__).parents[2] / "docs" / "repartition.md"


def _request(*lines: PayrollLine) -> PayrollRequest:
    return PayrollRequest(
        sharing_id=4, reference="coop-test-2026Q3", period_code="2026Q3", period_label="3e trimestre 2026",
        period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), decided_on=date(2026, 10, 6),
        decision="=Réunion du 06/10", cae=Party("CAE Test", siret="832 145 676 00017"), kpa=Party("Coop Test"),
        kpa_code="coop-test", lines=lines, shared=Money(sum(line.amount.cents for line in lines)),
        savings=Money(13_579), calculation=(), issued_on=date(2026, 11, 26),
    )  # fmt: skip


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    return list(csv.DictReader(data.decode("utf-8-sig").splitlines(), delimiter=";"))


def test_the_columns_are_those_the_documentation_gives_in_its_order() -> None:
    section = DOC.read_text(encoding="utf-8").split("## Demande de versement à la CAE", 1)[1]
    documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    assert tuple(documented) == HEADER
    data = payroll_csv(_request())
    assert data.decode("utf-8-sig").splitlines() == [";".join(HEADER)]


def test_figures_are_french_and_text_never_runs_as_a_formula() -> None:
    lines = (
        PayrollLine(12, "Awa", "-Diallo", "CAPE", 125, Money(123_456)),
        PayrollLine(3, "@Karim", "Haddad", "CESA", 20, Money(7)),
    )
    rows = _rows(payroll_csv(_request(*lines)))
    assert [(row["numero_fiche"], row["nom"], row["prenom"]) for row in rows] == [
        ("12", "'-Diallo", "Awa"), ("3", "Haddad", "'@Karim")
    ]  # fmt: skip
    assert [(row["minutes"], row["heures"], row["montant"]) for row in rows] == [
        ("125", "2,08", "1234,56"), ("20", "0,33", "0,07")
    ]  # fmt: skip
    for row in rows:
        assert row["decision"] == "'=Réunion du 06/10" and row["siret_cae"] == "83214567600017"
        assert (row["total_repartition"], row["epargne_collective"]) == ("1234,63", "135,79")
        assert (row["periode"], row["debut"], row["fin"], row["date_decision"]) == (
            "2026Q3", "01/07/2026", "30/09/2026", "06/10/2026"
        )  # fmt: skip
