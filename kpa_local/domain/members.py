"""A member's identity, profile and path: reading what was typed and refusing what cannot be true."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date

from kpa_local.domain import codes
from kpa_local.domain.dates import DateError, age_on, parse_date
from kpa_local.domain.errors import Problem, Refused
from kpa_local.domain.profile import MINIMUM_AGE, is_valid_postal_code

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d .\-()]{6,20}$")

# The identity key of a record whose identity was wiped (followed by its number).
ANONYMOUS = "anonyme-"
# Ends the identity key of a person recorded a second time before identities were unique
# (migration 0008): `<key>|doublon-<id>`, named by the integrity check, never deleted.
DUPLICATE_MARK = "|doublon-"


@dataclass(frozen=True)
class MemberDraft:
    """Everything a person's form holds, already read into typed values."""

    last_name: str
    first_name: str
    entry_date: date
    birth_date: date | None = None
    gender: str = codes.UNKNOWN
    email: str = ""
    phone: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""
    qpv: str = codes.UNKNOWN
    single_parent: str = codes.UNKNOWN
    international_protection: str = codes.UNKNOWN
    rqth: str = codes.UNKNOWN
    education: str = codes.UNKNOWN
    ft_registered_at_entry: str = codes.UNKNOWN
    ft_registered_since: date | None = None
    ft_registered_during: bool = False
    partner_id: int | None = None
    planned_duration: str = codes.UNKNOWN
    exit_date: date | None = None
    exit_situation: str = ""
    notes: str = ""


# The French name of every field, for messages and reports.
FIELD_LABELS: Mapping[str, str] = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "entry_date": "Date d'entrée dans la KPA",
    "birth_date": "Date de naissance",
    "gender": "Genre",
    "email": "E-mail",
    "phone": "Téléphone",
    "address": "Adresse",
    "postal_code": "Code postal",
    "city": "Ville",
    "qpv": "Habite un quartier prioritaire (QPV)",
    "single_parent": "Parent isolé",
    "international_protection": "Protection internationale",
    "rqth": "RQTH",
    "education": "Niveau de formation",
    "ft_registered_at_entry": "Inscrit·e à France Travail à l'entrée",
    "ft_registered_since": "Inscrit·e à France Travail depuis le",
    "ft_registered_during": "Inscrit·e à France Travail pendant le parcours",
    "partner_id": "Partenaire qui a orienté la personne",
    "planned_duration": "Durée prévue du parcours",
    "exit_date": "Date de sortie",
    "exit_situation": "Situation à la sortie",
    "notes": "Notes",
}

_CODED_FIELDS: Mapping[str, Mapping[str, str]] = {
    "gender": codes.GENDERS,
    "qpv": codes.YES_NO_UNKNOWN,
    "single_parent": codes.YES_NO_UNKNOWN,
    "international_protection": codes.YES_NO_UNKNOWN,
    "rqth": codes.YES_NO_UNKNOWN,
    "education": codes.EDUCATION_LEVELS,
    "ft_registered_at_entry": codes.YES_NO_UNKNOWN,
    "planned_duration": codes.PLANNED_DURATIONS,
}

_DATE_FIELDS = ("entry_date", "birth_date", "ft_registered_since", "exit_date")


def read_member_form(values: Mapping[str, str], *, today: date) -> MemberDraft:
    """Turn the texts of a form (or of a spreadsheet row) into a draft, or refuse with every problem."""
    problems: list[Problem] = []
    dates: dict[str, date | None] = {}
    for name in _DATE_FIELDS:
        try:
            dates[name] = parse_date(values.get(name, ""), today=today)
        except DateError as error:
            problems.append(Problem(name, f"{FIELD_LABELS[name]} : {error.message}"))
            dates[name] = None
    partner_text = values.get("partner_id", "").strip()
    partner_id = int(partner_text) if partner_text.isdigit() else None
    during = values.get("ft_registered_during", "non").strip().lower()
    text = {
        f.name: values.get(f.name, "").strip()
        for f in fields(MemberDraft)
        if f.name not in _DATE_FIELDS and f.name not in ("partner_id", "ft_registered_during")
    }
    for name in _CODED_FIELDS:
        text[name] = text[name] or codes.UNKNOWN
    entry = dates["entry_date"]
    if entry is None and not any(p.field == "entry_date" for p in problems):
        problems.append(Problem("entry_date", "Indiquez la date d'entrée dans la KPA (JJ/MM/AAAA)."))
    if problems or entry is None:
        problems.extend(_missing_names(text))
        raise Refused(problems)
    draft = MemberDraft(
        last_name=text["last_name"],
        first_name=text["first_name"],
        entry_date=entry,
        birth_date=dates["birth_date"],
        gender=text["gender"],
        email=text["email"],
        phone=text["phone"],
        address=text["address"],
        postal_code=text["postal_code"],
        city=text["city"],
        qpv=text["qpv"],
        single_parent=text["single_parent"],
        international_protection=text["international_protection"],
        rqth=text["rqth"],
        education=text["education"],
        ft_registered_at_entry=text["ft_registered_at_entry"],
        ft_registered_since=dates["ft_registered_since"],
        ft_registered_during=during in ("oui", "o", "1", "true", "vrai", "x"),
        partner_id=partner_id,
        planned_duration=text["planned_duration"],
        exit_date=dates["exit_date"],
        exit_situation=text["exit_situation"],
        notes=values.get("notes", "").strip(),
    )
    check_member(draft, today=today)
    return draft


