"""The live figures of the Tableau de bord."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from kpa_local.db.models import Person, RoleSpell
from kpa_local.domain.dates import Quarter
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.members import ending_contracts
from kpa_local.services.views import DashboardFigures


def dashboard_figures(context: Context) -> DashboardFigures:
    """People in the KPA by role, entries and exits this quarter, contracts ending soon."""
    require(context, Permission.READ_MEMBERS)
    today = context.today()
    quarter = Quarter.of(today)
    present = or_(Person.exit_date.is_(None), Person.exit_date >= today)
    with context.database.unit_of_work() as session:
        people_present = session.scalar(
            select(func.count()).select_from(Person).where(present, Person.entry_date <= today)
        )
        by_role = session.execute(
            select(RoleSpell.role, func.count(func.distinct(RoleSpell.person_id)))
            .join(Person)
            .where(
                present,
                RoleSpell.start_date <= today,
                or_(RoleSpell.end_date.is_(None), RoleSpell.end_date >= today),
            )
            .group_by(RoleSpell.role)
        )
        people_by_role = {str(role): int(count) for role, count in by_role}
        entries = session.scalar(
            select(func.count()).select_from(Person).where(Person.entry_date.between(quarter.start, quarter.end))
        )
        exits = session.scalar(
            select(func.count()).select_from(Person).where(Person.exit_date.between(quarter.start, quarter.end))
        )
    return DashboardFigures(
        kpa_name=context.settings.kpa.name,
        today=today,
        quarter_label=quarter.label,
        people_by_role=people_by_role,
        people_present=people_present or 0,
        entries_this_quarter=entries or 0,
        exits_this_quarter=exits or 0,
        ending_contracts=ending_contracts(context),
        alert_days=context.settings.members.contract_alert_days,
    )
