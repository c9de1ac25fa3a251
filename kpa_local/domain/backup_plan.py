"""Which backups to keep: the newest of each of the last days, weeks and months.

The plan (grandfather-father-son): among the backups, keep the newest one of each of the
7 most recent days that have one, of each of the 4 most recent ISO weeks that have one,
and of each of the 12 most recent months that have one; a backup may count for several
of these. (The service also keeps the newest verified backup, whatever its age.)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Plan:
    """How many days, weeks and months keep a backup."""

    days: int = 7
    weeks: int = 4
    months: int = 12


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    year, week, _ = moment.isocalendar()
    return (year, week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def _newest_per_period(
    moments: list[datetime], period: Callable[[datetime], Hashable], count: int
) -> Iterable[datetime]:
    periods: set[Hashable] = set()
    for moment in moments:  # newest first
        key = period(moment)
        if key in periods:
            continue
        if len(periods) == count:
            return
        periods.add(key)
        yield moment


def moments_to_keep(moments: Iterable[datetime], plan: Plan = Plan()) -> set[datetime]:
    """The moments of the backups the plan keeps (the others may be removed)."""
    ordered = sorted(set(moments), reverse=True)
    keep: set[datetime] = set()
    for period, count in ((_day, plan.days), (_week, plan.weeks), (_month, plan.months)):
        keep.update(_newest_per_period(ordered, period, count))
    return keep
