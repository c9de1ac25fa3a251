"""Who may do what. Every service asks here before acting, so roles attach in one place."""

from __future__ import annotations

from enum import StrEnum

from kpa_local.domain.errors import KpaError
from kpa_local.services.context import Context


class Permission(StrEnum):
    """The actions services guard."""

    READ_MEMBERS = "members.read"
    EDIT_MEMBERS = "members.edit"
    IMPORT_MEMBERS = "members.import"
    EDIT_SETTINGS = "settings.edit"
    READ_ACTIVITIES = "activities.read"
    EDIT_ACTIVITIES = "activities.edit"
    READ_BILLING = "billing.read"
    EDIT_BILLING = "billing.edit"
    ISSUE_INVOICES = "billing.issue"
    RECORD_PAYMENTS = "billing.payments"
    EXPORT_JOURNALS = "billing.export"
    BACK_UP = "data.backup"
    RESTORE = "data.restore"
    CHECK = "data.check"
    READ_AUDIT = "audit.read"


class AccessDenied(KpaError):
    """An action the acting person's role does not allow."""


# Roles and what they may do; the single local user of the foundation is "coordination".
_GRANTS: dict[str, frozenset[Permission]] = {
    "coordination": frozenset(Permission),
}


def require(context: Context, permission: Permission) -> None:
    """Refuse, with a French sentence, an action the acting person may not take."""
    if permission not in _GRANTS.get(context.actor.role, frozenset()):
        raise AccessDenied(
            f"{context.actor.name} n'a pas le droit de faire cela ({permission.value}) : "
            "demandez à une personne de la coordination."
        )
