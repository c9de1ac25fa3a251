"""Giving the next number of a series: inside the caller's write transaction, never twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kpa_local.db.models import NumberSeries
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.numbering import format_number, resets_each_year
from kpa_local.fmt import date_fr


def peek_number(session: Session, prefix: str, pattern: str, day: date) -> str:
    """The number the next document of a series dated `day` would take, without taking it."""
    year = day.year if resets_each_year(pattern) else 0
    row = session.get(NumberSeries, (prefix, year))
    return format_number(pattern, prefix, day.year, (row.last_seq if row else 0) + 1)


def next_number(session: Session, prefix: str, pattern: str, day: date) -> tuple[str, str, int, int]:
    """(number, series, year, seq) of the next document of a series dated `day`.

    The caller's transaction must hold SQLite's write lock (BEGIN IMMEDIATE), so two
    instances of the app cannot both read the same last number.
    """
    year = day.year if resets_each_year(pattern) else 0
    row = session.get(NumberSeries, (prefix, year))
    if row is None:
        row = NumberSeries(series=prefix, year=year, last_seq=0, last_issue_date=day)
        seq = 1
        number = format_number(pattern, prefix, day.year, seq)
        row.last_seq = seq
        session.add(row)
    else:
        if day < row.last_issue_date:
            raise Refused(
                [
                    Problem(
                        None,
                        f"La date du jour ({date_fr(day)}) est avant celle du dernier document de la série "
                        f"{prefix} ({date_fr(row.last_issue_date)}) : vérifiez la date de l'ordinateur.",
                    )
                ]
            )
        seq = row.last_seq + 1
        number = format_number(pattern, prefix, day.year, seq)
        row.last_seq = seq
        row.last_issue_date = day
    session.flush()
    return number, prefix, year, seq
