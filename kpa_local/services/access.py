"""Who may do what. Every service asks here before acting, so roles attach in one place."""

from __future__ import annotations

from enum import StrEnum

from kpa_local.domain.errors import KpaError
from kpa_local.domain.text import de
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
    MANAGE_ACCOUNTS = "accounts.manage"
    READ_OWN_PROFILE = "members.read_own"
    ANONYMISE = "members.anonymise"
    READ_WORK = "work.read"
    RECORD_WORK = "work.record"
    VALIDATE_SHARING = "sharing.validate"
    EDIT_SAVINGS = "savings.edit"
    ALL_STATEMENTS = "statements.all"
    EXPORT_NETWORK = "network.export"
    RECORD_INTERVIEWS = "interviews.record"
    READ_INTERVIEWS = "interviews.read"


LABELS = {
    Permission.READ_MEMBERS: "voir les fiches des membres",
    Permission.EDIT_MEMBERS: "modifier les fiches des membres",
    Permission.IMPORT_MEMBERS: "importer des membres",
    Permission.EDIT_SETTINGS: "changer les paramètres",
    Permission.READ_ACTIVITIES: "voir les activités",
    Permission.EDIT_ACTIVITIES: "modifier les activités",
    Permission.READ_BILLING: "voir les devis et les factures",
    Permission.EDIT_BILLING: "préparer des devis et des factures",
    Permission.ISSUE_INVOICES: "émettre une facture ou un avoir",
    Permission.RECORD_PAYMENTS: "enregistrer un paiement",
    Permission.EXPORT_JOURNALS: "exporter les journaux pour le comptable",
    Permission.BACK_UP: "faire une sauvegarde",
    Permission.RESTORE: "restaurer une sauvegarde",
    Permission.CHECK: "vérifier les données",
    Permission.READ_AUDIT: "lire le journal des actions",
    Permission.MANAGE_ACCOUNTS: "gérer les comptes",
    Permission.READ_OWN_PROFILE: "voir sa propre fiche",
    Permission.ANONYMISE: "anonymiser la fiche d'une personne",
    Permission.READ_WORK: "voir les heures, les dépenses, la répartition et l'épargne",
    Permission.RECORD_WORK: "noter des heures et des dépenses",
    Permission.VALIDATE_SHARING: "valider une répartition",
    Permission.EDIT_SAVINGS: "enregistrer une opération sur l'épargne collective",
    Permission.ALL_STATEMENTS: "imprimer les relevés des autres personnes",
    Permission.EXPORT_NETWORK: "préparer l'envoi trimestriel au réseau",
    Permission.RECORD_INTERVIEWS: "mener et noter un entretien d'évaluation",
    Permission.READ_INTERVIEWS: "lire tous les entretiens d'évaluation et leur analyse",
}


class AccessDenied(KpaError):
    """An action the acting person's role does not allow."""


_CONTRIBUTOR = frozenset(
    {
        Permission.READ_MEMBERS, Permission.EDIT_MEMBERS, Permission.IMPORT_MEMBERS, Permission.READ_OWN_PROFILE,
        Permission.READ_ACTIVITIES, Permission.READ_BILLING, Permission.EDIT_BILLING, Permission.ISSUE_INVOICES,
        Permission.RECORD_PAYMENTS, Permission.BACK_UP, Permission.CHECK, Permission.READ_WORK,
        Permission.RECORD_WORK, Permission.VALIDATE_SHARING, Permission.EDIT_SAVINGS, Permission.ALL_STATEMENTS,
        Permission.EXPORT_NETWORK, Permission.RECORD_INTERVIEWS, Permission.READ_INTERVIEWS,
    }
)  # fmt: skip
_COOPERANT = frozenset(
    {Permission.READ_OWN_PROFILE, Permission.READ_ACTIVITIES, Permission.READ_BILLING, Permission.EDIT_BILLING,
     Permission.READ_WORK, Permission.RECORD_WORK, Permission.RECORD_INTERVIEWS}
)  # fmt: skip

# Roles and what they may do: coordination everything; contributeur·rice the daily work
# (members, clients, quotes and invoices, issue included, hours, sharing-out and savings);
# coopérant·e their own profile, the catalogue, clients and drafts, hours and expenses, the
# sharing-out as the KPA decides it together (read), the interviews they lead (not the others'),
# never other people's personal data.
GRANTS: dict[str, frozenset[Permission]] = {
    "coordination": frozenset(Permission),
    "contributeur": _CONTRIBUTOR,
    "cooperant": _COOPERANT,
}


# What may still be done on a damaged database, opened to be read only: read, check, restore.
READING = frozenset(
    {Permission.READ_MEMBERS, Permission.READ_OWN_PROFILE, Permission.READ_ACTIVITIES, Permission.READ_BILLING,
     Permission.CHECK, Permission.READ_AUDIT, Permission.RESTORE, Permission.READ_WORK, Permission.READ_INTERVIEWS}
)  # fmt: skip


def allows(role: str, permission: Permission) -> bool:
    """Whether a role grants that permission (screens use it to offer only what is allowed)."""
    return permission in GRANTS.get(role, frozenset())


def may(context: Context, permission: Permission) -> bool:
    """Whether the acting person may do that, in the workspace as it is opened."""
    if context.database.read_only and permission not in READING:
        return False
    return allows(context.actor.role, permission)


def require(context: Context, permission: Permission) -> None:
    """Refuse, with a French sentence, an action the acting person may not take."""
    if context.database.read_only and permission not in READING:
        raise AccessDenied(
            "La base de données est abîmée et n'est ouverte qu'en lecture : rien ne peut être changé avant "
            "d'avoir restauré une sauvegarde (kpa restore FICHIER)."
        )
    if not may(context, permission):
        raise AccessDenied(
            f"Le compte {de(context.actor.name)} ne permet pas {de(LABELS[permission])} : "
            "demandez à une personne qui en a le droit."
        )


def require_person(context: Context, person_id: int) -> None:
    """Refuse to show a person's record to anyone but the people who manage members, and that person."""
    if may(context, Permission.READ_MEMBERS):
        return
    if may(context, Permission.READ_OWN_PROFILE) and context.actor.person_id == person_id:
        return
    raise AccessDenied(
        f"{context.actor.name} ne peut voir que sa propre fiche : demandez à une personne de la coordination."
    )
