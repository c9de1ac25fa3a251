"""The live figures of the Tableau de bord, and the contracts that end soon.

Plain SQL through `Database.read`: these figures are the first the app shows, and they
must not wait for the ORM to load.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kpa_local.domain.dates import Quarter
from kpa_local.domain.periods import quarter_label
from kpa_local.services.access import Permission, may, require
from kpa_local.services.context import Context
from kpa_local.services.views import DashboardFigures, EndingContract, MoneyFigures

_PRESENT = "(p.exit_date IS NULL OR p.exit_date >= :today)"
_LAST_DAY = "COALESCE(c.ended_early, c.end_date)"


def _day(value: Any) -> date:
    """A date column, which SQLite hands back as ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def dashboard_figures(context: Context) -> DashboardFigures:
    """People in the KPA by role, entries and exits this quarter, contracts ending soon.

    Counts are for everyone; the names of the contracts ending soon only for those who
    may see members' records.
    """
    require(context, Permission.READ_OWN_PROFILE)
    names_shown = may(context, Permission.READ_MEMBERS)
    today = context.today()
    quarter = Quarter.of(today)
    read = context.database.read
    days = {"today": today.isoformat(), "start": quarter.start.isoformat(), "end": quarter.end.isoformat()}
    present = read(f"SELECT count(*) FROM person p WHERE {_PRESENT} AND p.entry_date <= :today", days)
    by_role = read(
        "SELECT r.role, count(DISTINCT r.person_id) FROM role_spell r JOIN person p ON p.id = r.person_id "
        f"WHERE {_PRESENT} AND r.start_date <= :today AND (r.end_date IS NULL OR r.end_date >= :today) "
        "GROUP BY r.role",
        days,
    )
    entries = read("SELECT count(*) FROM person WHERE entry_date BETWEEN :start AND :end", days)
    exits = read("SELECT count(*) FROM person WHERE exit_date BETWEEN :start AND :end", days)
    return DashboardFigures(
        kpa_name=context.settings.kpa.name,
        today=today,
        quarter_label=quarter_label(quarter),
        people_by_role={str(role): int(count) for role, count in by_role},
        people_present=int(present[0][0]),
        entries_this_quarter=int(entries[0][0]),
        exits_this_quarter=int(exits[0][0]),
        ending_contracts=ending_contracts(context) if names_shown else (),
        names_shown=names_shown,
        alert_days=context.settings.members.contract_alert_days,
    )


def money_figures(context: Context) -> MoneyFigures:
    """The year's revenue month by month and the savings (read after the people figures, to show those first)."""
    require(context, Permission.READ_WORK)
    balance = context.database.read("SELECT coalesce(sum(amount_cents), 0) FROM savings_entry")
    return MoneyFigures(context.today(), revenue_by_month(context), int(balance[0][0]), savings_by_month(context))


def savings_by_month(context: Context, months: int = 12) -> tuple[tuple[date, int], ...]:
    """The savings balance at the end of each of the last months (this one included)."""
    from kpa_local.domain.dates import add_months

    today = context.today()
    entries = [(_day(day), int(cents)) for day, cents in context.database.read(
        "SELECT day, amount_cents FROM savings_entry ORDER BY day")]  # fmt: skip
    first = add_months(date(today.year, today.month, 1), -(months - 1))
    points = []
    for index in range(months):
        start = add_months(first, index)
        end = add_months(start, 1)
        points.append((start, sum(cents for day, cents in entries if day < end)))
    return tuple(points)


def revenue_by_month(context: Context) -> tuple[tuple[date, int], ...]:
    """Invoiced revenue excluding VAT (credit notes taken off), each month of the year so far."""
    today = context.today()
    rows = context.database.read(
        "SELECT issue_date, sum(CASE WHEN kind = 'avoir' THEN -total_net_cents ELSE total_net_cents END) "
        "FROM document WHERE kind IN ('facture', 'acompte', 'avoir') AND number IS NOT NULL "
        "AND issue_date BETWEEN :start AND :today GROUP BY issue_date",
        {"start": date(today.year, 1, 1).isoformat(), "today": today.isoformat()},
    )
    by_month: dict[int, int] = {}
    for day, total in rows:  # a text on SQLite, a date on a server: its month is the same
        month = int(str(day)[5:7])
        by_month[month] = by_month.get(month, 0) + int(total or 0)
    return tuple((date(today.year, month, 1), by_month.get(month, 0)) for month in range(1, today.month + 1))


def ending_contracts(context: Context, days: int | None = None) -> tuple[EndingContract, ...]:
    """Contracts still running whose last day comes within `days` days (the config's by default)."""
    require(context, Permission.READ_MEMBERS)
    today = context.today()
    window = context.settings.members.contract_alert_days if days is None else days
    rows = context.database.read(
        f"SELECT c.person_id, p.first_name, p.last_name, c.kind, {_LAST_DAY} AS last_day "
        "FROM contract c JOIN person p ON p.id = c.person_id "
        f"WHERE {_LAST_DAY} >= :today AND {_LAST_DAY} <= :soon AND c.start_date <= :today "
        "ORDER BY last_day, p.last_name, c.id",
        {"today": today.isoformat(), "soon": (today + timedelta(days=window)).isoformat()},
    )
    return tuple(
        EndingContract(
            person_id=int(person_id),
            person_name=f"{first} {last.upper()}",
            kind=str(kind),
            last_day=_day(last_day),
            days_left=(_day(last_day) - today).days,
        )
        for person_id, first, last, kind, last_day in rows
    )
