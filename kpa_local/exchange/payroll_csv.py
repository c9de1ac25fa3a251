"""The demande de versement as a CSV the CAE's payroll imports: one line per person (docs/repartition.md)."""

from __future__ import annotations

from kpa_local.domain.payroll import PayrollLine, PayrollRequest
from kpa_local.domain.work import hours_decimal
from kpa_local.exchange.csv_safe import Amount, amount_cell, csv_text
from kpa_local.fmt import date_fr

# The columns, in their order: docs/repartition.md, « Demande de versement à la CAE », says what each holds.
HEADER = (
    "periode", "debut", "fin", "reference_decision", "date_decision", "decision",
    "siret_cae", "nom_cae", "code_kpa", "nom_kpa",
    "numero_fiche", "nom", "prenom", "contrat", "minutes", "heures", "montant",
    "total_repartition", "epargne_collective",
)  # fmt: skip


def _row(request: PayrollRequest, line: PayrollLine) -> list[str]:
    return [
        request.period_code,
        date_fr(request.period_start),
        date_fr(request.period_end),
        request.reference,
        date_fr(request.decided_on),
        request.decision,
        "".join(request.cae.siret.split()),
        request.cae.name,
        request.kpa_code,
        request.kpa.name,
        Amount(str(line.person_id)),
        line.last_name,
        line.first_name,
        line.contract,
        Amount(str(line.minutes)),
        Amount(str(hours_decimal(line.minutes)).replace(".", ",")),
        amount_cell(line.amount.cents),
        amount_cell(request.total.cents),
        amount_cell(request.savings.cents),
    ]


def payroll_csv(request: PayrollRequest) -> bytes:
    """The request's CSV: `;` between cells, decimal commas, UTF-8 with a BOM, as the journals for the accountant."""
    return ("\ufeff" + csv_text(HEADER, (_row(request, line) for line in request.lines))).encode("utf-8")
