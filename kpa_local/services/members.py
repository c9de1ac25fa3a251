"""Members and their paths: create, edit, list, roles, contracts, steps and consents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from kpa_local.db.french_order import french
from kpa_local.db.models import Consent, Contract, Partner, PathStep, Person, RoleSpell
from kpa_local.domain import codes
from kpa_local.domain.contracts import ContractTerms, check_contract
from kpa_local.domain.errors import NotFound, Problem, Refused
from kpa_local.domain.members import ANONYMOUS, DUPLICATE_MARK, MemberDraft, check_member, normalise_exit
from kpa_local.domain.profile import age_band, departement, ft_duration_band
from kpa_local.domain.roles import RoleSpan, check_role
from kpa_local.domain.text import fold
from kpa_local.services.access import Permission, require, require_person
from kpa_local.services.context import Context
from kpa_local.services.rows import get_or_refuse
from kpa_local.services.views import (
    ConsentView,
    ContractView,
    MemberDetail,
    MemberQuery,
    MemberRow,
    MembersPage,
    PartnerView,
    RoleView,
    StepView,
)


def identity_key(last_name: str, first_name: str, birth_date: date | None) -> str:
    """What identifies a person again on import: folded names and birth date."""
    return f"{fold(last_name)}|{fold(first_name)}|{birth_date.isoformat() if birth_date else ''}"


def _search_text(draft: MemberDraft) -> str:
    digits = "".join(c for c in draft.phone if c.isdigit())
    return fold(f"{draft.last_name} {draft.first_name} {draft.email} {digits} {draft.city}")


def apply_draft(person: Person, draft: MemberDraft, now: datetime) -> None:
    """Copy a draft onto a person, with the search text and identity key that go with it."""
    for item in fields(MemberDraft):
        setattr(person, item.name, getattr(draft, item.name))
    person.search_text = _search_text(draft)
    key = identity_key(draft.last_name, draft.first_name, draft.birth_date)
    # A record marked as a duplicate keeps its mark while it still names the same identity.
    if not (person.identity_key or "").startswith(key + DUPLICATE_MARK):
        person.identity_key = key
    person.updated_at = now


def _refuse_same_identity(session: Session, draft: MemberDraft, person: Person | None) -> None:
    """Refuse to record a second time a person already recorded (same names and birth date).

    A record marked as a duplicate of that person (before identities were unique) may still be edited.
    """
    key = identity_key(draft.last_name, draft.first_name, draft.birth_date)
    if person is not None and person.identity_key.startswith(key + DUPLICATE_MARK):
        return
    same = select(Person.id).where(Person.identity_key == key, Person.id != (person.id if person else 0))
    other = session.scalar(same)
    if other is None:
        return
    born = "née ou né le même jour" if draft.birth_date else "sans date de naissance non plus"
    raise Refused(
        [
            Problem(
                "last_name",
                f"Une personne de ce nom, {born}, est déjà enregistrée (fiche n° {other}) : ouvrez sa fiche "
                "plutôt que d'en créer une autre. Si c'est une autre personne, indiquez sa date de naissance.",
            )
        ]
    )


def _check_partner(session: Session, partner_id: int | None) -> None:
    if partner_id is not None and session.get(Partner, partner_id) is None:
        raise Refused([Problem("partner_id", "Ce partenaire n'existe plus : choisissez-en un autre.")])


def create_member(context: Context, draft: MemberDraft, *, initial_role: str | None = "cooperant") -> MemberDetail:
    """Record a new person, with the role they start with at their entry date."""
    require(context, Permission.EDIT_MEMBERS)
    draft = normalise_exit(draft)
    check_member(draft, today=context.today())
    now = datetime.now()
    with context.database.unit_of_work(immediate=True) as session:
        _check_partner(session, draft.partner_id)
        _refuse_same_identity(session, draft, None)
        person = Person(created_at=now)
        apply_draft(person, draft, now)
        if initial_role:
            problems = check_role(RoleSpan(initial_role, draft.entry_date, draft.exit_date), [])
            if problems:
                raise Refused(problems)
            person.roles.append(RoleSpell(role=initial_role, start_date=draft.entry_date, end_date=draft.exit_date))
        session.add(person)
        session.flush()
        return _detail(session, person.id)


def update_member(context: Context, person_id: int, draft: MemberDraft) -> MemberDetail:
    """Save the edited identity, profile and path of a person."""
    require(context, Permission.EDIT_MEMBERS)
    draft = normalise_exit(draft)
    check_member(draft, today=context.today())
    with context.database.unit_of_work(immediate=True) as session:
        person = _person(session, person_id)
        _check_partner(session, draft.partner_id)
        _refuse_same_identity(session, draft, person)
        apply_draft(person, draft, datetime.now())
        if draft.exit_date is not None:
            for spell in person.roles:
                if spell.end_date is None or spell.end_date > draft.exit_date:
                    spell.end_date = max(draft.exit_date, spell.start_date)
        session.flush()
        return _detail(session, person.id)


def get_member(context: Context, person_id: int) -> MemberDetail:
    """Everything known of one person."""
    require_person(context, person_id)
    with context.database.unit_of_work() as session:
        return _detail(session, person_id)


def _person(session: Session, person_id: int) -> Person:
    person = get_or_refuse(session, Person, person_id, "Cette personne n'existe plus : revenez à la liste des membres.")
    return person


def _date_text(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _form_values(person: Person) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in fields(MemberDraft):
        value = getattr(person, item.name)
        if isinstance(value, bool):
            values[item.name] = "oui" if value else "non"
        elif isinstance(value, date):
            values[item.name] = _date_text(value)
        elif value is None:
            values[item.name] = ""
        else:
            values[item.name] = str(value)
    return values


def _detail(session: Session, person_id: int) -> MemberDetail:
    person = session.scalar(
        select(Person)
        .where(Person.id == person_id)
        .options(
            selectinload(Person.roles),
            selectinload(Person.contracts),
            selectinload(Person.steps),
            selectinload(Person.consents),
            selectinload(Person.partner),
        )
    )
    if person is None:
        raise NotFound("Cette personne n'existe plus : revenez à la liste des membres.")
    partner = person.partner
    return MemberDetail(
        id=person.id,
        form=_form_values(person),
        last_name=person.last_name,
        first_name=person.first_name,
        entry_date=person.entry_date,
        exit_date=person.exit_date,
        age_band=age_band(person.birth_date, person.entry_date),
        departement=departement(person.postal_code),
        ft_duration_band=ft_duration_band(person.ft_registered_at_entry, person.ft_registered_since, person.entry_date),
        mission_locale=partner is not None and partner.kind == "mission_locale",
        partner_name=partner.name if partner else None,
        roles=tuple(RoleView(r.id, r.role, r.start_date, r.end_date) for r in person.roles),
        contracts=tuple(_contract_view(c) for c in person.contracts),
        steps=tuple(StepView(s.id, s.step, s.start_date) for s in person.steps),
        consents=tuple(ConsentView(c.id, c.kind, c.given_on, c.withdrawn_on) for c in person.consents),
        anonymised=person.identity_key.startswith(ANONYMOUS),
    )


def _terms(contract: Contract) -> ContractTerms:
    return ContractTerms(
        kind=contract.kind,
        start=contract.start_date,
        cape_terms=contract.cape_terms,
        end=contract.end_date,
        ended_early=contract.ended_early,
    )


def contract_row(terms: ContractTerms, *, left_on: date | None = None) -> Contract:
    """A contract record; a person who left before its planned end ended it early."""
    planned_end = terms.planned_end()
    early = terms.ended_early
    if early is None and left_on is not None and (planned_end is None or left_on < planned_end):
        early = left_on
    return Contract(
        kind=terms.kind,
        start_date=terms.start,
        cape_terms=terms.cape_terms if terms.kind == "cape" else 1,
        end_date=planned_end,
        ended_early=early,
    )


def _contract_view(contract: Contract) -> ContractView:
    return ContractView(
        id=contract.id,
        kind=contract.kind,
        start_date=contract.start_date,
        cape_terms=contract.cape_terms,
        planned_end=contract.end_date,
        ended_early=contract.ended_early,
    )


# --- the list -----------------------------------------------------------------------------


def _current_role(today: date) -> ColumnElement[str]:
    return (
        select(RoleSpell.role)
        .where(
            RoleSpell.person_id == Person.id,
            RoleSpell.start_date <= today,
            or_(RoleSpell.end_date.is_(None), RoleSpell.end_date >= today),
        )
        .order_by(RoleSpell.start_date.desc(), RoleSpell.id.desc())
        .limit(1)
        .scalar_subquery()
    )


_LAST_DAY = func.coalesce(Contract.ended_early, Contract.end_date)


def _running_contract(today: date, column: Any) -> ColumnElement[Any]:
    return (
        select(column)
        .where(
            Contract.person_id == Person.id,
            Contract.start_date <= today,
            or_(_LAST_DAY.is_(None), today <= _LAST_DAY),
        )
        .order_by(Contract.start_date.desc(), Contract.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _filtered(query: MemberQuery, today: date, alert_days: int) -> Select[Any]:
    statement = select(Person.id)
    for token in fold(query.search).split():
        escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(Person.search_text.like(f"%{escaped}%", escape="\\"))
    if query.status == "present":
        statement = statement.where(or_(Person.exit_date.is_(None), Person.exit_date >= today))
    elif query.status == "left":
        statement = statement.where(Person.exit_date < today)
    if query.role:
        statement = statement.where(_current_role(today) == query.role)
    if query.ending_soon:
        soon = today + timedelta(days=alert_days)
        statement = statement.where(
            select(Contract.id).where(Contract.person_id == Person.id, today <= _LAST_DAY, soon >= _LAST_DAY).exists()
        )
    return statement


def list_members(context: Context, query: MemberQuery) -> MembersPage:
    """A window of the members list, filtered, searched and sorted in the database."""
    require(context, Permission.READ_MEMBERS)
    today = context.today()
    alert_days = context.settings.members.contract_alert_days
    ids = _filtered(query, today, alert_days).subquery()
    role = _current_role(today).label("role")
    kind = _running_contract(today, Contract.kind).label("kind")
    last_day = _running_contract(today, _LAST_DAY).label("last_day")
    orders: dict[str, Sequence[ColumnElement[Any]]] = {
        "name": (french(Person.last_name), french(Person.first_name)),
        "entry": (Person.entry_date.desc(), french(Person.last_name)),
        "exit": (Person.exit_date.desc(), french(Person.last_name)),
        "contract_end": (last_day.is_(None), last_day, french(Person.last_name)),
    }
    statement = (
        select(
            Person.id,
            Person.last_name,
            Person.first_name,
            role,
            Person.entry_date,
            Person.exit_date,
            kind,
            last_day,
        )
        .where(Person.id.in_(select(ids.c.id)))
        .order_by(*orders.get(query.sort, orders["name"]), Person.id)
        .offset(query.offset)
        .limit(query.limit)
    )
    with context.database.unit_of_work() as session:
        total = session.scalar(select(func.count()).select_from(ids)) or 0
        rows = tuple(
            MemberRow(
                id=row.id,
                last_name=row.last_name,
                first_name=row.first_name,
                current_role=row.role,
                entry_date=row.entry_date,
                exit_date=row.exit_date,
                contract_kind=row.kind,
                contract_end=_as_date(row.last_day),
            )
            for row in session.execute(statement)
        )
    return MembersPage(rows=rows, total=total, offset=query.offset)


def _as_date(value: object) -> date | None:
    """COALESCE of two dates comes back from SQLite as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# --- roles, contracts, steps, consents ---------------------------------------------------------


