"""A validated sharing-out kept as it was: its rule and steps in JSON, read back into a plan."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

from kpa_local.db.models import Sharing
from kpa_local.domain.money import Money
from kpa_local.domain.sharing import Share, SharingPlan, SharingRule, Step
from kpa_local.domain.text import french_key


def rule_json(rule: SharingRule, steps: tuple[Step, ...]) -> str:
    """The rule and the steps of a validated sharing-out, kept with it as they were."""
    data = {
        "basis": rule.basis,
        "cae_percent": str(rule.cae_percent),
        "cae_base": rule.cae_base,
        "insurance_mode": rule.insurance_mode,
        "insurance_percent": str(rule.insurance_percent),
        "insurance_per_person_month": rule.insurance_per_person_month.cents,
        "savings_percent": str(rule.savings_percent),
        "method": rule.method,
        "weights": {str(pid): str(weight) for pid, weight in rule.weights.items()},
        "eligible_contracts": list(rule.eligible_contracts),
        "steps": [{"kind": s.kind, "amount": s.amount.cents, "remaining": s.remaining.cents, "base": s.base.cents,
                   "count": s.count} for s in steps],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def stored_plan(sharing: Sharing, names: Mapping[int, str]) -> tuple[SharingRule, SharingPlan]:
    data = json.loads(sharing.rule_json)
    rule = SharingRule(
        basis=data["basis"],
        cae_percent=Decimal(data["cae_percent"]),
        cae_base=data["cae_base"],
        insurance_mode=data["insurance_mode"],
        insurance_percent=Decimal(data["insurance_percent"]),
        insurance_per_person_month=Money(data["insurance_per_person_month"]),
        savings_percent=Decimal(data["savings_percent"]),
        method=data["method"],
        weights={int(pid): Decimal(weight) for pid, weight in data["weights"].items()},
        eligible_contracts=tuple(data["eligible_contracts"]),
    )
    steps = tuple(
        Step(step["kind"], Money(step["amount"]), Money(step["remaining"]), Money(step["base"]), step["count"])
        for step in data["steps"]
    )
    shares = tuple(
        Share(s.person_id, names.get(s.person_id, ""), s.minutes, Decimal(s.weight), Money(s.amount_cents), s.odd_cent)
        for s in sharing.shares
    )
    plan = SharingPlan(
        steps=steps,
        revenue=Money(sharing.revenue_cents),
        expenses=Money(sharing.expenses_cents),
        cae=Money(sharing.cae_cents),
        insurance=Money(sharing.insurance_cents),
        savings=Money(sharing.savings_cents),
        adjustment=Money(sharing.adjustment_cents),
        shared=Money(sharing.shared_cents),
        shares=tuple(sorted(shares, key=lambda s: french_key(s.name))),
        left_out=(),
    )
    return rule, plan
