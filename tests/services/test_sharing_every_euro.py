"""Random invoices, payments, credit notes and validations, in any order: every euro shared out exactly once."""

from __future__ import annotations

import itertools
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kpa_local.config import save_sections
from kpa_local.db.models import Document, Payment, Sharing, SharingCount
from kpa_local.domain.contracts import ContractTerms
from kpa_local.domain.errors import Refused
from kpa_local.domain.money import Money, net_part
from kpa_local.domain.periods import Period
from kpa_local.domain.sharing_counting import first_day_to_validate
from kpa_local.services.activities import add_activity
from kpa_local.services.balances import balance_of
from kpa_local.services.context import Context
from kpa_local.services.documents import create_document, credit_note_for
from kpa_local.services.issuing import issue_document
from kpa_local.services.members import add_contract, create_member
from kpa_local.services.payments import record_payment
from kpa_local.services.sharing import validate_sharing
from kpa_local.services.work import record_hours
from kpa_local.services.work_views import HoursDraft
from kpa_local.services.workspaces import create_workspace
from kpa_local.workspace import Workspace
from tests.billing_support import Clock, business_client, draft, line, open_billing
from tests.conftest import ENCRYPTED, encrypt_before_use, make_draft

START = date(2026, 1, 5)
MONTHS = [Period.month(2026 + m // 12, m % 12 + 1) for m in range(24)]

operation = st.one_of(
    st.tuples(st.just("invoice"), st.integers(100, 90_000), st.sampled_from(["0", "5.5", "10", "20"])),
    st.tuples(st.just("pay"), st.integers(0, 20), st.integers(1, 100), st.integers(0, 80)),  # which, %, days back
    st.tuples(st.just("credit"), st.integers(0, 20)),
    st.tuples(st.just("advance"), st.integers(1, 50)),
    st.tuples(st.just("validate"), st.integers(0, 20), st.booleans()),  # which, a quarter
)


def _kpa(root: Path, basis: str, clock: Clock) -> tuple[Context, int]:
    """A KPA with one coopérante under CAPE who works every month of 2026 and 2027, and one client."""
    space = Workspace(root)
    create_workspace(space, name="Coop Test", code="coop-test")
    if ENCRYPTED:
        encrypt_before_use(space)
    save_sections(space.config_file, {"sharing": {"basis": basis}})
    clock.day = date(2027, 12, 31)
    context = open_billing(space, clock)
    person = create_member(context, make_draft(entry_date=date(2026, 1, 2))).id
    add_contract(context, person, ContractTerms("cape", date(2026, 1, 2)))
    activity = add_activity(context, "Les Saveurs", "traiteur").id
    record_hours(context, [HoursDraft(person, activity, month.start + timedelta(days=9), 240) for month in MONTHS])
    clock.day = START
    return context, business_client(context)


# Each example is a whole KPA on disk: few examples, and no long shrinking on the shared computer.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))  # fmt: skip
@given(st.sampled_from(["paiements", "factures"]), st.lists(operation, max_size=14))
def test_the_sharing_outs_count_every_euro_once(basis: str, operations: list[tuple[object, ...]]) -> None:
    clock = Clock(START)
    with tempfile.TemporaryDirectory() as folder:
        context, client = _kpa(Path(folder) / "kpa", basis, clock)
        try:
            invoices: list[int] = []
            for op in operations:
                _apply(context, clock, client, invoices, op)
            clock.day += timedelta(days=70)  # every period with money has ended: validate what is left
            for month in MONTHS:
                if first_day_to_validate(month) <= clock.day:
                    _validate(context, clock, month)
            _check_every_euro_once(context, basis)
        finally:
            context.close()


def _apply(context: Context, clock: Clock, client: int, invoices: list[int], op: tuple[object, ...]) -> None:
    kind = op[0]
    if kind == "invoice":
        _, cents, rate = op
        document = create_document(context, draft(client, "facture", line("Repas", "1", int(str(cents)), str(rate))))
        issue_document(context, document)
        invoices.append(document)
    elif kind == "pay" and invoices:
        _, which, percent, back = op
        invoice = invoices[int(str(which)) % len(invoices)]
        with context.database.unit_of_work() as session:
            row = session.get(Document, invoice)
            assert row is not None and row.issue_date is not None
            balance, issued_on = balance_of(session, row).cents, row.issue_date
        amount = max(1, balance * int(str(percent)) // 100)
        if balance > 0:
            paid_on = max(issued_on, clock.day - timedelta(days=int(str(back))))
            record_payment(context, invoice, paid_on, Money(min(amount, balance)), "virement")
    elif kind == "credit" and invoices:
        try:
            issue_document(context, credit_note_for(context, invoices[int(str(op[1])) % len(invoices)]))
        except Refused as refused:
            assert "déjà entièrement annulée" in refused.message
    elif kind == "advance":
        clock.day += timedelta(days=int(str(op[1])))
    elif kind == "validate":
        _, which, quarter = op
        ended = [m for m in MONTHS if first_day_to_validate(m) <= clock.day]
        if ended:
            month = ended[int(str(which)) % len(ended)]
            period = Period.parse(f"{month.start.year}Q{(month.start.month - 1) // 3 + 1}") if quarter else month
            _validate(context, clock, period)


def _validate(context: Context, clock: Clock, period: Period) -> None:
    """Validate a period if the rules allow it; the only refusals expected are a validated or an empty period."""
    try:
        validate_sharing(context, period, decided_on=clock.day, decision_ref="Réunion")
    except Refused as refused:
        assert any(
            sentence in refused.message
            for sentence in ("déjà validée", "recoupe une répartition", "Il n'y a rien à valider", "pas finie")
        ), refused.message


def _check_every_euro_once(context: Context, basis: str) -> None:
    with context.database.unit_of_work() as session:
        revenue = session.scalar(select(func.coalesce(func.sum(Sharing.revenue_cents), 0)))
        counted = select(SharingCount.payment_id, SharingCount.document_id, SharingCount.net_cents)
        counts = list(session.execute(counted))
        if basis == "paiements":
            expected = 0
            rows = session.execute(
                select(Payment.invoice_id, Payment.amount_cents, Document.total_net_cents, Document.total_cents)
                .join(Document, Document.id == Payment.invoice_id)
                .order_by(Payment.invoice_id)
            )
            for _invoice, payments in itertools.groupby(rows, key=lambda row: row[0]):
                paid = list(payments)
                # An invoice brings the part without VAT of all it received, however many payments.
                expected += net_part(sum(p[1] for p in paid), paid[0][2], paid[0][3])
            sources = {payment_id for payment_id, _, _ in counts}
            everything = set(session.scalars(select(Payment.id)))
        else:
            issued = list(session.execute(select(Document.id, Document.kind, Document.total_net_cents).where(
                Document.number.is_not(None))))  # fmt: skip
            expected = sum(-net if kind == "avoir" else net for _, kind, net in issued)
            sources = {document_id for _, document_id, _ in counts}
            everything = {document_id for document_id, _, _ in issued}
    assert len(sources) == len(counts)  # nothing counted twice
    assert sources == everything  # nothing left out
    assert revenue == sum(net for _, _, net in counts) == expected
