"""Hours worked: durations as people type them, and the rule of at most 24 hours a day."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kpa_local.domain.errors import KpaError

MINUTES_A_DAY = 24 * 60

_HOURS_MINUTES = re.compile(r"^(\d{1,2})\s*(?:h|:)\s*(\d{1,2})?\s*(?:min)?$")
_DECIMAL_HOURS = re.compile(r"^(\d{1,2}(?:[.,]\d{1,2})?)\s*h?$")


class DurationError(KpaError):
    """A duration that cannot be read without guessing."""


def parse_duration(text: str) -> int:
    """Minutes from `3`, `2,5`, `2.5 h`, `2h30`, `2 h 30` or `1:45`; from 1 minute to 24 hours."""
    cleaned = text.strip().lower().replace(" ", "")
    if not cleaned:
        raise DurationError("Indiquez la durée, par exemple 3 ou 2h30.")
    match = _HOURS_MINUTES.match(cleaned)
    if match:
        minutes = int(match.group(1)) * 60 + int(match.group(2) or 0)
        if int(match.group(2) or 0) >= 60:
            raise DurationError(f"« {text.strip()} » : les minutes vont de 0 à 59 (2h30 : deux heures et demie).")
    else:
        decimal = _DECIMAL_HOURS.match(cleaned)
        if not decimal:
            raise DurationError(f"« {text.strip()} » n'est pas une durée : écrivez les heures, comme 3, 2,5 ou 2h30.")
        try:
            minutes = int((Decimal(decimal.group(1).replace(",", ".")) * 60).to_integral_value())
        except InvalidOperation:  # pragma: no cover - the pattern already refused it
            raise DurationError(f"« {text.strip()} » n'est pas une durée.") from None
    if minutes <= 0:
        raise DurationError("La durée doit être d'au moins une minute.")
    if minutes > MINUTES_A_DAY:
        raise DurationError(f"« {text.strip()} » dépasse 24 heures : une journée n'en a pas plus.")
    return minutes


def hours_text(minutes: int) -> str:
    """`2 h 30`, `3 h`, `0 h 45`: minutes written the way people say hours."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def hours_decimal(minutes: int) -> Decimal:
    """Hours with two decimals (`2.50`), as the network's bundle writes them."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
