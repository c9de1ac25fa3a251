"""Reading a document line from what a person typed, refusing anything doubtful."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TypeVar

from kpa_local.domain.errors import KpaError, Problem, Refused
from kpa_local.domain.lines import UNITS, Line, check_line
from kpa_local.domain.money import Money, parse_amount, parse_quantity
from kpa_local.domain.text import fold
from kpa_local.domain.vat import parse_vat_rate

T = TypeVar("T")

LINE_FIELDS = ("designation", "quantity", "unit", "unit_price", "vat_rate", "discount")


def read_unit(text: str) -> str | None:
    """The unit code for what was typed (`heure`, `h`, `m²`, `pièce`…), or None."""
    folded = fold(text).rstrip("s").replace("²", "2")
    aliases = {"h": "heure", "j": "jour", "pce": "piece", "m2": "m2", "metre carre": "m2", "u": "piece"}
    if folded in aliases:
        return aliases[folded]
    for code, (label, _) in UNITS.items():
        if folded in (code, fold(label).rstrip("s").replace("²", "2")):
            return code
    return None


def _read(
    values: Mapping[str, str], name: str, read: Callable[[str], T], default: T, problems: list[Problem], position: int
) -> T:
    try:
        return read(values.get(name, ""))
    except KpaError as error:
        problems.append(Problem(f"line{position}.{name}", f"Ligne {position} : {error.message}"))
        return default


def read_line(values: Mapping[str, str], position: int = 1, catalogue_item_id: int | None = None) -> Line:
    """A line from the texts of its fields, or a refusal naming each wrong field."""
    problems: list[Problem] = []
    quantity = _read(
        values, "quantity", lambda text: parse_quantity(text, "la quantité"), Decimal(1), problems, position
    )
    unit_price = _read(
        values,
        "unit_price",
        lambda text: parse_amount(text, "le prix unitaire hors taxes"),
        Money(0),
        problems,
        position,
    )
    vat_rate = _read(values, "vat_rate", parse_vat_rate, Decimal(20), problems, position)
    discount = Decimal(0)
    if values.get("discount", "").strip():
        discount = _read(
            values, "discount", lambda text: parse_quantity(text, "la remise", 2), discount, problems, position
        )
    unit = read_unit(values.get("unit", ""))
    if unit is None:
        choices = ", ".join(label for label, _ in UNITS.values())
        problems.append(Problem(f"line{position}.unit", f"Ligne {position} : choisissez l'unité parmi {choices}."))
        unit = "forfait"
    line = Line(
        designation=" ".join(values.get("designation", "").split()),
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        vat_rate=vat_rate,
        discount_percent=discount,
        catalogue_item_id=catalogue_item_id,
    )
    known = {problem.field for problem in problems}
    problems.extend(problem for problem in check_line(line, position) if problem.field not in known)
    if problems:
        raise Refused(problems)
    return line


def line_values(line: Line) -> dict[str, str]:
    """The texts a line is edited with."""
    return {
        "designation": line.designation,
        "quantity": format(line.quantity, "f").replace(".", ","),
        "unit": UNITS[line.unit][0] if line.unit in UNITS else line.unit,
        "unit_price": format(line.unit_price.to_decimal(), "f").replace(".", ","),
        "vat_rate": format(line.vat_rate.normalize(), "f").replace(".", ","),
        "discount": format(line.discount_percent.normalize(), "f").replace(".", ",") if line.discount_percent else "",
    }
