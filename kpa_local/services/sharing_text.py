"""A sharing-out said in plain words and euros: each step, each share, and why nothing is shared."""

from __future__ import annotations

from decimal import Decimal

from kpa_local.domain import sharing as rules
from kpa_local.domain import sharing_codes as codes
from kpa_local.domain.sharing import SharingPlan, SharingRule, Step
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


def step_explanation(step: Step, rule: SharingRule, *, adjustment_reason: str = "") -> str:
    """How a step is computed, in words a coopérant·e understands."""
    if step.kind == rules.STEP_REVENUE:
        return (
            "payé par les clients, hors TVA"
            if rule.basis == codes.BASIS_PAYMENTS
            else "facturé moins les avoirs, hors TVA"
        )
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
