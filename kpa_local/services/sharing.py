"""Sharing out a period: gather its figures, show the preview, validate the KPA's decision."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kpa_local.db.models import Contract, Expense, Person, Sharing, SharingShare, WorkEntry
from kpa_local.domain.codes import CONTRACT_KINDS
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.domain.sharing import (
    NOTHING,
    NOTICE_NOBODY,
    SharingInputs,
    SharingPlan,
    SharingRule,
    Worker,
    compute_sharing,
)
from kpa_local.domain.sharing_counting import late_amounts
from kpa_local.domain.text import french_key
from kpa_local.fmt import date_fr
from kpa_local.services.access import Permission, may, require
from kpa_local.services.context import Context
from kpa_local.services.savings import CONTRIBUTION
from kpa_local.services.sharing_guard import check_adjustment, too_early
from kpa_local.services.sharing_record import rule_json, stored_plan
from kpa_local.services.sharing_revenue import (
    amounts_for,
    counted_amounts,
    record_counted,
    totals_validated,
    validated_periods,
)
from kpa_local.services.work import person_label
from kpa_local.services.work_views import SharingPreview, SharingSummary


def expense_total(session: Session, franchise: bool, *conditions: Any) -> Money:
    """Expenses matching the conditions; their VAT too when the CAE cannot get it back (franchise en base)."""
    amount = Expense.net_cents + Expense.vat_cents if franchise else Expense.net_cents
    return Money(int(session.scalar(select(func.coalesce(func.sum(amount), 0)).where(*conditions)) or 0))


def _expenses(session: Session, period: Period, franchise: bool) -> Money:
    """Expenses of the period."""
    return expense_total(session, franchise, Expense.day >= period.start, Expense.day <= period.end)


def _workers(session: Session, period: Period, rule: SharingRule) -> tuple[Worker, ...]:
    """Everyone with hours in the period: the minutes that count for a share, and those that do not."""
    minutes_by_day: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for person_id, day, minutes in session.execute(
        select(WorkEntry.person_id, WorkEntry.day, WorkEntry.minutes).where(
            WorkEntry.day >= period.start, WorkEntry.day <= period.end
        )
    ):
        minutes_by_day[person_id][day] += minutes
    people_ids = set(minutes_by_day) | set(rule.weights)
    if not people_ids:
        return ()
    contracts: dict[int, list[Contract]] = defaultdict(list)
    for contract in session.scalars(
        select(Contract).where(Contract.person_id.in_(people_ids), Contract.kind.in_(rule.eligible_contracts))
    ):
        contracts[contract.person_id].append(contract)
    odd_cents = dict(
        session.execute(
            select(SharingShare.person_id, func.count())
            .where(SharingShare.odd_cent.is_(True), SharingShare.person_id.in_(people_ids))
            .group_by(SharingShare.person_id)
        ).all()
    )
    allowed = " ou ".join(CONTRACT_KINDS.get(kind, kind) for kind in rule.eligible_contracts)
    workers = []
    for person_id, first_name, last_name in session.execute(
        select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(people_ids))
    ):
        days = minutes_by_day.get(person_id, {})
        counted = {day: m for day, m in days.items() if any(c.runs_on(day) for c in contracts[person_id])}
        other = sum(days.values()) - sum(counted.values())
        reason = ""
        if not counted:
            reason = f"pas de contrat {allowed} les jours travaillés" if days else "aucune heure sur la période"
        elif other:
            reason = "une partie des heures est hors contrat"
        workers.append(
            Worker(
                person_id=person_id,
                name=f"{first_name} {last_name.upper()}".strip(),
                minutes=sum(counted.values()),
                months_worked=len({(day.year, day.month) for day in counted}),
                eligible=bool(counted),
                reason=reason,
                past_odd_cents=int(odd_cents.get(person_id, 0)),
                other_minutes=other,
            )
        )
    return tuple(sorted(workers, key=lambda w: french_key(w.name)))


def validated_sharing(session: Session, period: Period) -> Sharing | None:
    """The validated sharing-out of exactly this period."""
    return session.scalar(select(Sharing).where(Sharing.period_start == period.start, Sharing.period_end == period.end))


def overlapping_labels(session: Session, period: Period) -> tuple[str, ...]:
    """The labels of validated periods that share days with this one."""
    rows = session.execute(
        select(Sharing.period_start, Sharing.period_end)
        .where(Sharing.period_start <= period.end, period.start <= Sharing.period_end)
        .order_by(Sharing.period_start)
    )
    return tuple(Period(start, end).label for start, end in rows)


def _preview_in(session: Session, context: Context, period: Period, adjustment: Money, reason: str) -> SharingPreview:
    settings = context.settings
    sharing = validated_sharing(session, period)
    if sharing is not None:
        ids = [s.person_id for s in sharing.shares]
        names = {p.id: person_label(p) for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
        rule, plan = stored_plan(sharing, names)
        counted = counted_amounts(session, sharing.id)
        return SharingPreview(
            Period(sharing.period_start, sharing.period_end),
            plan,
            rule,
            sharing.adjustment_reason,
            validated=True,
            decided_on=sharing.decided_on,
            decision_ref=sharing.decision_ref,
            validated_by=sharing.validated_by,
            sharing_id=sharing.id,
            late=late_amounts(period, counted, validated_periods(session)),
            counted=counted,
        )
    rule = settings.sharing.rule()
    reason = " ".join(reason.split())
    counted = amounts_for(session, period, rule.basis)
    inputs = SharingInputs(
        revenue=Money(sum(amount.net.cents for amount in counted)),
        expenses=_expenses(session, period, settings.billing.franchise),
        workers=_workers(session, period, rule),
        adjustment=adjustment,
        adjustment_reason=reason,
    )
    plan = compute_sharing(rule, inputs, seed=period.code)
    return SharingPreview(
        period,
        plan,
        rule,
        reason,
        overlapping=overlapping_labels(session, period),
        late=late_amounts(period, counted, validated_periods(session)),
        too_early=too_early(period, context.today()),
        counted=counted,
    )


def preview_sharing(context: Context, period: Period, adjustment: Money = NOTHING, reason: str = "") -> SharingPreview:
    """The sharing-out of a period: computed from today's figures, or as validated if it was.

    What each person earns is personal: an account that may not read other people's records
    (a coopérant·e) sees every step and amount, their own name and share, and the others'
    shares without their names.
    """
    require(context, Permission.READ_WORK)
    with context.database.unit_of_work() as session:
        return _for_viewer(context, _preview_in(session, context, period, adjustment, reason))


OTHER_PERSON = "Une autre personne"


def _for_viewer(context: Context, preview: SharingPreview) -> SharingPreview:
    if may(context, Permission.READ_MEMBERS):
        return preview
    own = context.actor.person_id
    plan = preview.plan
    shares = tuple(share if share.person_id == own else replace(share, name=OTHER_PERSON, person_id=0)
                   for share in plan.shares)  # fmt: skip
    left_out = tuple(worker for worker in plan.left_out if worker.person_id == own)
    ordered = tuple(sorted(shares, key=lambda share: share.person_id != own))
    return replace(preview, plan=replace(plan, shares=ordered, left_out=left_out))


def validate_sharing(
    context: Context,
    period: Period,
    *,
    decided_on: date | None,
    decision_ref: str,
    adjustment: Money = NOTHING,
    reason: str = "",
    large_adjustment_confirmed: bool = False,
) -> SharingPreview:
    """Record the KPA's decision: the period's sharing-out locked, what it counted kept, its savings posted.

    Refused before the period has ended, and for an adjustment that would share more than the
    revenue; an adjustment larger than what the period shares without it raises
    AdjustmentToConfirm unless `large_adjustment_confirmed`.
    """
    from kpa_local.db.models import SavingsEntry

    require(context, Permission.VALIDATE_SHARING)
    decision_ref = " ".join(decision_ref.split())
    problems = []
    if decided_on is None:
        problems.append(Problem("decided_on", "Indiquez le jour où la KPA a pris la décision."))
    elif decided_on > context.today():
        problems.append(
            Problem("decided_on", "La décision est datée dans le futur : indiquez le jour où elle a été prise.")
        )
    elif decided_on < period.start:
        problems.append(Problem("decided_on", "La décision ne peut pas précéder la période qu'elle répartit."))
    if not decision_ref:
        problems.append(
            Problem("decision_ref", "Indiquez la décision collective (par exemple « Réunion du 05/11/2026 »).")
        )
    if adjustment.cents and not " ".join(reason.split()):
        problems.append(Problem("reason", "Dites ce que corrige la régularisation (la période et l'erreur)."))
    with context.database.unit_of_work(immediate=True) as session:
        preview = _preview_in(session, context, period, adjustment, reason)
        if preview.validated:
            raise Refused(
                [
                    Problem(
                        None,
                        f"La répartition {preview.period.of_label} est déjà validée (le "
                        f"{date_fr(preview.decided_on)}) : elle ne se refait pas. Corrigez une erreur par une "
                        "régularisation sur une période suivante.",
                    )
                ]
            )
        if preview.overlapping:
            raise Refused(
                [
                    Problem(
                        None,
                        f"Cette période recoupe une répartition déjà validée ({', '.join(preview.overlapping)}) : "
                        "un même jour ne se partage pas deux fois. Choisissez les mois qui restent.",
                    )
                ]
            )
        if preview.too_early:
            raise Refused([Problem(None, preview.too_early)])
        if problems:
            raise Refused(problems)
        plan = preview.plan
        revenue_validated, shared_validated = totals_validated(session)
        check_adjustment(plan, revenue_validated, shared_validated, confirmed=large_adjustment_confirmed)
        # A period whose payments or invoices leave nothing to share (a deficit, a credit note) is still
        # validated, so that what it counted is settled; with no amount, or no one to share with, it is not.
        if not plan.shares_anything and (not preview.counted or plan.notice == NOTICE_NOBODY):
            raise Refused([Problem(None, notice_text(plan) + " Il n'y a rien à valider.")])
        assert decided_on is not None
        sharing = Sharing(
            period_start=period.start,
            period_end=period.end,
            rule_json=rule_json(preview.rule, plan.steps),
            revenue_cents=plan.revenue.cents,
            expenses_cents=plan.expenses.cents,
            cae_cents=plan.cae.cents,
            insurance_cents=plan.insurance.cents,
            savings_cents=plan.savings.cents,
            adjustment_cents=plan.adjustment.cents,
            adjustment_reason=preview.adjustment_reason[:300],
            shared_cents=plan.shared.cents,
            decided_on=decided_on,
            decision_ref=decision_ref[:200],
            validated_at=datetime.now(),
            validated_by=context.actor.name,
        )
        session.add(sharing)
        session.flush()
        record_counted(session, sharing.id, preview.counted)
        session.add_all(
            SharingShare(
                sharing_id=sharing.id,
                person_id=share.person_id,
                minutes=share.minutes,
                weight=str(share.weight),
                amount_cents=share.amount.cents,
                odd_cent=share.odd_cent,
            )
            for share in plan.shares
        )
        if plan.savings.cents:
            session.add(
                SavingsEntry(
                    day=decided_on,
                    kind=CONTRIBUTION,
                    label=f"Contribution de la répartition {period.of_label}",
                    amount_cents=plan.savings.cents,
                    decision_ref=decision_ref[:200],
                    sharing_id=sharing.id,
                    created_at=datetime.now(),
                    created_by=context.actor.name,
                )
            )
        session.flush()
        return SharingPreview(
            period,
            plan,
            preview.rule,
            preview.adjustment_reason,
            validated=True,
            decided_on=decided_on,
            decision_ref=decision_ref,
            validated_by=context.actor.name,
            sharing_id=sharing.id,
            late=preview.late,
            counted=preview.counted,
        )


def list_sharings(context: Context) -> tuple[SharingSummary, ...]:
    """Every validated sharing-out, the latest period first."""
    require(context, Permission.READ_WORK)
    with context.database.unit_of_work() as session:
        rows = session.execute(
            select(Sharing, func.count(SharingShare.id))
            .outerjoin(SharingShare, SharingShare.sharing_id == Sharing.id)
            .group_by(Sharing.id)
            .order_by(Sharing.period_start.desc())
        )
        return tuple(
            SharingSummary(
                s.id,
                Period(s.period_start, s.period_end),
                Money(s.shared_cents),
                Money(s.savings_cents),
                int(people),
                s.decided_on,
                s.decision_ref,
            )
            for s, people in rows
        )


def notice_text(plan: SharingPlan) -> str:
    """Why nothing is shared, in a sentence (empty when something is)."""
    from kpa_local.services.sharing_text import notice_sentence

    return notice_sentence(plan)
