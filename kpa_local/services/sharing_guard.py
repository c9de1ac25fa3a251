"""What a sharing-out must respect before it is validated: a period that has ended, an adjustment that is funded."""

from __future__ import annotations

from datetime import date

from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.money import Money
from kpa_local.domain.periods import Period
from kpa_local.domain.sharing import SharingPlan, largest_adjustment, shared_without_adjustment
from kpa_local.domain.sharing_counting import first_day_to_validate
from kpa_local.fmt import money_fr, spoken_date_fr


class AdjustmentToConfirm(Refused):
    """An adjustment larger than what the period shares without it: it must be confirmed a second time."""


def too_early(period: Period, today: date) -> str:
    """Why a period cannot be validated today (it has not ended), or an empty text when it can."""
    first_day = first_day_to_validate(period)
    if today >= first_day:
        return ""
    return (
        f"La période {period.of_label} n'est pas finie : elle pourra être validée à partir du "
        f"{spoken_date_fr(first_day)}."
    )


def check_adjustment(plan: SharingPlan, revenue_validated: Money, shared_validated: Money, *, confirmed: bool) -> None:
    """Refuse an adjustment that would share more than the revenue; ask again for one larger than the period's share."""
    if plan.adjustment.cents <= 0:
        return
    largest = largest_adjustment(plan, revenue_validated, shared_validated)
    if plan.adjustment > largest:
        total_shared = shared_validated + plan.shared
        total_revenue = revenue_validated + plan.revenue
        most = (
            f"La régularisation peut aller jusqu'à {money_fr(largest.cents)}."
            if largest.cents > 0
            else "Aucune régularisation positive n'est possible : saisissez 0 ou un montant négatif."
        )
        raise Refused(
            [
                Problem(
                    "adjustment",
                    f"Avec cette régularisation de {money_fr(plan.adjustment.cents)}, les répartitions partageraient "
                    f"{money_fr(total_shared.cents)} en tout pour {money_fr(total_revenue.cents)} de recettes : on ne "
                    f"peut pas partager plus que ce qui a été reçu. {most}",
                )
            ]
        )
    without = shared_without_adjustment(plan)
    if not confirmed and plan.adjustment > without:
        raise AdjustmentToConfirm(
            [
                Problem(
                    "adjustment",
                    f"La régularisation de {money_fr(plan.adjustment.cents)} est plus grande que ce que la période "
                    f"partage sans elle ({money_fr(max(without.cents, 0))}) : vérifiez le montant, puis confirmez-le "
                    "une seconde fois.",
                )
            ]
        )
