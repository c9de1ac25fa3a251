"""Roles held over time, and the checks on a new one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kpa_local.domain.codes import ROLES
from kpa_local.domain.errors import Problem


@dataclass(frozen=True)
class RoleSpan:
    """A role from a first day to a last day (open-ended when None)."""

    role: str
    start: date
    end: date | None = None

    def overlaps(self, other: RoleSpan) -> bool:
        return self.start <= (other.end or date.max) and other.start <= (self.end or date.max)


def check_role(span: RoleSpan, others: Iterable[RoleSpan]) -> list[Problem]:
    """Problems that forbid recording a role beside the person's other roles."""
    if span.role not in ROLES:
        return [Problem("role", f"Le rôle « {span.role} » n'existe pas : choisissez-en un dans la liste.")]
    problems = []
    if span.end is not None and span.end < span.start:
        problems.append(Problem("end", "La fin du rôle est avant son début : corrigez l'une des deux dates."))
    if any(o.role == span.role and span.overlaps(o) for o in others):
        problems.append(
            Problem(
                "start",
                f"La personne est déjà {ROLES[span.role].lower()} sur ces dates : terminez d'abord l'autre période.",
            )
        )
    return problems
