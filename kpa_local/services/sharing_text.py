"""A sharing-out said in plain words and euros: each step, each share, and why nothing is shared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from kpa_local.domain import sharing as rules
from kpa_local.domain import sharing_codes as codes
from kpa_local.domain.sharing import SharingPlan, SharingRule, Step
from kpa_local.domain.sharing_counting import LateAmounts
from kpa_local.fmt import decimal_fr, money_fr

STEP_LABELS = {
    rules.STEP_REVENUE: "Recettes de la période",
    rules.STEP_EXPENSES: "Dépenses",
    rules.STEP_CAE: "Contribution à la CAE",
    rules.STEP_INSURANCE: "Assurance accidents du travail",
    rules.STEP_SAVINGS: "Épargne collective de la KPA",
    rules.STEP_ADJUSTMENT: "Régularisation",
}


def _percent(value: Decimal) -> str:
    return f"{decimal_fr(value)} %"


def step_explanation(
    step: Step, rule: SharingRule, *, adjustment_reason: str = "", late: Sequence[LateAmounts] = ()
) -> str:
    """How a step is computed, in words a coopérant·e understands (the revenue says what arrived late)."""
    if step.kind == rules.STEP_REVENUE:
        paid = rule.basis == codes.BASIS_PAYMENTS
        how = "payé par les clients, hors TVA" if paid else "facturé moins les avoirs, hors TVA"
        return f"{how}, {late_sentence(late, rule)}" if late else how
    if step.kind == rules.STEP_EXPENSES:
        return "achats pour les travaux"
    if step.kind == rules.STEP_CAE:
        return f"{_percent(rule.cae_percent)} {codes.CAE_BASES[rule.cae_base]} ({money_fr(step.base.cents)})"
    if step.kind == rules.STEP_INSURANCE:
        if rule.insurance_mode == codes.INSURANCE_FIXED:
            per = money_fr(rule.insurance_per_person_month.cents)
            return f"{per} par personne et par mois travaillé ({step.count} en tout)"
        return f"{_percent(rule.insurance_percent)} de ce qui reste"
    if step.kind == rules.STEP_SAVINGS:
        return f"{_percent(rule.savings_percent)} de ce qui reste, mis de côté pour la KPA"
    return adjustment_reason or "correction d'une période déjà validée"


def method_sentence(rule: SharingRule) -> str:
    """How the remainder is shared, in a sentence."""
    return f"Ce qui reste est partagé {codes.METHODS[rule.method]}."


def notice_sentence(plan: SharingPlan) -> str:
    """Why nothing is shared, in a sentence with what to do (empty when something is)."""
    if plan.notice == rules.NOTICE_EMPTY:
        return "Rien à partager : aucune recette et aucune heure sur cette période."
    if plan.notice == rules.NOTICE_NO_REVENUE:
        return (
            "Rien à partager : aucune recette sur cette période. Les heures notées restent comptées (relevés, "
            "chiffres du réseau) ; un trimestre entier peut se répartir d'un coup si l'argent arrive plus tard."
        )
    if plan.notice == rules.NOTICE_DEFICIT:
        remaining = plan.steps[-1].remaining if plan.steps else plan.shared
        return (
            f"Rien à partager : les déductions dépassent les recettes ({money_fr(remaining.cents)} à la fin du "
            "calcul). Vérifiez les dépenses, ou reportez ce manque par une régularisation sur une période suivante."
        )
    if plan.notice == rules.NOTICE_NOBODY:
        return (
            "Rien ne peut être partagé : personne sous un contrat qui donne droit à une part n'a d'heures sur "
            "cette période. Saisissez les heures de la période, puis revenez ici."
        )
    return ""


def _days(days: Sequence[date]) -> str:
    shown = sorted(set(days))
    if len(shown) == 1:
        return f"le {shown[0]:%d/%m}"
    if len(shown) <= 3:
        return "les " + ", ".join(f"{day:%d/%m}" for day in shown[:-1]) + f" et {shown[-1]:%d/%m}"
    return f"du {shown[0]:%d/%m} au {shown[-1]:%d/%m}"


def late_sentence(late: Sequence[LateAmounts], rule: SharingRule) -> str:
    """Where the revenue dated in earlier, validated periods comes from (empty when there is none).

    « dont 120,00 € reçus le 03/11 pour novembre 2026, déjà validé »
    """
    verb = "reçus" if rule.basis == codes.BASIS_PAYMENTS else "facturés"
    return " ; ".join(
        f"dont {money_fr(group.total.cents)} {verb} {_days(group.days)} pour {group.validated.label}, déjà validé"
        for group in late
    )
