"""The kinds of value a setting holds: how each is written in kpa.toml, read into its type, and shown on screen.

A kind reads a TOML value into the value the app uses (a number, a list of codes, a `Decimal`…) or says
what is wrong as the end of a French sentence (« doit être un nombre de minutes entre 1 et 240 »). It
also turns that value into the text a field shows, and a text typed in a field back into a TOML value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from kpa_local.domain.money import AmountError, Money, parse_amount
from kpa_local.domain.text import fold

Check = Callable[[str], str | None]


class Wrong(Exception):
    """A value that cannot be used; its text ends a French sentence (« doit être… »)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(text)


class Kind:
    """How one setting is written, read and shown."""

    toml_types: tuple[type[Any], ...] = (str,)
    written_as = "un texte entre guillemets"

    def read(self, raw: Any) -> Any:
        """The value the app uses, from the TOML value (of one of `toml_types`); raises Wrong."""
        return raw

    def shown(self, value: Any) -> str:
        """The text a field shows for the value."""
        return str(value)

    def typed(self, text: str) -> Any:
        """The TOML value for a text typed in a field; raises Wrong."""
        self.read(text.strip())
        return text.strip()

    def accepts(self, raw: Any) -> bool:
        """Whether the TOML value has a type this kind reads (a boolean is never a number)."""
        return any(type(raw) is kind for kind in self.toml_types)


@dataclass(frozen=True)
class Text(Kind):
    """A text, checked when not empty (`check`), written without spaces where its form has none (`compact`)."""

    check: Check | None = None
    compact: Callable[[str], str] | None = None
    longest: int = 0

    def read(self, raw: Any) -> str:
        value = str(raw).strip()
        if value and self.longest and len(value) > self.longest:
            raise Wrong(f"est trop longue pour une carte : {self.longest} caractères au plus")
        wrong = self.check(value) if value and self.check else None
        if wrong:
            raise Wrong(wrong)
        return value

    def typed(self, text: str) -> str:
        value = self.read(text)
        return self.compact(value) if value and self.compact else value


@dataclass(frozen=True)
class Whole(Kind):
    """A whole number between `low` and `high`; `unit` names what it counts (« jours »)."""

    low: int
    high: int
    unit: str = ""
    reason: str = ""  # why the bounds, said after them

    toml_types = (int,)
    written_as = "un nombre entier"

    def read(self, raw: Any) -> int:
        if self.low <= raw <= self.high:
            return int(raw)
        counted = f"un nombre de {self.unit}" if self.unit else "un nombre"
        raise Wrong(f"doit être {counted} entre {self.low} et {self.high}{self.reason}")

    def typed(self, text: str) -> int:
        if not text.strip().isdigit():
            raise Wrong(f"doit être un nombre de {self.unit or 'fois'}, écrit en chiffres")
        return self.read(int(text.strip()))


@dataclass(frozen=True)
class Flag(Kind):
    """Yes or no."""

    toml_types = (bool,)
    written_as = "true (oui) ou false (non), sans guillemets"

    def read(self, raw: Any) -> bool:
        return bool(raw)


@dataclass(frozen=True)
class Choice(Kind):
    """One code among `choices` (code → what a field shows)."""

    choices: Mapping[str, str]

    def read(self, raw: Any) -> str:
        value = str(raw).strip()
        if value in self.choices:
            return value
        *others, last = self.choices
        raise Wrong(f"doit valoir {', '.join(others)} ou {last}" if others else f"doit valoir {last}")


