"""A realistic demo KPA: people with varied profiles, contracts and paths, partners."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kpa_local.config import save_sections
from kpa_local.db.models import Activity, Consent, Partner, PathStep, Person, RoleSpell
from kpa_local.domain import codes
from kpa_local.domain.contracts import ContractTerms
from kpa_local.domain.dates import add_months
from kpa_local.domain.members import MemberDraft
from kpa_local.domain.text import fold
from kpa_local.files import write_atomically
from kpa_local.services.context import Context
from kpa_local.services.members import apply_draft, contract_row
from kpa_local.services.workspaces import create_workspace, open_workspace
from kpa_local.workspace import Workspace

FIRST_NAMES_F = (
    "Aïcha", "Fatima", "Nadia", "Sandrine", "Karima", "Julie", "Mélissa", "Samia", "Hélène", "Yasmina",
    "Chloé", "Inès", "Sabrina", "Nathalie", "Awa", "Leïla", "Céline", "Malika", "Sophie", "Naïma",
)  # fmt: skip
FIRST_NAMES_M = (
    "Mohamed", "Kévin", "Youssef", "Thomas", "Mamadou", "Karim", "Dylan", "Rachid", "Jordan", "Bilal",
    "Sébastien", "Ibrahim", "Nicolas", "Samir", "Ousmane", "Anthony", "Mehdi", "Jean-Pierre",
)  # fmt: skip
LAST_NAMES = (
    "Benali", "Dupont", "Diallo", "Lefebvre", "Haddad", "Martin", "Traoré", "Dubois", "Kaci", "Petit",
    "Mansouri", "Leroy", "Camara", "Vandenberghe", "Bouzid", "Delattre", "Nguyen", "Roussel", "Cissé",
    "Ouali", "Lemaire", "Kone", "Dhaussy", "Meziane", "Devos", "Sow", "Wattrelot", "Fofana",
)  # fmt: skip
STREETS = (
    "rue de l'Épeule", "boulevard de Fourmies", "rue Jean Moulin", "avenue des Nations Unies",
    "rue du Fontenoy", "rue de Lannoy", "place de la Fraternité", "rue Pierre de Roubaix",
)  # fmt: skip
# Postal codes of the Hauts-de-France neighbourhoods, and a few from elsewhere.
PLACES = (
    ("59100", "Roubaix"), ("59100", "Roubaix"), ("59100", "Roubaix"), ("59200", "Tourcoing"),
    ("59000", "Lille"), ("59150", "Wattrelos"), ("62300", "Lens"), ("59170", "Croix"),
    ("20090", "Ajaccio"), ("97400", "Saint-Denis"),
)  # fmt: skip
PARTNERS = (
    ("Mission locale de Roubaix", "mission_locale"),
    ("France Travail Roubaix Gare", "france_travail"),
    ("Centre social de l'Alma", "centre_social"),
    ("Association Tissons la Solidarité", "association"),
    ("Bailleur Vilogia", "bailleur"),
    ("Bouche-à-oreille", "bouche_a_oreille"),
)

ACTIVITIES = (
    ("Les Saveurs de Manau", "traiteur", "Buffets et plateaux-repas pour les associations et les entreprises.", True),
    ("Jardins de l'Alma", "jardinage", "Entretien des espaces verts des bailleurs et des particuliers.", True),
    ("Atelier retouches", "couture", "Retouches et petites créations sur commande.", True),
    ("Vélo'Cité", "reparation_velo", "Réparation de vélos au pied des immeubles.", True),
    ("Coup de pouce numérique", "numerique", "Aide aux démarches en ligne et aux premiers pas sur ordinateur.", True),
    ("Conciergerie de quartier", "conciergerie", "Petits services aux habitants (activité arrêtée en 2025).", False),
)

DEMO_KPA = {"name": "Coop Manau", "code": "roubaix-manau", "address": "12 rue de l'Alma",
            "postal_code": "59100", "city": "Roubaix", "email": "contact@coop-manau.example",
            "phone": "03 20 00 00 00", "contact": "Camille Martin"}  # fmt: skip
DEMO_PORTAGE = {"name": "CAE des Ateliers du Nord", "legal_form": "SCOP SA à capital variable",
                "address": "8 rue de la Coopération", "postal_code": "59000", "city": "Lille",
                "siren": "832145676", "siret": "83214567600017",
                "rcs": "RCS Lille Métropole 832 145 676", "vat_number": "FR32832145676"}  # fmt: skip


DEMO_ACCOUNTS = (
    ("camille", "Camille Martin", "coordination", "demo-coordination"),
    ("karim", "Karim Haddad", "contributeur", "demo-contributeur"),
    ("", "", "cooperant", "demo-cooperant"),  # the login is the member's first name
)


def build_demo(
    workspace: Workspace,
    *,
    people: int = 40,
    years: int = 2,
    seed: int = 2026,
    clock: Callable[[], date] = date.today,
    encrypted: bool = True,
) -> Context:
    """Create a demo workspace in a new folder and fill it; hand back the opened context.

    `encrypted=False` makes the database before the first account, so that it stays plain
    (to measure what encryption costs).
    """
    create_workspace(workspace, name=DEMO_KPA["name"], code=DEMO_KPA["code"])
    from kpa_local.services.demo_billing import DEMO_BILLING, fill_billing

    save_sections(workspace.config_file, {"kpa": DEMO_KPA, "portage": DEMO_PORTAGE, "billing": DEMO_BILLING})
    if not encrypted:
        open_workspace(workspace, clock=clock).close()
    recovery_key = _first_account(workspace)  # before the database: it is made encrypted
    context = open_workspace(workspace, clock=clock)
    fill_demo(context, people=people, years=years, seed=seed)
    fill_billing(context)
    from kpa_local.services.demo_work import fill_work

    fill_work(context, seed=seed)
    from kpa_local.services.demo_interviews import fill_interviews

    fill_interviews(context)
    fill_accounts(context, recovery_key)
    return context


def _first_account(workspace: Workspace) -> str | None:
    """The demo's coordination account, made first so that the database is encrypted from the start."""
    from kpa_local.domain.accounts import AccountForm
    from kpa_local.services.accounts import create_first_account

    login, name, role, password = DEMO_ACCOUNTS[0]
    return create_first_account(workspace, AccountForm(name, login, role, password, password)).recovery_key