def add_role(context: Context, person_id: int, span: RoleSpan) -> MemberDetail:
    """Record a role the person holds from a day (and until a day, if known)."""
    require(context, Permission.EDIT_MEMBERS)
    with context.database.unit_of_work() as session:
        person = _person(session, person_id)
        others = [RoleSpan(r.role, r.start_date, r.end_date) for r in person.roles]
        problems = check_role(span, others)
        if span.start < person.entry_date:
            problems.append(Problem("start", "Le rôle commence avant l'entrée dans la KPA : corrigez la date."))
        if problems:
            raise Refused(problems)
        person.roles.append(RoleSpell(role=span.role, start_date=span.start, end_date=span.end))
        session.flush()
        return _detail(session, person_id)


def end_role(context: Context, role_id: int, end: date) -> MemberDetail:
    """Close a role on a given day."""
    require(context, Permission.EDIT_MEMBERS)
    with context.database.unit_of_work() as session:
        spell = get_or_refuse(session, RoleSpell, role_id, "Ce rôle n'existe plus.")
        if end < spell.start_date:
            raise Refused([Problem("end", "La fin du rôle est avant son début : corrigez la date.")])
        spell.end_date = end
        session.flush()
        return _detail(session, spell.person_id)


def add_contract(context: Context, person_id: int, terms: ContractTerms) -> MemberDetail:
    """Record a contract, refusing overlaps and a CAPE past its cap."""
    require(context, Permission.EDIT_MEMBERS)
    with context.database.unit_of_work() as session:
        person = _person(session, person_id)
        problems = check_contract(
            terms,
            [_terms(c) for c in person.contracts],
            cape_cap_months=context.settings.members.cape_max_months,
        )
        if problems:
            raise Refused(problems)
        person.contracts.append(contract_row(terms))
        session.flush()
        return _detail(session, person_id)


