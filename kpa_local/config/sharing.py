"""The [sharing] section of config/kpa.toml: the KPA's rule for sharing out its revenue, read into its values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from kpa_local.config.keys import setting
from kpa_local.config.kinds import Amount, Choice, Percent, Weights, Words
from kpa_local.domain import sharing_codes as sharing
from kpa_local.domain.codes import CONTRACT_KINDS
from kpa_local.domain.money import Money

if TYPE_CHECKING:
    from kpa_local.domain.sharing import SharingRule

BASIS_CHOICES = {
    sharing.BASIS_PAYMENTS: "L'argent reçu des clients (paiements)",
    sharing.BASIS_INVOICES: "Les factures émises (moins les avoirs)",
}
CAE_BASE_CHOICES = {sharing.CAE_ON_REVENUE: "Les recettes", sharing.CAE_ON_MARGIN: "Les recettes moins les dépenses"}
INSURANCE_CHOICES = {
    sharing.INSURANCE_PERCENT: "Un pourcentage de ce qui reste",
    sharing.INSURANCE_FIXED: "Un montant par personne et par mois",
}
METHOD_CHOICES = {
    sharing.BY_HOURS: "Au prorata des heures",
    sharing.EQUAL_SHARES: "À parts égales",
    sharing.BY_WEIGHTS: "Selon le poids de chacun",
}


@dataclass(frozen=True)
class SharingSettings:
    """The rule as the settings file gives it, every value read into its type."""

    TITLE: ClassVar[str] = "La règle de répartition (expliquée avec un exemple dans config/kpa.toml)"

    basis: str = setting(sharing.BASIS_PAYMENTS, Choice(BASIS_CHOICES), "Recettes partagées", screen=True)
    cae_percent: Decimal = setting(Decimal(10), Percent(), "Contribution à la CAE (%)", screen=True, example="10")
    cae_base: str = setting(
        sharing.CAE_ON_REVENUE, Choice(CAE_BASE_CHOICES), "Base de la contribution à la CAE", screen=True
    )
    insurance_mode: str = setting(
        sharing.INSURANCE_PERCENT,
        Choice(INSURANCE_CHOICES),
        "Assurance accidents du travail",
        screen=True,
        was="insurance",
    )
    insurance_percent: Decimal = setting(
        Decimal(1), Percent(), "Assurance, en pourcentage (%)", screen=True, example="1"
    )
    insurance_per_person_month: Money = setting(
        Money(0), Amount(), "Assurance, montant par personne et par mois (€)", screen=True, example="0"
    )
    savings_percent: Decimal = setting(
        Decimal(10), Percent(), "Épargne collective (% de ce qui reste)", screen=True, example="10"
    )
    method: str = setting(sharing.BY_HOURS, Choice(METHOD_CHOICES), "Partage de ce qui reste", screen=True)
    weights: Mapping[int, Decimal] = setting(
        {}, Weights(), "Poids (numéro de fiche = poids ; …)", screen=True, example="12 = 2 ; 15 = 1,5"
    )
    eligible_contracts: tuple[str, ...] = setting(
        ("cape", "cesa"),
        Words({code: code for code in CONTRACT_KINDS}, what="contrats"),
        "Contrats qui donnent droit à une part",
        screen=True,
        example="cape, cesa",
    )

    def rule(self) -> SharingRule:
        """The rule these settings describe, for the domain's sharing-out."""
        from kpa_local.domain.sharing import SharingRule

        return SharingRule(
            basis=self.basis,
            cae_percent=self.cae_percent,
            cae_base=self.cae_base,
            insurance_mode=self.insurance_mode,
            insurance_percent=self.insurance_percent,
            insurance_per_person_month=self.insurance_per_person_month,
            savings_percent=self.savings_percent,
            method=self.method,
            weights=dict(self.weights),
            eligible_contracts=self.eligible_contracts,
        )