def fill_accounts(context: Context, recovery_key: str | None) -> None:
    """One account of each role (the coopérant·e's linked to a member), and a note that shows them."""
    from kpa_local.domain.accounts import ACCOUNT_ROLES, AccountForm, normal_login
    from kpa_local.services.accounts import create_account

    cooperant = context.database.read(
        "SELECT p.id, p.first_name || ' ' || p.last_name, p.first_name FROM person p "
        "JOIN role_spell r ON r.person_id = p.id "
        "WHERE r.role = 'cooperant' AND p.exit_date IS NULL ORDER BY p.id LIMIT 1"
    )
    lines = ["Comptes de la démonstration (identifiant / mot de passe) :"]
    for login, name, role, password in DEMO_ACCOUNTS:
        if role == "cooperant":
            if not cooperant:
                continue
            person_id, name, first_name = cooperant[0]
            login = normal_login(first_name).replace(" ", "-")
            if login in {demo_login for demo_login, *_ in DEMO_ACCOUNTS}:
                login = f"{login}-{person_id}"  # a coopérant·e named like a demo account
        else:
            person_id = None
        if role != "coordination":  # the first account exists already
            create_account(context, AccountForm(name, login, role, password, password, person_id))
        lines.append(f"  {login} / {password}  ({ACCOUNT_ROLES[role].lower()})")
    if recovery_key:
        lines += ["", f"Clé de secours de la démonstration (kpa accounts recover IDENTIFIANT) : {recovery_key}"]
    write_atomically(context.workspace.demo_note, "\n".join(lines) + "\n")


def fill_demo(context: Context, *, people: int, years: int, seed: int) -> None:
    """Add partners and people whose paths spread over the last `years` years."""
    rng = random.Random(seed)
    today = context.today()
    first_day = add_months(today, -12 * years)
    now = datetime.now()
    with context.database.unit_of_work() as session:
        known = {partner.name: partner for partner in session.scalars(select(Partner))}
        partners = [known.get(name) or Partner(name=name, kind=kind) for name, kind in PARTNERS]
        session.add_all(partners)
        session.flush()
        span = (today - first_day).days
        recorded = set(session.scalars(select(Person.identity_key)))
        for index in range(people):
            entry = first_day + timedelta(days=int(span * (index + rng.random()) / people))
            person = _person(rng, entry, today, rng.choice(partners), now)
            while person.identity_key in recorded:  # a person is recorded once: draw another
                person = _person(rng, entry, today, rng.choice(partners), now)
            recorded.add(person.identity_key)
            session.add(person)
            if index % 500 == 499:
                session.flush()
        session.flush()
        _activities(session, rng, now)