def _missing_names(text: Mapping[str, str]) -> list[Problem]:
    problems = []
    if not text.get("last_name"):
        problems.append(Problem("last_name", "Indiquez le nom de la personne."))
    if not text.get("first_name"):
        problems.append(Problem("first_name", "Indiquez le prénom de la personne."))
    return problems


def check_member(draft: MemberDraft, *, today: date) -> None:
    """Refuse a draft that cannot be true, naming every field to fix."""
    problems = _missing_names({"last_name": draft.last_name, "first_name": draft.first_name})
    for name, table in _CODED_FIELDS.items():
        value = getattr(draft, name)
        if value not in table:
            choices = ", ".join(table.values())
            problems.append(
                Problem(
                    name,
                    f"{FIELD_LABELS[name]} : « {value} » n'est pas un choix possible ({choices}).",
                )
            )
    if draft.exit_situation and draft.exit_situation not in codes.EXIT_SITUATIONS:
        problems.append(
            Problem(
                "exit_situation",
                f"La situation de sortie « {draft.exit_situation} » n'existe pas : choisissez-en une dans la liste.",
            )
        )
    if draft.birth_date is not None:
        if draft.birth_date > today:
            problems.append(Problem("birth_date", "La date de naissance est dans le futur : corrigez-la."))
        elif age_on(draft.birth_date, draft.entry_date) < MINIMUM_AGE:
            problems.append(
                Problem(
                    "birth_date",
                    f"La personne aurait moins de {MINIMUM_AGE} ans à son entrée : "
                    "vérifiez la date de naissance et la date d'entrée.",
                )
            )
    if draft.exit_date is not None and draft.exit_date < draft.entry_date:
        problems.append(
            Problem(
                "exit_date",
                "La date de sortie est avant la date d'entrée : corrigez l'une des deux.",
            )
        )
    if draft.exit_situation and draft.exit_date is None:
        problems.append(
            Problem(
                "exit_date",
                "Une situation de sortie est choisie : indiquez aussi la date de sortie.",
            )
        )
    if draft.ft_registered_since is not None:
        if draft.ft_registered_at_entry != "oui":
            problems.append(
                Problem(
                    "ft_registered_since",
                    "Une date d'inscription à France Travail est donnée : "
                    "répondez « Oui » à « inscrit·e à l'entrée », ou effacez la date.",
                )
            )
        elif draft.ft_registered_since > draft.entry_date:
            problems.append(
                Problem(
                    "ft_registered_since",
                    "L'inscription à France Travail doit dater d'avant l'entrée dans la KPA.",
                )
            )
    if draft.email and not _EMAIL.match(draft.email):
        problems.append(Problem("email", f"« {draft.email} » n'est pas une adresse e-mail : vérifiez-la."))
    if draft.phone and not _PHONE.match(draft.phone):
        problems.append(Problem("phone", f"« {draft.phone} » n'est pas un numéro de téléphone : vérifiez-le."))
    if draft.postal_code and not is_valid_postal_code(draft.postal_code):
        problems.append(
            Problem(
                "postal_code",
                f"« {draft.postal_code} » n'est pas un code postal français (5 chiffres).",
            )
        )
    if problems:
        raise Refused(problems)


def normalise_exit(draft: MemberDraft) -> MemberDraft:
    """A person who left without a known situation is recorded as « situation non connue »."""
    if draft.exit_date is not None and not draft.exit_situation:
        return replace(draft, exit_situation=codes.UNKNOWN)
    return draft
