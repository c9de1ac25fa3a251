"""The demande de versement: a validated sharing-out's shares sent to the CAE's payroll, as a PDF and a CSV.

The amounts are those the sharing-out stored when it was validated, never computed again: the
request's total is what the sharing-out shared, to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.db.models import Contract, Person, Sharing
from kpa_local.domain.codes import CONTRACT_KINDS
from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.domain.payroll import PayrollLine, PayrollRequest, request_reference
from kpa_local.domain.periods import Period, of_label
from kpa_local.domain.text import count_text, french_key
from kpa_local.files import write_private, writing_into
from kpa_local.fmt import list_fr, money_fr
from kpa_local.services.access import Permission, require
from kpa_local.services.audit import record_action
from kpa_local.services.content import seller_party, trading_party
from kpa_local.services.context import Context
from kpa_local.services.sharing import overlapping_labels, validated_sharing
from kpa_local.services.sharing_record import stored_plan
from kpa_local.services.sharing_text import STEP_LABELS
from kpa_local.services.statements import require_cae

ACTION = "export.demande_versement"


@dataclass(frozen=True)
class PayrollFiles:
    """The request written: its two files, and what it asks the CAE to pay."""

    pdf_path: Path
    csv_path: Path
    request: PayrollRequest

    @property
    def summary(self) -> str:
        """« 298,99 € à verser à 14 personnes ; épargne collective 33,22 € », or why there is nothing to pay."""
        request = self.request
        if not request.lines:
            return "rien à verser, la répartition ne partage rien entre les personnes"
        people = count_text(len(request.lines), "personne")
        savings = money_fr(request.savings.cents)
        return f"{money_fr(request.total.cents)} à verser à {people} ; épargne collective {savings}"


def _not_validated(session: Session, period: Period) -> Refused:
    overlapping = [of_label(label) for label in overlapping_labels(session, period)]
    if overlapping:
        those = (f"celle {overlapping[0]} la recoupe : faites la demande de versement de cette période-là"
                 if len(overlapping) == 1 else
                 f"celles {list_fr(overlapping)} la recoupent : faites la demande de versement de chacune de ces "
                 "périodes")  # fmt: skip
        return Refused(
            [Problem(None, f"Aucune répartition validée ne porte exactement sur {period.label}, mais {those}.")]
        )
    return Refused(
        [
            Problem(
                None,
                f"La répartition {period.of_label} n'est pas validée : il n'y a pas encore de somme à demander à la "
                "CAE. Validez d'abord la répartition quand la KPA l'a décidée, ou choisissez une période déjà "
                "validée (onglet « Répartitions validées », ou kpa share list).",
            )
        ]
    )


def _contracts(session: Session, sharing: Sharing, eligible: tuple[str, ...]) -> dict[int, str]:
    """Each person's contract that gave a share: those of the rule's kinds running in the period."""
    ids = [share.person_id for share in sharing.shares]
    kinds: dict[int, list[str]] = defaultdict(list)
    for contract in session.scalars(
        select(Contract)
        .where(Contract.person_id.in_(ids), Contract.kind.in_(eligible), Contract.start_date <= sharing.period_end)
        .order_by(Contract.start_date, Contract.id)
    ):
        label = CONTRACT_KINDS.get(contract.kind, contract.kind)
        if (contract.last_day or date.max) >= sharing.period_start and label not in kinds[contract.person_id]:
            kinds[contract.person_id].append(label)
    return {person_id: ", ".join(labels) for person_id, labels in kinds.items()}


def _request(session: Session, context: Context, sharing: Sharing) -> PayrollRequest:
    period = Period(sharing.period_start, sharing.period_end)
    ids = [share.person_id for share in sharing.shares]
    people = {person.id: person for person in session.scalars(select(Person).where(Person.id.in_(ids)))}
    rule, plan = stored_plan(sharing, {})
    contracts = _contracts(session, sharing, rule.eligible_contracts)
    lines = sorted(
        (
            PayrollLine(
                person_id=share.person_id,
                first_name=people[share.person_id].first_name,
                last_name=people[share.person_id].last_name,
                contract=contracts.get(share.person_id, ""),
                minutes=share.minutes,
                amount=Money(share.amount_cents),
            )
            for share in sharing.shares
        ),
        key=lambda line: (french_key(line.last_name), french_key(line.first_name), line.person_id),
    )
    settings = context.settings
    return PayrollRequest(
        sharing_id=sharing.id,
        reference=request_reference(settings.kpa.code, period.code),
        period_code=period.code,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        decided_on=sharing.decided_on,
        decision=sharing.decision_ref,
        cae=seller_party(settings),
        kpa=trading_party(settings),
        kpa_code=settings.kpa.code,
        lines=tuple(lines),
        shared=Money(sharing.shared_cents),
        savings=Money(sharing.savings_cents),
        calculation=tuple((STEP_LABELS[step.kind], step.amount) for step in plan.steps),
        issued_on=context.today(),
    )


def payroll_request(context: Context, period: Period) -> PayrollRequest:
    """The request of a period's validated sharing-out, with everyone's name and amount.

    It names each person beside their share: only the accounts that may read the members' records
    (coordination, contributeur·rices) may make it.
    """
    require(context, Permission.READ_WORK)
    require(context, Permission.READ_MEMBERS)
    require_cae(context, "Une demande de versement")
    with context.database.unit_of_work() as session:
        sharing = validated_sharing(session, period)
        if sharing is None:
            raise _not_validated(session, period)
        request = _request(session, context, sharing)
    if request.total != request.shared:  # the shares were stored adding up to the amount: never send other sums
        raise KpaError(
            f"Les parts enregistrées de la répartition {period.of_label} ne font pas le montant partagé : rien n'a "
            "été écrit. Lancez la vérification des données (kpa check)."
        )
    return request


def request_paths(context: Context, period: Period, folder: Path | None = None) -> tuple[Path, Path]:
    """exports/demande-versement-2026-09.pdf and .csv (or in `folder`)."""
    stem = (folder or context.workspace.exports_dir) / f"demande-versement-{period.code}"
    return stem.with_suffix(".pdf"), stem.with_suffix(".csv")


def write_payroll_request(context: Context, period: Period, folder: Path | None = None) -> PayrollFiles:
    """Write the request of a period's validated sharing-out as a PDF and a CSV, and record it in the audit trail."""
    from kpa_local.documents.payroll_pdf import render_payroll_request
    from kpa_local.exchange.payroll_csv import payroll_csv

    request = payroll_request(context, period)
    pdf, csv = render_payroll_request(request), payroll_csv(request)
    pdf_path, csv_path = request_paths(context, period, folder)
    with writing_into(pdf_path.parent):
        write_private(pdf_path, pdf)
        write_private(csv_path, csv)
    record_action(context, ACTION, f"sharing:{request.sharing_id}", ("pdf", "csv"))
    return PayrollFiles(pdf_path, csv_path, request)
