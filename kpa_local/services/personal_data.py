"""Personal-data rights: everything held about one person (JSON and PDF), and anonymisation.

Anonymising wipes the identity (names, exact birth date), the contact details and the free
notes; it keeps what the network counts: gender, the age at entry (the birth date becomes
the one that gives the same age on the entry day), the département (the postal code keeps
its first three digits), the situation codes, the path's dates, and the record's number,
from which the network pseudonym is made; the person's evaluation interviews become
anonymous (no name, no link to the record). Invoices and ledgers are untouched. With
SQLite's secure_delete on (every connection), the old values are zeroed in the file, and
the write-ahead log is folded back into it at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kpa_local.domain.dates import add_months
from kpa_local.domain.errors import KpaError
from kpa_local.domain.members import ANONYMOUS
from kpa_local.files import write_private, writing_into
from kpa_local.services.access import Permission, require, require_person
from kpa_local.services.audit import record_action
from kpa_local.services.context import Context
from kpa_local.services.rows import get_or_refuse

WIPED = ("last_name", "first_name", "birth_date", "email", "phone", "address", "postal_code", "city", "notes",
         "search_text", "identity_key")  # fmt: skip
TECHNICAL = {"search_text", "identity_key"}


@dataclass(frozen=True)
class AccessExport:
    """The two files of a right-of-access answer."""

    json_path: Path
    pdf_path: Path


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _columns(row: Any, skip: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    from sqlalchemy import inspect

    return {attr.key: _plain(getattr(row, attr.key)) for attr in inspect(row).mapper.column_attrs
            if attr.key not in skip and attr.key != "person_id"}  # fmt: skip


def personal_record(context: Context, person_id: int) -> dict[str, Any]:
    """Everything the KPA holds about one person, section by section."""
    from kpa_local.db.models import Person
    from kpa_local.services.accounts import accounts_of
    from kpa_local.services.interviews import interviews_of

    require_person(context, person_id)
    with context.database.unit_of_work() as session:
        person = get_or_refuse(session, Person, person_id, "Cette personne n'existe pas (ou plus) dans la KPA.")
        record = {
            "personne": _columns(person, TECHNICAL),
            "partenaire_orienteur": person.partner.name if person.partner else None,
            "roles": [_columns(role) for role in person.roles],
            "contrats": [_columns(contract) for contract in person.contracts],
            "etapes_du_parcours": [_columns(step) for step in person.steps],
            "consentements": [_columns(consent) for consent in person.consents],
            "entretiens": interviews_of(session, person_id),
        }
    record["comptes"] = [
        {"identifiant": row.login, "nom": row.name, "role": row.role, "ouvert": bool(row.active)}
        for row in accounts_of(context.workspace).all()
        if row.person_id == person_id
    ]
    return record


def write_access_export(context: Context, person_id: int, folder: Path | None = None) -> AccessExport:
    """The answer to a right-of-access request: the same content as JSON and as a readable PDF."""
    from kpa_local.documents.personal_pdf import render_personal_pdf

    record = personal_record(context, person_id)
    stem = f"donnees-personne-{person_id}-{context.today().isoformat()}"
    target = folder or context.workspace.exports_dir
    json_path = target / f"{stem}.json"
    pdf_path = target / f"{stem}.pdf"
    payload = {"kpa": context.settings.kpa.name, "genere_le": context.today().isoformat(), **record}
    pdf = render_personal_pdf(context.settings.kpa.name, context.today(), record)
    with writing_into(target):
        write_private(json_path, json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        write_private(pdf_path, pdf)
    record_action(context, "rgpd.acces", f"person:{person_id}", ("json", "pdf"))
    return AccessExport(json_path, pdf_path)


def _same_age_birth_date(birth_date: date | None, entry_date: date) -> date | None:
    """A birth date that gives the same age (in whole years) on the entry day, and nothing more."""
    if birth_date is None:
        return None
    age = entry_date.year - birth_date.year - ((entry_date.month, entry_date.day) < (birth_date.month, birth_date.day))
    return add_months(entry_date, -12 * age)


def anonymise_person(context: Context, person_id: int) -> None:
    """Wipe a person's identity, contact details and notes for good; keep what the network counts."""
    from kpa_local.db.models import Person
    from kpa_local.services import account_records
    from kpa_local.services.accounts import accounts_of
    from kpa_local.services.interviews import forget_person_in_interviews

    require(context, Permission.ANONYMISE)
    with context.database.unit_of_work(immediate=True) as session:
        person = get_or_refuse(session, Person, person_id, "Cette personne n'existe pas (ou plus) dans la KPA.")
        if person.identity_key.startswith(ANONYMOUS):
            raise KpaError("Cette fiche est déjà anonymisée.")
        if person.exit_date is None:
            raise KpaError(
                "Seule la fiche d'une personne sortie de la KPA peut être anonymisée : notez d'abord sa sortie."
            )
        person.birth_date = _same_age_birth_date(person.birth_date, person.entry_date)
        person.last_name = "Anonyme"
        person.first_name = f"n° {person.id}"
        person.email = person.phone = person.address = person.city = person.notes = ""
        person.postal_code = (person.postal_code[:3] + "00") if len(person.postal_code) == 5 else ""
        person.search_text = "anonyme"
        person.identity_key = f"{ANONYMOUS}{person.id}"
        person.updated_at = datetime.now()
        forget_person_in_interviews(session, person.id)
    accounts = accounts_of(context.workspace)
    for row in accounts.all():
        if row.person_id == person_id:
            wiped = {"name": "Compte anonymisé", "login": f"{ANONYMOUS}{row.id}", "active": 0}
            accounts.update(row.id, wiped)
            account_records.update(context.workspace, row.id, wiped)
    if not context.database.on_server:  # the server's own storage is the server's to wipe (VACUUM)
        context.database.read("PRAGMA wal_checkpoint(TRUNCATE)")
    record_action(context, "rgpd.anonymisation", f"person:{person_id}", WIPED)


def due_for_anonymisation(context: Context) -> list[int]:
    """People who left longer ago than the retention period and still have their identity."""
    require(context, Permission.ANONYMISE)
    limit = add_months(context.today(), -context.settings.retention.anonymise_after_months)
    rows = context.database.read(
        "SELECT id FROM person WHERE exit_date IS NOT NULL AND exit_date < :limit "
        "AND identity_key NOT LIKE :anonymous ORDER BY id",
        {"limit": limit.isoformat(), "anonymous": ANONYMOUS + "%"},
    )
    return [int(row[0]) for row in rows]


def anonymise_due(context: Context) -> list[int]:
    """Anonymise everyone past the retention period; return who was."""
    due = due_for_anonymisation(context)
    for person_id in due:
        anonymise_person(context, person_id)
    return due
