"""The catalogue: priced services of each activity, offered when writing a quote or an invoice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from kpa_local.db.french_order import french
from kpa_local.db.models import Activity, CatalogueItem
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.line_form import read_line
from kpa_local.domain.lines import Line
from kpa_local.domain.money import Money
from kpa_local.domain.vat import rate_key
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.rows import get_or_refuse


@dataclass(frozen=True)
class CatalogueItemView:
    """A priced service."""

    id: int
    activity_id: int | None
    activity_name: str
    designation: str
    unit: str
    unit_price: Money
    vat_rate: Decimal
    active: bool

    def as_line(self, quantity: Decimal = Decimal(1)) -> Line:
        """A document line selling this service."""
        return Line(self.designation, quantity, self.unit, self.unit_price, self.vat_rate, catalogue_item_id=self.id)


def list_catalogue(context: Context, *, include_inactive: bool = False) -> tuple[CatalogueItemView, ...]:
    """The catalogue, by activity then designation."""
    require(context, Permission.READ_BILLING)
    query = (
        select(CatalogueItem, Activity.name)
        .outerjoin(Activity, Activity.id == CatalogueItem.activity_id)
        .order_by(french(func.coalesce(Activity.name, "")), french(CatalogueItem.designation))
    )
    if not include_inactive:
        query = query.where(CatalogueItem.active.is_(True))
    with context.database.unit_of_work() as session:
        return tuple(
            CatalogueItemView(
                item.id,
                item.activity_id,
                activity_name or "",
                item.designation,
                item.unit,
                Money(item.unit_price_cents),
                Decimal(item.vat_rate),
                item.active,
            )
            for item, activity_name in session.execute(query)
        )


def save_catalogue_item(
    context: Context, form: Mapping[str, str], activity_id: int | None, item_id: int | None = None
) -> int:
    """Add or change a priced service; the price and VAT rate are read as a document line's."""
    require(context, Permission.EDIT_BILLING)
    line = read_line({**form, "quantity": "1", "discount": ""})
    with context.database.unit_of_work() as session:
        if activity_id is not None and session.get(Activity, activity_id) is None:
            raise Refused([Problem("activity_id", "Cette activité n'existe plus : choisissez-en une autre.")])
        if item_id is None:
            item = CatalogueItem(active=True)
            session.add(item)
        else:
            item = get_or_refuse(session, CatalogueItem, item_id, "Cette prestation n'existe plus dans le catalogue.")
        item.activity_id = activity_id
        item.designation = line.designation
        item.unit = line.unit
        item.unit_price_cents = line.unit_price.cents
        item.vat_rate = rate_key(line.vat_rate)
        session.flush()
        return item.id


def set_catalogue_item_active(context: Context, item_id: int, active: bool) -> None:
    """Withdraw a service from the catalogue (documents that used it keep their lines) or offer it again."""
    require(context, Permission.EDIT_BILLING)
    with context.database.unit_of_work() as session:
        item = get_or_refuse(session, CatalogueItem, item_id, "Cette prestation n'existe plus dans le catalogue.")
        item.active = active
