"""The KPA's economic activities, each with its category in the network's list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kpa_local.db.french_order import french
from kpa_local.db.models import Activity, Person
from kpa_local.domain.codes import ACTIVITY_CATEGORIES
from kpa_local.domain.errors import Problem, Refused
from kpa_local.services.access import Permission, require
from kpa_local.services.context import Context
from kpa_local.services.views import ActivityView


def list_activities(context: Context) -> tuple[ActivityView, ...]:
    """Every activity, the running ones first, then by name."""
    require(context, Permission.READ_ACTIVITIES)
    with context.database.unit_of_work() as session:
        activities = session.scalars(
            select(Activity)
            .options(selectinload(Activity.referent))
            .order_by(Activity.active.desc(), french(Activity.name))
        )
        return tuple(
            ActivityView(
                id=activity.id,
                name=activity.name,
                category=activity.category,
                description=activity.description,
                referent_name=(
                    f"{activity.referent.first_name} {activity.referent.last_name.upper()}"
                    if activity.referent
                    else None
                ),
                active=activity.active,
            )
            for activity in activities
        )


def add_activity(
    context: Context, name: str, category: str, *, description: str = "", referent_id: int | None = None
) -> ActivityView:
    """Record a new activity; its name must be new and its category one of the network's."""
    require(context, Permission.EDIT_ACTIVITIES)
    name = " ".join(name.split())
    problems = []
    if not name:
        problems.append(Problem("name", "Indiquez le nom de l'activité."))
    if category not in ACTIVITY_CATEGORIES:
        choices = ", ".join(ACTIVITY_CATEGORIES.values())
        problems.append(Problem("category", f"La catégorie « {category} » n'existe pas : choisissez {choices}."))
    with context.database.unit_of_work() as session:
        if name and session.scalar(select(Activity.id).where(func.lower(Activity.name) == name.lower())):
            problems.append(Problem("name", f"Une activité s'appelle déjà « {name} » : choisissez un autre nom."))
        if referent_id is not None and session.get(Person, referent_id) is None:
            problems.append(Problem("referent_id", "Cette personne n'existe plus : choisissez un autre référent."))
        if problems:
            raise Refused(problems)
        activity = Activity(
            name=name,
            category=category,
            description=description.strip(),
            referent_id=referent_id,
            active=True,
            created_at=datetime.now(),
        )
        session.add(activity)
        session.flush()
        activity_id = activity.id
    return next(view for view in list_activities(context) if view.id == activity_id)
