"""Lines of a quote or an invoice and their totals, computed by EN 16931's rules.

Each line's net amount is rounded to the cent; VAT is computed once per rate on the
rate's total of net amounts (BR-CO-17); the totals are sums of rounded amounts, so
they add up to the cent on paper and in the Factur-X data alike.

A final invoice deducts its deposit invoices: for each rate it charges the VAT of what
it sells, less the VAT each deposit invoice already charged (one deduction line per deposit
and rate, its VAT rounded by itself as on the deposit). So deposits plus final invoice add
up to the quote exactly, rate by rate, instead of rounding VAT a second time on the rest;
the VAT of such a group may differ from its base × rate by a cent per deposit, within the
one-unit tolerance of BR-CO-17 in Factur-X (CII) data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.money import Money, round_to_cent, total
from kpa_local.domain.vat import VAT_RATES, vat_category

# Units a KPA sells in, with the UN/ECE recommendation 20 code Factur-X asks for.
UNITS: dict[str, tuple[str, str]] = {
    "heure": ("heure", "HUR"),
    "jour": ("jour", "DAY"),
    "forfait": ("forfait", "LS"),
    "piece": ("pièce", "H87"),
    "repas": ("repas", "C62"),
    "personne": ("personne", "C62"),
    "m2": ("m²", "MTK"),
    "metre": ("mètre", "MTR"),
    "kg": ("kg", "KGM"),
    "litre": ("litre", "LTR"),
    "km": ("km", "KMT"),
}

MAX_QUANTITY = Decimal(100_000)
MAX_UNIT_PRICE_CENTS = 10_000_000  # 100 000 € for one unit is surely a typing slip


def unit_label(code: str) -> str:
    """How a unit is written on a document."""
    return UNITS[code][0] if code in UNITS else code


def unit_code(code: str) -> str:
    """The UN/ECE code of a unit."""
    return UNITS[code][1] if code in UNITS else "C62"


@dataclass(frozen=True)
class Line:
    """One line: what is sold, how much, at what price and VAT rate.

    A deduction line (an invoiced deposit taken off the final invoice) has a quantity of -1.
    """

    designation: str
    quantity: Decimal
    unit: str
    unit_price: Money
    vat_rate: Decimal
    discount_percent: Decimal = Decimal(0)
    catalogue_item_id: int | None = None
    is_deduction: bool = False

    @property
    def gross_amount(self) -> Money:
        """Quantity times unit price, rounded to the cent."""
        return Money.from_decimal(self.quantity * self.unit_price.to_decimal())

    @property
    def discount_amount(self) -> Money:
        """The line's discount, rounded to the cent."""
        if not self.discount_percent:
            return Money.zero()
        return Money.from_decimal(self.gross_amount.to_decimal() * self.discount_percent / 100)

    @property
    def net_amount(self) -> Money:
        """What the line counts for, excluding VAT (BT-131)."""
        return self.gross_amount - self.discount_amount


@dataclass(frozen=True)
class VatGroup:
    """The lines of one VAT rate: their base and their VAT (one row of BG-23)."""

    rate: Decimal
    base: Money
    vat: Money

    @property
    def category(self) -> str:
        """The EN 16931 category of the rate."""
        return vat_category(self.rate)


@dataclass(frozen=True)
class Totals:
    """The totals of a document, every one a sum of rounded amounts."""

    lines_net: Money
    groups: tuple[VatGroup, ...] = field(default_factory=tuple)
    deductions_net: Money = field(default_factory=Money.zero)

    @property
    def vat(self) -> Money:
        """Total VAT (BT-110)."""
        return total([group.vat for group in self.groups])

    @property
    def with_vat(self) -> Money:
        """Total including VAT (BT-112)."""
        return self.lines_net + self.vat

    @property
    def services_net(self) -> Money:
        """Net total before deposits are deducted."""
        return self.lines_net + self.deductions_net


def vat_on(base: Money, rate: Decimal) -> Money:
    """The VAT on an amount at a rate, rounded to the cent half away from zero: the one rounding of VAT."""
    return Money.from_decimal(base.to_decimal() * rate / 100)


def compute_totals(lines: list[Line] | tuple[Line, ...]) -> Totals:
    """Totals per VAT rate and for the document (a deduction line takes off the VAT its deposit charged)."""
    sold: dict[Decimal, int] = {}
    deducted: dict[Decimal, list[Money]] = {}
    for line in lines:
        if line.is_deduction:
            deducted.setdefault(line.vat_rate, []).append(line.net_amount)
        else:
            sold[line.vat_rate] = sold.get(line.vat_rate, 0) + line.net_amount.cents
    groups = tuple(
        VatGroup(
            rate,
            Money(sold.get(rate, 0)) + total(deducted.get(rate, [])),
            vat_on(Money(sold.get(rate, 0)), rate) + total([vat_on(amount, rate) for amount in deducted.get(rate, [])]),
        )
        for rate in sorted(set(sold) | set(deducted), reverse=True)
    )
    deductions = total([line.net_amount for line in lines if line.is_deduction])
    return Totals(total([line.net_amount for line in lines]), groups, -deductions)


def check_line(line: Line, position: int) -> list[Problem]:
    """What is wrong with one line, each problem naming the line."""
    where = f"Ligne {position}"
    problems: list[Problem] = []
    if not line.designation.strip():
        problems.append(Problem(f"line{position}.designation", f"{where} : écrivez ce qui est vendu."))
    elif len(line.designation) > 300:
        problems.append(Problem(f"line{position}.designation", f"{where} : la désignation dépasse 300 caractères."))
    if not line.is_deduction and not Decimal(0) < line.quantity <= MAX_QUANTITY:
        problems.append(
            Problem(
                f"line{position}.quantity", f"{where} : la quantité doit être plus grande que 0 et au plus 100 000."
            )
        )
    if not 0 <= line.unit_price.cents <= MAX_UNIT_PRICE_CENTS:
        problems.append(
            Problem(
                f"line{position}.unit_price",
                f"{where} : le prix unitaire doit être positif et au plus 100 000 € ; vérifiez la saisie.",
            )
        )
    if line.vat_rate not in VAT_RATES:
        problems.append(Problem(f"line{position}.vat_rate", f"{where} : choisissez un taux de TVA de la liste."))
    if not 0 <= line.discount_percent <= 100:
        problems.append(Problem(f"line{position}.discount", f"{where} : la remise est un pourcentage entre 0 et 100."))
    if line.unit not in UNITS:
        problems.append(Problem(f"line{position}.unit", f"{where} : choisissez une unité de la liste."))
    return problems


def check_lines(lines: list[Line] | tuple[Line, ...]) -> None:
    """Refuse an empty document or any bad line, listing every problem."""
    if not [line for line in lines if not line.is_deduction]:
        raise Refused([Problem("lines", "Le document n'a aucune ligne : ajoutez au moins une prestation.")])
    problems = [problem for position, line in enumerate(lines, start=1) for problem in check_line(line, position)]
    if problems:
        raise Refused(problems)
    if compute_totals(lines).with_vat.cents < 0:
        raise Refused([Problem("lines", "Le total du document est négatif : vérifiez les acomptes déduits.")])


def round_percent_of(amount: Money, percent: Decimal) -> Money:
    """A percentage of an amount, rounded to the cent."""
    return Money.from_decimal(round_to_cent(amount.to_decimal() * percent / 100))