def end_contract_early(context: Context, contract_id: int, day: date) -> MemberDetail:
    """Record that a contract stopped before its planned end."""
    require(context, Permission.EDIT_MEMBERS)
    with context.database.unit_of_work() as session:
        contract = get_or_refuse(session, Contract, contract_id, "Ce contrat n'existe plus.")
        if day < contract.start_date:
            raise Refused([Problem("ended_early", "La fin est avant le début du contrat : corrigez la date.")])
        contract.ended_early = day
        session.flush()
        return _detail(session, contract.person_id)


def set_step(context: Context, person_id: int, step: str, start: date) -> MemberDetail:
    """Record (or move) the day a step of the path began."""
    require(context, Permission.EDIT_MEMBERS)
    if step not in codes.PATH_STEPS:
        raise Refused([Problem("step", f"L'étape « {step} » n'existe pas : choisissez-en une dans la liste.")])
    with context.database.unit_of_work() as session:
        person = _person(session, person_id)
        if start < person.entry_date:
            raise Refused([Problem("start", "L'étape commence avant l'entrée dans la KPA : corrigez la date.")])
        existing = next((s for s in person.steps if s.step == step), None)
        if existing:
            existing.start_date = start
        else:
            person.steps.append(PathStep(step=step, start_date=start))
        session.flush()
        return _detail(session, person_id)


