"""The [sharing] section of config/kpa.toml: the KPA's rule for sharing out its revenue."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kpa_local.domain import sharing_codes as sharing
from kpa_local.domain.codes import CONTRACT_KINDS

if TYPE_CHECKING:
    from decimal import Decimal

    from kpa_local.domain.sharing import SharingRule


@dataclass(frozen=True)
class SharingSettings:
    """The rule as written in the settings file (texts and words, read into a SharingRule)."""

    basis: str = sharing.BASIS_PAYMENTS
    cae_percent: str = "10"
    cae_base: str = sharing.CAE_ON_REVENUE
    insurance: str = sharing.INSURANCE_PERCENT
    insurance_percent: str = "1"
    insurance_per_person_month: str = "0"
    savings_percent: str = "10"
    method: str = sharing.BY_HOURS
    weights: str = ""
    eligible_contracts: str = "cape, cesa"

    def rule(self) -> SharingRule:
        """The rule these settings describe (they were checked when read)."""
        from kpa_local.domain.money import parse_amount
        from kpa_local.domain.sharing import SharingRule

        return SharingRule(
            basis=self.basis,
            cae_percent=_percent(self.cae_percent),
            cae_base=self.cae_base,
            insurance_mode=self.insurance,
            insurance_percent=_percent(self.insurance_percent),
            insurance_per_person_month=parse_amount(self.insurance_per_person_month or "0"),
            savings_percent=_percent(self.savings_percent),
            method=self.method,
            weights=parse_weights(self.weights),
            eligible_contracts=tuple(_words(self.eligible_contracts)),
        )


def _percent(text: str) -> Decimal:
    from decimal import Decimal

    return Decimal(text.strip().replace(",", ".").rstrip("%").strip() or "0")


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


_WEIGHT = re.compile(r"^\s*(\d+)\s*[=:]\s*(\d+(?:[.,]\d+)?)\s*$")


def parse_weights(text: str) -> dict[int, Decimal]:
    """`12 = 2 ; 15 = 1,5`: the weight of the people numbered 12 and 15 (number of their record)."""
    from decimal import Decimal

    weights: dict[int, Decimal] = {}
    for item in filter(str.strip, text.split(";")):
        match = _WEIGHT.match(item)
        if not match:
            raise ValueError(item.strip())
        weights[int(match.group(1))] = Decimal(match.group(2).replace(",", "."))
    return weights


def _check_choice(choices: Mapping[str, str] | tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else "doit valoir " + " ou ".join(f'"{c}"' for c in choices)

    return check


def _check_percent(value: Any) -> str | None:
    from decimal import InvalidOperation

    try:
        percent = _percent(value)
    except InvalidOperation:
        return 'doit être un pourcentage écrit entre guillemets, par exemple "10" ou "2,5"'
    return None if 0 <= percent <= 100 else "doit être un pourcentage entre 0 et 100"


def _check_amount(value: Any) -> str | None:
    from kpa_local.domain.money import AmountError, parse_amount

    try:
        amount = parse_amount(value)
    except AmountError:
        return 'doit être un montant en euros écrit entre guillemets, par exemple "12,50"'
    return None if amount.cents >= 0 else "ne peut pas être négatif"


def _check_weights(value: Any) -> str | None:
    from decimal import InvalidOperation

    try:
        weights = parse_weights(value)
    except (ValueError, InvalidOperation) as error:
        return f"n'est pas lisible à « {error} » : écrivez le numéro de la fiche, =, puis le poids (12 = 2 ; 15 = 1,5)"
    return None if all(weight > 0 for weight in weights.values()) else "ne peut donner que des poids plus grands que 0"


def _check_contracts(value: Any) -> str | None:
    words = _words(value)
    if not words or any(word not in CONTRACT_KINDS for word in words):
        return "doit lister des contrats parmi " + ", ".join(CONTRACT_KINDS) + ", séparés par des virgules"
    return None


SHARING_CHECKS: Mapping[str, Callable[[Any], str | None]] = {
    "basis": _check_choice(tuple(sharing.BASES)),
    "cae_percent": _check_percent,
    "cae_base": _check_choice(tuple(sharing.CAE_BASES)),
    "insurance": _check_choice(sharing.INSURANCE_MODES),
    "insurance_percent": _check_percent,
    "insurance_per_person_month": _check_amount,
    "savings_percent": _check_percent,
    "method": _check_choice(tuple(sharing.METHODS)),
    "weights": _check_weights,
    "eligible_contracts": _check_contracts,
}