@dataclass(frozen=True)
class Words(Kind):
    """A list: a TOML array, or words separated by `separator` in one text; read into a tuple.

    With `allowed` (code → how it is written), each word must be one of them: a word is read by its
    letters without accents (« chèque » is `cheque`), and the value holds the codes.
    """

    allowed: Mapping[str, str] | None = None
    what: str = "mots"
    separator: str = ","
    at_least_one: bool = True
    most: int = 0
    longest: int = 0

    toml_types = (str, list)

    def read(self, raw: Any) -> tuple[str, ...]:
        items = raw if isinstance(raw, list) else str(raw).split(self.separator)
        if not all(isinstance(item, str) for item in items):
            raise Wrong(f"doit lister des {self.what} entre guillemets")
        words = [item.strip() for item in items if item.strip()]
        if self.allowed is not None:
            codes = [self._code(word) for word in words]
            if (self.at_least_one and not codes) or None in codes:
                listed = ", ".join(self.allowed.values())
                raise Wrong(f"doit lister des {self.what} parmi {listed}, séparés par des virgules")
            return tuple(code for code in codes if code is not None)
        if self.most and len(words) > self.most:
            raise Wrong(f"ne peut pas lister plus de {self.most} {self.what} (séparés par « {self.separator} »)")
        if self.longest and any(len(word) > self.longest for word in words):
            raise Wrong(f"a un élément trop long : {self.longest} caractères au plus")
        return tuple(words)

    def _code(self, word: str) -> str | None:
        assert self.allowed is not None
        folded = fold(word)
        for code, written in self.allowed.items():
            if folded in (fold(code), fold(written)) or folded.split(" ")[0] == fold(code):
                return code
        return None

    def shown(self, value: Any) -> str:
        written = self.allowed or {}
        return f"{self.separator} ".join(written.get(code, code).lower() for code in value)


def _decimal(raw: Any) -> Decimal:
    text = str(raw).strip().replace(",", ".").rstrip("%").strip() or "0"
    return Decimal(text)


def decimal_text(value: Decimal) -> str:
    """A decimal as a field shows it: « 2,5 », « 10 »."""
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return text.replace(".", ",")


@dataclass(frozen=True)
class Percent(Kind):
    """A percentage between 0 and 100, written « "2,5" » or 2.5; read into a Decimal."""

    toml_types = (str, int, float)

    def read(self, raw: Any) -> Decimal:
        try:
            percent = _decimal(raw)
        except InvalidOperation:
            raise Wrong('doit être un pourcentage, par exemple "10" ou "2,5"') from None
        if not percent.is_finite() or not 0 <= percent <= 100:
            raise Wrong("doit être un pourcentage entre 0 et 100")
        return percent

    def shown(self, value: Any) -> str:
        return decimal_text(value)


@dataclass(frozen=True)
class Amount(Kind):
    """An amount in euros, not negative, written « "12,50" »; read into Money."""

    toml_types = (str, int)

    def read(self, raw: Any) -> Money:
        try:
            amount = parse_amount(str(raw) or "0")
        except AmountError:
            raise Wrong('doit être un montant en euros écrit entre guillemets, par exemple "12,50"') from None
        if amount.cents < 0:
            raise Wrong("ne peut pas être négatif")
        return amount

    def shown(self, value: Any) -> str:
        euros, cents = divmod(value.cents, 100)
        return f"{euros},{cents:02d}" if cents else str(euros)


_WEIGHT = re.compile(r"^\s*(\d+)\s*[=:]\s*(\d+(?:[.,]\d+)?)\s*$")


def parse_weights(text: str) -> dict[int, Decimal]:
    """`12 = 2 ; 15 = 1,5`: the weight of the people numbered 12 and 15 (number of their record)."""
    weights: dict[int, Decimal] = {}
    for item in filter(str.strip, text.split(";")):
        match = _WEIGHT.match(item)
        if not match:
            raise ValueError(item.strip())
        weights[int(match.group(1))] = Decimal(match.group(2).replace(",", "."))
    return weights


@dataclass(frozen=True)
class Weights(Kind):
    """Each person's weight by the number of their record: « 12 = 2 ; 15 = 1,5 »."""

    def read(self, raw: Any) -> Mapping[int, Decimal]:
        try:
            weights = parse_weights(str(raw))
        except (ValueError, InvalidOperation) as error:
            raise Wrong(
                f"n'est pas lisible à « {error} » : écrivez le numéro de la fiche, =, puis le poids (12 = 2 ; 15 = 1,5)"
            ) from None
        if not all(weight > 0 for weight in weights.values()):
            raise Wrong("ne peut donner que des poids plus grands que 0")
        return weights

    def shown(self, value: Any) -> str:
        return " ; ".join(f"{number} = {decimal_text(weight)}" for number, weight in value.items())