def set_consent(
    context: Context, person_id: int, kind: str, given_on: date, withdrawn_on: date | None = None
) -> MemberDetail:
    """Record a consent given on a day, and its withdrawal if any."""
    require(context, Permission.EDIT_MEMBERS)
    if kind not in codes.CONSENT_KINDS:
        raise Refused([Problem("kind", f"Le consentement « {kind} » n'existe pas.")])
    if withdrawn_on is not None and withdrawn_on < given_on:
        raise Refused([Problem("withdrawn_on", "Le retrait est avant l'accord : corrigez la date.")])
    with context.database.unit_of_work() as session:
        person = _person(session, person_id)
        existing = next((c for c in person.consents if c.kind == kind), None)
        if existing:
            existing.given_on, existing.withdrawn_on = given_on, withdrawn_on
        else:
            person.consents.append(Consent(kind=kind, given_on=given_on, withdrawn_on=withdrawn_on))
        session.flush()
        return _detail(session, person_id)


# --- partners ----------------------------------------------------------------------------------


def list_partners(context: Context) -> tuple[PartnerView, ...]:
    """Every partner, by name."""
    require(context, Permission.READ_MEMBERS)
    with context.database.unit_of_work() as session:
        return tuple(
            PartnerView(p.id, p.name, p.kind) for p in session.scalars(select(Partner).order_by(french(Partner.name)))
        )


def add_partner(context: Context, name: str, kind: str) -> PartnerView:
    """Record a partner, or hand back the one that already has that name."""
    require(context, Permission.EDIT_MEMBERS)
    name = " ".join(name.split())
    if not name:
        raise Refused([Problem("name", "Indiquez le nom du partenaire.")])
    if kind not in codes.PARTNER_KINDS:
        raise Refused([Problem("kind", f"Le type de partenaire « {kind} » n'existe pas.")])
    with context.database.unit_of_work() as session:
        return _partner_by_name(session, name, kind)


def _partner_by_name(session: Session, name: str, kind: str) -> PartnerView:
    existing = session.scalar(select(Partner).where(func.lower(Partner.name) == name.lower()))
    if existing is None:
        existing = Partner(name=name, kind=kind)
        session.add(existing)
        session.flush()
    return PartnerView(existing.id, existing.name, existing.kind)