def _activities(session: Session, rng: random.Random, now: datetime) -> None:
    """The KPA's activities, each led by someone still in the KPA (added once)."""
    if session.scalar(select(Activity.id).limit(1)) is not None:
        return
    present = list(session.scalars(select(Person.id).where(Person.exit_date.is_(None)).order_by(Person.id)))
    for name, category, description, active in ACTIVITIES:
        referent = rng.choice(present) if present else None
        session.add(Activity(name=name, category=category, description=description, referent_id=referent,
                             active=active, created_at=now))  # fmt: skip


def _person(rng: random.Random, entry: date, today: date, partner: Partner, now: datetime) -> Person:
    woman = rng.random() < 0.62
    first = rng.choice(FIRST_NAMES_F if woman else FIRST_NAMES_M)
    last = rng.choice(LAST_NAMES)
    age = rng.choice((17, 19, 22, 24, 27, 31, 35, 38, 42, 45, 48, 51, 53, 57, 61))
    birth = entry - timedelta(days=365 * age + rng.randint(0, 360))
    postal_code, city = rng.choice(PLACES)
    registered = rng.choice(("oui", "oui", "non", codes.UNKNOWN))
    since = entry - timedelta(days=rng.choice((60, 200, 300, 500, 900, 2000))) if registered == "oui" else None
    exit_date = None
    situation = ""
    if rng.random() < 0.35:
        candidate = entry + timedelta(days=rng.randint(90, 700))
        if candidate < today:
            exit_date = candidate
            situation = rng.choice(tuple(codes.EXIT_SITUATIONS))
    draft = MemberDraft(
        last_name=last,
        first_name=first,
        entry_date=entry,
        birth_date=birth,
        gender="femme" if woman else rng.choice(("homme", "homme", "homme", "autre")),
        email=f"{_ascii(first)}.{_ascii(last)}@exemple.fr" if rng.random() < 0.7 else "",
        phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
        postal_code=postal_code,
        city=city,
        qpv=rng.choice(("oui", "oui", "oui", "non", codes.UNKNOWN)),
        single_parent=rng.choice(("oui", "non", "non", codes.UNKNOWN)) if woman else "non",
        international_protection=rng.choice(("non", "non", "non", "oui", codes.UNKNOWN)),
        rqth=rng.choice(("non", "non", "non", "oui")),
        education=rng.choice(tuple(codes.EDUCATION_LEVELS)),
        ft_registered_at_entry=registered,
        ft_registered_since=since,
        ft_registered_during=rng.random() < 0.3,
        partner_id=partner.id,
        planned_duration=rng.choice(("<1y", "1y", "1-2y", "2y", "2y", ">2y", codes.UNKNOWN)),
        exit_date=exit_date,
        exit_situation=situation,
    )
    person = Person(created_at=now)
    apply_draft(person, draft, now)
    _path(rng, person, entry, exit_date, today)
    return person


def _path(rng: random.Random, person: Person, entry: date, exit_date: date | None, today: date) -> None:
    """Roles, contracts, steps and consents that tell a plausible story."""
    end = exit_date or today
    volunteer_first = rng.random() < 0.3
    cooperant_from = entry
    if volunteer_first:
        cooperant_from = min(entry + timedelta(days=rng.randint(30, 120)), end)
        person.roles.append(RoleSpell(role="benevole", start_date=entry, end_date=cooperant_from))
        person.contracts.append(contract_row(ContractTerms("benevole", entry, end=cooperant_from)))
    stays_volunteer = rng.random() < 0.12
    role = "benevole" if stays_volunteer else "cooperant"
    if not (volunteer_first and stays_volunteer):
        start = cooperant_from + timedelta(days=1) if volunteer_first else cooperant_from
        person.roles.append(RoleSpell(role=role, start_date=min(start, end), end_date=exit_date))
        if role == "cooperant":
            terms = ContractTerms("cape", min(start, end), cape_terms=rng.choice((1, 2, 2, 3)))
            person.contracts.append(contract_row(terms, left_on=exit_date))
    if rng.random() < 0.1:
        person.roles.append(
            RoleSpell(role="contributeur", start_date=min(entry + timedelta(days=300), end), end_date=exit_date)
        )
    elif rng.random() < 0.1:
        person.roles.append(
            RoleSpell(role="ambassadeur", start_date=min(entry + timedelta(days=200), end), end_date=exit_date)
        )
    step_day = entry
    for step in codes.PATH_STEPS:
        if step_day > end:
            break
        person.steps.append(PathStep(step=step, start_date=step_day))
        step_day += timedelta(days=rng.randint(40, 200))
    person.consents.append(Consent(kind="donnees", given_on=entry))
    if rng.random() < 0.7:
        person.consents.append(Consent(kind="image", given_on=entry))


def _ascii(text: str) -> str:
    return fold(text).replace(" ", "-")
